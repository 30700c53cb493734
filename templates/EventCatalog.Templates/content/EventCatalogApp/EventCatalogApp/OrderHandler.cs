using System.Globalization;
using EventCatalog;

namespace EventCatalogApp;

/// <summary>Handles the events that arrive on the orders topic.</summary>
public sealed class OrderHandler(TextWriter log)
{
    /// <summary>Handles one order placed.</summary>
    public void Handle(OrderPlaced placed) =>
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"handled order_placed: order {placed.OrderId}, total {placed.Total}"));

    /// <summary>Reads the subscription until <paramref name="count"/> events were handled.</summary>
    public async Task HandleAsync(ISubscription orders, int count, CancellationToken cancellationToken = default)
    {
        int handled = 0;
        await foreach (object message in orders.WithCancellation(cancellationToken))
        {
            if (message is IEventPayload { Event.Data: OrderPlaced placed })
            {
                Handle(placed);
                if (++handled == count)
                {
                    return;
                }
            }
        }
    }
}
