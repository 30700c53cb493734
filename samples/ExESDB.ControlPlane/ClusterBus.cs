using System;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog;
using EventCatalog.PubSub;
using EventCatalog.PubSub.Nats;
using EventCatalog.PubSub.Redis;

namespace ExESDB.ControlPlane;

/// <summary>A cluster node's bus on the run's engine (<c>--transport redis|nats</c>): the same <see cref="NodePubSub"/> either way.</summary>
internal static class ClusterBus
{
    /// <summary>The engine's name for messages: <c>Redis</c> or <c>NATS</c>.</summary>
    public static string Engine(SimulationOptions options) => options.Transport == SimulationOptions.NatsTransport ? "NATS" : "Redis";

    /// <summary>Connects node <paramref name="name"/> to the run's bus (one bus per run: runs sharing a server never see each other's frames).</summary>
    public static async Task<NodePubSub> ConnectAsync(SimulationOptions options, string name, CancellationToken cancellationToken)
    {
        string bus = "exesdb-controlplane-" + options.Run;

        // Remote frames are dropped (and counted) for a full subscriber; room for a burst of every node's events.
        const int capacity = 1 << 16;
        return options.Transport == SimulationOptions.NatsTransport
            ? await NatsPubSub.ConnectAsync("nats://" + options.Nats, Events.Codec, new NatsPubSubOptions { BusName = bus, NodeName = name, SubscriberCapacity = capacity }, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await RedisPubSub.ConnectAsync(options.Redis!, Events.Codec, new RedisPubSubOptions { BusName = bus, NodeName = name, SubscriberCapacity = capacity }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where the bus's frames go, as the report names it: the Redis channel or the NATS subject.</summary>
    public static string Name(NodePubSub bus) => bus switch
    {
        RedisPubSub redis => redis.ChannelName,
        NatsPubSub nats => nats.Subject,
        _ => bus.Destination,
    };

    /// <summary>Whether <paramref name="ex"/> is a failure to reach the broker (reported as such, not a crash).</summary>
    public static bool IsConnectFailure(Exception ex) => ex is TimeoutException or ArgumentException or StackExchange.Redis.RedisException or NATS.Client.Core.NatsException;
}
