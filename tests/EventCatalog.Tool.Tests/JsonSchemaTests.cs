using System;
using System.Collections.Generic;
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
        Assert.That(Valid(placed, good.Replace("}", ",\"extra\":1}")), Is.True, "other fields are allowed: the codec ignores them, and a newer catalog may add an optional one");

        JsonSchema shipped = Load(Path.Combine(folder, "order_shipped.data.schema.json"));
        const string ship = """{"order_id":"7d7a3b9e-5a51-4d2e-9d0b-2f4c3a1b0c9d","carrier_delay":"PT1H30M","weight_kg":1.5,"tracking":["x",null],"parcels":{"p":[1,2]},"status":"paid","ship_to":{"street":"s","city":"c"},"stops":[null,{"street":"s","city":"c","zip":null}],"by_status":{"a":"shipped"},"label":"AQID/w==","tracking_url":"https://example.com/t/1","due_on":"2024-02-29"}""";
        Assert.That(Valid(shipped, ship), Is.True);
        Assert.That(Valid(shipped, ship.Replace("\"paid\"", "\"lost\"")), Is.False, "an enum is one of its values");
        Assert.That(Valid(shipped, ship.Replace("\"shipped\"", "\"PAID\"")), Is.False, "enums in maps too");
        Assert.That(Valid(shipped, ship.Replace("{\"street\":\"s\",\"city\":\"c\"}", "{\"street\":\"s\"}")), Is.False, "an object type's required fields are required");
        Assert.That(Valid(shipped, ship.Replace("\"bill_to\"", "\"x\"").Replace("\"ship_to\"", "\"bill_to\":null,\"ship_to\"")), Is.True, "an optional object may be null");
        Assert.That(Valid(shipped, ship.Replace("AQID/w==", "not base64!")), Is.False, "bytes are base64");
        Assert.That(Valid(shipped, ship.Replace("2024-02-29", "2024-02-29T00:00:00Z")), Is.False, "a date is a full-date");
        Assert.That(Valid(shipped, ship.Replace("PT1H30M", "soon")), Is.False, "a duration is ISO 8601");
        Assert.That(Valid(shipped, ship.Replace("PT1H30M", "-PT0.0000001S")), Is.True, "the codec writes negative durations and fractions of seconds");
        Assert.That(Valid(shipped, ship.Replace("PT1H30M", "P2W1DT1.000000123S")), Is.True, "and reads weeks and nanoseconds");
        Assert.That(Valid(shipped, ship.Replace("\"weight_kg\":1.5", "\"weight_kg\":1.5,\"count\":3.0")), Is.True, "unknown fields are ignored");
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
        Assert.That(Valid(frame, good.Replace("order_message", "orders_event")), Is.True, "the codec reads any non-empty wrapper");
        Assert.That(Valid(frame, good.Replace("order_message", string.Empty)), Is.False, "but not an empty one");
        Assert.That(Valid(frame, good.Replace("shop_1", "shop.1")), Is.False, "'.' separates this template's segments, so a store id may not hold it");
        Assert.That(Valid(frame, good.Replace("\"data\":{}", "\"data\":{\"x\":1}")), Is.True, "data properties the catalog does not know are ignored by the codec");
        Assert.That(Valid(frame, good.Replace("com.acme.orders.order_voided", "com.acme.orders.order_placed").Replace("\"data\":{}", "\"data\":{\"total\":1}")), Is.False, "data follows the event's schema");
        Assert.That(Valid(frame, good.Replace("\"specversion\":\"1.0\",", string.Empty)), Is.False, "specversion is required");
        Assert.That(Valid(frame, good.Replace("0123456789abcdef0123456789abcdef", "A234-1234-1234")), Is.True, "the codec reads any non-empty id");
        Assert.That(Valid(frame, good.Replace("0123456789abcdef0123456789abcdef", string.Empty)), Is.False, "but not an empty one");
        Assert.That(Valid(frame, good.Replace("0123456789abcdef0123456789abcdef", "a\\u0007b")), Is.False, "nor one with a control character");
        Assert.That(Valid(frame, good.Replace("\"time\":\"2025-01-02T03:04:05.123Z\",", string.Empty)), Is.True, "time is optional in CloudEvents");
        Assert.That(Valid(frame, good.Replace("2025-01-02T03:04:05.123Z", "2025-01-02T03:04:05.123456789Z")), Is.True, "RFC3339Nano");
        Assert.That(Valid(frame, good.Replace("\"application/json\"", "\"application/vnd.acme+json; charset=utf-8\"")), Is.True, "any JSON media type");
        Assert.That(Valid(frame, good.Replace("\"application/json\"", "\"text/xml\"")), Is.False, "but not another");
        string traced = good.Replace("\"data\":{}", "\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\",\"tracestate\":\"congo=t61rcWkgMzE\",\"data\":{}");
        Assert.That(Valid(frame, traced), Is.True, "traceparent and tracestate are optional attributes (SPEC §12)");
        Assert.That(Valid(frame, traced.Replace("4bf92f3577b34da6a3ce929d0e0e4736", "00000000000000000000000000000000")), Is.True, "the codec reads (and ignores) a malformed traceparent: the frame is still one it reads");
        Assert.That(Valid(frame, traced.Replace("\"congo=t61rcWkgMzE\"", "7")), Is.False, "a CloudEvents extension attribute is a string");
        string invoice = good.Replace("com.acme.orders.order_voided", "com.acme.orders.invoice_sent").Replace("\"category\":\"orders\"", "\"category\":\"billing\"").Replace("order_message", "billing_event");
        Assert.That(Valid(frame, invoice), Is.True, "a frame of another category with its default wrapper");
    }

    /// <summary>
    /// Real frames, as <c>ExESDB.Events.Codec</c> (generated in this test assembly from the root catalog)
    /// writes them, of every event type, as envelopes with and without a store and as payloads, against
    /// the frame schema <c>export jsonschema</c> writes for the same catalog, with its <c>type_prefix</c>.
    /// </summary>
    [Test]
    public void Real_frames_of_the_generated_codec_validate_against_the_exported_frame_schema()
    {
        string folder = Export("events.schema.yaml");
        JsonSchema frame = Load(Path.Combine(folder, "cloudevents.schema.json"));
        Type[] records = typeof(ExESDB.Events).Assembly.GetTypes()
            .Where(t => t.Namespace == "ExESDB" && !t.IsInterface && typeof(EventCatalog.ICatalogEvent).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToArray();
        Assert.That(records, Has.Length.EqualTo(63));

        var invalid = new List<string>();
        int frames = 0;
        foreach (Type record in records)
        {
            object data = Sample(record);
            foreach (object written in Writes(record, data))
            {
                byte[] bytes = written is EventCatalog.IEventPayload payload
                    ? ExESDB.Events.Codec.Serialize(payload)
                    : ExESDB.Events.Codec.Serialize((EventCatalog.IEventEnvelope)written);
                string json = System.Text.Encoding.UTF8.GetString(bytes);
                frames++;
                if (!Valid(frame, json))
                {
                    invalid.Add(json);
                }
            }
        }

        using (var activity = new System.Diagnostics.Activity("publish").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start())
        {
            activity.TraceStateString = "congo=t61rcWkgMzE";
            string traced = System.Text.Encoding.UTF8.GetString(ExESDB.Events.Codec.Serialize(ExESDB.Events.BuildEvent(new ExESDB.ClusterJoined("node1@host"), "my_store")));
            Assert.That(traced, Does.Contain("\"traceparent\":\"" + activity.Id + "\""));
            Assert.That(Valid(frame, traced), Is.True, "a frame written inside an activity carries its traceparent and tracestate");
        }

        Assert.That(frames, Is.EqualTo(63 * 3));
        Assert.That(invalid, Is.Empty, "frames the exported schema refuses");
        Assert.That(Valid(frame, System.Text.Encoding.UTF8.GetString(ExESDB.Events.Codec.Serialize(ExESDB.Events.BuildEvent(new ExESDB.ClusterJoined("node1@host"), "my_store")))
            .Replace("io.exesdb.control.cluster_joined", "cluster_joined")), Is.False, "the schema knows the catalog's type_prefix");
    }

    /// <summary>
    /// Real frames of a catalog with every type of SPEC §13 (an enum, objects nested in objects, lists and maps, optional
    /// objects, bytes, uri, date), as its generated codec (<c>Acme.Shipping.Shipments</c>, compiled into this assembly)
    /// writes them, validate against the frame schema <c>export jsonschema</c> writes for the same catalog, and read back
    /// to the same bytes; the schema still refuses what the codec would refuse.
    /// </summary>
    [Test]
    public void Real_frames_with_every_new_type_validate_against_the_exported_frame_schema_and_round_trip()
    {
        string folder = Export(Repo.AllTypesCatalog);
        JsonSchema frame = Load(Path.Combine(folder, "cloudevents.schema.json"));
        var here = new Acme.Shipping.Geo(40.7128, -74.006);
        var home = new Acme.Shipping.Address("1 Main St", "Springfield", "12345", here);
        var bare = new Acme.Shipping.Address("2 Side St", "Shelbyville", null, null);
        var full = new Acme.Shipping.RoutePlanned(
            Acme.Shipping.ParcelState.InTransit,
            home,
            bare,
            new[] { new Acme.Shipping.Stop(home, Acme.Shipping.ParcelState.Packed, new DateOnly(2024, 2, 29), new[] { here, new Acme.Shipping.Geo(0, 0) }), new Acme.Shipping.Stop(bare, Acme.Shipping.ParcelState.Delivered, null, Array.Empty<Acme.Shipping.Geo>()) },
            new Acme.Shipping.Stop?[] { null, new Acme.Shipping.Stop(bare, Acme.Shipping.ParcelState.InTransit, null, new[] { here }) },
            new Dictionary<string, Acme.Shipping.Address> { ["north"] = home, ["south"] = bare },
            new Dictionary<string, Acme.Shipping.ParcelState> { ["a"] = Acme.Shipping.ParcelState.Packed, ["b"] = Acme.Shipping.ParcelState.Delivered },
            new byte[] { 0, 1, 2, 255 },
            Array.Empty<byte>(),
            new Uri("https://example.com/manual?lang=en#returns"),
            null,
            new DateOnly(2024, 1, 31),
            null);
        var sparse = full with
        {
            ReturnTo = null,
            Stops = Array.Empty<Acme.Shipping.Stop>(),
            MaybeStops = Array.Empty<Acme.Shipping.Stop?>(),
            ByHub = new Dictionary<string, Acme.Shipping.Address>(),
            Photo = null,
            Tracking = new Uri("urn:isbn:0451450523"),
            DeliverBy = new DateOnly(2024, 12, 31),
        };

        var frames = new List<string>();
        foreach (Acme.Shipping.RoutePlanned data in new[] { full, sparse })
        {
            foreach (EventCatalog.IEventEnvelope envelope in new[] { Acme.Shipping.Shipments.BuildEvent(data, "hub_1"), Acme.Shipping.Shipments.BuildEvent(data) })
            {
                byte[] bytes = Acme.Shipping.Shipments.Codec.Serialize(envelope);
                EventCatalog.EventReadResult read = Acme.Shipping.Shipments.Codec.Read(bytes);
                Assert.That(read.Status, Is.EqualTo(EventCatalog.EventReadStatus.Ok), read.Error);
                Assert.That(Acme.Shipping.Shipments.Codec.Serialize(read.Envelope!), Is.EqualTo(bytes), "read back, the envelope writes the same bytes");
                frames.Add(System.Text.Encoding.UTF8.GetString(bytes));
            }

            frames.Add(System.Text.Encoding.UTF8.GetString(Acme.Shipping.Shipments.Codec.Serialize(Acme.Shipping.Shipments.BuildPayload(data, "hub_1"))));
        }

        Assert.That(frames.Where(f => !Valid(frame, f)), Is.Empty, "frames the exported schema refuses");
        string one = frames[0];
        Assert.That(one, Does.Contain("\"state\":\"in_transit\"").And.Contain("\"manifest\":\"AAEC/w==\"").And.Contain("\"ship_on\":\"2024-01-31\"").And.Contain("\"maybe_stops\":[null,"));
        Assert.That(Valid(frame, one.Replace("\"in_transit\"", "\"lost\"")), Is.False, "an enum is one of its values");
        Assert.That(Valid(frame, one.Replace("\"street\":\"1 Main St\",", string.Empty)), Is.False, "a nested object's required field is required");
        Assert.That(Valid(frame, one.Replace("\"lat\":40.7128", "\"lat\":\"north\"")), Is.False, "an object in an object in a list keeps its types");
        Assert.That(Valid(frame, one.Replace("\"AAEC/w==\"", "\"not base64!\"")), Is.False, "bytes are base64");
        Assert.That(Valid(frame, one.Replace("\"2024-01-31\"", "\"31/01/2024\"")), Is.False, "a date is a full-date");
        Assert.That(Valid(frame, one.Replace("\"ship_on\"", "\"shipped_on\"")), Is.False, "a required date is required");
    }

    [Test]
    public void The_frame_schema_of_a_versioned_event_tells_its_versions_apart_by_dataversion()
    {
        string folder = Export("tests/EventCatalog.Runtime.Tests/versions.events.yaml");
        JsonSchema frame = Load(Path.Combine(folder, "cloudevents.schema.json"));
        // The frame the codec writes for member_joined at version 3 (VersionedFrameTests in the runtime tests asserts these bytes).
        const string written =
            """
            {"specversion":"1.0","id":"5f0c3a9e8b7d4c21a0e9f8d7c6b5a493","source":"urn:eventcatalog:node:node-1","type":"io.eventcatalog.tests.versions.member_joined",
             "time":"2026-11-29T22:02:09.123+00:00","datacontenttype":"application/json","storeid":"store_1","category":"members","wrapper":"member_event",
             "dataversion":3,"data":{"via_node":"exesdb@node-2","term":9007199254740993,"leader":"exesdb@node-1"}}
            """;
        Assert.That(Valid(frame, written), Is.True);
        Assert.That(Valid(frame, written.Replace("\"dataversion\":3,", string.Empty)), Is.False, "without dataversion it is a version-1 frame, whose data has node");
        Assert.That(Valid(frame, written.Replace("\"dataversion\":3,", "\"dataversion\":4,")), Is.False, "a later version than the catalog's is not read");
        Assert.That(Valid(frame, written.Replace("\"dataversion\":3,", string.Empty).Replace("\"via_node\"", "\"node\"")), Is.True, "a version-1 frame of an older node is read and upcast");
        Assert.That(Valid(frame, written.Replace("\"dataversion\":3,", "\"dataversion\":2,").Replace("9007199254740993", "7")), Is.True, "so is a version-2 frame");
        Assert.That(Valid(frame, written.Replace("\"dataversion\":3,", "\"dataversion\":2,")), Is.False, "whose term is an int");
        Assert.That(Valid(frame, written.Replace("\"dataversion\":3,", "\"dataversion\":\"3\",")), Is.False, "a CloudEvents Integer is a JSON number");

        const string left =
            """
            {"specversion":"1.0","id":"5f0c3a9e8b7d4c21a0e9f8d7c6b5a493","source":"urn:eventcatalog:node:node-1","type":"io.eventcatalog.tests.versions.member_left",
             "time":"2026-11-29T22:02:09.123+00:00","datacontenttype":"application/json","category":"members","data":{"node":"exesdb@node-3"}}
            """;
        Assert.That(Valid(frame, left), Is.True, "a never-versioned event has no dataversion");
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "cloudevents.schema.json")));
        JsonElement defs = schema.RootElement.GetProperty("$defs");
        Assert.That(defs.GetProperty("member_joined_frame").GetProperty("properties").GetProperty("dataversion").GetProperty("const").GetInt32(), Is.EqualTo(3));
        Assert.That(defs.GetProperty("member_left_frame").GetProperty("properties").TryGetProperty("dataversion", out _), Is.False);
    }

    /// <summary>
    /// Issue 24, case 7: the lock lets a catalog add an optional field within a version (FULL compatibility) and the codec ignores
    /// data fields it does not know, so a frame of the newer catalog (the root catalog, generated in this assembly, where
    /// <c>khepri_leader_changed</c> has <c>previous_leader: string?</c>) is valid against the older catalog's exported schemas
    /// (the same catalog without that field), and the older catalog's AsyncAPI document still parses with no error.
    /// </summary>
    [Test]
    public void A_newer_catalogs_frame_with_one_more_optional_field_validates_against_the_older_catalogs_schemas()
    {
        string older = Repo.NewTempFolder("jsonschema-older");
        string text = File.ReadAllText(Path.Combine(Repo.Root, "events.schema.yaml")).Replace("\r\n", "\n");
        const string added = "          leader: string\n          previous_leader: string?\n";
        Assert.That(text, Does.Contain("khepri_leader_changed:"));
        int at = text.IndexOf(added, text.IndexOf("khepri_leader_changed:", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThan(0));
        File.WriteAllText(Path.Combine(older, "events.schema.yaml"), text.Remove(at, added.Length).Insert(at, "          leader: string\n"));

        RunResult export = Run.Tool(older, "export", "jsonschema", "-o", "schemas");
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        JsonSchema frameSchema = Load(Path.Combine(older, "schemas", "cloudevents.schema.json"));
        JsonSchema dataSchema = Load(Path.Combine(older, "schemas", "khepri_leader_changed.data.schema.json"));
        Assert.That(File.ReadAllText(Path.Combine(older, "schemas", "khepri_leader_changed.data.schema.json")), Does.Not.Contain("previous_leader"));

        var written = new ExESDB.KhepriLeaderChanged("exesdb@node-1", "exesdb@node-2");
        foreach (byte[] frame in new[] { ExESDB.Events.Codec.Serialize(ExESDB.Events.BuildEvent(written, "store_1")), ExESDB.Events.Codec.Serialize(ExESDB.Events.BuildPayload(written, "store_1")) })
        {
            string json = System.Text.Encoding.UTF8.GetString(frame);
            Assert.That(json, Does.Contain("\"previous_leader\":\"exesdb@node-2\""));
            Assert.That(Valid(frameSchema, json), Is.True, json);
            Assert.That(Valid(dataSchema, JsonDocument.Parse(json).RootElement.GetProperty("data").GetRawText()), Is.True, json);
        }

        string asyncApi = Path.Combine(older, "asyncapi.yaml");
        RunResult exportAsyncApi = Run.Tool(older, "export", "asyncapi", "-o", asyncApi);
        Assert.That(exportAsyncApi.ExitCode, Is.EqualTo(0), exportAsyncApi.ToString());
        RunResult parsed = Run.Process("node", NodePackages.Folder, TimeSpan.FromMinutes(2), "validate-asyncapi.mjs", asyncApi);
        Assert.That(parsed.StdoutLines, Does.Contain("errors=0 warnings=0"), parsed.ToString());
        RunResult json2 = Run.Tool(older, "export", "asyncapi", "--format", "json");
        JsonNode payload = JsonNode.Parse(json2.Stdout)!["components"]!["messages"]!["khepri_leader_changed"]!["payload"]!;
        JsonSchema payloadSchema = JsonSchema.FromText(payload.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        string data = JsonDocument.Parse(ExESDB.Events.Codec.Serialize(ExESDB.Events.BuildEvent(written))).RootElement.GetProperty("data").GetRawText();
        Assert.That(Valid(payloadSchema, data), Is.True, "the AsyncAPI payload accepts it too");
        Assert.That(Valid(payloadSchema, "{\"previous_leader\":\"x\"}"), Is.False, "and still requires leader");
    }

    /// <summary>An envelope with a store, one without, and a payload of <paramref name="data"/>.</summary>
    private static IEnumerable<object> Writes(Type record, object data)
    {
        System.Reflection.MethodInfo buildEvent = typeof(ExESDB.Events).GetMethod(nameof(ExESDB.Events.BuildEvent))!.MakeGenericMethod(record);
        System.Reflection.MethodInfo buildPayload = typeof(ExESDB.Events).GetMethods()
            .Single(m => m.Name == nameof(ExESDB.Events.BuildPayload) && m.GetParameters().Length == 2)
            .MakeGenericMethod(record);
        yield return buildEvent.Invoke(null, new[] { data, "my_store" })!;
        yield return buildEvent.Invoke(null, new[] { data, null })!;
        yield return buildPayload.Invoke(null, new[] { data, "my_store" })!;
    }

    /// <summary>A record with a value in every field, optional ones included (the root catalog's types).</summary>
    private static object Sample(Type record)
    {
        System.Reflection.ConstructorInfo constructor = record.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        object?[] arguments = constructor.GetParameters().Select(p => Value(Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType)).ToArray();
        return constructor.Invoke(arguments);
    }

    private static object Value(Type type) =>
        type == typeof(string) ? "value-\u00e9\"<>&"
        : type == typeof(int) ? 42
        : type == typeof(long) ? 9_007_199_254_740_993L
        : type == typeof(TimeSpan) ? TimeSpan.FromSeconds(5400.25)
        : type == typeof(IReadOnlyList<string>) ? new[] { "a", "b" }
        : throw new NotSupportedException($"The root catalog gained a field type this test does not fill: {type}.");
}
