using System;
using System.Linq;
using System.Threading.Tasks;
using EventCatalog.LocalServers;
using EventCatalog.PubSub.Redis.Tests;
using NUnit.Framework;
using static EventCatalog.PubSub.Redis.Tests.TestKit;

namespace EventCatalog.PubSub.Nats.Tests;

/// <summary>
/// The bus on a real NATS cluster on loopback: three nats-servers routed together (tools/EventCatalog.LocalServers), one node
/// (a bus on a connection of its own) per server, each given only its own server's URL and learning the others from the
/// cluster (INFO <c>connect_urls</c>).
/// </summary>
[NonParallelizable]
public sealed class NatsClusterTests
{
    private NatsCluster _cluster = null!;

    [SetUp]
    public void StartCluster() => _cluster = NatsCluster.Start(3);

    [TearDown]
    public void StopCluster() => _cluster.Dispose();

    [Test]
    public async Task One_node_per_routed_server_100000_messages_across_the_cluster_nothing_lost()
    {
        await using BusNodes nodes = await StartAsync("routed");
        await Within(nodes.PublishAsync(total: 100_000, perSecond: 0));
        await nodes.WaitForAllAsync();
        nodes.AssertNothingLost();
        Assert.That(nodes.Failed, Is.Zero);
        Assert.That(nodes.Buses.Sum(b => b.GetStatistics().Published), Is.EqualTo(100_000));
    }

    [Test]
    public async Task A_server_killed_mid_stream_its_node_reconnects_to_another_and_every_node_reports_exactly_what_it_lost()
    {
        await using BusNodes nodes = await StartAsync("killed");
        Task publishing = nodes.PublishAsync(total: 30_000, perSecond: 2_000);
        await Task.Delay(TimeSpan.FromSeconds(2));
        long killedAt = Environment.TickCount64;
        _cluster.Servers[0].Kill();
        await Within(publishing);

        Assert.That(await Eventually(() => nodes.Buses.All(b => b.State == NodePubSubState.Connected), 30), Is.True, "every node is connected");
        await nodes.SettleAsync();
        Assert.That(nodes.Restored[0], Is.GreaterThan(0), "the killed server's node raised ConnectionRestored (on another server)");
        for (int index = 0; index < nodes.Buses.Count; index++)
        {
            NodePubSub bus = nodes.Buses[index];
            long actual = nodes.Missing(index);
            NodePubSubStatistics stats = bus.GetStatistics();
            TestContext.Out.WriteLine($"{bus.NodeName}: lost {stats.Lost} (actual {actual}); restored {nodes.RestoredAfter(index, killedAt)} ms after the kill; {stats}");
            Assert.That(stats.Lost, Is.EqualTo(actual), bus.NodeName + ": reported loss == published - received");
        }

        Assert.That(nodes.Failed, Is.Zero, "no publish failed (the bus retried across the reconnect)");
    }

    private Task<BusNodes> StartAsync(string bus) => BusNodes.StartAsync(bus, async (index, node) => await NatsPubSub.ConnectAsync(_cluster.Servers[index].Url, ExESDB.Events.Codec, new NatsPubSubOptions
    {
        BusName = bus,
        NodeName = node,
        SubscriberCapacity = 1 << 17,
        PublishTimeout = TimeSpan.FromSeconds(30),
    }));
}
