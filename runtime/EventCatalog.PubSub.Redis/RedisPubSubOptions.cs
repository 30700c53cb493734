using System;

namespace EventCatalog.PubSub.Redis;

/// <summary>
/// Settings of a <see cref="RedisPubSub"/>, read once when the bus is created: every node bus's settings
/// (<see cref="NodePubSubOptions"/>: bus name, node name, frame limit, publish timeout, subscriber queues) and the Redis channel.
/// </summary>
/// <remarks>
/// Every node that uses the same <see cref="ChannelPrefix"/> and <see cref="NodePubSubOptions.BusName"/> shares one Redis
/// channel, <c>ChannelPrefix + BusName</c>. <see cref="NodePubSubOptions.MaxFrameBytes"/> may go up to 512 MiB, Redis's own
/// limit on a string.
/// </remarks>
public sealed class RedisPubSubOptions : NodePubSubOptions
{
    /// <summary>
    /// Put before <see cref="NodePubSubOptions.BusName"/> to form the Redis channel name (phoenix_pubsub_redis uses <c>phx:</c>).
    /// Default <c>eventcatalog:pubsub:</c>. May be empty; at most 200 characters. The channel is always
    /// subscribed literally (<c>RedisChannel.Literal</c>), so <c>*</c>, <c>?</c> or <c>[</c> in it are plain characters.
    /// </summary>
    public string ChannelPrefix { get; set; } = "eventcatalog:pubsub:";

    /// <summary>The Redis channel these options name: <see cref="ChannelPrefix"/> + <see cref="NodePubSubOptions.BusName"/>.</summary>
    public string ChannelName => (ChannelPrefix ?? string.Empty) + BusName;

    /// <summary>The default of <see cref="Shards"/> on a Redis Cluster: 16 sharded channels.</summary>
    public const int DefaultClusterShards = 16;

    /// <summary>
    /// How many channels the bus is spread over. <c>0</c> (the default): <see cref="DefaultClusterShards"/> sharded channels on a Redis
    /// Cluster, one channel on a single server. <c>1</c>: one channel, <c>PUBLISH</c>/<c>SUBSCRIBE</c> (on a cluster every message then goes
    /// to every master). <c>2</c> to <c>256</c>: that many sharded channels (<c>SPUBLISH</c>/<c>SSUBSCRIBE</c>, Redis 7.0 or later, a cluster
    /// or a single server), named <c>ChannelName:s{k}</c> from the channel name and the shard only (<see cref="RedisPubSub.Channels"/>),
    /// so each master of a cluster carries the shards whose slots it owns. Each topic takes one shard (a catalog topic by its category
    /// within its store), so per-topic order is kept; each shard has its own sequence numbers, so loss is counted exactly.
    /// Every node of a bus must use the same number (nodes on different numbers do not hear each other).
    /// </summary>
    public int Shards { get; set; }

    internal void ValidateChannel()
    {
        if (ChannelPrefix is null || ChannelPrefix.Length > 200)
        {
            throw new ArgumentException("RedisPubSubOptions.ChannelPrefix must not be null and at most 200 characters.", "options");
        }

        if (Shards is < 0 or > 256)
        {
            throw new ArgumentOutOfRangeException("options", Shards, "RedisPubSubOptions.Shards must be 0 (automatic), 1 (one channel) or 2 to 256 sharded channels.");
        }

        if (Shards != 1 && (ChannelName.IndexOf('{') >= 0 || ChannelName.IndexOf('}') >= 0))
        {
            throw new ArgumentException($"RedisPubSubOptions: the channel name \"{ChannelName}\" has '{{' or '}}', a Redis Cluster hash tag that would put every shard in one slot; sharded channels (Shards other than 1) need a name without them.", "options");
        }
    }
}
