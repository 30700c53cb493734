using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EventCatalog.Tool.Tests.Infrastructure;
using NUnit.Framework;

namespace EventCatalog.Tool.Tests;

/// <summary><c>eventcatalog check</c>: the build's catalog diagnostics without a build, in the compiler's format or SARIF.</summary>
public class CheckTests
{
    [Test]
    public void The_root_catalog_has_no_diagnostics_and_exits_0()
    {
        RunResult result = Run.Tool(Repo.Root, "check", "events.schema.yaml");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.StdoutLines, Is.EqualTo(new[] { "1 catalog checked: 0 errors, 0 warnings" }), result.ToString());
    }

    [Test]
    public void Without_arguments_it_checks_the_catalogs_under_the_current_folder()
    {
        string folder = Repo.NewTempFolder("check-find");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        Directory.CreateDirectory(Path.Combine(folder, "bin"));
        File.WriteAllText(Path.Combine(folder, "sub", "orders.events.yaml"), "categories:\n  orders:\n    events: [Order_Placed]\n");
        File.WriteAllText(Path.Combine(folder, "bin", "events.schema.yaml"), "not: [a catalog\n");
        RunResult result = Run.Tool(folder, "check");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.DiagnosticLines, Is.EqualTo(new[]
        {
            "sub/orders.events.yaml(3,14): error EVC003: Event name 'Order_Placed' is not lower snake_case; did you mean 'order_placed'? (https://github.com/eventcatalog-dotnet/EventCatalog/blob/main/docs/diagnostics/EVC003.md)",
        }), result.ToString());
    }

    [Test]
    public void An_error_prints_in_the_compilers_format_and_exits_1()
    {
        string folder = Repo.NewTempFolder("check-error");
        File.WriteAllText(Path.Combine(folder, "events.schema.yaml"), "categories:\n  cluster:\n    descripton: x\n    events:\n      joined:\n        data:\n          a: strin\n");
        RunResult result = Run.Tool(folder, "check", "events.schema.yaml");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Summary, Is.EqualTo("1 catalog checked: 1 error, 1 warning"), result.ToString());
        Assert.That(result.DiagnosticLines, Is.EqualTo(new[]
        {
            "events.schema.yaml(3,5): warning EVC008: Unknown key 'descripton' in category 'cluster' is ignored; did you mean 'description'? (https://github.com/eventcatalog-dotnet/EventCatalog/blob/main/docs/diagnostics/EVC008.md)",
            "events.schema.yaml(7,14): error EVC005: Field 'a' of event 'joined' has unknown type 'strin'; did you mean 'string'? (https://github.com/eventcatalog-dotnet/EventCatalog/blob/main/docs/diagnostics/EVC005.md)",
        }), result.ToString());
    }

    [Test]
    public void Warnings_alone_exit_0()
    {
        string folder = Repo.NewTempFolder("check-warning");
        File.WriteAllText(Path.Combine(folder, "events.schema.yaml"), "categories:\n  cluster:\n    descripton: x\n    events: [joined]\n");
        RunResult result = Run.Tool(folder, "check", "events.schema.yaml");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.DiagnosticLines, Has.Length.EqualTo(1).And.All.Contain("warning EVC008"), result.ToString());
    }

    [Test]
    public void A_missing_file_is_named_and_exits_2()
    {
        RunResult result = Run.Tool(Repo.Root, "check", "no-such.events.yaml");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr.Trim(), Is.EqualTo("eventcatalog: no-such.events.yaml: the catalog file does not exist."));
    }

    [Test]
    public void Sarif_2_1_0_names_the_rule_the_file_and_the_region()
    {
        string folder = Repo.NewTempFolder("check-sarif");
        File.WriteAllText(Path.Combine(folder, "events.schema.yaml"), "categories:\n  cluster:\n    events:\n      joined:\n        data:\n          a: strin\n");
        RunResult result = Run.Tool(folder, "check", "--format", "sarif", "events.schema.yaml");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        using JsonDocument sarif = JsonDocument.Parse(result.Stdout);
        Assert.That(result.Stderr.Trim(), Is.EqualTo("1 catalog checked: 1 error, 0 warnings"), "the summary goes to standard error while standard output carries the SARIF log");
        Assert.That(sarif.RootElement.GetProperty("version").GetString(), Is.EqualTo("2.1.0"));
        JsonElement run = sarif.RootElement.GetProperty("runs")[0];
        JsonElement rule = run.GetProperty("tool").GetProperty("driver").GetProperty("rules")[0];
        Assert.That(rule.GetProperty("id").GetString(), Is.EqualTo("EVC005"));
        Assert.That(rule.GetProperty("name").GetString(), Is.EqualTo("UnknownFieldType"));
        Assert.That(rule.GetProperty("helpUri").GetString(), Is.EqualTo("https://github.com/eventcatalog-dotnet/EventCatalog/blob/main/docs/diagnostics/EVC005.md"));
        JsonElement finding = run.GetProperty("results")[0];
        Assert.That(finding.GetProperty("ruleId").GetString(), Is.EqualTo("EVC005"));
        Assert.That(finding.GetProperty("level").GetString(), Is.EqualTo("error"));
        Assert.That(finding.GetProperty("message").GetProperty("text").GetString(), Is.EqualTo("Field 'a' of event 'joined' has unknown type 'strin'; did you mean 'string'?"));
        JsonElement location = finding.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.That(location.GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("events.schema.yaml"));
        JsonElement region = location.GetProperty("region");
        Assert.That((region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(), region.GetProperty("endColumn").GetInt32()), Is.EqualTo((6, 14, 19)));
    }

    /// <summary>
    /// The hostile catalogs of the generator's tests (HostileInputTests), and broken and colliding ones, in one
    /// project built with the real <c>dotnet build</c>: check prints the build's lines, line for line. The build
    /// shows only what the generator reports once a catalog has errors (errors, EVC011, EVC012): csc drops
    /// analyzer diagnostics, the catalog analyzer's warnings among them, when there is an error; check shows
    /// those warnings too, so they are compared in a build without errors (the next test).
    /// </summary>
    [Test]
    public void Check_gives_the_builds_errors_on_hostile_catalogs_line_for_line()
    {
        string folder = Repo.NewTempFolder("check-vs-build");
        void Write(string name, string text) => File.WriteAllText(Path.Combine(folder, name), text, new UTF8Encoding(false));
        void WriteBytes(string name, byte[] bytes) => File.WriteAllBytes(Path.Combine(folder, name), bytes);

        Write("flow-sequences.events.yaml", "categories: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        Write("flow-mappings.events.yaml", "categories: " + string.Concat(Enumerable.Repeat("{a: ", 100_000)) + "x" + new string('}', 100_000) + "\n");
        var block = new StringBuilder();
        for (int i = 0; i < 70; i++)
        {
            block.Append(' ', i).Append('k').Append(i).Append(":\n");
        }

        Write("block-mappings.events.yaml", block.Append(' ', 70).Append("v\n").ToString());
        var bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 10; i++)
        {
            bomb.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        Write("alias-bomb.events.yaml", bomb.Append("categories:\n  cluster:\n    events: *a10\n").ToString());
        Write("five-megabytes.events.yaml", "categories:\n  cluster:\n    description: \"" + new string('x', 5 * 1024 * 1024) + "\"\n");
        WriteBytes("invalid-utf8.events.yaml", Encoding.UTF8.GetBytes("categories:\n  clu").Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes("ster:\n    events: [a]\n")).ToArray());
        Write("empty.events.yaml", string.Empty);
        Write("comments.events.yaml", "# nothing here\n# at all\n");
        Write("two-documents.events.yaml", "categories:\n  a:\n    events: [x]\n---\ncategories:\n  b:\n    events: [y]\n");
        var noise = new byte[4096];
        new Random(1234).NextBytes(noise);
        WriteBytes("binary-noise.events.yaml", noise);
        Write("broken.events.yaml", "namespace: Hostile.Broken\ncategories:\n  cluster:\n    events:\n      joined:\n        data:\n          a: strin\n          A: string\n  Cluster:\n    events: [joined]\n");
        Write("first.events.yaml", "namespace: Hostile.Same\ncategories:\n  orders:\n    events: [order_placed]\n");
        Write("second.events.yaml", "namespace: Hostile.Same\nclass: Other\ncategories:\n  shop:\n    events: [order_placed]\n");
        Write("not-named-like-one.yaml", "categories:\n  orders:\n    events: [order_placed]\n");

        (string[] fromBuild, string[] fromCheck, RunResult check) = BuildAndCheck(folder);
        Assert.That(fromBuild, Has.Length.EqualTo(16), "every hostile file has its line in the build:\n" + string.Join("\n", fromBuild));
        Assert.That(fromCheck, Is.EqualTo(fromBuild), "check:\n" + string.Join("\n", fromCheck) + "\nbuild:\n" + string.Join("\n", fromBuild));
        Assert.That(check.ExitCode, Is.EqualTo(1));
    }

    [Test]
    public void Check_gives_the_builds_warnings_line_for_line()
    {
        string folder = Repo.NewTempFolder("check-vs-build-warnings");
        File.WriteAllText(Path.Combine(folder, "events.schema.yaml"), "namespace: Warned\ncategories:\n  cluster:\n    descripton: x\n    events:\n      joined:\n        deprecated: no\n        description: yes\n");
        File.WriteAllText(Path.Combine(folder, "looks-like.yml"), "categories:\n  orders:\n    events: [order_placed]\n");
        File.WriteAllText(Path.Combine(folder, "named.events.yaml"), "namespace: Warned.Other\nclass: Other\ncategories:\n  orders:\n    events: [order_placed]\n");

        (string[] fromBuild, string[] fromCheck, RunResult check) = BuildAndCheck(folder);
        Assert.That(fromBuild, Has.Length.EqualTo(5), string.Join("\n", fromBuild));
        Assert.That(fromCheck, Is.EqualTo(fromBuild), "check:\n" + string.Join("\n", fromCheck) + "\nbuild:\n" + string.Join("\n", fromBuild));
        Assert.That(check.ExitCode, Is.EqualTo(0));
    }

    /// <summary>
    /// Builds <paramref name="folder"/> as a project with the generator as its analyzer (and the package's props,
    /// which pass every YAML file and the RootNamespace), and runs <c>check</c> on the folder: the build's EVC
    /// lines (the project suffix removed) and check's, each sorted.
    /// </summary>
    private static (string[] FromBuild, string[] FromCheck, RunResult Check) BuildAndCheck(string folder)
    {
        string toolFolder = Path.GetDirectoryName(Repo.ToolDll)!;
        File.WriteAllText(Path.Combine(folder, "Project.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Repo.Combine("generator", "EventCatalog.Generator", "build", "EventCatalog.props")}" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <Analyzer Include="{Path.Combine(toolFolder, "EventCatalog.Generator.dll")}" />
                <Analyzer Include="{Path.Combine(toolFolder, "YamlDotNet.dll")}" />
                <Reference Include="{Repo.Combine("runtime", "EventCatalog.Runtime", "bin", Repo.Configuration, "net8.0", "EventCatalog.Runtime.dll")}" />
              </ItemGroup>
            </Project>
            """);

        RunResult build = Run.Process("dotnet", folder, TimeSpan.FromMinutes(5), "build", "-nologo", "-v:q", "-clp:NoSummary", "-p:UseSharedCompilation=false");
        var line = new Regex(@"^(?<diagnostic>.+\(\d+,\d+\): (error|warning) EVC\d+: .*?) \[[^\]]+\.csproj\]$");
        string[] fromBuild = build.DiagnosticLines.Select(l => line.Match(l)).Where(m => m.Success).Select(m => m.Groups["diagnostic"].Value).Distinct().OrderBy(l => l, StringComparer.Ordinal).ToArray();
        Assert.That(build.ExitCode, Is.EqualTo(fromBuild.Any(l => l.Contains(": error EVC", StringComparison.Ordinal)) ? 1 : 0), build.ToString());

        RunResult check = Run.Tool(folder, "check", folder);
        string[] fromCheck = check.DiagnosticLines
            .Where(l => l.Contains(": error EVC", StringComparison.Ordinal) || !fromBuild.Any(b => b.Contains(": error EVC", StringComparison.Ordinal)) || l.Contains("warning EVC011", StringComparison.Ordinal))
            .OrderBy(l => l, StringComparer.Ordinal)
            .ToArray();
        return (fromBuild, fromCheck, check);
    }
}
