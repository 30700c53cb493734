using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EventCatalog.LocalServers;
using ExESDB;
using NUnit.Framework;
using static EventCatalog.PubSub.Redis.Tests.TestKit;

namespace EventCatalog.PubSub.Conformance.Tests;

/// <summary>Adversarial review of issue 20: attacks by anyone who can publish on the broker, each on Redis and NATS.</summary>
public abstract partial class NodeBusConformance
{
    [Test]
    public async Task Adversary_a_captured_signed_heartbeat_replayed_inside_the_window_does_not_bring_a_silent_node_back_up()
    {
        string busName = NewBusName();
        byte[] key = Enumerable.Repeat((byte)21, 32).ToArray();
        void Keyed(NodePubSubOptions o)
        {
            o.SigningKey = key;
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
        }

        var ups = new ConcurrentQueue<NodeStatusEventArgs>();
        var downs = new ConcurrentQueue<NodeStatusEventArgs>();
        NodePubSub a = await Node("a@test", Keyed, busName);
        a.NodeUp += (_, e) => ups.Enqueue(e);
        a.NodeDown += (_, e) => downs.Enqueue(e);
        using var proxy = new TcpProxy(ServerPort);
        NodePubSub c = await NodeThrough(proxy, "c@test", busName, Keyed);
        await using FrameTap tap = await TapAsync(c);
        Assert.That(await Eventually(() => ups.Count == 1), Is.True, "NodeUp for c");
        byte[] cId = c.InstanceId.ToByteArray();
        bool IsCsHeartbeat(byte[] f) => f.Length > 24 && f[3] == 6 && f[5] == 0 && f.AsSpan(8, 16).SequenceEqual(cId); // shard 0's: liveness, read by every node
        Assert.That(await Eventually(() => tap.Frames.Any(IsCsHeartbeat)), Is.True, "the eavesdropper has one of c's heartbeats");
        byte[] heartbeat = tap.Frames.Last(IsCsHeartbeat);

        // c falls silent (crashed, cut off): a says it is down by timeout.
        proxy.Refusing = true;
        proxy.Cut();
        Assert.That(await Eventually(() => downs.Count == 1), Is.True, "NodeDown for c by timeout");

        // The attacker replays c's captured heartbeat, well inside the 2-minute window.
        await InjectAsync(a, heartbeat);
        await Task.Delay(500);
        Assert.That(ups.Count, Is.EqualTo(1), "a replayed heartbeat must not raise NodeUp for a node that is silent");
        Assert.That(a.GetStatistics().Rejected.Values.Sum(), Is.EqualTo(1), a.GetStatistics().ToString());
    }

    [Test]
    public async Task Adversary_without_keys_forged_origins_of_two_frames_each_cannot_flush_a_live_nodes_state()
    {
        string busName = NewBusName();
        NodePubSub a = await Node("a@test", null, busName);

        // b's origins stay live for 5 of its 10 s heartbeat intervals: the whole flood arrives inside that, so every forged
        // origin is live too and the table (16,384 origin streams) fills with live ones.
        NodePubSub b = await Node("b@test", o => o.HeartbeatInterval = TimeSpan.FromSeconds(10), busName);
        IAsyncEnumerator<object> reader = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        await a.BroadcastAsync(Cluster, M(1));
        await a.BroadcastAsync(Cluster, M(2));
        Assert.That(await Within(Read(reader, 2)), Is.EqualTo(Ms(1, 2)));

        // 9,000 forged origins of two frames (the second used to promote them over a live node), then 8,300 of one: 17,300
        // new origins, more than the table holds.
        byte[] body = Record(new NodeDiscovered("flood"));
        List<byte[]> flood = new List<byte[]>(26_400).AddForgedOrigins(9_000, 2, body).AddForgedOrigins(8_300, 1, body);

        flood.Add(Frame.Build(a.InstanceId, 2, "a@test", Cluster, null, Record(new NodeDiscovered("replayed 2"))));
        await InjectManyAsync(b, flood);
        await a.BroadcastAsync(Cluster, M(3));

        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(Ms(3)), "the replay of a's frame 2 was refused; a's frame 3 arrives");

        // On a sharded bus the flood (topic "flood") and a's frames may take different shards, each read in its own order.
        await Eventually(() => b.GetStatistics().Received >= 3 + 26_300);
        NodePubSubStatistics stats = b.GetStatistics();
        TestContext.Out.WriteLine(stats);
        Assert.That(stats.Rejected[FrameRejectReason.Replayed], Is.EqualTo(1), stats.ToString());
        Assert.That(stats.Lost, Is.Zero, "no loss invented: " + stats);

        // The table holds a's streams and 16,384 less of them forged origins; the other newcomers' frames were delivered untracked.
        Assert.That(stats.Untracked, Is.InRange(17_300 - 16_384, 17_300 - 16_384 + 64), stats.ToString());
        Assert.That(stats.Received, Is.EqualTo(3 + 26_300), "every forged frame read once (tracked or not), and a's three");
    }

    [Test]
    public async Task Adversary_a_peer_whose_clock_runs_ahead_does_not_make_a_receiver_invent_loss_at_its_start()
    {
        string busName = NewBusName();
        byte[] key = Enumerable.Repeat((byte)22, 32).ToArray();
        NodePubSub r = await Node("r@test", o => o.SigningKey = key, busName);
        IAsyncEnumerator<object> reader = (await r.SubscribeAsync(Cluster)).GetAsyncEnumerator();

        // Peer x (holding the key) started before r and sent frames 1..49 before r subscribed; its clock runs 2 s ahead,
        // so its heartbeat's start reads 1 s after r's. r now sees x's frame 50, then x's heartbeat.
        Guid x = Guid.NewGuid();
        DateTimeOffset xClock = DateTimeOffset.UtcNow.AddSeconds(2);
        await InjectAsync(r, Frame.Sign(Frame.Build(x, 50, "x@test", Cluster, null, Record(new NodeDiscovered("x 50"))), key, DateTimeOffset.UtcNow.AddSeconds(2)));
        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(new[] { new NodeDiscovered("x 50") }));
        byte[] heartbeat = Frame.Build(x, 50, "x@test", "heartbeat", null, Announcement(xClock.AddSeconds(-1).ToUnixTimeMilliseconds(), 200));
        heartbeat[3] = 6;
        heartbeat[4] = 0;
        await InjectAsync(r, Frame.Sign(heartbeat, key, DateTimeOffset.UtcNow.AddSeconds(2))); // x signs by its own clock, 2 s ahead
        await Task.Delay(500);
        NodePubSubStatistics stats = r.GetStatistics();
        Assert.That(stats.Rejected.Values.Sum(), Is.Zero, stats.ToString());
        Assert.That(stats.Lost, Is.Zero, "frames 1..49 were sent before r subscribed: not r's loss " + stats);

        static byte[] Announcement(long startedAt, int intervalMs)
        {
            var body = new byte[14];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(body, startedAt);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(8), intervalMs);
            return body;
        }
    }

    [Test]
    public async Task Adversary_a_frame_retried_across_an_outage_longer_than_the_replay_window_is_delivered_or_its_publish_fails()
    {
        string busName = NewBusName();
        byte[] key = Enumerable.Repeat((byte)23, 32).ToArray();

        // A publish timeout at or over the window could report success for a frame every receiver refuses: refused up front.
        NodePubSubOptions tooLong = NewOptions();
        tooLong.SigningKey = key;
        tooLong.ReplayWindow = TimeSpan.FromSeconds(1);
        tooLong.PublishTimeout = TimeSpan.FromSeconds(10);
        var refused = Assert.ThrowsAsync<ArgumentException>(async () => await StartBusAsync(tooLong));
        Assert.That(refused!.Message, Does.Contain("PublishTimeout").And.Contain("ReplayWindow"));

        void Keyed(NodePubSubOptions o)
        {
            o.SigningKey = key;
            o.ReplayWindow = TimeSpan.FromSeconds(1);
            o.PublishTimeout = TimeSpan.FromMilliseconds(900);
        }

        NodePubSub receiver = await Node("r@test", Keyed, busName);
        IAsyncEnumerator<object> reader = (await receiver.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        using var proxy = new TcpProxy(ServerPort);
        NodePubSub sender = await NodeThrough(proxy, "s@test", busName, Keyed);
        await sender.BroadcastAsync(Cluster, M(1));
        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(Ms(1)));

        proxy.Refusing = true;
        proxy.Cut();
        Task publish = sender.BroadcastAsync(Cluster, M(2)).AsTask();
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        proxy.Refusing = false;
        Exception? failure = null;
        try
        {
            await publish;
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        if (failure is not null)
        {
            Assert.That(failure, Is.InstanceOf<TimeoutException>(), "the sender is told the frame may not have reached the other nodes");
            return;
        }

        // The sender was told the frame left: on Redis the broker answered the PUBLISH within PublishTimeout, so the frame is
        // inside the window and arrives; on core NATS a publish completes once the client took it (no broker acknowledgement), so
        // a frame buffered across the cut may never reach the broker, or reach it after the window and be refused: either way the
        // receiver counts it as lost from the sender's next heartbeat — never lost silently.
        Task<List<object>> next = Read(reader, 1);
        bool accounted = await Eventually(() => next.IsCompletedSuccessfully || receiver.GetStatistics().Lost >= 1, seconds: 15);
        Assert.That(accounted, Is.True, "the frame arrives or the receiver counts it as lost: " + receiver.GetStatistics());
        if (next.IsCompletedSuccessfully)
        {
            Assert.That(next.Result, Is.EqualTo(Ms(2)));
        }
        else
        {
            Assert.That(receiver.GetStatistics().Lost, Is.EqualTo(1), "exactly the one frame: " + receiver.GetStatistics());
            Assert.That(sender, Is.InstanceOf<EventCatalog.PubSub.Nats.NatsPubSub>(), "only a transport without broker acknowledgement reports success for a frame the receivers never get: " + receiver.GetStatistics());
        }
    }
}
