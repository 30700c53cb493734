using EventCatalog;
using EventCatalogApp;

// An in-process bus; EventCatalog.PubSub.Redis carries the same calls between machines.
var bus = new InMemoryPubSub();
const string store = "shop-1";

await using ISubscription orders = bus.Subscribe(Events.Topics.Orders(store));
var publisher = new OrderPublisher(bus, store);
var handler = new OrderHandler(Console.Out);

await publisher.PlaceAsync("o-1", 12.50m);
await handler.HandleAsync(orders, count: 1);
