using System;
using System.Threading;

namespace EventCatalog;

/// <summary>Settings of an <see cref="InMemoryPubSub"/>, read once by its constructor.</summary>
public sealed class InMemoryPubSubOptions
{
    /// <summary>The default of <see cref="FullQueueTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultFullQueueTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many messages each subscriber's queue holds before <see cref="FullQueuePolicy"/> applies, in
    /// messages. At least 1. Default 1024.
    /// </summary>
    public int SubscriberCapacity { get; set; } = 1024;

    /// <summary>What a broadcast does when a subscriber's queue is full. Default <see cref="EventCatalog.FullQueuePolicy.Wait"/>.</summary>
    public FullQueuePolicy FullQueuePolicy { get; set; } = FullQueuePolicy.Wait;

    /// <summary>
    /// Under <see cref="EventCatalog.FullQueuePolicy.Wait"/>, the longest time one broadcast waits for
    /// room in the full subscribers' queues before it fails with a <see cref="SubscriberQueueFullException"/>.
    /// Default <see cref="DefaultFullQueueTimeout"/> (5 seconds).
    /// </summary>
    /// <remarks>
    /// The bound turns a subscriber that never reads again — typically a handler that publishes to the
    /// topic it reads, and so waits on its own full queue — into an exception instead of a silent,
    /// permanent hang. <see cref="TimeSpan.Zero"/> fails at once instead of waiting;
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits without a bound (the caller's cancellation token is
    /// then the only way out). Any other value must be positive and at most <see cref="int.MaxValue"/>
    /// milliseconds (about 24.8 days); the other policies never wait and ignore it.
    /// </remarks>
    public TimeSpan FullQueueTimeout { get; set; } = DefaultFullQueueTimeout;

    /// <summary>
    /// The node name the bus answers to in <see cref="INodePubSub.DirectBroadcastAsync"/>, or
    /// <see langword="null"/> (the default) for <see cref="EventNode.Current"/> as it is when the bus is
    /// created.
    /// </summary>
    public string? NodeName { get; set; }
}
