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
}
