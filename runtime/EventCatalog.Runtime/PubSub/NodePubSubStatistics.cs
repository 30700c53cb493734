using System.Collections.Generic;

namespace EventCatalog.PubSub;

/// <summary>
/// A snapshot of a <see cref="NodePubSub"/>'s counters since it was created. The same counts go to
/// <c>System.Diagnostics.Metrics</c> (meter <see cref="NodePubSub.MeterName"/>), tagged with the messaging system, bus and node.
/// </summary>
public sealed class NodePubSubStatistics
{
    internal NodePubSubStatistics(long published, long received, long delivered, long dropped, long lost, long selfEchoes, long notForThisNode, long duplicateNodes, long skipped, long untracked, IReadOnlyDictionary<FrameRejectReason, long> rejected)
    {
        Published = published;
        Received = received;
        Delivered = delivered;
        Dropped = dropped;
        Lost = lost;
        SelfEchoes = selfEchoes;
        NotForThisNode = notForThisNode;
        DuplicateNodes = duplicateNodes;
        Skipped = skipped;
        Untracked = untracked;
        Rejected = rejected;
    }

    /// <summary>Frames this node published and the broker accepted (broadcasts, broadcast-froms and direct broadcasts to other nodes).</summary>
    public long Published { get; }

    /// <summary>Frames from other nodes whose header was read and whose place in their origin's sequence was new (whatever happened to them next).</summary>
    public long Received { get; }

    /// <summary>Messages from other nodes queued for a local subscriber (one per subscriber reached).</summary>
    public long Delivered { get; }

    /// <summary>Messages a local subscriber's full queue dropped (its <see cref="FullQueuePolicy"/>, and <c>Wait</c> degraded for frames from other nodes).</summary>
    public long Dropped { get; }

    /// <summary>
    /// Frames of other nodes that never arrived: the gaps in each origin's sequence numbers (up to <see cref="NodePubSubOptions.MaxSequenceGap"/>
    /// each), the first frames of a node that started after this one and whose first frames this node missed, and the last
    /// frames of a node whose heartbeat or goodbye announced a number this node never saw. Saturates at <see cref="long.MaxValue"/>.
    /// </summary>
    public long Lost { get; }

    /// <summary>This bus's own frames that came back from the broker and were dropped (Phoenix's self-echo rule).</summary>
    public long SelfEchoes { get; }

    /// <summary>Direct frames aimed at another node, read and not delivered.</summary>
    public long NotForThisNode { get; }

    /// <summary>
    /// Reports of another live bus with this node's name (<see cref="NodePubSub.DuplicateNodeDetected"/>): at most one a minute
    /// per other instance and eight a minute in all.
    /// </summary>
    public long DuplicateNodes { get; }

    /// <summary>
    /// Sequence numbers passed over when an origin's sequence jumped more than <see cref="NodePubSubOptions.MaxSequenceGap"/>
    /// and went on from there (<see cref="FrameRejectReason.SequenceJump"/>): an anomaly (a bug, or a forger without keys),
    /// counted apart from <see cref="Lost"/>. Saturates at <see cref="long.MaxValue"/>.
    /// </summary>
    public long Skipped { get; }

    /// <summary>
    /// Frames and heartbeats of new origins (node instances, or one shard's stream of one) that were delivered or read without
    /// being placed in a sequence, because the bus's table of origins (16,384 origin streams) was full of live ones: origins
    /// heard from within five heartbeat intervals (with keys, within twice the replay window), whose state a flood of new
    /// origins never evicts. Replays and losses of an untracked origin are not accounted for (not in <see cref="Lost"/>, not
    /// refused as <see cref="FrameRejectReason.Replayed"/>) until an origin in the table falls silent and this one is tracked
    /// from its next frame. Only a flood of origins gets here: without keys, forged ones.
    /// </summary>
    public long Untracked { get; }

    /// <summary>Frames dropped on receipt, by reason; every reason is present (0 when none).</summary>
    public IReadOnlyDictionary<FrameRejectReason, long> Rejected { get; }

    /// <summary>The counters on one line, for logs: <c>published=… received=… … rejected[Malformed=… …]</c>.</summary>
    /// <returns>The counters as <c>name=value</c> pairs.</returns>
    public override string ToString()
    {
        var parts = new List<string>();
        foreach (KeyValuePair<FrameRejectReason, long> pair in Rejected)
        {
            parts.Add(pair.Key + "=" + pair.Value);
        }

        return $"published={Published} received={Received} delivered={Delivered} dropped={Dropped} lost={Lost} self_echoes={SelfEchoes} not_for_this_node={NotForThisNode} duplicate_nodes={DuplicateNodes} skipped={Skipped} untracked={Untracked} rejected[{string.Join(" ", parts)}]";
    }
}
