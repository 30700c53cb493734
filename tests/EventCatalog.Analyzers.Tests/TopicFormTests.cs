using System.Threading.Tasks;
using NUnit.Framework;
using static EventCatalog.Analyzers.Tests.Verifier;

namespace EventCatalog.Analyzers.Tests;

/// <summary>EVC100 on every recognised topic form, matching (silent) and mismatching (reported).</summary>
public class TopicFormTests
{
    [Test]
    public Task Generated_topic_method_matching() => AnalyzeAsync(Publish(
        "await bus.BroadcastAsync(Events.Topics.Cluster(store), Events.BuildPayload(new ClusterJoined(\"n2\"), store));"));

    [Test]
    public Task Generated_topic_method_mismatching() => AnalyzeAsync(Publish(
        "await bus.BroadcastAsync({|EVC100:Events.Topics.Cluster(store)|}, Events.BuildPayload(new EventsPersisted(\"orders\", 5), store));"));

    [Test]
    public Task BuildTopic_with_a_constant_category() => AnalyzeAsync(Publish("""
        await bus.BroadcastAsync(Events.BuildTopic(store, Events.Category.Persistence), Events.BuildEvent(new EventsPersisted("orders", 5)));
                await bus.BroadcastAsync({|EVC100:Events.BuildTopic(store, Events.Category.Gateway)|}, Events.BuildEvent(new EventsPersisted("orders", 5)));
        """));

    [Test]
    public Task BuildTopic_with_a_variable_category_is_unknown_and_silent() => AnalyzeAsync(Publish("""
        Events.Category category = store.Length > 3 ? Events.Category.Gateway : Events.Category.Cluster;
                await bus.BroadcastAsync(Events.BuildTopic(store, category), new EventsPersisted("orders", 5));
        """));

    [Test]
    public Task Constant_string_literal() => AnalyzeAsync(Publish("""
        await bus.BroadcastAsync("exesdb:control:store_id:persistence", Events.BuildPayload(new EventsPersisted("orders", 5)));
                await bus.BroadcastAsync({|EVC100:"exesdb:control:store_id:cluster"|}, Events.BuildPayload(new EventsPersisted("orders", 5)));
        """));

    [Test]
    public Task Const_field() => AnalyzeAsync(Usings + """
        class Node
        {
            const string ClusterTopic = "exesdb:control:main:cluster";

            async Task Run(IPubSub bus)
            {
                await bus.BroadcastAsync({|EVC100:ClusterTopic|}, new EventsPersisted("orders", 5));
                await bus.BroadcastAsync(ClusterTopic, new ClusterJoined("n2"));
            }
        }
        """);

    [Test]
    public Task Interpolated_string_with_a_constant_category_segment() => AnalyzeAsync(Publish("""
        await bus.BroadcastAsync($"exesdb:control:{store}:persistence", new EventsPersisted("orders", 5));
                await bus.BroadcastAsync({|EVC100:$"exesdb:control:{store}:cluster"|}, new EventsPersisted("orders", 5));
        """));

    [Test]
    public Task Interpolated_category_is_unknown_and_silent() => AnalyzeAsync(Publish("""
        string category = store == "a" ? "cluster" : "gateway";
                await bus.BroadcastAsync($"exesdb:control:{store}:{category}", new EventsPersisted("orders", 5));
        """));

    [Test]
    public Task Concatenation() => AnalyzeAsync(Publish("""
        await bus.BroadcastAsync("exesdb:control:" + store + ":persistence", new EventsPersisted("orders", 5));
                await bus.BroadcastAsync({|EVC100:"exesdb:control:" + store + ":cluster"|}, new EventsPersisted("orders", 5));
        """));

    [Test]
    public Task Local_assigned_once() => AnalyzeAsync(Publish("""
        string topic = Events.Topics.Cluster(store);
                await bus.BroadcastAsync({|EVC100:topic|}, new EventsPersisted("orders", 5));
        """));

    [Test]
    public Task Local_reassigned_is_unknown_and_silent() => AnalyzeAsync(Publish("""
        string topic = Events.Topics.Cluster(store);
                if (store.Length > 5)
                {
                    topic = Events.Topics.Persistence(store);
                }

                await bus.BroadcastAsync(topic, new EventsPersisted("orders", 5));
        """));

    [Test]
    public Task Local_passed_by_ref_is_unknown_and_silent() => AnalyzeAsync(Usings + """
        class Node
        {
            static void Redirect(ref string topic) => topic = "elsewhere";

            async Task Run(IPubSub bus, string store)
            {
                string topic = Events.Topics.Cluster(store);
                Redirect(ref topic);
                await bus.BroadcastAsync(topic, new EventsPersisted("orders", 5));
            }
        }
        """);

    [Test]
    public Task Non_constant_topic_is_silent() => AnalyzeAsync(Publish("""
        await bus.BroadcastAsync(store, new EventsPersisted("orders", 5));
        """));

    [Test]
    public Task Named_and_reordered_arguments() => AnalyzeAsync(Publish("""
        await bus.BroadcastAsync(message: new EventsPersisted("orders", 5), topic: {|EVC100:Events.Topics.Gateway(store)|});
                await bus.BroadcastAsync(message: new EventsPersisted("orders", 5), topic: Events.Topics.Persistence(store));
        """));

    [Test]
    public Task Broadcast_from_and_local_broadcast() => AnalyzeAsync(Publish("""
        ISubscription me = bus.Subscribe(Events.Topics.Cluster(store));
                await bus.BroadcastFromAsync(me, {|EVC100:Events.Topics.Cluster(store)|}, new EventsPersisted("orders", 5));
                await bus.LocalBroadcastAsync({|EVC100:Events.Topics.Cluster(store)|}, Events.BuildEvent(new EventsPersisted("orders", 5)));
        """));

    [Test]
    public Task Calls_through_the_implementation() => AnalyzeAsync(Usings + """
        class Node
        {
            async Task Run(InMemoryPubSub bus, string store)
            {
                await bus.BroadcastAsync({|EVC100:Events.Topics.Gateway(store)|}, new ClusterLeft());
            }
        }
        """);

    [Test]
    public Task Object_typed_messages_are_unknown_and_silent() => AnalyzeAsync(Publish("""
        object message = new EventsPersisted("orders", 5);
                await bus.BroadcastAsync(Events.Topics.Cluster(store), message);
                ICatalogEvent evt = new EventsPersisted("orders", 5);
                await bus.BroadcastAsync(Events.Topics.Cluster(store), evt);
        """));

    [Test]
    public Task Pragma_suppresses() => AnalyzeAsync(Publish("""
        #pragma warning disable EVC100
                await bus.BroadcastAsync(Events.Topics.Cluster(store), new EventsPersisted("orders", 5));
        #pragma warning restore EVC100
        """));
}
