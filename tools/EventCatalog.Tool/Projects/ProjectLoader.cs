using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace EventCatalog.Tool.Projects;

/// <summary>A workspace with the C# projects of a .csproj, .sln or .slnx, as MSBuildWorkspace loaded them.</summary>
internal sealed class LoadedProjects : IDisposable
{
    public LoadedProjects(MSBuildWorkspace workspace, IReadOnlyList<Project> projects)
    {
        Workspace = workspace;
        Projects = projects;
    }

    public MSBuildWorkspace Workspace { get; }

    public IReadOnlyList<Project> Projects { get; }

    public void Dispose() => Workspace.Dispose();
}

/// <summary>Opens a project or solution with MSBuildWorkspace, for <c>--project</c>.</summary>
internal static class ProjectLoader
{
    /// <summary>
    /// Loads <paramref name="path"/> (a .csproj, or a .sln/.slnx with every C# project in it). MSBuildWorkspace builds
    /// out of process with the .NET SDK that <c>dotnet</c> finds (global.json applies), so the tool needs no MSBuild of
    /// its own. A failure loading a referenced project still leaves a usable compilation: it is one line on
    /// <paramref name="log"/>.
    /// </summary>
    /// <exception cref="ToolException">The file does not exist, is not a project or solution, or MSBuild could not load it.</exception>
    public static async Task<LoadedProjects> OpenAsync(string path, TextWriter log, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new ToolException($"{path}: the project or solution file does not exist.");
        }

        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".csproj" or ".sln" or ".slnx"))
        {
            throw new ToolException($"{path}: --project takes a .csproj, .sln or .slnx file.");
        }

        string full = Path.GetFullPath(path);
        MSBuildWorkspace workspace = MSBuildWorkspace.Create();
        var failures = new List<string>();
        // Warnings (a file listed twice as an additional file) say nothing about the result; failures may.
        using IDisposable subscription = workspace.RegisterWorkspaceFailedHandler(e =>
        {
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
            {
                lock (failures)
                {
                    failures.Add(e.Diagnostic.Message);
                }
            }
        });
        IReadOnlyList<Project> projects;
        try
        {
            if (extension == ".csproj")
            {
                projects = new[] { await workspace.OpenProjectAsync(full, cancellationToken: cancellationToken).ConfigureAwait(false) };
            }
            else
            {
                Solution solution = await workspace.OpenSolutionAsync(full, cancellationToken: cancellationToken).ConfigureAwait(false);
                projects = solution.Projects.Where(p => p.Language == LanguageNames.CSharp).ToList();
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or ArgumentException)
        {
            workspace.Dispose();
            throw new ToolException($"{path}: MSBuild could not load it: {ex.Message}");
        }

        foreach (string failure in failures.Distinct(StringComparer.Ordinal))
        {
            await log.WriteLineAsync("eventcatalog: warning: " + failure).ConfigureAwait(false);
        }

        if (projects.Count == 0)
        {
            workspace.Dispose();
            throw new ToolException($"{path}: no C# project was loaded" + (failures.Count > 0 ? ": " + failures[0] : "."));
        }

        return new LoadedProjects(workspace, projects);
    }
}
