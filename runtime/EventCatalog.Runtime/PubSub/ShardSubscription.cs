namespace EventCatalog.PubSub;

/// <summary>Which shards of a sharded transport a node subscribes to (<see cref="NodePubSubOptions.ShardSubscription"/>).</summary>
public enum ShardSubscription
{
    /// <summary>Every shard, for the bus's life: the node receives every frame of the bus, and a local subscription gets other nodes' frames at once.</summary>
    All = 0,

    /// <summary>
    /// Shard 0 always (heartbeats and goodbyes, so <see cref="NodePubSub.NodeUp"/> and <see cref="NodePubSub.NodeDown"/> work), every
    /// shard a local subscription's topic maps to while it has one, and every shard the node has published on (its own frames come
    /// back through it, which is how <see cref="NodePubSubOptions.MaxOutboundQueue"/> bounds what is on its way).
    /// </summary>
    Needed = 1,
}
