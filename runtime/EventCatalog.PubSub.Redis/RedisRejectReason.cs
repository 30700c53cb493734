namespace EventCatalog.PubSub.Redis;

/// <summary>Why a frame received from Redis was dropped without being delivered. Each reason has its own count.</summary>
public enum RedisRejectReason
{
    /// <summary>Not a frame of this format (bad magic, truncated, a length past the end, bad UTF-8), or an event the codec found malformed.</summary>
    Malformed = 0,

    /// <summary>A well-formed event whose type none of the bus's codecs knows (for example a newer node's event).</summary>
    UnknownType = 1,

    /// <summary>A frame whose format version this node does not read (a newer or older node); nothing past the version byte is read.</summary>
    UnknownFrameVersion = 2,

    /// <summary>A known event type in a data version the codec does not know.</summary>
    UnknownEventVersion = 3,

    /// <summary>A frame larger than <see cref="RedisPubSubOptions.MaxFrameBytes"/>, or an event over the codec's own limit; dropped unread.</summary>
    Oversize = 4,

    /// <summary>An event of one category on a topic of another (EVC100, enforced at run time through <see cref="RedisPubSubOptions.TopicCategory"/>).</summary>
    WrongCategory = 5,

    /// <summary>A frame whose sequence number is not above the last one seen from its origin: a replay or a retried publish that had already arrived.</summary>
    Replayed = 6,
}
