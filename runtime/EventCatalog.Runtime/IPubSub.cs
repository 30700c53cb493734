using System;
using System.Threading;
using System.Threading.Tasks;

namespace EventCatalog;

/// <summary>
/// Publish/subscribe with Phoenix.PubSub's verbs. Topics are plain strings: any non-empty string is a
/// valid topic. Messages are delivered to each subscriber in the order each publisher sent them.
/// </summary>
public interface IPubSub
{
    /// <summary>Subscribes to <paramref name="topic"/> (Phoenix's <c>subscribe/2</c>). Dispose the subscription to unsubscribe.</summary>
    /// <param name="topic">The exact topic; no wildcards.</param>
    /// <returns>The new subscription: an async stream of the messages broadcast to <paramref name="topic"/> from now on.</returns>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is null or empty.</exception>
    ISubscription Subscribe([TopicParameter] string topic);

    /// <summary>Sends <paramref name="message"/> to every subscriber of <paramref name="topic"/> (Phoenix's <c>broadcast/3</c>).</summary>
    /// <param name="topic">The exact topic; a topic without subscribers is not an error.</param>
    /// <param name="message">The message; in-process subscribers receive this very object.</param>
    /// <param name="cancellationToken">Cancels a broadcast that waits for room in a subscriber's queue.</param>
    /// <returns>A task that completes when the message is queued for (or, by the policy, dropped for) every subscriber.</returns>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the message was queued for every subscriber.</exception>
    /// <exception cref="TimeoutException">
    /// A subscriber's queue stayed full for the implementation's bound; <see cref="InMemoryPubSub"/> throws
    /// the <see cref="SubscriberQueueFullException"/> subclass, which names the topic and the full subscribers.
    /// </exception>
    ValueTask BroadcastAsync([TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default);

    /// <summary>Sends <paramref name="message"/> to every subscriber of <paramref name="topic"/> except <paramref name="from"/>, the sender's own subscription (Phoenix's <c>broadcast_from/4</c>).</summary>
    /// <param name="from">The sender's own subscription, which does not receive the message.</param>
    /// <param name="topic">The exact topic; a topic without subscribers is not an error.</param>
    /// <param name="message">The message; in-process subscribers receive this very object.</param>
    /// <param name="cancellationToken">Cancels a broadcast that waits for room in a subscriber's queue.</param>
    /// <returns>A task that completes when the message is queued for (or, by the policy, dropped for) every subscriber but <paramref name="from"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="from"/> or <paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is null or empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the message was queued for every subscriber.</exception>
    /// <exception cref="TimeoutException">
    /// A subscriber's queue stayed full for the implementation's bound; <see cref="InMemoryPubSub"/> throws
    /// the <see cref="SubscriberQueueFullException"/> subclass, which names the topic and the full subscribers.
    /// </exception>
    ValueTask BroadcastFromAsync(ISubscription from, [TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default);

    /// <summary>Sends <paramref name="message"/> to the subscribers of <paramref name="topic"/> on this node only (Phoenix's <c>local_broadcast/3</c>).</summary>
    /// <param name="topic">The exact topic; a topic without subscribers is not an error.</param>
    /// <param name="message">The message; in-process subscribers receive this very object.</param>
    /// <param name="cancellationToken">Cancels a broadcast that waits for room in a subscriber's queue.</param>
    /// <returns>A task that completes when the message is queued for (or, by the policy, dropped for) every subscriber on this node.</returns>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the message was queued for every subscriber.</exception>
    /// <exception cref="TimeoutException">
    /// A subscriber's queue stayed full for the implementation's bound; <see cref="InMemoryPubSub"/> throws
    /// the <see cref="SubscriberQueueFullException"/> subclass, which names the topic and the full subscribers.
    /// </exception>
    ValueTask LocalBroadcastAsync([TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default);
}
