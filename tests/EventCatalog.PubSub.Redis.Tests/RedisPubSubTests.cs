using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ExESDB;
using EventCatalog.LocalServers;
using NUnit.Framework;
using StackExchange.Redis;
using EventCatalog.PubSub.Conformance.Tests;
using static EventCatalog.PubSub.Redis.Tests.TestKit;

namespace EventCatalog.PubSub.Redis.Tests;

/// <summary>What only a multi-node bus has: several buses (each its own connection, as separate nodes) on one real redis-server.</summary>
public sealed partial class RedisPubSubTests
{
    private static int s_bus;
    private readonly List<RedisPubSub> _buses = new();
    private ConnectionMultiplexer? _admin;
    private string _busName = "";

    private static string Cluster => Events.Topics.Cluster("store_a");

    private static string Persistence => Events.Topics.Persistence("store_a");

    private IDatabase Admin => _admin!.GetDatabase();

    [SetUp]
    public async Task Connect()
    {
        _busName = "nodes-" + Interlocked.Increment(ref s_bus);
        _admin = await ConnectionMultiplexer.ConnectAsync(RedisFixture.Server.Endpoint + ",allowAdmin=true");
    }

    [TearDown]
    public async Task DisposeAll()
    {
        foreach (RedisPubSub bus in _buses)
        {
            await bus.DisposeAsync();
        }

        _buses.Clear();
        await _admin!.DisposeAsync();
    }

    private async Task<RedisPubSub> Node(string name, Action<RedisPubSubOptions>? configure = null)
    {
        var options = new RedisPubSubOptions { BusName = _busName, NodeName = name };
        configure?.Invoke(options);
        RedisPubSub bus = await RedisPubSub.ConnectAsync(RedisFixture.Server.Endpoint, RedisFixture.Codec, options);
        _buses.Add(bus);
        return bus;
    }

    private long PublishCalls()
    {
        string info = Admin.Execute("INFO", "commandstats").ToString();
        string? line = info.Split('\n').FirstOrDefault(l => l.StartsWith("cmdstat_publish:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(':')[1].Split(',')[0].Split('=')[1]);
    }

    /// <summary>SPEC §12 on the node bus: the PRODUCER span's context travels in the frame, and the receiving node's CONSUMER span is its child (one trace across nodes).</summary>
    [Test]
    public async Task A_publish_to_another_node_is_one_trace_a_PRODUCER_span_there_and_a_CONSUMER_span_child_of_it_here()
    {
        string a = "a-" + Guid.NewGuid().ToString("N") + "@test", b = "b-" + Guid.NewGuid().ToString("N") + "@test";
        var stopped = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == EventCatalogTelemetry.ActivitySourceName,
            Sample = static (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("messaging.client.id") is string node && (node == a || node == b))
                {
                    stopped.Enqueue(activity);
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        RedisPubSub busA = await Node(a);
        RedisPubSub busB = await Node(b);
        IAsyncEnumerator<object> reader = busB.Subscribe(Persistence).GetAsyncEnumerator();
        var payload = Events.BuildPayload(new EventsPersisted(StreamId: "orders", EventCount: 5), "store_a");
        await busA.BroadcastAsync(Persistence, payload);
        await busA.BroadcastAsync(Persistence, new EventsPersisted("invoices", 2));
        List<object> received = await Within(Read(reader, 2));

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (stopped.Count < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        System.Diagnostics.Activity[] producers = stopped.Where(s => s.Kind == System.Diagnostics.ActivityKind.Producer).OrderBy(s => s.StartTimeUtc).ToArray();
        System.Diagnostics.Activity[] consumers = stopped.Where(s => s.Kind == System.Diagnostics.ActivityKind.Consumer).OrderBy(s => s.StartTimeUtc).ToArray();
        Assert.That(producers.Select(p => p.GetTagItem("messaging.client.id")), Is.EqualTo(new[] { a, a }), "no local subscriber on a: no CONSUMER span there");
        Assert.That(consumers.Select(c => c.GetTagItem("messaging.client.id")), Is.EqualTo(new[] { b, b }));
        for (int i = 0; i < 2; i++)
        {
            Assert.That(consumers[i].TraceId, Is.EqualTo(producers[i].TraceId));
            Assert.That(consumers[i].ParentSpanId, Is.EqualTo(producers[i].SpanId));
            Assert.That(consumers[i].Links.Single().Context.SpanId, Is.EqualTo(producers[i].SpanId));
            Assert.That(consumers[i].GetTagItem("messaging.message.id"), Is.EqualTo(producers[i].GetTagItem("messaging.message.id")).And.Not.Null, "a bare record gets its id when it is encoded");
            foreach (var span in new[] { producers[i], consumers[i] })
            {
                Assert.That(span.GetTagItem("messaging.system"), Is.EqualTo("redis"));
                Assert.That(span.GetTagItem("messaging.destination.name"), Is.EqualTo(Persistence));
                Assert.That(span.GetTagItem("messaging.destination.template"), Is.EqualTo(Events.Topics.Template.Replace("{category}", "persistence")));
            }

            Assert.That(consumers[i].GetTagItem("eventcatalog.subscribers"), Is.EqualTo(1));
        }

        Assert.That(producers[0].GetTagItem("messaging.message.id"), Is.EqualTo(payload.Event.EventId));
        var copy = (IEventPayload)received[0];
        Assert.That(copy.Event.TraceParent, Is.EqualTo(producers[0].Id), "the frame carried the PRODUCER span's traceparent");
    }

    [Test]
    public async Task Payloads_envelopes_and_records_reach_other_nodes_as_typed_copies()
    {
        RedisPubSub a = await Node("a@test");
        RedisPubSub b = await Node("b@test");
        IAsyncEnumerator<object> reader = b.Subscribe(Persistence).GetAsyncEnumerator();
        var payload = Events.BuildPayload(new EventsPersisted(StreamId: "orders", EventCount: 5), "store_a");
        await a.BroadcastAsync(Persistence, payload);
        await a.BroadcastAsync(Persistence, payload.Event);
        await a.BroadcastAsync(Persistence, new EventsPersisted("invoices", 2));

        List<object> received = await Within(Read(reader, 3));
        var copy = (EventPayload<EventsPersisted>)received[0];
        Assert.That(copy, Is.Not.SameAs(payload));
        Assert.That(copy.Wrapper, Is.EqualTo("persistence_event"));
        Assert.That(copy.Event.EventId, Is.EqualTo(payload.Event.EventId));
        Assert.That(copy.Event.Data, Is.EqualTo(new EventsPersisted("orders", 5)));
        Assert.That(copy.Event.Node, Is.EqualTo(payload.Event.Node));
        Assert.That(((EventEnvelope<EventsPersisted>)received[1]).Data, Is.EqualTo(new EventsPersisted("orders", 5)));
        Assert.That(received[2], Is.EqualTo(new EventsPersisted("invoices", 2)));
        Assert.That(b.GetStatistics().Delivered, Is.EqualTo(3));
    }

    [Test]
    public async Task Each_node_drops_its_own_frames_by_instance_so_local_subscribers_get_each_message_once()
    {
        RedisPubSub a = await Node("a@test");
        IAsyncEnumerator<object> reader = a.Subscribe(Cluster).GetAsyncEnumerator();
        for (int i = 0; i < 3; i++)
        {
            await a.BroadcastAsync(Cluster, new NodeDiscovered("n" + i));
        }

        Assert.That(await Within(Read(reader, 3)), Is.EqualTo(new[] { new NodeDiscovered("n0"), new NodeDiscovered("n1"), new NodeDiscovered("n2") }));
        Assert.That(await Eventually(() => a.GetStatistics().SelfEchoes == 3), Is.True, a.GetStatistics().ToString());
        Assert.That(a.GetStatistics().Delivered, Is.Zero, "nothing came back in from Redis to a local subscriber");
    }

    [Test]
    public async Task Broadcast_from_excludes_only_the_senders_subscription_on_whichever_node_holds_it()
    {
        RedisPubSub a = await Node("a@test");
        RedisPubSub b = await Node("b@test");
        ISubscription sender = b.Subscribe(Cluster);
        ISubscription neighbour = b.Subscribe(Cluster);
        ISubscription remote = a.Subscribe(Cluster);

        // Published on a, excluding a subscription that lives on b: b leaves out that one subscription only.
        await a.BroadcastFromAsync(sender, Cluster, new NodeDiscovered("x"));
        await a.BroadcastAsync(Cluster, new NodeDiscovered("y"));

        Assert.That(await Within(Read(neighbour.GetAsyncEnumerator(), 2)), Is.EqualTo(new[] { new NodeDiscovered("x"), new NodeDiscovered("y") }));
        Assert.That(await Within(Read(remote.GetAsyncEnumerator(), 2)), Is.EqualTo(new[] { new NodeDiscovered("x"), new NodeDiscovered("y") }));
        Assert.That(await Within(Read(sender.GetAsyncEnumerator(), 1)), Is.EqualTo(new[] { new NodeDiscovered("y") }));
    }

    [Test]
    public async Task Direct_broadcast_reaches_only_the_target_node_and_the_others_count_it_as_not_theirs()
    {
        RedisPubSub a = await Node("a@test");
        RedisPubSub b = await Node("b@test");
        RedisPubSub c = await Node("c@test");
        ISubscription onB = b.Subscribe(Cluster);
        ISubscription onC = c.Subscribe(Cluster);
        ISubscription onA = a.Subscribe(Cluster);

        await a.DirectBroadcastAsync("b@test", Cluster, new NodeDiscovered("for b"));
        await a.BroadcastAsync(Cluster, new NodeDiscovered("for all"));

        Assert.That(await Within(Read(onB.GetAsyncEnumerator(), 2)), Is.EqualTo(new[] { new NodeDiscovered("for b"), new NodeDiscovered("for all") }));
        Assert.That(await Within(Read(onC.GetAsyncEnumerator(), 1)), Is.EqualTo(new[] { new NodeDiscovered("for all") }));
        Assert.That(await Within(Read(onA.GetAsyncEnumerator(), 1)), Is.EqualTo(new[] { new NodeDiscovered("for all") }));
        Assert.That(c.GetStatistics().NotForThisNode, Is.EqualTo(1));
        Assert.That(b.GetStatistics().NotForThisNode, Is.Zero);
    }

    [Test]
    public async Task Local_broadcast_adds_nothing_to_Redis_publish_count()
    {
        RedisPubSub a = await Node("a@test");
        ISubscription local = a.Subscribe("anything");
        long before = PublishCalls();
        await a.LocalBroadcastAsync("anything", "a plain string");
        await a.LocalBroadcastAsync(Cluster, new NodeDiscovered("local"));
        Assert.That(await Within(Read(local.GetAsyncEnumerator(), 1)), Is.EqualTo(new[] { "a plain string" }));
        Assert.That(PublishCalls() - before, Is.Zero);

        await a.BroadcastAsync(Cluster, new NodeDiscovered("remote"));
        Assert.That(PublishCalls() - before, Is.EqualTo(1), "one frame per broadcast");
    }

    [Test]
    public async Task What_cannot_travel_is_refused_at_publish_naming_the_type()
    {
        RedisPubSub a = await Node("a@test", o => o.MaxFrameBytes = 4096);
        var notCatalog = Assert.ThrowsAsync<ArgumentException>(async () => await a.BroadcastAsync(Cluster, "a string"));
        Assert.That(notCatalog!.Message, Does.StartWith("A System.String cannot travel between nodes"));
        Assert.That(notCatalog.ParamName, Is.EqualTo("message"));

        var wrongCategory = Assert.ThrowsAsync<ArgumentException>(async () => await a.BroadcastAsync(Cluster, new EventsPersisted("orders", 5)));
        Assert.That(wrongCategory!.Message, Does.StartWith("EVC100 at run time: the 'persistence' event 'events_persisted' cannot be published on topic \"exesdb:control:store_a:cluster\", a topic of category 'cluster'."));

        var oversize = Assert.ThrowsAsync<ArgumentException>(async () => await a.BroadcastAsync(Cluster, new NodeDiscovered(new string('x', 5000))));
        Assert.That(oversize!.Message, Does.Match(@"^The frame for topic ""exesdb:control:store_a:cluster"" \(node_discovered\) is \d+ bytes, over RedisPubSubOptions.MaxFrameBytes \(4096 bytes\); it was not published."));
        Assert.That(a.GetStatistics().Published, Is.Zero);
    }

    [Test]
    public async Task Forged_frames_deliver_nothing_and_are_counted_by_reason()
    {
        RedisPubSub b = await Node("b@test", o => o.MaxFrameBytes = 64 * 1024);
        ISubscription cluster = b.Subscribe(Cluster);
        ISubscription persistence = b.Subscribe(Persistence);
        RedisChannel channel = RedisChannel.Literal(b.ChannelName);
        byte[] clusterEvent = RedisFixture.Codec.Serialize(Events.BuildEvent(new NodeDiscovered("forged"), "store_a"));
        string unknownType = Encoding.UTF8.GetString(clusterEvent).Replace("node_discovered\"", "no_such_event\"");
        Guid forger = Guid.NewGuid();

        ISubscriber raw = _admin!.GetSubscriber();
        await raw.PublishAsync(channel, Encoding.UTF8.GetBytes("not a frame at all"));
        await raw.PublishAsync(channel, Frame.Build(forger, 1, "forger@test", Cluster, null, Encoding.UTF8.GetBytes("{not json")));
        await raw.PublishAsync(channel, Frame.Build(forger, 2, "forger@test", Persistence, null, clusterEvent));
        await raw.PublishAsync(channel, Frame.Build(forger, 3, "forger@test", Cluster, null, Encoding.UTF8.GetBytes(unknownType)));
        await raw.PublishAsync(channel, new byte[(64 * 1024) + 1]);
        byte[] newer = Frame.Build(forger, 4, "forger@test", Cluster, null, clusterEvent);
        newer[2] = 3; // version 2 is the signed format; 3 is a version no node reads yet
        await raw.PublishAsync(channel, newer);
        await raw.PublishAsync(channel, Frame.Build(forger, 5, "forger@test", Cluster, "someone-else@test", clusterEvent));
        await raw.PublishAsync(channel, Frame.Build(forger, 5, "forger@test", Cluster, null, clusterEvent));
        await raw.PublishAsync(channel, Frame.Build(forger, 6, "forger@test", Cluster, null, clusterEvent)); // the one valid frame

        // The forged frames say "record" (content 3): the one valid frame arrives as the record itself.
        Assert.That(await Within(Read(cluster.GetAsyncEnumerator(), 1)), Is.EqualTo(new[] { new NodeDiscovered("forged") }));
        NodePubSubStatistics stats = b.GetStatistics();
        Assert.That(stats.Rejected, Is.EqualTo(new Dictionary<FrameRejectReason, long>
        {
            [FrameRejectReason.Malformed] = 2,
            [FrameRejectReason.UnknownType] = 1,
            [FrameRejectReason.UnknownFrameVersion] = 1,
            [FrameRejectReason.UnknownEventVersion] = 0,
            [FrameRejectReason.Oversize] = 1,
            [FrameRejectReason.WrongCategory] = 1,
            [FrameRejectReason.Replayed] = 1,
            [FrameRejectReason.Unauthenticated] = 0,
            [FrameRejectReason.OutsideReplayWindow] = 0,
            [FrameRejectReason.SequenceJump] = 0,
        }), stats.ToString());
        Assert.That(stats.NotForThisNode, Is.EqualTo(1), "the direct frame for another node is read, not delivered");
        Assert.That(stats.Delivered, Is.EqualTo(1));
        Assert.That(persistence.Dropped, Is.Zero);
        Assert.That(b.State, Is.EqualTo(NodePubSubState.Connected), "the pump survived every forgery");
    }

    [Test]
    public async Task Topics_with_glob_characters_never_become_pattern_subscriptions()
    {
        RedisPubSub a = await Node("a@test", o => o.ChannelPrefix = "odd*prefix?[x]:");
        RedisPubSub b = await Node("b@test", o => o.ChannelPrefix = "odd*prefix?[x]:");
        string[] topics = { "t*", "t?", "t[", "t]", "[a-z]*" };
        var readers = topics.Select(t => b.Subscribe(t).GetAsyncEnumerator()).ToArray();
        Assert.That((long)Admin.Execute("PUBSUB", "NUMPAT"), Is.Zero);
        foreach (string topic in topics)
        {
            await a.LocalBroadcastAsync(topic, "local only");
        }

        await a.BroadcastAsync("[a-z]*", new NodeDiscovered("literal"));
        Assert.That(await Within(Read(readers[4], 1)), Is.EqualTo(new[] { new NodeDiscovered("literal") }));
        Assert.That((long)Admin.Execute("PUBSUB", "NUMPAT"), Is.Zero);
        Assert.That((long)((RedisResult[])Admin.Execute("PUBSUB", "NUMSUB", a.ChannelName)!)[1], Is.EqualTo(2), "the literal channel, with both nodes on it");
    }

    [Test]
    public async Task A_stalled_subscriber_drops_exactly_its_overflow_while_50000_frames_of_1_KiB_arrive_and_nothing_else_suffers()
    {
        const int frames = 50_000;
        const int capacity = 4096;
        RedisPubSub publisher = await Node("publisher@test");
        RedisPubSub b = await Node("b@test", o => o.SubscriberCapacity = capacity);
        var lost = 0;
        b.ConnectionLost += (_, _) => Interlocked.Increment(ref lost);
        ISubscription stalled = b.Subscribe(Cluster);
        ISubscription healthy = b.Subscribe(Cluster);
        string clientsBefore = (string)Admin.Execute("CLIENT", "LIST", "TYPE", "pubsub")!;
        GC.Collect();
        long memoryBefore = GC.GetTotalMemory(true);

        Task<int> reading = Task.Run(async () =>
        {
            int n = 0;
            await foreach (object _ in healthy)
            {
                if (++n == frames)
                {
                    break;
                }
            }

            return n;
        });
        string pad = new('x', 1024 - 180);
        var pending = new Queue<Task>();
        for (int i = 0; i < frames; i++)
        {
            pending.Enqueue(publisher.BroadcastAsync(Cluster, new NodeDiscovered(i + pad)).AsTask());
            if (pending.Count == 256)
            {
                await Within(pending.Dequeue());
            }
        }

        await Within(Task.WhenAll(pending));
        Assert.That(await Within(reading), Is.EqualTo(frames), "the other subscriber got everything");
        GC.Collect();
        long memoryAfter = GC.GetTotalMemory(true);

        Assert.That(stalled.Dropped, Is.EqualTo(frames - capacity), "Wait degrades to drop for remote frames: exactly the overflow");
        Assert.That(b.GetStatistics().Dropped, Is.EqualTo(frames - capacity));
        Assert.That(b.GetStatistics().Lost, Is.Zero);
        Assert.That(lost, Is.Zero, "Redis never disconnected the node");
        Assert.That(b.State, Is.EqualTo(NodePubSubState.Connected));
        string clientsAfter = (string)Admin.Execute("CLIENT", "LIST", "TYPE", "pubsub")!;
        Assert.That(Ids(clientsAfter), Is.SupersetOf(Ids(clientsBefore)), "the same subscriber connections are still there");
        // Bounded: 4,096 queued messages (~17–20 MB here with everything else alive), not 50,000, whose payload strings alone
        // (1 KiB of text, 2 KiB in UTF-16) would take 100 MB. The bound is that line, not a guess at the runtime's own
        // retention, which one CI run under load measured at 78 MB (20 MB on the same code alone, loaded or not).
        Assert.That(memoryAfter - memoryBefore, Is.LessThan(frames * 2L * 1024), $"memory bounded: {capacity} queued messages, not {frames}");
        TestContext.Out.WriteLine($"stall: dropped {stalled.Dropped}, managed memory +{(memoryAfter - memoryBefore) / 1024} KiB");

        static IEnumerable<string> Ids(string list) => list.Replace("txt:", string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]);
    }

    [Test]
    public async Task Two_live_buses_with_one_node_name_are_reported_on_both()
    {
        RedisPubSub first = await Node("same@test");
        var seenByFirst = new TaskCompletionSource<DuplicateNodeEventArgs>();
        first.DuplicateNodeDetected += (_, e) => seenByFirst.TrySetResult(e);
        RedisPubSub second = await Node("same@test");
        Assert.That((await Within(seenByFirst.Task)).OtherInstance, Is.EqualTo(second.InstanceId));
        Assert.That(await Eventually(() => second.GetStatistics().DuplicateNodes == 1), Is.True, "the first answers with a probe, so the second learns too");
        Assert.That(first.GetStatistics().DuplicateNodes, Is.EqualTo(1));
    }

    [Test]
    public async Task Publishing_while_Redis_is_unreachable_throws_after_the_publish_timeout_and_the_loss_is_observable()
    {
        using RedisServer own = RedisServer.Start();
        await using RedisPubSub bus = await RedisPubSub.ConnectAsync(own.Endpoint, RedisFixture.Codec, new RedisPubSubOptions { NodeName = "lonely@test", PublishTimeout = TimeSpan.FromSeconds(1) });
        var lostEvent = new TaskCompletionSource<NodeConnectionEventArgs>();
        bus.ConnectionLost += (_, e) => lostEvent.TrySetResult(e);
        own.Stop();
        await Within(lostEvent.Task);
        Assert.That(bus.State, Is.EqualTo(NodePubSubState.Disconnected));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ex = Assert.ThrowsAsync<TimeoutException>(async () => await Within(bus.BroadcastAsync(Cluster, new NodeDiscovered("x")).AsTask()));
        Assert.That(clock.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(0.9)).And.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(ex!.Message, Does.StartWith($"Publishing to Redis channel \"{bus.ChannelName}\" (bus \"eventcatalog\", node \"lonely@test\", topic \"exesdb:control:store_a:cluster\") failed for 1 s (RedisPubSubOptions.PublishTimeout)"));
    }

    [Test]
    public void Creating_a_bus_without_a_reachable_Redis_fails_within_the_timeout_naming_the_channel()
    {
        using RedisServer own = RedisServer.Start();
        own.Stop();
        var ex = Assert.ThrowsAsync<TimeoutException>(async () => await RedisPubSub.ConnectAsync(own.Endpoint, RedisFixture.Codec, new RedisPubSubOptions { NodeName = "early@test", PublishTimeout = TimeSpan.FromSeconds(1) }));
        Assert.That(ex!.Message, Does.StartWith("RedisPubSub \"eventcatalog\" (node \"early@test\") could not subscribe to Redis channel \"eventcatalog:pubsub:eventcatalog\" within 1 s: "));
    }
}
