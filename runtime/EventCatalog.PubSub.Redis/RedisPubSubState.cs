namespace EventCatalog.PubSub.Redis;

/// <summary>Whether a <see cref="RedisPubSub"/> is exchanging frames with Redis.</summary>
public enum RedisPubSubState
{
    /// <summary>Created, its first subscription round trip not yet confirmed.</summary>
    Connecting = 0,

    /// <summary>Subscribed: the node has seen its own probe frame come back through Redis since the last connection loss.</summary>
    Connected = 1,

    /// <summary>A connection to Redis failed; frames from other nodes are being lost until the subscription is confirmed again.</summary>
    Disconnected = 2,

    /// <summary>Disposed.</summary>
    Disposed = 3,
}
