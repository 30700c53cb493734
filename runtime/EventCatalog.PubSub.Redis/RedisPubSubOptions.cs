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

    internal void ValidateChannel()
    {
        if (ChannelPrefix is null || ChannelPrefix.Length > 200)
        {
            throw new ArgumentException("RedisPubSubOptions.ChannelPrefix must not be null and at most 200 characters.", "options");
        }
    }
}
