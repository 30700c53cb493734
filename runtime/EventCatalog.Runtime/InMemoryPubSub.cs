using System;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.PubSub;

namespace EventCatalog;

/// <summary>
/// The embedded, in-process <see cref="INodePubSub"/>: thread-safe; a bounded queue per subscriber with
/// the <see cref="FullQueuePolicy"/> of its options; each publisher's order kept for each subscriber;
/// nothing lost silently under the default policy (a message is either queued or its publisher gets an
/// exception); a subscriber that throws, stops or is slow affects the others only as its policy says.
/// </summary>
/// <remarks>
/// It is one node, named <see cref="NodeName"/>: <see cref="LocalBroadcastAsync"/> equals
/// <see cref="BroadcastAsync"/>, and <see cref="DirectBroadcastAsync"/> delivers like
/// <see cref="BroadcastAsync"/> when given this node's name and to no one otherwise.
/// Every wait is bounded or cancellable: a broadcast waits for a full queue at most
/// <see cref="InMemoryPubSubOptions.FullQueueTimeout"/> and honours its cancellation token; a subscriber's
/// enumeration waits for messages until the subscription is disposed or the token given to its
/// enumerator is cancelled; disposal and unsubscribing never wait.
/// As every bus does, it refuses a catalog event published on a topic of its catalog of another category
/// (EVC100 at run time, with an <see cref="ArgumentException"/> naming both categories); other topics and
/// other messages are free. Its subscription table is the one every <see cref="NodePubSub"/> serves its own
/// node from.
/// </remarks>
public sealed class InMemoryPubSub : INodePubSub
{
    private readonly SubscriptionTable _table;
    private readonly PubSubTelemetry _telemetry;

    /// <summary>
    /// A bus with the default options: 1024 messages per subscriber, <see cref="FullQueuePolicy.Wait"/> for at
    /// most 5 seconds, named <see cref="EventNode.Current"/>.
    /// </summary>
    public InMemoryPubSub()
        : this(new InMemoryPubSubOptions())
    {
    }

    /// <summary>A bus with <paramref name="options"/>, which are read once, here.</summary>
    /// <param name="options">The settings; later changes to the object do not affect the bus.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <see cref="InMemoryPubSubOptions.SubscriberCapacity"/> is below 1, <see cref="InMemoryPubSubOptions.FullQueuePolicy"/>
    /// is not a defined value, or <see cref="InMemoryPubSubOptions.FullQueueTimeout"/> is negative (other than
    /// <see cref="Timeout.InfiniteTimeSpan"/>) or above <see cref="int.MaxValue"/> milliseconds.
    /// </exception>
    /// <exception cref="ArgumentException"><see cref="InMemoryPubSubOptions.NodeName"/> is empty or white space.</exception>
    public InMemoryPubSub(InMemoryPubSubOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        SubscriptionTable.Validate(nameof(InMemoryPubSubOptions), options.SubscriberCapacity, options.FullQueuePolicy, options.FullQueueTimeout, options.NodeName);
        _table = new SubscriptionTable(options.SubscriberCapacity, options.FullQueuePolicy, options.FullQueueTimeout, Guid.Empty, null, null);
        NodeName = options.NodeName ?? EventNode.Current;
        _telemetry = new PubSubTelemetry(PubSubTelemetry.InMemorySystem, EventCatalogTelemetry.InMemoryMeterName, NodeName);
    }

    /// <summary>
    /// This bus's node name: <see cref="InMemoryPubSubOptions.NodeName"/>, or <see cref="EventNode.Current"/>
    /// as it was when the bus was created.
    /// </summary>
    public string NodeName { get; }

    /// <summary>How many subscriptions <paramref name="topic"/> has now.</summary>
    /// <param name="topic">The exact topic.</param>
    /// <returns>The number of active subscriptions to <paramref name="topic"/>; 0 for a topic never subscribed to, or for null.</returns>
    public int SubscriberCount(string topic) => _table.Count(topic);

    /// <inheritdoc/>
    public ISubscription Subscribe([TopicParameter] string topic)
    {
        SubscriptionTable.CheckTopic(topic);
        return _table.Subscribe(topic);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">Also: <paramref name="message"/> is a catalog event and <paramref name="topic"/> a topic of its catalog of another category (EVC100 at run time; the message names both).</exception>
    /// <exception cref="SubscriberQueueFullException">
    /// Under <see cref="FullQueuePolicy.Wait"/>, a subscriber's queue stayed full for
    /// <see cref="InMemoryPubSubOptions.FullQueueTimeout"/>; the other subscribers have the message.
    /// </exception>
    public ValueTask BroadcastAsync([TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default) =>
        Deliver(topic, message, null, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">Also: <paramref name="message"/> is a catalog event and <paramref name="topic"/> a topic of its catalog of another category (EVC100 at run time; the message names both).</exception>
    /// <exception cref="SubscriberQueueFullException">
    /// Under <see cref="FullQueuePolicy.Wait"/>, a subscriber's queue stayed full for
    /// <see cref="InMemoryPubSubOptions.FullQueueTimeout"/>; the other subscribers have the message.
    /// </exception>
    public ValueTask BroadcastFromAsync(ISubscription from, [TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default)
    {
        if (from is null)
        {
            throw new ArgumentNullException(nameof(from));
        }

        return Deliver(topic, message, from, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">Also: <paramref name="message"/> is a catalog event and <paramref name="topic"/> a topic of its catalog of another category (EVC100 at run time; the message names both).</exception>
    /// <exception cref="SubscriberQueueFullException">
    /// Under <see cref="FullQueuePolicy.Wait"/>, a subscriber's queue stayed full for
    /// <see cref="InMemoryPubSubOptions.FullQueueTimeout"/>; the other subscribers have the message.
    /// </exception>
    public ValueTask LocalBroadcastAsync([TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default) =>
        Deliver(topic, message, null, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// This bus is the only node it knows: a <paramref name="node"/> equal to <see cref="NodeName"/> delivers
    /// exactly like <see cref="BroadcastAsync"/>; any other name delivers to no one and completes at once
    /// (there is no other node in this process to send to).
    /// </remarks>
    /// <exception cref="ArgumentException">Also: <paramref name="message"/> is a catalog event and <paramref name="topic"/> a topic of its catalog of another category (EVC100 at run time; the message names both).</exception>
    /// <exception cref="SubscriberQueueFullException">
    /// Under <see cref="FullQueuePolicy.Wait"/>, a subscriber's queue of this node stayed full for
    /// <see cref="InMemoryPubSubOptions.FullQueueTimeout"/>.
    /// </exception>
    public ValueTask DirectBroadcastAsync(string node, [TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(node))
        {
            throw new ArgumentException("A node name must be a non-empty string.", nameof(node));
        }

        if (!string.Equals(node, NodeName, StringComparison.Ordinal))
        {
            SubscriptionTable.CheckTopic(topic);
            if (message is null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            CatalogTopics.Check(topic, message);
            return default;
        }

        return Deliver(topic, message, null, cancellationToken);
    }

    private ValueTask Deliver(string topic, object message, ISubscription? except, CancellationToken cancellationToken)
    {
        SubscriptionTable.CheckTopic(topic);
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        CatalogTopics.Check(topic, message);
        if (cancellationToken.IsCancellationRequested)
        {
            return new ValueTask(Task.FromCanceled(cancellationToken));
        }

        return _telemetry.PublishLocal(_table, topic, message, except, cancellationToken);
    }
}
