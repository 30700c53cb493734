using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ExESDB;
using EventCatalog.LocalServers;
using NUnit.Framework;
using static EventCatalog.PubSub.Redis.Tests.TestKit;

namespace EventCatalog.PubSub.Redis.Tests;

/// <summary>
/// The bounded outbound queue (NodePubSubOptions.MaxOutboundQueue / OutboundQueueTimeout) on a redis-server of each test's
/// own: publishers wait for their own frames to come back, fail naming the bus and the depth, and Redis never cuts a node off.
/// </summary>
[NonParallelizable]
public sealed class BackPressureTests
{
    private static string Cluster => Events.Topics.Cluster("store_a");

    [Test]
    public async Task A_publisher_whose_frames_do_not_come_back_waits_then_fails_naming_the_bus_and_the_queue_depth_and_resumes()
    {
        using RedisServer own = RedisServer.Start();
        await using RedisPubSub bus = await RedisPubSub.ConnectAsync(own.Endpoint, RedisFixture.Codec, new RedisPubSubOptions
        {
            BusName = "pressed",
            NodeName = "pressed@test",
            MaxOutboundQueue = 16,
            OutboundQueueTimeout = TimeSpan.FromMilliseconds(400),
        });

        // Redis holds every client's commands for 2 s, from the moment this returns: nothing published comes back meanwhile.
        Assert.That(own.Command("CLIENT", "PAUSE", "2000", "ALL"), Is.EqualTo("OK"));
        Task sleeping = Task.Delay(TimeSpan.FromSeconds(2));
        var admitted = Enumerable.Range(0, 16).Select(i => bus.BroadcastAsync(Cluster, new NodeDiscovered("n" + i)).AsTask()).ToList();
        Assert.That(bus.OutboundQueueDepth, Is.EqualTo(16));
        Task waiting = bus.BroadcastAsync(Cluster, new NodeDiscovered("one too many")).AsTask();
        Assert.That(await StaysPending(waiting), Is.True, "the 17th publish waits for room");

        OutboundQueueFullException ex = Assert.ThrowsAsync<OutboundQueueFullException>(async () => await Within(waiting))!;
        Assert.That(ex, Is.InstanceOf<TimeoutException>());
        Assert.That(ex.BusName, Is.EqualTo("pressed"));
        Assert.That(ex.QueueDepth, Is.EqualTo(16));
        Assert.That(ex.Capacity, Is.EqualTo(16));
        Assert.That(ex.Message, Does.StartWith("A publish to topic \"exesdb:control:store_a:cluster\" on bus \"pressed\" (node \"pressed@test\") gave up after 400 ms: the outbound queue held 16 frames (bound 16)"));

        await Within(sleeping);
        await Within(Task.WhenAll(admitted));
        Assert.That(await Eventually(() => bus.OutboundQueueDepth == 0), Is.True, "every frame came back once Redis woke up");
        await Within(bus.BroadcastAsync(Cluster, new NodeDiscovered("after")).AsTask());
        Assert.That(bus.State, Is.EqualTo(NodePubSubState.Connected));
    }

    [Test]
    public void Out_of_range_queue_and_shard_settings_are_refused_naming_the_option()
    {
        string endpoint = RedisFixture.Server.Endpoint;
        var queue = Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await RedisPubSub.ConnectAsync(endpoint, RedisFixture.Codec, new RedisPubSubOptions { MaxOutboundQueue = 8 }));
        Assert.That(queue!.Message, Does.StartWith("RedisPubSubOptions.MaxOutboundQueue must be from 16 to 1,048,576 frames."));
        var timeout = Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await RedisPubSub.ConnectAsync(endpoint, RedisFixture.Codec, new RedisPubSubOptions { OutboundQueueTimeout = TimeSpan.Zero }));
        Assert.That(timeout!.Message, Does.StartWith("RedisPubSubOptions.OutboundQueueTimeout must be positive"));
        var shards = Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await RedisPubSub.ConnectAsync(endpoint, RedisFixture.Codec, new RedisPubSubOptions { Shards = 257 }));
        Assert.That(shards!.Message, Does.StartWith("RedisPubSubOptions.Shards must be 0 (automatic), 1 (one channel) or 2 to 256 sharded channels."));
        var tag = Assert.ThrowsAsync<ArgumentException>(async () => await RedisPubSub.ConnectAsync(endpoint, RedisFixture.Codec, new RedisPubSubOptions { ChannelPrefix = "app{1}:", Shards = 4 }));
        Assert.That(tag!.Message, Does.Contain("\"app{1}:eventcatalog\" has '{' or '}', a Redis Cluster hash tag"));
    }

    [Test]
    public async Task Sharded_channels_on_a_single_Redis_7_carry_every_topic_in_order_with_per_shard_sequences()
    {
        var options = (string node) => new RedisPubSubOptions { BusName = "sharded-single", NodeName = node, Shards = 4, SubscriberCapacity = 1 << 14 };
        await using RedisPubSub a = await RedisPubSub.ConnectAsync(RedisFixture.Server.Endpoint, RedisFixture.Codec, options("a@test"));
        await using RedisPubSub b = await RedisPubSub.ConnectAsync(RedisFixture.Server.Endpoint, RedisFixture.Codec, options("b@test"));
        Assert.That(a.ShardCount, Is.EqualTo(4));
        Assert.That(a.Channels, Is.EqualTo(b.Channels), "derived from the bus name only");
        Assert.That(a.Channels.Select(c => c.Substring(0, c.IndexOf('{'))), Is.EqualTo(new[] { "eventcatalog:pubsub:sharded-single:0", "eventcatalog:pubsub:sharded-single:1", "eventcatalog:pubsub:sharded-single:2", "eventcatalog:pubsub:sharded-single:3" }));

        // Adjacent categories (cluster, leadership) take adjacent shards: two shards whose frames may overtake each other.
        using ISubscription cluster = b.Subscribe(Cluster);
        await using IAsyncEnumerator<object> reader = cluster.GetAsyncEnumerator();
        using ISubscription persistence = b.Subscribe(Events.Topics.Leadership("store_a"));
        await using IAsyncEnumerator<object> persistenceReader = persistence.GetAsyncEnumerator();
        const int count = 2_000;
        var sends = new List<Task>();
        for (int i = 0; i < count; i++)
        {
            string text = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            sends.Add(a.BroadcastAsync(Cluster, new NodeDiscovered(text)).AsTask());
            sends.Add(a.BroadcastAsync(Events.Topics.Leadership("store_a"), new LeaderDetected(text)).AsTask());
        }

        await Within(Task.WhenAll(sends));
        List<object> clusterMessages = await Within(Read(reader, count));
        List<object> persistenceMessages = await Within(Read(persistenceReader, count));
        Assert.That(clusterMessages.Select(m => ((NodeDiscovered)m).Node), Is.EqualTo(Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.That(persistenceMessages.Select(m => ((LeaderDetected)m).Leader), Is.EqualTo(Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.That(b.GetStatistics().Lost, Is.Zero, "each shard numbers its own frames: no false gaps between shards");
        Assert.That(b.GetStatistics().Rejected.Values.Sum(), Is.Zero, "and no false replays");
        Assert.That(await Eventually(() => a.OutboundQueueDepth == 0), Is.True);
    }

    [Test]
    public async Task Waiting_publishes_keep_their_call_order()
    {
        using RedisServer own = RedisServer.Start();
        await using RedisPubSub publisher = await RedisPubSub.ConnectAsync(own.Endpoint, RedisFixture.Codec, new RedisPubSubOptions { BusName = "order", NodeName = "p@test", MaxOutboundQueue = 16 });
        await using RedisPubSub receiver = await RedisPubSub.ConnectAsync(own.Endpoint, RedisFixture.Codec, new RedisPubSubOptions { BusName = "order", NodeName = "r@test", SubscriberCapacity = 1 << 16 });
        using ISubscription subscription = receiver.Subscribe(Cluster);
        await using IAsyncEnumerator<object> reader = subscription.GetAsyncEnumerator();
        const int count = 5_000;

        // Not awaited one by one: most of these wait for room, and must still leave in call order.
        Task[] sends = Enumerable.Range(0, count).Select(i => publisher.BroadcastAsync(Cluster, new NodeDiscovered(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).AsTask()).ToArray();
        Assert.That(publisher.OutboundQueueDepth, Is.LessThanOrEqualTo(16 + count));
        await Within(Task.WhenAll(sends));
        List<object> received = await Within(Read(reader, count));
        Assert.That(received.Select(m => int.Parse(((NodeDiscovered)m).Node, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(Enumerable.Range(0, count)));
        Assert.That(receiver.GetStatistics().Lost, Is.Zero);
    }

    [Test]
    public async Task Three_nodes_publishing_unthrottled_are_held_to_their_queue_and_Redis_disconnects_none_of_them()
    {
        // A small output-buffer limit (1 MiB hard, 512 KiB for 2 s), so that an unthrottled bus would be cut off within seconds.
        using RedisServer own = RedisServer.Start("--client-output-buffer-limit", "pubsub 1mb 512kb 2");
        const int max = 64;
        var buses = new List<RedisPubSub>();
        var lost = 0;
        try
        {
            for (int i = 0; i < 3; i++)
            {
                RedisPubSub bus = await RedisPubSub.ConnectAsync(own.Endpoint, RedisFixture.Codec, new RedisPubSubOptions
                {
                    BusName = "flood",
                    NodeName = $"n{i}@test",
                    MaxOutboundQueue = max,
                    OutboundQueueTimeout = TimeSpan.FromSeconds(30),
                    PublishTimeout = TimeSpan.FromSeconds(30),
                    SubscriberCapacity = 16,
                });
                bus.ConnectionLost += (_, _) => Interlocked.Increment(ref lost);
                buses.Add(bus);
            }

            var subscriptions = buses.Select(b => b.Subscribe(Cluster)).ToList();
            var readers = subscriptions.Select(s => Task.Run(async () =>
            {
                await foreach (object _ in s)
                {
                }
            })).ToList();
            string pad = new('x', 1000);
            long maxDepth = 0;
            var clock = Stopwatch.StartNew();
            var publishers = buses.Select(bus => Task.Run(async () =>
            {
                long sent = 0;
                var pending = new Queue<Task>();
                while (clock.Elapsed < TimeSpan.FromSeconds(8))
                {
                    // Thousands in flight: nothing but the bus's own queue holds this publisher back.
                    pending.Enqueue(bus.BroadcastAsync(Cluster, new NodeDiscovered(pad)).AsTask());
                    sent++;
                    long depth = bus.OutboundQueueDepth;
                    if (depth > Interlocked.Read(ref maxDepth))
                    {
                        Interlocked.Exchange(ref maxDepth, depth);
                    }

                    if (pending.Count >= 4096)
                    {
                        await pending.Dequeue();
                    }
                }

                await Task.WhenAll(pending);
                return sent;
            })).ToArray();
            long[] sent = await Within(Task.WhenAll(publishers));

            Assert.That(await Eventually(() => buses.All(b => b.OutboundQueueDepth == 0), 30), Is.True, "every frame came back");
            foreach (RedisPubSub bus in buses)
            {
                NodePubSubStatistics stats = bus.GetStatistics();
                TestContext.Out.WriteLine($"{bus.NodeName}: {stats}");
                Assert.That(stats.Lost, Is.Zero, bus.NodeName);
                Assert.That(bus.State, Is.EqualTo(NodePubSubState.Connected), bus.NodeName);
            }

            TestContext.Out.WriteLine($"sent {string.Join(", ", sent)} in 8 s; deepest queue {Interlocked.Read(ref maxDepth)} (bound {max})");
            Assert.That(lost, Is.Zero, "no node lost its link");
            Assert.That(own.Output, Does.Not.Contain("output buffer limits"), "Redis closed no client for its output buffer");
            Assert.That(Interlocked.Read(ref maxDepth), Is.EqualTo(max), "the publishers were held at the bound");
            Assert.That(sent.Sum(), Is.GreaterThan(3 * max));
        }
        finally
        {
            foreach (RedisPubSub bus in buses)
            {
                await bus.DisposeAsync();
            }
        }
    }
}
