using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Runtime.Tests.Wire;
using ExESDB;
using NUnit.Framework;

namespace EventCatalog.Runtime.Tests;

/// <summary>
/// Issue 13's runtime hot paths: what they must not allocate (counted with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>, not timed), and that their shortcuts for the catalog's
/// own records give the same answers as the by-name checks they skip.
/// </summary>
public class HotPathTests
{
    private const int Calls = 1_000;

    [Test]
    public void Validate_allocates_nothing_when_the_data_is_valid()
    {
        var joined = new ClusterJoined("n1");
        var changed = new ClusterMembershipChanged(new[] { "a" }, new[] { "b" }, Array.Empty<string>());
        var stopping = new SubsystemStopping("gateway", null);
        var empty = new EmptyEvent();

        // The first calls JIT the methods; only later ones are counted.
        IReadOnlyList<string>[] first = { joined.Validate(), changed.Validate(), stopping.Validate(), empty.Validate() };
        long before = GC.GetAllocatedBytesForCurrentThread();
        int problems = 0;
        for (int i = 0; i < Calls; i++)
        {
            problems += joined.Validate().Count + changed.Validate().Count + stopping.Validate().Count + empty.Validate().Count;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.EqualTo(0), "bytes allocated by 4,000 Validate() calls on valid data");
            Assert.That(problems, Is.EqualTo(0));
            Assert.That(first.Select(p => p.Count), Is.All.EqualTo(0));
        });
    }

    [Test]
    public void Validate_still_lists_every_problem_in_field_order()
    {
        Assert.That(
            new ClusterMembershipChanged(null!, new[] { "b" }, null!).Validate(),
            Is.EqualTo(new[] { "members is required but null.", "removed is required but null." }));
        Assert.That(new ClusterJoined("").Validate(), Is.EqualTo(new[] { "via_node must not be empty." }));
    }

    [Test]
    public void Catalog_checks_allocate_nothing()
    {
        EventEnvelope<ClusterJoined> envelope = Events.BuildEvent(new ClusterJoined("n1"), "my_store");
        IReadOnlyDictionary<string, object?> map = envelope.ToMap();
        IReadOnlyDictionary<string, object?> readOnlyMap = new System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>(
            new Dictionary<string, object?>(map));
        string category = new("cluster".ToCharArray());
        string hit = new("cluster_joined".ToCharArray());
        string miss = new("events_persisted".ToCharArray());
        string unknownCategory = new("clusters".ToCharArray());

        bool Run() =>
            Events.IsValidEvent(category, hit)
            & !Events.IsValidEvent(category, miss)
            & !Events.IsValidEvent(unknownCategory, hit)
            & Events.IsValidEventStructure(envelope)
            & Events.IsValidEventStructure(map)
            & Events.IsValidEventStructure(readOnlyMap);

        Assert.That(Run(), Is.True, "the checks' answers");
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool all = true;
        for (int i = 0; i < Calls; i++)
        {
            all &= Run();
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.EqualTo(0), "bytes allocated by 1,000 rounds of IsValidEvent and IsValidEventStructure");
        Assert.That(all, Is.True);
    }

    [Test]
    public void Build_event_through_the_interface_type_gives_the_same_envelope_as_through_the_record_type()
    {
        // T = ICatalogEvent is not a record of the catalog: BuildEvent takes the by-name check, not the per-type shortcut.
        EventEnvelope<ICatalogEvent> viaInterface = Events.BuildEvent<ICatalogEvent>(new EventsPersisted("orders", 5), "my_store");
        EventEnvelope<EventsPersisted> viaRecord = Events.BuildEvent(new EventsPersisted("orders", 5), "my_store");
        EventPayload<ICatalogEvent> payload = Events.BuildPayload<ICatalogEvent>(new EventsPersisted("orders", 5));

        Assert.Multiple(() =>
        {
            Assert.That(viaInterface.EventType, Is.EqualTo("events_persisted"));
            Assert.That(viaRecord.EventType, Is.EqualTo("events_persisted"));
            Assert.That(payload.Wrapper, Is.EqualTo("persistence_event"));
            Assert.That(Events.BuildPayload(new EventsPersisted("orders", 5)).Wrapper, Is.EqualTo("persistence_event"));
            Assert.That(Events.IsValidEventStructure(viaInterface), Is.True);
            Assert.That(Events.IsValidEventStructure(viaRecord), Is.True);
            Assert.That(Events.IsValidEventStructure(viaInterface with { EventType = "cluster_joined" }), Is.False, "type must match the data");
            Assert.That(Events.IsValidEventStructure(viaRecord with { EventType = "cluster_joined" }), Is.False, "type must match the data");
        });
    }

    [Test]
    public void Build_event_refuses_an_event_of_another_catalog_by_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => Events.BuildEvent(new EmptyEvent()));
        Assert.That(ex!.Message, Is.EqualTo("Event type 'empty_event' of category 'shapes' is not in the catalog ExESDB.Events. (Parameter 'data')"));
        Assert.That(ex.ParamName, Is.EqualTo("data"));

        ex = Assert.Throws<ArgumentException>(() => Events.BuildPayload(new Stranger()));
        Assert.That(ex!.Message, Is.EqualTo("Event type 'no_such_event' of category 'cluster' is not in the catalog ExESDB.Events. (Parameter 'data')"));

        Assert.That(Events.IsValidEventStructure(WireEvents.BuildEvent(new EmptyEvent())), Is.False, "an envelope of another catalog's event");
    }

    [Test]
    public void An_event_type_of_this_catalog_is_accepted_by_name_whatever_its_class()
    {
        // The by-name check (as the seed's valid_event?) is what decides for a type that is not one of the catalog's records.
        EventPayload<LookAlike> payload = Events.BuildPayload(new LookAlike());
        Assert.That(payload.Wrapper, Is.EqualTo("cluster_event"));
        Assert.That(payload.Event.EventType, Is.EqualTo("cluster_joined"));
        Assert.That(Events.IsValidEventStructure(payload.Event), Is.True);
    }

    [Test]
    public void Event_ids_stay_well_formed_and_distinct_across_many_blocks()
    {
        // 256 ids per 4 KiB block: 3,000 ids cross eleven block boundaries.
        string[] ids = Enumerable.Range(0, 3_000).Select(_ => EventIds.NewId()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.All.Length.EqualTo(32));
            Assert.That(ids.All(EventIds.IsWellFormed), Is.True, "32 characters of 0-9 and a-f");
            Assert.That(ids.Distinct().Count(), Is.EqualTo(ids.Length), "no id twice");

            // Every hex digit, as the first and as the second of a byte's pair (48,000 pairs: a missing digit
            // would mean a broken digit table, not chance).
            foreach (int half in new[] { 0, 1 })
            {
                var digits = new HashSet<char>(ids.SelectMany(id => id.Where((_, i) => i % 2 == half)));
                Assert.That(digits, Is.EquivalentTo("0123456789abcdef"), half == 0 ? "first digits" : "second digits");
            }
        });
    }

    [Test]
    public void Store_id_rules_of_different_templates_do_not_share_their_punctuation()
    {
        // Rules of different templates, made and used in turn: each refuses exactly its own template's separators.
        for (int i = 0; i < 3; i++)
        {
            Assert.That(StoreIds.IsValid("eu.west", "a:{store}:{category}"), Is.True);
            Assert.That(StoreIds.IsValid("eu.west", "a.{store}.{category}"), Is.False);
            Assert.That(StoreIds.IsValid("eu_west", "a.{store}.{category}"), Is.True);
            Assert.That(StoreIds.IsValid("eu_west", "a_{store}_{category}"), Is.False);
            Assert.That(StoreIds.IsValid("a@b-c", "{store}-{category}@x"), Is.False);
            Assert.That(StoreIds.IsValid("abc", "{store}-{category}@x"), Is.True);
        }
    }

    [Test]
    public async Task Reading_queued_messages_allocates_nothing()
    {
        var bus = new InMemoryPubSub();
        using ISubscription subscription = bus.Subscribe("t");
        IAsyncEnumerator<object> reader = subscription.GetAsyncEnumerator();
        object[] messages = Enumerable.Range(0, Calls).Select(i => (object)i).ToArray();
        foreach (object message in messages)
        {
            await bus.BroadcastAsync("t", message);
        }

        Assert.That(await reader.MoveNextAsync(), Is.True);
        Assert.That(reader.Current, Is.EqualTo(0));
        long before = GC.GetAllocatedBytesForCurrentThread();
        int inOrder = 1;
        for (int i = 1; i < Calls; i++)
        {
            ValueTask<bool> next = reader.MoveNextAsync();
            if (next.IsCompletedSuccessfully && next.Result && ReferenceEquals(reader.Current, messages[i]))
            {
                inOrder++;
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(inOrder, Is.EqualTo(Calls), "each queued message at once, in order");
        Assert.That(allocated, Is.EqualTo(0), "bytes allocated reading 999 queued messages");
    }

    [Test]
    public async Task A_reader_waiting_for_an_empty_queue_gets_the_next_message_then_the_end()
    {
        var bus = new InMemoryPubSub();
        ISubscription subscription = bus.Subscribe("t");
        IAsyncEnumerator<object> reader = subscription.GetAsyncEnumerator();

        for (int round = 0; round < 3; round++)
        {
            ValueTask<bool> waiting = reader.MoveNextAsync();
            Assert.That(waiting.IsCompleted, Is.False, "nothing queued yet");
            await bus.BroadcastAsync("t", "m" + round);
            Assert.That(await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(10)), Is.True);
            Assert.That(reader.Current, Is.EqualTo("m" + round));
        }

        ValueTask<bool> last = reader.MoveNextAsync();
        subscription.Dispose();
        Assert.That(await last.AsTask().WaitAsync(TimeSpan.FromSeconds(10)), Is.False, "disposing ends a waiting enumeration");
        Assert.That(await reader.MoveNextAsync(), Is.False, "and it stays ended");
    }

    // The bus remembers the topic published to last (a look-up saved per publish): a subscribe or an
    // unsubscribe between two publishes to that topic must be seen by the second, with either topic string.
    [Test]
    public async Task Publishing_again_to_the_last_topic_sees_every_subscribe_and_unsubscribe_in_between()
    {
        var bus = new InMemoryPubSub();
        ISubscription first = bus.Subscribe("t");
        await bus.BroadcastAsync("t", "m1");
        ISubscription second = bus.Subscribe("t");
        await bus.BroadcastAsync(new string('t', 1), "m2");
        first.Dispose();
        await bus.BroadcastAsync("t", "m3");
        await bus.BroadcastAsync("other", "x");
        second.Dispose();
        await bus.BroadcastAsync("t", "m4");
        ISubscription third = bus.Subscribe("t");
        await bus.BroadcastAsync("t", "m5");
        third.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(Drain(first), Is.EqualTo(new[] { "m1", "m2" }));
            Assert.That(Drain(second), Is.EqualTo(new[] { "m2", "m3" }));
            Assert.That(Drain(third), Is.EqualTo(new[] { "m5" }));
            Assert.That(bus.SubscriberCount("t"), Is.Zero);
        });
    }

    // What a subscription queued before it was disposed, read without waiting.
    private static string[] Drain(ISubscription subscription)
    {
        var read = new List<string>();
        IAsyncEnumerator<object> reader = subscription.GetAsyncEnumerator();
        while (true)
        {
            ValueTask<bool> next = reader.MoveNextAsync();
            if (!next.IsCompleted || !next.Result)
            {
                return read.ToArray();
            }

            read.Add((string)reader.Current);
        }
    }

    [Test]
    public async Task Cancelling_a_waiting_reader_throws_and_unsubscribes()
    {
        var bus = new InMemoryPubSub();
        ISubscription subscription = bus.Subscribe("t");
        using var cancel = new CancellationTokenSource();
        IAsyncEnumerator<object> reader = subscription.GetAsyncEnumerator(cancel.Token);
        Task<bool> waiting = reader.MoveNextAsync().AsTask();
        cancel.Cancel();

        Assert.That(async () => await waiting.WaitAsync(TimeSpan.FromSeconds(10)), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(subscription.IsActive, Is.False);
        Assert.That(bus.SubscriberCount("t"), Is.Zero);
        Assert.That(await reader.MoveNextAsync(), Is.False);
    }

    /// <summary>Not one of the catalog's records, but named like one: the by-name check accepts it.</summary>
    private sealed class LookAlike : ICatalogEvent
    {
        public string EventType => "cluster_joined";

        public string Category => "cluster";
    }

    /// <summary>Not one of the catalog's records, named like none of its events.</summary>
    private sealed class Stranger : ICatalogEvent
    {
        public string EventType => "no_such_event";

        public string Category => "cluster";
    }
}
