using System.Linq;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>The generated consuming side (SPEC §11, issue 22): handler interfaces, the opt-out base, the typed subscription and stream.</summary>
public class SubscriberTests
{
    private const string Yaml = """
        categories:
          orders:
            events:
              order_placed:
                data: { id: string }
              order_shipped:
                deprecated: use order_sent
                data: { id: string }
          billing:
            events: [invoice_sent]
          empty: {}
        """;

    private const string Consumer = """
        using System.Threading;
        using System.Threading.Tasks;
        using EventCatalog;
        using EventCatalog.Subscribers;

        namespace Consumer
        {
            internal sealed class AllOrders : IOrdersHandler
            {
                public ValueTask HandleAsync(EventEnvelope<OrderPlaced> evt, CancellationToken cancellationToken) => default;

                [System.Obsolete("handles a deprecated event")]
                public ValueTask HandleAsync(EventEnvelope<OrderShipped> evt, CancellationToken cancellationToken) => default;
            }

            internal sealed class SomeBilling : BillingHandlerBase
            {
                public override ValueTask HandleAsync(EventEnvelope<InvoiceSent> evt, CancellationToken cancellationToken) => default;

                protected override ValueTask HandleDefaultAsync(IEventEnvelope evt, CancellationToken cancellationToken) => default;
            }

            internal sealed class Nothing : EmptyHandlerBase
            {
            }

            internal static class Use
            {
                public static async Task RunAsync(IPubSub bus)
                {
                    await using CategorySubscription orders = Events.Subscribe(bus, "s1", new AllOrders());
                    await using CategorySubscription billing = Events.Subscribe(bus, "s1", new SomeBilling(), new CategorySubscriptionOptions { ErrorPolicy = HandlerErrorPolicy.Continue });
                    await using CategorySubscription empty = Events.Subscribe(bus, "s1", new Nothing());
                    await using CategoryStream<IOrdersEvent> stream = Events.OrdersStream(bus, "s1");
                    await foreach (EventEnvelope<IOrdersEvent> evt in stream)
                    {
                        switch (evt.Data)
                        {
                            case OrderPlaced placed:
                                System.Console.WriteLine(placed.Id);
                                break;
                        }
                    }
                }
            }
        }
        """;

    [TestCase(Target.Net80, LanguageVersion.CSharp12)]
    [TestCase(Target.NetStandard20, LanguageVersion.CSharp9)]
    public void Handlers_bases_subscriptions_and_streams_compile_without_warnings(Target target, LanguageVersion version)
    {
        GeneratorOutcome outcome = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText("/project/events.schema.yaml", Yaml) }, target, "Consumer", version, Consumer);
        Assert.That(outcome.OutputDiagnostics().Select(GeneratorHarness.Describe), Is.Empty);
    }

    [Test]
    public void A_handler_that_misses_an_event_fails_with_CS0535_naming_the_overload()
    {
        const string missing = """
            using System.Threading;
            using System.Threading.Tasks;
            using EventCatalog;

            namespace Consumer
            {
                internal sealed class Billing : IBillingHandler
                {
                }
            }
            """;
        GeneratorOutcome outcome = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText("/project/events.schema.yaml", Yaml) }, Target.Net80, "Consumer", null, missing);
        Diagnostic error = outcome.OutputDiagnostics().Single();
        Assert.That(error.Id, Is.EqualTo("CS0535"));
        Assert.That(error.GetMessage(), Does.Contain("IBillingHandler.HandleAsync(EventEnvelope<InvoiceSent>, CancellationToken)"));
    }

    [Test]
    public void Marker_interface_is_on_current_records_only()
    {
        const string yaml = """
            categories:
              orders:
                events:
                  order_placed:
                    version: 2
                    data: { id: string, total: long? }
                    versions:
                      1: { data: { id: string } }
            """;
        string source = GeneratorHarness.Generate(yaml).SourceOf("Consumer.Events.g.cs");
        Assert.That(source, Does.Contain("public sealed partial record OrderPlaced(string Id, long? Total = null) : global::EventCatalog.ICatalogEvent, global::EventCatalog.IValidatable, global::Consumer.IOrdersEvent"));
        Assert.That(source, Does.Contain("public sealed partial record OrderPlacedV1(string Id)\n"));
    }

    [TestCase("i_orders_event", "marker interface 'IOrdersEvent'")]
    [TestCase("i_orders_handler", "handler interface 'IOrdersHandler'")]
    [TestCase("orders_handler_base", "handler base class 'OrdersHandlerBase'")]
    public void EVC007_an_event_named_like_a_subscriber_type(string eventName, string expected)
    {
        string yaml = $"""
            categories:
              orders:
                events: [{eventName}]
            """;
        Diagnostic d = GeneratorHarness.Analyze(yaml).Single();
        Assert.That(d.Id, Is.EqualTo("EVC007"));
        Assert.That(d.GetMessage(), Does.Contain(expected).And.Contain($"event '{eventName}'"));
        Assert.That(d.Location.GetLineSpan().StartLinePosition.Line, Is.EqualTo(1), "at the category");
    }

    [Test]
    public void EVC007_a_catalog_class_named_like_a_subscriber_type_or_stream()
    {
        Assert.That(GeneratorHarness.Analyze("class: IOrdersHandler\ncategories:\n  orders:\n    events: [a_b]\n").Single().GetMessage(), Does.Contain("that is the name of the catalog class"));
        Assert.That(GeneratorHarness.Analyze("class: OrdersStream\ncategories:\n  orders:\n    events: [a_b]\n").Single().GetMessage(), Does.Contain("'OrdersStream.OrdersStream'"));
        Assert.That(GeneratorHarness.Analyze("class: Subscribe\ncategories:\n  orders:\n    events: [a_b]\n").Single().Id, Is.EqualTo("EVC007"));
    }

    [Test]
    public void EVC007_two_catalogs_generating_the_same_handler_interface()
    {
        var first = new InMemoryAdditionalText("/project/a.events.yaml", "class: A\ncategories:\n  orders:\n    events: [a_one]\n");
        var second = new InMemoryAdditionalText("/project/b.events.yaml", "class: B\ncategories:\n  orders:\n    events: [b_one]\n");
        string[] messages = GeneratorHarness.Analyze(new[] { first, second }).Where(d => d.Id == "EVC007").Select(d => d.GetMessage()).ToArray();
        // One mistake, one error: the second catalog gets one EVC007, at its first colliding type, counting the others
        // (the marker, the handler interface and the handler base all collide).
        Assert.That(messages, Has.Length.EqualTo(1));
        Assert.That(messages[0], Does.Contain("IOrdersEvent").And.Contain("2 more of its types collide the same way"));
    }
}
