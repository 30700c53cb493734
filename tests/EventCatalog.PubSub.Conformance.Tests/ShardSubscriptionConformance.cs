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
