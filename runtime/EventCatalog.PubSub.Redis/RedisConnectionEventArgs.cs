using System;

namespace EventCatalog.PubSub.Redis;

/// <summary>A change of <see cref="RedisPubSub.State"/>: a connection to Redis was lost, or the subscription works again.</summary>
public sealed class RedisConnectionEventArgs : EventArgs
{
    /// <summary>Creates the event's data.</summary>
    /// <param name="state">The bus's state after the change.</param>
    /// <param name="connection">Which connection changed, as StackExchange.Redis names it (<c>Subscription</c>, <c>Interactive</c>), or <c>Probe</c> for a confirmed round trip.</param>
    /// <param name="at">When the change was seen, UTC.</param>
    /// <param name="outage">For a restore: how long the bus was not <see cref="RedisPubSubState.Connected"/>; else <see cref="TimeSpan.Zero"/>.</param>
    /// <param name="error">For a loss: what StackExchange.Redis reported; else null.</param>
    public RedisConnectionEventArgs(RedisPubSubState state, string connection, DateTimeOffset at, TimeSpan outage, string? error)
    {
        State = state;
        Connection = connection;
        At = at;
        Outage = outage;
        Error = error;
    }

    /// <summary>The bus's state after the change.</summary>
    public RedisPubSubState State { get; }

    /// <summary>Which connection changed (<c>Subscription</c>, <c>Interactive</c>), or <c>Probe</c>.</summary>
    public string Connection { get; }

    /// <summary>When the change was seen, UTC.</summary>
    public DateTimeOffset At { get; }

    /// <summary>For a restore, how long the bus was not connected; else zero.</summary>
    public TimeSpan Outage { get; }

    /// <summary>For a loss, the failure StackExchange.Redis reported; else null.</summary>
    public string? Error { get; }
}

/// <summary>Another live bus on the same channel answers to this node's name: direct broadcasts to the name reach both.</summary>
public sealed class RedisDuplicateNodeEventArgs : EventArgs
{
    /// <summary>Creates the event's data.</summary>
    /// <param name="nodeName">The shared node name.</param>
    /// <param name="otherInstance">The other bus's instance id.</param>
    public RedisDuplicateNodeEventArgs(string nodeName, Guid otherInstance)
    {
        NodeName = nodeName;
        OtherInstance = otherInstance;
    }

    /// <summary>The node name both buses answer to.</summary>
    public string NodeName { get; }

    /// <summary>The other bus's <see cref="RedisPubSub.InstanceId"/>.</summary>
    public Guid OtherInstance { get; }
}
