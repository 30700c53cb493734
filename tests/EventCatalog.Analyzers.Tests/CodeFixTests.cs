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
}
