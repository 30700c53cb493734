using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using EventCatalog.Tool.Tests.Infrastructure;
using NUnit.Framework;

namespace EventCatalog.Tool.Tests;

/// <summary>
/// The tool as scripts expect it: exit code 2 and one line <c>eventcatalog: …</c> on standard error for every argument
/// error (System.CommandLine's parse errors included) and every file-system failure, never a stack trace; 1 only when
/// an error diagnostic was printed; 0 otherwise. Run from a folder holding <c>events.schema.yaml</c> (the root catalog)
/// and <c>broken.events.yaml</c> (one EVC005).
/// </summary>
public class ArgumentTests
{
    private static readonly Lazy<string> s_folder = new(() =>
    {
        string folder = Repo.NewTempFolder("arguments");
        File.Copy(Repo.RootCatalog, Path.Combine(folder, "events.schema.yaml"));
        Directory.CreateDirectory(Path.Combine(folder, "broken"));
        File.WriteAllText(Path.Combine(folder, "broken", "broken.events.yaml"), "categories:\n  orders:\n    events:\n      placed:\n        data:\n          a: strin\n");
        File.WriteAllText(Path.Combine(folder, "a-file"), "x");
        return folder;
    });

    [OneTimeTearDown]
    public void RemoveFolder()
    {
        if (s_folder.IsValueCreated)
        {
            Directory.Delete(s_folder.Value, recursive: true);
        }
    }

    /// <summary>The table in the README and the closing note: arguments, exit code, what standard error says.</summary>
    [TestCase(new string[0], 2, "eventcatalog: Required command was not provided. (see 'eventcatalog --help'.)")]
    [TestCase(new[] { "bogus" }, 2, "eventcatalog: unknown command or argument 'bogus' (see 'eventcatalog --help'.)")]
    [TestCase(new[] { "--bogus" }, 2, "eventcatalog: unknown command or argument '--bogus' (see 'eventcatalog --help'.)")]
    [TestCase(new[] { "export" }, 2, "eventcatalog: Required command was not provided. (see 'eventcatalog export --help'.)")]
    [TestCase(new[] { "export", "yaml" }, 2, "eventcatalog: unknown command or argument 'yaml' (see 'eventcatalog export --help'.)")]
    [TestCase(new[] { "check", "--bogus" }, 2, "eventcatalog: unknown option '--bogus' for 'eventcatalog check' (see 'eventcatalog check --help'. A file whose name starts with '-' is named ./--bogus or after --.)")]
    [TestCase(new[] { "check", "events.schema.yaml", "-x" }, 2, "eventcatalog: unknown option '-x' for 'eventcatalog check' (see 'eventcatalog check --help'. A file whose name starts with '-' is named ./-x or after --.)")]
    [TestCase(new[] { "check", "--format", "xml", "events.schema.yaml" }, 2, "eventcatalog: Argument 'xml' not recognized. Must be one of: 'text' 'sarif' (see 'eventcatalog check --help'.)")]
    [TestCase(new[] { "check", "--output" }, 2, "eventcatalog: Required argument missing for option: '--output'. (see 'eventcatalog check --help'.)")]
    [TestCase(new[] { "lint", "--format" }, 2, "eventcatalog: Required argument missing for option: '--format'. (see 'eventcatalog lint --help'.)")]
    [TestCase(new[] { "export", "asyncapi", "--format", "xml", "events.schema.yaml" }, 2, "eventcatalog: Argument 'xml' not recognized. Must be one of: 'yaml' 'json' (see 'eventcatalog export asyncapi --help'.)")]
    [TestCase(new[] { "export", "jsonschema", "events.schema.yaml" }, 2, "eventcatalog: Option '--output' is required. (see 'eventcatalog export jsonschema --help'.)")]
    [TestCase(new[] { "docs", "events.schema.yaml" }, 2, "eventcatalog: Option '--output' is required. (see 'eventcatalog docs --help'.)")]
    [TestCase(new[] { "check", "no-such.events.yaml" }, 2, "eventcatalog: no-such.events.yaml: the catalog file does not exist.")]
    [TestCase(new[] { "check", "@no-such/orders.events.yaml" }, 2, "eventcatalog: @no-such/orders.events.yaml: the catalog file does not exist.")]
    [TestCase(new[] { "check", "events.schema.yaml", "--output", "no-such-folder/report.txt" }, 2, "eventcatalog: Could not find a part of the path '{folder}/no-such-folder/report.txt'.")]
    [TestCase(new[] { "check", "events.schema.yaml", "--output", "broken" }, 2, "eventcatalog: Access to the path '{folder}/broken' is denied.")]
    [TestCase(new[] { "check", "events.schema.yaml", "--format", "sarif", "--output", "a-file/report.sarif" }, 2, "eventcatalog: Could not find a part of the path '{folder}/a-file/report.sarif'.")]
    [TestCase(new[] { "export", "jsonschema", "events.schema.yaml", "--output", "a-file" }, 2, "eventcatalog: The file '{folder}/a-file' already exists.")]
    [TestCase(new[] { "ship", "events.schema.yaml", "--project", "x.csproj" }, 2, "eventcatalog: ship takes catalog files or --project, not both.")]
    [TestCase(new[] { "lint", "--project", "no-such.csproj" }, 2, "eventcatalog: no-such.csproj: the project or solution file does not exist.")]
    [TestCase(new[] { "check", "broken" }, 1, "")]
    [TestCase(new[] { "check", "events.schema.yaml" }, 0, "")]
    public void Exit_code_and_standard_error(string[] args, int exitCode, string stderr)
    {
        RunResult result = Run.Tool(s_folder.Value, args);
        Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.ToString());
        Assert.That(result.Stderr.TrimEnd('\n'), Is.EqualTo(stderr.Replace("{folder}", s_folder.Value)), result.ToString());
        Assert.That(result.Stderr, Does.Not.Contain("   at "), "no stack trace");
    }

    /// <summary>An npm-scope-style folder (dotnet/command-line-api#816): response files are off, so the path is checked.</summary>
    [Test]
    public void A_path_starting_with_at_is_checked_not_read_as_a_response_file()
    {
        string folder = s_folder.Value;
        Directory.CreateDirectory(Path.Combine(folder, "@shop"));
        File.WriteAllText(Path.Combine(folder, "@shop", "orders.events.yaml"), "categories:\n  orders:\n    events:\n      placed:\n        data:\n          a: strin\n");
        RunResult result = Run.Tool(folder, "check", "@shop/orders.events.yaml");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.DiagnosticLines, Is.EqualTo(new[]
        {
            "@shop/orders.events.yaml(6,14): error EVC005: Field 'a' of event 'placed' has unknown type 'strin'; did you mean 'string'? (https://github.com/eventcatalog-dotnet/EventCatalog/blob/main/docs/diagnostics/EVC005.md)",
        }), result.ToString());
        Assert.That(result.Summary, Is.EqualTo("1 catalog checked: 1 error, 0 warnings"));
        Assert.That(result.Stderr, Is.Empty, result.ToString());
    }

    [Test]
    public void A_file_whose_name_starts_with_a_dash_is_read_after_double_dash_or_as_dot_slash()
    {
        string folder = s_folder.Value;
        File.Copy(Repo.RootCatalog, Path.Combine(folder, "-dash.events.yaml"), overwrite: true);
        RunResult afterDoubleDash = Run.Tool(folder, "check", "--", "-dash.events.yaml");
        RunResult dotSlash = Run.Tool(folder, "check", "./-dash.events.yaml");
        Assert.Multiple(() =>
        {
            Assert.That(afterDoubleDash.ExitCode, Is.EqualTo(0), afterDoubleDash.ToString());
            Assert.That(afterDoubleDash.Summary, Is.EqualTo("1 catalog checked: 0 errors, 0 warnings"), afterDoubleDash.ToString());
            Assert.That(dotSlash.ExitCode, Is.EqualTo(0), dotSlash.ToString());
        });
    }

    [Test]
    public void Version_prints_the_packages_version_and_exits_0()
    {
        RunResult result = Run.Tool(s_folder.Value, "--version");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout.Trim(), Does.Match(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9a-f]+)?$"), result.ToString());
    }

    [Test]
    public void Help_exits_0_for_the_root_and_every_command()
    {
        foreach (string[] args in new[] { new[] { "--help" }, new[] { "check", "--help" }, new[] { "export", "asyncapi", "-h" }, new[] { "ship", "-?" } })
        {
            RunResult result = Run.Tool(s_folder.Value, args);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Does.Contain("Usage:"), result.ToString());
        }
    }
}
