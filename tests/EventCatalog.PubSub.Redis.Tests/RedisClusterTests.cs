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
    private static readonly Events.Category[] s_categories = Enum.GetValues<Events.Category>();
    private RedisCluster? _cluster;

    [OneTimeSetUp]
    public void StartCluster() => _cluster = RedisCluster.Start(masters: 3, replicasPerMaster: 1);

    [OneTimeTearDown]
    public void StopCluster() => _cluster?.Dispose();

    [Test]
    public async Task On_a_cluster_the_bus_spreads_over_16_sharded_channels_and_no_master_carries_more_than_1_5_times_its_share()
    {
        await using var nodes = await Nodes.StartAsync(_cluster!, "split");
        Assert.That(nodes.Buses.Select(b => b.ShardCount), Is.All.EqualTo(RedisPubSubOptions.DefaultClusterShards), "a cluster is detected");
        Assert.That(nodes.Buses[0].Channels, Has.Count.EqualTo(16));
        Assert.That(nodes.Buses[0].Destination, Does.StartWith("Redis sharded channels \"eventcatalog:pubsub:split:0{"));
        Dictionary<string, long> before = SpublishCallsPerMaster();

        await nodes.PublishAsync(perNode: 7_000, perSecond: 0);
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
        await using var nodes = await Nodes.StartAsync(_cluster!, "failover");
        Task publishing = nodes.PublishAsync(perNode: 20_000, perSecond: 2_000);
        await Task.Delay(TimeSpan.FromSeconds(2));
        RedisServer master = Masters().First();
        long killedAt = Environment.TickCount64;
        master.Kill();
        await Within(publishing);

        Assert.That(await Eventually(() => nodes.Buses.All(b => b.State == NodePubSubState.Connected), 30), Is.True, "every node resubscribed");
        await nodes.SettleAsync();
        foreach ((RedisPubSub bus, int index) in nodes.Buses.Select((b, i) => (b, i)))
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

    /// <summary>Three buses, each subscribed to the seven topics, counting what each receives from each origin.</summary>
    private sealed class Nodes : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<(int Receiver, string Origin), long> _received = new();
        private readonly List<Task> _readers = new();
        private readonly long[] _published = new long[3];
        private long _failed;

        private Nodes(List<RedisPubSub> buses)
        {
            Buses = buses;
            Restored = new long[buses.Count];
        }

        public List<RedisPubSub> Buses { get; }

        public long[] Restored { get; }

        public long Failed => Interlocked.Read(ref _failed);

        public static async Task<Nodes> StartAsync(RedisCluster cluster, string bus)
        {
            var buses = new List<RedisPubSub>();
            for (int i = 0; i < 3; i++)
            {
                buses.Add(await RedisPubSub.ConnectAsync(cluster.Configuration, RedisFixture.Codec, new RedisPubSubOptions
                {
                    BusName = bus,
                    NodeName = $"n{i}-{bus}@test",
                    SubscriberCapacity = 1 << 17,
                    PublishTimeout = TimeSpan.FromSeconds(30),
                }));
            }

            var nodes = new Nodes(buses);
            for (int i = 0; i < buses.Count; i++)
            {
                int index = i;
                buses[i].ConnectionRestored += (_, _) => nodes.Restored[index] = Environment.TickCount64;
                foreach (Events.Category category in s_categories)
                {
                    ISubscription subscription = buses[i].Subscribe(Events.BuildTopic("store_a", category));
                    nodes._readers.Add(Task.Run(async () =>
                    {
                        await foreach (object message in subscription)
                        {
                            string node = Origin(((IEventPayload)message).Event.Data!);
                            nodes._received.AddOrUpdate((index, node), 1, (_, n) => n + 1);
                        }
                    }));
                }
            }

            return nodes;
        }

        public long RestoredAfter(int index, long at) => Restored[index] == 0 ? -1 : Restored[index] - at;

        /// <summary>Every node publishes <paramref name="perNode"/> events round the seven topics (paced, or 256 in flight).</summary>
        public Task PublishAsync(int perNode, int perSecond) => Task.WhenAll(Buses.Select((bus, index) => Task.Run(async () =>
        {
            var pending = new Queue<Task>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int n = 0; n < perNode; n++)
            {
                if (perSecond > 0 && n * 1000.0 / perSecond > clock.Elapsed.TotalMilliseconds + 1)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(n * 1000.0 / perSecond - clock.Elapsed.TotalMilliseconds));
                }

                Events.Category category = s_categories[n % s_categories.Length];
                object payload = Payload(category, bus.NodeName);
                pending.Enqueue(bus.BroadcastAsync(Events.BuildTopic("store_a", category), payload).AsTask());
                while (pending.Count >= 256)
                {
                    await Count(pending.Dequeue(), index);
                }
            }

            while (pending.Count > 0)
            {
                await Count(pending.Dequeue(), index);
            }
        })));

        /// <summary>Frames from the others that receiver <paramref name="index"/> has not received.</summary>
        public long Missing(int index) => Enumerable.Range(0, Buses.Count).Where(o => o != index)
            .Sum(o => _published[o] - _received.GetValueOrDefault((index, Buses[o].NodeName)));

        public async Task WaitForAllAsync() =>
            Assert.That(await Eventually(() => Enumerable.Range(0, Buses.Count).All(i => Missing(i) == 0), 30), Is.True, "every node received every other node's frames");

        /// <summary>Waits until nothing more arrives (late frames of the others).</summary>
        public async Task SettleAsync()
        {
            long last = -1;
            while (true)
            {
                long now = _received.Values.Sum();
                if (now == last && Buses.All(b => b.OutboundQueueDepth == 0))
                {
                    return;
                }

                last = now;
                await Task.Delay(500);
            }
        }

        public void AssertNothingLost()
        {
            foreach (RedisPubSub bus in Buses)
            {
                Assert.That(bus.GetStatistics().Lost, Is.Zero, bus.NodeName);
                Assert.That(bus.GetStatistics().Dropped, Is.Zero, bus.NodeName);
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (RedisPubSub bus in Buses)
            {
                await bus.DisposeAsync();
            }

            await Task.WhenAny(Task.WhenAll(_readers), Task.Delay(5000));
        }

        private async Task Count(Task publish, int index)
        {
            try
            {
                await publish;
                Interlocked.Increment(ref _published[index]);
            }
            catch (TimeoutException)
            {
                Interlocked.Increment(ref _failed);
            }
        }

        private static object Payload(Events.Category category, string node) => category switch
        {
            Events.Category.System => Events.BuildPayload(new SubsystemStarting(node), "store_a"),
            Events.Category.Cluster => Events.BuildPayload(new NodeDiscovered(node), "store_a"),
            Events.Category.Leadership => Events.BuildPayload(new LeaderDetected(node), "store_a"),
            Events.Category.Persistence => Events.BuildPayload(new PersistenceRequested(node), "store_a"),
            Events.Category.Gateway => Events.BuildPayload(new GatewayWorkerStarted(node), "store_a"),
            Events.Category.Coordination => Events.BuildPayload(new CoordinatorWaiting(node), "store_a"),
            _ => Events.BuildPayload(new SubscriptionRegistered(node), "store_a"),
        };

        private static string Origin(object data) => data switch
        {
            SubsystemStarting d => d.Subsystem,
            NodeDiscovered d => d.Node,
            LeaderDetected d => d.Leader,
            PersistenceRequested d => d.StreamId!,
            GatewayWorkerStarted d => d.Worker,
            CoordinatorWaiting d => d.Node,
            SubscriptionRegistered d => d.SubscriptionName,
            _ => throw new InvalidOperationException("unexpected " + data.GetType()),
        };
    }
}
