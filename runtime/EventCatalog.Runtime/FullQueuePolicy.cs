namespace EventCatalog;

/// <summary>
/// What a broadcast does when a subscriber's queue is full. The names and meanings are those of
/// <c>System.Threading.Channels.BoundedChannelFullMode</c>, plus <see cref="Disconnect"/>.
/// </summary>
/// <remarks>
/// In 0.1.0 this enum had no <see cref="DropWrite"/>, and its <c>DropNewest</c> meant what
/// <see cref="DropWrite"/> means now. <see cref="DropWrite"/> kept that member's value (1), so code
/// compiled against 0.1.0 keeps its behaviour; source that names <see cref="DropNewest"/> now gets the
/// BCL's meaning.
/// </remarks>
public enum FullQueuePolicy
{
    /// <summary>
    /// The default: the publisher waits until that subscriber has room, for at most
    /// <see cref="InMemoryPubSubOptions.FullQueueTimeout"/> (default 5 seconds), and then the publish
    /// fails with a <see cref="SubscriberQueueFullException"/> that names the topic and the full
    /// subscriber. Nothing is lost silently: either the message is queued or the publisher gets the
    /// exception. The other subscribers of the same broadcast get the message at once.
    /// </summary>
    Wait = 0,

    /// <summary>
    /// The incoming message is dropped for that subscriber (counted in <see cref="ISubscription.Dropped"/>);
    /// its queue is left as it is. The BCL's <c>BoundedChannelFullMode.DropWrite</c>. Publishers never wait.
    /// </summary>
    DropWrite = 1,

    /// <summary>
    /// The subscriber's oldest queued message is dropped to make room (counted in <see cref="ISubscription.Dropped"/>).
    /// The BCL's <c>BoundedChannelFullMode.DropOldest</c>. Publishers never wait.
    /// </summary>
    DropOldest = 2,

    /// <summary>
    /// The subscriber is unsubscribed; its enumeration ends, after the queued messages, with a
    /// <see cref="SubscriberOverflowException"/>. Publishers never wait.
    /// </summary>
    Disconnect = 3,

    /// <summary>
    /// The subscriber's newest queued message (the last one queued before this one) is dropped to make
    /// room for the incoming message (counted in <see cref="ISubscription.Dropped"/>). The BCL's
    /// <c>BoundedChannelFullMode.DropNewest</c>. Publishers never wait.
    /// </summary>
    DropNewest = 4,
}
