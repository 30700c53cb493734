using System;

namespace EventCatalog.PubSub;

/// <summary>Why <see cref="NodePubSub.NodeUp"/> or <see cref="NodePubSub.NodeDown"/> was raised.</summary>
public enum NodeStatusReason
{
    /// <summary>NodeUp: the node's heartbeat was heard (its first, or its first since it went down by <see cref="HeartbeatTimeout"/>).</summary>
    Heartbeat = 0,

    /// <summary>NodeDown: the node said goodbye when it was disposed (heard directly, or relayed by another node's heartbeat when this one was cut off).</summary>
    Goodbye = 1,

    /// <summary>NodeDown: no heartbeat from the node for five of its heartbeat intervals while this bus was connected.</summary>
    HeartbeatTimeout = 2,
}

/// <summary>
/// Another node of the bus came up or went down (Phoenix's <c>nodeup</c>/<c>nodedown</c>): one instance, as its heartbeats
/// and goodbye announce it (<see cref="NodePubSubOptions.HeartbeatInterval"/>).
/// </summary>
public sealed class NodeStatusEventArgs : EventArgs
{
    /// <summary>Creates the event's data.</summary>
    /// <param name="nodeName">The node's name.</param>
    /// <param name="instance">The node's <see cref="NodePubSub.InstanceId"/>.</param>
    /// <param name="reason">Why the event was raised.</param>
    /// <param name="lastSequence">The node's last sequence number as this bus knows it (announced or seen); 0 for none.</param>
    /// <param name="at">When this bus saw the change, UTC.</param>
    public NodeStatusEventArgs(string nodeName, Guid instance, NodeStatusReason reason, long lastSequence, DateTimeOffset at)
    {
        NodeName = nodeName;
        Instance = instance;
        Reason = reason;
        LastSequence = lastSequence;
        At = at;
    }

    /// <summary>The node's name.</summary>
    public string NodeName { get; }

    /// <summary>The node's instance id (a restarted node is a new instance).</summary>
    public Guid Instance { get; }

    /// <summary>Why the event was raised.</summary>
    public NodeStatusReason Reason { get; }

    /// <summary>
    /// The node's last sequence number as this bus knows it: announced by its heartbeat or goodbye, or the last one seen; on a sharded
    /// bus summed over the shards this bus receives (all, unless <see cref="NodePubSubOptions.ShardSubscription"/> is <see cref="ShardSubscription.Needed"/>).
    /// </summary>
    public long LastSequence { get; }

    /// <summary>When this bus saw the change, UTC.</summary>
    public DateTimeOffset At { get; }
}
