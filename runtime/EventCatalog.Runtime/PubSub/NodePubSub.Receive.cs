using System;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace EventCatalog.PubSub;

/// <summary>The receive path: every frame the transport hands in is checked before it changes any state, then sequenced, decoded and delivered.</summary>
public partial class NodePubSub
{
    /// <summary>When this instance was created (Unix ms, this node's clock): no signed frame sent before it is read.</summary>
    private readonly long _createdAt = FrameAuthentication.Now();
    private readonly OriginSequences _sequences;

    /// <summary>
    /// How long an origin's sequence state is kept live after it was last heard from (a frame or an announcement), whatever
    /// new origins arrive: <see cref="SilentIntervals"/> heartbeat intervals, and with keys at least twice the replay window,
    /// so the state outlives every captured frame of the origin that could still pass the window (clocks within one window).
    /// </summary>
    private static TimeSpan OriginLiveFor(NodePubSubOptions options)
    {
        TimeSpan live = TimeSpan.FromTicks(options.HeartbeatInterval.Ticks * SilentIntervals);
        TimeSpan window = TimeSpan.FromTicks(options.ReplayWindow.Ticks * 2);
        return options.SigningKey is not null && window > live ? window : live;
    }

    private void OnFrame(ReadOnlyMemory<byte> frame)
    {
        if (State == NodePubSubState.Disposed)
        {
            return;
        }

        try
        {
            Receive(frame);
        }
        catch (Exception ex)
        {
            // The receive path never dies on a frame: whatever went wrong, this frame is counted and the next one is read.
            Reject(FrameRejectReason.Malformed, "unexpected error while reading the frame: " + ex.Message, null);
        }
    }

    private void Receive(ReadOnlyMemory<byte> frame)
    {
        if (frame.Length > _maxFrameBytes)
        {
            Reject(FrameRejectReason.Oversize, $"a frame of {frame.Length} bytes, over the frame limit ({_maxFrameBytes})", null);
            return;
        }

        long signedAt = 0;
        if (_authentication is not null)
        {
            // Before anything else is read or any state changes: only the version byte and the trailer are looked at.
            string? refused = _authentication.Verify(frame.Span, FrameAuthentication.Now(), out bool stale, out signedAt);
            if (refused is not null)
            {
                Reject(stale ? FrameRejectReason.OutsideReplayWindow : FrameRejectReason.Unauthenticated, refused, null);
                return;
            }

            frame = frame.Slice(0, frame.Length - FrameAuthentication.TrailerBytes);
        }
        else if (frame.Length >= 3 + FrameAuthentication.TrailerBytes && frame.Span[2] == FrameAuthentication.SignedVersion)
        {
            // A signed frame at a node without keys (a rolling upgrade): read as any frame is here, unverified.
            frame = frame.Slice(0, frame.Length - FrameAuthentication.TrailerBytes);
        }

        if (NodeBatch.IsBatch(frame.Span))
        {
            ReceiveBatch(frame, signedAt);
            return;
        }

        if (!NodeFrame.TryRead(frame, out NodeFrame.Header header, out FrameRejectReason reason, out string problem))
        {
            Reject(reason, problem, null);
            return;
        }

        Process(header, signedAt);
    }

    /// <summary>One frame whose header has been read and checked (alone, or as one of a batch's): self-echo, announcements, sequence, decode, delivery.</summary>
    private void Process(in NodeFrame.Header header, long signedAt)
    {
        if (signedAt != 0 && signedAt < _createdAt)
        {
            // An authentic frame signed before this instance was created: a restarted receiver knows no sequence numbers, so
            // nothing else would refuse captured traffic replayed inside the window. It changes no state and is not delivered.
            // Heartbeats, goodbyes and probes are dropped uncounted (a peer's is in flight whenever a node starts, and the next
            // heartbeat says the same); an event frame is refused and counted: in flight while this node started, or replayed.
            if (!NodeFrame.IsControl(header.Kind))
            {
                Reject(FrameRejectReason.OutsideReplayWindow, $"a frame sent at {signedAt} (Unix ms), before this node was created at {_createdAt}: this node reads only frames sent after it was created (captured traffic replayed, or in flight while it started)", header);
            }

            return;
        }

        if (!ShardOpen(header.Stream))
        {
            // A shard this node does not receive now (ShardSubscription.Needed), so not sent on that shard (the transport hands over
            // no frame of a shard it is not subscribed to): forged or misrouted; it keeps no state of that shard (docs/scale.md).
            Reject(FrameRejectReason.Malformed, $"a frame of shard {header.Stream}, which this node does not receive now ({_optionsName}.ShardSubscription Needed), so not sent on that shard", header);
            return;
        }

        if (header.Origin == InstanceId)
        {
            if (header.Kind == FrameKind.Probe)
            {
                if (ProbeBackOnEveryShard(header))
                {
                    OnOwnProbe(header.Topic);
                }
            }
            else if (!NodeFrame.IsControl(header.Kind))
            {
                Interlocked.Increment(ref _selfEchoes);
                OnOwnFrameBack(header.Stream, header.Sequence);
            }

            return;
        }

        if (string.Equals(header.OriginNode, NodeName, StringComparison.Ordinal))
        {
            OnSameNodeName(header.Origin);
        }

        if (header.Kind == FrameKind.Probe)
        {
            return;
        }

        if (header.Kind is FrameKind.Heartbeat or FrameKind.Goodbye)
        {
            OnAnnouncement(header, signedAt);
            return;
        }

        if (header.Kind == FrameKind.Progress)
        {
            OnProgress(header);
            return;
        }

        // The event is read before the frame takes its place in its origin's sequence: a frame that does not decode must
        // not move the origin's baseline (a forged "sequence long.MaxValue" with a garbage body would silence the origin).
        EventReadResult read = _codec.Read(header.Body.Span);
        if (!read.IsOk)
        {
            FrameRejectReason why = read.Status switch
            {
                EventReadStatus.UnknownType => FrameRejectReason.UnknownType,
                EventReadStatus.UnknownVersion => FrameRejectReason.UnknownEventVersion,
                EventReadStatus.TooLarge => FrameRejectReason.Oversize,
                _ => FrameRejectReason.Malformed,
            };

            // Authentic frames (signed) keep their place even when this node cannot read the event (a newer node's); without
            // keys only the very next number does, which can neither hide nor invent a loss.
            bool placed;
            if (_authentication is not null)
            {
                placed = Sequence(header);
            }
            else
            {
                lock (_sequences)
                {
                    placed = _sequences.TryAdvanceByOne(header.SequenceKey, header.Sequence);
                }
            }

            if (placed)
            {
                CountReceived();
                NoteProgress(header);
            }

            if (placed || _authentication is null)
            {
                Reject(why, read.Error ?? read.Status.ToString(), header);
            }

            return;
        }

        if (!Sequence(header))
        {
            return;
        }

        CountReceived();
        NoteProgress(header);
        if (header.Kind == FrameKind.Direct && !string.Equals(header.TargetNode, NodeName, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _notForThisNode);
            return;
        }

        IEventEnvelope envelope = read.Envelope!;
        if (envelope.Data is ICatalogEvent data && CatalogTopics.Mismatch(data, header.Topic) is { } topicCategory)
        {
            Reject(FrameRejectReason.WrongCategory, $"a '{data.Category}' event '{envelope.EventType}' on topic \"{header.Topic}\" of category '{topicCategory}'", header);
            return;
        }

        object? message = header.Content switch
        {
            FrameContent.Envelope => envelope,
            FrameContent.Record => envelope.Data as ICatalogEvent,
            _ => read.Payload,
        };
        if (message is null)
        {
            Reject(FrameRejectReason.Malformed, header.Content == FrameContent.Record ? "a record frame whose event has no catalog data" : "a payload frame without a wrapper", header);
            return;
        }

        Guid exceptOwner = header.Kind == FrameKind.BroadcastFrom ? header.ExceptInstance : Guid.Empty;
        int delivered = _telemetry.DeliverRemote(_table, header.Topic, message, envelope, exceptOwner, header.ExceptSubscription);
        if (delivered > 0)
        {
            Saturating.Add(ref _delivered, delivered);
            _metrics.Delivered(delivered);
        }
    }

    private void CountReceived()
    {
        Saturating.Add(ref _received, 1);
        _metrics.Received();
    }

    /// <summary>Checks the frame's place in its origin's sequence: counts gaps as lost; refuses replays and jumps over the bound.</summary>
    private bool Sequence(in NodeFrame.Header header)
    {
        SequenceOutcome outcome;
        long last;
        long gap;
        lock (_sequences)
        {
            outcome = _sequences.TryAdvance(header.SequenceKey, header.Sequence, _maxSequenceGap, out last, out gap, header.Stream);
        }

        switch (outcome)
        {
            case SequenceOutcome.Untracked:
                LogUntracked(header.OriginNode, header.Origin);
                return true;
            case SequenceOutcome.Replayed:
                Reject(FrameRejectReason.Replayed, $"sequence {header.Sequence} after {last}", header);
                return false;
            case SequenceOutcome.Jumped:
                Reject(FrameRejectReason.SequenceJump, $"sequence {header.Sequence} after {last}, more than {_optionsName}.MaxSequenceGap ({_maxSequenceGap}) ahead; the origin's baseline stays at {last}", header);
                return false;
            case SequenceOutcome.Rebased:
                Saturating.Add(ref _skipped, gap);
                _logger.LogWarning("{Kind} {Bus} node {Node}: node {Origin} (instance {Instance}) went on from sequence {Sequence} after {Last}: {Gap} numbers skipped, counted as skipped, not lost.", _kind, _busName, NodeName, header.OriginNode, header.Origin, header.Sequence, last, gap);
                return true;
        }

        if (gap > 0)
        {
            Saturating.Add(ref _lost, gap);
            _metrics.Lost(gap);
            _logger.LogWarning("{Kind} {Bus} node {Node}: {Gap} frames from node {Origin} (instance {Instance}) were lost: sequence {Last} was followed by {Sequence}.", _kind, _busName, NodeName, gap, header.OriginNode, header.Origin, last, header.Sequence);
        }

        return true;
    }

    /// <summary>Logs once per episode that new origins are left untracked (the table is full of live origins); the caller does not hold the lock.</summary>
    private void LogUntracked(string originNode, Guid origin)
    {
        bool started;
        lock (_sequences)
        {
            started = _sequences.TakeOverflowStarted();
        }

        if (started)
        {
            _logger.LogWarning("{Kind} {Bus} node {Node}: the table of origin sequences is full of live origins ({Capacity}); new origins, starting with node {Origin} (instance {Instance}), are delivered untracked: their replays and losses are not accounted for until an origin falls silent (NodePubSubStatistics.Untracked counts them).", _kind, _busName, NodeName, OriginSequences.DefaultCapacity, originNode, origin);
        }
    }

    private void Reject(FrameRejectReason reason, string problem, NodeFrame.Header? header)
    {
        problem = WireText.Escape(problem); // may quote text from the wire (a codec's reason naming an event type)
        Interlocked.Increment(ref _rejected[(int)reason]);
        _metrics.Rejected(reason);
        if (header is { } h)
        {
            _logger.LogWarning("{Kind} {Bus} node {Node}: dropped a frame from node {Origin} for topic {Topic} ({Reason}): {Problem}.", _kind, _busName, NodeName, h.OriginNode, h.Topic, reason, problem);
        }
        else
        {
            _logger.LogWarning("{Kind} {Bus} node {Node}: dropped a frame ({Reason}): {Problem}.", _kind, _busName, NodeName, reason, problem);
        }
    }
}
