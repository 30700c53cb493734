using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventCatalog.Tool.Tests.Infrastructure;
using NUnit.Framework;

namespace EventCatalog.Tool.Tests;

/// <summary><c>eventcatalog export asyncapi</c>, checked by the official parser (@asyncapi/parser) and by its content.</summary>
public class AsyncApiTests
{
    private static readonly JsonSerializerOptions s_relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static RunResult Parse(string document) =>
        Run.Process("node", NodePackages.Folder, TimeSpan.FromMinutes(2), "validate-asyncapi.mjs", document);

    [TestCase("yaml")]
    [TestCase("json")]
    public void The_root_catalog_passes_the_official_parser_with_no_error_and_no_warning(string format)
    {
        string output = Path.Combine(Repo.NewTempFolder("asyncapi-root"), "asyncapi." + format);
        RunResult export = Run.Tool(Repo.Root, "export", "asyncapi", "events.schema.yaml", "-o", output);
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());

        RunResult parsed = Parse(output);
        Assert.That(parsed.ExitCode, Is.EqualTo(0), parsed.ToString());
        Assert.That(parsed.StdoutLines, Does.Contain("errors=0 warnings=0"), parsed.ToString());
        Assert.That(parsed.StdoutLines, Does.Contain("channels=7 operations=14 messages=63"), parsed.ToString());
    }

    [Test]
    public void The_every_feature_catalog_passes_the_official_parser_with_no_error_and_no_warning()
    {
        string output = Path.Combine(Repo.NewTempFolder("asyncapi-every"), "asyncapi.yaml");
        RunResult export = Run.Tool(Repo.Root, "export", "asyncapi", Repo.EveryFeatureCatalog, "-o", output, "--type-prefix", "com.acme.orders.");
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());

        RunResult parsed = Parse(output);
        Assert.That(parsed.StdoutLines, Does.Contain("errors=0 warnings=0"), parsed.ToString());
        Assert.That(parsed.StdoutLines, Does.Contain("channels=2 operations=4 messages=6"), parsed.ToString());
    }

    [Test]
    public void Channels_messages_and_schemas_carry_the_catalog()
    {
        RunResult export = Run.Tool(Repo.Root, "export", "asyncapi", Repo.EveryFeatureCatalog, "--format", "json", "--type-prefix", "com.acme.orders.");
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        JsonNode doc = JsonNode.Parse(export.Stdout)!;

        Assert.That((string?)doc["asyncapi"], Is.EqualTo("3.0.0"));
        Assert.That((string?)doc["info"]!["title"], Is.EqualTo("Acme.Orders.OrderEvents"));
        JsonNode orders = doc["channels"]!["orders"]!;
        Assert.That((string?)orders["address"], Is.EqualTo("acme.{store}.orders"));
        Assert.That((string?)orders["description"], Is.EqualTo("Order lifecycle"));
        Assert.That((string?)orders["parameters"]!["store"]!["$ref"], Is.EqualTo("#/components/parameters/store"));
        Assert.That((string?)doc["components"]!["parameters"]!["store"]!["description"], Does.EndWith("(^[A-Za-z0-9_\\-@]+$)."), "'.' is the template's separator, so no store id may hold it");
        Assert.That(((JsonObject)orders["messages"]!).Select(m => m.Key), Is.EqualTo(new[] { "order_placed", "order_shipped", "order_cancelled", "order_voided" }));

        Assert.That((string?)doc["operations"]!["sendOrders"]!["action"], Is.EqualTo("send"));
        Assert.That((string?)doc["operations"]!["receiveBilling"]!["action"], Is.EqualTo("receive"));
        Assert.That((string?)doc["operations"]!["receiveBilling"]!["messages"]![1]!["$ref"], Is.EqualTo("#/channels/billing/messages/payment_received"));

        JsonNode placed = doc["components"]!["messages"]!["order_placed"]!;
        Assert.That((string?)placed["contentType"], Is.EqualTo("application/cloudevents+json"));
        Assert.That((string?)placed["summary"], Is.EqualTo("A customer placed an order."));
        Assert.That((string?)placed["headers"]!["properties"]!["type"]!["const"], Is.EqualTo("com.acme.orders.order_placed"));
        Assert.That((string?)placed["headers"]!["properties"]!["wrapper"]!["examples"]![0], Is.EqualTo("order_message"), "the codec writes the category's wrapper and reads any non-empty one");
        Assert.That((string?)placed["headers"]!["properties"]!["category"]!["enum"]![0], Is.EqualTo("orders"));
        Assert.That((string?)placed["headers"]!["properties"]!["traceparent"]!["description"], Does.Contain("W3C Trace Context traceparent"), "the distributed-tracing attributes are described (SPEC §12)");
        Assert.That((string?)placed["headers"]!["properties"]!["tracestate"]!["description"], Does.Contain("512 characters"));
        Assert.That(placed["headers"]!["required"]!.AsArray().Select(n => (string?)n), Has.None.EqualTo("traceparent").And.None.EqualTo("tracestate"), "both are optional");
        JsonNode payload = placed["payload"]!;
        Assert.That(payload["required"]!.AsArray().Select(n => (string?)n), Is.EqualTo(new[] { "order_id", "placed_at", "total", "lines", "quantities" }));
        Assert.That(payload["properties"]!["order_id"]!.ToJsonString(s_relaxed), Is.EqualTo("""{"type":"string","format":"uuid","description":"The order's id."}"""));
        Assert.That(payload["properties"]!["placed_at"]!.ToJsonString(s_relaxed), Is.EqualTo("""{"type":"string","format":"date-time","description":"When the order was placed."}"""));
        Assert.That(payload["properties"]!["note"]!.ToJsonString(s_relaxed), Is.EqualTo("""{"type":["string","null"]}"""));
        Assert.That(payload["properties"]!["gift"]!.ToJsonString(s_relaxed), Is.EqualTo("""{"type":["boolean","null"]}"""));
        Assert.That(payload["properties"]!["quantities"]!.ToJsonString(s_relaxed), Is.EqualTo("""{"type":"object","additionalProperties":{"type":"integer","format":"int32","minimum":-2147483648,"maximum":2147483647}}"""));

        JsonNode shipped = doc["components"]!["messages"]!["order_shipped"]!["payload"]!;
        Assert.That(shipped["properties"]!["carrier_delay"]!.ToJsonString(s_relaxed), Is.EqualTo("""{"type":["string","null"],"pattern":"^-?P(?=\\d|T\\d)(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+([.,]\\d+)?S)?)?$"}"""));
        Assert.That(shipped["properties"]!["tracking"]!.ToJsonString(s_relaxed), Is.EqualTo("""{"type":"array","items":{"type":["string","null"]}}"""));

        JsonNode cancelled = doc["components"]!["messages"]!["order_cancelled"]!;
        Assert.That((string?)cancelled["summary"], Is.EqualTo("Deprecated: use order_voided"));
        Assert.That((bool?)cancelled["payload"]!["deprecated"], Is.True);
    }

    /// <summary>
    /// Issue 24, case 3: characters outside the BMP (an emoji), and every character YAML must escape or a YAML 1.1 reader folds,
    /// in category, event, field and deprecation texts: the YAML export, read by libyaml (PyYAML's C loader, Debian's
    /// python3-yaml), is the same tree as the JSON export, and the official parser reports no error.
    /// </summary>
    [Test]
    public void Every_description_round_trips_through_libyaml_and_the_official_parser()
    {
        string folder = Repo.NewTempFolder("asyncapi-unicode");
        File.WriteAllText(Path.Combine(folder, "events.schema.yaml"), """
            namespace: Acme.Unicode
            class: UnicodeEvents
            topic: "u.{store}.{category}"
            categories:
              faces:
                description: "Faces \U0001F600 and 𠜎 (U+2070E), é, ü, 中文"
                events:
                  smiled:
                    description: "A smile \U0001F600\U0001F44D; a tab\there, NEL\N, LS\L, PS\P, DEL\x7F, C1\x9B, BOM\uFEFF, NBSP\_, ESC\e, NUL\0, a quote \" and a backslash \\ and CRLF\r\n, a # and : here"
                    data:
                      face: { type: string, description: "\U0001F642 a face 🙂" }
                  frowned:
                    deprecated: "use smiled \U0001F641"
            """.Replace("\r\n", "\n"), new System.Text.UTF8Encoding(false));
        string yaml = Path.Combine(folder, "asyncapi.yaml");
        string json = Path.Combine(folder, "asyncapi.json");
        Assert.That(Run.Tool(folder, "export", "asyncapi", "-o", yaml).ExitCode, Is.EqualTo(0));
        RunResult exportJson = Run.Tool(folder, "export", "asyncapi", "-o", json);
        Assert.That(exportJson.ExitCode, Is.EqualTo(0), exportJson.ToString());

        string written = File.ReadAllText(yaml);
        Assert.That(written, Does.Contain("😀👍"), "astral characters are written as themselves");
        Assert.That(written, Does.Not.Contain("\\uD83D").IgnoreCase, "never as a UTF-16 escape pair");
        JsonNode doc = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.That((string?)doc["components"]!["messages"]!["smiled"]!["summary"], Does.StartWith("A smile 😀👍; a tab\there, NEL\u0085, LS\u2028, PS\u2029, DEL\u007F, C1\u009B, BOM\uFEFF, NBSP\u00A0, ESC\u001B, NUL\0,"));

        RunResult libyaml = Run.Process("/usr/bin/python3", folder, TimeSpan.FromMinutes(1), Repo.Combine("tests", "EventCatalog.Tool.Tests", "python", "yaml_matches_json.py"), yaml, json);
        Assert.That(libyaml.StdoutLines, Is.EqualTo(new[] { "same" }), libyaml.ToString());
        Assert.That(libyaml.ExitCode, Is.EqualTo(0), libyaml.ToString());

        RunResult parsed = Parse(yaml);
        Assert.That(parsed.StdoutLines, Does.Contain("errors=0 warnings=0"), parsed.ToString());
    }

    [Test]
    public void A_catalog_with_errors_exports_nothing_and_exits_1()
    {
        string folder = Repo.NewTempFolder("asyncapi-broken");
        File.WriteAllText(Path.Combine(folder, "events.schema.yaml"), "categories:\n  cluster:\n    events:\n      joined:\n        data:\n          a: strin\n");
        RunResult export = Run.Tool(folder, "export", "asyncapi", "-o", "out.yaml");
        Assert.That(export.ExitCode, Is.EqualTo(1), export.ToString());
        Assert.That(export.Stderr, Does.StartWith("events.schema.yaml(6,14): error EVC005:"));
        Assert.That(File.Exists(Path.Combine(folder, "out.yaml")), Is.False);
    }
}
