using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ExESDB;
using EventCatalog.LocalServers;
using NUnit.Framework;
using static EventCatalog.PubSub.Redis.Tests.TestKit;

namespace EventCatalog.PubSub.Redis.Tests;

/// <summary>
/// Sharded pub/sub on a real Redis Cluster on loopback (3 masters + 3 replicas, tools/EventCatalog.LocalServers): three
/// nodes (buses on connections of their own) publish on the seven category topics of one store.
/// </summary>
[NonParallelizable]
public sealed class RedisClusterTests
{
    private RedisCluster? _cluster;

    [OneTimeSetUp]
    public void StartCluster() => _cluster = RedisCluster.Start(masters: 3, replicasPerMaster: 1);

    [OneTimeTearDown]
    public void StopCluster() => _cluster?.Dispose();

    [Test]
    public async Task On_a_cluster_the_bus_spreads_over_16_sharded_channels_and_no_master_carries_more_than_1_5_times_its_share()
    {
        // One frame per SPUBLISH (no batches), so the calls per master are the traffic per master, frame for frame.
        await using var nodes = await StartAsync("split", maxBatchFrames: 1);
        Assert.That(nodes.Buses.Select(b => b.ShardCount), Is.All.EqualTo(RedisPubSubOptions.DefaultClusterShards), "a cluster is detected");
        Assert.That(((RedisPubSub)nodes.Buses[0]).Channels, Has.Count.EqualTo(16));
        Assert.That(nodes.Buses[0].Destination, Does.StartWith("Redis sharded channels \"eventcatalog:pubsub:split:0{"));
        Dictionary<string, long> before = SpublishCallsPerMaster();

        await nodes.PublishAsync(total: 21_000, perSecond: 0);
        await nodes.WaitForAllAsync();
        Dictionary<string, long> after = SpublishCallsPerMaster();

        long[] calls = before.Keys.Select(m => after[m] - before[m]).ToArray();
        double share = calls.Sum() / 3.0;
        TestContext.Out.WriteLine("SPUBLISH per master: " + string.Join(", ", before.Keys.Select((m, i) => $"{m} {calls[i]} ({calls[i] / share:0.00}× its share)")));
        Assert.That(calls.Sum(), Is.GreaterThanOrEqualTo(21_000), "every frame was an SPUBLISH");
        Assert.That(calls.Max() / share, Is.LessThanOrEqualTo(1.5), "no master carries more than 1.5× its share");
        nodes.AssertNothingLost();
    }

    [Test]
    public async Task A_master_killed_mid_stream_fails_over_and_every_node_resubscribes_and_reports_exactly_what_it_lost()
    {
        await using var nodes = await StartAsync("failover");
        Task publishing = nodes.PublishAsync(total: 60_000, perSecond: 2_000);
        await Task.Delay(TimeSpan.FromSeconds(2));
        RedisServer master = Masters().First();
        long killedAt = Environment.TickCount64;
        master.Kill();
        await Within(publishing);

        Assert.That(await Eventually(() => nodes.Buses.All(b => b.State == NodePubSubState.Connected), 30), Is.True, "every node resubscribed");
        await nodes.SettleAsync();
        foreach ((NodePubSub bus, int index) in nodes.Buses.Select((b, i) => (b, i)))
        {
            long actual = nodes.Missing(index);
            NodePubSubStatistics stats = bus.GetStatistics();
            TestContext.Out.WriteLine($"{bus.NodeName}: lost {stats.Lost} (actual {actual}); restored {nodes.RestoredAfter(index, killedAt)} ms after the kill; {stats}");
            Assert.That(nodes.Restored[index], Is.GreaterThan(0), bus.NodeName + " raised ConnectionRestored");
            Assert.That(stats.Lost, Is.EqualTo(actual), bus.NodeName + ": reported loss == published - received");
            Assert.That(nodes.Failed, Is.Zero, "no publish failed (the bus retried across the failover)");
        }

        // The cluster heals for the next test: the killed master comes back as a replica.
        master.Restart();
        _cluster!.WaitUntilOk();
    }

    [Test]
    public async Task With_ShardSubscription_Needed_a_node_on_the_cluster_SSUBSCRIBEs_only_shard_0_and_its_topics_shard_and_receives_only_their_frames()
    {
        string cluster = Events.Topics.Cluster("store_a");
        await using RedisPubSub a = await RedisPubSub.ConnectAsync(_cluster!.Configuration, RedisFixture.Codec, new RedisPubSubOptions { BusName = "needed", NodeName = "a@test" });
        await using RedisPubSub b = await RedisPubSub.ConnectAsync(_cluster!.Configuration, RedisFixture.Codec, new RedisPubSubOptions { BusName = "needed", NodeName = "b@test", ShardSubscription = ShardSubscription.Needed });
        using ISubscription subscription = await b.SubscribeAsync(cluster);
        int[] needed = new[] { 0, b.ShardOf(cluster, new NodeDiscovered("x")) }.Distinct().OrderBy(s => s).ToArray();
        Assert.That(b.ReceivedShards, Is.EqualTo(needed));
        int[] subscribers = ShardSubscribers(b.Channels);
        TestContext.Out.WriteLine("SHARDNUMSUB summed over the masters: " + string.Join(", ", subscribers));
        Assert.That(subscribers, Is.EqualTo(Enumerable.Range(0, b.Channels.Count).Select(s => needed.Contains(s) ? 2 : 1)), "b is on shard 0 and the topic's shard (on the masters that own them), nothing else");

        var sent = s_categories.SelectMany(c => Enumerable.Range(0, 10).Select(_ => (Topic: Events.BuildTopic("store_a", c), Payload: BusNodes.Payload(c, "a@test")))).ToList();
        await Within(Task.WhenAll(sent.Select(m => a.BroadcastAsync(m.Topic, m.Payload).AsTask())));
        long onNeeded = sent.Count(m => needed.Contains(a.ShardOf(m.Topic, m.Payload)));
        Assert.That(await Eventually(() => b.GetStatistics().Received >= onNeeded), Is.True, b.GetStatistics().ToString());
        await Task.Delay(300);
        NodePubSubStatistics stats = b.GetStatistics();
        TestContext.Out.WriteLine($"a sent {sent.Count}, {onNeeded} on b's shards; b: {stats}");
        Assert.That(stats.Received, Is.EqualTo(onNeeded), "the frames of b's shards, not one of the other 6 categories'");
        Assert.That(stats.Lost, Is.Zero);
        Assert.That(stats.Rejected.Values.Sum(), Is.Zero, stats.ToString());
    }

    private static readonly Events.Category[] s_categories = Enum.GetValues<Events.Category>();

    /// <summary><c>PUBSUB SHARDNUMSUB</c> of each channel, summed over the masters (each answers for the channels of its own slots).</summary>
    private int[] ShardSubscribers(IReadOnlyList<string> channels)
    {
        var counts = new int[channels.Count];
        foreach (RedisServer master in Masters())
        {
            string[] reply = master.Command(new[] { "PUBSUB", "SHARDNUMSUB" }.Concat(channels).ToArray()).Split('\n');
            for (int i = 0; i < channels.Count; i++)
            {
                counts[i] += int.Parse(reply[2 * i + 1], CultureInfo.InvariantCulture);
            }
        }

        return counts;
    }

    private Task<BusNodes> StartAsync(string bus, int maxBatchFrames = NodePubSubOptions.DefaultMaxBatchFrames) => BusNodes.StartAsync(bus, async (_, node) => await RedisPubSub.ConnectAsync(_cluster!.Configuration, RedisFixture.Codec, new RedisPubSubOptions
    {
        BusName = bus,
        NodeName = node,
        SubscriberCapacity = 1 << 17,
        PublishTimeout = TimeSpan.FromSeconds(30),
        MaxBatchFrames = maxBatchFrames,
    }));

    private IEnumerable<RedisServer> Masters()
    {
        string nodes = _cluster!.Servers.First(s => s.IsRunning).Command("CLUSTER", "NODES");
        var ports = nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains("master", StringComparison.Ordinal) && !l.Contains("fail", StringComparison.Ordinal))
            .Select(l => int.Parse(l.Split(' ')[1].Split('@')[0].Split(':')[1], CultureInfo.InvariantCulture))
            .ToHashSet();
        return _cluster.Servers.Where(s => s.IsRunning && ports.Contains(s.Port));
    }

    private Dictionary<string, long> SpublishCallsPerMaster() => Masters().ToDictionary(m => m.Endpoint, m =>
    {
        string? line = m.Command("INFO", "commandstats").Split('\n').FirstOrDefault(l => l.StartsWith("cmdstat_spublish:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(':')[1].Split(',')[0].Split('=')[1], CultureInfo.InvariantCulture);
    });
}
