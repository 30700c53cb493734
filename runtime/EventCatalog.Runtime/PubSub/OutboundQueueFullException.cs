using System;
using System.Globalization;

namespace EventCatalog.PubSub;

/// <summary>
/// A publish on a node bus waited <see cref="NodePubSubOptions.OutboundQueueTimeout"/> for room in the bus's outbound queue
/// (<see cref="NodePubSubOptions.MaxOutboundQueue"/>) and gave up: the message was not sent to other nodes (local subscribers
/// have it). The bus's back-pressure: the node publishes faster than the broker hands its frames back to it.
/// </summary>
/// <remarks>
/// It is a <see cref="TimeoutException"/>, so code that already handles a publish timeout handles it. Slow the publisher
/// down (await each publish, or fewer in flight), give the broker or the receiving nodes more capacity (docs/scale.md), or
/// raise <see cref="NodePubSubOptions.MaxOutboundQueue"/> or <see cref="NodePubSubOptions.OutboundQueueTimeout"/>.
/// </remarks>
public sealed class OutboundQueueFullException : TimeoutException
{
    /// <summary>Creates the exception for a publish on bus <paramref name="busName"/> that gave up.</summary>
    /// <param name="busName">The bus's name (<see cref="NodePubSubOptions.BusName"/>).</param>
    /// <param name="nodeName">The publishing node's name.</param>
    /// <param name="topic">The topic of the publish that gave up.</param>
    /// <param name="queueDepth">Frames on their way when it gave up (queued, or sent and not yet back), in frames.</param>
    /// <param name="capacity">The queue's bound, in frames (<see cref="NodePubSubOptions.MaxOutboundQueue"/>).</param>
    /// <param name="waited">How long the publish waited for room.</param>
    /// <exception cref="ArgumentNullException"><paramref name="busName"/>, <paramref name="nodeName"/> or <paramref name="topic"/> is null.</exception>
    public OutboundQueueFullException(string busName, string nodeName, string topic, long queueDepth, int capacity, TimeSpan waited)
        : base(Describe(busName, nodeName, topic, queueDepth, capacity, waited))
    {
        BusName = busName;
        NodeName = nodeName;
        Topic = topic;
        QueueDepth = queueDepth;
        Capacity = capacity;
        Waited = waited;
    }

    /// <summary>The bus's name.</summary>
    public string BusName { get; }

    /// <summary>The publishing node's name.</summary>
    public string NodeName { get; }

    /// <summary>The topic of the publish that gave up.</summary>
    public string Topic { get; }

    /// <summary>How many frames were on their way when the publish gave up (queued, or sent and not yet back through the broker).</summary>
    public long QueueDepth { get; }

    /// <summary>The outbound queue's bound, in frames (<see cref="NodePubSubOptions.MaxOutboundQueue"/>).</summary>
    public int Capacity { get; }

    /// <summary>How long the publish waited for room (<see cref="NodePubSubOptions.OutboundQueueTimeout"/>).</summary>
    public TimeSpan Waited { get; }

    private static string Describe(string busName, string nodeName, string topic, long queueDepth, int capacity, TimeSpan waited)
    {
        if (busName is null)
        {
            throw new ArgumentNullException(nameof(busName));
        }

        if (nodeName is null)
        {
            throw new ArgumentNullException(nameof(nodeName));
        }

        if (topic is null)
        {
            throw new ArgumentNullException(nameof(topic));
        }

        return "A publish to topic \"" + topic + "\" on bus \"" + busName + "\" (node \"" + nodeName + "\") gave up after " +
            SubscriberQueueFullException.Format(waited) + ": the outbound queue held " + queueDepth.ToString(CultureInfo.InvariantCulture) +
            " frames (bound " + capacity.ToString(CultureInfo.InvariantCulture) + ") for the whole wait, so the message was not sent to other " +
            "nodes (local subscribers have it). The node publishes faster than the broker hands its frames back or the slowest live node receives them (NodePubSubOptions.WaitForSlowestReceiver): slow the publisher, add " +
            "broker or receiver capacity, or raise MaxOutboundQueue or OutboundQueueTimeout.";
    }
}
