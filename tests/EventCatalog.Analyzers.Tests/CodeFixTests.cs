using System.Threading.Tasks;
using NUnit.Framework;
using static EventCatalog.Analyzers.Tests.Verifier;

namespace EventCatalog.Analyzers.Tests;

/// <summary>Every code fix, and Fix All.</summary>
public class CodeFixTests
{
    [Test]
    public Task Generated_topic_method_is_renamed_to_the_events_category() => FixAsync(
        Publish("await bus.BroadcastAsync({|EVC100:Events.Topics.Cluster(store)|}, new EventsPersisted(\"orders\", 5));"),
        Publish("await bus.BroadcastAsync(Events.Topics.Persistence(store), new EventsPersisted(\"orders\", 5));"));

    [Test]
    public Task BuildTopic_category_argument_is_changed() => FixAsync(
        Publish("await bus.BroadcastAsync({|EVC100:Events.BuildTopic(store, Events.Category.Gateway)|}, new ClusterJoined(\"n2\"));"),
        Publish("await bus.BroadcastAsync(Events.BuildTopic(store, Events.Category.Cluster), new ClusterJoined(\"n2\"));"));

    [Test]
    public Task Literal_category_segment_is_rewritten() => FixAsync(
        Publish("await bus.BroadcastAsync({|EVC100:\"exesdb:control:main:gateway\"|}, new ClusterJoined(\"n2\"));"),
        Publish("await bus.BroadcastAsync(\"exesdb:control:main:cluster\", new ClusterJoined(\"n2\"));"));

    [Test]
    public Task Interpolated_category_segment_is_rewritten() => FixAsync(
        Publish("await bus.BroadcastAsync({|EVC100:$\"exesdb:control:{store}:gateway\"|}, new ClusterJoined(\"n2\"));"),
        Publish("await bus.BroadcastAsync($\"exesdb:control:{store}:cluster\", new ClusterJoined(\"n2\"));"));

    [Test]
    public Task Local_initializer_is_rewritten() => FixAsync(
        Publish("""
            string topic = Events.Topics.Gateway(store);
                    await bus.BroadcastAsync({|EVC100:topic|}, new ClusterJoined("n2"));
            """),
        Publish("""
            string topic = Events.Topics.Cluster(store);
                    await bus.BroadcastAsync(topic, new ClusterJoined("n2"));
            """));

    [Test]
    public Task Fix_all_rewrites_every_mismatch() => FixAsync(
        Publish("""
            await bus.BroadcastAsync({|EVC100:Events.Topics.Cluster(store)|}, new EventsPersisted("orders", 5));
                    await bus.BroadcastAsync({|EVC100:Events.Topics.Gateway(store)|}, new EventsPersisted("invoices", 1));
                    await bus.BroadcastAsync({|EVC100:"exesdb:control:main:cluster"|}, new EventsPersisted("orders", 2));
            """),
        Publish("""
            await bus.BroadcastAsync(Events.Topics.Persistence(store), new EventsPersisted("orders", 5));
                    await bus.BroadcastAsync(Events.Topics.Persistence(store), new EventsPersisted("invoices", 1));
                    await bus.BroadcastAsync("exesdb:control:main:persistence", new EventsPersisted("orders", 2));
            """));

    [Test]
    public Task EVC101_did_you_mean() => FixAsync(
        Publish("await bus.BroadcastAsync({|EVC101:\"exesdb:control:main:clustr\"|}, new ClusterJoined(\"n2\"));"),
        Publish("await bus.BroadcastAsync(\"exesdb:control:main:cluster\", new ClusterJoined(\"n2\"));"));

    [Test]
    public Task EVC102_wrapper_of_the_events_category() => FixAsync(
        Publish("Events.BuildPayload({|EVC102:\"cluster_event\"|}, new EventsPersisted(\"orders\", 5));"),
        Publish("Events.BuildPayload(\"persistence_event\", new EventsPersisted(\"orders\", 5));"));

    [Test]
    public Task EVC103_did_you_mean() => FixAsync(
        Publish("Events.IsValidEvent({|EVC103:\"clustr\"|}, {|EVC103:\"cluster_joind\"|});"),
        Publish("Events.IsValidEvent(\"cluster\", \"cluster_joined\");"));

    [Test]
    public Task A_shared_local_is_replaced_at_the_wrong_call_site_and_the_right_publish_keeps_its_topic() => FixAsync(
        ShopPublish("""
            var topic = Events.Topics.Orders(store);
                    await bus.BroadcastAsync(topic, new OrderPlaced("o-1"));
                    await bus.BroadcastAsync({|EVC100:topic|}, new PaymentCaptured("o-1"));
            """),
        ShopPublish("""
            var topic = Events.Topics.Orders(store);
                    await bus.BroadcastAsync(topic, new OrderPlaced("o-1"));
                    await bus.BroadcastAsync(Events.Topics.Payments(store), new PaymentCaptured("o-1"));
            """),
        With.Shop);

    [Test]
    public Task Fix_all_converges_on_two_wrong_publishes_of_different_categories_on_one_local() => FixAsync(
        ShopPublish("""
            var topic = Events.Topics.Orders(store);
                    await bus.BroadcastAsync(topic, new OrderPlaced("o-1"));
                    await bus.BroadcastAsync({|EVC100:topic|}, new PaymentCaptured("o-1"));
                    await bus.BroadcastAsync({|EVC100:topic|}, Events.BuildPayload(new StockReserved()));
            """),
        ShopPublish("""
            var topic = Events.Topics.Orders(store);
                    await bus.BroadcastAsync(topic, new OrderPlaced("o-1"));
                    await bus.BroadcastAsync(Events.Topics.Payments(store), new PaymentCaptured("o-1"));
                    await bus.BroadcastAsync(Events.Topics.Inventory(store), Events.BuildPayload(new StockReserved()));
            """),
        With.Shop,
        incremental: 2,
        fixAll: 1);

    // One at a time, the second fix finds the local's only use left and edits its declaration; Fix All
    // edits both call sites at once. Both end with each publish on its own category's topic.
    [Test]
    public Task Fix_all_converges_when_every_use_of_the_local_is_wrong() => FixAsync(
        ShopPublish("""
            string topic = Events.BuildTopic(store, Events.Category.Orders);
                    await bus.BroadcastAsync({|EVC100:topic|}, new PaymentCaptured("o-1"));
                    await bus.BroadcastAsync({|EVC100:topic|}, new StockReserved());
            """),
        ShopPublish("""
            string topic = Events.BuildTopic(store, Events.Category.Inventory);
                    await bus.BroadcastAsync(Events.BuildTopic(store, Events.Category.Payments), new PaymentCaptured("o-1"));
                    await bus.BroadcastAsync(topic, new StockReserved());
            """),
        With.Shop,
        incremental: 2,
        fixAll: 1,
        batchFixedSource: ShopPublish("""
            string topic = Events.BuildTopic(store, Events.Category.Orders);
                    await bus.BroadcastAsync(Events.BuildTopic(store, Events.Category.Payments), new PaymentCaptured("o-1"));
                    await bus.BroadcastAsync(Events.BuildTopic(store, Events.Category.Inventory), new StockReserved());
            """));

    // A constant local whose every use is a wrong publish: Fix All replaces each use and then removes the
    // declaration, which would otherwise be left unread (CS0219 breaks a warnings-as-errors build after
    // `dotnet format`). One fix at a time ends with the last use on the rewritten declaration instead.
    [Test]
    public Task Fix_all_removes_a_constant_local_it_left_unread() => FixAsync(
        ShopPublish("""
            var topic = "s1:orders";
                    await bus.BroadcastAsync({|EVC100:topic|}, new PaymentCaptured("o-1"));
                    await bus.BroadcastAsync({|EVC100:topic|}, new StockReserved());
            """),
        ShopPublish("""
            var topic = "s1:inventory";
                    await bus.BroadcastAsync("s1:payments", new PaymentCaptured("o-1"));
                    await bus.BroadcastAsync(topic, new StockReserved());
            """),
        With.Shop,
        incremental: 2,
        fixAll: 1,
        batchFixedSource: ShopPublish("""
            await bus.BroadcastAsync("s1:payments", new PaymentCaptured("o-1"));
                    await bus.BroadcastAsync("s1:inventory", new StockReserved());
            """));

    // A constant local that a right publish still reads stays, with only the wrong use replaced.
    [Test]
    public Task Fix_all_keeps_a_constant_local_that_is_still_read() => FixAsync(
        ShopPublish("""
            var topic = "s1:orders";
                    await bus.BroadcastAsync(topic, new OrderPlaced("o-1"));
                    await bus.BroadcastAsync({|EVC100:topic|}, new PaymentCaptured("o-1"));
            """),
        ShopPublish("""
            var topic = "s1:orders";
                    await bus.BroadcastAsync(topic, new OrderPlaced("o-1"));
                    await bus.BroadcastAsync("s1:payments", new PaymentCaptured("o-1"));
            """),
        With.Shop);

    [Test]
    public Task A_shared_interpolated_local_is_replayed_at_the_call_site() => FixAsync(
        ShopPublish("""
            string topic = $"{store}:orders";
                    bus.Subscribe(topic);
                    await bus.BroadcastAsync({|EVC100:topic|}, new PaymentCaptured("o-1"));
            """),
        ShopPublish("""
            string topic = $"{store}:orders";
                    bus.Subscribe(topic);
                    await bus.BroadcastAsync($"{store}:payments", new PaymentCaptured("o-1"));
            """),
        With.Shop);

    [Test]
    public Task A_readonly_field_in_the_initializer_is_replayed() => FixAsync(
        ShopUsings + """
            class Node
            {
                private readonly string _store = "s1";

                async Task Run(IPubSub bus)
                {
                    var topic = Events.Topics.Orders(_store);
                    await bus.BroadcastAsync(topic, new OrderPlaced("o-1"));
                    await bus.BroadcastAsync({|EVC100:topic|}, new PaymentCaptured("o-1"));
                }
            }
            """,
        ShopUsings + """
            class Node
            {
                private readonly string _store = "s1";

                async Task Run(IPubSub bus)
                {
                    var topic = Events.Topics.Orders(_store);
                    await bus.BroadcastAsync(topic, new OrderPlaced("o-1"));
                    await bus.BroadcastAsync(Events.Topics.Payments(_store), new PaymentCaptured("o-1"));
                }
            }
            """,
        With.Shop);

    [Test]
    public Task No_fix_when_the_initializers_store_changes_before_the_call() => FixAsync(
        ShopPublish("""
            var topic = Events.Topics.Orders(store);
                    store = "other";
                    await bus.BroadcastAsync(topic, new OrderPlaced("o-1"));
                    await bus.BroadcastAsync({|EVC100:topic|}, new PaymentCaptured("o-1"));
            """),
        ShopPublish("""
            var topic = Events.Topics.Orders(store);
                    store = "other";
                    await bus.BroadcastAsync(topic, new OrderPlaced("o-1"));
                    await bus.BroadcastAsync({|EVC100:topic|}, new PaymentCaptured("o-1"));
            """),
        With.Shop);

    [Test]
    public Task No_fix_when_the_initializer_has_a_call_that_would_run_again() => FixAsync(
        ShopUsings + """
            class Node
            {
                private int _calls;

                string NextStore() => "s" + ++_calls;

                async Task Run(IPubSub bus)
                {
                    var topic = Events.Topics.Orders(NextStore());
                    await bus.BroadcastAsync(topic, new OrderPlaced("o-1"));
                    await bus.BroadcastAsync({|EVC100:topic|}, new PaymentCaptured("o-1"));
                }
            }
            """,
        ShopUsings + """
            class Node
            {
                private int _calls;

                string NextStore() => "s" + ++_calls;

                async Task Run(IPubSub bus)
                {
                    var topic = Events.Topics.Orders(NextStore());
                    await bus.BroadcastAsync(topic, new OrderPlaced("o-1"));
                    await bus.BroadcastAsync({|EVC100:topic|}, new PaymentCaptured("o-1"));
                }
            }
            """,
        With.Shop);

    [Test]
    public Task No_fix_when_a_name_in_the_initializer_means_something_else_at_the_call_site() => FixAsync(
        ShopPublish("""
            var topic = Events.Topics.Orders(store);
                    await bus.BroadcastAsync(topic, new OrderPlaced("o-1"));
                    Func<string, Task> send = async store => await bus.BroadcastAsync({|EVC100:topic|}, new PaymentCaptured(store));
            """),
        ShopPublish("""
            var topic = Events.Topics.Orders(store);
                    await bus.BroadcastAsync(topic, new OrderPlaced("o-1"));
                    Func<string, Task> send = async store => await bus.BroadcastAsync({|EVC100:topic|}, new PaymentCaptured(store));
            """),
        With.Shop);

    [Test]
    public Task EVC101_on_a_shared_local_fixes_each_call_site() => FixAsync(
        Publish("""
            string topic = "exesdb:control:main:clustr";
                    bus.Subscribe({|EVC101:topic|});
                    await bus.BroadcastAsync({|EVC101:topic|}, new ClusterJoined("n2"));
                    System.Console.WriteLine(topic);
            """),
        Publish("""
            string topic = "exesdb:control:main:clustr";
                    bus.Subscribe("exesdb:control:main:cluster");
                    await bus.BroadcastAsync("exesdb:control:main:cluster", new ClusterJoined("n2"));
                    System.Console.WriteLine(topic);
            """),
        incremental: 2,
        fixAll: 1);
}
