using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog;
using EventCatalog.PubSub;
using EventCatalog.PubSub.Nats;
using EventCatalog.PubSub.Redis;

namespace ExESDB.ControlPlane;

/// <summary>
/// A node process's bus on the run's engine (<c>--transport redis|nats</c>): the same <see cref="NodePubSub"/> either way. Shared by
/// the sample's two node roles, the cluster demo's <see cref="ClusterNode"/> and the distributed tests' <see cref="LoadNode"/>.
/// </summary>
internal static class ClusterBus
{
    /// <summary>Remote frames are dropped (and counted) for a full subscriber; room for a burst of every node's events.</summary>
    private const int Capacity = 1 << 16;

    /// <summary>The engine's name for messages: <c>Redis</c> or <c>NATS</c>.</summary>
    public static string Engine(SimulationOptions options) => options.Transport == SimulationOptions.NatsTransport ? "NATS" : "Redis";

    /// <summary>Connects node <paramref name="name"/> to the run's bus (one bus per run: runs sharing a server never see each other's frames).</summary>
    public static Task<NodePubSub> ConnectAsync(SimulationOptions options, string name, CancellationToken cancellationToken) =>
        ConnectAsync(options.Transport ?? SimulationOptions.RedisTransport, options.Transport == SimulationOptions.NatsTransport ? "nats://" + options.Nats : options.Redis!, BusName(options.Run!), name, null, cancellationToken);

    /// <summary>The bus of run <paramref name="run"/>: <c>exesdb-controlplane-RUN</c>.</summary>
    public static string BusName(string run) => "exesdb-controlplane-" + run;

    /// <summary>
    /// Connects node <paramref name="name"/> to bus <paramref name="bus"/> on <paramref name="transport"/> (<c>redis</c>: a StackExchange.Redis
    /// configuration; <c>nats</c>: a NATS URL), with room for <see cref="Capacity"/> messages per subscriber.
    /// </summary>
    /// <param name="configure">Sets further options (the load node's <c>--wait-for-slowest</c>); null for none.</param>
    /// <exception cref="ArgumentException"><paramref name="transport"/> is neither <c>redis</c> nor <c>nats</c>.</exception>
    public static async Task<NodePubSub> ConnectAsync(string transport, string server, string bus, string name, TimeSpan? publishTimeout, CancellationToken cancellationToken, Action<NodePubSubOptions>? configure = null)
    {
        NodePubSubOptions options = transport switch
        {
            SimulationOptions.RedisTransport => new RedisPubSubOptions { BusName = bus },
            SimulationOptions.NatsTransport => new NatsPubSubOptions { BusName = bus },
            _ => throw new ArgumentException($"--transport takes redis or nats, not '{transport}'."),
        };
        options.NodeName = name;
        options.SubscriberCapacity = Capacity;
        server = HardenedBus.Apply(options, server); // the key and login an `auto` server's parent handed over, if any
        if (publishTimeout is { } timeout)
        {
            options.PublishTimeout = timeout;
        }

        configure?.Invoke(options);

        return options is NatsPubSubOptions nats
            ? await NatsPubSub.ConnectAsync(server, Events.Codec, nats, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await RedisPubSub.ConnectAsync(server, Events.Codec, (RedisPubSubOptions)options, cancellationToken: cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// The bus's counters once this node's own frames are back from the broker: its subscribers got its messages directly, so it
    /// can have everything while its last frames are still on their way back (to be dropped as self-echoes). Waits while they keep
    /// coming: at most <paramref name="atMost"/>, and <paramref name="withoutProgress"/> without a new echo ends it (after a fault some never come).
    /// </summary>
    public static async Task<NodePubSubStatistics> AwaitOwnEchoesAsync(NodePubSub bus, TimeSpan atMost, TimeSpan withoutProgress)
    {
        await WhileProgressingAsync(() => bus.GetStatistics().SelfEchoes, () => { NodePubSubStatistics s = bus.GetStatistics(); return s.SelfEchoes >= s.Published; }, atMost, withoutProgress).ConfigureAwait(false);
        return bus.GetStatistics();
    }

    /// <summary>
    /// Waits until <paramref name="done"/> holds, at most <paramref name="atMost"/>, and ends early once <paramref name="progress"/>
    /// has not moved for <paramref name="withoutProgress"/> (polled every 20 ms).
    /// </summary>
    public static async Task WhileProgressingAsync(Func<long> progress, Func<bool> done, TimeSpan atMost, TimeSpan withoutProgress)
    {
        var total = Stopwatch.StartNew();
        var sinceProgress = Stopwatch.StartNew();
        long last = progress();
        while (!done() && total.Elapsed < atMost && sinceProgress.Elapsed < withoutProgress)
        {
            await Task.Delay(20).ConfigureAwait(false);
            long now = progress();
            if (now != last)
            {
                last = now;
                sinceProgress.Restart();
            }
        }
    }
}
