using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.LocalServers;
using ExESDB;
using NUnit.Framework;
using static EventCatalog.PubSub.Redis.Tests.TestKit;

namespace EventCatalog.PubSub.Conformance.Tests;

/// <summary>
/// Accounting and health under attack and faults, on every node bus against its real server: sequence jumps, loss at an
/// origin's edges (heartbeats, goodbyes, NodeUp/NodeDown), duplicate-node floods, captured traffic replayed to a
/// restarted receiver, and a 10 ms subscriber kill under load. Receivers that must be cut off connect through a
/// <see cref="TcpProxy"/> in front of the server.
/// </summary>
public abstract partial class NodeBusConformance
{
    private static readonly TimeSpan s_heartbeat = TimeSpan.FromMilliseconds(200);

    /// <summary>The server's port on loopback, for a proxy in front of it.</summary>
    protected abstract int ServerPort { get; }

    /// <summary>Starts a bus that reaches the server through 127.0.0.1:<paramref name="port"/> (a proxy).</summary>
    protected abstract Task<NodePubSub> StartBusThroughAsync(NodePubSubOptions options, int port);

    /// <summary>Records every raw frame published on <paramref name="bus"/>'s destination from now on.</summary>
    protected abstract Task<FrameTap> TapAsync(NodePubSub bus);

    /// <summary>A node through <paramref name="proxy"/>, on <paramref name="busName"/>'s bus; disposed after the test.</summary>
    private async Task<NodePubSub> NodeThrough(TcpProxy proxy, string node, string busName, Action<NodePubSubOptions>? configure = null)
    {
        NodePubSubOptions options = NewOptions();
        options.BusName = busName;
        options.NodeName = node;
        configure?.Invoke(options);
        NodePubSub bus = await StartBusThroughAsync(options, proxy.Port);
        Track(bus);
        return bus;
    }

    private static void Fast(NodePubSubOptions options) => options.HeartbeatInterval = s_heartbeat;

    /// <summary>Reads everything that arrives on a subscription into a list, in the background.</summary>
    private static ConcurrentQueue<NodeDiscovered> Collect(ISubscription subscription)
    {
        var seen = new ConcurrentQueue<NodeDiscovered>();
        _ = Task.Run(async () =>
        {
            await foreach (object item in subscription)
            {
                seen.Enqueue((NodeDiscovered)item);
            }
        });
        return seen;
    }

    [Test]
    public async Task A_frame_beyond_MaxSequenceGap_is_a_sequence_jump_not_loss_the_baseline_stays_and_a_sequence_that_goes_on_is_followed()
    {
        string busName = NewBusName();
        NodePubSub a = await Node("a@test", null, busName);
        NodePubSub b = await Node("b@test", o => o.MaxSequenceGap = 1000, busName);
        IAsyncEnumerator<object> reader = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        await a.BroadcastAsync(Cluster, M(1));
        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(Ms(1)));

        // Readable frames as a, far ahead (a forger without keys, or a corrupt counter): refused, a's baseline stays at 1.
        await InjectAsync(b, Frame.Build(a.InstanceId, long.MaxValue, "a@test", Cluster, null, Record(new NodeDiscovered("poison"))));
        await InjectAsync(b, Frame.Build(a.InstanceId, 1_000_000, "a@test", Cluster, null, Record(new NodeDiscovered("far"))));
        await a.BroadcastAsync(Cluster, M(2));
        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(Ms(2)), "a's next real frame arrives");

        // An origin whose sequence really moved on: 5, then 50,000 (refused), then 50,001 (followed), then 50,002.
        Guid moved = Guid.NewGuid();
        foreach (long sequence in new long[] { 5, 50_000, 50_001, 50_002 })
        {
            await InjectAsync(b, Frame.Build(moved, sequence, "moved@test", Cluster, null, Record(new NodeDiscovered("moved " + sequence))));
        }

        Assert.That(await Within(Read(reader, 3)), Is.EqualTo(new[] { new NodeDiscovered("moved 5"), new NodeDiscovered("moved 50001"), new NodeDiscovered("moved 50002") }));
        NodePubSubStatistics stats = b.GetStatistics();
        TestContext.Out.WriteLine(stats);
        Assert.That(stats.Rejected[FrameRejectReason.SequenceJump], Is.EqualTo(3), stats.ToString());
        Assert.That(stats.Rejected.Values.Sum(), Is.EqualTo(3), stats.ToString());
        Assert.That(stats.Lost, Is.Zero, "a jump is not loss");
        Assert.That(stats.Skipped, Is.EqualTo(50_001 - 5 - 1), "the numbers passed over when the origin went on from 50,001");
    }

    [Test]
    public async Task Heartbeats_raise_NodeUp_a_goodbye_NodeDown_with_the_last_number_and_a_silent_node_goes_down_by_timeout()
    {
        string busName = NewBusName();
        var ups = new ConcurrentQueue<NodeStatusEventArgs>();
        var downs = new ConcurrentQueue<NodeStatusEventArgs>();
        NodePubSub a = await Node("a@test", Fast, busName);
        a.NodeUp += (_, e) => ups.Enqueue(e);
        a.NodeDown += (_, e) => downs.Enqueue(e);
        NodePubSub b = await Node("b@test", Fast, busName);
        using var proxy = new TcpProxy(ServerPort);
        NodePubSub c = await NodeThrough(proxy, "c@test", busName, Fast);
        Assert.That(await Eventually(() => ups.Count == 2), Is.True, "NodeUp for b and c");
        Assert.That(ups.Select(u => (u.NodeName, u.Instance, u.Reason)), Is.EquivalentTo(new[] { ("b@test", b.InstanceId, NodeStatusReason.Heartbeat), ("c@test", c.InstanceId, NodeStatusReason.Heartbeat) }));
        using ISubscription onA = await a.SubscribeAsync(Cluster); // a node knows the last numbers of the shards it receives

        for (int i = 0; i < 3; i++)
        {
            await b.BroadcastAsync(Cluster, M(i));
        }

        await b.DisposeAsync();
        Assert.That(await Eventually(() => downs.Count == 1), Is.True, "NodeDown for b at its goodbye");
        Assert.That(downs.Single().Reason, Is.EqualTo(NodeStatusReason.Goodbye));
        Assert.That(downs.Single().LastSequence, Is.EqualTo(3));
        Assert.That(downs.Single().Instance, Is.EqualTo(b.InstanceId));

        // c is cut off and stays off: five silent intervals later a says it is down.
        proxy.Refusing = true;
        proxy.Cut();
        var clock = Stopwatch.StartNew();
        Assert.That(await Eventually(() => downs.Count == 2), Is.True, "NodeDown for c by timeout");
        TestContext.Out.WriteLine($"c down by timeout after {clock.ElapsedMilliseconds} ms");
        Assert.That(downs.Last().Reason, Is.EqualTo(NodeStatusReason.HeartbeatTimeout));
        Assert.That(downs.Last().Instance, Is.EqualTo(c.InstanceId));
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(5 * s_heartbeat.TotalMilliseconds * 0.8)));

        proxy.Refusing = false;
        Assert.That(await Eventually(() => ups.Count == 3, 20), Is.True, "c is up again once its heartbeats are heard");
        Assert.That(ups.Last().Instance, Is.EqualTo(c.InstanceId));
        NodePubSubStatistics stats = a.GetStatistics();
        Assert.That(stats.Lost, Is.Zero, stats.ToString());
        Assert.That(stats.Rejected.Values.Sum(), Is.Zero, stats.ToString());
    }

    [Test]
    public async Task A_node_started_and_one_stopped_while_a_receiver_was_cut_off_make_its_reported_loss_equal_the_actual_loss()
    {
        string busName = NewBusName();
        using var proxy = new TcpProxy(ServerPort);
        NodePubSub receiver = await NodeThrough(proxy, "receiver@test", busName, Fast);
        var ups = new ConcurrentQueue<NodeStatusEventArgs>();
        var downs = new ConcurrentQueue<NodeStatusEventArgs>();
        receiver.NodeUp += (_, e) => ups.Enqueue(e);
        receiver.NodeDown += (_, e) => downs.Enqueue(e);
        ConcurrentQueue<NodeDiscovered> seen = Collect(await receiver.SubscribeAsync(Cluster));
        NodePubSub witness = await Node("witness@test", Fast, busName);
        using ISubscription onWitness = await witness.SubscribeAsync(Cluster); // it relays the goodbyes of the shards it receives
        NodePubSub stopping = await Node("stopping@test", Fast, busName);
        for (int i = 1; i <= 10; i++)
        {
            await stopping.BroadcastAsync(Cluster, new NodeDiscovered("stopping " + i));
        }

        Assert.That(await Eventually(() => seen.Count == 10), Is.True);
        var witnessDowns = new ConcurrentQueue<NodeStatusEventArgs>();
        witness.NodeDown += (_, e) => witnessDowns.Enqueue(e);

        // The receiver is cut off: a node starts and publishes 7, the other publishes 5 more and stops.
        proxy.Refusing = true;
        proxy.Cut();
        Assert.That(await Eventually(() => receiver.State == NodePubSubState.Disconnected), Is.True);
        NodePubSub starting = await Node("starting@test", Fast, busName);
        for (int i = 1; i <= 7; i++)
        {
            await starting.BroadcastAsync(Cluster, new NodeDiscovered("starting " + i));
        }

        for (int i = 11; i <= 15; i++)
        {
            await stopping.BroadcastAsync(Cluster, new NodeDiscovered("stopping " + i));
        }

        await stopping.DisposeAsync();
        Assert.That(await Eventually(() => witnessDowns.Any(d => d.Reason == NodeStatusReason.Goodbye)), Is.True, "the witness heard the goodbye");

        proxy.Refusing = false;
        Assert.That(await Eventually(() => receiver.State == NodePubSubState.Connected, 20), Is.True, "the receiver is back");
        for (int i = 8; i <= 10; i++)
        {
            await starting.BroadcastAsync(Cluster, new NodeDiscovered("starting " + i));
        }

        Assert.That(await Eventually(() => seen.Count == 13), Is.True, "the starting node's frames 8 to 10 arrive");
        long actual = (15 + 10) - seen.Count;
        Assert.That(await Eventually(() => receiver.GetStatistics().Lost == actual), Is.True, $"reported loss {receiver.GetStatistics().Lost}, actual {actual}");
        await Task.Delay(3 * s_heartbeat);
        NodePubSubStatistics stats = receiver.GetStatistics();
        TestContext.Out.WriteLine($"receiver: reported loss {stats.Lost}, actual {actual}; {stats}");
        Assert.That(stats.Lost, Is.EqualTo(12), "7 first frames of the node that started, 5 last frames of the one that stopped; no more later");
        Assert.That(stats.Rejected.Values.Sum(), Is.Zero, stats.ToString());
        Assert.That(stats.Skipped, Is.Zero);
        Assert.That(ups.Select(u => u.NodeName), Does.Contain("starting@test"));
        Assert.That(downs.Where(d => d.Instance == stopping.InstanceId).Select(d => (d.Reason, d.LastSequence)), Is.EqualTo(new[] { (NodeStatusReason.Goodbye, 15L) }), "the relayed goodbye");
        foreach (NodePubSub other in new[] { witness, starting })
        {
            Assert.That(other.GetStatistics().Lost, Is.Zero, other.NodeName + " lost nothing");
        }
    }

    [Test]
    public async Task Twenty_thousand_frames_carrying_this_nodes_name_make_a_bounded_number_of_reports()
    {
        NodePubSub bus = await Node("victim@test");
        using ISubscription dup = await bus.SubscribeAsync("dup"); // so that the flood's shard is received however the node subscribes
        int reports = 0;
        bus.DuplicateNodeDetected += (_, _) => Interlocked.Increment(ref reports);
        byte[] body = Record(new NodeDiscovered("dup"));
        var flood = new List<byte[]>(20_000);
        Guid repeated = Guid.NewGuid();
        for (int i = 0; i < 20_000; i++)
        {
            // Half from one other instance, half each from a new one.
            flood.Add(i % 2 == 0 ? Frame.Build(repeated, i / 2 + 1, "victim@test", "dup", null, body) : Frame.Build(Guid.NewGuid(), 1, "victim@test", "dup", null, body));
        }

        await InjectManyAsync(bus, flood);
        Assert.That(await Eventually(() => bus.GetStatistics().Received == 20_000, 60), Is.True, bus.GetStatistics().ToString());
        NodePubSubStatistics stats = bus.GetStatistics();
        TestContext.Out.WriteLine($"reports {reports}; {stats}");
        Assert.That(reports, Is.EqualTo(8), "at most eight reports a minute, the repeated instance once");
        Assert.That(stats.DuplicateNodes, Is.EqualTo(8));
        Assert.That(bus.State, Is.EqualTo(NodePubSubState.Connected));
    }

    [Test]
    public async Task Captured_signed_traffic_replayed_to_a_restarted_receiver_is_refused_outside_the_window_and_as_replays_inside_it()
    {
        string busName = NewBusName();
        byte[] key = Key(11);
        void Keyed(NodePubSubOptions o)
        {
            o.SigningKey = key;
            o.ReplayWindow = TimeSpan.FromSeconds(4);
            o.PublishTimeout = TimeSpan.FromSeconds(3); // shorter than the window, as signed buses require
        }

        NodePubSub sender = await Node("sender@test", Keyed, busName);
        NodePubSub first = await Node("receiver@test", Keyed, busName);
        IAsyncEnumerator<object> firstReader = (await first.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        await using FrameTap tap = await TapAsync(sender);
        for (int i = 1; i <= 5; i++)
        {
            await sender.BroadcastAsync(Cluster, M(i));
        }

        Assert.That(await Within(Read(firstReader, 5)), Is.EqualTo(Ms(1, 2, 3, 4, 5)));
        Assert.That(await Eventually(() => tap.Frames.Count(IsEvent) == 5), Is.True, "the eavesdropper has the 5 frames");
        List<byte[]> captured = tap.Frames.Where(IsEvent).ToList();

        // Inside the window, the running receiver refuses them by their sequence numbers.
        await InjectManyAsync(first, captured);
        await sender.BroadcastAsync(Cluster, M(6));
        Assert.That(await Within(Read(firstReader, 1)), Is.EqualTo(Ms(6)));
        Assert.That(first.GetStatistics().Rejected[FrameRejectReason.Replayed], Is.EqualTo(5), first.GetStatistics().ToString());

        // The receiver restarts (a new instance knows no sequence numbers); the window has passed: all refused.
        await first.DisposeAsync();
        NodePubSub restarted = await Node("receiver@test", Keyed, busName);
        IAsyncEnumerator<object> reader = (await restarted.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        await InjectManyAsync(restarted, captured);
        await sender.BroadcastAsync(Cluster, M(7));
        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(Ms(7)), "none of the 5 captured frames was delivered");
        NodePubSubStatistics stats = restarted.GetStatistics();
        TestContext.Out.WriteLine(stats);
        Assert.That(stats.Rejected[FrameRejectReason.OutsideReplayWindow], Is.EqualTo(5), stats.ToString());
        Assert.That(stats.Delivered, Is.EqualTo(1));
        Assert.That(stats.Lost, Is.Zero);

        static bool IsEvent(byte[] frame) => frame.Length > 3 && frame[3] is >= 1 and <= 3;
    }

    [Test]
    public async Task A_10_ms_subscriber_kill_at_high_rate_gives_one_lost_then_one_restored_connected_within_1_s_and_an_outage_within_twice_the_real_one()
    {
        string busName = NewBusName();
        using var proxy = new TcpProxy(ServerPort);
        NodePubSub receiver = await NodeThrough(proxy, "receiver@test", busName, o => o.SubscriberCapacity = 1_000_000);
        // The real outage is read from the gap in the publisher's send times, so the publisher must keep publishing at its rate
        // while the receiver is cut off: it does not wait for the receiver (WaitForSlowestReceiver would pause it instead).
        NodePubSub publisher = await Node("publisher@test", o => o.WaitForSlowestReceiver = false, busName);
        var events = new ConcurrentQueue<(string Kind, long At, TimeSpan Outage)>();
        receiver.ConnectionLost += (_, e) => events.Enqueue(("lost", Stopwatch.GetTimestamp(), e.Outage));
        receiver.ConnectionRestored += (_, e) => events.Enqueue(("restored", Stopwatch.GetTimestamp(), e.Outage));
        var arrivals = new ConcurrentQueue<(long Number, long SentAt)>();
        ISubscription subscription = await receiver.SubscribeAsync(Cluster);
        _ = Task.Run(async () =>
        {
            await foreach (object item in subscription)
            {
                string[] parts = ((NodeDiscovered)item).Node.Split('/');
                arrivals.Enqueue((long.Parse(parts[0]), long.Parse(parts[1])));
            }
        });

        long published = 0;
        using var stop = new CancellationTokenSource();
        Task load = Task.Run(async () =>
        {
            var window = new Queue<Task>();
            while (!stop.IsCancellationRequested)
            {
                long n = ++published;
                window.Enqueue(publisher.BroadcastAsync(Cluster, new NodeDiscovered(n + "/" + Stopwatch.GetTimestamp())).AsTask());
                if (window.Count >= 64)
                {
                    await window.Dequeue();
                }
            }

            await Task.WhenAll(window);
        });

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        long before = published;
        long cutAt = Stopwatch.GetTimestamp();
        proxy.Refusing = true;
        proxy.Cut();
        await Task.Delay(10);
        proxy.Refusing = false;
        bool back = await Eventually(() => receiver.State == NodePubSubState.Connected && events.Count >= 2, 10);
        double backMs = (Stopwatch.GetTimestamp() - cutAt) * 1000.0 / Stopwatch.Frequency;
        await Task.Delay(TimeSpan.FromSeconds(1));
        stop.Cancel();
        await Within(load);
        double rate = before / 1.5;
        bool settled = await Eventually(() => arrivals.Count + receiver.GetStatistics().Lost >= published, 30);

        // The real outage: from the last frame sent before the gap to the first one after it, both received.
        (long Number, long SentAt)[] got = arrivals.ToArray();
        int gapAt = -1;
        for (int i = 1; i < got.Length && gapAt < 0; i++)
        {
            if (got[i].Number != got[i - 1].Number + 1)
            {
                gapAt = i;
            }
        }

        double realMs = gapAt > 0 ? (got[gapAt].SentAt - got[gapAt - 1].SentAt) * 1000.0 / Stopwatch.Frequency : 0;
        (string Kind, long At, TimeSpan Outage)[] seen = events.ToArray();
        NodePubSubStatistics stats = receiver.GetStatistics();
        TestContext.Out.WriteLine($"rate ~{rate:0}/s; back {backMs:0} ms after the cut; real outage {realMs:0} ms ({(gapAt > 0 ? got[gapAt].Number - got[gapAt - 1].Number - 1 : 0)} frames); events {string.Join(", ", seen.Select(e => e.Kind + " " + e.Outage.TotalMilliseconds.ToString("0")))}; published {published}, received {got.Length}; {stats}");
        Assert.That(settled, Is.True, "every frame arrived or was counted lost");
        Assert.That(back, Is.True, "Connected again, both events raised");
        Assert.That(seen.Select(e => e.Kind), Is.EqualTo(new[] { "lost", "restored" }), "one ConnectionLost, then one ConnectionRestored");
        Assert.That(backMs, Is.LessThan(1000), "State back to Connected within 1 s of the cut");
        Assert.That(seen[1].Outage.TotalMilliseconds, Is.GreaterThan(0).And.LessThanOrEqualTo(Math.Max(2 * realMs, 20)), "the reported outage is within twice the real one");
        Assert.That(stats.Lost, Is.EqualTo(published - got.Length), "reported loss == published - received");
    }
}

/// <summary>20,000 mutated frames of ten kinds, each kind with the one outcome the format gives it, on every node bus.</summary>
public abstract partial class NodeBusConformance
{
    /// <summary>A progress frame (kind 8) that is malformed one random way: its count, its length, a position, its sequence field, its content byte or its flags (an unknown bit; no positions without the request flag).</summary>
    private static byte[] HostileProgress(Random random)
    {
        var positions = Enumerable.Range(0, 1 + random.Next(4)).Select(_ => (Guid.NewGuid(), (long)(1 + random.Next(1000)))).ToArray();
        return random.Next(8) switch
        {
            6 => Progress(Guid.NewGuid(), "fuzz@test", 0, positions, flags: (byte)(2 << random.Next(7))),
            7 => Progress(Guid.NewGuid(), "fuzz@test", 0, Array.Empty<(Guid, long)>(), flags: 0),
            0 => Progress(Guid.NewGuid(), "fuzz@test", 0, positions, count: random.Next(2) == 0 ? 0 : 257 + random.Next(60_000)),
            1 => Progress(Guid.NewGuid(), "fuzz@test", 0, positions, count: positions.Length + 1 + random.Next(10)),
            2 => Progress(Guid.NewGuid(), "fuzz@test", 0, positions.Select((p, i) => i == 0 ? (p.Item1, -random.Next(1000)) : p).ToArray()),
            3 => Progress(Guid.NewGuid(), "fuzz@test", 0, positions, sequence: 1 + random.Next(1000)),
            4 => Progress(Guid.NewGuid(), "fuzz@test", 0, positions).Concat(Enumerable.Repeat((byte)1, 1 + random.Next(23))).ToArray(),
            _ => Progress(Guid.NewGuid(), "fuzz@test", 0, positions).Select((b, i) => i == 4 ? (byte)(1 + random.Next(3)) : b).ToArray(),
        };
    }

    [Test]
    public async Task Twenty_thousand_mutated_frames_give_no_exception_every_counter_exact_and_Lost_unchanged()
    {
        const int frames = 20_000;
        string busName = NewBusName();
        NodePubSub a = await Node("a@test", null, busName);
        NodePubSub b = await Node("b@test", o => o.MaxFrameBytes = 16 * 1024, busName);
        IAsyncEnumerator<object> reader = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        await a.BroadcastAsync(Cluster, M(1));
        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(Ms(1)));

        var random = new Random(20);
        byte[] body = Record(new NodeDiscovered("fuzz"));
        byte[] unknownType = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(body).Replace("node_discovered\"", "no_such_event\"", StringComparison.Ordinal));
        byte[] persisted = Record(new EventsPersisted("orders", 1));
        var expected = new Dictionary<FrameRejectReason, long>();
        foreach (FrameRejectReason reason in Enum.GetValues<FrameRejectReason>())
        {
            expected[reason] = 0;
        }

        long received = 0;
        long delivered = 0;
        var flood = new List<byte[]>(frames);
        Guid replayed = Guid.NewGuid();
        for (int i = 0; i < frames; i++)
        {
            byte[] frame = Frame.Build(Guid.NewGuid(), 1 + random.Next(1000), "fuzz@test", "fuzz", null, body);
            int headerEnd = frame.Length - body.Length;
            switch (i % 10)
            {
                case 0: // truncated anywhere: no magic, a short header, a string or the event cut
                    frame = frame.AsSpan(0, random.Next(frame.Length)).ToArray();
                    expected[FrameRejectReason.Malformed]++;
                    break;
                case 1: // a version no node reads (2 is the signed format)
                    frame[2] = (byte)random.Next(3, 256);
                    expected[FrameRejectReason.UnknownFrameVersion]++;
                    break;
                case 2: // the magic
                    frame[random.Next(2)] ^= (byte)random.Next(1, 256);
                    expected[FrameRejectReason.Malformed]++;
                    break;
                case 3: // a kind that does not exist, or a progress frame (kind 8) whose body lies
                    if (random.Next(3) == 0)
                    {
                        frame = HostileProgress(random);
                    }
                    else
                    {
                        frame[3] = (byte)(random.Next(2) == 0 ? 0 : random.Next(9, 256));
                    }

                    expected[FrameRejectReason.Malformed]++;
                    break;
                case 4: // the origin node's length over its bound or past the end
                    frame[32] = 0xFF;
                    frame[33] = (byte)random.Next(256);
                    expected[FrameRejectReason.Malformed]++;
                    break;
                case 5: // the event replaced by bytes that are not JSON
                    frame = frame.AsSpan(0, headerEnd).ToArray().Concat(Enumerable.Range(0, 1 + random.Next(200)).Select(_ => (byte)random.Next(0x80, 0x100))).ToArray();
                    expected[FrameRejectReason.Malformed]++;
                    break;
                case 6: // an event type no codec knows
                    frame = frame.AsSpan(0, headerEnd).ToArray().Concat(unknownType).ToArray();
                    expected[FrameRejectReason.UnknownType]++;
                    break;
                case 7: // over the receiver's frame limit
                    frame = frame.Concat(new byte[16 * 1024]).ToArray();
                    expected[FrameRejectReason.Oversize]++;
                    break;
                case 8: // a catalog event on a topic of another category: read, placed, then refused
                    frame = Frame.Build(Guid.NewGuid(), 1, "fuzz@test", Cluster, null, persisted);
                    expected[FrameRejectReason.WrongCategory]++;
                    received++;
                    break;
                default: // one origin's frames, each sent twice: the second is a replay
                    frame = Frame.Build(replayed, (i / 10 / 2) + 1, "fuzz@test", Cluster, null, body);
                    if ((i / 10) % 2 == 0)
                    {
                        received++;
                        delivered++;
                    }
                    else
                    {
                        expected[FrameRejectReason.Replayed]++;
                    }

                    break;
            }

            flood.Add(frame);
        }

        await InjectManyAsync(b, flood);
        await a.BroadcastAsync(Cluster, M(2));
        // Every frame is counted once: rejected before its place in a sequence, or received (a wrong-category one both).
        Assert.That(await Eventually(() => b.GetStatistics().Rejected.Values.Sum() + b.GetStatistics().Received - b.GetStatistics().Rejected[FrameRejectReason.WrongCategory] >= frames + 2, 60), Is.True, b.GetStatistics().ToString());
        List<object> arrived = await Within(Read(reader, (int)delivered + 1));
        Assert.That(arrived.Last(), Is.EqualTo(M(2)), "a's next frame arrives after the flood");
        NodePubSubStatistics stats = b.GetStatistics();
        TestContext.Out.WriteLine(stats);
        Assert.That(stats.Rejected, Is.EqualTo(expected), stats.ToString());
        Assert.That(stats.Received, Is.EqualTo(received + 2), "a's two frames and the readable ones");
        Assert.That(stats.Delivered, Is.EqualTo(delivered + 2));
        Assert.That(stats.Lost, Is.Zero, "Lost unchanged");
        Assert.That(stats.Skipped, Is.Zero);
        Assert.That(b.State, Is.EqualTo(NodePubSubState.Connected));
    }
}
