namespace EventCatalog;

/// <summary>Settings of an <see cref="InMemoryPubSub"/>.</summary>
public sealed class InMemoryPubSubOptions
{
    /// <summary>How many messages each subscriber's queue holds before <see cref="FullQueuePolicy"/> applies. Default 1024.</summary>
    public int SubscriberCapacity { get; set; } = 1024;

    /// <summary>What a broadcast does when a subscriber's queue is full. Default <see cref="EventCatalog.FullQueuePolicy.Wait"/>.</summary>
    public FullQueuePolicy FullQueuePolicy { get; set; } = FullQueuePolicy.Wait;
}
