namespace EventCatalog;

/// <summary>What a broadcast does when a subscriber's queue is full.</summary>
public enum FullQueuePolicy
{
    /// <summary>
    /// The default: the publisher waits until that subscriber has room. Nothing is lost; a subscriber
    /// that stops reading holds back the publishers of its topic (back-pressure) until it reads again
    /// or is disposed. The other subscribers of the same broadcast get the message at once.
    /// </summary>
    Wait = 0,

    /// <summary>The new message is dropped for that subscriber (counted in <see cref="ISubscription.Dropped"/>).</summary>
    DropNewest = 1,

    /// <summary>The subscriber's oldest queued message is dropped to make room (counted in <see cref="ISubscription.Dropped"/>).</summary>
    DropOldest = 2,

    /// <summary>
    /// The subscriber is unsubscribed; its enumeration ends, after the queued messages, with a
    /// <see cref="SubscriberOverflowException"/>. Publishers never wait.
    /// </summary>
    Disconnect = 3,
}
