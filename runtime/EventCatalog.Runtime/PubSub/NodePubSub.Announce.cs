using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Codecs;
using Microsoft.Extensions.Logging;

namespace EventCatalog.PubSub;

/// <summary>
/// Heartbeats and goodbyes: each bus announces its start, its interval and its last sequence number every
/// <see cref="NodePubSubOptions.HeartbeatInterval"/>, and says goodbye when disposed. Receivers count an origin's missing
/// first frames (it started while they were cut off) and missing last frames (it announced a number they never saw), raise
/// <see cref="NodeUp"/>/<see cref="NodeDown"/>, and relay goodbyes in their own heartbeats for nodes that were cut off.
/// </summary>
public partial class NodePubSub
{
    /// <summary>A peer is down after this many of its heartbeat intervals without one (Phoenix.Tracker's max silent periods).</summary>
    internal const int SilentIntervals = 5;

    private static readonly TimeSpan s_departedRetention = TimeSpan.FromMinutes(1);
    private readonly List<(DepartedPeer Peer, long Until)> _departed = new();
    private Task _heartbeats = Task.CompletedTask;
    private long _startedAt;
    private long[] _publishedThrough = new long[1];
    private long _skipped;

    /// <summary>Raised when another node's heartbeat is first heard (Phoenix's <c>nodeup</c>): its instance is live on the bus.</summary>
    public event EventHandler<NodeStatusEventArgs>? NodeUp;

    /// <summary>Raised when another node said goodbye or fell silent for five heartbeat intervals (Phoenix's <c>nodedown</c>); the reason says which.</summary>
    public event EventHandler<NodeStatusEventArgs>? NodeDown;

    /// <summary>The writer's frame <paramref name="sequence"/> on <paramref name="shard"/> reached the broker: heartbeats announce the highest such number of each shard.</summary>
    private void RecordPublished(int shard, long sequence)
    {
        ref long through = ref _publishedThrough[shard];
        long seen = Volatile.Read(ref through);
        while (sequence > seen)
        {
            long previous = Interlocked.CompareExchange(ref through, sequence, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    /// <summary>Sends the first heartbeat (this bus has just started), then one every interval, and looks for silent peers.</summary>
    private async Task HeartbeatAsync()
    {
        CancellationToken stopping = _stopping.Token;
        Task progress = Task.Run(ProgressAsync);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                if (State == NodePubSubState.Connected)
                {
                    await AnnounceAsync(FrameKind.Heartbeat, stopping).ConfigureAwait(false);
                    FindSilentPeers();
                    ExpireSilentReceivers();
                }

                await Task.Delay(_heartbeatInterval, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await progress.ConfigureAwait(false);
    }

    /// <summary>Best effort: the goodbye tells every node this bus's last sequence number, so its last frames are not lost silently.</summary>
    private async Task SayGoodbyeAsync()
    {
        if (Interlocked.Read(ref _startedAt) == 0)
        {
            return;
        }

        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await AnnounceAsync(FrameKind.Goodbye, bounded.Token).ConfigureAwait(false);
    }

    private async Task AnnounceAsync(FrameKind kind, CancellationToken cancellationToken)
    {
        byte[] frame;
        var buffer = new PooledBufferWriter();
        try
        {
            NodeFrame.WriteHeader(buffer, kind, FrameContent.None, InstanceId, NodeName, kind == FrameKind.Goodbye ? "goodbye" : "heartbeat", null, Guid.Empty, 0);
            int room = _maxFrameBytes - buffer.WrittenSpan.Length - (_authentication is null ? 0 : FrameAuthentication.TrailerBytes) - 14;
            new NodeAnnouncement(Interlocked.Read(ref _startedAt), (int)_heartbeatInterval.TotalMilliseconds, DepartedToRelay(room)).Write(buffer);
            frame = Finish(buffer);
        }
        finally
        {
            buffer.Clear();
        }

        // One announcement per shard, on that shard and carrying its stream's last number: frames of one shard keep their order,
        // so an announcement never overtakes the frames it counts (a transport without shards has the one stream 0).
        var sends = new Task[_shardCount];
        for (int shard = 0; shard < sends.Length; shard++)
        {
            byte[] copy = shard == sends.Length - 1 ? frame : (byte[])frame.Clone();
            NodeFrame.SetStream(copy, shard);
            NodeFrame.SetSequence(copy, Volatile.Read(ref _publishedThrough[shard]));
            _authentication?.Sign(copy, FrameAuthentication.Now());
            sends[shard] = PublishAnnouncementAsync(copy, shard, kind, cancellationToken);
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
    }

    private async Task PublishAnnouncementAsync(byte[] frame, int shard, FrameKind kind, CancellationToken cancellationToken)
    {
        try
        {
            await (_sharded is null ? _transport.PublishAsync(frame, cancellationToken) : _sharded.PublishAsync(frame, shard, cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            _logger.LogDebug(ex, "{Kind} {Bus} node {Node}: {Frame} not published on shard {Shard}.", _kind, _busName, NodeName, kind, shard);
        }
    }

    /// <summary>The goodbyes heard lately, as many as fit in <paramref name="room"/> bytes.</summary>
    private List<DepartedPeer> DepartedToRelay(int room)
    {
        var relay = new List<DepartedPeer>();
        long now = Stopwatch.GetTimestamp();
        lock (_sequences)
        {
            _departed.RemoveAll(d => d.Until < now);
            foreach ((DepartedPeer peer, _) in _departed)
            {
                int size = 34 + Encoding.UTF8.GetByteCount(peer.Node);
                if (relay.Count == NodeAnnouncement.MaxDeparted || size > room)
                {
                    break;
                }

                room -= size;
                relay.Add(peer);
            }
        }

        return relay;
    }

    /// <summary>A heartbeat or goodbye from another instance, authenticated (with keys) and with a readable header.</summary>
    /// <param name="header">The frame's header.</param>
    /// <param name="signedAt">The frame's signed send time (Unix ms); 0 without keys.</param>
    private void OnAnnouncement(in NodeFrame.Header header, long signedAt)
    {
        if (!NodeAnnouncement.TryRead(header.Body.Span, out NodeAnnouncement announcement, out string problem))
        {
            Reject(FrameRejectReason.Malformed, problem, header);
            return;
        }

        bool goodbye = header.Kind == FrameKind.Goodbye;

        // Sequences are per (origin, stream); a node's liveness (NodeUp/NodeDown) is its stream 0's, which every bus has.
        Guid sender = header.SequenceKey;
        bool liveness = header.Stream == 0;
        var changes = new List<(bool Up, NodeStatusEventArgs Args)>();
        var tally = new Tally();
        long previous = 0;
        long accountedFor = 0;
        lock (_sequences)
        {
            // Heartbeats carry no sequence number of their own: with keys, their signed send time orders them, so a captured
            // heartbeat replayed inside the window cannot bring a silent node back up or keep a dead one up. (A heartbeat that
            // arrives after its origin's goodbye changes nothing either way: Account ignores a departed origin.)
            OriginSequences.Origin? known = signedAt > 0 ? _sequences.Find(sender) : null;
            if (known is not null && !goodbye && !known.Departed && signedAt <= known.AnnouncedAt)
            {
                previous = known.AnnouncedAt;
            }
            else
            {
                Account(sender, header.OriginNode, announcement.StartedAt, StartedHere(announcement.StartedAt, signedAt), announcement.IntervalMs, header.Sequence, goodbye, relayed: false, liveness, ref tally, changes, header.Stream);
                accountedFor = _sequences.Find(sender)?.Last ?? 0;
                if (signedAt > 0 && _sequences.Find(sender) is { } origin && signedAt > origin.AnnouncedAt)
                {
                    origin.AnnouncedAt = signedAt;
                }

                foreach (DepartedPeer peer in announcement.Departed)
                {
                    if (peer.Instance != InstanceId && peer.Instance != header.Origin)
                    {
                        Account(peer.Instance, peer.Node, peer.StartedAt, peer.StartedAt, 0, peer.Last, goodbye: true, relayed: true, liveness: true, ref tally, changes, stream: -1);
                    }
                }
            }

            // A node's last number is summed over its streams once the whole announcement (its relayed goodbyes included) is in.
            for (int i = 0; i < changes.Count; i++)
            {
                NodeStatusEventArgs args = changes[i].Args;
                changes[i] = (changes[i].Up, new NodeStatusEventArgs(args.NodeName, args.Instance, args.Reason, LastOverStreams(args.Instance), args.At));
            }

            if (goodbye && !_departed.Exists(d => d.Peer.Instance == sender))
            {
                if (_departed.Count == NodeAnnouncement.MaxDeparted)
                {
                    _departed.RemoveAt(0);
                }

                _departed.Add((new DepartedPeer(sender, header.OriginNode, announcement.StartedAt, header.Sequence), Stopwatch.GetTimestamp() + (long)(s_departedRetention.TotalSeconds * Stopwatch.Frequency)));
            }
        }

        if (previous > 0)
        {
            Reject(FrameRejectReason.Replayed, $"a heartbeat sent at {signedAt} (Unix ms), not after the last one heard from this origin (sent at {previous})", header);
            return;
        }

        NoteAccountedFor(header.Origin, header.Stream, accountedFor);
        if (tally.Lost > 0)
        {
            Saturating.Add(ref _lost, tally.Lost);
            _metrics.Lost(tally.Lost);
            _logger.LogWarning("{Kind} {Bus} node {Node}: {Count} frames were lost at the edges of other nodes' sequences (announced by {Origin}'s {Frame}: frames before the first one seen of a node that started after this one, or after the last one seen).", _kind, _busName, NodeName, tally.Lost, header.OriginNode, header.Kind);
        }

        if (tally.Refused > 0)
        {
            Reject(FrameRejectReason.SequenceJump, $"an announced last sequence number more than {_maxSequenceGap} ({_optionsName}.MaxSequenceGap) past the last one seen", header);
        }

        foreach ((bool up, NodeStatusEventArgs args) in changes)
        {
            LogStatus(up, args);
            if (!up)
            {
                ForgetReceiver(args.Instance);
            }
            else
            {
                ExpectReceiver(args.Instance);
            }

            Post(up ? NodeUp : NodeDown, args);
        }
    }

    /// <summary>
    /// Applies one announcement (or a relayed goodbye) to an origin's state; the caller holds the lock on <see cref="_sequences"/>.
    /// <c>stream</c> is the announcement's stream (shard); -1 for a relayed goodbye, whose stream is not known.
    /// </summary>
    private void Account(Guid instance, string node, long startedAt, long startedHere, int intervalMs, long last, bool goodbye, bool relayed, bool liveness, ref Tally tally, List<(bool Up, NodeStatusEventArgs Args)> changes, int stream)
    {
        long mine = Interlocked.Read(ref _startedAt);

        // Everything an origin sent is owed to this node when the origin started after this node's subscription (to the shard) worked.
        bool owed = mine > 0 && startedHere >= Math.Max(mine, ReceivingSince(stream));
        OriginSequences.Origin? origin = _sequences.Find(instance);
        if (origin is null)
        {
            if (relayed && !owed)
            {
                return; // a peer this node never knew and was not owed: nothing to account for.
            }

            origin = _sequences.Announced(instance, out _, Math.Max(stream, 0));
            if (origin is null)
            {
                return; // the table is full of live origins: this one is not tracked (counted in Untracked).
            }
        }
        else if (!relayed)
        {
            _sequences.Announced(instance, out _);
        }

        if (origin.Departed)
        {
            return;
        }

        if (origin.Adopt)
        {
            // Tracked only now, after the table was full: its earlier frames may have been delivered untracked, so the
            // announced number is its baseline; nothing before it is counted (uncounted loss at worst, never invented).
            origin.Adopt = false;
            origin.StartAccounted = true;
            if (last > origin.Last && last - origin.Last <= _maxSequenceGap)
            {
                origin.Last = last;
            }
        }

        origin.Node = node;
        origin.StartedAt = startedAt;
        if (!relayed)
        {
            origin.IntervalMs = intervalMs;
            origin.HeardAt = Stopwatch.GetTimestamp();
        }

        if (!origin.StartAccounted)
        {
            origin.StartAccounted = true;
            if (owed && origin.First > 1)
            {
                Count(origin.First - 1, ref tally);
            }
            else if (!owed && origin.First == 0 && last > origin.Last)
            {
                origin.Last = last; // started before this node: what it sent before is not this node's loss.
            }
        }

        if (last > origin.Last)
        {
            long gap = last - origin.Last;
            if (gap > _maxSequenceGap)
            {
                tally.Refused++;
                return; // an announcement never moves a baseline past the bound (a forged one would silence the origin)
            }

            Count(gap, ref tally);
            origin.Last = last;
            origin.JumpedTo = 0;
        }

        DateTimeOffset at = DateTimeOffset.UtcNow;
        if (goodbye)
        {
            origin.Departed = true;
            if (origin.Up)
            {
                origin.Up = false;
                changes.Add((false, new NodeStatusEventArgs(node, instance, NodeStatusReason.Goodbye, LastOverStreams(instance), at)));
            }
        }
        else if (!origin.Up && liveness)
        {
            origin.Up = true;
            changes.Add((true, new NodeStatusEventArgs(node, instance, NodeStatusReason.Heartbeat, LastOverStreams(instance), at)));
        }
    }

    /// <summary>
    /// When an origin started, on this node's clock: with keys, the origin's uptime at its signed send time (two readings of
    /// the origin's own clock, so a clock set ahead or behind does not matter) taken back from now; without keys, the
    /// origin's own start time (its clock and this node's are then assumed to agree).
    /// </summary>
    private static long StartedHere(long startedAt, long signedAt) =>
        signedAt > 0 && signedAt >= startedAt ? FrameAuthentication.Now() - (signedAt - startedAt) : startedAt;

    private void Count(long missing, ref Tally tally)
    {
        if (missing > _maxSequenceGap)
        {
            Saturating.Add(ref _skipped, missing);
        }
        else
        {
            tally.Lost = tally.Lost > long.MaxValue - missing ? long.MaxValue : tally.Lost + missing;
        }
    }

    /// <summary>Peers silent for <see cref="SilentIntervals"/> of their intervals while this bus was connected are down.</summary>
    private void FindSilentPeers()
    {
        var changes = new List<NodeStatusEventArgs>();
        long now = Stopwatch.GetTimestamp();
        long connectedSince = Volatile.Read(ref _connectedSince);
        lock (_sequences)
        {
            foreach (OriginSequences.Origin origin in _sequences.All)
            {
                if (!origin.Up)
                {
                    continue;
                }

                long heard = Math.Max(origin.HeardAt, connectedSince);
                if (now - heard > SilentIntervals * (long)origin.IntervalMs * Stopwatch.Frequency / 1000)
                {
                    origin.Up = false;
                    changes.Add(new NodeStatusEventArgs(origin.Node ?? string.Empty, origin.Id, NodeStatusReason.HeartbeatTimeout, LastOverStreams(origin.Id), DateTimeOffset.UtcNow));
                }
            }
        }

        foreach (NodeStatusEventArgs args in changes)
        {
            LogStatus(false, args);
            ForgetReceiver(args.Instance);
            Post(NodeDown, args);
        }
    }

    /// <summary>
    /// The last sequence numbers heard of <paramref name="instance"/>, summed over its streams (one per shard; each numbers
    /// from 1, so the sum counts the node's frames); the caller holds the lock on <see cref="_sequences"/>.
    /// </summary>
    private long LastOverStreams(Guid instance)
    {
        long last = 0;
        for (int stream = 0; stream < _shardCount; stream++)
        {
            if (_sequences.Find(NodeFrame.KeyOf(instance, stream)) is { } origin)
            {
                last = origin.Last > long.MaxValue - last ? long.MaxValue : last + origin.Last;
            }
        }

        return last;
    }

    private void LogStatus(bool up, NodeStatusEventArgs args)
    {
        if (up)
        {
            _logger.LogInformation("{Kind} {Bus} node {Node}: node {Peer} (instance {Instance}) is up.", _kind, _busName, NodeName, args.NodeName, args.Instance);
        }
        else
        {
            _logger.LogWarning("{Kind} {Bus} node {Node}: node {Peer} (instance {Instance}) is down ({Reason}) after sequence number {Last}.", _kind, _busName, NodeName, args.NodeName, args.Instance, args.Reason, args.LastSequence);
        }
    }

    private struct Tally
    {
        public long Lost;
        public int Refused;
    }
}
