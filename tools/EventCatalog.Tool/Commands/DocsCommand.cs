using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using EventCatalog.Tool.Catalogs;
using EventCatalog.Tool.Docs;
using EventCatalog.Tool.Projects;

namespace EventCatalog.Tool.Commands;

/// <summary><c>eventcatalog docs -o DIR [catalogs...] [--project PATH]</c>: writes DIR/index.html.</summary>
internal static class DocsCommand
{
    public static Command Create()
    {
        Argument<string[]> catalogs = Cli.CatalogsArgument();
        Option<string?> rootNamespace = Cli.RootNamespaceOption();
        var output = new Option<string>("--output", "-o") { Description = "The folder to write index.html to (created when missing).", Required = true };
        Option<string?> project = Cli.ProjectOption();
        var command = new Command("docs", "Write a self-contained HTML page (index.html: inline CSS and SVG, nothing fetched) documenting the catalogs: categories, topics, events, fields, deprecations and a diagram; with --project, where each event is published and each topic subscribed.")
        {
            catalogs, rootNamespace, output, project,
        };
        command.SetAction(Cli.Guarded(async (parse, ct) =>
        {
            LoadedCatalogs set = LoadedCatalogs.Load(parse.GetValue(catalogs) ?? Array.Empty<string>(), parse.GetValue(rootNamespace), ct);
            DiagnosticOutput.WriteText(Console.Error, set.Diagnostics);
            if (set.HasErrors)
            {
                return 1;
            }

            CodeMap? map = parse.GetValue(project) is { } projectPath
                ? await CodeMap.LoadAsync(projectPath, Console.Error, ct).ConfigureAwait(false)
                : null;
            string html = DocsPage.Render(set.Catalogs.Select(c => c.Result.Spec!).ToList(), map, "eventcatalog " + Cli.Version);
            string folder = parse.GetValue(output)!;
            string path = Path.Combine(folder, "index.html");
            Export.JsonFiles.WriteText(path, html);
            Console.Out.WriteLine(path);
            return 0;
        }));
        return command;
    }
}
