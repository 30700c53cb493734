using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
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
        root.Subcommands.Add(LintCommand());
        var export = new Command("export", "Write the catalog in a format other tools read.");
        export.Subcommands.Add(ExportAsyncApi());
        export.Subcommands.Add(ExportJsonSchema());
        export.Subcommands.Add(ExportEventCatalog());
        root.Subcommands.Add(export);
        root.Subcommands.Add(DocsCommand.Create());
        root.Subcommands.Add(ShipCommand.Create());
        root.Subcommands.Add(FixCommand.Create());
        return root;
    }

    internal static Argument<string[]> CatalogsArgument() => new("catalogs")
    {
        Description = "Catalog files, or folders to search for events.schema.yaml and *.events.yaml as a build does (default: the current folder).",
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
        var command = new Command("check", "Report the catalog diagnostics (EVC0xx) a build would report, breaking changes against a catalog's lock (EVC017) included; exit code 1 when there is an error or a lock that cannot be read (EVC019).")
        {
            catalogs, rootNamespace, format, output,
        };
        command.SetAction(Guarded((parse, ct) =>
        {
            LoadedCatalogs set = LoadedCatalogs.Load(parse.GetValue(catalogs) ?? Array.Empty<string>(), parse.GetValue(rootNamespace), ct);
            Report(set.Diagnostics, parse.GetValue(format)!, parse.GetValue(output));
            WriteSummary(set.Catalogs.Count, set.Diagnostics, "checked", parse.GetValue(format)!, parse.GetValue(output));
            return Task.FromResult(set.HasErrors || set.HasUnreadableLock ? ExitErrorDiagnostic : ExitOk);
        }));
        return command;
    }

    private static Command LintCommand()
    {
        Argument<string[]> catalogs = CatalogsArgument();
        Option<string?> rootNamespace = RootNamespaceOption();
        var format = new Option<string>("--format") { Description = "text (the compiler's format) or sarif (SARIF 2.1.0).", DefaultValueFactory = _ => DiagnosticOutput.Text };
        format.AcceptOnlyFromAmong(DiagnosticOutput.Text, DiagnosticOutput.Sarif);
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        Option<string?> project = ProjectOption();
        var command = new Command("lint", "Report catalog smells (EVC2xx: near-duplicate event names, an event named after another category, missing descriptions; with --project, events never published) as warnings, after check's diagnostics; exit code 1 only on errors.")
        {
            catalogs, rootNamespace, format, output, project,
        };
        command.SetAction(Guarded(async (parse, ct) =>
        {
            LoadedCatalogs set = LoadedCatalogs.Load(parse.GetValue(catalogs) ?? Array.Empty<string>(), parse.GetValue(rootNamespace), ct);
            var smells = set.Catalogs
                .SelectMany(c => Generator.Lint.CatalogLint.Lint(c.Path, c.Text, ct))
                .Select(d => Microsoft.CodeAnalysis.Diagnostic.Create(
                    Generator.Diagnostics.DiagnosticDescriptors.ById(d.Id),
                    d.Location.ToLocation(),
                    Microsoft.CodeAnalysis.DiagnosticSeverity.Warning,
                    additionalLocations: null,
                    properties: null,
                    messageArgs: d.Arguments.Cast<object>().ToArray()));
            if (parse.GetValue(project) is { } projectPath)
            {
                Projects.CodeMap map = await Projects.CodeMap.LoadAsync(projectPath, Console.Error, ct).ConfigureAwait(false);
                smells = smells.Concat(Projects.NeverPublishedLint.Find(set, map));
            }

            List<Microsoft.CodeAnalysis.Diagnostic> all = LoadedCatalogs.Sort(set.Diagnostics.Concat(smells)).ToList();
            Report(all, parse.GetValue(format)!, parse.GetValue(output));
            WriteSummary(set.Catalogs.Count, all, "linted", parse.GetValue(format)!, parse.GetValue(output));
            return set.HasErrors ? ExitErrorDiagnostic : ExitOk;
        }));
        return command;
    }

    private static Command ExportAsyncApi()
    {
        Argument<string[]> catalogs = CatalogsArgument();
        Option<string?> rootNamespace = RootNamespaceOption();
        var format = new Option<string>("--format") { Description = "yaml or json (default: from the output file's extension, else yaml).", };
        format.AcceptOnlyFromAmong("yaml", "json");
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (default: standard output)." };
        var version = new Option<string>("--api-version") { Description = "The document's info.version.", DefaultValueFactory = _ => "1.0.0" };
        Option<string?> typePrefix = TypePrefixOption();
        Option<string?> project = ProjectOption();
        var command = new Command("asyncapi", "Write the catalog as an AsyncAPI 3.0 document: a channel per category, a message per event type (CloudEvents); with --project, the code's publish sites on each send operation and its handlers and subscriptions (receive sites) on each receive operation.")
        {
            catalogs, rootNamespace, format, output, version, typePrefix, project,
        };
        command.SetAction(Guarded(async (parse, ct) =>
        {
            if (SingleSpec(parse.GetValue(catalogs), parse.GetValue(rootNamespace), ct) is not { } spec)
            {
                return 1;
            }

            Projects.CodeMap? map = parse.GetValue(project) is { } projectPath
                ? await Projects.CodeMap.LoadAsync(projectPath, Console.Error, ct).ConfigureAwait(false)
                : null;
            string? path = parse.GetValue(output);
            string chosen = parse.GetValue(format) ?? (path is not null && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "json" : "yaml");
            System.Text.Json.Nodes.JsonObject document = Export.AsyncApiExport.Build(spec, parse.GetValue(version)!, parse.GetValue(typePrefix) ?? spec.TypePrefix, map);
            string text = chosen == "json" ? document.ToJsonString(Export.JsonFiles.Indented) + "\n" : Export.YamlText.Write(document);
            Export.JsonFiles.WriteText(path, text);
            return 0;
        }));
        return command;
    }

    private static Command ExportJsonSchema()
    {
        Argument<string[]> catalogs = CatalogsArgument();
        Option<string?> rootNamespace = RootNamespaceOption();
        var output = new Option<string>("--output", "-o") { Description = "The folder to write the schemas to.", Required = true };
        Option<string?> typePrefix = TypePrefixOption();
        var command = new Command("jsonschema", "Write JSON Schema 2020-12: <event>.data.schema.json per event type and cloudevents.schema.json for the codec's CloudEvents frame.")
        {
            catalogs, rootNamespace, output, typePrefix,
        };
        command.SetAction(Guarded((parse, ct) =>
        {
            if (SingleSpec(parse.GetValue(catalogs), parse.GetValue(rootNamespace), ct) is not { } spec)
            {
                return Task.FromResult(1);
            }

            string folder = parse.GetValue(output)!;
            foreach ((string fileName, System.Text.Json.Nodes.JsonObject schema) in Export.JsonSchemaExport.Build(spec, parse.GetValue(typePrefix) ?? spec.TypePrefix))
            {
                string path = Path.Combine(folder, fileName);
                Export.JsonFiles.WriteText(path, schema.ToJsonString(Export.JsonFiles.Indented) + "\n");
                Console.Out.WriteLine(path);
            }

            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command ExportEventCatalog()
    {
        Argument<string[]> catalogs = CatalogsArgument();
        Option<string?> rootNamespace = RootNamespaceOption();
        var output = new Option<string>("--output", "-o") { Description = "The folder to write the EventCatalog.dev project to (created when missing).", Required = true };
        var version = new Option<string>("--api-version") { Description = "The version of the domain, its services and channels (semantic version; events carry their catalog version N as N.0.0).", DefaultValueFactory = _ => "1.0.0" };
        var owner = new Option<string?>("--owner") { Description = "The id of the team that owns every resource, written to teams/<id>.mdx (default: the domain in lower case with each other character as '-', plus '-owners')." };
        Option<string?> typePrefix = TypePrefixOption();
        var projects = new Option<string[]>("--project")
        {
            Description = "A .csproj, .sln or .slnx to load with MSBuildWorkspace: a service per project, whose sends are the events its code publishes and whose receives are the events of the categories it handles or subscribes to. Repeat for more projects.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("eventcatalog", "Write the catalog as an EventCatalog.dev project folder (eventcatalog.config.js, a domain, a channel per category, an event per event type with its JSON Schema; with --project, a service per project with its real sends and receives). Files it wrote before are rewritten or removed; any other file is left alone, and one in the way of a file to write makes it refuse before writing anything.")
        {
            catalogs, rootNamespace, output, version, owner, typePrefix, projects,
        };
        command.SetAction(Guarded(async (parse, ct) =>
        {
            string apiVersion = parse.GetValue(version)!;
            if (!System.Text.RegularExpressions.Regex.IsMatch(apiVersion, @"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$"))
            {
                throw new ToolException($"--api-version '{apiVersion}' is not a semantic version (e.g. 1.0.0), as EventCatalog.dev requires.");
            }

            string? ownerId = parse.GetValue(owner);
            if (ownerId is not null && !System.Text.RegularExpressions.Regex.IsMatch(ownerId, @"^[A-Za-z0-9][A-Za-z0-9_.-]*$"))
            {
                throw new ToolException($"--owner '{ownerId}' is not a team id: letters, digits, '_', '.' and '-', starting with a letter or digit.");
            }

            if (SingleSpec(parse.GetValue(catalogs), parse.GetValue(rootNamespace), ct) is not { } spec)
            {
                return 1;
            }

            var maps = new List<Projects.CodeMap>();
            foreach (string projectPath in parse.GetValue(projects) ?? Array.Empty<string>())
            {
                maps.Add(await Projects.CodeMap.LoadAsync(projectPath, Console.Error, ct).ConfigureAwait(false));
            }

            string folder = parse.GetValue(output)!;
            var files = Export.EventCatalogDevExport.Build(spec, new Export.EventCatalogDevExport.Options(apiVersion, ownerId, parse.GetValue(typePrefix) ?? spec.TypePrefix), maps);
            Export.ExportFolder.Result result = Export.ExportFolder.Write(folder, files, "eventcatalog export eventcatalog");
            Console.Out.WriteLine($"{folder}: {result.Written} files written, {result.Unchanged} unchanged, {result.Removed} removed ({files.Count} files from this export).");
            return 0;
        }));
        return command;
    }

    /// <summary>Exit code: done; warnings allowed.</summary>
    internal const int ExitOk = 0;

    /// <summary>Exit code: an error diagnostic was printed.</summary>
    internal const int ExitErrorDiagnostic = 1;

    /// <summary>Exit code: the command could not run (an argument error, a missing or unwritable file).</summary>
    internal const int ExitCommandFailed = 2;

    /// <summary>
    /// Response files off: <c>@shop/orders.events.yaml</c> (an npm-scope-style folder) is a path, not a file of
    /// arguments (dotnet/command-line-api#816).
    /// </summary>
    internal static ParserConfiguration ParserConfiguration => new() { ResponseFileTokenReplacer = null };

    /// <summary>
    /// Exceptions reach <see cref="Program.Main"/>, which prints one line (<see cref="Describe"/>) and exits 2, in
    /// place of System.CommandLine's handler (a stack trace, exit 1).
    /// </summary>
    internal static InvocationConfiguration InvocationConfiguration => new() { EnableDefaultExceptionHandler = false };

    /// <summary>
    /// The one line (without the <c>eventcatalog: </c> prefix) that says why the command line cannot run, or null when
    /// it can: System.CommandLine's parse errors (unknown command or option, a value not among those accepted, a
    /// missing required option, no command at all), and an option-like token the catalogs argument swallowed
    /// (<c>check --bogus</c> is an unknown option, not a file named "--bogus"; a file whose name starts with '-' is
    /// named <c>./-name</c>, or after <c>--</c>).
    /// </summary>
    internal static string? ArgumentError(ParseResult parse)
    {
        if (parse.Action is { ClearsParseErrors: true })
        {
            return null;
        }

        string command = CommandPath(parse.CommandResult);
        string help = $"see '{command} --help'.";
        if (parse.UnmatchedTokens.Count > 0)
        {
            return $"unknown command or argument '{parse.UnmatchedTokens[0]}' ({help})";
        }

        if (parse.Errors.Count > 0)
        {
            string messages = string.Join("; ", parse.Errors.Select(e => OneLine(e.Message)).Distinct());
            return $"{messages} ({help})";
        }

        System.CommandLine.Parsing.Token? previous = null;
        foreach (System.CommandLine.Parsing.Token token in parse.Tokens)
        {
            if (token.Type == System.CommandLine.Parsing.TokenType.DoubleDash)
            {
                break;
            }

            if (token.Type == System.CommandLine.Parsing.TokenType.Argument
                && token.Value.Length > 1 && token.Value[0] == '-'
                && previous?.Type != System.CommandLine.Parsing.TokenType.Option)
            {
                return $"unknown option '{token.Value}' for '{command}' ({help} A file whose name starts with '-' is named ./{token.Value} or after --.)";
            }

            previous = token;
        }

        if (parse.CommandResult.Command.Action is null)
        {
            // A group (the root, 'export') without its subcommand.
            return $"'{command}' needs a command: {string.Join(", ", parse.CommandResult.Command.Subcommands.Select(c => c.Name))} ({help})";
        }

        return null;
    }

    /// <summary>What an exception that ended a command says, on one line: its message for the failures the tool expects (arguments, the file system), its type too for the rest.</summary>
    internal static string Describe(Exception exception) => exception switch
    {
        ToolException or System.IO.IOException or UnauthorizedAccessException or System.Security.SecurityException => OneLine(exception.Message),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        _ => $"internal error ({exception.GetType().Name}): {OneLine(exception.Message)}",
    };

    private static string CommandPath(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is System.CommandLine.Parsing.CommandResult c)
            {
                names.Insert(0, c.Command is RootCommand ? "eventcatalog" : c.Command.Name);
            }
        }

        return string.Join(' ', names);
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(new[] { '\r', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()).Where(p => p.Length > 0));

    /// <summary>
    /// An action as the command's: kept as the seam each command goes through, while exceptions (a
    /// <see cref="ToolException"/> for bad arguments and missing files, the file system's own) end in
    /// <see cref="Program.Main"/> as one line and exit code 2.
    /// </summary>
    internal static Func<ParseResult, CancellationToken, Task<int>> Guarded(Func<ParseResult, CancellationToken, Task<int>> action) => action;

    internal static Option<string?> ProjectOption() => new("--project")
    {
        Description = "A .csproj, .sln or .slnx to load with MSBuildWorkspace: where its code publishes each event and subscribes to each topic, as the publish analyzer resolves them.",
    };

    internal static Option<string?> TypePrefixOption() => new("--type-prefix")
    {
        Description = "What precedes the event type in the CloudEvents 'type' attribute (e.g. io.exesdb.control.); default: the catalog's type_prefix, as the generated codec writes it.",
    };

    /// <summary>
    /// The one catalog an export works on, or null after printing its diagnostics (to standard error) when it
    /// has errors. Warnings are printed too, and do not stop the export.
    /// </summary>
    internal static Generator.Model.CatalogSpec? SingleSpec(string[]? paths, string? rootNamespace, CancellationToken ct)
    {
        LoadedCatalogs set = LoadedCatalogs.Load(paths ?? Array.Empty<string>(), rootNamespace, ct);
        if (set.Catalogs.Count != 1)
        {
            throw new ToolException($"{set.Catalogs.Count} catalogs found ({string.Join(", ", set.Catalogs.Select(c => c.Path))}); name the one to export.");
        }

        DiagnosticOutput.WriteText(Console.Error, set.Diagnostics);
        return set.HasErrors ? null : set.Catalogs[0].Result.Spec;
    }

    /// <summary>
    /// The last line of check and lint, "1 catalog checked: 1 error, 2 warnings": on standard output after the
    /// diagnostics, or on standard error when standard output carries a SARIF log.
    /// </summary>
    internal static void WriteSummary(int catalogs, IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> diagnostics, string verb, string format, string? outputPath)
    {
        int errors = diagnostics.Count(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        int warnings = diagnostics.Count(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Warning);
        string line = $"{Count(catalogs, "catalog")} {verb}: {Count(errors, "error")}, {Count(warnings, "warning")}";
        (format == DiagnosticOutput.Sarif && outputPath is null ? Console.Error : Console.Out).WriteLine(line);

        static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
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
