using System.Collections.Immutable;
using System.Linq;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// Adversarial cases against AsyncAPI 3 documents read as catalogs (issue 26): every document the reader accepts must
/// generate code that compiles with no warning, a mistake must be a diagnostic (never a compiler error in generated code),
/// and nothing the document says may disappear without a diagnostic.
/// </summary>
public class Adversary26Tests
{
    private const string DocumentPath = "/project/adv.asyncapi.yaml";

    /// <summary>One channel 'orders' (address 'acme.orders') with the given messages block, plus optional components.</summary>
    private static string Doc(string messages, string components = "", string root = "") => $$"""
        asyncapi: 3.0.0
        info: { title: Adv, version: 1.0.0 }
        {{root}}
        channels:
          orders:
            address: acme.orders
            messages:
        {{Indent(messages, 6)}}
        {{(components.Length == 0 ? string.Empty : "components:\n" + Indent(components, 2))}}
        """;

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Replace("\r\n", "\n").Split('\n').Select(l => new string(' ', spaces) + l));

    private static string Describe(ImmutableArray<Diagnostic> diagnostics) => string.Join("\n", diagnostics.Select(GeneratorHarness.Describe));

    private sealed record Run(GeneratorOutcome Outcome, ImmutableArray<Diagnostic> Catalog, ImmutableArray<Diagnostic> Code)
    {
        public bool HasCatalogError => Catalog.Any(d => d.Severity == DiagnosticSeverity.Error);

        public string Text => "catalog diagnostics:\n" + Describe(Catalog) + "\ncompiler diagnostics in generated code:\n" + Describe(Code)
            + "\n--- generated ---\n" + string.Join("\n", Outcome.Result.Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));
    }

    private static string Source(Run run)
    {
        Assert.That(run.Outcome.HintNames, Does.Contain("Consumer.Events.g.cs"), "no catalog code was generated:\n" + run.Text);
        return run.Outcome.SourceOf("Consumer.Events.g.cs");
    }

    private static Run Read(string document, string path = DocumentPath)
    {
        var catalogs = new[] { new InMemoryAdditionalText(path, document) };
        GeneratorOutcome outcome = GeneratorHarness.Generate(catalogs);
        ImmutableArray<Diagnostic> catalog = GeneratorHarness.Analyze(catalogs);
        ImmutableArray<Diagnostic> code = outcome.OutputDiagnostics().Where(d => !d.Id.StartsWith("EVC", System.StringComparison.Ordinal)).ToImmutableArray();
        return new Run(outcome, catalog, code);
    }

    /// <summary>The standard: accepted means compiles with no warning; rejected means a catalog error and still no compiler error in generated code.</summary>
    private static Run AssertAcceptedCompilesOrRejected(string document, string path = DocumentPath)
    {
        Run run = Read(document, path);
        Assert.That(run.Code, Is.Empty, "a document gave compiler diagnostics in generated code (accepted, or one mistake, more errors):\n" + run.Text);
        return run;
    }

    /// <summary>A construct the document states must give some diagnostic mentioning <paramref name="mentioned"/>: never a silent skip.</summary>
    private static void AssertReported(string document, string mentioned)
    {
        Run run = AssertAcceptedCompilesOrRejected(document);
        Assert.That(run.Catalog.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)), Has.Some.Contains(mentioned), "silently dropped:\n" + run.Text);
    }

    private static string Message(string name, string properties, string required = "") =>
        $"{name}:\n  payload:\n    type: object\n    properties:\n{Indent(properties, 6)}" + (required.Length == 0 ? string.Empty : $"\n    required: [{required}]");

    // ---------------------------------------------------------------- names

    [TestCase("property_keywords", "class: { type: string }\nevent: { type: string }\nnamespace: { type: string }\nstring: { type: integer }\nthis: { type: boolean }")]
    [TestCase("record_members", "equality_contract: { type: string }\nto_string: { type: string }\nget_hash_code: { type: string }")]
    [TestCase("case_and_separator_twins", "orderId: { type: string }\norder_id: { type: string }")]
    [TestCase("digit_twins", "x_1: { type: string }\nx1: { type: string }")]
    [TestCase("starts_with_digit", "1st: { type: string }")]
    [TestCase("empty_name", "'': { type: string }")]
    [TestCase("unicode_name", "größe: { type: string }\nnaïve: { type: string }")]
    [TestCase("very_long_name", "LONG: { type: string }")]
    [TestCase("dashes_and_dots", "order-id: { type: string }\norder.id: { type: string }")]
    public void Property_names_compile_or_are_rejected(string label, string properties)
    {
        properties = properties.Replace("LONG", string.Concat(Enumerable.Repeat("abcdefghij_", 60)) + "x");
        AssertAcceptedCompilesOrRejected(Doc(Message("order_placed", properties)));
    }

    [Test]
    public void A_property_named_like_its_event_compiles_or_is_rejected()
    {
        // record Order { Order Order } is CS0542.
        AssertAcceptedCompilesOrRejected(Doc(Message("order", "order: { type: string }", "order")));
    }

    [Test]
    public void A_message_named_like_the_catalog_class_compiles_or_is_rejected()
    {
        // The catalog class is Consumer.Events; a message 'events' is the record Consumer.Events.
        AssertAcceptedCompilesOrRejected(Doc(Message("events", "id: { type: string }", "id")));
    }

    [Test]
    public void A_message_named_like_a_shared_schema_compiles_or_is_rejected()
    {
        string messages = Message("address", "street: { type: string }", "street") + "\n"
            + Message("order_placed", "ship_to: { $ref: '#/components/schemas/address' }", "ship_to");
        string components = "schemas:\n  address: { type: object, properties: { zip: { type: string } }, required: [zip] }";
        AssertAcceptedCompilesOrRejected(Doc(messages, components));
    }

    [Test]
    public void Two_messages_whose_names_meet_after_snake_case_compile_or_are_rejected()
    {
        string messages = Message("orderPlaced", "id: { type: string }", "id") + "\n" + Message("order_placed", "id: { type: integer }", "id");
        Run run = AssertAcceptedCompilesOrRejected(Doc(messages));
        Assert.That(run.HasCatalogError, Is.True, "two messages became one event name with no error:\n" + run.Text);
    }

    [Test]
    public void An_inline_type_named_like_a_shared_schema_is_not_a_silent_merge()
    {
        // The inline object of property 'line' of 'order' is named 'order_line', and so is a components schema with other fields.
        string messages = Message(
            "order",
            "line: { type: object, properties: { sku: { type: string } }, required: [sku] }\nother: { $ref: '#/components/schemas/order_line' }",
            "line, other");
        string components = "schemas:\n  order_line: { type: object, properties: { quantity: { type: integer } }, required: [quantity] }";
        Run run = AssertAcceptedCompilesOrRejected(Doc(messages, components));
        Assert.That(run.HasCatalogError, Is.False, "the user wrote no mistake; the reader's own name for an inline type collided:\n" + run.Text);
        string code = Source(run);
        Assert.That(code, Does.Contain(" Sku").And.Contain(" Quantity"), "both object types must keep their fields:\n" + run.Text);
    }

    [Test]
    public void The_same_message_in_two_channels_is_reported_or_generates()
    {
        string document = """
            asyncapi: 3.0.0
            info: { title: Adv, version: 1.0.0 }
            channels:
              orders:
                address: acme.orders
                messages: { placed: { $ref: '#/components/messages/placed' } }
              audit:
                address: acme.audit
                messages: { placed: { $ref: '#/components/messages/placed' } }
            components:
              messages:
                placed: { payload: { type: object, properties: { id: { type: string } }, required: [id] } }
            """;
        AssertAcceptedCompilesOrRejected(document);
    }

    // ---------------------------------------------------------------- enums

    [TestCase("pascal_twins", "[x_1, x1]")]
    [TestCase("numbers", "[1, 2, 3]")]
    [TestCase("booleans", "[true, false]")]
    [TestCase("keywords", "[class, event, null_value, default]")]
    public void Enum_values_compile_or_are_rejected(string label, string values)
    {
        AssertAcceptedCompilesOrRejected(Doc(Message("order_placed", $"status: {{ enum: {values} }}", "status")));
    }

    [Test]
    public void Enum_of_json_booleans_is_not_read_as_strings()
    {
        // enum: [true, false] (no type) allows the JSON booleans true and false; the catalog's enums are strings on the wire,
        // so the generated codec writes "true" and rejects true. That must be a diagnostic, not a silent change of type.
        Run run = AssertAcceptedCompilesOrRejected(Doc(Message("order_placed", "flag: { enum: [true, false] }", "flag")));
        Assert.That(run.Catalog.Where(d => d.Severity >= DiagnosticSeverity.Warning), Is.Not.Empty, "a boolean enum became a string enum silently:\n" + run.Text);
    }

    [Test]
    public void Enum_of_json_numbers_is_not_read_as_strings()
    {
        Run run = AssertAcceptedCompilesOrRejected(Doc(Message("order_placed", "level: { enum: [1, 2, 3] }", "level")));
        Assert.That(run.Catalog.Where(d => d.Severity >= DiagnosticSeverity.Warning), Is.Not.Empty, "a number enum became a string enum silently:\n" + run.Text);
    }

    [Test]
    public void A_nullable_enum_written_the_json_schema_way_is_an_optional_enum()
    {
        // { type: [string, 'null'], enum: [a, b, null] } is how JSON Schema says "an optional enum"; the catalog has it (status?).
        Run run = AssertAcceptedCompilesOrRejected(Doc(Message("order_placed", "status: { type: [string, 'null'], enum: [pending, paid, null] }")));
        Assert.That(run.HasCatalogError, Is.False, "an optional enum is expressible:\n" + run.Text);
    }

    // ---------------------------------------------------------------- references

    [Test]
    public void A_payload_referring_to_a_message_is_an_error_not_an_empty_event()
    {
        string messages = "order_placed:\n  payload: { $ref: '#/components/messages/real' }";
        string components = "messages:\n  real: { payload: { type: object, properties: { id: { type: string } }, required: [id] } }";
        Run run = AssertAcceptedCompilesOrRejected(Doc(messages, components));
        Assert.That(run.HasCatalogError, Is.True, "a payload $ref to a message (not a schema) was read as an object with no properties:\n" + run.Text);
    }

    [Test]
    public void A_property_referring_to_a_channel_is_an_error()
    {
        Run run = AssertAcceptedCompilesOrRejected(Doc(Message("order_placed", "where: { $ref: '#/channels/orders' }", "where")));
        Assert.That(run.HasCatalogError, Is.True, run.Text);
    }

    [TestCase("a~1b", "a/b")]
    [TestCase("a~0b", "a~b")]
    [TestCase("order%20line", "order line")]
    public void References_with_pointer_escapes_resolve_or_are_reported(string pointer, string key)
    {
        string messages = Message("order_placed", $"line: {{ $ref: '#/components/schemas/{pointer}' }}", "line");
        string components = $"schemas:\n  '{key}': {{ type: object, properties: {{ sku: {{ type: string }} }}, required: [sku] }}";
        AssertAcceptedCompilesOrRejected(Doc(messages, components));
    }

    [Test]
    public void A_chain_of_references_to_a_scalar_reads_the_scalar()
    {
        string messages = Message("order_placed", "id: { $ref: '#/components/schemas/a' }", "id");
        string components = "schemas:\n  a: { $ref: '#/components/schemas/b' }\n  b: { $ref: '#/components/schemas/c' }\n  c: { type: string, format: uuid }";
        Run run = AssertAcceptedCompilesOrRejected(Doc(messages, components));
        Assert.That(run.HasCatalogError, Is.False, run.Text);
        Assert.That(Source(run), Does.Contain("global::System.Guid Id"), run.Text);
    }

    // ---------------------------------------------------------------- silent skips

    [Test]
    public void A_payload_that_is_a_map_is_not_an_event_without_data()
    {
        // { type: object, additionalProperties: { type: string } } says the data is a map of strings: the event must not silently have no fields.
        AssertReported(Doc("order_placed:\n  payload: { type: object, additionalProperties: { type: string } }"), "additionalProperties");
    }

    [Test]
    public void Required_naming_a_missing_property_is_reported()
    {
        AssertReported(Doc(Message("order_placed", "order_id: { type: string }", "order_id, customer_id")), "customer_id");
    }

    [Test]
    public void Message_headers_of_the_users_own_are_not_dropped_silently()
    {
        string messages = "order_placed:\n  headers: { type: object, properties: { tenant_id: { type: string } }, required: [tenant_id] }\n"
            + "  payload: { type: object, properties: { id: { type: string } }, required: [id] }";
        AssertReported(Doc(messages), "headers");
    }

    [Test]
    public void A_non_json_content_type_is_not_dropped_silently()
    {
        string messages = "order_placed:\n  contentType: application/xml\n  payload: { type: object, properties: { id: { type: string } }, required: [id] }";
        AssertReported(Doc(messages), "application/xml");
    }

    [Test]
    public void A_non_json_default_content_type_is_not_dropped_silently()
    {
        AssertReported(Doc(Message("order_placed", "id: { type: string }", "id"), root: "defaultContentType: application/avro"), "application/avro");
    }

    [Test]
    public void A_default_value_is_not_dropped_silently()
    {
        // The catalog has no field defaults; the document's default then is a loss to name (EVC023), like 'const'.
        AssertReported(Doc(Message("order_placed", "count: { type: integer, default: 5 }")), "default");
    }

    [Test]
    public void A_shared_schema_no_message_uses_is_not_dropped_silently()
    {
        // The export writes every catalog type under components/schemas, used or not; read back, an unused one must stay a type
        // (the YAML catalog generates it) or at least be named as dropped.
        string components = "schemas:\n  refund_reason: { type: string, enum: [damaged, late] }";
        Run run = AssertAcceptedCompilesOrRejected(Doc(Message("order_placed", "id: { type: string }", "id"), components));
        bool kept = Source(run).Contains("enum RefundReason");
        bool reported = run.Catalog.Any(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("refund_reason"));
        Assert.That(kept || reported, Is.True, "components/schemas/refund_reason vanished without a diagnostic:\n" + run.Text);
    }

    [Test]
    public void A_payload_that_is_a_oneOf_of_objects_is_an_error_not_an_event_without_data()
    {
        // A polymorphic payload (common in AsyncAPI) without x-eventcatalog-earlier-versions: the catalog cannot say it.
        string messages = "order_placed:\n  payload:\n    oneOf:\n      - { type: object, properties: { a: { type: string } }, required: [a] }\n"
            + "      - { type: object, properties: { b: { type: integer } }, required: [b] }";
        Run run = AssertAcceptedCompilesOrRejected(Doc(messages));
        Assert.That(run.HasCatalogError, Is.True, "a oneOf payload became an event with no fields:\n" + run.Text);
    }

    [Test]
    public void A_payload_that_is_an_optional_object_is_read_or_reported()
    {
        string messages = "order_placed:\n  payload:\n    anyOf:\n      - { type: object, properties: { a: { type: string } }, required: [a] }\n      - { type: 'null' }";
        Run run = AssertAcceptedCompilesOrRejected(Doc(messages));
        Assert.That(run.HasCatalogError || Source(run).Contains("string A"), Is.True, "the payload's properties vanished:\n" + run.Text);
    }

    [TestCase("self_required", "node: { type: object, properties: { child: { $ref: '#/components/schemas/node' } }, required: [child] }")]
    [TestCase("self_optional", "node: { type: object, properties: { child: { $ref: '#/components/schemas/node' } } }")]
    [TestCase("mutual", "node: { type: object, properties: { other: { $ref: '#/components/schemas/other' } }, required: [other] }\nother: { type: object, properties: { back: { $ref: '#/components/schemas/node' } }, required: [back] }")]
    public void Recursive_schemas_compile_or_are_rejected(string label, string schemas)
    {
        string components = "schemas:\n" + Indent(schemas, 2);
        AssertAcceptedCompilesOrRejected(Doc(Message("order_placed", "root: { $ref: '#/components/schemas/node' }", "root"), components));
    }

    [TestCase("event_named_like_its_channel", "order_placed", "order_placed")]
    [TestCase("channel_named_like_the_class", "events", "placed")]
    [TestCase("event_named_like_the_wrapper", "orders", "orders_event")]
    [TestCase("event_named_like_the_category_enum", "orders", "category")]
    public void Channel_and_message_names_compile_or_are_rejected(string label, string channel, string message)
    {
        string document = $$"""
            asyncapi: 3.0.0
            info: { title: Adv, version: 1.0.0 }
            channels:
              {{channel}}:
                address: acme.{{channel}}
                messages:
                  {{message}}: { payload: { type: object, properties: { id: { type: string } }, required: [id] } }
            """;
        AssertAcceptedCompilesOrRejected(document);
    }

    [Test]
    public void An_asyncapi_document_beside_a_yaml_catalog_of_the_same_class_compiles_or_is_rejected()
    {
        var catalogs = new[]
        {
            new InMemoryAdditionalText("/project/events.schema.yaml", "categories:\n  orders:\n    events:\n      order_placed: { data: { id: string } }\n"),
            new InMemoryAdditionalText(DocumentPath, Doc(Message("order_placed", "id: { type: string }", "id"))),
        };
        GeneratorOutcome outcome = GeneratorHarness.Generate(catalogs);
        ImmutableArray<Diagnostic> code = outcome.OutputDiagnostics().Where(d => !d.Id.StartsWith("EVC", System.StringComparison.Ordinal)).ToImmutableArray();
        Assert.That(code, Is.Empty, Describe(code) + "\n" + Describe(GeneratorHarness.Analyze(catalogs)));
    }

    [TestCase("const", "mode: { type: string, const: fixed }")]
    [TestCase("nullable", "note: { type: string, nullable: true }")]
    [TestCase("maxLength", "note: { type: string, maxLength: 3 }")]
    public void Checks_the_catalog_does_not_make_are_named(string keyword, string property)
    {
        AssertReported(Doc(Message("order_placed", property)), keyword);
    }

    // ---------------------------------------------------------------- channels and addresses

    [Test]
    public void A_category_named_store_keeps_the_store_parameter()
    {
        // The category's name 'store' first appears inside '{store}'; the template must still be 'acme.{store}.{category}'.
        string document = """
            asyncapi: 3.0.0
            info: { title: Adv, version: 1.0.0 }
            channels:
              store:
                address: 'acme.{store}.store'
                parameters: { store: {} }
                messages:
                  opened: { payload: { type: object, properties: { id: { type: string } }, required: [id] } }
            """;
        Run run = AssertAcceptedCompilesOrRejected(document);
        Assert.That(Source(run), Does.Contain("public const string Template = \"acme.{store}.{category}\";"), run.Text);
    }

    [TestCase("'acme.{}.orders'")]
    [TestCase("'acme.{store}{store}.orders'")]
    [TestCase("'acme.{a b}.orders'")]
    [TestCase("'{'")]
    [TestCase("''")]
    public void Odd_addresses_compile_or_are_rejected(string address)
    {
        string document = $$"""
            asyncapi: 3.0.0
            info: { title: Adv, version: 1.0.0 }
            channels:
              orders:
                address: {{address}}
                messages:
                  placed: { payload: { type: object, properties: { id: { type: string } }, required: [id] } }
            """;
        AssertAcceptedCompilesOrRejected(document);
    }

    // ---------------------------------------------------------------- documents

    [Test]
    public void An_asyncapi_2_document_is_one_clear_error()
    {
        string document = "asyncapi: 2.6.0\ninfo: { title: Adv, version: 1.0.0 }\nchannels:\n  orders:\n    subscribe:\n      message: { payload: { type: object } }\n";
        Run run = AssertAcceptedCompilesOrRejected(document);
        Assert.That(run.Catalog.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id), Is.EqualTo(new[] { "EVC021" }), run.Text);
    }

    [Test]
    public void A_json_document_with_a_byte_order_mark_reads()
    {
        string document = "\uFEFF{ \"asyncapi\": \"3.0.0\", \"info\": { \"title\": \"Adv\", \"version\": \"1.0.0\" }, \"channels\": { \"orders\": { \"address\": \"acme.orders\", "
            + "\"messages\": { \"placed\": { \"payload\": { \"type\": \"object\", \"properties\": { \"id\": { \"type\": \"string\" } }, \"required\": [\"id\"] } } } } } }";
        Run run = AssertAcceptedCompilesOrRejected(document, "/project/adv.asyncapi.json");
        Assert.That(run.HasCatalogError, Is.False, run.Text);
    }

    [Test]
    public void A_json_document_with_comments_is_a_diagnostic()
    {
        string document = "{ // a comment\n \"asyncapi\": \"3.0.0\", \"info\": { \"title\": \"Adv\", \"version\": \"1.0.0\" }, \"channels\": { } }";
        Run run = AssertAcceptedCompilesOrRejected(document, "/project/adv.asyncapi.json");
        Assert.That(run.HasCatalogError, Is.True, run.Text);
    }

    [Test]
    public void Billion_laughs_inside_an_asyncapi_document_is_bounded()
    {
        var lines = new System.Collections.Generic.List<string> { "asyncapi: 3.0.0", "info: { title: Adv, version: 1.0.0 }", "x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (int i = 1; i < 10; i++)
        {
            lines.Add($"x-a{i}: &a{i} [" + string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10)) + "]");
        }

        lines.Add("channels:\n  orders:\n    address: acme.orders\n    messages:\n      placed:\n        x-lol: *a9\n        payload: { type: object, properties: { id: { type: string, examples: *a9 } }, required: [id] }");
        Run run = AssertAcceptedCompilesOrRejected(string.Join("\n", lines));
        Assert.That(run.HasCatalogError, Is.True, "an exponential alias expansion was accepted:\n" + run.Text);
    }

    [Test]
    public void Merge_keys_inside_properties_compile_or_are_rejected()
    {
        string document = """
            asyncapi: 3.0.0
            info: { title: Adv, version: 1.0.0 }
            x-common: &common { id: { type: string } }
            channels:
              orders:
                address: acme.orders
                messages:
                  placed:
                    payload:
                      type: object
                      properties:
                        <<: *common
                        note: { type: string }
            """;
        AssertAcceptedCompilesOrRejected(document);
    }
}
