using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using EventCatalog.Generator.Model;
using EventCatalog.Generator.Parsing;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>AsyncAPI 3 documents (<c>*.asyncapi.yaml</c>, <c>.yml</c>, <c>.json</c>) read as catalogs: the mapping, and every diagnostic of it at its line and column.</summary>
public class AsyncApiCatalogTests
{
    private const string DocumentPath = "/project/orders.asyncapi.yaml";

    internal static string Streetlights => File.ReadAllText(RepoPaths.Combine("tests", "EventCatalog.Generator.Tests", "AsyncApi", "streetlights-mqtt.asyncapi.yml"));

    /// <summary>Every part of the mapping: extensions, the template with {store}, each scalar format, lists, maps, enums and object types by $ref, inline enums, required and nullable, deprecation, versions.</summary>
    internal const string Orders = """
        asyncapi: 3.0.0
        info: { title: Orders, version: 1.0.0 }
        x-eventcatalog-namespace: Acme.Orders
        x-eventcatalog-class: OrderEvents
        x-eventcatalog-type-prefix: com.acme.
        channels:
          orders:
            address: 'acme.{store}.orders'
            description: Order lifecycle
            x-eventcatalog-wrapper: order_message
            parameters: { store: { description: The store. } }
            messages:
              order_placed: { $ref: '#/components/messages/order_placed' }
              order_cancelled:
                summary: 'An order was cancelled. Deprecated: use order_voided'
                x-eventcatalog-deprecated: use order_voided
                payload: { type: object, properties: { order_id: { type: string, format: uuid } }, required: [order_id] }
          billing:
            address: 'acme.{store}.billing'
            messages:
              payment_received:
                description: A payment arrived.
                x-eventcatalog-version: 2
                x-eventcatalog-earlier-versions: [1]
                payload:
                  anyOf:
                    - { type: object, properties: { amount: { type: number }, method: { $ref: '#/components/schemas/payment_method' } }, required: [amount, method] }
                    - { type: object, properties: { amount: { type: number, format: double } }, required: [amount] }
        components:
          messages:
            order_placed:
              summary: A customer placed an order.
              payload:
                type: object
                required: [order_id, placed_at, total, lines, quantities, status, ship_to]
                properties:
                  order_id: { type: string, format: uuid, description: The order's id. }
                  placed_at: { type: string, format: date-time }
                  total: { type: number }
                  lines: { type: array, items: { $ref: '#/components/schemas/order_line' } }
                  quantities: { type: object, additionalProperties: { type: integer, format: int32 } }
                  status: { $ref: '#/components/schemas/order_status' }
                  ship_to: { $ref: '#/components/schemas/address' }
                  bill_to: { anyOf: [ { $ref: '#/components/schemas/address' }, { type: 'null' } ] }
                  note: { type: [string, 'null'] }
                  gift: { type: boolean }
                  due_on: { type: string, format: date }
                  terms: { type: string, format: uri }
                  receipt: { type: string, contentEncoding: base64 }
                  wait: { type: string, format: duration }
                  count: { type: integer }
                  ratio: { type: number, format: float }
                  big: { type: integer, format: int64 }
          schemas:
            order_status: { type: string, enum: [pending, paid, shipped], description: Where the order is. }
            address:
              type: object
              properties: { street: { type: string }, zip: { type: string } }
              required: [street]
            order_line:
              type: object
              properties: { sku: { type: string }, quantity: { type: integer, format: int32 } }
              required: [sku, quantity]
            payment_method: { enum: [card, cash] }
        """;

    /// <summary>The same catalog, written as YAML.</summary>
    internal const string OrdersCatalog = """
        namespace: Acme.Orders
        class: OrderEvents
        topic: "acme.{store}.{category}"
        type_prefix: com.acme.
        types:
          order_status: { description: Where the order is., enum: [pending, paid, shipped] }
          address: { fields: { street: string, zip: string? } }
          order_line: { fields: { sku: string, quantity: int } }
          payment_method: { enum: [card, cash] }
        categories:
          orders:
            description: Order lifecycle
            wrapper: order_message
            events:
              order_placed:
                description: A customer placed an order.
                data:
                  order_id: { type: guid, description: The order's id. }
                  placed_at: timestamp
                  total: decimal
                  lines: list<order_line>
                  quantities: map<int>
                  status: order_status
                  ship_to: address
                  bill_to: address?
                  note: string?
                  gift: bool?
                  due_on: date?
                  terms: uri?
                  receipt: bytes?
                  wait: duration?
                  count: long?
                  ratio: double?
                  big: long?
              order_cancelled:
                description: An order was cancelled.
                deprecated: use order_voided
                data: { order_id: guid }
          billing:
            events:
              payment_received:
                description: A payment arrived.
                version: 2
                data: { amount: decimal, method: payment_method }
                versions:
                  1: { data: { amount: double } }
        """;

    private static CatalogParseResult Parse(string text, string path = DocumentPath) =>
        CatalogParser.Parse(path, SourceText.From(text, Encoding.UTF8), "Consumer", CancellationToken.None);

    private static string Describe(ImmutableArray<Diagnostic> diagnostics) => string.Join("\n", diagnostics.Select(GeneratorHarness.Describe));

    private static ImmutableArray<Diagnostic> Analyze(string text, string path = DocumentPath) =>
        GeneratorHarness.Analyze(new[] { new InMemoryAdditionalText(path, text) });

    /// <summary>The one diagnostic of <paramref name="id"/>, at <paramref name="line"/> and <paramref name="column"/> (from 1).</summary>
    private static Diagnostic At(ImmutableArray<Diagnostic> diagnostics, string id, int line, int column)
    {
        Diagnostic[] found = diagnostics.Where(d => d.Id == id).ToArray();
        Assert.That(found, Has.Length.EqualTo(1), Describe(diagnostics));
        LinePosition start = found[0].Location.GetLineSpan().StartLinePosition;
        Assert.That((start.Line + 1, start.Character + 1), Is.EqualTo((line, column)), Describe(diagnostics));
        return found[0];
    }

    [TestCase("/p/a.asyncapi.yaml", true)]
    [TestCase("/p/A.AsyncAPI.YML", true)]
    [TestCase("/p/a.asyncapi.json", true)]
    [TestCase("/p/a.AsyncApi.Json", true)]
    [TestCase("/p/.asyncapi.yaml", false)]
    [TestCase("/p/asyncapi.yaml", false)]
    [TestCase("/p/a.asyncapi", false)]
    [TestCase("/p/package.json", false)]
    public void AsyncApi_documents_are_catalogs_by_name(string path, bool expected)
    {
        Assert.That(CatalogFiles.IsCatalog(path), Is.EqualTo(expected));
        if (expected)
        {
            Assert.That(CatalogFiles.IsOtherYaml(path), Is.False, "a catalog is not another YAML file (EVC011)");
        }
    }

    [Test]
    public void The_document_reads_as_the_same_spec_as_the_yaml_catalog_it_says()
    {
        CatalogParseResult fromAsyncApi = Parse(Orders);
        CatalogParseResult fromYaml = Parse(OrdersCatalog, "/project/orders.events.yaml");
        Assert.That(fromYaml.Diagnostics, Is.Empty, string.Join("\n", fromYaml.Diagnostics));
        Assert.That(fromAsyncApi.Diagnostics.Where(d => d.IsError), Is.Empty, string.Join("\n", fromAsyncApi.Diagnostics));
        Assert.That(fromAsyncApi.Spec, Is.Not.Null);

        // Types come in the order of components/schemas (the order the export writes a catalog's types:); the YAML lists them so.
        Assert.That(fromAsyncApi.Spec! with { FilePath = string.Empty }, Is.EqualTo(fromYaml.Spec! with { FilePath = string.Empty }));
        Assert.That(fromAsyncApi.Upcasts, Is.EqualTo(fromYaml.Upcasts with { }).Or.Property("Count").EqualTo(fromYaml.Upcasts.Count));
    }

    [Test]
    public void The_document_generates_code_that_compiles_without_warnings_on_both_targets([Values] Target target)
    {
        const string upcast = """
            namespace Acme.Orders
            {
                public sealed partial record PaymentReceived
                {
                    public static partial PaymentReceived Upcast(PaymentReceivedV1 previous) => new((decimal)previous.Amount, PaymentMethod.Card);
                }
            }
            """;
        GeneratorOutcome outcome = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText(DocumentPath, Orders) }, target, sources: upcast);
        Assert.That(outcome.CompilerDiagnostics, Is.Empty, Describe(outcome.CompilerDiagnostics));
        Assert.That(outcome.OutputDiagnostics(), Is.Empty, Describe(outcome.OutputDiagnostics()));
        Assert.That(outcome.HintNames, Does.Contain("Acme.Orders.OrderEvents.g.cs"));
    }

    [Test]
    public void The_streetlights_example_builds_with_its_losses_named()
    {
        var catalogs = new[] { new InMemoryAdditionalText("/project/streetlights.asyncapi.yml", Streetlights) };
        GeneratorOutcome outcome = GeneratorHarness.Generate(catalogs);
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Analyze(catalogs);
        Assert.That(outcome.OutputDiagnostics(), Is.Empty, Describe(outcome.OutputDiagnostics()));
        Assert.That(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, Describe(diagnostics));

        // The addresses are four shapes with a {streetlightId} inside: the default template, said once; the ranges are not
        // checked; the operations' and the messages' traits (Kafka bindings, a 'my-app-header') are not applied; the shared
        // message 'turnOnOff' is named after each key it is listed under ('turnOn', 'turnOff').
        Assert.That(
            diagnostics.Where(d => d.Id == "EVC023").Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1).OrderBy(l => l),
            Is.EqualTo(new[] { 72, 112, 120, 128, 136, 149, 154, 154, 157, 157, 165, 175, 196, 197 }),
            Describe(diagnostics));
        Assert.That(diagnostics.Where(d => d.Id == "EVC024").Select(d => d.GetMessage()), Has.Some.Contains("'sentAt' is read as 'sent_at'"));

        string code = outcome.SourceOf("Consumer.Events.g.cs");
        Assert.That(code, Does.Contain("public const string Template = \"{store}:{category}\";"));
        foreach (string record in new[] { "LightMeasured(", "TurnOn(", "TurnOff(", "DimLight(" })
        {
            Assert.That(code, Does.Contain("public sealed partial record " + record), record);
        }

        // No 'required' list: every property is optional; the inline 'on'/'off' enum is one type for both events of the shared payload.
        Assert.That(code, Does.Contain("long? Lumens").And.Contain("global::System.DateTimeOffset? SentAt"));
        Assert.That(code, Does.Contain("enum TurnOnCommand"));
    }

    // ---------------------------------------------------------------- issue 26: the kinds behind the adversary's findings

    private static string Document(string messages, string components = "") =>
        "asyncapi: 3.0.0\ninfo: { title: T, version: 1.0.0 }\nchannels:\n  orders:\n    address: acme.orders\n    messages:\n"
        + string.Join("\n", messages.Split('\n').Select(l => "      " + l))
        + (components.Length == 0 ? string.Empty : "\ncomponents:\n" + string.Join("\n", components.Split('\n').Select(l => "  " + l)));

    private static CatalogSpec Spec(string text)
    {
        CatalogParseResult result = Parse(text);
        Assert.That(result.Diagnostics.Where(d => d.IsError), Is.Empty, string.Join("\n", result.Diagnostics));
        return result.Spec!;
    }

    private static FieldSpec Field(CatalogSpec spec, string name) => spec.Categories.SelectMany(c => c.Events).SelectMany(e => e.Fields).Single(f => f.Name == name);

    [Test]
    public void A_category_name_inside_a_parameter_is_not_the_categorys_place()
    {
        string text = "asyncapi: 3.0.0\nchannels:\n"
            + "  store: { address: 'acme.{store}.store', messages: { opened: { payload: { type: object, properties: { id: { type: string } }, required: [id] } } } }\n"
            + "  billing: { address: 'acme.{store}.billing', messages: { paid: { payload: { type: object, properties: { id: { type: string } }, required: [id] } } } }\n";
        Assert.That(Spec(text).TopicTemplate, Is.EqualTo("acme.{store}.{category}"));
    }

    [TestCase("{ type: [string, 'null'], enum: [pending, paid, null] }")]
    [TestCase("{ enum: [pending, paid, null] }")]
    [TestCase("{ anyOf: [ { $ref: '#/components/schemas/state' }, { type: 'null' } ] }")]
    [TestCase("{ oneOf: [ { type: 'null' }, { enum: [pending, paid] } ] }")]
    [TestCase("{ $ref: '#/components/schemas/nullable_state' }")]
    public void The_nullable_forms_of_an_enum_are_an_optional_enum(string schema)
    {
        CatalogSpec spec = Spec(Document("placed:\n  payload: { type: object, properties: { status: " + schema + " }, required: [status] }",
            "schemas:\n  state: { type: string, enum: [pending, paid] }\n  nullable_state: { type: [string, 'null'], enum: [pending, paid, null] }"));
        FieldSpec status = Field(spec, "status");
        Assert.That(status.Type.IsOptional, Is.True);
        Assert.That(status.Type.Shape, Is.EqualTo(TypeShape.Enum));
        Assert.That(spec.Types.Single(t => t.Name == status.Type.TypeName).Values.Select(v => v.Name), Is.EqualTo(new[] { "pending", "paid" }));
    }

    [TestCase("{ type: [object, 'null'], properties: { a: { type: string } } }")]
    [TestCase("{ anyOf: [ { type: object, properties: { a: { type: string } } }, { type: 'null' } ] }")]
    [TestCase("{ oneOf: [ { $ref: '#/components/schemas/box' }, { type: 'null' } ] }")]
    [TestCase("{ type: [integer, 'null'] }")]
    [TestCase("{ type: array, items: { type: string } }")]
    public void The_nullable_forms_of_objects_refs_and_scalars_are_optional(string schema)
    {
        CatalogSpec spec = Spec(Document("placed:\n  payload: { type: object, properties: { value: " + schema + " }, required: [value] }",
            "schemas:\n  box: { type: object, properties: { a: { type: string } } }"));
        Assert.That(Field(spec, "value").Type.IsOptional, Is.EqualTo(!schema.Contains("array")), "a required value with no null is not optional");
    }

    [Test]
    public void Quoted_true_and_false_are_a_string_enum()
    {
        CatalogSpec spec = Spec(Document("placed:\n  payload: { type: object, properties: { flag: { enum: ['true', 'false'] } }, required: [flag] }"));
        Assert.That(spec.Types.Single().Values.Select(v => v.Name), Is.EqualTo(new[] { "true", "false" }));
    }

    [Test]
    public void An_optional_payload_is_read_as_its_object_with_the_null_named()
    {
        string text = Document("placed:\n  payload: { anyOf: [ { type: object, properties: { a: { type: string } }, required: [a] }, { type: 'null' } ] }");
        CatalogParseResult result = Parse(text);
        Assert.That(Field(result.Spec!, "a").Type.IsOptional, Is.False);
        Assert.That(result.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "EVC023" }), string.Join("\n", result.Diagnostics));
    }

    [Test]
    public void A_payload_may_refer_to_another_messages_payload_and_a_deprecated_payload_deprecates_the_event()
    {
        string text = Document("placed:\n  payload: { $ref: '#/components/messages/real/payload' }",
            "messages:\n  real: { payload: { type: object, deprecated: true, properties: { id: { type: string } }, required: [id] } }");
        CatalogSpec spec = Spec(text);
        EventSpec placed = spec.Categories.Single().Events.Single();
        Assert.That(placed.Fields.Select(f => f.Name), Is.EqualTo(new[] { "id" }));
        Assert.That(placed.Deprecated, Is.EqualTo("The event 'placed' is deprecated."));
    }

    [Test]
    public void Every_object_and_enum_schema_is_a_type_in_the_documents_order_but_payloads_are_not()
    {
        string text = Document("placed:\n  payload: { $ref: '#/components/schemas/placed_data' }",
            "schemas:\n  zone: { type: object, properties: { code: { type: string } }, required: [code] }\n"
            + "  placed_data: { type: object, properties: { bin: { $ref: '#/components/schemas/bin' }, shelf: { $ref: '#/components/schemas/shelf' } }, required: [bin, shelf] }\n"
            + "  shelf: { type: object, properties: { row: { type: integer, format: int32 } }, required: [row] }\n"
            + "  reason: { type: string, enum: [damaged, late] }\n"
            + "  bin: { type: object, properties: { code: { type: string } }, required: [code] }");
        Assert.That(Spec(text).Types.Select(t => t.Name), Is.EqualTo(new[] { "zone", "shelf", "reason", "bin" }));
    }

    [Test]
    public void Inline_type_names_step_aside_for_components_and_each_other()
    {
        // order.line -> order_line (taken by a schema) -> order_line_2; order.extra_item and order_extra.item both want order_extra_item.
        string text = Document(
            "order:\n  payload: { type: object, properties: { line: { type: object, properties: { sku: { type: string } }, required: [sku] }, extra_item: { enum: [a, b] } }, required: [line, extra_item] }\n"
            + "order_extra:\n  payload: { type: object, properties: { item: { enum: [c, d] } }, required: [item] }",
            "schemas:\n  order_line: { type: object, properties: { quantity: { type: integer } }, required: [quantity] }");
        CatalogSpec spec = Spec(text);
        Assert.That(Field(spec, "line").Type.TypeName, Is.EqualTo("order_line_2"));
        Assert.That(spec.Types.Select(t => t.Name), Is.EquivalentTo(new[] { "order_line", "order_line_2", "order_extra_item", "order_extra_item_2" }));
    }
}
