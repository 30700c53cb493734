using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Xml.Linq;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Locking;
using EventCatalog.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Tool.Catalogs;

/// <summary>One catalog file as the tool read it: its text and the generator's own parse of it.</summary>
/// <param name="Path">The path as given (or found); diagnostics name it so.</param>
/// <param name="Text">The file's text, or null when it could not be read.</param>
/// <param name="Result">What <see cref="CatalogParser.Parse"/> made of it.</param>
internal sealed record LoadedCatalog(string Path, SourceText? Text, CatalogParseResult Result);

/// <summary>
/// The catalogs of one run, parsed by the generator's <see cref="CatalogParser"/> and checked across each
/// other by its <see cref="Generator.Parsing.CatalogSet"/>, as the catalog analyzer does in a build: the same
/// diagnostics, from the same code.
/// </summary>
internal sealed class LoadedCatalogs
{
    /// <summary>Folders the package's props skip when it adds YAML files to a project (bin, obj, node_modules, dot-folders).</summary>
    private static readonly HashSet<string> s_skippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules" };

    private LoadedCatalogs(IReadOnlyList<LoadedCatalog> catalogs, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyDictionary<string, LockCheckResult> locks)
    {
        Catalogs = catalogs;
        Diagnostics = diagnostics;
        Locks = locks;
    }

    /// <summary>
    /// Each error-free catalog compared with its lock file beside it (by catalog path). Diagnostics holds the comparison's
    /// EVC017, EVC018 (lock behind) and EVC019 when the lock exists; a catalog with no lock is not reported (it has not shipped).
    /// </summary>
    public IReadOnlyDictionary<string, LockCheckResult> Locks { get; }

    /// <summary>The catalogs, in the order given (found ones sorted by path).</summary>
    public IReadOnlyList<LoadedCatalog> Catalogs { get; }

    /// <summary>Every EVC0xx diagnostic of the set, sorted by file, line and column as the compiler prints them.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>
    /// True when a lock exists but cannot be read (EVC019: a merge conflict, a truncated write, a newer format): breaking
    /// changes are then not checked against what shipped, so <c>check</c>, a CI gate, fails (exit code 1) although EVC019
    /// is a warning in a build.
    /// </summary>
    public bool HasUnreadableLock => Diagnostics.Any(d => d.Id == DiagnosticDescriptors.UnreadableLock.Id);

    /// <summary>
    /// Reads <paramref name="paths"/> as catalogs: a named file is read as a catalog whatever its name; a folder
    /// (the current one when none is given) gives every catalog under it, as the package's props pick them, plus
    /// EVC011 for YAML files shaped like a catalog but named otherwise.
    /// </summary>
    /// <param name="paths">Catalog files; empty to search the current folder.</param>
    /// <param name="rootNamespace">The project's RootNamespace, for catalogs without <c>namespace:</c>; null to take it from a .csproj beside each catalog.</param>
    /// <exception cref="ToolException">No catalog was given or found, or a named file does not exist.</exception>
    public static LoadedCatalogs Load(IReadOnlyList<string> paths, string? rootNamespace, CancellationToken cancellationToken)
    {
        var extra = new List<Diagnostic>();
        var files = new List<string>();
        foreach (string path in paths.Count > 0 ? paths : new[] { "." })
        {
            if (File.Exists(path))
            {
                files.Add(path);
                continue;
            }

            if (!Directory.Exists(path))
            {
                throw new ToolException($"{path}: the catalog file does not exist.");
            }

            // A folder is searched as a build searches its project folder; paths are printed as the folder was given.
            List<string> yaml = FindYaml(path).Select(f => path == "." ? System.IO.Path.GetRelativePath(".", f) : f).OrderBy(f => f, StringComparer.Ordinal).ToList();
            List<string> found = yaml.Where(CatalogFiles.IsCatalog).ToList();
            foreach (string other in yaml.Where(CatalogFiles.IsOtherYaml))
            {
                if (CatalogFiles.CheckNotPickedUp(other, Read(other)) is { } notPickedUp)
                {
                    extra.Add(notPickedUp.ToDiagnostic());
                }
            }

            if (found.Count == 0 && extra.Count == 0)
            {
                throw new ToolException($"No catalog (events.schema.yaml, *.events.yaml, *.asyncapi.yaml/.json) under {System.IO.Path.GetFullPath(path)}; name the catalog files to read.");
            }

            files.AddRange(found);
        }

        var catalogs = files
            .Select(path =>
            {
                SourceText? text = Read(path);
                return new LoadedCatalog(path, text, CatalogParser.Parse(path, text, rootNamespace ?? RootNamespaceBeside(path), cancellationToken));
            })
            .ToList();

        var diagnostics = catalogs.SelectMany(c => c.Result.Diagnostics).ToList();
        diagnostics.AddRange(Generator.Parsing.CatalogSet.FindCollisions(
            catalogs.Where(c => c.Result.Spec is not null).Select(c => (c.Path, (IEnumerable<DeclaredType>)c.Result.Types))));

        var locks = new Dictionary<string, LockCheckResult>(StringComparer.Ordinal);
        foreach (LoadedCatalog catalog in catalogs)
        {
            if (catalog.Result.Spec is not { } spec || catalog.Text is null || diagnostics.Any(d => d.IsError && d.Location.FilePath == catalog.Path))
            {
                continue;
            }

            string lockPath = LockFiles.LockPathFor(catalog.Path);
            bool exists = File.Exists(lockPath);
            LockCheckResult result = LockCheck.Check(catalog.Path, catalog.Text, spec, lockPath, exists, exists ? Read(lockPath) : null, cancellationToken);
            locks[catalog.Path] = result;
            if (exists)
            {
                diagnostics.AddRange(result.CatalogDiagnostics);
                diagnostics.AddRange(result.LockDiagnostics);
            }
        }

        IEnumerable<Diagnostic> all = diagnostics.Select(d => d.ToDiagnostic()).Concat(extra);
        return new LoadedCatalogs(catalogs, Sort(all).ToList(), locks);
    }

    /// <summary>In file, line and column order, as a reader expects them.</summary>
    public static IEnumerable<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics
            .OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.GetLineSpan().StartLinePosition.Line)
            .ThenBy(d => d.Location.GetLineSpan().StartLinePosition.Character)
            .ThenBy(d => d.Id, StringComparer.Ordinal);

    /// <summary>
    /// The text as csc reads an additional file: the encoding its byte order mark names, else UTF-8 with
    /// U+FFFD for bytes that are not UTF-8 (which the parser reports as EVC001 at the first of them, as in a
    /// build). Null when the file cannot be read.
    /// </summary>
    private static SourceText? Read(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            return SourceText.From(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false), throwIfBinaryDetected: false);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The RootNamespace the build would pass for a catalog: that of the one .csproj beside it (its
    /// <c>RootNamespace</c> property, else its file name, as the SDK does); empty when there is none.
    /// </summary>
    private static string RootNamespaceBeside(string catalogPath)
    {
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(catalogPath)) ?? ".";
        string[] projects = Directory.GetFiles(folder, "*.csproj");
        if (projects.Length != 1)
        {
            return string.Empty;
        }

        try
        {
            string? declared = XDocument.Load(projects[0]).Descendants().FirstOrDefault(e => e.Name.LocalName == "RootNamespace")?.Value;
            if (!string.IsNullOrWhiteSpace(declared) && !declared.Contains("$(", StringComparison.Ordinal))
            {
                return declared.Trim();
            }
        }
        catch (System.Xml.XmlException)
        {
            // A project file that is not XML: the SDK falls back to the file name too.
        }

        return System.IO.Path.GetFileNameWithoutExtension(projects[0]).Replace(' ', '_');
    }

    private static IEnumerable<string> FindYaml(string folder)
    {
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            if (file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || CatalogFiles.IsAsyncApi(file))
            {
                yield return file;
            }
        }

        foreach (string sub in Directory.EnumerateDirectories(folder))
        {
            string name = System.IO.Path.GetFileName(sub);
            if (name.StartsWith('.') || s_skippedFolders.Contains(name))
            {
                continue;
            }

            foreach (string file in FindYaml(sub))
            {
                yield return file;
            }
        }
    }
}
