using System;

namespace EventCatalog.PubSub;

/// <summary>A change of <see cref="NodePubSub.State"/>: the link to the broker was lost, or the bus's subscription works again.</summary>
public sealed class NodeConnectionEventArgs : EventArgs
{
    /// <summary>Creates the event's data.</summary>
    /// <param name="state">The bus's state after the change.</param>
    /// <param name="connection">What changed: the transport's <see cref="INodeTransport.SystemName"/> (<c>redis</c>, <c>nats</c>) for a loss, <c>probe</c> for a confirmed round trip.</param>
    /// <param name="at">When the change was seen, UTC.</param>
    /// <param name="outage">For a restore: how long the bus was not <see cref="NodePubSubState.Connected"/>; else <see cref="TimeSpan.Zero"/>.</param>
    /// <param name="error">For a loss: what the transport reported (never a secret); else null.</param>
    public NodeConnectionEventArgs(NodePubSubState state, string connection, DateTimeOffset at, TimeSpan outage, string? error)
    {
        State = state;
        Connection = connection;
        At = at;
        Outage = outage;
        Error = error;
    }

    /// <summary>The bus's state after the change.</summary>
    public NodePubSubState State { get; }

    /// <summary>What changed: the transport's system name for a loss, <c>probe</c> for a restore.</summary>
    public string Connection { get; }

    /// <summary>When the change was seen, UTC.</summary>
    public DateTimeOffset At { get; }

    /// <summary>For a restore, how long the bus was not connected; else zero.</summary>
    public TimeSpan Outage { get; }

    /// <summary>For a loss, the failure the transport reported; else null.</summary>
    public string? Error { get; }
}
