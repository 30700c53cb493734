namespace EventCatalog.PubSub;

/// <summary>Whether a <see cref="NodePubSub"/> is exchanging frames with its broker.</summary>
public enum NodePubSubState
{
    /// <summary>Created, its first round trip through the broker not yet confirmed.</summary>
    Connecting = 0,

    /// <summary>Subscribed: the node has seen its own probe frame come back through the broker since the last loss of its link.</summary>
    Connected = 1,

    /// <summary>The link to the broker failed; frames from other nodes are being lost until the bus confirms it again.</summary>
    Disconnected = 2,

    /// <summary>Disposed.</summary>
    Disposed = 3,
}
