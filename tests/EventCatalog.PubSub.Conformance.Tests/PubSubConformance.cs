using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ExESDB;
using NUnit.Framework;
using static EventCatalog.PubSub.Redis.Tests.TestKit;

namespace EventCatalog.PubSub.Conformance.Tests;

/// <summary>
/// Phoenix.PubSub's contract, once, for every <see cref="INodePubSub"/>: the same tests run unchanged against
/// <see cref="InMemoryPubSub"/> and every node bus (<see cref="NodeBusConformance"/>). Messages are catalog records on
/// catalog topics, since those are what can travel between nodes. A new bus needs only a fixture: a class that derives
/// from this one (or from <see cref="NodeBusConformance"/>) and makes a bus in <see cref="CreateBusAsync"/>.
/// </summary>
public abstract class PubSubConformance
{
    private readonly List<INodePubSub> _buses = new();

    protected static string Cluster => Events.Topics.Cluster("store_a");

    protected static NodeDiscovered M(int i) => new("n" + i);

    protected static NodeDiscovered[] Ms(params int[] numbers) => numbers.Select(M).ToArray();

    /// <summary>A new bus named <paramref name="node"/> with the given queue rules.</summary>
    protected abstract Task<INodePubSub> CreateBusAsync(string node, int capacity, FullQueuePolicy policy, TimeSpan fullQueueTimeout);

    protected async Task<INodePubSub> Bus(int capacity = 1024, FullQueuePolicy policy = FullQueuePolicy.Wait, TimeSpan? fullQueueTimeout = null, string node = "conformance@test")
    {
        INodePubSub bus = await CreateBusAsync(node, capacity, policy, fullQueueTimeout ?? TimeSpan.FromSeconds(5));
        Track(bus);
        return bus;
    }

    /// <summary>Disposes <paramref name="bus"/> after the test.</summary>
    protected void Track(INodePubSub bus)
    {
        if (!_buses.Contains(bus))
        {
            _buses.Add(bus);
        }
    }

    [TearDown]
    public async Task DisposeBuses()
    {
        foreach (INodePubSub bus in _buses)
        {
            if (bus is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        _buses.Clear();
    }

    [Test]
    public async Task Four_publishers_5000_messages_each_two_subscribers_nothing_lost_order_kept_per_publisher()
    {
        const int publishers = 4;
        const int perPublisher = 5_000;
        INodePubSub bus = await Bus();
        ISubscription[] subscribers = { bus.Subscribe(Cluster), bus.Subscribe(Cluster) };
        Task<int[]>[] readers = subscribers.Select(s => Task.Run(async () =>
        {
            int[] next = new int[publishers];
            int total = 0;
            await foreach (object item in s)
            {
                string[] parts = ((NodeDiscovered)item).Node.Split('/');
                int p = int.Parse(parts[0]);
                Assert.That(int.Parse(parts[1]), Is.EqualTo(next[p]), $"publisher {p} out of order");
                next[p]++;
                if (++total == publishers * perPublisher)
                {
                    break;
                }
            }

            return next;
        })).ToArray();

        Task[] writers = Enumerable.Range(0, publishers).Select(p => Task.Run(async () =>
        {
            for (int i = 0; i < perPublisher; i++)
            {
                await bus.BroadcastAsync(Cluster, new NodeDiscovered(p + "/" + i));
            }
        })).ToArray();

        await Within(Task.WhenAll(writers));
        int[][] counts = await Within(Task.WhenAll(readers));
        Assert.That(counts, Has.All.EqualTo(Enumerable.Repeat(perPublisher, publishers).ToArray()));
    }

    [Test]
    public async Task Broadcast_from_skips_the_sender_only()
    {
        INodePubSub bus = await Bus();
        ISubscription sender = bus.Subscribe(Cluster);
        ISubscription other = bus.Subscribe(Cluster);

        await bus.BroadcastFromAsync(sender, Cluster, M(1));
        await bus.BroadcastAsync(Cluster, M(2));

        Assert.That(await Within(Read(other.GetAsyncEnumerator(), 2)), Is.EqualTo(Ms(1, 2)));
        Assert.That(await Within(Read(sender.GetAsyncEnumerator(), 1)), Is.EqualTo(Ms(2)), "the sender never saw its own message");
    }

    [Test]
    public async Task Local_broadcast_reaches_this_nodes_subscribers_with_any_object()
    {
        INodePubSub bus = await Bus();
        ISubscription a = bus.Subscribe("t");
        ISubscription b = bus.Subscribe("t");
        await bus.LocalBroadcastAsync("t", 42);
        Assert.That(await Within(Read(a.GetAsyncEnumerator(), 1)), Is.EqualTo(new object[] { 42 }));
        Assert.That(await Within(Read(b.GetAsyncEnumerator(), 1)), Is.EqualTo(new object[] { 42 }));
    }

    [Test]
    public async Task Local_subscribers_receive_the_published_object_itself()
    {
        INodePubSub bus = await Bus();
        string topic = Events.Topics.Persistence("store_a");
        ISubscription subscription = bus.Subscribe(topic);
        var payload = Events.BuildPayload(new EventsPersisted(StreamId: "orders", EventCount: 5), "store_a");
        await bus.BroadcastAsync(topic, payload);
        object received = (await Within(Read(subscription.GetAsyncEnumerator(), 1))).Single();
        Assert.That(received, Is.SameAs(payload));
    }

    [Test]
    public async Task Topics_are_exact_strings_and_wildcards_are_plain_characters()
    {
        INodePubSub bus = await Bus();
        ISubscription cluster = bus.Subscribe(Cluster);
        ISubscription star = bus.Subscribe("exesdb:control:*:cluster");
#pragma warning disable EVC101 // near-miss topics, on purpose: topics are exact strings
        await bus.BroadcastAsync("exesdb:control:store_a:clusters", M(1));
#pragma warning restore EVC101
        await bus.BroadcastAsync("exesdb:control:*:cluster", M(2));
        await bus.BroadcastAsync(Cluster, M(3));
        Assert.That(await Within(Read(cluster.GetAsyncEnumerator(), 1)), Is.EqualTo(Ms(3)));
        Assert.That(await Within(Read(star.GetAsyncEnumerator(), 1)), Is.EqualTo(Ms(2)));
    }

    [Test]
    public async Task Dispose_unsubscribes_after_the_queued_messages()
    {
        INodePubSub bus = await Bus();
        ISubscription subscription = bus.Subscribe(Cluster);
        IAsyncEnumerator<object> reader = subscription.GetAsyncEnumerator();
        await bus.BroadcastAsync(Cluster, M(1));
        subscription.Dispose();
        await bus.BroadcastAsync(Cluster, M(2));

        Assert.That(subscription.IsActive, Is.False);
        Assert.That(await Within(Read(reader, 5)), Is.EqualTo(Ms(1)), "queued messages drain, later ones never arrive, then the stream ends");
    }

    [Test]
    public async Task Ending_the_enumeration_unsubscribes()
    {
        INodePubSub bus = await Bus();
        ISubscription subscription = bus.Subscribe(Cluster);
        await bus.BroadcastAsync(Cluster, M(1));
        await foreach (object _ in subscription)
        {
            break;
        }

        Assert.That(subscription.IsActive, Is.False);
    }

    [Test]
    public async Task Wait_policy_holds_the_publisher_until_there_is_room_and_loses_nothing()
    {
        INodePubSub bus = await Bus(capacity: 2);
        ISubscription slow = bus.Subscribe(Cluster);
        ISubscription fast = bus.Subscribe(Cluster);
        IAsyncEnumerator<object> fastReader = fast.GetAsyncEnumerator();

        await bus.BroadcastAsync(Cluster, M(1));
        await bus.BroadcastAsync(Cluster, M(2));
        Task third = bus.BroadcastAsync(Cluster, M(3)).AsTask();

        Assert.That(await StaysPending(third), Is.True, "the slow subscriber's queue is full: the publisher waits");
        Assert.That(await Within(Read(fastReader, 3)), Is.EqualTo(Ms(1, 2, 3)), "the other subscriber already has the message");
        Assert.That(await Within(Read(slow.GetAsyncEnumerator(), 3)), Is.EqualTo(Ms(1, 2, 3)));
        await Within(third);
        Assert.That(slow.Dropped, Is.Zero);
    }

    [Test]
    public async Task Wait_policy_gives_up_after_the_full_queue_timeout_naming_the_topic()
    {
        INodePubSub bus = await Bus(capacity: 1, fullQueueTimeout: TimeSpan.FromMilliseconds(200));
        using ISubscription stalled = bus.Subscribe(Cluster);
        await bus.BroadcastAsync(Cluster, M(1));
        var ex = Assert.ThrowsAsync<SubscriberQueueFullException>(async () => await Within(bus.BroadcastAsync(Cluster, M(2)).AsTask()));
        Assert.That(ex!.Topic, Is.EqualTo(Cluster));
        Assert.That(ex.FullSubscribers, Is.EqualTo(new[] { stalled }));
    }

    [Test]
    public async Task Drop_write_drops_the_incoming_message_for_the_full_subscriber_only()
    {
        INodePubSub bus = await Bus(capacity: 2, policy: FullQueuePolicy.DropWrite);
        ISubscription full = bus.Subscribe(Cluster);
        ISubscription reading = bus.Subscribe(Cluster);
        IAsyncEnumerator<object> readingReader = reading.GetAsyncEnumerator();
        var received = new List<object>();
        for (int i = 1; i <= 5; i++)
        {
            await Within(bus.BroadcastAsync(Cluster, M(i)).AsTask());
            received.AddRange(await Within(Read(readingReader, 1)));
        }

        Assert.That(full.Dropped, Is.EqualTo(3));
        Assert.That(await Within(Read(full.GetAsyncEnumerator(), 2)), Is.EqualTo(Ms(1, 2)));
        Assert.That(received, Is.EqualTo(Ms(1, 2, 3, 4, 5)));
        Assert.That(reading.Dropped, Is.Zero);
    }

    [Test]
    public async Task Drop_newest_evicts_the_newest_queued_message_as_the_BCL_does()
    {
        INodePubSub bus = await Bus(capacity: 2, policy: FullQueuePolicy.DropNewest);
        ISubscription subscription = bus.Subscribe(Cluster);
        for (int i = 1; i <= 5; i++)
        {
            await Within(bus.BroadcastAsync(Cluster, M(i)).AsTask());
        }

        Assert.That(subscription.Dropped, Is.EqualTo(3));
        Assert.That(await Within(Read(subscription.GetAsyncEnumerator(), 2)), Is.EqualTo(Ms(1, 5)));
    }

    [Test]
    public async Task Drop_oldest_keeps_the_latest_messages()
    {
        INodePubSub bus = await Bus(capacity: 2, policy: FullQueuePolicy.DropOldest);
        ISubscription subscription = bus.Subscribe(Cluster);
        for (int i = 1; i <= 5; i++)
        {
            await Within(bus.BroadcastAsync(Cluster, M(i)).AsTask());
        }

        Assert.That(subscription.Dropped, Is.EqualTo(3));
        Assert.That(await Within(Read(subscription.GetAsyncEnumerator(), 2)), Is.EqualTo(Ms(4, 5)));
    }

    [Test]
    public async Task Disconnect_unsubscribes_an_overflowing_subscriber_and_never_holds_the_publisher()
    {
        INodePubSub bus = await Bus(capacity: 2, policy: FullQueuePolicy.Disconnect);
        ISubscription stalled = bus.Subscribe(Cluster);
        ISubscription healthy = bus.Subscribe(Cluster);
        IAsyncEnumerator<object> healthyReader = healthy.GetAsyncEnumerator();
        var received = new List<object>();
        for (int i = 1; i <= 10; i++)
        {
            await Within(bus.BroadcastAsync(Cluster, M(i)).AsTask());
            received.AddRange(await Within(Read(healthyReader, 1)));
        }

        Assert.That(received, Is.EqualTo(Ms(Enumerable.Range(1, 10).ToArray())));
        Assert.That(stalled.IsActive, Is.False);
        IAsyncEnumerator<object> stalledReader = stalled.GetAsyncEnumerator();
        Assert.That(await Within(Read(stalledReader, 2)), Is.EqualTo(Ms(1, 2)), "what was queued is still delivered");
        var ex = Assert.ThrowsAsync<SubscriberOverflowException>(async () => await stalledReader.MoveNextAsync());
        Assert.That(ex!.Topic, Is.EqualTo(Cluster));
    }

    [Test]
    public async Task Cancellation_is_honoured_before_and_while_waiting()
    {
        INodePubSub bus = await Bus(capacity: 1);
        using ISubscription subscription = bus.Subscribe(Cluster);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAsync<TaskCanceledException>(async () => await bus.BroadcastAsync(Cluster, M(1), cancelled.Token));

        using var later = new CancellationTokenSource();
        Assert.DoesNotThrowAsync(async () => await bus.BroadcastAsync(Cluster, M(1)));
        Task waiting = bus.BroadcastAsync(Cluster, M(2), later.Token).AsTask();
        Assert.That(await StaysPending(waiting), Is.True);
        later.Cancel();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await Within(waiting));
    }

    [Test]
    public async Task Enumeration_honours_its_token()
    {
        INodePubSub bus = await Bus();
        ISubscription subscription = bus.Subscribe(Cluster);
        using var cancel = new CancellationTokenSource();
        IAsyncEnumerator<object> reader = subscription.GetAsyncEnumerator(cancel.Token);
        Task<bool> next = reader.MoveNextAsync().AsTask();
        cancel.Cancel();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await Within(next));
    }

    [Test]
    public async Task Bad_arguments_are_named()
    {
        INodePubSub bus = await Bus();
        Assert.That(Assert.Throws<ArgumentException>(() => bus.Subscribe(""))!.ParamName, Is.EqualTo("topic"));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(async () => await bus.BroadcastAsync(null!, M(1)))!.ParamName, Is.EqualTo("topic"));
        Assert.That(Assert.ThrowsAsync<ArgumentNullException>(async () => await bus.BroadcastAsync(Cluster, null!))!.ParamName, Is.EqualTo("message"));
        Assert.That(Assert.ThrowsAsync<ArgumentNullException>(async () => await bus.BroadcastFromAsync(null!, Cluster, M(1)))!.ParamName, Is.EqualTo("from"));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(async () => await bus.DirectBroadcastAsync("", Cluster, M(1)))!.ParamName, Is.EqualTo("node"));

        ISubscription subscription = bus.Subscribe(Cluster);
        _ = subscription.GetAsyncEnumerator();
        Assert.Throws<InvalidOperationException>(() => subscription.GetAsyncEnumerator());
    }

    [Test]
    public async Task Direct_broadcast_to_this_node_delivers_and_to_another_node_reaches_no_local_subscriber()
    {
        INodePubSub bus = await Bus(node: "alpha@test");
        Assert.That(bus.NodeName, Is.EqualTo("alpha@test"));
        ISubscription subscription = bus.Subscribe(Cluster);
        IAsyncEnumerator<object> reader = subscription.GetAsyncEnumerator();
        await bus.DirectBroadcastAsync("nobody@test", Cluster, M(1));
        await bus.DirectBroadcastAsync("alpha@test", Cluster, M(2));
        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(Ms(2)));
    }

    [Test]
    public async Task A_catalog_event_on_a_catalog_topic_of_another_category_is_refused_at_publish_by_every_verb_naming_both_categories()
    {
        INodePubSub bus = await Bus(node: "alpha@test");
        using ISubscription cluster = bus.Subscribe(Cluster);
        var persisted = new EventsPersisted("orders", 5);
        var payload = Events.BuildPayload(persisted, "store_a");
        const string expected = "EVC100 at run time: the 'persistence' event 'events_persisted' cannot be published on topic \"exesdb:control:store_a:cluster\", a topic of category 'cluster'.";
#pragma warning disable EVC100 // the mistake the analyzer reports, made on purpose: the bus must refuse it at run time too
        var calls = new Func<Task>[]
        {
            async () => await bus.BroadcastAsync(Cluster, persisted),
            async () => await bus.BroadcastAsync(Cluster, payload),
            async () => await bus.BroadcastAsync(Cluster, payload.Event),
            async () => await bus.BroadcastFromAsync(cluster, Cluster, persisted),
            async () => await bus.LocalBroadcastAsync(Cluster, persisted),
            async () => await bus.DirectBroadcastAsync("alpha@test", Cluster, persisted),
            async () => await bus.DirectBroadcastAsync("other@test", Cluster, persisted),
        };
#pragma warning restore EVC100
        foreach (Func<Task> call in calls)
        {
            var ex = Assert.ThrowsAsync<ArgumentException>(async () => await call());
            Assert.That(ex!.Message, Does.StartWith(expected));
            Assert.That(ex.ParamName, Is.EqualTo("message"));
        }

        // Topics that are not the catalog's stay free, Phoenix-style; the right category passes.
        using ISubscription free = bus.Subscribe("any:topic");
        await bus.BroadcastAsync("any:topic", persisted);
        await bus.BroadcastAsync(Events.Topics.Persistence("store_a"), persisted);
        await bus.BroadcastAsync(Cluster, M(1));
        Assert.That(await Within(Read(free.GetAsyncEnumerator(), 1)), Is.EqualTo(new object[] { persisted }));
        Assert.That(await Within(Read(cluster.GetAsyncEnumerator(), 1)), Is.EqualTo(Ms(1)), "nothing refused reached the subscriber");
    }
}

/// <summary>
/// What every node bus adds to the contract, whatever its broker: several nodes on one bus, and frames injected on the
/// wire by someone else. A transport's fixture says how to make options and a bus, and how to put raw bytes on the wire.
/// </summary>
public abstract partial class NodeBusConformance : PubSubConformance
{
    private static int s_bus;

    /// <summary>New options of the transport's own type (e.g. <c>RedisPubSubOptions</c>) with a bus name no other test uses.</summary>
    protected abstract NodePubSubOptions NewOptions();

    /// <summary>Starts a bus of the transport with <paramref name="options"/> (made by <see cref="NewOptions"/>, then set by the test).</summary>
    protected abstract Task<NodePubSub> StartBusAsync(NodePubSubOptions options);

    /// <summary>Publishes <paramref name="frame"/> on <paramref name="bus"/>'s broker destination, as another client of the broker would.</summary>
    protected abstract Task InjectAsync(NodePubSub bus, byte[] frame);

    /// <summary>Publishes <paramref name="frames"/> in order, as <see cref="InjectAsync"/> does; a fixture may do it on one connection.</summary>
    protected virtual async Task InjectManyAsync(NodePubSub bus, IReadOnlyList<byte[]> frames)
    {
        foreach (byte[] frame in frames)
        {
            await InjectAsync(bus, frame);
        }
    }

    /// <summary>A unique bus name for a test's nodes.</summary>
    protected static string NewBusName() => "conformance-" + Interlocked.Increment(ref s_bus) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);

    protected sealed override async Task<INodePubSub> CreateBusAsync(string node, int capacity, FullQueuePolicy policy, TimeSpan fullQueueTimeout) =>
        await Node(node, o =>
        {
            o.SubscriberCapacity = capacity;
            o.FullQueuePolicy = policy;
            o.FullQueueTimeout = fullQueueTimeout;
        });

    /// <summary>A node on a bus of its own, or on <paramref name="busName"/>'s; disposed after the test.</summary>
    protected async Task<NodePubSub> Node(string node, Action<NodePubSubOptions>? configure = null, string? busName = null)
    {
        NodePubSubOptions options = NewOptions();
        options.BusName = busName ?? NewBusName();
        options.NodeName = node;
        configure?.Invoke(options);
        NodePubSub bus = await StartBusAsync(options);
        Track(bus);
        return bus;
    }

    [Test]
    public async Task A_frame_of_a_catalog_event_on_a_topic_of_another_category_is_dropped_and_counted_as_wrong_category()
    {
        NodePubSub bus = await Node("receiver@test");
        ISubscription cluster = await bus.SubscribeAsync(Cluster);
        ISubscription persistence = await bus.SubscribeAsync(Events.Topics.Persistence("store_a"));
        byte[] persisted = Events.Codec.Serialize(Events.BuildEvent(new EventsPersisted("orders", 5), "store_a"));
        byte[] discovered = Events.Codec.Serialize(Events.BuildEvent(new NodeDiscovered("real"), "store_a"));
        Guid forger = Guid.NewGuid();

        await InjectAsync(bus, Frame.Build(forger, 1, "forger@test", Cluster, null, persisted));
        await InjectAsync(bus, Frame.Build(forger, 2, "forger@test", Cluster, null, discovered));

        Assert.That(await Within(Read(cluster.GetAsyncEnumerator(), 1)), Is.EqualTo(new[] { new NodeDiscovered("real") }), "only the frame of the topic's category arrives");
        NodePubSubStatistics stats = bus.GetStatistics();
        Assert.That(stats.Rejected[FrameRejectReason.WrongCategory], Is.EqualTo(1), stats.ToString());
        Assert.That(stats.Rejected.Where(r => r.Key != FrameRejectReason.WrongCategory).Sum(r => r.Value), Is.Zero, stats.ToString());
        Assert.That(stats.Delivered, Is.EqualTo(1));
        Assert.That(stats.Lost, Is.Zero, "the dropped frame still took its place in its origin's sequence");
        Assert.That(persistence.Dropped, Is.Zero);
    }

    private static byte[] Key(byte fill) => Enumerable.Repeat(fill, 32).ToArray();

    private static byte[] Record(ICatalogEvent data) => Events.Codec.Serialize(Events.BuildEvent(data, "store_a"));

    [Test]
    public async Task With_a_key_a_forged_frame_as_a_live_node_is_refused_unread_and_the_nodes_next_frames_arrive()
    {
        string busName = NewBusName();
        byte[] key = Key(7);
        NodePubSub a = await Node("a@test", o => o.SigningKey = key, busName);
        NodePubSub b = await Node("b@test", o => o.SigningKey = key, busName);
        IAsyncEnumerator<object> reader = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        await a.BroadcastAsync(Cluster, M(1));
        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(Ms(1)));

        // As a, with a's own instance and its next sequence numbers: unsigned, signed with another key, and tampered.
        byte[] forged = Frame.Build(a.InstanceId, 2, "a@test", Cluster, null, Record(new NodeDiscovered("forged")));
        await InjectAsync(b, forged);
        await InjectAsync(b, Frame.Sign(forged, Key(9), DateTimeOffset.UtcNow));
        byte[] tampered = Frame.Sign(forged, key, DateTimeOffset.UtcNow);
        tampered[60] ^= 1;
        await InjectAsync(b, tampered);
        await InjectAsync(b, Frame.Build(a.InstanceId, long.MaxValue, "a@test", Cluster, null, Encoding.UTF8.GetBytes("garbage")));

        await a.BroadcastAsync(Cluster, M(2));
        await a.BroadcastAsync(Cluster, M(3));
        Assert.That(await Within(Read(reader, 2)), Is.EqualTo(Ms(2, 3)), "the forgeries moved nothing: the real frames 2 and 3 arrive");
        NodePubSubStatistics stats = b.GetStatistics();
        TestContext.Out.WriteLine(stats);
        Assert.That(stats.Rejected[FrameRejectReason.Unauthenticated], Is.EqualTo(4), stats.ToString());
        Assert.That(stats.Rejected.Where(r => r.Key != FrameRejectReason.Unauthenticated).Sum(r => r.Value), Is.Zero, stats.ToString());
        Assert.That(stats.Lost, Is.Zero);
        Assert.That(stats.Delivered, Is.EqualTo(3));
    }

    [Test]
    public async Task With_a_key_a_signed_frame_outside_the_replay_window_is_refused_and_one_inside_is_delivered()
    {
        byte[] key = Key(3);
        NodePubSub b = await Node("b@test", o =>
        {
            o.SigningKey = key;
            o.ReplayWindow = TimeSpan.FromSeconds(30);
        });
        IAsyncEnumerator<object> reader = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        Guid origin = Guid.NewGuid();
        byte[] old = Frame.Build(origin, 1, "old@test", Cluster, null, Record(new NodeDiscovered("captured")));
        await InjectAsync(b, Frame.Sign(old, key, DateTimeOffset.UtcNow.AddMinutes(-5)));
        await InjectAsync(b, Frame.Sign(old, key, DateTimeOffset.UtcNow.AddMinutes(5)));
        await InjectAsync(b, Frame.Sign(Frame.Build(origin, 2, "old@test", Cluster, null, Record(new NodeDiscovered("fresh"))), key, DateTimeOffset.UtcNow));

        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(new[] { new NodeDiscovered("fresh") }));
        NodePubSubStatistics stats = b.GetStatistics();
        Assert.That(stats.Rejected[FrameRejectReason.OutsideReplayWindow], Is.EqualTo(2), stats.ToString());
        Assert.That(stats.Lost, Is.Zero, "a refused frame takes no place in its origin's sequence: the first accepted one starts it");
    }

    [Test]
    public async Task Keys_rotate_without_a_refused_frame_and_a_node_without_keys_still_reads_signed_frames()
    {
        string busName = NewBusName();
        byte[] oldKey = Key(1);
        byte[] newKey = Key(2);
        // Mid-rotation: a already signs with the new key, b still with the old one; each verifies the other's.
        NodePubSub a = await Node("a@test", o => { o.SigningKey = newKey; o.VerificationKeys.Add(oldKey); }, busName);
        NodePubSub b = await Node("b@test", o => { o.SigningKey = oldKey; o.VerificationKeys.Add(newKey); }, busName);
        NodePubSub plain = await Node("plain@test", null, busName);
        IAsyncEnumerator<object> onA = (await a.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        IAsyncEnumerator<object> onB = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        IAsyncEnumerator<object> onPlain = (await plain.SubscribeAsync(Cluster)).GetAsyncEnumerator();

        await a.BroadcastAsync(Cluster, M(1));
        await b.BroadcastAsync(Cluster, M(2));
        Assert.That(await Within(Read(onB, 2)), Is.EquivalentTo(Ms(1, 2)), "a's frame, signed with the new key, verifies at b");
        Assert.That(await Within(Read(onA, 2)), Is.EquivalentTo(Ms(1, 2)), "b's frame, signed with the old key, verifies at a");
        Assert.That(await Within(Read(onPlain, 2)), Is.EquivalentTo(Ms(1, 2)), "a node without keys reads signed frames (a rolling upgrade)");
        await plain.BroadcastAsync(Cluster, M(3));
        await a.BroadcastAsync(Cluster, M(4));
        Assert.That(await Within(Read(onB, 1)), Is.EqualTo(Ms(4)), "the unsigned frame 3 is refused; 4 arrives");
        foreach (NodePubSub keyed in new[] { a, b })
        {
            NodePubSubStatistics stats = keyed.GetStatistics();
            // The plain node's frame 3 and its start-up probe (one per 100 ms until it came back, usually one): unsigned.
            Assert.That(stats.Rejected[FrameRejectReason.Unauthenticated], Is.GreaterThanOrEqualTo(2), keyed.NodeName + ": " + stats);
            Assert.That(stats.Rejected.Values.Sum(), Is.EqualTo(stats.Rejected[FrameRejectReason.Unauthenticated]), keyed.NodeName + ": " + stats);
            Assert.That(stats.Lost, Is.Zero);
        }
    }

    [Test]
    public async Task Without_keys_a_garbage_frame_with_sequence_long_MaxValue_moves_nothing()
    {
        string busName = NewBusName();
        NodePubSub a = await Node("a@test", null, busName);
        NodePubSub b = await Node("b@test", null, busName);
        IAsyncEnumerator<object> reader = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        await a.BroadcastAsync(Cluster, M(1));
        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(Ms(1)));

        await InjectAsync(b, Frame.Build(a.InstanceId, long.MaxValue, "a@test", Cluster, null, Encoding.UTF8.GetBytes("{garbage")));
        await InjectAsync(b, Frame.Build(a.InstanceId, long.MaxValue - 1, "a@test", Cluster, "nobody@test", Encoding.UTF8.GetBytes("[]")));
        await a.BroadcastAsync(Cluster, M(2));
        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(Ms(2)), "a's next real frame is not taken for a replay");
        NodePubSubStatistics stats = b.GetStatistics();
        TestContext.Out.WriteLine(stats);
        Assert.That(stats.Rejected[FrameRejectReason.Malformed], Is.EqualTo(2), stats.ToString());
        Assert.That(stats.Rejected[FrameRejectReason.Replayed], Is.Zero);
        Assert.That(stats.Lost, Is.Zero);
    }

    [Test]
    public async Task Keys_too_short_or_without_a_signing_key_are_refused_without_showing_them()
    {
        var shortKey = Assert.ThrowsAsync<ArgumentException>(async () => await Node("a@test", o => o.SigningKey = new byte[] { 0x53, 0x45, 0x43, 0x52, 0x45, 0x54 }));
        Assert.That(shortKey!.Message, Does.Contain("SigningKey is 6 bytes; an HMAC-SHA256 key needs at least 32 (RFC 2104)."));
        Assert.That(shortKey.Message, Does.Not.Contain("SECRET").And.Not.Contain("83"));
        var verifyOnly = Assert.ThrowsAsync<ArgumentException>(async () => await Node("a@test", o => o.VerificationKeys.Add(Key(5))));
        Assert.That(verifyOnly!.Message, Does.Contain("VerificationKeys needs a SigningKey"));
    }

    [Test]
    public async Task Without_keys_10000_forged_origins_neither_let_a_replay_through_nor_invent_loss()
    {
        string busName = NewBusName();
        NodePubSub a = await Node("a@test", null, busName);
        NodePubSub b = await Node("b@test", null, busName);
        IAsyncEnumerator<object> reader = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        await a.BroadcastAsync(Cluster, M(1));
        await a.BroadcastAsync(Cluster, M(2));
        Assert.That(await Within(Read(reader, 2)), Is.EqualTo(Ms(1, 2)));

        byte[] body = Record(new NodeDiscovered("flood"));
        List<byte[]> flood = new List<byte[]>(10_001).AddForgedOrigins(10_000, 1, body);

        flood.Add(Frame.Build(a.InstanceId, 2, "a@test", Cluster, null, Record(new NodeDiscovered("replayed 2"))));
        await InjectManyAsync(b, flood);
        await a.BroadcastAsync(Cluster, M(3));

        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(Ms(3)), "the replay of a's frame 2 was refused; a's frame 3 arrives");

        // On a sharded bus the flood (topic "flood") and a's frames may take different shards, each read in its own order.
        await Eventually(() => b.GetStatistics().Received >= 10_003);
        NodePubSubStatistics stats = b.GetStatistics();
        TestContext.Out.WriteLine(stats);
        Assert.That(stats.Rejected[FrameRejectReason.Replayed], Is.EqualTo(1), stats.ToString());
        Assert.That(stats.Lost, Is.Zero, "no loss invented");
        Assert.That(stats.Received, Is.EqualTo(10_003));
    }
}
