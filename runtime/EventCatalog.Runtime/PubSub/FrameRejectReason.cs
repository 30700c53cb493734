namespace EventCatalog.PubSub;

/// <summary>Why a <see cref="NodePubSub"/> dropped a frame it received (docs/node-frames.md, "Receiving").</summary>
public enum FrameRejectReason
{
    /// <summary>
    /// Not a frame (no magic, truncated, a length past the end, bad UTF-8, a node name or topic with a control, line-separator
    /// or bidirectional character, which could forge a log line or drive a terminal), or an event the codec found malformed.
    /// </summary>
    Malformed = 0,

    /// <summary>A well-formed event whose type none of the bus's codecs knows (for example a newer node's event).</summary>
    UnknownType = 1,

    /// <summary>A frame whose format version this node does not read (a newer or older node); nothing past the version byte is read.</summary>
    UnknownFrameVersion = 2,

    /// <summary>A known event type in a data version the codec does not know.</summary>
    UnknownEventVersion = 3,

    /// <summary>A frame larger than the bus's frame limit (<see cref="NodePubSubOptions.MaxFrameBytes"/> or the transport's), or an event over the codec's own limit; dropped unread.</summary>
    Oversize = 4,

    /// <summary>A catalog event on a topic of its catalog of another category (EVC100, enforced at run time by every bus).</summary>
    WrongCategory = 5,

    /// <summary>A frame whose sequence number is not above the last one seen from its origin: a replay or a retried publish that had already arrived.</summary>
    Replayed = 6,

    /// <summary>With a signing key: a frame that is unsigned, signed with a key this node does not have, or whose signature does not verify; dropped before anything else is read.</summary>
    Unauthenticated = 7,

    /// <summary>
    /// With a signing key: an authentic frame whose send time is outside <see cref="NodePubSubOptions.ReplayWindow"/> (a replay
    /// of captured traffic, or clocks too far apart), or an event frame sent before this bus was created (captured traffic
    /// replayed to a restarted receiver, which knows no sequence numbers yet; or a frame in flight while it started).
    /// </summary>
    OutsideReplayWindow = 8,

    /// <summary>
    /// A frame (or a heartbeat's announced last number) more than <see cref="NodePubSubOptions.MaxSequenceGap"/> past the last
    /// sequence number seen from its origin: not believable as loss, so not counted as <see cref="NodePubSubStatistics.Lost"/>
    /// and the origin's baseline does not move. If the origin's next frame continues from the refused one, its sequence really
    /// moved on: that frame is accepted and the numbers passed over are counted in <see cref="NodePubSubStatistics.Skipped"/>.
    /// </summary>
    SequenceJump = 9,
}
