using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Tool.Projects;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Tool.Commands;

/// <summary>
/// <c>eventcatalog fix --project P [--diagnostics EVC016,EVC018,EVC100]</c>: applies the code fixes an editor offers,
/// from the command line. <c>dotnet format analyzers</c> applies fixes to C# only; a catalog's diagnostics stand on a
/// YAML file, so "Implement the upcast" (EVC016) and "Write/Update the lock" (EVC018) need this command (EVC100's
/// "publish to the event's own category" works with both). It loads the project with MSBuildWorkspace (the generator
/// runs), runs the analyzers of the project's own analyzer references, and applies the first fix their code fix
/// providers (the same references: the EventCatalog package ships them) offer for each diagnostic, one at a time
/// until none is left; then writes what changed.
/// </summary>
internal static class FixCommand
{
    /// <summary>The diagnostics fixed by default: a missing upcast, a missing or stale lock, a publish to another category's topic.</summary>
    public static readonly string[] DefaultDiagnostics = { "EVC016", "EVC018", "EVC100" };

    /// <summary>At most this many fixes per run: each is applied and the project analysed again.</summary>
    private const int MaxFixes = 500;

    public static Command Create()
    {
        var project = new Option<string>("--project") { Description = "The .csproj (or .sln/.slnx) to fix.", Required = true };
        var diagnostics = new Option<string[]>("--diagnostics")
        {
            Description = $"The diagnostic IDs to fix (default: {string.Join(" ", DefaultDiagnostics)}); several, or comma-separated.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("fix", "Apply the code fixes of the project's analyzers from the command line: implement a missing upcast (EVC016), write or update the lock (EVC018), publish to the event's own category (EVC100). Writes the files it changes.")
        {
            project, diagnostics,
        };
        command.SetAction(Cli.Guarded(async (parse, ct) =>
        {
            string[] ids = (parse.GetValue(diagnostics) is { Length: > 0 } given ? given : DefaultDiagnostics)
                .SelectMany(d => d.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            return await RunAsync(parse.GetValue(project)!, ids, Console.Out, Console.Error, ct).ConfigureAwait(false);
        }));
        return command;
    }

    internal static async Task<int> RunAsync(string path, IReadOnlyCollection<string> ids, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using LoadedProjects loaded = await ProjectLoader.OpenAsync(path, error, cancellationToken).ConfigureAwait(false);
        Solution original = loaded.Workspace.CurrentSolution;
        Solution solution = original;
        int applied = 0;
        var remaining = new List<Diagnostic>();
        foreach (ProjectId projectId in loaded.Projects.Select(p => p.Id))
        {
            var skipped = new HashSet<string>(StringComparer.Ordinal);
            while (applied < MaxFixes)
            {
                Project project = solution.GetProject(projectId)!;
                ImmutableArray<Diagnostic> found = await DiagnosticsAsync(project, ids, cancellationToken).ConfigureAwait(false);
                Diagnostic? next = found.FirstOrDefault(d => !skipped.Contains(Key(d)));
                if (next is null)
                {
                    remaining.AddRange(found);
                    break;
                }

                Solution? fixedSolution = await FixAsync(project, next, cancellationToken).ConfigureAwait(false);
                if (fixedSolution is null)
                {
                    // No provider offers a fix for it: it stays, and is reported below.
                    skipped.Add(Key(next));
                    continue;
                }

                solution = fixedSolution;
                applied++;
                output.WriteLine($"fixed {next.Id} at {Where(next)}");
            }
        }

        foreach (string written in await WriteChangesAsync(original, solution, cancellationToken).ConfigureAwait(false))
        {
            output.WriteLine(written);
        }

        foreach (Diagnostic left in remaining)
        {
            output.WriteLine($"not fixed: {DiagnosticOutput.Format(left)}");
        }

        output.WriteLine($"{applied} fix{(applied == 1 ? "" : "es")} applied, {remaining.Count} diagnostic{(remaining.Count == 1 ? "" : "s")} left");
        return remaining.Any(d => d.Severity == DiagnosticSeverity.Error) ? Cli.ExitErrorDiagnostic : Cli.ExitOk;
    }

    private static string Key(Diagnostic d) => d.Id + "@" + Where(d);

    private static string Where(Diagnostic d)
    {
        FileLinePositionSpan span = d.Location.GetLineSpan();
        return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
    }

    /// <summary>The project's diagnostics with <paramref name="ids"/>: its own analyzers' (catalog and publish-site), on the compilation with generated code.</summary>
    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Project project, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        Compilation? compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        ImmutableArray<DiagnosticAnalyzer> analyzers = project.AnalyzerReferences.SelectMany(r => r.GetAnalyzers(project.Language)).ToImmutableArray();
        if (compilation is null || analyzers.IsEmpty)
        {
            return ImmutableArray<Diagnostic>.Empty;
        }

        ImmutableArray<Diagnostic> all = await compilation
            .WithAnalyzers(analyzers, project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync(cancellationToken)
            .ConfigureAwait(false);
        return all.Where(d => ids.Contains(d.Id)).OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>The solution after the first fix a provider of the project's analyzer references offers for <paramref name="diagnostic"/>; null when none does.</summary>
    private static async Task<Solution?> FixAsync(Project project, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        TextDocument? document = DocumentOf(project, diagnostic);
        if (document is null)
        {
            return null;
        }

        foreach (CodeFixProvider provider in Providers(project).Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic.Location.SourceSpan, ImmutableArray.Create(diagnostic), (action, _) => actions.Add(action), cancellationToken);
            await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            CodeAction? first = actions.SelectMany(a => a.NestedActions.IsDefaultOrEmpty ? new[] { a } : a.NestedActions.ToArray()).FirstOrDefault();
            if (first is null)
            {
                continue;
            }

            foreach (CodeActionOperation operation in await first.GetOperationsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (operation is ApplyChangesOperation apply)
                {
                    return apply.ChangedSolution;
                }
            }
        }

        return null;
    }

    private static TextDocument? DocumentOf(Project project, Diagnostic diagnostic)
    {
        if (diagnostic.Location.SourceTree is { } tree)
        {
            return project.GetDocument(tree);
        }

        string path = diagnostic.Location.GetLineSpan().Path;
        return project.AdditionalDocuments.FirstOrDefault(d => string.Equals(d.FilePath, path, StringComparison.Ordinal));
    }

    /// <summary>The code fix providers of the project's analyzer references (the EventCatalog package ships its own beside its analyzers).</summary>
    private static IEnumerable<CodeFixProvider> Providers(Project project)
    {
        foreach (AnalyzerFileReference reference in project.AnalyzerReferences.OfType<AnalyzerFileReference>())
        {
            Type[] types;
            try
            {
                types = reference.GetAssembly().GetTypes();
            }
            catch (Exception ex) when (ex is ReflectionTypeLoadException or IOException or BadImageFormatException)
            {
                continue;
            }

            foreach (Type type in types.Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttributes<ExportCodeFixProviderAttribute>().Any(a => a.Languages.Contains(project.Language))))
            {
                if (Activator.CreateInstance(type) is CodeFixProvider provider)
                {
                    yield return provider;
                }
            }
        }
    }

    /// <summary>Writes the documents and additional documents the fixes added or changed; their paths, one line each.</summary>
    private static async Task<IReadOnlyList<string>> WriteChangesAsync(Solution original, Solution fixedSolution, CancellationToken cancellationToken)
    {
        var written = new List<string>();
        foreach (ProjectChanges changes in fixedSolution.GetChanges(original).GetProjectChanges())
        {
            IEnumerable<(DocumentId Id, bool Added)> ids = changes.GetAddedDocuments().Select(id => (id, true))
                .Concat(changes.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true).Select(id => (id, false)))
                .Concat(changes.GetAddedAdditionalDocuments().Select(id => (id, true)))
                .Concat(changes.GetChangedAdditionalDocuments().Select(id => (id, false)));
            foreach ((DocumentId id, bool added) in ids)
            {
                TextDocument? document = changes.NewProject.GetDocument(id) ?? changes.NewProject.GetAdditionalDocument(id);
                if (document is null)
                {
                    continue;
                }

                string path = document.FilePath ?? Path.Combine(Path.GetDirectoryName(changes.NewProject.FilePath) ?? ".", document.Name);
                SourceText text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                await File.WriteAllTextAsync(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken).ConfigureAwait(false);
                written.Add($"{path}: {(added ? "written" : "updated")}");
            }
        }

        return written;
    }
}
