using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Locking;
using EventCatalog.Generator.Parsing;
using EventCatalog.Tool.Catalogs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace EventCatalog.Tool.Commands;

/// <summary>
/// <c>eventcatalog ship</c> (SPEC §9, §10): records each catalog's shipped shapes in its compatibility lock
/// (<c>&lt;catalog&gt;.lock.json</c> beside it), with the same comparison the catalog analyzer makes. It refuses — writes
/// nothing, prints the diagnostics at their YAML lines, exit code 1 — when a catalog has errors, a breaking change
/// (EVC017), or a lock it cannot read (EVC019): overwriting a lock would hide what it is there to catch. A lock with a merge
/// conflict whose two sides only add is the exception, as npm resolves its own lock: the catalog is checked against both
/// sides together, and when nothing is breaking the lock of the catalog replaces the conflicted file.
/// </summary>
internal static class ShipCommand
{
    public static Command Create()
    {
        Argument<string[]> catalogs = Cli.CatalogsArgument();
        Option<string?> rootNamespace = Cli.RootNamespaceOption();
        var project = new Option<string?>("--project")
        {
            Description = "A .csproj whose catalogs to ship (its AdditionalFiles, as the build passes them, linked catalogs included), instead of catalog files or folders.",
        };
        var command = new Command("ship", "Write or update the compatibility lock (<catalog>.lock.json) of each catalog; refuses, with exit code 1, when a catalog has a breaking change (EVC017) or another error.")
        {
            catalogs, rootNamespace, project,
        };
        command.SetAction(Cli.Guarded(async (parse, ct) =>
        {
            IReadOnlyList<string> paths = parse.GetValue(catalogs) ?? Array.Empty<string>();
            string? ns = parse.GetValue(rootNamespace);
            if (parse.GetValue(project) is { } projectPath)
            {
                if (paths.Count > 0)
                {
                    throw new ToolException("ship takes catalog files or --project, not both.");
                }

                (paths, string projectNamespace) = await ProjectCatalogsAsync(projectPath, ct).ConfigureAwait(false);
                ns ??= projectNamespace;
            }

            LoadedCatalogs set = LoadedCatalogs.Load(paths, ns, ct);
            return Ship(set, Console.Out, Console.Error);
        }));
        return command;
    }

    /// <summary>Ships <paramref name="set"/>: writes each lock that changes, or refuses; the exit code.</summary>
    internal static int Ship(LoadedCatalogs set, TextWriter output, TextWriter error)
    {
        // EVC018 is what shipping resolves, and so is the EVC019 of a merge conflict whose two sides only add (the catalog was
        // checked against both: its EVC017s are shown); everything else is printed as check prints it.
        var resolvable = new HashSet<string>(set.Locks.Values.Where(l => l.ResolvesConflict).Select(l => l.LockPath), StringComparer.Ordinal);
        List<Diagnostic> shown = set.Diagnostics
            .Where(d => d.Id != DiagnosticDescriptors.LockMissingOrBehind.Id)
            .Where(d => !(d.Id == DiagnosticDescriptors.UnreadableLock.Id && resolvable.Contains(d.Location.GetLineSpan().Path)))
            .ToList();
        DiagnosticOutput.WriteText(output, shown);
        int breaking = shown.Count(d => d.Id == DiagnosticDescriptors.BreakingChange.Id);
        int unreadable = shown.Count(d => d.Id == DiagnosticDescriptors.UnreadableLock.Id);
        int errors = shown.Count(d => d.Severity == DiagnosticSeverity.Error) - breaking;
        if (breaking + unreadable + errors > 0)
        {
            var reasons = new List<string>();
            if (breaking > 0)
            {
                reasons.Add($"{breaking} breaking change{(breaking == 1 ? "" : "s")} without a version bump (EVC017)");
            }

            if (unreadable > 0)
            {
                reasons.Add($"{unreadable} lock{(unreadable == 1 ? "" : "s")} that cannot be read (EVC019)");
            }

            if (errors > 0)
            {
                reasons.Add($"{errors} catalog error{(errors == 1 ? "" : "s")}");
            }

            error.WriteLine($"eventcatalog: not shipped, no lock written: {string.Join(", ", reasons)}.");
            return 1;
        }

        foreach (LoadedCatalog catalog in set.Catalogs)
        {
            LockCheckResult result = set.Locks[catalog.Path];
            if (result.NewLockText is null)
            {
                output.WriteLine($"{result.LockPath}: up to date");
                continue;
            }

            bool existed = File.Exists(result.LockPath);
            File.WriteAllText(result.LockPath, result.NewLockText, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            output.WriteLine($"{result.LockPath}: {(result.ResolvesConflict ? "merge conflict resolved (both sides only added; the catalog checked against both), updated" : existed ? "updated" : "written")}");
        }

        return 0;
    }

    /// <summary>The catalogs among a project's additional files (as MSBuild evaluates them) and its root namespace.</summary>
    private static async Task<(IReadOnlyList<string> Catalogs, string RootNamespace)> ProjectCatalogsAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path) || !path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            throw new ToolException($"{path}: --project takes an existing .csproj file.");
        }

        using MSBuildWorkspace workspace = MSBuildWorkspace.Create();
        Project project;
        try
        {
            project = await workspace.OpenProjectAsync(Path.GetFullPath(path), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or ArgumentException)
        {
            throw new ToolException($"{path}: MSBuild could not load it: {ex.Message}");
        }

        List<string> found = project.AdditionalDocuments
            .Select(d => d.FilePath)
            .OfType<string>()
            .Where(CatalogFiles.IsCatalog)
            .Distinct(StringComparer.Ordinal)
            .Select(p => Path.GetRelativePath(Directory.GetCurrentDirectory(), p))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
        if (found.Count == 0)
        {
            throw new ToolException($"{path}: the project has no catalog (events.schema.yaml, *.events.yaml) among its AdditionalFiles.");
        }

        return (found, project.DefaultNamespace ?? string.Empty);
    }
}
