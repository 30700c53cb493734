using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;
using EventCatalog.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EventCatalog.Generator;

/// <summary>
/// Reports the catalog diagnostics (EVC001–EVC019, the compatibility lock's included) and smells (EVC200–EVC202) with the generator's own parser. An analyzer's
/// additional-file diagnostics reach editors live; a generator's do not (SPEC §5).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CatalogAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            // A path listed twice (auto-include plus an explicit item) is one catalog, reported once.
            AdditionalText[] catalogs = start.Options.AdditionalFiles.Where(f => CatalogFiles.IsCatalog(f.Path)).GroupBy(f => f.Path, StringComparer.Ordinal).Select(g => g.First()).ToArray();
            var reported = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
            if (catalogs.Length == 0 && !start.Options.AdditionalFiles.Any(f => CatalogFiles.IsOtherYaml(f.Path)))
            {
                return;
            }

            string rootNamespace = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions
                .TryGetValue(CompilationFacts.RootNamespaceProperty, out string? ns) ? ns : string.Empty;
            var languageVersion = (start.Compilation as CSharpCompilation)?.LanguageVersion;
            var set = new Lazy<CatalogReport>(() => CatalogReport.Create(catalogs, rootNamespace, start.CancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
            AdditionalText[] lockFiles = start.Options.AdditionalFiles.Where(f => f.Path.EndsWith(Locking.LockFiles.Suffix, StringComparison.OrdinalIgnoreCase)).ToArray();
            var locks = new Lazy<Locking.LockReport>(() => Locking.LockReport.Create(catalogs, lockFiles, set.Value.Result, start.CancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);

            start.RegisterAdditionalFileAction(file =>
            {
                if (!reported.TryAdd(file.AdditionalFile.Path, true))
                {
                    return;
                }

                if (file.AdditionalFile.Path.EndsWith(Locking.LockFiles.Suffix, StringComparison.OrdinalIgnoreCase))
                {
                    // EVC019 at a lock that cannot be used; a lock of no catalog here is left alone.
                    foreach (Diagnostic unreadable in locks.Value.LockDiagnostics(file.AdditionalFile.Path))
                    {
                        file.ReportDiagnostic(unreadable);
                    }

                    return;
                }

                if (!CatalogFiles.IsCatalog(file.AdditionalFile.Path))
                {
                    // EVC011 comes from the generator in command-line builds (see CatalogGenerator).
                    if (!IsCommandLineBuild(file.AdditionalFile)
                        && NotPickedUpCached(file.AdditionalFile, file.CancellationToken) is { } notPickedUp)
                    {
                        file.ReportDiagnostic(notPickedUp.ToDiagnostic());
                    }

                    return;
                }

                // In the command-line compiler the generator reports the catalog errors itself (they
                // must survive C# errors, which make the compiler drop analyzer diagnostics); reporting
                // them here too would show each twice. Editors get them from here only.
                bool errorsFromGenerator = IsCommandLineBuild(file.AdditionalFile);
                if (!errorsFromGenerator && languageVersion is { } version && version < LanguageVersion.CSharp9)
                {
                    file.ReportDiagnostic(DiagnosticInfo.Create(
                        DiagnosticDescriptors.LanguageVersionTooLow,
                        LocationInfo.FileStart(file.AdditionalFile.Path),
                        version.ToDisplayString()).ToDiagnostic());
                }

                foreach (DiagnosticInfo diagnostic in set.Value.For(file.AdditionalFile.Path))
                {
                    if (!(errorsFromGenerator && diagnostic.IsReportedByGenerator))
                    {
                        file.ReportDiagnostic(diagnostic.ToDiagnostic());
                    }
                }

                // The lock (EVC017, EVC018) of a catalog without errors, from here alone (see DiagnosticDescriptors.BreakingChange).
                foreach (Diagnostic change in locks.Value.CatalogDiagnostics(file.AdditionalFile.Path))
                {
                    file.ReportDiagnostic(change);
                }

                // EVC016 needs the generated records, which editors' compilations hold; csc gets it from the generator.
                if (!errorsFromGenerator)
                {
                    foreach (Diagnostic missing in MissingUpcasts(start.Compilation, set.Value.UpcastsOf(file.AdditionalFile.Path), file.CancellationToken))
                    {
                        file.ReportDiagnostic(missing);
                    }
                }

                // The smells (EVC2xx, Info by default) of a catalog without errors: its errors come first.
                foreach (DiagnosticInfo smell in Lint.CatalogLint.Lint(file.AdditionalFile.Path, file.AdditionalFile.GetText(file.CancellationToken), file.CancellationToken))
                {
                    file.ReportDiagnostic(smell.ToDiagnostic());
                }
            });
        });
    }

    /// <summary>
    /// EVC016 for each upcast of <paramref name="steps"/> whose generated declaration is in <paramref name="compilation"/>
    /// without an implementation, with that declaration as the additional location. Where the records are not there
    /// (a blocked catalog, C# below 9, a host without the generator) there is nothing to implement and nothing is reported.
    /// </summary>
    internal static IEnumerable<Diagnostic> MissingUpcasts(Compilation compilation, EquatableArray<Versions.UpcastStep> steps, CancellationToken cancellationToken)
    {
        foreach (Versions.UpcastStep step in steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            INamedTypeSymbol? record = compilation.GetBestTypeByMetadataName(step.RecordMetadataName);
            INamedTypeSymbol? previous = compilation.GetBestTypeByMetadataName(step.PreviousMetadataName);
            if (record is null || previous is null)
            {
                continue;
            }

            IMethodSymbol? declaration = record.GetMembers(EventCatalog.Contract.CatalogContract.RecordUpcast)
                .OfType<IMethodSymbol>()
                .FirstOrDefault(m => m.IsPartialDefinition && m.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, previous));
            if (declaration is null || (declaration.PartialImplementationPart is { } body && !Versions.Upcasts.IsPlaceholder(body)))
            {
                continue;
            }

            yield return Versions.Upcasts.ToDiagnostic(step, declaration.Locations.FirstOrDefault(l => l.IsInSource));
        }
    }

    /// <summary>
    /// True in csc (dotnet build), whose additional files are its own <c>AdditionalTextFile</c>; false in
    /// editors and hosts that supply their own <see cref="AdditionalText"/>.
    /// </summary>
    internal static bool IsCommandLineBuild(AdditionalText file) =>
        file.GetType().FullName == "Microsoft.CodeAnalysis.AdditionalTextFile";

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Microsoft.CodeAnalysis.Text.SourceText, CachedParse> s_parsed = new();

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Microsoft.CodeAnalysis.Text.SourceText, CachedSniff> s_sniffed = new();

    private sealed record CachedSniff(string Path, DiagnosticInfo? Result);

    /// <summary>
    /// EVC011 for a non-catalog YAML file, looked at once per text: editors make a compilation per keystroke, but
    /// a YAML file's text object stays the same until that file changes (as <see cref="CatalogReport"/> does for catalogs).
    /// </summary>
    private static DiagnosticInfo? NotPickedUpCached(AdditionalText file, CancellationToken cancellationToken)
    {
        Microsoft.CodeAnalysis.Text.SourceText? text = file.GetText(cancellationToken);
        if (text is null)
        {
            return null;
        }

        if (s_sniffed.TryGetValue(text, out CachedSniff? cached) && cached.Path == file.Path)
        {
            return cached.Result;
        }

        DiagnosticInfo? result = CatalogFiles.CheckNotPickedUp(file.Path, text);
        s_sniffed.Remove(text);
        try
        {
            s_sniffed.Add(text, new CachedSniff(file.Path, result));
        }
        catch (ArgumentException)
        {
            // Another analysis cached this text meanwhile; either entry is right.
        }

        return result;
    }

    private sealed record CachedParse(string Path, string RootNamespace, CatalogParseResult Result);

    private sealed class CatalogReport
    {
        private readonly Dictionary<string, List<DiagnosticInfo>> _byPath;
        private readonly Dictionary<string, CatalogParseResult> _results;
        private readonly Dictionary<string, EquatableArray<Versions.UpcastStep>> _upcasts;

        private CatalogReport(Dictionary<string, List<DiagnosticInfo>> byPath, Dictionary<string, CatalogParseResult> results, Dictionary<string, EquatableArray<Versions.UpcastStep>> upcasts)
        {
            _byPath = byPath;
            _results = results;
            _upcasts = upcasts;
        }

        public static CatalogReport Create(AdditionalText[] catalogs, string rootNamespace, CancellationToken cancellationToken)
        {
            var results = catalogs
                .Select(c => ParseCached(c, rootNamespace, cancellationToken))
                .ToList();
            var byPath = new Dictionary<string, List<DiagnosticInfo>>(StringComparer.Ordinal);
            var byResult = new Dictionary<string, CatalogParseResult>(StringComparer.Ordinal);
            foreach (CatalogParseResult result in results)
            {
                byPath[result.FilePath] = result.Diagnostics.ToList();
                byResult[result.FilePath] = result;
            }

            IEnumerable<DiagnosticInfo> collisions = CatalogSet.FindCollisions(
                results.Where(r => r.Spec is not null).Select(r => (r.FilePath, (IEnumerable<DeclaredType>)r.Types)));
            var upcasts = new Dictionary<string, EquatableArray<Versions.UpcastStep>>(StringComparer.Ordinal);
            foreach (CatalogParseResult result in results)
            {
                upcasts[result.FilePath] = result.Upcasts;
            }

            foreach (DiagnosticInfo collision in collisions)
            {
                byPath[collision.Location.FilePath].Add(collision);

                // A catalog in a collision generates nothing (see CatalogGenerator): no upcast to ask for.
                upcasts[collision.Location.FilePath] = EquatableArray<Versions.UpcastStep>.Empty;
            }

            return new CatalogReport(byPath, byResult, upcasts);
        }

        /// <summary>
        /// Every keystroke makes a new compilation, but a catalog's text object stays the same until the
        /// catalog itself changes: parse each text once, not once per compilation.
        /// </summary>
        private static CatalogParseResult ParseCached(AdditionalText catalog, string rootNamespace, CancellationToken cancellationToken)
        {
            Microsoft.CodeAnalysis.Text.SourceText? text = catalog.GetText(cancellationToken);
            if (text is null)
            {
                return CatalogParser.Parse(catalog.Path, null, rootNamespace, cancellationToken);
            }

            if (s_parsed.TryGetValue(text, out CachedParse? cached) && cached.Path == catalog.Path && cached.RootNamespace == rootNamespace)
            {
                return cached.Result;
            }

            CatalogParseResult result = CatalogParser.Parse(catalog.Path, text, rootNamespace, cancellationToken);
            s_parsed.Remove(text);
            try
            {
                s_parsed.Add(text, new CachedParse(catalog.Path, rootNamespace, result));
            }
            catch (ArgumentException)
            {
                // Another analysis cached this text meanwhile; either entry is right.
            }

            return result;
        }

        /// <summary>The catalog's checked spec when neither it nor the set (collisions) has an error; null otherwise.</summary>
        public CatalogSpec? Result(string path) =>
            _results.TryGetValue(path, out CatalogParseResult? result) && result.Spec is { } spec && !For(path).Any(d => d.IsError) ? spec : null;

        /// <summary>The upcast steps the catalog's versioned events need (EVC016); none when the catalog generates nothing.</summary>
        public EquatableArray<Versions.UpcastStep> UpcastsOf(string path) =>
            _upcasts.TryGetValue(path, out EquatableArray<Versions.UpcastStep> steps) ? steps : EquatableArray<Versions.UpcastStep>.Empty;

        public IEnumerable<DiagnosticInfo> For(string path) =>
            _byPath.TryGetValue(path, out List<DiagnosticInfo>? list) ? list : Enumerable.Empty<DiagnosticInfo>();
    }
}
