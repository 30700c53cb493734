using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Generator.Locking;

/// <summary>
/// The lock diagnostics of one compilation's catalogs, for <see cref="CatalogAnalyzer"/>: EVC017/EVC018 per catalog,
/// EVC019 per lock file. EVC018 carries what its code fix writes (<see cref="PathProperty"/>, <see cref="TextProperty"/>),
/// so that the code fix needs none of this assembly.
/// </summary>
internal sealed class LockReport
{
    /// <summary>The diagnostic property holding the lock file's path (the code fix's target).</summary>
    public const string PathProperty = "EventCatalog.LockPath";

    /// <summary>The diagnostic property holding the lock's new text.</summary>
    public const string TextProperty = "EventCatalog.LockText";

    private static readonly ConditionalWeakTable<SourceText, CachedCheck> s_checked = new();

    private readonly Dictionary<string, ImmutableArray<Diagnostic>> _catalogs;
    private readonly Dictionary<string, ImmutableArray<Diagnostic>> _locks;

    private LockReport(Dictionary<string, ImmutableArray<Diagnostic>> catalogs, Dictionary<string, ImmutableArray<Diagnostic>> locks)
    {
        _catalogs = catalogs;
        _locks = locks;
    }

    /// <param name="catalogs">The compilation's catalogs, one per path.</param>
    /// <param name="lockFiles">The additional files named <c>*.lock.json</c>.</param>
    /// <param name="specOf">A catalog's spec when it and the set have no error, else null (a broken catalog's errors come first).</param>
    /// <param name="cancellationToken">Cancels the comparisons.</param>
    public static LockReport Create(IEnumerable<AdditionalText> catalogs, IReadOnlyList<AdditionalText> lockFiles, Func<string, CatalogSpec?> specOf, CancellationToken cancellationToken)
    {
        var byCatalog = new Dictionary<string, ImmutableArray<Diagnostic>>(StringComparer.Ordinal);
        var byLock = new Dictionary<string, ImmutableArray<Diagnostic>>(StringComparer.Ordinal);
        foreach (AdditionalText catalog in catalogs)
        {
            if (specOf(catalog.Path) is not { } spec || catalog.GetText(cancellationToken) is not { } text)
            {
                continue;
            }

            AdditionalText? lockFile = lockFiles.FirstOrDefault(l => LockFiles.IsLockOf(l.Path, catalog.Path));
            SourceText? lockText = lockFile?.GetText(cancellationToken);
            LockCheckResult result = CheckCached(catalog.Path, text, spec, lockFile?.Path ?? LockFiles.LockPathFor(catalog.Path), lockFile is not null, lockText, cancellationToken);
            byCatalog[catalog.Path] = result.CatalogDiagnostics.Select(d => ToDiagnostic(d, result)).ToImmutableArray();
            if (lockFile is not null)
            {
                byLock[lockFile.Path] = result.LockDiagnostics.Select(d => d.ToDiagnostic()).ToImmutableArray();
            }
        }

        return new LockReport(byCatalog, byLock);
    }

    public ImmutableArray<Diagnostic> CatalogDiagnostics(string catalogPath) =>
        _catalogs.TryGetValue(catalogPath, out ImmutableArray<Diagnostic> found) ? found : ImmutableArray<Diagnostic>.Empty;

    public ImmutableArray<Diagnostic> LockDiagnostics(string lockPath) =>
        _locks.TryGetValue(lockPath, out ImmutableArray<Diagnostic> found) ? found : ImmutableArray<Diagnostic>.Empty;

    private static Diagnostic ToDiagnostic(DiagnosticInfo info, LockCheckResult result)
    {
        if (info.Id != DiagnosticDescriptors.LockMissingOrBehind.Id || result.NewLockText is null)
        {
            return info.ToDiagnostic();
        }

        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
            .Add(PathProperty, result.LockPath)
            .Add(TextProperty, result.NewLockText);
        return Diagnostic.Create(DiagnosticDescriptors.ById(info.Id), info.Location.ToLocation(), properties, info.Arguments.Cast<object>().ToArray());
    }

    /// <summary>
    /// Editors make a compilation per keystroke, but a catalog's text object stays the same until the catalog changes:
    /// compare once per catalog text and lock text (the spec is the catalog text's, cached the same way).
    /// </summary>
    private static LockCheckResult CheckCached(string path, SourceText text, CatalogSpec spec, string lockPath, bool lockExists, SourceText? lockText, CancellationToken cancellationToken)
    {
        if (s_checked.TryGetValue(text, out CachedCheck? cached)
            && cached.Path == path && cached.LockPath == lockPath && cached.LockExists == lockExists && ReferenceEquals(cached.LockText, lockText) && cached.Spec.Equals(spec))
        {
            return cached.Result;
        }

        LockCheckResult result = LockCheck.Check(path, text, spec, lockPath, lockExists, lockText, cancellationToken);
        s_checked.Remove(text);
        try
        {
            s_checked.Add(text, new CachedCheck(path, spec, lockPath, lockExists, lockText, result));
        }
        catch (ArgumentException)
        {
            // Another analysis cached this text meanwhile; either entry is right.
        }

        return result;
    }

    private sealed class CachedCheck
    {
        public CachedCheck(string path, CatalogSpec spec, string lockPath, bool lockExists, SourceText? lockText, LockCheckResult result)
        {
            Path = path;
            Spec = spec;
            LockPath = lockPath;
            LockExists = lockExists;
            LockText = lockText;
            Result = result;
        }

        public string Path { get; }

        public CatalogSpec Spec { get; }

        public string LockPath { get; }

        public bool LockExists { get; }

        public SourceText? LockText { get; }

        public LockCheckResult Result { get; }
    }
}
