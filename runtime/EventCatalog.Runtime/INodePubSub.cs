using System;
using System.Threading;
using System.Threading.Tasks;

namespace EventCatalog;

/// <summary>
/// A pub/sub that knows nodes: each process is a node with a name, and a message can be sent to the
/// subscribers of one node only (Phoenix.PubSub's node-aware verbs).
/// </summary>
public interface INodePubSub : IPubSub
{
    /// <summary>The name of this process's node, the name <see cref="DirectBroadcastAsync"/> matches (Phoenix's <c>node_name/1</c>).</summary>
    string NodeName { get; }

    /// <summary>
    /// Sends <paramref name="message"/> to the subscribers of <paramref name="topic"/> on the node named
    /// <paramref name="node"/> only (Phoenix's <c>direct_broadcast/5</c>). As in Phoenix, a node name that
    /// no node answers to is not an error: the message reaches no one.
    /// </summary>
    /// <param name="node">The name of the node whose subscribers get the message, compared ordinally with each node's <see cref="NodeName"/>.</param>
    /// <param name="topic">The exact topic; a topic without subscribers is not an error.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels a broadcast that waits for room in a subscriber's queue or for the transport.</param>
    /// <returns>A task that completes when the message is handed to the node (queued for its subscribers, for a local node).</returns>
    /// <exception cref="ArgumentException"><paramref name="node"/> or <paramref name="topic"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the message was handed over.</exception>
    /// <exception cref="TimeoutException">
    /// A subscriber's queue, or the transport, stayed unavailable for the implementation's bound;
    /// <see cref="InMemoryPubSub"/> throws the <see cref="SubscriberQueueFullException"/> subclass.
    /// </exception>
    ValueTask DirectBroadcastAsync(string node, [TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default);
}
