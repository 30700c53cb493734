using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ExESDB;
using NUnit.Framework;
using static EventCatalog.PubSub.Redis.Tests.TestKit;

namespace EventCatalog.PubSub.Conformance.Tests;

/// <summary>
/// Loss accounting across a node's subscriptions coming and going, on every node bus: with <see cref="ShardSubscription.Needed"/>
/// the topic's shard is unsubscribed and subscribed again each time (frames sent meanwhile are not this node's loss, and each
/// origin's next frame there is a new baseline); with <see cref="ShardSubscription.All"/> nothing changes on the transport.
/// </summary>
public abstract partial class NodeBusConformance
{
    [Test]
    public async Task Subscribing_again_while_another_node_publishes_loses_nothing_and_a_gap_while_subscribed_is_counted_exactly()
    {
        string busName = NewBusName();
        NodePubSub a = await Node("a@test", o => o.HeartbeatInterval = TimeSpan.FromMilliseconds(100), busName);
        NodePubSub b = await Node("b@test", o => o.HeartbeatInterval = TimeSpan.FromMilliseconds(100), busName);
        using var stop = new CancellationTokenSource();
        int sent = 0;
        Task publishing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await a.BroadcastAsync(Cluster, M(Interlocked.Increment(ref sent)));
                await a.BroadcastAsync(Events.Topics.Persistence("store_a"), new EventsPersisted("orders", sent));
                await Task.Delay(2);
            }
        });

        int[] expected = b.ShardCount == 1 || a.ShardCount == 1 ? new[] { 0 } : new[] { 0, b.ShardOf(Cluster, M(0)) }.Distinct().OrderBy(s => s).ToArray();
        for (int round = 0; round < 4; round++)
        {
            ISubscription subscription = await b.SubscribeAsync(Cluster);
            List<object> got = await Within(Read(subscription.GetAsyncEnumerator(), 5));
            Assert.That(got, Has.Count.EqualTo(5), "round " + round);
            subscription.Dispose();

            // While b has no subscription, a goes on publishing; heartbeats pass on every shard.
            await Task.Delay(300);
            if (b.ReceivedShards.Count < b.ShardCount)
            {
                Assert.That(b.ReceivedShards, Is.EqualTo(expected.Where(s => s == 0)), "round " + round + ": only shard 0 once the last subscription went");
            }
        }

        stop.Cancel();
        await Within(publishing);
        await Task.Delay(300); // a few heartbeats more: they announce a's last numbers on every shard
        NodePubSubStatistics stats = b.GetStatistics();
        TestContext.Out.WriteLine($"a sent {sent} on each of two topics; b: {stats}");
        Assert.That(stats.Lost, Is.Zero, "frames sent while b did not receive the shard are not its loss");
        Assert.That(stats.Rejected.Values.Sum(), Is.Zero, stats.ToString());
        Assert.That(stats.Skipped, Is.Zero, stats.ToString());

        // A gap while subscribed is counted exactly: frames 1, 2 and 5 of an origin on the topic's shard.
        using ISubscription again = await b.SubscribeAsync(Cluster);
        Assert.That(b.ReceivedShards, Is.SupersetOf(expected));
        Guid gapped = Guid.NewGuid();
        byte[] body = Events.Codec.Serialize(Events.BuildEvent(new NodeDiscovered("gapped"), "store_a"));
        await InjectManyAsync(b, new[] { 1L, 2L, 5L }.Select(n => Frame.Build(gapped, n, "gapped@test", Cluster, null, body)).ToList());
        Assert.That(await Eventually(() => b.GetStatistics().Lost == 2), Is.True, "frames 3 and 4 are lost: " + b.GetStatistics());
        await Task.Delay(300);
        Assert.That(b.GetStatistics().Lost, Is.EqualTo(2), b.GetStatistics().ToString());
    }

    [Test]
    public async Task A_node_on_needed_shards_holds_no_publisher_on_a_shard_it_does_not_receive_or_no_longer_receives()
    {
        // a receives every shard and waits for its slowest receiver; b receives only what it needs. b counts as a's receiver
        // (it reported on Cluster's shard); a shard b never subscribes, and Cluster's shard once b lets it go, must not hold a.
        string busName = NewBusName();
        NodePubSub a = await Node("a@test", o =>
        {
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
            o.MaxOutboundQueue = SmallQueue;
            o.OutboundQueueTimeout = TimeSpan.FromSeconds(3);
            o.ShardSubscription = ShardSubscription.All;
        }, busName);
        NodePubSub b = await Node("b@test", o =>
        {
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
            o.ShardSubscription = ShardSubscription.Needed;
        }, busName);
        int clusterShard = a.ShardOf(Cluster, M(0));
        ISubscription subscription = await b.SubscribeAsync(Cluster);
        IAsyncEnumerator<object> reader = subscription.GetAsyncEnumerator();
        for (int i = 0; i < 10; i++)
        {
            await a.BroadcastAsync(Cluster, M(i));
        }

        Assert.That(await Within(Read(reader, 10)), Has.Count.EqualTo(10));
        var persisted = new EventsPersisted("orders", 1);
        string other = Enumerable.Range(0, 200).Select(i => Events.Topics.Persistence("store_" + i))
            .FirstOrDefault(t => a.ShardOf(t, persisted) is int shard && shard != 0 && shard != clusterShard) ?? Events.Topics.Persistence("store_a");

        // Twenty windows on a topic of a shard b does not receive: every publish goes through (none waits out OutboundQueueTimeout).
        for (int i = 0; i < 20 * SmallQueue; i++)
        {
            await Within(a.BroadcastAsync(other, persisted).AsTask());
        }

        // b lets Cluster's shard go (its last subscription there); a's next twenty windows there go through as well.
        subscription.Dispose();
        await Eventually(() => b.ReceivedShards.Count == 0 || !b.ReceivedShards.Contains(clusterShard) || clusterShard == 0);
        for (int i = 0; i < 20 * SmallQueue; i++)
        {
            await Within(a.BroadcastAsync(Cluster, M(i)).AsTask());
        }

        NodePubSubStatistics stats = a.GetStatistics();
        TestContext.Out.WriteLine($"a: {stats}, deepest queue {a.OutboundQueueDepth}; b receives shards {string.Join(",", b.ReceivedShards)}");
        Assert.That(stats.Published, Is.EqualTo(10 + (40L * SmallQueue)));
    }

    [Test]
    public async Task Four_threads_subscribing_and_disposing_while_another_node_publishes_invent_no_loss_and_end_on_the_needed_shards()
    {
        string busName = NewBusName();
        NodePubSub a = await Node("a@test", o => o.HeartbeatInterval = TimeSpan.FromMilliseconds(100), busName);
        NodePubSub b = await Node("b@test", o => o.HeartbeatInterval = TimeSpan.FromMilliseconds(100), busName);
        string[] topics = { Cluster, Events.Topics.Persistence("store_a"), Events.Topics.Leadership("store_a"), "free:topic" };
        using var stop = new CancellationTokenSource();
        Task publishing = Task.Run(async () =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                await a.BroadcastAsync(Cluster, M(i));
                await a.BroadcastAsync("free:topic", M(i));
                await Task.Delay(1);
            }
        });

        Task[] threads = Enumerable.Range(0, 4).Select(t => Task.Run(async () =>
        {
            var random = new Random(t);
            for (int i = 0; i < 100; i++)
            {
                ISubscription subscription = b.Subscribe(topics[random.Next(topics.Length)]);
                await Task.Delay(random.Next(3));
                subscription.Dispose();
            }
        })).ToArray();
        await Within(Task.WhenAll(threads));
        using ISubscription kept = await b.SubscribeAsync(Cluster);
        Assert.That(await Within(Read(kept.GetAsyncEnumerator(), 3)), Has.Count.EqualTo(3), "a's frames reach the subscription left");
        stop.Cancel();
        await Within(publishing);
        await Task.Delay(300);

        NodePubSubStatistics stats = b.GetStatistics();
        TestContext.Out.WriteLine($"b receives shards {string.Join(",", b.ReceivedShards)}; {stats}");
        Assert.That(stats.Lost, Is.Zero, stats.ToString());
        Assert.That(stats.Rejected.Values.Sum(), Is.Zero, stats.ToString());
        Assert.That(stats.Skipped, Is.Zero, stats.ToString());
        int[] needed = new[] { 0, b.ShardOf(Cluster, M(0)) }.Distinct().OrderBy(s => s).ToArray();
        if (b.ReceivedShards.Count < b.ShardCount)
        {
            Assert.That(await Eventually(() => b.ReceivedShards.SequenceEqual(needed)), Is.True, "shard 0 and the kept topic's: " + string.Join(",", b.ReceivedShards));
        }
    }
}
