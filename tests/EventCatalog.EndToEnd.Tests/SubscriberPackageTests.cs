using System;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace EventCatalog.EndToEnd.Tests;

/// <summary>
/// Issue 22 with the real CLI on the packed package: an exhaustive handler that misses an event fails `dotnet build`
/// with the compiler's error naming it, adding the overload makes it build and run through a typed subscription, and
/// `dotnet format analyzers --diagnostics EVC105` adds a switch's missing cases.
/// </summary>
public class SubscriberPackageTests
{
    private const string Catalog = """
        namespace: Shop
        topic: "shop:{store}:{category}"
        categories:
          orders:
            events:
              order_placed:
                data:
                  order_id: string
              order_cancelled:
                data:
                  order_id: string
          shipping:
            events:
              order_shipped:
                data:
                  order_id: string
        """;

    internal const string Handler = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using EventCatalog;

        namespace Shop;

        public sealed class Orders : IOrdersHandler
        {
            public ValueTask HandleAsync(EventEnvelope<OrderPlaced> evt, CancellationToken cancellationToken)
            {
                Console.WriteLine($"placed {evt.Data.OrderId}");
                return default;
            }
        //CANCELLED
        }
        """;

    internal const string Cancelled = """
            public ValueTask HandleAsync(EventEnvelope<OrderCancelled> evt, CancellationToken cancellationToken)
            {
                Console.WriteLine($"cancelled {evt.Data.OrderId}");
                return default;
            }
        """;

    internal const string Program = """
        using System;
        using System.Threading.Tasks;
        using EventCatalog;
        using EventCatalog.Subscribers;
        using Shop;

        var bus = new InMemoryPubSub();
        string store = "shop-1";
        await using (CategorySubscription orders = Events.Subscribe(bus, store, new Orders()))
        {
            await bus.BroadcastAsync(Events.Topics.Orders(store), Events.BuildPayload(new OrderPlaced("o-1"), store));
            await bus.BroadcastAsync(Events.Topics.Orders(store), new OrderCancelled("o-1"));
            while (orders.Handled < 2)
            {
                await Task.Delay(10);
            }
        }

        """;

    private const string Switch = """
        namespace Shop;

        public static class Describe
        {
            public static string Of(object message)
            {
                switch (message)
                {
                    case EventCatalog.EventPayload<OrderPlaced>:
                        return "placed";
                }

                return "?";
            }

            public static async System.Threading.Tasks.Task ReadAsync(EventCatalog.IPubSub bus)
            {
                await foreach (object message in bus.Subscribe(Events.Topics.Orders("s")))
                {
                    switch (message)
                    {
                        case EventCatalog.EventPayload<OrderPlaced>:
                            break;
                    }
                }
            }
        }
        """;

    private static string App => Path.Combine(PackageFeed.Root, "SubscriberApp");

    [Test]
    [Order(0)]
    public void A_handler_that_misses_an_event_fails_the_build_naming_it_and_adding_it_makes_the_build_pass()
    {
        DotNet.Run(PackageFeed.Root, "new", "console", "-o", App, "-n", "SubscriberApp", "--framework", "net10.0").ShouldSucceed();
        DotNet.Run(App, "add", "package", "EventCatalog", "--version", PackageFeed.Version).ShouldSucceed();
        string project = Path.Combine(App, "SubscriberApp.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("<Nullable>enable</Nullable>", "<Nullable>enable</Nullable>\n    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>"));
        File.WriteAllText(Path.Combine(App, "events.schema.yaml"), Catalog);
        File.WriteAllText(Path.Combine(App, "Program.cs"), Program);
        File.WriteAllText(Path.Combine(App, "Orders.cs"), Handler);

        DotNet.Result build = DotNet.Run(App, "build", "-p:UseSharedCompilation=false").ShouldFail();
        Assert.That(build.Output, Does.Contain("error CS0535: 'Orders' does not implement interface member 'IOrdersHandler.HandleAsync(EventEnvelope<OrderCancelled>, CancellationToken)'"));

        File.WriteAllText(Path.Combine(App, "Orders.cs"), Handler.Replace("//CANCELLED", Cancelled, StringComparison.Ordinal));
        DotNet.Run(App, "build", "-p:UseSharedCompilation=false").ShouldSucceed();
        DotNet.Result run = DotNet.Run(App, "run", "--no-build").ShouldSucceed();
        Assert.That(run.Output, Does.Contain("placed o-1").And.Contain("cancelled o-1"));
    }

    [Test]
    [Order(1)]
    public void Dotnet_format_adds_the_missing_cases_of_EVC105_and_the_app_then_builds()
    {
        string file = Path.Combine(App, "Describe.cs");
        File.WriteAllText(file, Switch);
        try
        {
            DotNet.Result build = DotNet.Run(App, "build", "-p:UseSharedCompilation=false").ShouldFail();
            Assert.That(build.Output, Does.Contain("error EVC105: This switch over the 'orders' events handles 1 of its 2 event types but not OrderCancelled ('order_cancelled')"));
            Assert.That(build.Output, Does.Not.Contain("Describe.cs(7"), "a switch over a parameter's messages is not a subscription's: no EVC105");

            DotNet.Run(App, "format", "analyzers", "SubscriberApp.csproj", "--diagnostics", "EVC105", "--severity", "warn").ShouldSucceed();
            string fixedText = File.ReadAllText(file);
            string[] lines = fixedText.Split('\n').Select(l => l.Trim()).ToArray();
            int added = Array.IndexOf(lines, "case EventCatalog.EventPayload<OrderCancelled>:");
            Assert.That(added, Is.GreaterThan(0), fixedText);
            Assert.That(lines[added - 2], Is.EqualTo("case EventCatalog.EventPayload<OrderPlaced>:"), "after the existing case, in catalog order");
            Assert.That(lines[added + 1], Is.EqualTo("break;"));
            Assert.That(lines.Count(l => l.Contains("OrderCancelled", StringComparison.Ordinal)), Is.EqualTo(1), "the switch over a parameter is left alone");
            DotNet.Run(App, "build", "-p:UseSharedCompilation=false").ShouldSucceed();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
