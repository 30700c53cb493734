using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.LocalServers;
using ExESDB;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NUnit.Framework;

namespace EventCatalog.PubSub.Nats.Tests;

/// <summary>One nats-server for the fixture (the fault tests start their own), started on a free loopback port.</summary>
[NonParallelizable]
public sealed class NatsPubSubTests
{
    private const string Store = "store_a";
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(30);
    private NatsServer _server = null!;
    private readonly List<IAsyncDisposable> _disposables = new();
    private string _bus = string.Empty;

    [OneTimeSetUp]
    public void StartServer() => _server = NatsServer.Start();

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

    [SetUp]
    public void NewBusName() => _bus = "t" + Guid.NewGuid().ToString("N");

    [TearDown]
    public async Task DisposeAll()
    {
        foreach (IAsyncDisposable disposable in _disposables.AsEnumerable().Reverse())
        {
            await disposable.DisposeAsync();
        }

        _disposables.Clear();
    }

    [Test]
    public async Task Two_nodes_exchange_a_payload_on_the_bus_subject_and_nothing_else_is_subscribed()
    {
        NatsPubSub a = await Bus("a@test");
        NatsPubSub b = await Bus("b@test");
        Assert.That(a.Subject, Is.EqualTo("eventcatalog.pubsub." + _bus));
        Assert.That(a.Destination, Is.EqualTo("NATS subject \"eventcatalog.pubsub." + _bus + "\""));
        using ISubscription subscription = b.Subscribe(Events.Topics.Cluster(Store));
        await a.BroadcastAsync(Events.Topics.Cluster(Store), Events.BuildPayload(new NodeDiscovered("n1"), Store));
        object received = await Next(subscription);
        Assert.That(((IEventPayload)received).Event.Data, Is.EqualTo(new NodeDiscovered("n1")));
        Assert.That(b.GetStatistics().Received, Is.EqualTo(1));
    }

    [Test]
    public async Task Topics_with_NATS_wildcards_travel_inside_the_frame_on_the_one_literal_subject()
    {
        await using NatsConnection raw = await Raw();
        var subjects = new ConcurrentQueue<string>();
        // Everything under the prefix: only the bus's own subject may ever appear. Subscribed (SUB sent, PING answered)
        // before any bus publishes, so nothing can pass unseen.
        await using INatsSub<byte[]> everything = await raw.SubscribeCoreAsync<byte[]>("eventcatalog.>");
        await raw.PingAsync();
        await Task.Delay(100);
        NatsPubSub a = await Bus("a@test");
        NatsPubSub b = await Bus("b@test");
        string topic = "free.*.topic.>";
        using ISubscription subscription = b.Subscribe(topic);
        using ISubscription other = b.Subscribe("free.x.topic.y");
        await a.BroadcastAsync(topic, Events.BuildPayload(new NodeDiscovered("n1"), Store));
        Assert.That(await Next(subscription), Is.InstanceOf<IEventPayload>());
        await a.BroadcastAsync("free.x.topic.y", Events.BuildPayload(new NodeDiscovered("n2"), Store));
        Assert.That(((IEventPayload)await Next(other)).Event.Data, Is.EqualTo(new NodeDiscovered("n2")), "the wildcard topic's subscriber did not get a concrete topic's message");
        // Both frames went through the server before they reached b, so they are in the raw subscription's queue by now.
        Assert.That(await EventCatalog.PubSub.Redis.Tests.TestKit.Eventually(() =>
        {
            while (everything.Msgs.TryRead(out NatsMsg<byte[]> msg))
            {
                subjects.Enqueue(msg.Subject);
            }

            return subjects.Count >= 2;
        }), Is.True, "the raw subscription saw the bus's frames");
        Assert.That(subjects.Distinct(), Is.EqualTo(new[] { a.Subject }));
    }

    [TestCase("orders.eu", "'.'")]
    [TestCase("orders*", "'*', a NATS wildcard")]
    [TestCase(">", "'>', a NATS wildcard")]
    [TestCase("my bus", "white space")]
    [TestCase("bus\u0007", "a control character (U+0007)")]
    [TestCase("büs", "'ü'")]
    public void A_bus_name_that_is_not_one_literal_token_is_refused_naming_the_character_and_position(string busName, string what)
    {
        var ex = Assert.ThrowsAsync<ArgumentException>(async () => await NatsPubSub.ConnectAsync(_server.Url, Events.Codec, new NatsPubSubOptions { BusName = busName }));
        Assert.That(ex!.Message, Does.Contain("NatsPubSubOptions.BusName").And.Contain(what).And.Contain("at position"));
    }

    [TestCase("eventcatalog..", "empty NATS subject token at position 13")]
    [TestCase(".a.", "empty NATS subject token at position 0")]
    [TestCase("a.>.", "'>', a NATS wildcard at position 2")]
    [TestCase("a.*.", "'*', a NATS wildcard at position 2")]
    [TestCase("nodot", "must be empty or end with '.'")]
    public void A_subject_prefix_with_wildcards_or_empty_tokens_is_refused(string prefix, string what)
    {
        var ex = Assert.ThrowsAsync<ArgumentException>(async () => await NatsPubSub.ConnectAsync(_server.Url, Events.Codec, new NatsPubSubOptions { SubjectPrefix = prefix }));
        Assert.That(ex!.Message, Does.Contain("NatsPubSubOptions.SubjectPrefix").And.Contain(what));
    }

    [Test]
    public async Task An_empty_prefix_makes_the_bus_name_the_subject()
    {
        NatsPubSub a = await Bus("a@test", o => o.SubjectPrefix = string.Empty);
        Assert.That(a.Subject, Is.EqualTo(_bus));
    }

    [Test]
    public async Task The_servers_max_payload_is_the_frame_limit_a_larger_publish_is_refused_before_it_reaches_the_server()
    {
        using NatsServer small = NatsServer.Start(new NatsServerOptions { MaxPayload = 4096 });
        NatsPubSub a = await Bus("a@test", server: small.Url);
        NatsPubSub b = await Bus("b@test", server: small.Url);
        using ISubscription subscription = b.Subscribe(Events.Topics.Cluster(Store));
        var big = Events.BuildPayload(new NodeDiscovered(new string('x', 5000)), Store);
        var ex = Assert.ThrowsAsync<ArgumentException>(async () => await a.BroadcastAsync(Events.Topics.Cluster(Store), big));
        Assert.That(ex!.Message, Does.Contain("4096"));
        await a.BroadcastAsync(Events.Topics.Cluster(Store), Events.BuildPayload(new NodeDiscovered("fits"), Store));
        Assert.That(((IEventPayload)await Next(subscription)).Event.Data, Is.EqualTo(new NodeDiscovered("fits")));
        Assert.That(a.State, Is.EqualTo(NodePubSubState.Connected), "the server never saw the oversize frame, so it never closed the connection");
    }

    [Test]
    public async Task Garbage_published_on_the_subject_by_anyone_is_dropped_and_counted_and_delivers_nothing()
    {
        NatsPubSub b = await Bus("b@test");
        using ISubscription subscription = b.Subscribe(Events.Topics.Cluster(Store));
        await using NatsConnection raw = await Raw();
        await raw.PublishAsync(b.Subject, Encoding.UTF8.GetBytes("not a frame at all"));
        await raw.PublishAsync(b.Subject, Array.Empty<byte>());
        await raw.PingAsync();
        Assert.That(await EventCatalog.PubSub.Redis.Tests.TestKit.Eventually(() => b.GetStatistics().Rejected.Values.Sum() == 2), Is.True, b.GetStatistics().ToString());
        Assert.That(b.GetStatistics().Rejected[FrameRejectReason.Malformed], Is.EqualTo(2));
        Assert.That(b.GetStatistics().Delivered, Is.Zero);
    }

    [Test]
    public async Task The_server_restarted_the_bus_reports_the_outage_and_is_connected_again()
    {
        using NatsServer own = NatsServer.Start();
        NatsPubSub a = await Bus("a@test", server: own.Url);
        NatsPubSub b = await Bus("b@test", server: own.Url);
        var lost = new TaskCompletionSource<NodeConnectionEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var restored = new TaskCompletionSource<NodeConnectionEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.ConnectionLost += (_, e) => lost.TrySetResult(e);
        b.ConnectionRestored += (_, e) => restored.TrySetResult(e);
        using ISubscription subscription = b.Subscribe(Events.Topics.Cluster(Store));
        own.Stop();
        NodeConnectionEventArgs down = await lost.Task.WaitAsync(s_guard);
        Assert.That(b.State, Is.EqualTo(NodePubSubState.Disconnected));
        Assert.That(down.Error, Does.Contain("NATS"));
        own.Restart();
        NodeConnectionEventArgs up = await restored.Task.WaitAsync(s_guard);
        Assert.That(up.Outage, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(b.State, Is.EqualTo(NodePubSubState.Connected));
        await a.BroadcastAsync(Events.Topics.Cluster(Store), Events.BuildPayload(new NodeDiscovered("after"), Store));
        Assert.That(((IEventPayload)await Next(subscription)).Event.Data, Is.EqualTo(new NodeDiscovered("after")));
    }

    [Test]
    public async Task On_an_applications_connection_the_bus_leaves_it_open_and_a_connection_without_echo_is_refused()
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = _server.Url });
        NatsPubSub bus = await NatsPubSub.CreateAsync(connection, Events.Codec, new NatsPubSubOptions { BusName = _bus, NodeName = "app@test" });
        await bus.DisposeAsync();
        Assert.That(connection.ConnectionState, Is.EqualTo(NatsConnectionState.Open));
        await connection.PingAsync();

        await using var noEcho = new NatsConnection(new NatsOpts { Url = _server.Url, Echo = false });
        var ex = Assert.ThrowsAsync<ArgumentException>(async () => await NatsPubSub.CreateAsync(noEcho, Events.Codec));
        Assert.That(ex!.Message, Does.Contain("Echo"));
    }

    [Test]
    public async Task Three_routed_servers_carry_the_bus_between_nodes_on_different_servers()
    {
        using NatsCluster cluster = NatsCluster.Start(3);
        NatsPubSub[] buses = new NatsPubSub[3];
        for (int i = 0; i < 3; i++)
        {
            buses[i] = await Bus($"n{i}@test", server: cluster.Servers[i].Url);
        }

        // NATS carries a subscription's interest over the routes only after it is made: a frame published before a remote server
        // knows of a node's subscription finds no interest there and is dropped (the receivers count it lost at the next
        // heartbeat). So each node says hello until every node has heard every node, and only then do the counted messages go.
        var hellos = buses.Select(b => b.Subscribe(Events.Topics.Cluster(Store))).ToArray();
        IAsyncEnumerator<object>[] hello = hellos.Select(s => s.GetAsyncEnumerator()).ToArray();
        var heard = buses.Select(_ => new HashSet<string>()).ToArray();
        var pending = new Task<bool>?[3];
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (heard.Any(h => h.Count < 3))
        {
            Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "the routes carry every node's hello within 20 s");
            for (int i = 0; i < 3; i++)
            {
                await buses[i].BroadcastAsync(Events.Topics.Cluster(Store), Events.BuildPayload(new NodeDiscovered("hello" + i), Store));
            }

            await Task.Delay(100);
            for (int k = 0; k < 3; k++)
            {
                while ((pending[k] ??= hello[k].MoveNextAsync().AsTask()).IsCompleted && pending[k]!.Result)
                {
                    heard[k].Add(((NodeDiscovered)((IEventPayload)hello[k].Current).Event.Data!).Node);
                    pending[k] = null;
                }
            }
        }

        foreach (ISubscription subscription in hellos)
        {
            subscription.Dispose();
        }

        ISubscription[] subscriptions = buses.Select(b => b.Subscribe(Events.Topics.Cluster(Store))).ToArray();
        for (int i = 0; i < 3; i++)
        {
            await buses[i].BroadcastAsync(Events.Topics.Cluster(Store), Events.BuildPayload(new NodeDiscovered("from" + i), Store));
        }

        foreach (ISubscription subscription in subscriptions)
        {
            List<object> got = await Read(subscription, 3);
            Assert.That(got.Select(m => ((NodeDiscovered)((IEventPayload)m).Event.Data!).Node).OrderBy(x => x), Is.EqualTo(new[] { "from0", "from1", "from2" }));
            subscription.Dispose();
        }
    }

    [Test]
    public async Task With_Shards_a_bus_spreads_its_topics_over_that_many_literal_subjects_each_topic_on_one_and_nothing_else_is_used()
    {
        await using NatsConnection raw = await Raw();
        await using INatsSub<byte[]> everything = await raw.SubscribeCoreAsync<byte[]>("eventcatalog.>");
        await raw.PingAsync();
        NatsPubSub a = await Bus("a@test", o => o.Shards = 8);
        NatsPubSub b = await Bus("b@test", o => o.Shards = 8);
        string stem = "eventcatalog.pubsub." + _bus;
        Assert.That(a.Subjects, Is.EqualTo(Enumerable.Range(0, 8).Select(i => stem + "." + i).ToArray()));
        Assert.That(a.Destination, Is.EqualTo("NATS subjects \"" + stem + ".0\" … \"" + stem + ".7\" (8)"));
        Assert.That(a.ShardCount, Is.EqualTo(8));

        string[] topics = Enumerable.Range(0, 32).Select(i => "topic-" + i).ToArray();
        var subscriptions = topics.Select(t => b.Subscribe(t)).ToArray();
        for (int round = 0; round < 3; round++)
        {
            foreach (string topic in topics)
            {
                await a.BroadcastAsync(topic, Events.BuildPayload(new NodeDiscovered(topic + "/" + round), Store));
            }
        }

        for (int i = 0; i < topics.Length; i++)
        {
            List<object> got = await Read(subscriptions[i], 3);
            Assert.That(got.Select(m => ((NodeDiscovered)((IEventPayload)m).Event.Data!).Node), Is.EqualTo(new[] { topics[i] + "/0", topics[i] + "/1", topics[i] + "/2" }), "each topic's messages arrive in order");
        }

        var seen = new List<NatsMsg<byte[]>>();
        Assert.That(await EventCatalog.PubSub.Redis.Tests.TestKit.Eventually(() =>
        {
            while (everything.Msgs.TryRead(out NatsMsg<byte[]> msg))
            {
                seen.Add(msg);
            }

            return seen.Count(m => m.Data is { Length: > 3 } d && d[3] is 1 or 5) >= 1 && b.GetStatistics().Received == 96;
        }), Is.True);
        Assert.That(seen.Select(m => m.Subject).Distinct(), Is.SubsetOf(a.Subjects), "only the bus's own subjects");
        var eventSubjects = seen.Where(m => m.Data is { Length: > 3 } d && d[3] is 1 or 5).Select(m => m.Subject).Distinct().ToList();
        Assert.That(eventSubjects, Has.Count.GreaterThan(1), "the topics are spread over several subjects");
        foreach (string topic in topics)
        {
            Assert.That(a.ShardOf(topic, new NodeDiscovered("x")), Is.InRange(0, 7));
        }

        Assert.That(b.GetStatistics().Lost, Is.Zero);
        Assert.That(b.GetStatistics().Rejected.Values.Sum(), Is.Zero);
    }

    [TestCase(0)]
    [TestCase(257)]
    [TestCase(-1)]
    public void Shards_out_of_range_are_refused_naming_the_option(int shards)
    {
        var ex = Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await NatsPubSub.ConnectAsync(_server.Url, Events.Codec, new NatsPubSubOptions { BusName = _bus, Shards = shards }));
        Assert.That(ex!.Message, Does.Contain("NatsPubSubOptions.Shards"));
    }

    private async Task<NatsPubSub> Bus(string node, Action<NatsPubSubOptions>? configure = null, string? server = null)
    {
        var options = new NatsPubSubOptions { BusName = _bus, NodeName = node, PublishTimeout = TimeSpan.FromSeconds(10), SubscriberCapacity = 1 << 14 };
        configure?.Invoke(options);
        NatsPubSub bus = await NatsPubSub.ConnectAsync(server ?? _server.Url, Events.Codec, options).WaitAsync(s_guard);
        _disposables.Add(bus);
        return bus;
    }

    private async Task<NatsConnection> Raw()
    {
        var raw = new NatsConnection(new NatsOpts { Url = _server.Url });
        await raw.ConnectAsync();
        return raw;
    }

    /// <summary>The subscription's next message (ending the enumeration unsubscribes: one read per subscription).</summary>
    internal static async Task<object> Next(ISubscription subscription) => (await Read(subscription, 1))[0];

    /// <summary>The subscription's next <paramref name="count"/> messages, then the enumeration ends (which unsubscribes).</summary>
    internal static async Task<List<object>> Read(ISubscription subscription, int count)
    {
        var messages = new List<object>();
        await using IAsyncEnumerator<object> reader = subscription.GetAsyncEnumerator();
        while (messages.Count < count)
        {
            Assert.That(await reader.MoveNextAsync().AsTask().WaitAsync(s_guard), Is.True, "the subscription ended");
            messages.Add(reader.Current);
        }

        return messages;
    }
}
