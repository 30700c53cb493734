using EventCatalog;

namespace EventCatalogApp;

/// <summary>Publishes the orders category's events for one store.</summary>
public sealed class OrderPublisher(IPubSub bus, string store)
{
    /// <summary>Publishes <see cref="OrderPlaced"/> on the store's orders topic.</summary>
    public ValueTask PlaceAsync(string orderId, decimal total, CancellationToken cancellationToken = default) =>
        bus.BroadcastAsync(Events.Topics.Orders(store), Events.BuildPayload(new OrderPlaced(orderId, total), store), cancellationToken);
}
