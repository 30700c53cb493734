using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace EventCatalog.PubSub.Redis;

/// <summary>
/// An <see cref="INodePubSub"/> across processes over Redis pub/sub (StackExchange.Redis): the transport-neutral
/// <see cref="NodePubSub"/> on one literal Redis channel, with Phoenix.PubSub's semantics as phoenix_pubsub_redis gives
/// them (lib/phoenix_pubsub_redis/redis_server.ex), and nothing lost silently.
/// </summary>
/// <remarks>
/// <para>
/// <b>One channel.</b> Every topic of the bus travels on one Redis channel, <see cref="RedisPubSubOptions.ChannelName"/>,
/// subscribed with <c>RedisChannel.Literal</c>: topics and store ids never become channel names, and no pattern
/// subscription is ever made (StackExchange.Redis's default channel mode turns a name with <c>*</c> into a pattern,
/// StackExchange.Redis#2479). The topic travels inside the frame (docs/node-frames.md), as in phoenix_pubsub_redis.
/// </para>
/// <para>
/// <b>Sharded channels.</b> On a Redis Cluster (detected when connecting) the bus spreads over
/// <see cref="RedisPubSubOptions.DefaultClusterShards"/> sharded channels instead (<c>SPUBLISH</c>/<c>SSUBSCRIBE</c>, Redis 7.0;
/// <see cref="RedisPubSubOptions.Shards"/>): each master carries the shards whose slots it owns rather than every message, each
/// topic keeps one shard (its order), each shard its own sequence numbers (exact loss counts), and after a master fails over the
/// transport reads the cluster's layout again until every shard is served, then the bus confirms every shard with its probe.
/// </para>
/// <para>
/// Verbs, order, loss accounting, probes, back-pressure and metrics are <see cref="NodePubSub"/>'s. Redis pub/sub is at
/// most once: StackExchange.Redis resubscribes by itself after a connection loss (#2801) but says nothing about what was
/// lost meanwhile, which the bus counts from sequence gaps once its probe has come back. Its subscriber queue is unbounded
/// (StackExchange.Redis#2781); the bus keeps it short by never blocking on a frame.
/// </para>
/// </remarks>
public sealed class RedisPubSub : NodePubSub
{
    private RedisPubSub(IConnectionMultiplexer connection, bool ownsConnection, IEventCodec codec, RedisPubSubOptions options, string[] channels, ILoggerFactory? loggerFactory)
        : base(new RedisTransport(connection, ownsConnection, channels), codec, options, loggerFactory)
    {
        ChannelName = options.ChannelName;
        Channels = channels;
    }

    /// <summary>The bus's channel name (<see cref="RedisPubSubOptions.ChannelName"/>): its one channel, or the stem of its sharded channels.</summary>
    public string ChannelName { get; }

    /// <summary>
    /// The Redis channels the bus publishes to and subscribes to, literally: <see cref="ChannelName"/> alone, or the sharded channels
    /// (<see cref="RedisPubSubOptions.Shards"/>), by shard.
    /// </summary>
    public IReadOnlyList<string> Channels { get; }

    /// <summary>
    /// Creates a bus on the application's connection, subscribes its channel and waits until its own probe frame
    /// comes back through Redis (at most <see cref="NodePubSubOptions.PublishTimeout"/>).
    /// </summary>
    /// <param name="connection">The application's multiplexer; the bus does not dispose it.</param>
    /// <param name="codec">The catalogs' codec (<c>Events.Codec</c>, or <see cref="EventCodec.Combine"/> of several).</param>
    /// <param name="options">Settings, read once; null for the defaults.</param>
    /// <param name="loggerFactory">Where the bus logs; null for none.</param>
    /// <param name="cancellationToken">Cancels the wait for the first round trip.</param>
    /// <returns>The bus, <see cref="NodePubSubState.Connected"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> or <paramref name="codec"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    /// <exception cref="TimeoutException">The probe did not come back within <see cref="NodePubSubOptions.PublishTimeout"/>.</exception>
    public static Task<RedisPubSub> CreateAsync(IConnectionMultiplexer connection, IEventCodec codec, RedisPubSubOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default) =>
        StartAsync(connection ?? throw new ArgumentNullException(nameof(connection)), false, codec, options ?? new RedisPubSubOptions(), loggerFactory, cancellationToken);

    /// <summary>
    /// Connects to Redis with a StackExchange.Redis configuration string (<c>host:port,...</c>) and creates a bus that
    /// owns the connection. The bus sets what it relies on: no abort on connect failure, fail-fast while disconnected
    /// (the bus retries itself, in order, up to <see cref="NodePubSubOptions.PublishTimeout"/>), a 500 ms reconnect
    /// retry, and the node name as client name.
    /// </summary>
    /// <param name="configuration">
    /// A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>, or a URI as hosted Redis gives it (<c>REDIS_URL</c>):
    /// <c>redis://[[user]:password@]host[:port][/database]</c>, <c>rediss://…</c> for TLS. No message of the bus shows the password.
    /// </param>
    /// <param name="codec">The catalogs' codec.</param>
    /// <param name="options">Settings, read once; null for the defaults.</param>
    /// <param name="loggerFactory">Where the bus logs; null for none.</param>
    /// <param name="cancellationToken">Cancels connecting and the first round trip.</param>
    /// <returns>The bus, <see cref="NodePubSubState.Connected"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="configuration"/> is empty or invalid (a URI that cannot be mapped: the message shows the configuration-string form, password redacted), or an option is out of range.</exception>
    /// <exception cref="TimeoutException">Redis did not answer within <see cref="NodePubSubOptions.PublishTimeout"/>.</exception>
    public static async Task<RedisPubSub> ConnectAsync(string configuration, IEventCodec codec, RedisPubSubOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            throw new ArgumentException("A Redis configuration string such as \"127.0.0.1:6379\" is needed.", nameof(configuration));
        }

        options ??= new RedisPubSubOptions();
        ConfigurationOptions config = RedisConnectionString.Parse(configuration); // also redis:// and rediss:// URIs, refused at once when they cannot be mapped
        config.AbortOnConnectFail = false;
        config.BacklogPolicy = BacklogPolicy.FailFast;
        config.ReconnectRetryPolicy = new LinearRetry(250);

        // StackExchange.Redis notices a failed connection and reconnects on its heartbeat (1 s by default), at most once per
        // retry interval: at 100 ms and 250 ms a subscriber connection killed for a moment is back, and the bus connected
        // again, well within a second.
        config.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
        config.ClientName ??= options.NodeName ?? EventNode.Current;
        IConnectionMultiplexer connection = await RedisConnectionString.ConnectAsync(config).ConfigureAwait(false);
        return await StartAsync(connection, true, codec, options, loggerFactory, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<RedisPubSub> StartAsync(IConnectionMultiplexer connection, bool owns, IEventCodec codec, RedisPubSubOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        RedisPubSub bus;
        try
        {
            options.ValidateChannel();
            int shards = options.Shards != 0 ? options.Shards : IsCluster(connection) ? RedisPubSubOptions.DefaultClusterShards : 1;
            string[] channels = shards == 1 ? new[] { options.ChannelName } : RedisTransport.ShardChannelNames(options.ChannelName, shards);
            bus = new RedisPubSub(connection, owns, codec, options, channels, loggerFactory);
        }
        catch when (owns)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await bus.StartCoreAsync(cancellationToken).ConfigureAwait(false);
        return bus;
    }

    /// <summary>Whether the connection is to a Redis Cluster (any of its servers says so).</summary>
    private static bool IsCluster(IConnectionMultiplexer connection)
    {
        foreach (System.Net.EndPoint endPoint in connection.GetEndPoints())
        {
            if (connection.GetServer(endPoint).ServerType == ServerType.Cluster)
            {
                return true;
            }
        }

        return false;
    }
}
