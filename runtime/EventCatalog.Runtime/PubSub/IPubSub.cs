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
    /// <exception cref="System.ArgumentException"><paramref name="topic"/> is null or empty.</exception>
    ISubscription Subscribe([TopicParameter] string topic);

    /// <summary>Sends <paramref name="message"/> to every subscriber of <paramref name="topic"/> (Phoenix's <c>broadcast/3</c>).</summary>
    ValueTask BroadcastAsync([TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default);

    /// <summary>Sends <paramref name="message"/> to every subscriber of <paramref name="topic"/> except <paramref name="from"/>, the sender's own subscription (Phoenix's <c>broadcast_from/4</c>).</summary>
    ValueTask BroadcastFromAsync(ISubscription from, [TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default);

    /// <summary>Sends <paramref name="message"/> to the subscribers of <paramref name="topic"/> on this node only (Phoenix's <c>local_broadcast/3</c>).</summary>
    ValueTask LocalBroadcastAsync([TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default);
}
