using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using EventCatalog.LocalServers;
using ExESDB;
using NUnit.Framework;
using static EventCatalog.PubSub.Redis.Tests.TestKit;

namespace EventCatalog.PubSub.Nats.Tests;

/// <summary>
/// <see cref="ShardSubscription.Needed"/> on a real nats-server with 8 subjects: what the server's monitoring endpoint says each
/// connection is subscribed to (<c>/connz?subs=1</c>), and what a node receives.
/// </summary>
[NonParallelizable]
public sealed class NatsShardSubscriptionTests
{
    private const int Shards = 8;
    private readonly int _monitorPort = LocalServer.FreePort();
    private NatsServer _server = null!;
    private readonly List<NatsPubSub> _buses = new();
    private string _bus = string.Empty;

    [OneTimeSetUp]
    public void StartServer() => _server = NatsServer.Start(new NatsServerOptions { Extra = "http: \"127.0.0.1:" + _monitorPort.ToString(CultureInfo.InvariantCulture) + "\"" });

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

    [SetUp]
    public void NewBusName() => _bus = "needed" + Guid.NewGuid().ToString("N");

    [TearDown]
    public async Task DisposeAll()
    {
        foreach (NatsPubSub bus in _buses)
        {
            await bus.DisposeAsync();
        }

        _buses.Clear();
    }

    [Test]
    public async Task A_node_subscribed_to_one_topic_SUBs_shard_0_and_that_topics_subject_only_and_receives_nothing_of_the_others()
    {
        NatsPubSub a = await Bus("a@" + _bus, ShardSubscription.All);
        NatsPubSub b = await Bus("b@" + _bus, ShardSubscription.Needed);
        Assert.That(await SubjectsOf("a@" + _bus), Is.EquivalentTo(a.Subjects), "a (All) is on every subject");
        Assert.That(await SubjectsOf("b@" + _bus), Is.EquivalentTo(new[] { b.Subjects[0] }), "b starts on shard 0 alone");

        string cluster = Events.Topics.Cluster("store_a");
        using ISubscription subscription = await b.SubscribeAsync(cluster);
        int[] needed = new[] { 0, b.ShardOf(cluster, new NodeDiscovered("x")) }.Distinct().OrderBy(s => s).ToArray();
        Assert.That(b.ReceivedShards, Is.EqualTo(needed));
        Assert.That(await SubjectsOf("b@" + _bus), Is.EquivalentTo(needed.Select(s => b.Subjects[s])), "/connz: b is subscribed to shard 0's subject and the topic's, nothing else");

        var sent = new List<(string Topic, object Payload)>();
        foreach (string store in new[] { "store_a", "store_b" })
        {
            foreach (Events.Category category in Enum.GetValues(typeof(Events.Category)))
            {
                for (int i = 0; i < 10; i++)
                {
                    sent.Add((Events.BuildTopic(store, category), EventCatalog.PubSub.Redis.Tests.BusNodes.Payload(category, "a", store)));
                }
            }
        }

        await Within(Task.WhenAll(sent.Select(s => a.BroadcastAsync(s.Topic, s.Payload).AsTask())));
        long onNeeded = sent.Count(s => needed.Contains(a.ShardOf(s.Topic, s.Payload)));
        Assert.That(await Eventually(() => b.GetStatistics().Received >= onNeeded), Is.True, b.GetStatistics().ToString());
        await Task.Delay(300);
        NodePubSubStatistics stats = b.GetStatistics();
        TestContext.Out.WriteLine($"a sent {sent.Count} frames, {onNeeded} on b's shards {string.Join(",", needed)}; b: {stats}");
        Assert.That(stats.Received, Is.EqualTo(onNeeded), "every frame of b's subjects, and not one of the others");
        Assert.That(stats.Delivered, Is.EqualTo(10));
        Assert.That(stats.Lost, Is.Zero);
        Assert.That(stats.Rejected.Values.Sum(), Is.Zero, stats.ToString());

        subscription.Dispose();
        Assert.That(await EventuallyAsync(async () => (await SubjectsOf("b@" + _bus)).SequenceEqual(new[] { b.Subjects[0] })), Is.True, "UNSUB once the last subscription went");
        Assert.That(b.ReceivedShards, Is.EqualTo(new[] { 0 }));
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        DateTime end = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > end)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>
    /// The subjects the connection named <paramref name="name"/> is subscribed to, as the server's <c>/connz?subs=1</c> says, but
    /// NATS.Net's own request-reply inbox (<c>_INBOX.…</c>).
    /// </summary>
    private async Task<string[]> SubjectsOf(string name)
    {
        using var http = new HttpClient();
        string json = await http.GetStringAsync("http://127.0.0.1:" + _monitorPort.ToString(CultureInfo.InvariantCulture) + "/connz?subs=1&limit=1024");
        using JsonDocument document = JsonDocument.Parse(json);
        foreach (JsonElement connection in document.RootElement.GetProperty("connections").EnumerateArray())
        {
            if (connection.TryGetProperty("name", out JsonElement n) && n.GetString() == name)
            {
                return connection.TryGetProperty("subscriptions_list", out JsonElement subs) ? subs.EnumerateArray().Select(s => s.GetString()!).Where(s => !s.StartsWith("_INBOX.", StringComparison.Ordinal)).OrderBy(s => s, StringComparer.Ordinal).ToArray() : Array.Empty<string>();
            }
        }

        Assert.Fail("no connection named " + name + " in /connz");
        return Array.Empty<string>();
    }

    private async Task<NatsPubSub> Bus(string node, ShardSubscription shards)
    {
        NatsPubSub bus = await NatsPubSub.ConnectAsync(_server.Url, Events.Codec, new NatsPubSubOptions { BusName = _bus, NodeName = node, Shards = Shards, ShardSubscription = shards });
        _buses.Add(bus);
        return bus;
    }
}
