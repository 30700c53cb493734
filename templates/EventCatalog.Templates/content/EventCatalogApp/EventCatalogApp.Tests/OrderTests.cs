using EventCatalog;
using NUnit.Framework;

namespace EventCatalogApp.Tests;

public class OrderTests
{
    [Test]
    public async Task A_placed_order_reaches_the_handler()
    {
        var bus = new InMemoryPubSub();
        await using ISubscription orders = bus.Subscribe(Events.Topics.Orders("test-store"));
        var log = new StringWriter();

        await new OrderPublisher(bus, "test-store").PlaceAsync("o-42", 9.99m);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await new OrderHandler(log).HandleAsync(orders, count: 1, timeout.Token);

        Assert.That(log.ToString().Trim(), Is.EqualTo("handled order_placed: order o-42, total 9.99"));
    }

    [Test]
    public void The_catalog_rejects_an_event_of_another_category()
    {
        Assert.That(Events.IsValidEvent(Events.Category.Orders, OrderPlaced.EventType), Is.True);
        Assert.That(Events.IsValidEvent(Events.Category.Orders, "order_shipped"), Is.False);
    }
}
