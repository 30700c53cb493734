using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventCatalog.Tool.Tests.Infrastructure;
using Json.Schema;
using NUnit.Framework;

namespace EventCatalog.Tool.Tests;

/// <summary><c>eventcatalog export jsonschema</c>: the schemas are valid 2020-12 schemas, and judge data and frames as the catalog says.</summary>
public class JsonSchemaTests
{
    private static string Export(string catalog, params string[] extra)
    {
        string folder = Repo.NewTempFolder("jsonschema");
        RunResult run = Run.Tool(Repo.Root, new[] { "export", "jsonschema", catalog, "-o", folder }.Concat(extra).ToArray());
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        return folder;
    }

    private static JsonSchema Load(string path) => JsonSchema.FromText(File.ReadAllText(path), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static bool Valid(JsonSchema schema, string json) =>
        schema.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { RequireFormatValidation = true }).IsValid;

    [Test]
    public void Every_schema_of_the_root_catalog_is_a_valid_2020_12_schema()
    {
        string folder = Export("events.schema.yaml");
        string[] files = Directory.GetFiles(folder, "*.json").OrderBy(f => f).ToArray();
        Assert.That(files, Has.Length.EqualTo(64), "63 data schemas and the frame");
        foreach (string file in files)
        {
            using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(file));
            EvaluationResults result = MetaSchemas.Draft202012.Evaluate(schema.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.That(result.IsValid, Is.True, file + ": " + JsonSerializer.Serialize(result));
            Assert.That(schema.RootElement.GetProperty("$schema").GetString(), Is.EqualTo("https://json-schema.org/draft/2020-12/schema"));
        }
    }

    [Test]
    public void Data_schemas_check_required_fields_types_and_formats()
    {
        string folder = Export(Repo.EveryFeatureCatalog);
        JsonSchema placed = Load(Path.Combine(folder, "order_placed.data.schema.json"));
        const string good = """{"order_id":"7d7a3b9e-5a51-4d2e-9d0b-2f4c3a1b0c9d","placed_at":"2025-01-02T03:04:05Z","total":12.5,"lines":["a"],"quantities":{"a":2},"note":null}""";
        Assert.That(Valid(placed, good), Is.True);
        Assert.That(Valid(placed, good.Replace("\"note\":null", "\"gift\":true")), Is.True, "optional fields may be absent");
        Assert.That(Valid(placed, good.Replace("\"total\":12.5,", string.Empty)), Is.False, "total is required");
        Assert.That(Valid(placed, good.Replace("7d7a3b9e-5a51-4d2e-9d0b-2f4c3a1b0c9d", "not-a-guid")), Is.False, "guid has format uuid");
        Assert.That(Valid(placed, good.Replace("2025-01-02T03:04:05Z", "yesterday")), Is.False, "timestamp has format date-time");
        Assert.That(Valid(placed, good.Replace("{\"a\":2}", "{\"a\":2.5}")), Is.False, "map<int> holds integers");
        Assert.That(Valid(placed, good.Replace("}", ",\"extra\":1}")), Is.False, "the record has no other fields");

        JsonSchema shipped = Load(Path.Combine(folder, "order_shipped.data.schema.json"));
        const string ship = """{"order_id":"7d7a3b9e-5a51-4d2e-9d0b-2f4c3a1b0c9d","carrier_delay":"PT1H30M","weight_kg":1.5,"tracking":["x",null],"parcels":{"p":[1,2]}}""";
        Assert.That(Valid(shipped, ship), Is.True);
        Assert.That(Valid(shipped, ship.Replace("PT1H30M", "soon")), Is.False, "duration has format duration (ISO 8601)");
        Assert.That(Valid(shipped, ship.Replace("[1,2]", "[1.5]")), Is.False, "list<long> holds integers");
    }

    [Test]
    public void The_frame_schema_admits_a_CloudEvents_frame_of_each_event_type_and_checks_its_data()
    {
        string folder = Export(Repo.EveryFeatureCatalog, "--type-prefix", "com.acme.orders.");
        JsonSchema frame = Load(Path.Combine(folder, "cloudevents.schema.json"));
        const string good = """
            {"specversion":"1.0","id":"0123456789abcdef0123456789abcdef","source":"api@host1","type":"com.acme.orders.order_voided",
             "time":"2025-01-02T03:04:05.123Z","datacontenttype":"application/json","storeid":"shop_1","category":"orders","wrapper":"order_message","data":{}}
            """;
        Assert.That(Valid(frame, good), Is.True);
        Assert.That(Valid(frame, good.Replace("\"storeid\":\"shop_1\",", string.Empty)), Is.True, "storeid is optional (an envelope may have no store)");
        Assert.That(Valid(frame, good.Replace("com.acme.orders.order_voided", "order_voided")), Is.False, "the type carries the prefix");
        Assert.That(Valid(frame, good.Replace("\"category\":\"orders\"", "\"category\":\"billing\"")), Is.False, "the category is the event's");
        Assert.That(Valid(frame, good.Replace("order_message", "orders_event")), Is.False, "the wrapper is the category's");
        Assert.That(Valid(frame, good.Replace("shop_1", "shop.1")), Is.False, "'.' separates this template's segments, so a store id may not hold it");
        Assert.That(Valid(frame, good.Replace("\"data\":{}", "\"data\":{\"x\":1}")), Is.False, "data follows the event's schema");
        Assert.That(Valid(frame, good.Replace("\"specversion\":\"1.0\",", string.Empty)), Is.False, "specversion is required");
        Assert.That(Valid(frame, good.Replace("0123456789abcdef0123456789abcdef", "0123")), Is.False, "ids are 32 hex digits");
        string invoice = good.Replace("com.acme.orders.order_voided", "com.acme.orders.invoice_sent").Replace("\"category\":\"orders\"", "\"category\":\"billing\"").Replace("order_message", "billing_event");
        Assert.That(Valid(frame, invoice), Is.True, "a frame of another category with its default wrapper");
    }
}
