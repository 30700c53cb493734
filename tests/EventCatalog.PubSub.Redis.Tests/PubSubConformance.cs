using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ExESDB;
using NUnit.Framework;
using static EventCatalog.PubSub.Redis.Tests.TestKit;

namespace EventCatalog.PubSub.Redis.Tests;

/// <summary>
/// Phoenix.PubSub's contract, once, for every <see cref="INodePubSub"/>: the same tests run unchanged against
/// <see cref="InMemoryPubSub"/> and <see cref="RedisPubSub"/>. Messages are catalog records on catalog topics,
/// since those are what can travel between nodes.
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
        _buses.Add(bus);
        return bus;
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
}

/// <summary>The conformance suite on the embedded bus.</summary>
[TestFixture]
public sealed class InMemoryPubSubConformance : PubSubConformance
{
    protected override Task<INodePubSub> CreateBusAsync(string node, int capacity, FullQueuePolicy policy, TimeSpan fullQueueTimeout) =>
        Task.FromResult<INodePubSub>(new InMemoryPubSub(new InMemoryPubSubOptions { NodeName = node, SubscriberCapacity = capacity, FullQueuePolicy = policy, FullQueueTimeout = fullQueueTimeout }));
}

/// <summary>The conformance suite on the Redis bus, against a real redis-server; every frame also goes through Redis and comes back as a self-echo that must be dropped.</summary>
[TestFixture]
public sealed class RedisPubSubConformance : PubSubConformance
{
    private static int s_bus;

    protected override async Task<INodePubSub> CreateBusAsync(string node, int capacity, FullQueuePolicy policy, TimeSpan fullQueueTimeout) =>
        await RedisPubSub.ConnectAsync(RedisFixture.Server.Endpoint, RedisFixture.Codec, new RedisPubSubOptions
        {
            BusName = "conformance-" + Interlocked.Increment(ref s_bus),
            NodeName = node,
            SubscriberCapacity = capacity,
            FullQueuePolicy = policy,
            FullQueueTimeout = fullQueueTimeout,
            TopicCategory = RedisFixture.CategoryOf,
        });
}
