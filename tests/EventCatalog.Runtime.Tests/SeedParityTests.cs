using System;
using System.Collections.Generic;
using System.Linq;
using ExESDB;
using NUnit.Framework;

namespace EventCatalog.Runtime.Tests;

/// <summary>
/// Each documented example of ExESDB.Events (v0.11.0), verbatim in the comments, against the API
/// generated from the root events.schema.yaml.
/// </summary>
public class SeedParityTests
{
    [Test]
    public void Build_topic_for_a_store_and_category()
    {
        // Events.build_topic(:my_store, :cluster)
        // # => "exesdb:control:my_store:cluster"
        Assert.That(Events.BuildTopic("my_store", Events.Category.Cluster), Is.EqualTo("exesdb:control:my_store:cluster"));
        Assert.That(Events.Topics.Cluster("my_store"), Is.EqualTo("exesdb:control:my_store:cluster"));
    }

    [Test]
    public void The_usage_examples_topics_are_the_generated_topics()
    {
        // Phoenix.PubSub.broadcast(ExESDB.PubSub, "exesdb:control:store_id:persistence", {:persistence_event, event})
        Assert.That(Events.Topics.Persistence("store_id"), Is.EqualTo("exesdb:control:store_id:persistence"));
        // Phoenix.PubSub.broadcast(ExESDB.PubSub, "exesdb:control:store_id:cluster", {:cluster_event, event})
        Assert.That(Events.Topics.Cluster("store_id"), Is.EqualTo("exesdb:control:store_id:cluster"));
    }

    [Test]
    public void Build_event_with_data()
    {
        // Events.build_event(:cluster_joined, %{via_node: node1})
        string node1 = "node1@host";
        EventEnvelope<ClusterJoined> evt = Events.BuildEvent(new ClusterJoined(ViaNode: node1));

        Assert.Multiple(() =>
        {
            Assert.That(evt.EventType, Is.EqualTo("cluster_joined"));
            Assert.That(evt.Data.ViaNode, Is.EqualTo(node1));
            Assert.That(evt.StoreId, Is.Null, "no :store_id option gives nil");
            Assert.That(evt.EventId, Does.Match("^[0-9a-f]{32}$"));
            Assert.That(evt.Node, Is.EqualTo(EventNode.Current));
            Assert.That(evt.Timestamp.Offset, Is.EqualTo(TimeSpan.Zero), "UTC");
            Assert.That(evt.Timestamp, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        });
    }

    [Test]
    public void Build_event_with_a_store_id()
    {
        // Events.build_event(:events_persisted, %{stream_id: "orders", count: 5}, store_id: :my_store)
        // (the seed's example says count; the typed catalog names the field event_count, as the module docs do)
        EventEnvelope<EventsPersisted> evt = Events.BuildEvent(new EventsPersisted(StreamId: "orders", EventCount: 5), storeId: "my_store");

        Assert.Multiple(() =>
        {
            Assert.That(evt.EventType, Is.EqualTo("events_persisted"));
            Assert.That(evt.StoreId, Is.EqualTo("my_store"));
            Assert.That(evt.Data.StreamId, Is.EqualTo("orders"));
            Assert.That(evt.Data.EventCount, Is.EqualTo(5));
        });
    }

    [Test]
    public void Event_ids_are_fresh_each_time()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => Events.BuildEvent(new ClusterLeft("n1", null)).EventId).ToHashSet();
        Assert.That(ids, Has.Count.EqualTo(1000));
    }

    [Test]
    public void Build_payload_wraps_in_the_category_wrapper()
    {
        // Events.build_payload(:cluster_event, :cluster_joined, %{via_node: node1})
        // # => {:cluster_event, %{event_type: :cluster_joined, ...}}
        EventPayload<ClusterJoined> payload = Events.BuildPayload("cluster_event", new ClusterJoined(ViaNode: "node1"));
        Assert.That(payload.Wrapper, Is.EqualTo("cluster_event"));
        Assert.That(payload.Event.EventType, Is.EqualTo("cluster_joined"));

        // The typed form takes the wrapper from the event's category.
        EventPayload<EventsPersisted> persisted = Events.BuildPayload(new EventsPersisted("orders", 5));
        Assert.That(persisted.Wrapper, Is.EqualTo("persistence_event"));
    }

    [Test]
    public void Valid_event_checks_the_category_list()
    {
        // valid_event?(category, event_type)
        Assert.Multiple(() =>
        {
            Assert.That(Events.IsValidEvent(Events.Category.Cluster, "cluster_joined"), Is.True);
            Assert.That(Events.IsValidEvent("cluster", "cluster_joined"), Is.True);
            Assert.That(Events.IsValidEvent(Events.Category.Persistence, "cluster_joined"), Is.False);
            Assert.That(Events.IsValidEvent("persistence", "cluster_joined"), Is.False);
            // The analyzer flags these constants at compile time (EVC103); the run-time answer is still false.
#pragma warning disable EVC103
            Assert.That(Events.IsValidEvent("no_such_category", "cluster_joined"), Is.False, "an unknown category gives false");
            Assert.That(Events.IsValidEvent("cluster", "no_such_event"), Is.False);
#pragma warning restore EVC103
            Assert.That(Events.IsValidEvent(null, null), Is.False);
        });
    }

    [Test]
    public void Valid_event_structure_requires_every_key()
    {
        var full = new Dictionary<string, object?>
        {
            ["event_id"] = "0123456789abcdef0123456789abcdef",
            ["event_type"] = "cluster_joined",
            ["node"] = "node1@host",
            ["timestamp"] = DateTimeOffset.UtcNow,
        };
        Assert.That(Events.IsValidEventStructure(full), Is.True);

        foreach (string key in new[] { "event_id", "event_type", "node", "timestamp" })
        {
            var missing = new Dictionary<string, object?>(full);
            missing.Remove(key);
            Assert.That(Events.IsValidEventStructure(missing), Is.False, $"without {key}");
        }

        Assert.That(Events.IsValidEventStructure((IReadOnlyDictionary<string, object?>?)null), Is.False);
        Assert.That(Events.IsValidEventStructure(Events.BuildEvent(new ClusterJoined("n1"))), Is.True);
        Assert.That(Events.IsValidEventStructure<ClusterJoined>(null), Is.False);
    }

    [Test]
    public void Valid_event_structure_of_an_envelope_checks_its_fields()
    {
        EventEnvelope<ClusterJoined> good = Events.BuildEvent(new ClusterJoined("n1"));
        Assert.Multiple(() =>
        {
            Assert.That(Events.IsValidEventStructure(good with { EventId = "" }), Is.False);
            Assert.That(Events.IsValidEventStructure(good with { Node = "" }), Is.False);
            Assert.That(Events.IsValidEventStructure(good with { Timestamp = default }), Is.False);
            Assert.That(Events.IsValidEventStructure(good with { EventType = "cluster_left" }), Is.False, "type must match the data");
        });
    }

    [Test]
    public void Category_lists_follow_the_module_order()
    {
        // cluster_events() ... subscription_events(), all_events()
        Assert.That(Events.SystemEvents, Has.Count.EqualTo(9));
        Assert.That(Events.ClusterEvents, Has.Count.EqualTo(15));
        Assert.That(Events.LeadershipEvents, Has.Count.EqualTo(10));
        Assert.That(Events.PersistenceEvents, Has.Count.EqualTo(7));
        Assert.That(Events.GatewayEvents, Has.Count.EqualTo(6));
        Assert.That(Events.CoordinationEvents, Has.Count.EqualTo(8));
        Assert.That(Events.SubscriptionsEvents, Has.Count.EqualTo(8));
        Assert.That(Events.AllEvents.Values.Sum(list => list.Count), Is.EqualTo(63));
        Assert.That(Events.AllEvents.Keys, Is.EqualTo(new[]
        {
            Events.Category.System, Events.Category.Cluster, Events.Category.Leadership, Events.Category.Persistence,
            Events.Category.Gateway, Events.Category.Coordination, Events.Category.Subscriptions,
        }));
        Assert.That(Events.ClusterEvents[0], Is.EqualTo("cluster_join_attempted"));
        Assert.That(Events.ClusterEvents[^1], Is.EqualTo("cluster_leave_failed"));
        Assert.That(Events.AllEvents[Events.Category.Cluster], Is.SameAs(Events.ClusterEvents));
    }

    [Test]
    public void Event_lists_cannot_be_changed_by_callers()
    {
        Assert.That(Events.ClusterEvents, Is.Not.InstanceOf<string[]>());
        Assert.Throws<NotSupportedException>(() => ((IList<string>)Events.ClusterEvents)[0] = "forged");
        Assert.Throws<NotSupportedException>(() => ((IDictionary<Events.Category, IReadOnlyList<string>>)Events.AllEvents).Clear());
    }

    [Test]
    public void Try_get_category_finds_an_event_types_category()
    {
        Assert.That(Events.TryGetCategory("events_persisted", out Events.Category category), Is.True);
        Assert.That(category, Is.EqualTo(Events.Category.Persistence));
#pragma warning disable EVC103 // an unknown event type, on purpose
        Assert.That(Events.TryGetCategory("nope", out _), Is.False);
#pragma warning restore EVC103
    }

    [Test]
    public void Topics_parse_back()
    {
        Assert.That(Events.Topics.TryParse("exesdb:control:my_store:cluster", out string? store, out Events.Category category), Is.True);
        Assert.That(store, Is.EqualTo("my_store"));
        Assert.That(category, Is.EqualTo(Events.Category.Cluster));
        Assert.That(Events.Topics.TryParse("exesdb:control:my_store:nope", out _, out _), Is.False);
        Assert.That(Events.Topics.TryParse("exesdb:control:a:b:cluster", out _, out _), Is.False, "a store id cannot hold the separator");
        Assert.That(Events.Topics.TryParse("exesdb:control::cluster", out _, out _), Is.False);
    }

    [Test]
    public void Records_carry_their_wire_names()
    {
        ICatalogEvent evt = new ClusterJoined("n1");
        Assert.That(evt.EventType, Is.EqualTo(ClusterJoined.EventType));
        Assert.That(evt.Category, Is.EqualTo(Events.Categories.Cluster));
        Assert.That(ClusterJoined.Category, Is.EqualTo(Events.Category.Cluster));
        Assert.That(Events.Types.ClusterJoined, Is.EqualTo("cluster_joined"));
    }

    [Test]
    public void Validate_lists_missing_and_empty_required_fields()
    {
        Assert.That(new ClusterJoined("n1").Validate(), Is.Empty);
        Assert.That(new ClusterJoined("").Validate(), Is.EqualTo(new[] { "via_node must not be empty." }));
        Assert.That(new ClusterJoined(null!).Validate(), Is.EqualTo(new[] { "via_node is required but null." }));
        Assert.That(new ClusterMembershipChanged(null!, new[] { "a" }, null!).Validate(), Is.EqualTo(new[] { "members is required but null.", "removed is required but null." }));
        Assert.That(new SubsystemStopping("gateway", null).Validate(), Is.Empty, "optional fields may be null");
    }

    [Test]
    public void Build_event_refuses_bad_store_ids()
    {
        var ex = Assert.Throws<ArgumentException>(() => Events.BuildTopic("my:store", Events.Category.Cluster));
        Assert.That(ex!.Message, Does.Contain("':'").And.Contain("position 2"));
        Assert.Throws<ArgumentException>(() => Events.BuildEvent(new ClusterJoined("n1"), storeId: "a*"));
    }
}
