using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Runtime.Tests.Wire;
using ExESDB;
using NUnit.Framework;
using StackExchange.Redis;
using static EventCatalog.PubSub.Redis.Tests.TestKit;

namespace EventCatalog.PubSub.Redis.Tests;

// ShardSubscription.Needed on a real redis-server 7 with 8 sharded channels: what the server says each channel's subscribers
// are (PUBSUB SHARDNUMSUB), and what a node receives.
public sealed partial class RedisPubSubTests
{
    private const int NeededShards = 8;

    [Test]
    public async Task A_node_subscribed_to_one_topic_SSUBSCRIBEs_shard_0_and_that_topics_shard_only_and_receives_nothing_of_the_others()
    {
        RedisPubSub a = await Node("a@test", ShardSubscription.All);
        RedisPubSub b = await Node("b@test", ShardSubscription.Needed);
        Assert.That(SubscribersPerShard(b), Is.EqualTo(Enumerable.Range(0, NeededShards).Select(s => s == 0 ? 2 : 1)), "b starts on shard 0 alone; a (All) is on every shard");

        using ISubscription cluster = await b.SubscribeAsync(Cluster);
        int clusterShard = b.ShardOf(Cluster, new NodeDiscovered("x"));
        int[] needed = new[] { 0, clusterShard }.Distinct().OrderBy(s => s).ToArray();
        Assert.That(b.ReceivedShards, Is.EqualTo(needed));
        Assert.That(SubscribersPerShard(b), Is.EqualTo(Enumerable.Range(0, NeededShards).Select(s => needed.Contains(s) ? 2 : 1)), "PUBSUB SHARDNUMSUB: b is on shard 0 and the topic's shard, nothing else");

        // a publishes 10 events on each category topic of two stores: b receives the frames of its shards only.
        var sent = new List<(string Topic, object Payload)>();
        foreach (string store in new[] { "store_a", "store_b" })
        {
            foreach (Events.Category category in Enum.GetValues(typeof(Events.Category)))
            {
                for (int i = 0; i < 10; i++)
                {
                    sent.Add((Events.BuildTopic(store, category), BusNodes.Payload(category, "a@test", store)));
                }
            }
        }

        await Within(Task.WhenAll(sent.Select(s => a.BroadcastAsync(s.Topic, s.Payload).AsTask())));
        long onNeeded = sent.Count(s => needed.Contains(a.ShardOf(s.Topic, s.Payload)));
        Assert.That(onNeeded, Is.LessThan(sent.Count / 2), "the other shards carry most of the traffic");
        Assert.That(await Eventually(() => b.GetStatistics().Received >= onNeeded), Is.True, b.GetStatistics().ToString());
        await Task.Delay(300);
        NodePubSubStatistics stats = b.GetStatistics();
        TestContext.Out.WriteLine($"a sent {sent.Count} frames, {onNeeded} on b's shards {string.Join(",", needed)}; b: {stats}");
        Assert.That(stats.Received, Is.EqualTo(onNeeded), "every frame of b's shards, and not one of the others");
        Assert.That(stats.Delivered, Is.EqualTo(10), "the cluster topic's 10 events");
        Assert.That(stats.Lost, Is.Zero);
        Assert.That(stats.Rejected.Values.Sum(), Is.Zero, stats.ToString());

        // Publishing on a shard subscribes b to it (its own frames come back: back-pressure), for the bus's life.
        string persistence = Events.Topics.Persistence("store_a");
        int persistenceShard = b.ShardOf(persistence, new PersistenceRequested("b"));
        await Within(b.BroadcastAsync(persistence, BusNodes.Payload(Events.Category.Persistence, "b@test")).AsTask());
        Assert.That(b.ReceivedShards, Does.Contain(persistenceShard));
        Assert.That(await Eventually(() => b.OutboundQueueDepth == 0), Is.True, "b's own frame came back");

        // The last subscription goes: the topic's shard goes too (unless b publishes there).
        cluster.Dispose();
        int[] left = new[] { 0, persistenceShard }.Distinct().OrderBy(s => s).ToArray();
        Assert.That(await Eventually(() => SubscribersPerShard(b).SequenceEqual(Enumerable.Range(0, NeededShards).Select(s => left.Contains(s) ? 2 : 1))), Is.True, string.Join(",", SubscribersPerShard(b)));
        Assert.That(b.ReceivedShards, Is.EqualTo(left));
    }

    [Test]
    public async Task Subscribing_and_disposing_from_four_threads_leaves_exactly_the_needed_shards_subscribed()
    {
        RedisPubSub b = await Node("b@test", ShardSubscription.Needed);
        string[] topics = Enum.GetValues(typeof(Events.Category)).Cast<Events.Category>().Select(c => Events.BuildTopic("store_a", c))
            .Concat(Enumerable.Range(0, 5).Select(i => "free:topic:" + i)).ToArray();
        var kept = new ISubscription[4];
        var threads = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            var random = new Random(t);
            ISubscription? last = null;
            for (int i = 0; i < 300; i++)
            {
                ISubscription subscription = b.Subscribe(topics[random.Next(topics.Length)]);
                if (random.Next(2) == 0)
                {
                    subscription.Dispose();
                }
                else
                {
                    last?.Dispose();
                    last = subscription;
                }
            }

            last?.Dispose();
            kept[t] = b.Subscribe(topics[t * 3 % topics.Length]); // what each thread leaves subscribed
        })).ToArray();
        await Within(Task.WhenAll(threads));

        int[] needed = kept.Select(k => b.ShardOf(k.Topic, new NodeDiscovered("x"))).Append(0).Distinct().OrderBy(s => s).ToArray();
        IEnumerable<int> expected = Enumerable.Range(0, NeededShards).Select(s => needed.Contains(s) ? 1 : 0);
        Assert.That(await Eventually(() => SubscribersPerShard(b).SequenceEqual(expected)), Is.True, "SHARDNUMSUB " + string.Join(",", SubscribersPerShard(b)) + "; needed " + string.Join(",", needed));
        await Task.Delay(500);
        Assert.That(SubscribersPerShard(b), Is.EqualTo(expected), "and it stays so");
        Assert.That(b.ReceivedShards, Is.EqualTo(needed));
        foreach (ISubscription subscription in kept)
        {
            subscription.Dispose();
        }

        Assert.That(await Eventually(() => SubscribersPerShard(b).SequenceEqual(Enumerable.Range(0, NeededShards).Select(s => s == 0 ? 1 : 0))), Is.True, "shard 0 alone at the end");
    }

    [Test]
    public async Task With_two_catalogs_a_topic_needs_the_shard_of_each_catalog_that_reads_it_and_its_hash_shard_for_the_others_events()
    {
        IEventCodec codec = EventCodec.Combine(Events.Codec, WireEvents.Codec);
        RedisPubSub a = await Node("a@test", ShardSubscription.All, codec);
        RedisPubSub b = await Node("b@test", ShardSubscription.Needed, codec);
        using ISubscription subscription = await b.SubscribeAsync(Cluster);
        object wire = WireEvents.BuildPayload(new EmptyEvent(), "store_a");
        int catalogShard = b.ShardOf(Cluster, new NodeDiscovered("x"));
        int hashShard = b.ShardOf(Cluster, wire); // the wire catalog does not read "exesdb:control:…" as one of its topics
        int[] needed = new[] { 0, catalogShard, hashShard }.Distinct().OrderBy(s => s).ToArray();
        TestContext.Out.WriteLine($"{Cluster}: shard {catalogShard} for the ExESDB catalog's events, {hashShard} for the others'");
        Assert.That(b.ReceivedShards, Is.EqualTo(needed));
        Assert.That(SubscribersPerShard(b), Is.EqualTo(Enumerable.Range(0, NeededShards).Select(s => needed.Contains(s) ? 2 : 1)));

        // Both kinds of event published on the topic reach b, each on its own shard.
        await a.BroadcastAsync(Cluster, wire);
        await a.BroadcastAsync(Cluster, Events.BuildPayload(new NodeDiscovered("n"), "store_a"));
        List<object> got = await Within(Read(subscription.GetAsyncEnumerator(), 2));
        Assert.That(got.Select(m => ((IEventPayload)m).Event.Data!.GetType()), Is.EquivalentTo(new[] { typeof(EmptyEvent), typeof(NodeDiscovered) }));

        // A topic of the wire catalog: its shard there and the hash shard (the ExESDB catalog does not read it).
        string shapes = WireEvents.Topics.Shapes("store_a");
        using ISubscription onShapes = await b.SubscribeAsync(shapes);
        Assert.That(b.ReceivedShards, Is.SupersetOf(new[] { b.ShardOf(shapes, wire), b.ShardOf(shapes, new NodeDiscovered("x")) }));
    }

    [Test]
    public async Task With_a_codec_that_is_no_generated_catalogs_a_subscription_takes_every_shard_and_misses_nothing()
    {
        RedisPubSub a = await Node("a@test", ShardSubscription.All);
        RedisPubSub b = await Node("b@test", ShardSubscription.Needed, new WrappingCodec(Events.Codec));
        Assert.That(b.ReceivedShards, Is.EqualTo(new[] { 0 }));
        using ISubscription subscription = await b.SubscribeAsync(Cluster);
        Assert.That(b.ReceivedShards, Is.EqualTo(Enumerable.Range(0, NeededShards)), "the codec's catalogs are unknown: every shard");
        await a.BroadcastAsync(Cluster, Events.BuildPayload(new NodeDiscovered("n"), "store_a"));
        Assert.That(await Within(Read(subscription.GetAsyncEnumerator(), 1)), Has.Count.EqualTo(1));
    }

    /// <summary>A codec of the application's own that hands every call to a generated one (logging, metrics, …).</summary>
    private sealed class WrappingCodec(IEventCodec inner) : IEventCodec
    {
        public IReadOnlyCollection<string> EventTypes => inner.EventTypes;

        public bool CanHandle(string eventType) => inner.CanHandle(eventType);

        public void Write(IEventEnvelope envelope, System.Buffers.IBufferWriter<byte> output) => inner.Write(envelope, output);

        public void Write(IEventPayload payload, System.Buffers.IBufferWriter<byte> output) => inner.Write(payload, output);

        public byte[] Serialize(IEventEnvelope envelope) => inner.Serialize(envelope);

        public byte[] Serialize(IEventPayload payload) => inner.Serialize(payload);

        public void WriteBatch(IEnumerable<IEventEnvelope> envelopes, System.Buffers.IBufferWriter<byte> output) => inner.WriteBatch(envelopes, output);

        public void WriteBatch(IEnumerable<IEventPayload> payloads, System.Buffers.IBufferWriter<byte> output) => inner.WriteBatch(payloads, output);

        public IReadOnlyList<EventReadResult> ReadBatch(ReadOnlySpan<byte> utf8) => inner.ReadBatch(utf8);

        public EventReadResult Read(ReadOnlySpan<byte> utf8) => inner.Read(utf8);
    }

    /// <summary>What the server says: <c>PUBSUB SHARDNUMSUB</c> of each of the bus's channels.</summary>
    private int[] SubscribersPerShard(RedisPubSub bus)
    {
        var result = (RedisResult[])Admin.Execute("PUBSUB", new object[] { "SHARDNUMSUB" }.Concat(bus.Channels).ToArray())!;
        return Enumerable.Range(0, bus.Channels.Count).Select(i => (int)result[2 * i + 1]).ToArray();
    }

    private async Task<RedisPubSub> Node(string name, ShardSubscription shards, IEventCodec? codec = null)
    {
        var options = new RedisPubSubOptions { BusName = _busName, NodeName = name, Shards = NeededShards, ShardSubscription = shards };
        RedisPubSub bus = await RedisPubSub.ConnectAsync(RedisFixture.Server.Endpoint, codec ?? RedisFixture.Codec, options);
        _buses.Add(bus);
        return bus;
    }
}
