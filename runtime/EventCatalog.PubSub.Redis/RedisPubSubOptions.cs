using System;
using System.Threading;

namespace EventCatalog.PubSub.Redis;

/// <summary>
/// Maps a topic to the wire name of its catalog category, or to <see langword="null"/> for a topic that
/// belongs to no catalog. The bus uses it to enforce EVC100 at run time: an event of category A on a
/// topic of category B is refused at publish and dropped on receipt.
/// </summary>
/// <param name="topic">The topic, as published; never null or empty.</param>
/// <returns>The category's wire name (for example <c>cluster</c>), or null when the topic is no catalog's.</returns>
/// <remarks>
/// Built from the generated catalog class, whose <c>Topics.TryParse(topic, out store, out category)</c>
/// parses its topic template: <c>topic =&gt; Events.Topics.TryParse(topic, out _, out var c) ? Events.GetCategoryName(c) : null</c>.
/// Several catalogs: try each in turn. It must be fast and must not throw; an exception counts as "no catalog's".
/// </remarks>
public delegate string? TopicCategoryResolver(string topic);

/// <summary>Settings of a <see cref="RedisPubSub"/>, read once when the bus is created.</summary>
public sealed class RedisPubSubOptions
{
    /// <summary>The default of <see cref="MaxFrameBytes"/>: 1 MiB (1,048,576 bytes).</summary>
    public const int DefaultMaxFrameBytes = 1024 * 1024;

    /// <summary>The default of <see cref="PublishTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultPublishTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The bus's name: every node that uses the same <see cref="ChannelPrefix"/> and bus name shares one
    /// Redis channel, <c>ChannelPrefix + BusName</c>. Default <c>eventcatalog</c>. Not empty; at most 200 characters.
    /// </summary>
    public string BusName { get; set; } = "eventcatalog";

    /// <summary>
    /// Put before <see cref="BusName"/> to form the Redis channel name (phoenix_pubsub_redis uses <c>phx:</c>).
    /// Default <c>eventcatalog:pubsub:</c>. May be empty; at most 200 characters. The channel is always
    /// subscribed literally (<c>RedisChannel.Literal</c>), so <c>*</c>, <c>?</c> or <c>[</c> in it are plain characters.
    /// </summary>
    public string ChannelPrefix { get; set; } = "eventcatalog:pubsub:";

    /// <summary>
    /// The name this node answers to in <see cref="INodePubSub.DirectBroadcastAsync"/>, or null (the default)
    /// for <see cref="EventNode.Current"/> as it is when the bus is created. At most 255 UTF-8 bytes.
    /// Two live buses with the same name on one channel are reported (<see cref="RedisPubSub.DuplicateNodeDetected"/>).
    /// </summary>
    public string? NodeName { get; set; }

    /// <summary>
    /// The largest frame, in bytes, this node publishes or accepts: header, topic and the codec's event together.
    /// A larger publish throws <see cref="ArgumentException"/>; a larger frame received is dropped unread and
    /// counted as <see cref="RedisRejectReason.Oversize"/>. Default <see cref="DefaultMaxFrameBytes"/> (1 MiB); 
    /// from 1024 to 512 MiB (Redis's own limit on a string).
    /// </summary>
    public int MaxFrameBytes { get; set; } = DefaultMaxFrameBytes;

    /// <summary>
    /// How long a publish waits for Redis (reconnecting, retrying) before it throws <see cref="TimeoutException"/>.
    /// Default <see cref="DefaultPublishTimeout"/> (5 s); positive and at most <see cref="int.MaxValue"/> milliseconds.
    /// It also bounds <see cref="RedisPubSub.CreateAsync"/>'s wait for its first subscription round trip.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = DefaultPublishTimeout;

    /// <summary>How many messages each local subscriber's queue holds, in messages. At least 1. Default 1024.</summary>
    public int SubscriberCapacity { get; set; } = 1024;

    /// <summary>
    /// What happens when a local subscriber's queue is full. For messages published on this node it is
    /// exactly <see cref="InMemoryPubSub"/>'s policy. For frames from other nodes the inbound pump never
    /// waits (one slow subscriber must not stall the node, and a stalled Redis subscriber connection is
    /// disconnected by Redis at <c>client-output-buffer-limit pubsub</c>): <see cref="EventCatalog.FullQueuePolicy.Wait"/>
    /// degrades to dropping the incoming frame for that subscriber, counted in <see cref="ISubscription.Dropped"/>
    /// and in <see cref="RedisPubSubStatistics.Dropped"/>. Default <see cref="EventCatalog.FullQueuePolicy.Wait"/>.
    /// </summary>
    public FullQueuePolicy FullQueuePolicy { get; set; } = FullQueuePolicy.Wait;

    /// <summary>
    /// Under <see cref="EventCatalog.FullQueuePolicy.Wait"/>, the longest time a local publish waits for room in a
    /// local subscriber's queue, as <see cref="InMemoryPubSubOptions.FullQueueTimeout"/>. Default 5 seconds.
    /// </summary>
    public TimeSpan FullQueueTimeout { get; set; } = InMemoryPubSubOptions.DefaultFullQueueTimeout;

    /// <summary>
    /// Maps topics to catalog categories for the run-time EVC100 check (see <see cref="TopicCategoryResolver"/>).
    /// Null (the default): no category check; frames are still checked by the codec.
    /// </summary>
    public TopicCategoryResolver? TopicCategory { get; set; }

    /// <summary>The Redis channel these options name: <see cref="ChannelPrefix"/> + <see cref="BusName"/>.</summary>
    public string ChannelName => (ChannelPrefix ?? string.Empty) + BusName;

    internal static readonly TimeSpan LongestTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    internal void Validate()
    {
        if (string.IsNullOrEmpty(BusName) || BusName.Length > 200)
        {
            throw new ArgumentException("RedisPubSubOptions.BusName must be 1 to 200 characters.", "options");
        }

        if (ChannelPrefix is null || ChannelPrefix.Length > 200)
        {
            throw new ArgumentException("RedisPubSubOptions.ChannelPrefix must not be null and at most 200 characters.", "options");
        }

        if (NodeName is not null && (string.IsNullOrWhiteSpace(NodeName) || System.Text.Encoding.UTF8.GetByteCount(NodeName) > RedisFrame.MaxNodeBytes))
        {
            throw new ArgumentException($"RedisPubSubOptions.NodeName must be null (for EventNode.Current) or a name that is not white space, of at most {RedisFrame.MaxNodeBytes} UTF-8 bytes.", "options");
        }

        if (MaxFrameBytes < 1024 || MaxFrameBytes > 512 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException("options", MaxFrameBytes, "RedisPubSubOptions.MaxFrameBytes must be from 1024 to 536870912 bytes.");
        }

        if (PublishTimeout <= TimeSpan.Zero || PublishTimeout > LongestTimeout)
        {
            throw new ArgumentOutOfRangeException("options", PublishTimeout, "RedisPubSubOptions.PublishTimeout must be positive and at most int.MaxValue milliseconds.");
        }

        if (SubscriberCapacity < 1)
        {
            throw new ArgumentOutOfRangeException("options", SubscriberCapacity, "RedisPubSubOptions.SubscriberCapacity must be at least 1.");
        }

        if (FullQueuePolicy is < FullQueuePolicy.Wait or > FullQueuePolicy.DropNewest)
        {
            throw new ArgumentOutOfRangeException("options", FullQueuePolicy, "RedisPubSubOptions.FullQueuePolicy is not a FullQueuePolicy value.");
        }

        if (FullQueueTimeout != Timeout.InfiniteTimeSpan && (FullQueueTimeout < TimeSpan.Zero || FullQueueTimeout > LongestTimeout))
        {
            throw new ArgumentOutOfRangeException("options", FullQueueTimeout, "RedisPubSubOptions.FullQueueTimeout must be Timeout.InfiniteTimeSpan or between zero and int.MaxValue milliseconds.");
        }
    }
}
