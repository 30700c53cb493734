using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EventCatalog.LocalServers;
using NUnit.Framework;
using static EventCatalog.PubSub.Redis.Tests.TestKit;

namespace EventCatalog.PubSub.Conformance.Tests;

/// <summary>
/// Back-pressure against the slowest receiver (NodePubSubOptions.WaitForSlowestReceiver, progress frames of kind 8,
/// docs/node-frames.md "Progress") on every node bus against its real server: a live node that stops reading holds its
/// publishers at MaxOutboundQueue (publishes then time out as documented, nothing is lost); a node that dies holds them only
/// until its NodeDown; hostile and forged progress frames are refused and change nothing. The slow node reads through a
/// <see cref="TcpProxy"/> that holds what the server sends it.
/// </summary>
public abstract partial class NodeBusConformance
{
    private const int SmallQueue = 64;

    /// <summary>Whether a raw broker message is a progress frame of <paramref name="origin"/>.</summary>
    private static bool IsProgressFrom(byte[] frame, Guid origin) =>
        frame.Length > 32 && frame[0] == (byte)'E' && frame[3] == 8 && new Guid(frame.AsSpan(8, 16)) == origin;

    /// <summary>A progress frame by hand (docs/node-frames.md): header with sequence 0, topic "progress", then the flags, the count and the positions.</summary>
    private static byte[] Progress(Guid origin, string node, byte stream, IReadOnlyList<(Guid Origin, long Last)> positions, int? count = null, long sequence = 0, byte flags = 0)
    {
        byte[] frame = Frame.Build(origin, sequence, node, "progress", null, Array.Empty<byte>());
        frame[3] = 8;
        frame[4] = 0;
        frame[5] = stream;
        var body = new byte[3 + (24 * positions.Count)];
        body[0] = flags;
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(1), (ushort)(count ?? positions.Count));
        for (int i = 0; i < positions.Count; i++)
        {
            positions[i].Origin.ToByteArray().CopyTo(body, 3 + (24 * i));
            BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(3 + (24 * i) + 16), positions[i].Last);
        }

        return frame.Concat(body).ToArray();
    }

    /// <summary>Starts a publisher a and a receiver b (through <paramref name="proxy"/>) and waits until a has heard b's progress.</summary>
    private async Task<(NodePubSub A, NodePubSub B, IAsyncEnumerator<object> Reader)> PublisherAndHeldReceiver(TcpProxy proxy, string busName, Action<NodePubSubOptions>? configure = null)
    {
        NodePubSub a = await Node("a@test", o =>
        {
            o.MaxOutboundQueue = SmallQueue;
            o.OutboundQueueTimeout = TimeSpan.FromSeconds(1);
            configure?.Invoke(o);
        }, busName);
        NodePubSub b = await NodeThrough(proxy, "b@test", busName, o =>
        {
            o.SubscriberCapacity = 10_000;
            configure?.Invoke(o);
        });
        IAsyncEnumerator<object> reader = b.Subscribe(Cluster).GetAsyncEnumerator();
        await using (FrameTap tap = await TapAsync(a))
        {
            await a.BroadcastAsync(Cluster, M(0));
            Assert.That(await Within(Read(reader, 1)), Is.EqualTo(Ms(0)));
            Assert.That(await Eventually(() => tap.Frames.Any(f => IsProgressFrom(f, b.InstanceId))), Is.True, "b reports how far it has received a's frames");
        }

        Assert.That(await Eventually(() => a.OutboundQueueDepth == 0), Is.True, "a's first frame is back from a and from b");
        return (a, b, reader);
    }

    /// <summary>Publishes <paramref name="count"/> messages without awaiting them one by one; the deepest outbound queue seen meanwhile.</summary>
    private static async Task<(Task[] Publishes, long Deepest)> PublishWatching(NodePubSub a, int first, int count)
    {
        Task[] publishes = Enumerable.Range(first, count).Select(i => a.BroadcastAsync(Cluster, M(i)).AsTask()).ToArray();
        Task all = Task.WhenAll(publishes);
        long deepest = a.OutboundQueueDepth;
        DateTime guard = DateTime.UtcNow + Guard;
        while (!all.IsCompleted && DateTime.UtcNow < guard)
        {
            deepest = Math.Max(deepest, a.OutboundQueueDepth);
            await Task.WhenAny(all, Task.Delay(5));
        }

        Assert.That(all.IsCompleted, Is.True, "every publish completed or failed");
        return (publishes, Math.Max(deepest, a.OutboundQueueDepth));
    }

    [Test]
    public async Task A_live_receiver_that_stops_reading_holds_the_publisher_at_MaxOutboundQueue_the_rest_time_out_and_nothing_is_lost()
    {
        string busName = NewBusName();
        using var proxy = new TcpProxy(ServerPort);
        (NodePubSub a, NodePubSub b, IAsyncEnumerator<object> reader) = await PublisherAndHeldReceiver(proxy, busName);

        // b stays up (its heartbeats still reach the server) but reads nothing: a's own echoes come back at once, b's reports do not.
        proxy.HoldingToClients = true;
        (Task[] publishes, long deepest) = await PublishWatching(a, 1, 300);
        TestContext.Out.WriteLine($"deepest outbound queue {deepest}; {publishes.Count(p => p.IsFaulted)} publishes timed out");
        Assert.That(deepest, Is.LessThanOrEqualTo(SmallQueue), "the queue never holds more than b has not received");
        Assert.That(publishes.Take(SmallQueue).All(p => p.Status == TaskStatus.RanToCompletion), Is.True, "the first MaxOutboundQueue publishes went out");
        List<Exception> failures = publishes.Skip(SmallQueue).Select(p => p.Exception?.GetBaseException()).OfType<Exception>().ToList();
        Assert.That(failures, Has.Count.EqualTo(300 - SmallQueue), "the rest waited for b and timed out");
        Assert.That(failures.All(f => f is OutboundQueueFullException), Is.True, string.Join("\n", failures.Take(3)));
        var full = (OutboundQueueFullException)failures[0];
        Assert.That(full.Message, Does.Contain(busName).And.Contain("a@test").And.Contain("held " + SmallQueue + " frames"));
        Assert.That(full.QueueDepth, Is.EqualTo(SmallQueue));

        // b reads again: it gets every frame that went out, in order, and reports it, and a's queue empties.
        proxy.HoldingToClients = false;
        Assert.That(await Within(Read(reader, SmallQueue)), Is.EqualTo(Enumerable.Range(1, SmallQueue).Select(M).ToArray()));
        Assert.That(await Eventually(() => a.OutboundQueueDepth == 0), Is.True, "b's report brings a's queue back to 0");
        await Within(a.BroadcastAsync(Cluster, M(1000)).AsTask());
        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(Ms(1000)));
        NodePubSubStatistics stats = b.GetStatistics();
        Assert.That(stats.Lost, Is.Zero, stats.ToString());
        Assert.That(stats.Rejected.Values.Sum(), Is.Zero, stats.ToString());
        Assert.That(a.GetStatistics().Rejected.Values.Sum(), Is.Zero, a.GetStatistics().ToString());
    }

    [Test]
    public async Task A_slow_receiver_slows_the_publisher_to_its_pace_every_publish_succeeds_and_the_queue_stays_bounded()
    {
        string busName = NewBusName();
        using var proxy = new TcpProxy(ServerPort);
        (NodePubSub a, NodePubSub b, IAsyncEnumerator<object> reader) = await PublisherAndHeldReceiver(proxy, busName, o => o.OutboundQueueTimeout = TimeSpan.FromSeconds(20));

        // b reads in bursts with pauses (a node starved of CPU): a must wait for it, never run more than the bound ahead.
        const int count = 1_000;
        Task pulsing = Task.Run(async () =>
        {
            for (int i = 0; i < 40; i++)
            {
                proxy.HoldingToClients = true;
                await Task.Delay(40);
                proxy.HoldingToClients = false;
                await Task.Delay(10);
            }
        });
        Task<List<object>> reading = Read(reader, count);
        (Task[] publishes, long deepest) = await PublishWatching(a, 1, count);
        await Within(pulsing);
        proxy.HoldingToClients = false;
        Assert.That(publishes.All(p => p.Status == TaskStatus.RanToCompletion), Is.True, publishes.FirstOrDefault(p => p.IsFaulted)?.Exception?.GetBaseException().ToString());
        Assert.That(deepest, Is.LessThanOrEqualTo(SmallQueue));
        Assert.That(await Within(reading), Is.EqualTo(Enumerable.Range(1, count).Select(M).ToArray()), "every frame, in order");
        Assert.That(b.GetStatistics().Lost, Is.Zero, b.GetStatistics().ToString());
        TestContext.Out.WriteLine($"deepest outbound queue {deepest}");
    }

    [Test]
    public async Task A_receiver_that_dies_without_goodbye_holds_the_publisher_only_until_its_NodeDown()
    {
        string busName = NewBusName();
        using var proxy = new TcpProxy(ServerPort);
        (NodePubSub a, NodePubSub b, _) = await PublisherAndHeldReceiver(proxy, busName, o =>
        {
            Fast(o);
            o.OutboundQueueTimeout = TimeSpan.FromSeconds(10);
        });
        var down = new TaskCompletionSource<NodeStatusEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.NodeDown += (_, e) =>
        {
            if (e.Instance == b.InstanceId)
            {
                down.TrySetResult(e);
            }
        };

        // b's connections are killed and stay refused: no goodbye, no more heartbeats or reports.
        proxy.Refusing = true;
        proxy.Cut();
        (Task[] publishes, long deepest) = await PublishWatching(a, 1, 500);
        Assert.That((await Within(down.Task)).Reason, Is.EqualTo(NodeStatusReason.HeartbeatTimeout), "a saw b go down");
        Assert.That(publishes.All(p => p.Status == TaskStatus.RanToCompletion), Is.True, "after b's NodeDown nothing holds a: " + publishes.FirstOrDefault(p => p.IsFaulted)?.Exception?.GetBaseException().Message);
        Assert.That(deepest, Is.LessThanOrEqualTo(SmallQueue));
        Assert.That(await Eventually(() => a.OutboundQueueDepth == 0), Is.True);
    }

    [Test]
    public async Task A_receiver_that_lost_a_whole_window_to_a_short_cut_releases_the_publisher_at_the_next_heartbeat_and_counts_the_loss()
    {
        string busName = NewBusName();
        using var proxy = new TcpProxy(ServerPort);
        (NodePubSub a, NodePubSub b, IAsyncEnumerator<object> reader) = await PublisherAndHeldReceiver(proxy, busName, o =>
        {
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
            o.OutboundQueueTimeout = TimeSpan.FromSeconds(20);
        });
        bool bWentDown = false;
        a.NodeDown += (_, e) => bWentDown |= e.Instance == b.InstanceId;

        // b is cut off while a sends a whole window: those frames never reach b, so b can never report past them by receiving.
        proxy.Refusing = true;
        proxy.Cut();
        Task[] lostToB = Enumerable.Range(1, SmallQueue).Select(i => a.BroadcastAsync(Cluster, M(i)).AsTask()).ToArray();
        await Within(Task.WhenAll(lostToB));
        Task[] held = Enumerable.Range(SmallQueue + 1, 20).Select(i => a.BroadcastAsync(Cluster, M(i)).AsTask()).ToArray();
        Assert.That(await StaysPending(Task.WhenAll(held)), Is.True, "a is held by b's last report");
        proxy.Refusing = false;

        // b is back (well inside five heartbeat intervals): a's next heartbeat tells it a's last number, b counts the window as lost
        // and reports that position, and a goes on.
        await Within(Task.WhenAll(held));
        Assert.That(await Within(Read(reader, 20)), Is.EqualTo(Enumerable.Range(SmallQueue + 1, 20).Select(M).ToArray()));
        Assert.That(bWentDown, Is.False, "released by b's report, not by b's NodeDown");
        Assert.That(b.GetStatistics().Lost, Is.EqualTo(SmallQueue), b.GetStatistics().ToString());
    }

    [Test]
    public async Task A_publisher_whose_window_is_smaller_than_the_receivers_report_interval_asks_for_reports_and_keeps_going()
    {
        string busName = NewBusName();
        // a's window (16) is far under b's report interval (2,048 / 4 = 512 frames, or 25 ms): a asks for b's reports when only
        // they hold it, so it runs at the pace of a round trip, not one window per 25 ms (which would take 16 s for these, and the
        // last publishes, in line from the start, would time out after OutboundQueueTimeout, 5 s).
        NodePubSub a = await Node("a@test", o => o.MaxOutboundQueue = 16, busName);
        NodePubSub b = await Node("b@test", o => o.SubscriberCapacity = 10_000, busName);
        IAsyncEnumerator<object> reader = b.Subscribe(Cluster).GetAsyncEnumerator();
        await a.BroadcastAsync(Cluster, M(0));
        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(Ms(0)));
        await Task.Delay(100); // b's first report is in: from now on b holds a
        const int count = 10_000;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        (Task[] publishes, long deepest) = await PublishWatching(a, 1, count);
        TestContext.Out.WriteLine($"{count} publishes through a window of 16 in {clock.ElapsedMilliseconds} ms");
        Assert.That(publishes.All(p => p.Status == TaskStatus.RanToCompletion), Is.True, publishes.FirstOrDefault(p => p.IsFaulted)?.Exception?.GetBaseException().Message);
        Assert.That(deepest, Is.LessThanOrEqualTo(16));
        Assert.That(await Within(Read(reader, count)), Is.EqualTo(Enumerable.Range(1, count).Select(M).ToArray()));
        Assert.That(b.GetStatistics().Lost, Is.Zero);
    }

    [Test]
    public async Task WaitForSlowestReceiver_false_lets_the_publisher_run_ahead_of_a_receiver_that_stops_reading()
    {
        string busName = NewBusName();
        using var proxy = new TcpProxy(ServerPort);
        (NodePubSub a, NodePubSub b, IAsyncEnumerator<object> reader) = await PublisherAndHeldReceiver(proxy, busName, o => o.WaitForSlowestReceiver = false);
        proxy.HoldingToClients = true;
        (Task[] publishes, _) = await PublishWatching(a, 1, 300);
        Assert.That(publishes.All(p => p.Status == TaskStatus.RanToCompletion), Is.True, "only a's own echo counts");
        proxy.HoldingToClients = false;
        Assert.That(await Within(Read(reader, 300)), Is.EqualTo(Enumerable.Range(1, 300).Select(M).ToArray()));
        Assert.That(b.GetStatistics().Lost, Is.Zero);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Hostile_and_forged_progress_frames_are_refused_and_counted_and_never_open_a_held_publishers_window(bool signed)
    {
        string busName = NewBusName();
        byte[] key = Enumerable.Repeat((byte)8, 32).ToArray();
        using var proxy = new TcpProxy(ServerPort);
        (NodePubSub a, NodePubSub b, _) = await PublisherAndHeldReceiver(proxy, busName, o =>
        {
            o.OutboundQueueTimeout = TimeSpan.FromSeconds(30);
            if (signed)
            {
                o.SigningKey = key;
            }
        });
        proxy.HoldingToClients = true;
        Task[] publishes = Enumerable.Range(1, SmallQueue + 10).Select(i => a.BroadcastAsync(Cluster, M(i)).AsTask()).ToArray();
        Assert.That(await Eventually(() => a.OutboundQueueDepth == SmallQueue), Is.True, "a is held by b");
        byte stream = (byte)a.ShardOf(Cluster, M(0));
        var forever = new[] { (a.InstanceId, long.MaxValue) };

        // Malformed whatever the keys: each is refused before it changes anything.
        var malformed = new List<byte[]>
        {
            Progress(b.InstanceId, "b@test", stream, forever, count: 0),
            Progress(b.InstanceId, "b@test", stream, forever, count: 257),
            Progress(b.InstanceId, "b@test", stream, forever, count: 2),
            Progress(b.InstanceId, "b@test", stream, new[] { (a.InstanceId, 0L) }),
            Progress(b.InstanceId, "b@test", stream, new[] { (a.InstanceId, -5L) }),
            Progress(b.InstanceId, "b@test", stream, Array.Empty<(Guid, long)>()).Take(Progress(b.InstanceId, "b@test", stream, Array.Empty<(Guid, long)>()).Length - 1).ToArray(),
            Progress(b.InstanceId, "b@test", stream, forever, sequence: 7),
            Progress(b.InstanceId, "b@test", stream, forever).Concat(new byte[] { 1 }).ToArray(),
            Progress(b.InstanceId, "b@test", stream, forever, flags: 2),
            Progress(b.InstanceId, "b@test", stream, forever, flags: 0x81),
        };
        var forged = new List<byte[]>
        {
            Progress(b.InstanceId, "b@test", stream, forever), // b's own instance, a position past everything
            Progress(Guid.NewGuid(), "ghost@test", stream, forever), // a node that is not up
        };
        long before = a.GetStatistics().Rejected.Values.Sum();
        if (signed)
        {
            // Without the key: unsigned, or signed with another key. Refused unread: no position is read.
            var unsigned = malformed.Concat(forged).ToList();
            var wrongKey = unsigned.Select(f => Frame.Sign(f, Enumerable.Repeat((byte)9, 32).ToArray(), DateTimeOffset.UtcNow)).ToList();
            await InjectManyAsync(a, unsigned.Concat(wrongKey).ToList());
            Assert.That(await Eventually(() => a.GetStatistics().Rejected[FrameRejectReason.Unauthenticated] >= unsigned.Count * 2), Is.True, a.GetStatistics().ToString());

            // With the key (an insider's hostile bytes): malformed ones are refused all the same.
            await InjectManyAsync(a, malformed.Select(f => Frame.Sign(f, key, DateTimeOffset.UtcNow)).ToList());
            Assert.That(await Eventually(() => a.GetStatistics().Rejected[FrameRejectReason.Malformed] >= malformed.Count), Is.True, a.GetStatistics().ToString());
        }
        else
        {
            await InjectManyAsync(a, malformed);
            Assert.That(await Eventually(() => a.GetStatistics().Rejected[FrameRejectReason.Malformed] >= malformed.Count), Is.True, a.GetStatistics().ToString());
            await InjectManyAsync(a, new List<byte[]> { forged[1] });
        }

        await Task.Delay(300);
        NodePubSubStatistics stats = a.GetStatistics();
        TestContext.Out.WriteLine(stats);
        Assert.That(stats.Rejected[FrameRejectReason.Malformed], Is.EqualTo(malformed.Count), stats.ToString());
        Assert.That(stats.Rejected.Values.Sum() - before, Is.EqualTo(signed ? (malformed.Count * 3) + (forged.Count * 2) : malformed.Count), stats.ToString());
        Assert.That(a.OutboundQueueDepth, Is.EqualTo(SmallQueue), "no hostile or forged report opened the window");
        Assert.That(publishes.Skip(SmallQueue).Any(p => p.IsCompleted), Is.False, "the waiting publishes still wait");
        proxy.HoldingToClients = false;
        await Within(Task.WhenAll(publishes));
        Assert.That(b.GetStatistics().Lost, Is.Zero);
    }
}
