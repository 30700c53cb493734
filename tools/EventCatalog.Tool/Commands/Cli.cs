using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Tool.Catalogs;

namespace EventCatalog.Tool.Commands;

/// <summary>The command line: one <see cref="Command"/> per verb, each a thin shell over the code that does the work.</summary>
internal static class Cli
{
    public static string Version =>
        typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static RootCommand Build()
    {
        var root = new RootCommand("EventCatalog's catalog tool: check, lint, export (AsyncAPI 3.0, JSON Schema 2020-12) and document events.schema.yaml without building a project.");
        root.Subcommands.Add(Check());
        return root;
    }

    internal static Argument<string[]> CatalogsArgument() => new("catalogs")
    {
        Description = "Catalog files (default: every events.schema.yaml and *.events.yaml under the current folder).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    internal static Option<string?> RootNamespaceOption() => new("--root-namespace")
    {
        Description = "The project's RootNamespace, for catalogs without 'namespace:' (default: from the one .csproj beside the catalog, else none).",
    };

    private static Command Check()
    {
        Argument<string[]> catalogs = CatalogsArgument();
        Option<string?> rootNamespace = RootNamespaceOption();
        var format = new Option<string>("--format") { Description = "text (the compiler's format) or sarif (SARIF 2.1.0).", DefaultValueFactory = _ => DiagnosticOutput.Text };
        format.AcceptOnlyFromAmong(DiagnosticOutput.Text, DiagnosticOutput.Sarif);
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        var command = new Command("check", "Report the catalog diagnostics (EVC0xx) a build would report; exit code 1 when there is an error.")
        {
            catalogs, rootNamespace, format, output,
        };
        command.SetAction((parse, ct) =>
        {
            LoadedCatalogs set = LoadedCatalogs.Load(parse.GetValue(catalogs) ?? Array.Empty<string>(), parse.GetValue(rootNamespace), ct);
            Report(set.Diagnostics, parse.GetValue(format)!, parse.GetValue(output));
            return Task.FromResult(set.HasErrors ? 1 : 0);
        });
        return command;
    }

    /// <summary>Writes <paramref name="diagnostics"/> in <paramref name="format"/> to <paramref name="outputPath"/> or standard output.</summary>
    internal static void Report(IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> diagnostics, string format, string? outputPath)
    {
        if (format == DiagnosticOutput.Sarif)
        {
            using Stream stream = outputPath is null ? Console.OpenStandardOutput() : File.Create(outputPath);
            DiagnosticOutput.WriteSarif(stream, diagnostics, Version);
            return;
        }

        if (outputPath is null)
        {
            DiagnosticOutput.WriteText(Console.Out, diagnostics);
            return;
        }

        using var writer = new StreamWriter(outputPath);
        DiagnosticOutput.WriteText(writer, diagnostics);
    }
}
