namespace EventCatalog.Subscribers;

/// <summary>What a <see cref="CategorySubscription"/> does after a handler throws (and after <see cref="CategorySubscriptionOptions.OnHandlerError"/> ran).</summary>
public enum HandlerErrorPolicy
{
    /// <summary>
    /// The default, as a crashed Phoenix subscriber: the subscription ends (unsubscribes) and
    /// <see cref="CategorySubscription.Completion"/> faults with the <see cref="EventHandlerException"/>
    /// naming the topic, the event and the handler. The messages after the failing one are not handled.
    /// </summary>
    Stop = 0,

    /// <summary>The failure is counted (<see cref="CategorySubscription.Failed"/>) and the subscription goes on with the next message.</summary>
    Continue = 1,
}
