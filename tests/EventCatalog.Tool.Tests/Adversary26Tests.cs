using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using EventCatalog.Tool.Tests.Infrastructure;
using NUnit.Framework;
using YamlDotNet.Serialization;

namespace EventCatalog.Tool.Tests;

/// <summary>
/// Adversarial cases against <c>eventcatalog export eventcatalog</c> and the AsyncAPI round trip (issue 26): what the catalog
/// says must reach EventCatalog.dev as text (never as MDX code or broken frontmatter), bad folders are one-line errors, and a
/// catalog exported to AsyncAPI and read back exports the same document.
/// </summary>
public class Adversary26Tests
{
    private static string WriteCatalog(string name, string text)
    {
        string folder = Repo.NewTempFolder(name);
        File.WriteAllText(Path.Combine(folder, "events.schema.yaml"), text.Replace("\r\n", "\n"));
        return folder;
    }

    private static string Catalog(string description) => $$"""
        namespace: Acme.Stock
        class: StockEvents
        topic: "stock.{store}.{category}"
        categories:
          items:
            description: {{description}}
            events:
              item_added:
                description: {{description}}
                data: { sku: string }
        """;

    /// <summary>A folder with the plain catalog and a restored SDK project <paramref name="fileName"/> (no sites) with the given target property.</summary>
    internal static string RestoredProject(string name, string fileName, string targets)
    {
        string source = WriteCatalog(name, Catalog("plain"));
        File.WriteAllText(Path.Combine(source, fileName), $"<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>{targets}</PropertyGroup></Project>\n");
        File.WriteAllText(Path.Combine(source, "C.cs"), "class C { }\n");
        RunResult restore = Run.Process("dotnet", source, TimeSpan.FromMinutes(3), "restore", fileName);
        Assert.That(restore.ExitCode, Is.EqualTo(0), restore.ToString());
        return source;
    }

    private static (Dictionary<object, object> Frontmatter, string Body) Page(string path)
    {
        string text = File.ReadAllText(path);
        string[] lines = text.Split('\n');
        Assert.That(lines[0], Is.EqualTo("---"), path);
        int end = Array.IndexOf(lines, "---", 1);
        Assert.That(end, Is.GreaterThan(0), path);
        var frontmatter = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(string.Join('\n', lines[1..end]));
        return (frontmatter, string.Join('\n', lines[(end + 1)..]));
    }

    /// <summary>A description that is an MDX ESM statement must stay a paragraph: MDX runs 'import'/'export' lines at build time.</summary>
    [TestCase("import fs from 'node:fs'")]
    [TestCase("export const pwned = 1")]
    [TestCase("import 'x'")]
    public void A_description_that_reads_as_mdx_esm_is_escaped(string description)
    {
        string source = WriteCatalog("adv26-esm", Catalog("\"" + description + "\""));
        string folder = Path.Combine(source, "out");
        RunResult export = Run.Tool(source, "export", "eventcatalog", "-o", folder);
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        foreach (string page in new[] { Path.Combine(folder, "events", "item_added", "index.mdx"), Path.Combine(folder, "channels", "items", "index.mdx") })
        {
            string[] bodyLines = Page(page).Body.Split('\n');
            Assert.That(bodyLines.Where(l => l.StartsWith("import ", StringComparison.Ordinal) || l.StartsWith("export ", StringComparison.Ordinal)), Is.Empty,
                $"{page}: a body line MDX reads as an ESM statement (run at build time):\n{File.ReadAllText(page)}");
        }
    }

    /// <summary>Text that YAML reads as something else must come back from the frontmatter as the same string.</summary>
    [TestCase("a\\n---\\nb")]
    [TestCase("null")]
    [TestCase("~")]
    [TestCase("yes")]
    [TestCase("- item")]
    [TestCase("key: value")]
    [TestCase("#hash")]
    [TestCase("'single'")]
    [TestCase("\\\"double\\\"")]
    [TestCase("tab\\tinside")]
    [TestCase("  leading and trailing  ")]
    [TestCase("@at `tick` %percent &anchor *alias !tag")]
    [TestCase("line\\u2028separator")]
    [TestCase("emoji \\U0001F600 and é")]
    [TestCase("0x10")]
    [TestCase("1e3")]
    public void Hostile_summaries_survive_the_frontmatter(string description)
    {
        string source = WriteCatalog("adv26-front", Catalog("\"" + description + "\""));
        string folder = Path.Combine(source, "out");
        RunResult export = Run.Tool(source, "export", "eventcatalog", "-o", folder);
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        string expected = System.Text.RegularExpressions.Regex.Unescape(description.Replace("\\U0001F600", "\U0001F600"));
        var (frontmatter, _) = Page(Path.Combine(folder, "events", "item_added", "index.mdx"));
        Assert.That(frontmatter["summary"], Is.EqualTo(expected), File.ReadAllText(Path.Combine(folder, "events", "item_added", "index.mdx")));
    }

    [Test]
    public void A_topic_with_a_pipe_keeps_the_domain_table_to_its_three_columns()
    {
        // '|' is allowed in topic templates (TopicTemplateRules); in a GFM table a '|' splits the cell even inside a code span.
        string catalog = Catalog("plain").Replace("topic: \"stock.{store}.{category}\"", "topic: \"stock|{store}|{category}\"");
        string source = WriteCatalog("adv26-pipe", catalog);
        string folder = Path.Combine(source, "out");
        RunResult export = Run.Tool(source, "export", "eventcatalog", "-o", folder);
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        string page = Path.Combine(folder, "domains", "Acme.Stock.StockEvents", "index.mdx");
        string row = Page(page).Body.Split('\n').Single(l => l.StartsWith("| [`items`]", StringComparison.Ordinal));
        Assert.That(System.Text.RegularExpressions.Regex.Split(row, @"(?<!\\)\|"), Has.Length.EqualTo(5), "the row has more cells than the header:\n" + File.ReadAllText(page));
    }

    [Test]
    public void A_project_named_dot_dot_does_not_write_outside_services_nor_break_the_next_run()
    {
        // '...csproj' is the project '..': its service page was written to 'services/../index.mdx' (the folder's root), and the
        // manifest listing that path then made every later export refuse ("not a relative path inside the folder").
        string source = RestoredProject("adv26-dots", "...csproj", "<TargetFramework>net10.0</TargetFramework>");
        string folder = Path.Combine(source, "out");

        RunResult first = Run.Tool(source, "export", "eventcatalog", "-o", folder, "--project", "...csproj");
        Assert.That(File.Exists(Path.Combine(folder, "index.mdx")), Is.False, "a service page escaped services/:\n" + first);
        if (first.ExitCode == 0)
        {
            RunResult second = Run.Tool(source, "export", "eventcatalog", "-o", folder, "--project", "...csproj");
            Assert.That(second.ExitCode, Is.EqualTo(0), "the export's own manifest broke the re-run:\n" + second);
        }
        else
        {
            Assert.That(first.Stderr, Does.StartWith("eventcatalog: ").And.Contain("..."), first.ToString());
        }
    }

    [Test]
    public void A_multi_targeted_project_is_one_service_named_like_the_project()
    {
        // Roslyn names each target's project 'Shop(net8.0)', 'Shop(net10.0)'; EventCatalog.dev's service is the project 'Shop'.
        string source = RestoredProject("adv26-multi", "Shop.csproj", "<TargetFrameworks>net8.0;net10.0</TargetFrameworks>");
        string folder = Path.Combine(source, "out");
        RunResult export = Run.Tool(source, "export", "eventcatalog", "-o", folder, "--project", "Shop.csproj");
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        string[] services = Directory.GetDirectories(Path.Combine(folder, "services")).Select(Path.GetFileName).ToArray()!;
        Assert.That(services, Is.EqualTo(new[] { "Shop" }), export.ToString());
    }

    [Test]
    public void An_output_under_a_file_is_one_line_error()
    {
        string source = WriteCatalog("adv26-underfile", Catalog("plain"));
        File.WriteAllText(Path.Combine(source, "afile"), "x");
        RunResult run = Run.Tool(source, "export", "eventcatalog", "-o", Path.Combine(source, "afile", "out"));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.StartWith("eventcatalog: ").And.Contain("afile"), run.ToString());
        Assert.That(run.Stderr, Does.Not.Contain("   at "), "one line, no stack trace");
    }

    [Test]
    public void An_output_that_is_the_catalogs_own_folder_with_user_files_is_refused_or_leaves_them()
    {
        string source = WriteCatalog("adv26-own", Catalog("plain"));
        File.WriteAllText(Path.Combine(source, "package.json"), "{ \"name\": \"mine\" }\n");
        RunResult run = Run.Tool(source, "export", "eventcatalog", "-o", source);
        Assert.That(File.ReadAllText(Path.Combine(source, "package.json")), Does.Contain("mine"), run.ToString());
        Assert.That(File.Exists(Path.Combine(source, "events.schema.yaml")), Is.True, run.ToString());
    }

    // ---------------------------------------------------------------- AsyncAPI round trip

    private static string ExportAsyncApi(string workingDirectory, string catalog, string output)
    {
        RunResult export = Run.Tool(workingDirectory, "export", "asyncapi", catalog, "--format", "json", "-o", output);
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        return File.ReadAllText(output);
    }

    private static JsonNode WithoutSource(string document)
    {
        JsonNode node = JsonNode.Parse(document)!;
        node["info"]!.AsObject().Remove("description");
        return node;
    }

    /// <summary>Export to AsyncAPI, read that back and export again: the same document, member for member and in the same order.</summary>
    [TestCase("unused_type", """
        namespace: Acme.Stock
        types:
          refund_reason: { enum: [damaged, late] }
        categories:
          items:
            events:
              item_added: { data: { sku: string } }
        """)]
    [TestCase("types_listed_out_of_use_order", """
        namespace: Acme.Stock
        types:
          bin: { fields: { code: string } }
          shelf: { fields: { row: int } }
        categories:
          items:
            events:
              item_added: { data: { shelf: shelf, bin: bin } }
        """)]
    [TestCase("category_without_events", """
        namespace: Acme.Stock
        categories:
          items:
            events:
              item_added: { data: { sku: string } }
          empty:
            description: Nothing yet.
            events: {}
        """)]
    [TestCase("deprecated_description_ending_like_the_tail", """
        namespace: Acme.Stock
        categories:
          items:
            events:
              item_added:
                description: "Old. Deprecated: use item_moved"
                deprecated: use item_moved
                data: { sku: string }
              item_moved: { data: { sku: string } }
        """)]
    [TestCase("category_name_inside_the_template", """
        namespace: Acme.Stock
        topic: "items.{store}.{category}"
        categories:
          items:
            events:
              item_added: { data: { sku: string } }
        """)]
    public void A_catalog_survives_export_read_export(string label, string catalog)
    {
        string folder = WriteCatalog("adv26-round-" + label.Replace('_', '-'), catalog);
        string first = ExportAsyncApi(folder, "events.schema.yaml", Path.Combine(folder, "first.asyncapi.json"));
        RunResult check = Run.Tool(folder, "check", "first.asyncapi.json");
        Assert.That(check.ExitCode, Is.EqualTo(0), check + "\n" + first);
        string second = ExportAsyncApi(folder, "first.asyncapi.json", Path.Combine(folder, "second.asyncapi.json"));
        Assert.That(WithoutSource(second).ToJsonString(), Is.EqualTo(WithoutSource(first).ToJsonString()), "first:\n" + first + "\nsecond:\n" + second);
    }
}
