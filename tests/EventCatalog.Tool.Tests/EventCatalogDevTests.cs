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
/// <c>eventcatalog export eventcatalog</c> (issue 26): the root catalog with <c>--project</c> on the sample is a folder the
/// real <c>@eventcatalog/linter</c> finds no problem in; its services' sends and receives are the sample's real sites;
/// channels, events, versions, deprecation and schema files carry the catalog; re-runs are deterministic and never
/// overwrite a file the export did not write.
/// </summary>
public class EventCatalogDevTests
{
    private static readonly string SampleProject = Repo.Combine("samples", "ExESDB.ControlPlane", "ExESDB.ControlPlane.csproj");

    /// <summary>The root catalog with the sample, exported once for the tests that read it (loading the sample takes a while).</summary>
    private static readonly Lazy<string> s_rootWithSample = new(() =>
    {
        string folder = Path.Combine(Repo.NewTempFolder("ecdev-root"), "catalog");
        RunResult export = Run.Tool(Repo.Root, "export", "eventcatalog", "events.schema.yaml", "-o", folder, "--project", SampleProject);
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        return folder;
    });

    /// <summary>Versions, deprecation, and descriptions full of what Markdown, MDX and YAML read.</summary>
    private const string VersionedCatalog = """
        namespace: Acme.Stock
        class: StockEvents
        topic: "stock.{store}.{category}"
        type_prefix: com.acme.stock.
        categories:
          items:
            description: "Items: {braces}, <b>tags</b>, | pipes |, # hashes and `ticks`"
            events:
              item_added:
                version: 3
                description: "An item was added # not a heading; {not: mdx} <script>alert(1)</script> & more: done"
                data: { sku: string, quantity: int, bin: string? }
                versions:
                  1: { data: { sku: string } }
                  2: { data: { sku: string, quantity: int } }
              item_removed:
                description: "# 1. starts like a heading"
                deprecated: "use item_moved: it says where"
                data: { sku: string }
              item_moved:
                data: { sku: string, to: string }
        """;

    private static RunResult Lint(string folder) =>
        Run.Process("node", NodePackages.Folder, TimeSpan.FromMinutes(2), Path.Combine("node_modules", "@eventcatalog", "linter", "dist", "cli", "index.js"), folder);

    private static string WriteCatalog(string name, string text)
    {
        string folder = Repo.NewTempFolder(name);
        File.WriteAllText(Path.Combine(folder, "events.schema.yaml"), text.Replace("\r\n", "\n"));
        return folder;
    }

    /// <summary>The YAML frontmatter of an .mdx page, read by YamlDotNet (not the tool's writer).</summary>
    private static Dictionary<object, object> Frontmatter(string path)
    {
        string[] lines = File.ReadAllText(path).Split('\n');
        Assert.That(lines[0], Is.EqualTo("---"), path);
        int end = Array.IndexOf(lines, "---", 1);
        Assert.That(end, Is.GreaterThan(0), path);
        return new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(string.Join('\n', lines[1..end]));
    }

    private static List<object> List(Dictionary<object, object> map, string key) => (List<object>)map[key];

    private static Dictionary<object, object> Map(object node) => (Dictionary<object, object>)node;

    private static string[] Ids(Dictionary<object, object> page, string key) => List(page, key).Select(p => (string)Map(p)["id"]).ToArray();

    [Test]
    public void The_root_catalog_with_the_sample_passes_the_real_linter_with_no_problem()
    {
        RunResult lint = Lint(s_rootWithSample.Value);
        Assert.That(lint.ExitCode, Is.EqualTo(0), lint.ToString());
        Assert.That(lint.Stdout, Does.Contain("No problems found"), lint.ToString());
        Assert.That(lint.Stdout, Does.Contain("73 files checked"), "a domain, a service, 7 channels, 63 events and a team: " + lint);
    }

    [Test]
    public void The_linter_this_test_runs_does_report_a_broken_folder()
    {
        // The linter test means something only if the linter finds problems: without its team and a channel, the same folder fails.
        string broken = Repo.NewTempFolder("ecdev-broken");
        foreach (string file in Directory.GetFiles(s_rootWithSample.Value, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(broken, Path.GetRelativePath(s_rootWithSample.Value, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        Directory.Delete(Path.Combine(broken, "channels", "system"), recursive: true);
        Directory.Delete(Path.Combine(broken, "teams"), recursive: true);
        RunResult lint = Lint(broken);
        Assert.That(lint.ExitCode, Is.EqualTo(1), lint.ToString());
        Assert.That(lint.Stdout, Does.Contain("Referenced channel \"system\" (version: 1.0.0) does not exist"), lint.ToString());
        Assert.That(lint.Stdout, Does.Contain("refs/owner-exists"), lint.ToString());
    }

    [Test]
    public void The_sample_service_sends_and_receives_what_its_code_publishes_and_handles()
    {
        // The oracle: the AsyncAPI export's sites (its own tests check them against the code) for the same project.
        RunResult asyncApi = Run.Tool(Repo.Root, "export", "asyncapi", "events.schema.yaml", "--format", "json", "--project", SampleProject);
        Assert.That(asyncApi.ExitCode, Is.EqualTo(0), asyncApi.ToString());
        JsonObject operations = JsonNode.Parse(asyncApi.Stdout)!["operations"]!.AsObject();
        var published = operations.Where(o => (string?)o.Value!["action"] == "send")
            .SelectMany(o => o.Value!["x-eventcatalog-publish-sites"]!.AsArray().Select(s => (Event: (string)s!["event"]!, Site: (string)s["site"]!)))
            .ToList();
        var receivedCategories = operations.Where(o => (string?)o.Value!["action"] == "receive")
            .Where(o => o.Value!["x-eventcatalog-handlers"]!.AsArray().Count + o.Value["x-eventcatalog-subscriptions"]!.AsArray().Count > 0)
            .Select(o => ((string)o.Value!["channel"]!["$ref"]!).Split('/')[^1])
            .ToList();
        Assert.That(published, Is.Not.Empty);
        Assert.That(receivedCategories, Is.Not.Empty);

        string servicePath = Path.Combine(s_rootWithSample.Value, "services", "ExESDB.ControlPlane", "index.mdx");
        Assert.That(Directory.GetDirectories(Path.Combine(s_rootWithSample.Value, "services")).Select(Path.GetFileName), Is.EqualTo(new[] { "ExESDB.ControlPlane" }), "one service per project");
        Dictionary<object, object> service = Frontmatter(servicePath);
        Assert.That(Ids(service, "sends"), Is.EquivalentTo(published.Select(p => p.Event).Distinct()));
        foreach (object send in List(service, "sends"))
        {
            string evt = (string)Map(send)["id"];
            string channel = (string)Map(List(Map(send), "to")[0])["id"];
            Assert.That(operations["send" + char.ToUpperInvariant(channel[0]) + channel[1..]]!["x-eventcatalog-publish-sites"]!.AsArray().Select(s => (string?)s!["event"]), Does.Contain(evt), $"{evt} is sent to its category's channel");
        }

        var receives = List(service, "receives").Select(r => (Event: (string)Map(r)["id"], Channel: (string)Map(List(Map(r), "from")[0])["id"])).ToList();
        Assert.That(receives.Select(r => r.Channel).Distinct(), Is.EquivalentTo(receivedCategories));
        var catalog = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(Repo.RootCatalog));
        foreach (string category in receivedCategories)
        {
            IEnumerable<object> events = Map(Map(Map(catalog["categories"])[category])["events"]).Keys;
            Assert.That(receives.Where(r => r.Channel == category).Select(r => r.Event), Is.EquivalentTo(events), $"every event of {category} is received");
        }

        string body = File.ReadAllText(servicePath);
        foreach ((string evt, string site) in published)
        {
            Assert.That(body, Does.Contain($"| `{evt}` | `{site}` |"), "the page lists each publish site");
        }

        Dictionary<object, object> domain = Frontmatter(Path.Combine(s_rootWithSample.Value, "domains", "ExESDB.Events", "index.mdx"));
        Assert.That(Ids(domain, "services"), Is.EqualTo(new[] { "ExESDB.ControlPlane" }));
    }

    [Test]
    public void Channels_events_and_schemas_carry_the_root_catalog()
    {
        string folder = s_rootWithSample.Value;
        var catalog = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(Repo.RootCatalog));
        var categories = Map(catalog["categories"]);
        Assert.That(Directory.GetDirectories(Path.Combine(folder, "channels")).Select(Path.GetFileName), Is.EquivalentTo(categories.Keys));
        string schemas = Repo.NewTempFolder("ecdev-jsonschema");
        Assert.That(Run.Tool(Repo.Root, "export", "jsonschema", "events.schema.yaml", "-o", schemas).ExitCode, Is.EqualTo(0));

        int events = 0;
        foreach ((object key, object value) in categories)
        {
            string category = (string)key;
            Dictionary<object, object> channel = Frontmatter(Path.Combine(folder, "channels", category, "index.mdx"));
            Assert.That(channel["address"], Is.EqualTo($"exesdb:control:{{store}}:{category}"));
            Assert.That(channel["version"], Is.EqualTo("1.0.0"));
            Assert.That(channel["summary"], Is.EqualTo(Map(value)["description"]));
            Assert.That((string)Map(Map(channel["parameters"])["store"])["description"], Does.StartWith("The store id"));
            foreach ((object eventKey, object eventValue) in Map(Map(value)["events"]))
            {
                string name = (string)eventKey;
                string page = Path.Combine(folder, "events", name, "index.mdx");
                Dictionary<object, object> evt = Frontmatter(page);
                Assert.That(evt["id"], Is.EqualTo(name));
                Assert.That(evt["version"], Is.EqualTo("1.0.0"));
                Assert.That(evt["summary"], Is.EqualTo(Map(eventValue)["description"]));
                Assert.That(evt["schemaPath"], Is.EqualTo("schema.json"));
                Assert.That(evt.ContainsKey("channels"), Is.False, "EventCatalog 3 links a message to its channels through the services' sends.to and receives.from");
                Assert.That(evt.ContainsKey("deprecated"), Is.False);
                Assert.That(File.ReadAllText(Path.Combine(folder, "events", name, "schema.json")), Is.EqualTo(File.ReadAllText(Path.Combine(schemas, name + ".data.schema.json"))), "the same schema as export jsonschema");
                Assert.That(File.ReadAllText(page), Does.Contain($"CloudEvent of type `io.exesdb.control.{name}`"));
                events++;
            }
        }

        Assert.That(events, Is.EqualTo(63));
        Assert.That(Directory.GetDirectories(Path.Combine(folder, "events")), Has.Length.EqualTo(63));
        string config = File.ReadAllText(Path.Combine(folder, "eventcatalog.config.js"));
        Assert.That(config, Does.Contain("export default {").And.Contain("title: \"ExESDB.Events\"").And.Contain("organizationName: \"ExESDB\"").And.Match("cId: \"[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\""));
        Assert.That(JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "package.json")))!["type"]!.GetValue<string>(), Is.EqualTo("module"), "EventCatalog imports the config as an ES module");
    }

    [Test]
    public void Versions_deprecation_and_hostile_descriptions()
    {
        string source = WriteCatalog("ecdev-versions", VersionedCatalog);
        string folder = Path.Combine(source, "out");
        RunResult export = Run.Tool(source, "export", "eventcatalog", "-o", folder, "--owner", "stock-team", "--api-version", "2.1.0");
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());

        Dictionary<object, object> added = Frontmatter(Path.Combine(folder, "events", "item_added", "index.mdx"));
        Assert.That(added["version"], Is.EqualTo("3.0.0"));
        Assert.That(added["name"], Is.EqualTo("ItemAdded"));
        Assert.That(List(added, "owners"), Is.EqualTo(new[] { "stock-team" }));
        Assert.That(added["summary"], Is.EqualTo("An item was added # not a heading; {not: mdx} <script>alert(1)</script> & more: done"), "YAML keeps the text as it is");
        Assert.That(File.ReadAllText(Path.Combine(folder, "events", "item_added", "index.mdx")), Does.Contain("On channel [`items`](/docs/channels/items/2.1.0)"));
        foreach ((int version, string[] fields) in new[] { (1, new[] { "sku" }), (2, new[] { "sku", "quantity" }) })
        {
            string versioned = Path.Combine(folder, "events", "item_added", "versioned", $"{version}.0.0");
            Dictionary<object, object> page = Frontmatter(Path.Combine(versioned, "index.mdx"));
            Assert.That(page["version"], Is.EqualTo($"{version}.0.0"));
            Assert.That(page["name"], Is.EqualTo($"ItemAddedV{version}"));
            JsonNode schema = JsonNode.Parse(File.ReadAllText(Path.Combine(versioned, "schema.json")))!;
            Assert.That(schema["properties"]!.AsObject().Select(p => p.Key), Is.EqualTo(fields), $"version {version}'s own fields");
        }

        Assert.That(Directory.GetDirectories(Path.Combine(folder, "events", "item_added", "versioned")), Has.Length.EqualTo(2));
        Assert.That(JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "events", "item_added", "schema.json")))!["properties"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "sku", "quantity", "bin" }));

        Dictionary<object, object> removed = Frontmatter(Path.Combine(folder, "events", "item_removed", "index.mdx"));
        Assert.That(Map(removed["deprecated"])["message"], Is.EqualTo("use item_moved: it says where"));
        Assert.That(Directory.Exists(Path.Combine(folder, "events", "item_removed", "versioned")), Is.False);
        Assert.That(File.ReadAllText(Path.Combine(folder, "events", "item_removed", "index.mdx")), Does.Contain("\n\n\\# 1. starts like a heading\n\n**Deprecated:** use item\\_moved\\: it says where\n"));

        // The body: no raw MDX syntax from the catalog (an unescaped '{' or '<' is JavaScript or JSX to MDX).
        string body = File.ReadAllText(Path.Combine(folder, "events", "item_added", "index.mdx")).Split("---\n")[2];
        Assert.That(body, Does.Contain(@"An item was added # not a heading; \{not\: mdx\} \<script\>alert(1)\</script\> \& more\: done"));
        string channelBody = File.ReadAllText(Path.Combine(folder, "channels", "items", "index.mdx")).Split("---\n")[2];
        Assert.That(channelBody, Does.Contain(@"Items\: \{braces\}, \<b\>tags\</b\>, \| pipes \|, # hashes and \`ticks\`"));
        Assert.That(Frontmatter(Path.Combine(folder, "domains", "Acme.Stock.StockEvents", "index.mdx"))["version"], Is.EqualTo("2.1.0"));
        Assert.That(File.Exists(Path.Combine(folder, "teams", "stock-team.mdx")), Is.True);
        Assert.That(Directory.Exists(Path.Combine(folder, "services")), Is.False, "no --project, no service");

        // Every frontmatter the linter's schemas check is valid; with no service, each event (and each earlier version) is an orphan: a warning, not an error.
        RunResult lint = Lint(folder);
        Assert.That(lint.ExitCode, Is.EqualTo(0), lint.ToString());
        Assert.That(lint.Stdout, Does.Contain("(0 errors, 5 warnings)"), lint.ToString());
        Assert.That(lint.Stdout.Split('\n').Where(l => l.Contains("⚠ warning")).Select(l => l.Trim()).ToArray(), Has.Length.EqualTo(5).And.All.EndWith("(refs/orphan-messages)"), lint.ToString());
    }

    [Test]
    public void Re_running_is_deterministic_removes_what_it_no_longer_writes_and_leaves_other_files_alone()
    {
        string source = WriteCatalog("ecdev-rerun", VersionedCatalog);
        string folder = Path.Combine(source, "out");
        Assert.That(Run.Tool(source, "export", "eventcatalog", "-o", folder).ExitCode, Is.EqualTo(0));
        Dictionary<string, string> first = Snapshot(folder);
        string mine = Path.Combine(folder, "docs", "notes.mdx");
        Directory.CreateDirectory(Path.GetDirectoryName(mine)!);
        File.WriteAllText(mine, "my notes");
        string myEventFile = Path.Combine(folder, "events", "item_moved", "changelog.mdx");
        File.WriteAllText(myEventFile, "my changelog");

        RunResult again = Run.Tool(source, "export", "eventcatalog", "-o", folder);
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(again.Stdout, Does.Contain($": 0 files written, {first.Count - 1} unchanged, 0 removed"), again.ToString());
        Dictionary<string, string> second = Snapshot(folder);
        second.Remove("docs/notes.mdx");
        second.Remove("events/item_moved/changelog.mdx");
        Assert.That(second, Is.EqualTo(first), "the same bytes");

        // The catalog loses an event and a version: their files go, the user's stay.
        File.WriteAllText(Path.Combine(source, "events.schema.yaml"), VersionedCatalog
            .Replace("version: 3", "version: 2").Replace("          2: { data: { sku: string, quantity: int } }\n", "")
            .Replace("      item_moved:\n        data: { sku: string, to: string }", ""));
        RunResult smaller = Run.Tool(source, "export", "eventcatalog", "-o", folder);
        Assert.That(smaller.ExitCode, Is.EqualTo(0), smaller.ToString());
        Assert.That(Directory.Exists(Path.Combine(folder, "events", "item_added", "versioned", "2.0.0")), Is.False);
        Assert.That(Directory.Exists(Path.Combine(folder, "events", "item_added", "versioned", "1.0.0")), Is.True);
        Assert.That(File.Exists(Path.Combine(folder, "events", "item_moved", "index.mdx")), Is.False);
        Assert.That(File.ReadAllText(myEventFile), Is.EqualTo("my changelog"), "a file the export did not write is left alone, and so is its folder");
        Assert.That(File.ReadAllText(mine), Is.EqualTo("my notes"));
        Assert.That(Frontmatter(Path.Combine(folder, "events", "item_added", "index.mdx"))["version"], Is.EqualTo("2.0.0"));
    }

    [Test]
    public void A_file_the_export_did_not_write_in_the_way_makes_it_refuse_before_writing_anything()
    {
        string source = WriteCatalog("ecdev-refuse", VersionedCatalog);
        string folder = Path.Combine(source, "out");
        Directory.CreateDirectory(Path.Combine(folder, "channels", "items"));
        File.WriteAllText(Path.Combine(folder, "eventcatalog.config.js"), "export default { title: 'mine' };\n");
        File.WriteAllText(Path.Combine(folder, "channels", "items", "index.mdx"), "mine\n");

        RunResult export = Run.Tool(source, "export", "eventcatalog", "-o", folder);
        Assert.That(export.ExitCode, Is.EqualTo(2), export.ToString());
        Assert.That(export.Stderr, Does.Contain("2 of the files to write are already there and were not written by an earlier export").And.Contain("channels/items/index.mdx, eventcatalog.config.js"), export.ToString());
        Assert.That(Snapshot(folder).Keys, Is.EquivalentTo(new[] { "eventcatalog.config.js", "channels/items/index.mdx" }), "nothing was written");
        Assert.That(File.ReadAllText(Path.Combine(folder, "eventcatalog.config.js")), Does.Contain("mine"));
    }

    [TestCase("output-is-a-file")]
    [TestCase("bad-api-version")]
    [TestCase("bad-owner")]
    [TestCase("missing-project")]
    [TestCase("manifest-escapes")]
    [TestCase("manifest-not-json")]
    public void Bad_arguments_and_folders_are_errors_naming_them(string kind)
    {
        string source = WriteCatalog("ecdev-bad", VersionedCatalog);
        string folder = Path.Combine(source, "out");
        string[] args = { "export", "eventcatalog", "-o", folder };
        string expected;
        switch (kind)
        {
            case "output-is-a-file":
                File.WriteAllText(folder, "x");
                expected = $"{folder}: is a file";
                break;
            case "bad-api-version":
                args = args.Concat(new[] { "--api-version", "1.0" }).ToArray();
                expected = "--api-version '1.0' is not a semantic version";
                break;
            case "bad-owner":
                args = args.Concat(new[] { "--owner", "../team" }).ToArray();
                expected = "--owner '../team' is not a team id";
                break;
            case "missing-project":
                args = args.Concat(new[] { "--project", "nowhere/Missing.csproj" }).ToArray();
                expected = "nowhere/Missing.csproj: the project or solution file does not exist";
                break;
            case "manifest-escapes":
                Directory.CreateDirectory(folder);
                File.WriteAllText(Path.Combine(folder, ".eventcatalog-export.json"), """{"files":["events/a/index.mdx","../../victim.txt"]}""");
                File.WriteAllText(Path.Combine(source, "victim.txt"), "keep");
                expected = "lists \"../../victim.txt\", which is not a relative path inside the folder";
                break;
            default:
                Directory.CreateDirectory(folder);
                File.WriteAllText(Path.Combine(folder, ".eventcatalog-export.json"), "{ files: ");
                expected = ".eventcatalog-export.json: not valid JSON";
                break;
        }

        RunResult run = Run.Tool(source, args);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.StartWith("eventcatalog: ").And.Contain(expected), run.ToString());
        Assert.That(run.Stderr, Does.Not.Contain("   at "), "one line, no stack trace");
        Assert.That(Directory.Exists(Path.Combine(folder, "events")), Is.False, "nothing was written");
        if (kind == "manifest-escapes")
        {
            Assert.That(File.ReadAllText(Path.Combine(source, "victim.txt")), Is.EqualTo("keep"));
        }
    }

    /// <summary>The catalog of <see cref="VersionedCatalog"/>'s shape with one event whose description is <paramref name="description"/> and the topic template <paramref name="template"/>.</summary>
    private static string HostileCatalog(string description, string template) => $$"""
        namespace: Acme.Stock
        class: StockEvents
        topic: {{System.Text.Json.JsonSerializer.Serialize(template)}}
        categories:
          items:
            description: {{System.Text.Json.JsonSerializer.Serialize(description)}}
            events:
              item_added:
                description: {{System.Text.Json.JsonSerializer.Serialize(description)}}
                data: { sku: { type: string, description: {{System.Text.Json.JsonSerializer.Serialize(description)}} } }
        """;

    /// <summary>
    /// Prose from the catalog (a description) in a paragraph and in a table cell: each kind of text that MDX or Markdown
    /// would run or read as syntax (an ESM statement, JSX, an expression, an HTML comment, a code span, a table's '|', a
    /// block's start, an entity, a directive, math) is escaped so that it is shown as written (checked with @mdx-js/mdx
    /// 3.1.1 and remark-gfm, which read each expected line back as the text itself).
    /// </summary>
    [TestCase("import fs from 'node:fs'", @"&#105;mport fs from 'node\:fs'")]
    [TestCase("export const pwned = {a: 1}", @"&#101;xport const pwned = \{a\: 1\}")]
    [TestCase("importer of stock", @"&#105;mporter of stock")]
    [TestCase("Import and Export", "Import and Export")]
    [TestCase("first line\nimport x from 'y'", @"first line import x from 'y'")]
    [TestCase("  export default 1", @"&#101;xport default 1")]
    [TestCase("<Alert>hi</Alert> <b/>", @"\<Alert\>hi\</Alert\> \<b/\>")]
    [TestCase("{process.exit(1)}", @"\{process.exit(1)\}")]
    [TestCase("<!-- hidden --> shown", @"\<!-- hidden --\> shown")]
    [TestCase("`code` and ``more``", @"\`code\` and \`\`more\`\`")]
    [TestCase("a | b | c", @"a \| b \| c")]
    [TestCase("1. first", @"1\. first")]
    [TestCase("12) twelfth", @"12\) twelfth")]
    [TestCase("   # indented heading", @"\# indented heading")]
    [TestCase("- dash", @"\- dash")]
    [TestCase("> quote", @"\> quote")]
    [TestCase("&amp; $x$ :::note *em* _em_ ~~s~~ [l](u)", @"\&amp; \$x\$ \:\:\:note \*em\* \_em\_ \~\~s\~\~ \[l\](u)")]
    [TestCase("back\\slash", @"back\\slash")]
    public void Prose_from_the_catalog_is_inert_and_shown_as_written(string description, string expected)
    {
        string source = WriteCatalog("ecdev-prose", HostileCatalog(description, "stock.{store}.{category}"));
        string folder = Path.Combine(source, "out");
        RunResult export = Run.Tool(source, "export", "eventcatalog", "-o", folder);
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());

        string eventPage = File.ReadAllText(Path.Combine(folder, "events", "item_added", "index.mdx"));
        string[] body = eventPage.Split("---\n")[2].Split('\n');
        Assert.That(body[1], Is.EqualTo(expected), "the description's paragraph:\n" + eventPage);
        Assert.That(body, Does.Contain($"| `sku` | `string` | yes | {expected} |"), "the field's table cell:\n" + eventPage);
        string channelPage = File.ReadAllText(Path.Combine(folder, "channels", "items", "index.mdx"));
        Assert.That(channelPage, Does.Contain($"The topic of category `items`: {expected}. Its frames").And.Contain($"| {expected} |"), channelPage);
        Assert.That(Frontmatter(Path.Combine(folder, "events", "item_added", "index.mdx"))["summary"], Is.EqualTo(description), "the frontmatter keeps the text as it is");
    }

    /// <summary>
    /// Text shown as code (the topic template, and a category's address in the domain's table) is the exact text: a code
    /// span fenced by more backticks than it holds, padded where it starts or ends with one, and in a table cell with each
    /// '|' escaped (GFM splits a row at a bare '|' even inside a code span).
    /// </summary>
    [TestCase("stock.{store}.{category}", "`stock.{store}.{category}`", "`stock.{store}.items`")]
    [TestCase("stock|{store}|{category}", "`stock|{store}|{category}`", @"`stock\|{store}\|items`")]
    [TestCase("s`{store}.{category}", "``s`{store}.{category}``", "``s`{store}.items``")]
    [TestCase("{category}.{store}`", "`` {category}.{store}` ``", "`` items.{store}` ``")]
    [TestCase("s``{store}`|{category}", "```s``{store}`|{category}```", @"```s``{store}`\|items```")]
    public void Code_from_the_catalog_is_an_exact_code_span_in_prose_and_in_table_cells(string template, string prose, string cell)
    {
        string source = WriteCatalog("ecdev-code", HostileCatalog("plain", template));
        string folder = Path.Combine(source, "out");
        RunResult export = Run.Tool(source, "export", "eventcatalog", "-o", folder);
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        string page = File.ReadAllText(Path.Combine(folder, "domains", "Acme.Stock.StockEvents", "index.mdx"));
        Assert.That(page, Does.Contain($"on topics named by the template {prose}.\n"), page);
        Assert.That(page, Does.Contain($"| [`items`](/docs/channels/items/1.0.0) | {cell} | 1 |\n"), page);
    }

    [Test]
    public void A_project_name_that_is_no_id_gives_a_service_id_and_keeps_its_name()
    {
        string source = Adversary26Tests.RestoredProject("ecdev-name", "Shop (legacy).csproj", "<TargetFramework>net10.0</TargetFramework>");
        string folder = Path.Combine(source, "out");
        RunResult export = Run.Tool(source, "export", "eventcatalog", "-o", folder, "--project", "Shop (legacy).csproj");
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        Assert.That(Directory.GetDirectories(Path.Combine(folder, "services")).Select(Path.GetFileName), Is.EqualTo(new[] { "Shop-legacy" }), export.ToString());
        Dictionary<object, object> service = Frontmatter(Path.Combine(folder, "services", "Shop-legacy", "index.mdx"));
        Assert.That(service["id"], Is.EqualTo("Shop-legacy"));
        Assert.That(service["name"], Is.EqualTo("Shop (legacy)"));
        Assert.That(File.ReadAllText(Path.Combine(folder, "services", "Shop-legacy", "index.mdx")), Does.Contain("What the code of Shop (legacy) does"));
        Assert.That(Ids(Frontmatter(Path.Combine(folder, "domains", "Acme.Stock.StockEvents", "index.mdx")), "services"), Is.EqualTo(new[] { "Shop-legacy" }));
    }

    [Test]
    public void Two_projects_that_would_be_one_service_id_are_refused_naming_both()
    {
        string first = Adversary26Tests.RestoredProject("ecdev-clash-a", "Shop Api.csproj", "<TargetFramework>net10.0</TargetFramework>");
        string second = Adversary26Tests.RestoredProject("ecdev-clash-b", "shop-api.csproj", "<TargetFramework>net10.0</TargetFramework>");
        string folder = Path.Combine(first, "out");
        RunResult export = Run.Tool(first, "export", "eventcatalog", "-o", folder, "--project", "Shop Api.csproj", "--project", Path.Combine(second, "shop-api.csproj"));
        Assert.That(export.ExitCode, Is.EqualTo(2), export.ToString());
        Assert.That(export.Stderr, Does.StartWith("eventcatalog: ").And.Contain("the projects 'Shop Api' and 'shop-api' would both be the EventCatalog.dev service 'Shop-Api'"), export.ToString());
        Assert.That(Directory.Exists(folder), Is.False, "nothing was written");
    }

    [Test]
    public void A_class_that_handles_two_categories_makes_its_service_receive_both()
    {
        const string catalog = """
            namespace: Shop
            class: ShopEvents
            categories:
              orders:
                events:
                  order_placed: { data: { order_id: string } }
              billing:
                events:
                  invoice_sent: { data: { order_id: string } }
            """;
        const string handlers = """
            using System.Threading;
            using System.Threading.Tasks;
            using EventCatalog;

            namespace Shop;

            public sealed class Back : IOrdersHandler, IBillingHandler
            {
                public ValueTask HandleAsync(EventEnvelope<OrderPlaced> evt, CancellationToken cancellationToken) => default;
                public ValueTask HandleAsync(EventEnvelope<InvoiceSent> evt, CancellationToken cancellationToken) => default;
            }
            """;
        string project = ConsumerProject.Write("Back", catalog, "System.Console.WriteLine();");
        string source = Path.GetDirectoryName(project)!;
        File.WriteAllText(Path.Combine(source, "Handlers.cs"), handlers + "\n");
        string folder = Path.Combine(source, "out");
        RunResult export = Run.Tool(source, "export", "eventcatalog", "-o", folder, "--project", "Back.csproj");
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        string page = Path.Combine(folder, "services", "Back", "index.mdx");
        Assert.That(Ids(Frontmatter(page), "receives"), Is.EqualTo(new[] { "order_placed", "invoice_sent" }), File.ReadAllText(page));
        Assert.That(File.ReadAllText(page), Does.Contain("| `orders` | `Back` (every event) at `Handlers.cs:7` |\n| `billing` | `Back` (every event) at `Handlers.cs:7` |\n"), File.ReadAllText(page));
    }

    /// <summary>Every file under <paramref name="folder"/>: '/'-separated relative path → text.</summary>
    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText);
}
