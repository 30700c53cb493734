using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// What the catalog cannot express in an AsyncAPI document is a diagnostic where the document says it (EVC021–EVC024), from the
/// analyzer and, for errors and warnings, from the generator too; the generator never throws and never hangs. Hostile documents
/// ($ref cycles, 10 MB, 1,000 levels deep, compositions) end the same way.
/// </summary>
public class AsyncApiDiagnosticTests
{
    private const string Path = "/project/hostile.asyncapi.yaml";
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(60);

    /// <summary>A document with one channel and one message whose payload properties are <paramref name="properties"/> (indented 10).</summary>
    private static string WithProperties(string properties) => $$"""
        asyncapi: 3.0.0
        info: { title: T, version: 1.0.0 }
        channels:
          orders:
            address: orders
            messages:
              order_placed:
                payload:
                  type: object
                  properties:
        {{properties}}
        components:
          schemas:
            address: { type: object, properties: { street: { type: string } } }
            loop_a: { $ref: '#/components/schemas/loop_b' }
            loop_b: { $ref: '#/components/schemas/loop_a' }
        """;

    /// <summary>A document with one channel whose one message is <paramref name="message"/> (a flow mapping entry), then <paramref name="after"/>.</summary>
    private static string OneMessage(string message, string after = "") =>
        "asyncapi: 3.0.0\nchannels:\n  orders:\n    address: orders\n    messages:\n      " + message + "\n" + after;

    private static (GeneratorOutcome Outcome, ImmutableArray<Diagnostic> Diagnostics) Run(string text)
    {
        var catalogs = new[] { new InMemoryAdditionalText(Path, SourceText.From(text, Encoding.UTF8)) };
        Task<(GeneratorOutcome, ImmutableArray<Diagnostic>)> work = Task.Run(() => (GeneratorHarness.Generate(catalogs), GeneratorHarness.Analyze(catalogs)));
        Assert.That(work.Wait(s_hangGuard), Is.True, "the generator or the analyzer did not return");
        return work.Result;
    }

    /// <summary>The one diagnostic <paramref name="id"/>, at the first occurrence of <paramref name="at"/> in <paramref name="text"/>; errors and warnings come from the generator too.</summary>
    private static Diagnostic Single(string text, string id, string at)
    {
        var (outcome, diagnostics) = Run(text);
        string all = string.Join("\n", diagnostics.Select(GeneratorHarness.Describe));
        Diagnostic[] found = diagnostics.Where(d => d.Id == id).ToArray();
        Assert.That(found, Has.Length.EqualTo(1), all);
        int offset = text.IndexOf(at, StringComparison.Ordinal);
        Assert.That(offset, Is.GreaterThanOrEqualTo(0), at);
        LinePosition expected = SourceText.From(text).Lines.GetLinePosition(offset);
        Assert.That(found[0].Location.GetLineSpan().StartLinePosition, Is.EqualTo(expected), all);
        if (found[0].Severity >= DiagnosticSeverity.Warning)
        {
            // The consumer compilations treat warnings as errors: the generator's copy is compared without its severity.
            static string Text(Diagnostic d) => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()}";
            Assert.That(outcome.CompilerDiagnostics.Select(Text), Does.Contain(Text(found[0])), "the generator reports it too");
        }

        Assert.That(outcome.OutputDiagnostics().Where(d => !d.Id.StartsWith("EVC", StringComparison.Ordinal)), Is.Empty, "no compiler error in generated code");
        return found[0];
    }

    [TestCase("asyncapi: 2.6.0", "2.6.0", "Convert it with the AsyncAPI CLI")]
    [TestCase("asyncapi: 1.2.0", "1.2.0", "AsyncAPI 1.2.0")]
    [TestCase("openapi: 3.0.0", "openapi", "has no 'asyncapi' version")]
    public void A_document_that_is_not_AsyncAPI_3_is_EVC021(string first, string at, string message)
    {
        string text = first + "\nchannels: { a: { address: a } }\n";
        Diagnostic d = Single(text, "EVC021", at == "openapi" ? first : at);
        Assert.That(d.GetMessage(), Does.Contain(message));
    }

    [TestCase("oneOf: [ { type: string }, { type: integer } ]", "[ { type: string }", "'oneOf' of several schemas")]
    [TestCase("anyOf: [ { type: string }, { type: integer }, { type: 'null' } ]", "[ { type: string }", "'anyOf' of several schemas")]
    [TestCase("allOf: [ { type: string } ]", "allOf", "'allOf'")]
    [TestCase("{ type: object, patternProperties: { '^x': { type: string } } }", "patternProperties", "'patternProperties'")]
    [TestCase("{ type: integer, format: int16 }", "int16", "format 'int16'")]
    [TestCase("{ type: number, format: decimal128 }", "decimal128", "format 'decimal128'")]
    [TestCase("{ type: [string, integer] }", "[string, integer]", "[string, integer]")]
    [TestCase("{ type: array }", "{ type: array }", "no 'items'")]
    [TestCase("{ type: object }", "object }", "neither 'properties' nor")]
    [TestCase("{ description: anything }", "{ description", "no 'type'")]
    [TestCase("{ type: 'null' }", "'null'", "type 'null'")]
    [TestCase("{ type: string, enum: ['1', { a: b }] }", "{ a: b }", "enum")]
    public void A_schema_the_catalog_cannot_express_is_EVC021_where_it_stands(string schema, string at, string message)
    {
        string text = WithProperties("            field: " + (schema.StartsWith("{", StringComparison.Ordinal) ? schema : "{ " + schema + " }"));
        Diagnostic d = Single(text, "EVC021", at);
        Assert.That(d.GetMessage(), Does.Contain(message));
    }

    [Test]
    public void A_message_without_payload_is_EVC021_at_the_message()
    {
        string text = OneMessage("order_placed: { summary: no payload }");
        Diagnostic d = Single(text, "EVC021", "order_placed");
        Assert.That(d.GetMessage(), Does.Contain("has no 'payload'"));
    }

    [Test]
    public void A_message_of_the_one_templated_channel_without_a_category_is_EVC021()
    {
        const string text = """
            asyncapi: 3.0.0
            channels:
              events:
                address: 'app.{store}.{kind}'
                messages:
                  order_placed: { tags: [ { name: orders } ], payload: { type: object } }
                  lost: { payload: { type: object } }
            """;
        Diagnostic d = Single(text, "EVC021", "lost");
        Assert.That(d.GetMessage(), Does.Contain("names no category"));
    }

    [Test]
    public void An_address_that_is_not_the_declared_template_is_EVC021()
    {
        const string text = """
            asyncapi: 3.0.0
            x-eventcatalog-topic: 'app.{category}'
            channels:
              orders: { address: 'app.orders' }
              billing: { address: 'other.billing' }
            """;
        Diagnostic d = Single(text, "EVC021", "'other.billing'");
        Assert.That(d.GetMessage(), Does.Contain("'app.billing'"));
    }

    [TestCase("{ $ref: 'common.yaml#/components/schemas/x' }", "'common.yaml#", "points outside this document")]
    [TestCase("{ $ref: '#/components/schemas/missing' }", "'#/components/schemas/missing'", "'missing' is not under '#/components/schemas'")]
    [TestCase("{ $ref: '#/components/schemas/loop_a' }", "'#/components/schemas/loop_a' }", "#/components/schemas/loop_a -> #/components/schemas/loop_b -> #/components/schemas/loop_a")]
    [TestCase("{ $ref: [a] }", "[a]", "must be a text")]
    public void A_reference_that_cannot_be_followed_is_EVC022(string schema, string at, string message)
    {
        Diagnostic d = Single(WithProperties("            field: " + schema), "EVC022", at);
        Assert.That(d.GetMessage(), Does.Contain(message));
    }

    [Test]
    public void A_cycle_through_items_is_EVC022_with_its_path()
    {
        string text = OneMessage(
            "order_placed: { payload: { type: object, properties: { tree: { $ref: '#/components/schemas/tree' } } } }",
            "components:\n  schemas:\n    tree: { type: array, items: { $ref: '#/components/schemas/tree' } }\n");
        var (_, diagnostics) = Run(text);
        Assert.That(diagnostics.Select(d => d.Id), Is.Not.Empty.And.All.AnyOf("EVC021", "EVC022"), string.Join("\n", diagnostics));
        Assert.That(diagnostics.Select(d => d.GetMessage()), Has.Some.Contains("more than 8 deep").Or.Some.Contains("cycle"));
    }

    [TestCase("{ type: string, format: email }", "email", "format 'email'")]
    [TestCase("{ type: string, minLength: 3 }", "minLength", "'minLength'")]
    [TestCase("{ type: integer, format: int32, maximum: 10 }", "maximum", "'maximum'")]
    [TestCase("{ type: string, pattern: '^a+$' }", "pattern", "'pattern'")]
    public void A_check_the_catalog_does_not_make_is_EVC023(string schema, string at, string message)
    {
        Diagnostic d = Single(WithProperties("            field: " + schema), "EVC023", at);
        Assert.That(d.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(d.GetMessage(), Does.Contain(message));
    }

    [Test]
    public void The_checks_of_the_catalogs_own_types_are_no_loss()
    {
        string text = WithProperties("""
                        a: { type: integer, format: int32, minimum: -2147483648, maximum: 2147483647 }
                        b: { type: string, contentEncoding: base64 }
            """);
        var (_, diagnostics) = Run(text);
        Assert.That(diagnostics, Is.Empty, string.Join("\n", diagnostics));
    }

    [Test]
    public void Addresses_that_are_no_one_template_are_EVC023_and_the_default_template()
    {
        const string text = """
            asyncapi: 3.0.0
            channels:
              orders: { address: 'shop/orders/{id}' }
              billing: { address: 'billing' }
            """;
        Diagnostic d = Single(text, "EVC023", "'shop/orders/{id}'");
        Assert.That(d.GetMessage(), Does.Contain("'{store}:{category}'"));
    }

    [Test]
    public void A_camel_case_name_is_read_as_snake_case_with_EVC024()
    {
        Diagnostic d = Single(WithProperties("            sentAt: { type: string, format: date-time }"), "EVC024", "sentAt");
        Assert.That(d.Severity, Is.EqualTo(DiagnosticSeverity.Warning), "the name on the wire changes: a warning, not an info");
        Assert.That(d.GetMessage(), Does.Contain("'sentAt' is read as 'sent_at'").And.Contain("the name on the wire changes"));
    }

    [Test]
    public void An_unknown_eventcatalog_extension_is_EVC008_with_a_suggestion()
    {
        string text = "asyncapi: 3.0.0\nx-eventcatalog-namspace: Acme\nchannels: { orders: { address: orders } }\n";
        Diagnostic d = Single(text, "EVC008", "x-eventcatalog-namspace");
        Assert.That(d.GetMessage(), Does.Contain("x-eventcatalog-namespace"));
    }

    [Test]
    public void A_duplicate_key_in_JSON_is_EVC002_at_the_second()
    {
        const string text = """{ "asyncapi": "3.0.0", "channels": { "orders": { "address": "orders" }, "orders": { "address": "x" } } }""";
        var catalogs = new[] { new InMemoryAdditionalText("/project/dup.asyncapi.json", text) };
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Analyze(catalogs);
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "EVC002" }), string.Join("\n", diagnostics));
        Assert.That(diagnostics[0].Location.GetLineSpan().StartLinePosition.Character, Is.EqualTo(text.LastIndexOf("\"orders\"", StringComparison.Ordinal)));
        Assert.That(diagnostics[0].GetMessage(), Does.Contain("more than once"));
    }

    [Test]
    public void JSON_escapes_tabs_and_big_numbers_read_as_JSON_says()
    {
        string text = "{\t\"asyncapi\":\"3.0.0\",\n\"x-eventcatalog-namespace\":\"Caf\\u00e9\",\"x-big\":123456789012345678901234567890,\n"
            + "\"channels\":{\"orders\":{\"address\":\"a\\/b.orders\",\"description\":\"tab\\there \\\"quoted\\\" \\\\ slash\",\t\"messages\":{}}}}";
        var result = EventCatalog.Generator.Parsing.CatalogParser.Parse("/project/j.asyncapi.json", SourceText.From(text, Encoding.UTF8), "Consumer", default);
        Assert.That(result.Diagnostics.Where(d => d.IsError), Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Spec!.Namespace, Is.EqualTo("Café"));
        Assert.That(result.Spec.TopicTemplate, Is.EqualTo("a/b.{category}"));
        Assert.That(result.Spec.Categories.Single().Description, Is.EqualTo("tab\there \"quoted\" \\ slash"));
    }

    [Test]
    public void Ten_megabytes_is_refused_at_the_start()
    {
        string text = "{\"asyncapi\":\"3.0.0\",\"x-pad\":\"" + new string('a', 10 * 1024 * 1024) + "\"}";
        var (outcome, diagnostics) = Run(text);
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "EVC002" }));
        Assert.That(diagnostics[0].GetMessage(), Does.Contain("the limit is 1,048,576 characters"));
        Assert.That(diagnostics[0].Location.GetLineSpan().StartLinePosition, Is.EqualTo(new LinePosition(0, 0)));
        Assert.That(outcome.HintNames, Is.Empty);
    }

    [Test]
    public void A_schema_1000_levels_deep_is_refused_at_the_level_past_the_limit()
    {
        string deep = string.Concat(Enumerable.Repeat("{\"type\":\"array\",\"items\":", 1000)) + "{\"type\":\"string\"}" + new string('}', 1000);
        string text = "{\"asyncapi\":\"3.0.0\",\"channels\":{\"c\":{\"address\":\"c\",\"messages\":{\"m\":{\"payload\":" + deep + "}}}}}";
        var (outcome, diagnostics) = Run(text);
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "EVC002" }), string.Join("\n", diagnostics));
        Assert.That(diagnostics[0].GetMessage(), Does.Contain("more than 64 levels deep"));
        Assert.That(outcome.HintNames, Is.Empty);
    }

    [Test]
    public void Lists_nested_past_the_type_depth_are_EVC021()
    {
        string deep = string.Concat(Enumerable.Repeat("{ type: array, items: ", 12)) + "{ type: string }" + string.Concat(Enumerable.Repeat(" }", 12));
        string text = WithProperties("            field: " + deep);
        var (_, diagnostics) = Run(text);
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "EVC021" }), string.Join("\n", diagnostics));
        Assert.That(diagnostics[0].GetMessage(), Does.Contain("more than 8 deep"));

        // At the tenth list: the ninth nesting below the field's own.
        int tenth = text.IndexOf("field: ", StringComparison.Ordinal) + "field: ".Length + (9 * "{ type: array, items: ".Length);
        Assert.That(diagnostics[0].Location.SourceSpan.Start, Is.EqualTo(tenth));
    }

    [Test]
    public void References_that_fan_out_exhaust_the_budget_not_the_machine()
    {
        // Each level refers to the one below twice through a path pointer, which is read inline: 2^40 visits without a budget.
        var text = new StringBuilder("asyncapi: 3.0.0\nchannels:\n  c:\n    address: c\n    messages:\n      m: { payload: { $ref: '#/components/schemas/l0' } }\ncomponents:\n  schemas:\n");
        for (int i = 0; i < 40; i++)
        {
            text.Append($"    l{i}: {{ type: object, properties: {{ a: {{ $ref: '#/components/schemas/l{i + 1}/properties' }}, b: {{ $ref: '#/components/schemas/l{i + 1}/properties' }} }} }}\n");
        }

        text.Append("    l40: { type: object, properties: { x: { type: string } } }\n");
        var (outcome, diagnostics) = Run(text.ToString());
        Assert.That(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), Is.Not.Empty, string.Join("\n", diagnostics.Take(5)));
        Assert.That(outcome.Result.Results.Single().Exception, Is.Null);
    }

    // ---------------------------------------------------------------- issue 26: the kinds behind the adversary's findings

    [TestCase("{ type: string, enum: [1, '2'] }", "1, '2'", "is a number")]
    [TestCase("{ enum: [pending, true] }", "true]", "is a boolean")]
    [TestCase("{ enum: [2024-05-01, later] }", "2024-05-01", "a date")]
    [TestCase("{ type: integer, enum: [1, 2] }", "integer", "enums are strings on the wire")]
    [TestCase("{ type: string, enum: [a, null] }", "null]", "does not allow null")]
    public void An_enum_value_that_is_no_string_in_the_document_is_EVC021_at_the_value(string schema, string at, string message)
    {
        Diagnostic d = Single(WithProperties("            field: " + schema), "EVC021", at);
        Assert.That(d.GetMessage(), Does.Contain(message));
    }

    [TestCase("field: { $ref: '#/components/messages/other' }", "'#/components/messages/other'", "points at a message, but a schema")]
    [TestCase("field: { $ref: '#/channels/orders' }", "'#/channels/orders'", "points at a channel, but a schema")]
    [TestCase("field: { $ref: '#/info' }", "'#/info'", "no schema, message or channel")]
    public void A_reference_to_the_wrong_kind_of_thing_is_EVC022_at_the_reference(string property, string at, string message)
    {
        string text = WithProperties("            " + property).Replace("  schemas:\n", "  messages:\n    other: { payload: { type: object } }\n  schemas:\n");
        Diagnostic d = Single(text, "EVC022", at);
        Assert.That(d.GetMessage(), Does.Contain(message));
    }

    [Test]
    public void A_channel_message_that_refers_to_a_schema_is_EVC022()
    {
        string text = OneMessage("placed: { $ref: '#/components/schemas/s' }", "components:\n  schemas:\n    s: { type: object, properties: { a: { type: string } } }\n");
        Diagnostic d = Single(text, "EVC022", "'#/components/schemas/s'");
        Assert.That(d.GetMessage(), Does.Contain("points at a schema, but a message"));
    }

    [TestCase("payload: { type: object, additionalProperties: { type: integer } }", "{ type: integer }", "is a map")]
    [TestCase("payload: { oneOf: [ { type: object, properties: { a: { type: string } } }, { type: object, properties: { b: { type: string } } } ] }", "[ { type: object", "'oneOf' of several schemas")]
    [TestCase("payload: { anyOf: [ { type: object, properties: { a: { type: string } } }, { type: object } ] }", "[ { type: object", "'anyOf' of several schemas")]
    [TestCase("payload: { type: object, properties: { a: { type: string } }, oneOf: [ { required: [a] } ] }", "[ { required", "both 'properties' and a choice")]
    [TestCase("payload: { type: object, properties: { a: { type: string } } }, contentType: application/xml", "application/xml", "'application/xml'")]
    [TestCase("payload: { type: object, properties: { a: { type: string } } }, contentType: text/plain; charset=utf-8", "text/plain", "only JSON media types")]
    public void A_payload_the_catalog_cannot_express_is_EVC021(string message, string at, string text)
    {
        Diagnostic d = Single(OneMessage("placed: { " + message + " }"), "EVC021", at);
        Assert.That(d.GetMessage(), Does.Contain(text));
    }

    [TestCase("application/json")]
    [TestCase("application/cloudevents+json")]
    [TestCase("application/vnd.acme.order+JSON; charset=utf-8")]
    public void A_json_content_type_is_no_diagnostic(string contentType)
    {
        var (_, diagnostics) = Run(OneMessage($"placed: {{ contentType: '{contentType}', payload: {{ type: object, properties: {{ a: {{ type: string }} }}, required: [a] }} }}", $"defaultContentType: '{contentType}'\n"));
        Assert.That(diagnostics, Is.Empty, string.Join("\n", diagnostics.Select(GeneratorHarness.Describe)));
    }

    [Test]
    public void A_non_json_default_content_type_is_reported_only_when_a_message_uses_it()
    {
        string json = "placed: { contentType: application/json, payload: { type: object, properties: { a: { type: string } }, required: [a] } }";
        var (_, quiet) = Run(OneMessage(json, "defaultContentType: application/avro\n"));
        Assert.That(quiet, Is.Empty, "every message says its own (JSON) content type");
        Diagnostic d = Single(OneMessage(json.Replace("contentType: application/json, ", string.Empty), "defaultContentType: application/avro\n"), "EVC021", "application/avro");
        Assert.That(d.GetMessage(), Does.Contain("'defaultContentType'"));
    }

    [TestCase("{ type: integer, default: 5 }", "default", "no default value")]
    [TestCase("{ type: string, deprecated: true }", "deprecated", "deprecates events, not fields")]
    [TestCase("{ type: string, $id: 'urn:x' }", "$id", "this document alone")]
    public void An_annotation_that_changes_meaning_is_EVC023(string schema, string at, string message)
    {
        Diagnostic d = Single(WithProperties("            field: " + schema), "EVC023", at);
        Assert.That(d.GetMessage(), Does.Contain(message));
    }

    [Test]
    public void Required_naming_a_missing_property_is_EVC023_at_the_entry_in_a_type_too()
    {
        string text = WithProperties("            ship_to: { $ref: '#/components/schemas/place' }").Replace(
            "  schemas:\n", "  schemas:\n    place: { type: object, properties: { street: { type: string } }, required: [street, zip] }\n");
        Diagnostic d = Single(text, "EVC023", "zip]");
        Assert.That(d.GetMessage(), Does.Contain("names 'zip', which is not one of its properties").And.Contain("type 'place'"));
    }

    [TestCase("name: other_name", "other_name", "named after the message's key 'placed'")]
    [TestCase("traits: [ { headers: { type: object } } ]", "traits", "traits are not applied")]
    [TestCase("bindings: { kafka: { key: { type: string } } }", "bindings", "protocol details")]
    [TestCase("correlationId: { location: '$message.header#/id' }", "correlationId", "correlation id")]
    [TestCase("headers: { type: object, properties: { specversion: { type: string }, tenant_id: { type: string } } }", "tenant_id", "header 'tenant_id'")]
    [TestCase("headers: { $ref: '#/components/schemas/h' }", "x_tenant", "header 'x_tenant'")]
    public void What_a_message_says_besides_its_payload_is_EVC023_where_it_says_it(string part, string at, string message)
    {
        string text = OneMessage("placed: { " + part + ", payload: { type: object, properties: { a: { type: string } }, required: [a] } }",
            "components:\n  schemas:\n    h: { type: object, properties: { x_tenant: { type: string } } }\n");
        Diagnostic d = Single(text, "EVC023", at);
        Assert.That(d.GetMessage(), Does.Contain(message));
    }

    [TestCase("reply: { channel: { $ref: '#/channels/orders' } }", "reply", "request-reply")]
    [TestCase("security: [ { type: httpApiKey } ]", "security", "security")]
    [TestCase("bindings: { amqp: { ack: true } }", "bindings", "per-operation bindings")]
    public void What_an_operation_says_besides_its_channel_is_EVC023(string part, string at, string message)
    {
        string text = OneMessage("placed: { payload: { type: object, properties: { a: { type: string } }, required: [a] } }",
            "operations:\n  sendPlaced: { action: send, channel: { $ref: '#/channels/orders' }, " + part + " }\n");
        Diagnostic d = Single(text, "EVC023", at + ":");
        Assert.That(d.GetMessage(), Does.Contain(message).And.Contain("'sendPlaced'"));
    }

    [Test]
    public void Channel_bindings_are_EVC023()
    {
        string text = "asyncapi: 3.0.0\nchannels:\n  orders:\n    address: orders\n    bindings: { kafka: { partitions: 3 } }\n"
            + "    messages:\n      placed: { payload: { type: object, properties: { a: { type: string } }, required: [a] } }\n";
        Single(text, "EVC023", "bindings");
    }

    [Test]
    public void An_unused_scalar_schema_is_EVC023_and_an_unused_alias_is_quiet()
    {
        string text = OneMessage("placed: { payload: { type: object, properties: { a: { type: string } }, required: [a] } }",
            "components:\n  schemas:\n    order_id: { type: string, format: uuid }\n    alias: { $ref: '#/components/schemas/order_id' }\n");
        Diagnostic d = Single(text, "EVC023", "order_id:");
        Assert.That(d.GetMessage(), Does.Contain("only object and enum schemas are catalog types"));
    }
}
