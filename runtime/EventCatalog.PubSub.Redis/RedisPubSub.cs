using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace EventCatalog.PubSub.Redis;

/// <summary>
/// An <see cref="INodePubSub"/> across processes over Redis pub/sub (StackExchange.Redis), with Phoenix.PubSub's
/// semantics as phoenix_pubsub_redis gives them (lib/phoenix_pubsub_redis/redis_server.ex), and nothing lost silently.
/// </summary>
/// <remarks>
/// <para>
/// <b>One channel.</b> Every topic of the bus travels on one Redis channel, <see cref="RedisPubSubOptions.ChannelName"/>,
/// subscribed with <c>RedisChannel.Literal</c>: topics and store ids never become channel names, and no pattern
/// subscription is ever made (StackExchange.Redis's default channel mode turns a name with <c>*</c> into a pattern,
/// StackExchange.Redis#2479). The topic travels inside the frame (docs/redis-frames.md), as in phoenix_pubsub_redis.
/// </para>
/// <para>
/// <b>Verbs.</b> Local subscribers are served directly, exactly as by <see cref="InMemoryPubSub"/>, and one frame per
/// broadcast goes to Redis. Each node drops its own frames by instance id (self-echo; a restarted node with the same
/// name is another instance). <see cref="BroadcastFromAsync"/> excludes only the sender's subscription, on whichever
/// node it lives. <see cref="LocalBroadcastAsync"/> publishes nothing to Redis and carries any object.
/// <see cref="DirectBroadcastAsync"/> to this node delivers locally only; to another node it sends a frame that only
/// nodes of that name deliver.
/// </para>
/// <para>
/// <b>What travels.</b> The catalog's records (<see cref="ICatalogEvent"/>), envelopes (<see cref="IEventEnvelope"/>) and
/// payloads (<see cref="IEventPayload"/>) whose event type the codec handles, written by the codec as CloudEvents JSON.
/// Receivers get the same shape back (a record, an <c>EventEnvelope&lt;T&gt;</c>, an <c>EventPayload&lt;T&gt;</c>), a copy.
/// Anything else is refused at publish with an <see cref="ArgumentException"/> naming the type, as is a frame over
/// <see cref="RedisPubSubOptions.MaxFrameBytes"/> or an event of another category than its topic's (EVC100).
/// </para>
/// <para>
/// <b>Order.</b> One ordered outbound writer per bus (concurrent un-awaited publishes can be reordered otherwise,
/// StackExchange.Redis#1719) and one ordered inbound pump: each publisher's messages reach every subscriber on every
/// node in the order sent.
/// </para>
/// <para>
/// <b>Loss is never silent.</b> Redis pub/sub is at most once. Every frame carries its origin instance and a sequence
/// number; gaps are counted as <see cref="RedisPubSubStatistics.Lost"/> and logged. Connection loss and recovery change
/// <see cref="State"/>, raise <see cref="ConnectionLost"/> / <see cref="ConnectionRestored"/> and are logged; the bus
/// confirms a recovery only when its own probe frame comes back through the subscription (StackExchange.Redis
/// resubscribes by itself, #2801, but says nothing about what was lost meanwhile). A publish while Redis is unreachable
/// retries until <see cref="RedisPubSubOptions.PublishTimeout"/>, then throws <see cref="TimeoutException"/>; such a
/// frame may or may not have reached Redis, and receivers count it as lost if it did not.
/// </para>
/// <para>
/// <b>Back-pressure.</b> The inbound pump never waits on a local subscriber: for frames from other nodes a full queue
/// applies the subscriber's <see cref="FullQueuePolicy"/> with <see cref="FullQueuePolicy.Wait"/> degraded to dropping
/// the frame for that subscriber (counted), so a slow subscriber never stalls the node and Redis never disconnects it
/// at <c>client-output-buffer-limit pubsub</c>. StackExchange.Redis's own subscriber queue is unbounded
/// (StackExchange.Redis#2781); the pump keeps it short by never blocking.
/// </para>
/// <para>
/// <b>Observability.</b> Counters on the meter <c>EventCatalog.PubSub.Redis</c> (<c>eventcatalog.pubsub.redis.published</c>,
/// <c>.received</c>, <c>.delivered</c>, <c>.dropped</c>, <c>.lost</c>, <c>.rejected</c> with a <c>reason</c> tag), tagged
/// <c>bus</c> and <c>node</c>; logs through <see cref="ILogger"/>; <see cref="GetStatistics"/> for a snapshot.
/// </para>
/// </remarks>
public sealed class RedisPubSub : INodePubSub, IAsyncDisposable
{
    /// <summary>The name of the <see cref="Meter"/> the bus's counters are published on.</summary>
    public const string MeterName = "EventCatalog.PubSub.Redis";

    private static readonly Meter s_meter = new(MeterName, "0.1.0");
    private static readonly Counter<long> s_published = s_meter.CreateCounter<long>("eventcatalog.pubsub.redis.published", "{frame}", "Frames published to Redis and acknowledged.");
    private static readonly Counter<long> s_received = s_meter.CreateCounter<long>("eventcatalog.pubsub.redis.received", "{frame}", "Frames of other nodes read from Redis.");
    private static readonly Counter<long> s_delivered = s_meter.CreateCounter<long>("eventcatalog.pubsub.redis.delivered", "{message}", "Messages from other nodes queued for a local subscriber.");
    private static readonly Counter<long> s_dropped = s_meter.CreateCounter<long>("eventcatalog.pubsub.redis.dropped", "{message}", "Messages a local subscriber's full queue dropped.");
    private static readonly Counter<long> s_lost = s_meter.CreateCounter<long>("eventcatalog.pubsub.redis.lost", "{frame}", "Frames of other nodes that never arrived (sequence gaps).");
    private static readonly Counter<long> s_rejected = s_meter.CreateCounter<long>("eventcatalog.pubsub.redis.rejected", "{frame}", "Frames dropped on receipt, by reason.");

    private static readonly RedisSubscription[] s_none = Array.Empty<RedisSubscription>();
    private static readonly RedisRejectReason[] s_reasons = (RedisRejectReason[])Enum.GetValues(typeof(RedisRejectReason));

    private readonly IConnectionMultiplexer _connection;
    private readonly bool _ownsConnection;
    private readonly ISubscriber _subscriber;
    private readonly IEventCodec _codec;
    private readonly ILogger _logger;
    private readonly RedisChannel _channel;
    private readonly string _busName;
    private readonly int _maxFrameBytes;
    private readonly TimeSpan _publishTimeout;
    private readonly int _capacity;
    private readonly FullQueuePolicy _policy;
    private readonly TimeSpan _fullQueueTimeout;
    private readonly TopicCategoryResolver? _topicCategory;
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly ConcurrentDictionary<string, RedisSubscription[]> _topics = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly Channel<Outbound> _outbound = Channel.CreateUnbounded<Outbound>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<Guid, long> _lastSequence = new();
    private readonly ConcurrentDictionary<Guid, string> _duplicates = new();
    private readonly long[] _rejected = new long[s_reasons.Length];
    private readonly SemaphoreSlim _probeWanted = new(0, int.MaxValue);
    private ChannelMessageQueue? _queue;
    private Task _pump = Task.CompletedTask;
    private Task _writer = Task.CompletedTask;
    private Task _prober = Task.CompletedTask;
    private long _lastSubscriberNumber;
    private long _sequence;
    private long _probeNumber;
    private long _awaitedProbe;
    private int _state = (int)RedisPubSubState.Connecting;
    private long _notConnectedSince = Stopwatch.GetTimestamp();
    private TaskCompletionSource<bool> _firstConfirmation = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _published;
    private long _received;
    private long _delivered;
    private long _dropped;
    private long _lost;
    private long _selfEchoes;
    private long _notForThisNode;
    private long _duplicateNodes;

    private RedisPubSub(IConnectionMultiplexer connection, bool ownsConnection, IEventCodec codec, RedisPubSubOptions options, ILoggerFactory? loggerFactory)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
        _subscriber = connection.GetSubscriber();
        _codec = codec;
        _logger = loggerFactory?.CreateLogger<RedisPubSub>() ?? (ILogger)NullLogger.Instance;
        ChannelName = options.ChannelName;
        _channel = RedisChannel.Literal(ChannelName);
        _busName = options.BusName;
        _maxFrameBytes = options.MaxFrameBytes;
        _publishTimeout = options.PublishTimeout;
        _capacity = options.SubscriberCapacity;
        _policy = options.FullQueuePolicy;
        _fullQueueTimeout = options.FullQueueTimeout;
        _topicCategory = options.TopicCategory;
        NodeName = options.NodeName ?? EventNode.Current;
        if (System.Text.Encoding.UTF8.GetByteCount(NodeName) > RedisFrame.MaxNodeBytes)
        {
            throw new ArgumentException($"The node name \"{NodeName}\" is over {RedisFrame.MaxNodeBytes} UTF-8 bytes; set RedisPubSubOptions.NodeName.", nameof(options));
        }

        InstanceId = Guid.NewGuid();
        _tags = new[] { new KeyValuePair<string, object?>("bus", _busName), new KeyValuePair<string, object?>("node", NodeName) };
    }

    /// <summary>Raised when a connection to Redis fails: frames from other nodes are lost until <see cref="ConnectionRestored"/>.</summary>
    public event EventHandler<RedisConnectionEventArgs>? ConnectionLost;

    /// <summary>Raised when the bus's own probe frame came back through Redis after a loss: the subscription works again.</summary>
    public event EventHandler<RedisConnectionEventArgs>? ConnectionRestored;

    /// <summary>Raised once per other live bus seen on the channel with this bus's <see cref="NodeName"/>.</summary>
    public event EventHandler<RedisDuplicateNodeEventArgs>? DuplicateNodeDetected;

    /// <summary>This bus's node name (<see cref="RedisPubSubOptions.NodeName"/> or <see cref="EventNode.Current"/>).</summary>
    public string NodeName { get; }

    /// <summary>This bus's instance id, new for every bus: the self-echo rule and the sequence numbers key on it.</summary>
    public Guid InstanceId { get; }

    /// <summary>The Redis channel the bus publishes to and subscribes to, literally.</summary>
    public string ChannelName { get; }

    /// <summary>Whether the bus is exchanging frames with Redis now.</summary>
    public RedisPubSubState State => (RedisPubSubState)Volatile.Read(ref _state);

    /// <summary>
    /// Creates a bus on the application's connection, subscribes its channel and waits until its own probe frame
    /// comes back through Redis (at most <see cref="RedisPubSubOptions.PublishTimeout"/>).
    /// </summary>
    /// <param name="connection">The application's multiplexer; the bus does not dispose it.</param>
    /// <param name="codec">The catalogs' codec (<c>Events.Codec</c>, or <see cref="EventCodec.Combine"/> of several).</param>
    /// <param name="options">Settings, read once; null for the defaults.</param>
    /// <param name="loggerFactory">Where the bus logs; null for none.</param>
    /// <param name="cancellationToken">Cancels the wait for the first round trip.</param>
    /// <returns>The bus, <see cref="RedisPubSubState.Connected"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> or <paramref name="codec"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    /// <exception cref="TimeoutException">The probe did not come back within <see cref="RedisPubSubOptions.PublishTimeout"/>.</exception>
    public static Task<RedisPubSub> CreateAsync(IConnectionMultiplexer connection, IEventCodec codec, RedisPubSubOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default) =>
        CreateCoreAsync(connection ?? throw new ArgumentNullException(nameof(connection)), false, codec, options, loggerFactory, cancellationToken);

    /// <summary>
    /// Connects to Redis with a StackExchange.Redis configuration string (<c>host:port,...</c>) and creates a bus that
    /// owns the connection. The bus sets what it relies on: no abort on connect failure, fail-fast while disconnected
    /// (the bus retries itself, in order, up to <see cref="RedisPubSubOptions.PublishTimeout"/>), a 500 ms reconnect
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
    /// <returns>The bus, <see cref="RedisPubSubState.Connected"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="configuration"/> is empty or invalid (a URI that cannot be mapped: the message shows the configuration-string form, password redacted), or an option is out of range.</exception>
    /// <exception cref="TimeoutException">Redis did not answer within <see cref="RedisPubSubOptions.PublishTimeout"/>.</exception>
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
        config.ReconnectRetryPolicy = new LinearRetry(500);
        config.ClientName ??= options.NodeName ?? EventNode.Current;
        IConnectionMultiplexer connection = await RedisConnectionString.ConnectAsync(config).ConfigureAwait(false);
        try
        {
            return await CreateCoreAsync(connection, true, codec, options, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<RedisPubSub> CreateCoreAsync(IConnectionMultiplexer connection, bool owns, IEventCodec codec, RedisPubSubOptions? options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        if (codec is null)
        {
            throw new ArgumentNullException(nameof(codec));
        }

        options ??= new RedisPubSubOptions();
        options.Validate();
        var bus = new RedisPubSub(connection, owns, codec, options, loggerFactory);
        try
        {
            await bus.StartAsync(cancellationToken).ConfigureAwait(false);
            return bus;
        }
        catch
        {
            await bus.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _connection.ConnectionFailed += OnConnectionFailed;
        _connection.ConnectionRestored += OnConnectionRestored;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                _queue = await _subscriber.SubscribeAsync(_channel).ConfigureAwait(false);
                break;
            }
            catch (RedisException ex)
            {
                if (clock.Elapsed >= _publishTimeout)
                {
                    throw new TimeoutException($"RedisPubSub \"{_busName}\" (node \"{NodeName}\") could not subscribe to channel \"{ChannelName}\" within {Format(_publishTimeout)}: {ex.Message}", ex);
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }

        _pump = Task.Run(PumpAsync);
        _writer = Task.Run(WriteAsync);
        _prober = Task.Run(ProbeAsync);
        _probeWanted.Release();
        Task first = _firstConfirmation.Task;
        Task finished = await Task.WhenAny(first, Task.Delay(_publishTimeout, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (finished != first)
        {
            throw new TimeoutException($"RedisPubSub \"{_busName}\" (node \"{NodeName}\") subscribed to channel \"{ChannelName}\" but its probe frame did not come back within {Format(_publishTimeout)}: Redis is unreachable or the subscription does not work.");
        }

        _logger.LogInformation("RedisPubSub {Bus} node {Node} instance {Instance} subscribed to channel {Channel}.", _busName, NodeName, InstanceId, ChannelName);
    }

    /// <summary>A snapshot of the bus's counters.</summary>
    /// <returns>The counts since the bus was created.</returns>
    public RedisPubSubStatistics GetStatistics()
    {
        var rejected = new Dictionary<RedisRejectReason, long>(s_reasons.Length);
        foreach (RedisRejectReason reason in s_reasons)
        {
            rejected[reason] = Interlocked.Read(ref _rejected[(int)reason]);
        }

        return new RedisPubSubStatistics(
            Interlocked.Read(ref _published), Interlocked.Read(ref _received), Interlocked.Read(ref _delivered), Interlocked.Read(ref _dropped),
            Interlocked.Read(ref _lost), Interlocked.Read(ref _selfEchoes), Interlocked.Read(ref _notForThisNode), Interlocked.Read(ref _duplicateNodes), rejected);
    }

    /// <summary>How many local subscriptions <paramref name="topic"/> has now.</summary>
    /// <param name="topic">The exact topic.</param>
    /// <returns>The number of active local subscriptions; 0 for null or a topic never subscribed to.</returns>
    public int SubscriberCount(string topic) => topic is not null && _topics.TryGetValue(topic, out RedisSubscription[]? s) ? s.Length : 0;

    /// <inheritdoc/>
    public ISubscription Subscribe([TopicParameter] string topic)
    {
        CheckTopic(topic);
        ThrowIfDisposed();
        var subscription = new RedisSubscription(this, topic, Interlocked.Increment(ref _lastSubscriberNumber), _capacity, _policy);
        lock (_gate)
        {
            RedisSubscription[] current = _topics.TryGetValue(topic, out RedisSubscription[]? existing) ? existing : s_none;
            var next = new RedisSubscription[current.Length + 1];
            current.CopyTo(next, 0);
            next[current.Length] = subscription;
            _topics[topic] = next;
        }

        return subscription;
    }

    /// <inheritdoc/>
    /// <remarks>Local subscribers get <paramref name="message"/> itself; one frame goes to Redis for the other nodes. The task completes when both are done.</remarks>
    /// <exception cref="ArgumentException"><paramref name="message"/> cannot travel (not a catalog record, envelope or payload of the codec), its category is not the topic's, or its frame is over <see cref="RedisPubSubOptions.MaxFrameBytes"/>.</exception>
    /// <exception cref="TimeoutException">Redis stayed unreachable for <see cref="RedisPubSubOptions.PublishTimeout"/>, or (<see cref="SubscriberQueueFullException"/>) a local subscriber's queue stayed full.</exception>
    public ValueTask BroadcastAsync([TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default) =>
        Publish(FrameKind.Broadcast, topic, message, null, null, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>The frame names <paramref name="from"/>, so the node that holds it (this one or another) leaves it out; every other subscription on every node gets the message.</remarks>
    /// <exception cref="ArgumentException">As for <see cref="BroadcastAsync"/>.</exception>
    /// <exception cref="TimeoutException">As for <see cref="BroadcastAsync"/>.</exception>
    public ValueTask BroadcastFromAsync(ISubscription from, [TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default)
    {
        if (from is null)
        {
            throw new ArgumentNullException(nameof(from));
        }

        return Publish(FrameKind.BroadcastFrom, topic, message, null, from, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>Publishes nothing to Redis; <paramref name="message"/> may be any object.</remarks>
    public ValueTask LocalBroadcastAsync([TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default)
    {
        CheckTopic(topic);
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        ThrowIfDisposed();
        return cancellationToken.IsCancellationRequested ? new ValueTask(Task.FromCanceled(cancellationToken)) : DeliverLocal(topic, message, null, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// To this node's own name: delivered locally only, like <see cref="LocalBroadcastAsync"/> (but the message must be able to travel,
    /// so the call means the same wherever the target runs). To another name: one frame that only nodes of that name deliver;
    /// no node of that name is not an error (Phoenix's <c>direct_broadcast/5</c>).
    /// </remarks>
    /// <exception cref="ArgumentException">As for <see cref="BroadcastAsync"/>, or <paramref name="node"/> is empty.</exception>
    /// <exception cref="TimeoutException">As for <see cref="BroadcastAsync"/>.</exception>
    public ValueTask DirectBroadcastAsync(string node, [TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(node))
        {
            throw new ArgumentException("A node name must be a non-empty string.", nameof(node));
        }

        if (System.Text.Encoding.UTF8.GetByteCount(node) > RedisFrame.MaxNodeBytes)
        {
            throw new ArgumentException($"A node name is at most {RedisFrame.MaxNodeBytes} UTF-8 bytes.", nameof(node));
        }

        return Publish(FrameKind.Direct, topic, message, node, null, cancellationToken);
    }

    private ValueTask Publish(FrameKind kind, string topic, object message, string? target, ISubscription? from, CancellationToken cancellationToken)
    {
        CheckTopic(topic);
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        ThrowIfDisposed();
        byte[] frame = Encode(kind, topic, message, target, from as RedisSubscription);
        if (cancellationToken.IsCancellationRequested)
        {
            return new ValueTask(Task.FromCanceled(cancellationToken));
        }

        bool toSelf = kind == FrameKind.Direct && string.Equals(target, NodeName, StringComparison.Ordinal);
        Task? remote = null;
        if (!toSelf)
        {
            // Queued here, synchronously, so the outbound order is the call order even for un-awaited calls.
            var outbound = new Outbound(frame, topic, Stopwatch.GetTimestamp() + ToTicks(_publishTimeout));
            if (!_outbound.Writer.TryWrite(outbound))
            {
                throw new ObjectDisposedException(nameof(RedisPubSub));
            }

            remote = outbound.Completion.Task;
        }

        ValueTask local = kind == FrameKind.Direct && !toSelf ? default : DeliverLocal(topic, message, from, cancellationToken);
        if (remote is null)
        {
            return local;
        }

        if (local.IsCompletedSuccessfully)
        {
            return remote.IsCompleted ? new ValueTask(remote) : new ValueTask(WaitAsync(remote, cancellationToken));
        }

        return new ValueTask(BothAsync(local, remote, cancellationToken));
    }

    private static async Task BothAsync(ValueTask local, Task remote, CancellationToken cancellationToken)
    {
        try
        {
            await local.ConfigureAwait(false);
        }
        finally
        {
            // The frame is already on its way: wait for its outcome whatever happened locally, so no failure is unobserved.
            await WaitAsync(remote, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WaitAsync(Task task, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            await task.ConfigureAwait(false);
            return;
        }

        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), cancelled))
        {
            if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
            {
                _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw new OperationCanceledException(cancellationToken);
            }
        }

        await task.ConfigureAwait(false);
    }

    private byte[] Encode(FrameKind kind, string topic, object message, string? target, RedisSubscription? except)
    {
        FrameContent content;
        IEventEnvelope envelope;
        IEventPayload? payload = null;
        switch (message)
        {
            case IEventPayload p:
                content = FrameContent.Payload;
                payload = p;
                envelope = p.Event ?? throw new ArgumentException($"The payload {message.GetType().FullName} has no event.", nameof(message));
                break;
            case IEventEnvelope e:
                content = FrameContent.Envelope;
                envelope = e;
                break;
            case ICatalogEvent record:
                content = FrameContent.Record;
                envelope = new EventEnvelope<ICatalogEvent>(EventIds.NewId(), record.EventType, null, NodeName, DateTimeOffset.UtcNow, record);
                break;
            default:
                throw new ArgumentException(
                    $"A {message.GetType().FullName} cannot travel between nodes: RedisPubSub carries catalog event records (ICatalogEvent), envelopes (IEventEnvelope) and payloads (IEventPayload) of its codec's catalogs. LocalBroadcastAsync delivers any object on this node only.",
                    nameof(message));
        }

        if (!_codec.CanHandle(envelope.EventType))
        {
            throw new ArgumentException($"The event type '{envelope.EventType}' ({message.GetType().FullName}) is not one of the bus's codec's event types, so it cannot travel between nodes; add its catalog's codec (EventCodec.Combine).", nameof(message));
        }

        string? topicCategory = ResolveCategory(topic);
        if (topicCategory is not null)
        {
            string? eventCategory = (envelope.Data as ICatalogEvent)?.Category;
            if (!string.Equals(eventCategory, topicCategory, StringComparison.Ordinal))
            {
                throw new ArgumentException($"EVC100 at run time: the '{eventCategory ?? "?"}' event '{envelope.EventType}' cannot be published on topic \"{topic}\", a topic of category '{topicCategory}'.", nameof(message));
            }
        }

        if (System.Text.Encoding.UTF8.GetByteCount(topic) > RedisFrame.MaxTopicBytes)
        {
            throw new ArgumentException($"A topic that travels between nodes is at most {RedisFrame.MaxTopicBytes} UTF-8 bytes.", nameof(topic));
        }

        var buffer = new FrameBuffer(512);
        RedisFrame.WriteHeader(buffer, kind, content, InstanceId, NodeName, topic, target, except?.Owner.InstanceId ?? Guid.Empty, except?.Number ?? 0);
        if (payload is not null)
        {
            _codec.Write(payload, buffer);
        }
        else
        {
            _codec.Write(envelope, buffer);
        }

        if (buffer.Written > _maxFrameBytes)
        {
            throw new ArgumentException($"The frame for topic \"{topic}\" ({envelope.EventType}) is {buffer.Written} bytes, over RedisPubSubOptions.MaxFrameBytes ({_maxFrameBytes} bytes); it was not published.", nameof(message));
        }

        return buffer.ToArray();
    }

    private string? ResolveCategory(string topic)
    {
        if (_topicCategory is null)
        {
            return null;
        }

        try
        {
            return _topicCategory(topic);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "RedisPubSub {Bus}: RedisPubSubOptions.TopicCategory threw for topic {Topic}; the topic is treated as no catalog's.", _busName, topic);
            return null;
        }
    }

    private ValueTask DeliverLocal(string topic, object message, ISubscription? except, CancellationToken cancellationToken)
    {
        if (!_topics.TryGetValue(topic, out RedisSubscription[]? subscribers))
        {
            return default;
        }

        List<RedisSubscription>? full = null;
        foreach (RedisSubscription subscriber in subscribers)
        {
            if (!ReferenceEquals(subscriber, except) && !subscriber.TryEnqueue(message))
            {
                (full ??= new List<RedisSubscription>()).Add(subscriber);
            }
        }

        return full is null ? default : new ValueTask(WaitForRoomAsync(topic, full, message, cancellationToken));
    }

    private async Task WaitForRoomAsync(string topic, List<RedisSubscription> full, object message, CancellationToken cancellationToken)
    {
        TimeSpan timeout = _fullQueueTimeout;
        if (timeout == TimeSpan.Zero)
        {
            throw new SubscriberQueueFullException(topic, _capacity, timeout, full.ToArray());
        }

        using CancellationTokenSource? bound = timeout == Timeout.InfiniteTimeSpan ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound?.CancelAfter(timeout);
        CancellationToken token = bound?.Token ?? cancellationToken;
        var waits = new Task[full.Count];
        for (int i = 0; i < waits.Length; i++)
        {
            waits[i] = full[i].EnqueueAsync(message, token);
        }

        try
        {
            await Task.WhenAll(waits).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (bound is not null && !cancellationToken.IsCancellationRequested)
        {
            var stillFull = new List<ISubscription>(waits.Length);
            for (int i = 0; i < waits.Length; i++)
            {
                if (waits[i].Status != TaskStatus.RanToCompletion)
                {
                    stillFull.Add(full[i]);
                }
            }

            throw new SubscriberQueueFullException(topic, _capacity, timeout, stillFull);
        }
    }

    private async Task WriteAsync()
    {
        ChannelReader<Outbound> reader = _outbound.Reader;
        var batch = new List<Outbound>(256);
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < 1024 && reader.TryRead(out Outbound? next))
                {
                    batch.Add(next);
                }

                await SendAsync(batch).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "RedisPubSub {Bus} node {Node}: the outbound writer stopped.", _busName, NodeName);
            foreach (Outbound o in batch)
            {
                o.Completion.TrySetException(ex);
            }
        }
    }

    /// <summary>Publishes the batch in order, pipelined; failed frames are retried, in order and with their sequence numbers, until their deadline.</summary>
    private async Task SendAsync(List<Outbound> batch)
    {
        List<Outbound> pending = batch;
        while (pending.Count > 0)
        {
            var sends = new Task[pending.Count];
            for (int i = 0; i < pending.Count; i++)
            {
                Outbound o = pending[i];
                if (o.Sequence == 0)
                {
                    o.Sequence = ++_sequence;
                    RedisFrame.SetSequence(o.Frame, o.Sequence);
                }

                try
                {
                    sends[i] = _subscriber.PublishAsync(_channel, o.Frame);
                }
                catch (Exception ex)
                {
                    sends[i] = Task.FromException(ex);
                }
            }

            try
            {
                await Task.WhenAll(sends).ConfigureAwait(false);
            }
            catch
            {
                // Each send's outcome is read below.
            }

            List<Outbound>? retry = null;
            Exception? lastError = null;
            long now = Stopwatch.GetTimestamp();
            for (int i = 0; i < pending.Count; i++)
            {
                Outbound o = pending[i];
                if (sends[i].Status == TaskStatus.RanToCompletion)
                {
                    Interlocked.Increment(ref _published);
                    s_published.Add(1, _tags);
                    o.Completion.TrySetResult(true);
                    continue;
                }

                lastError = sends[i].Exception?.GetBaseException() ?? lastError;
                if (_stopping.IsCancellationRequested)
                {
                    o.Completion.TrySetException(new ObjectDisposedException(nameof(RedisPubSub), "The bus was disposed before the frame reached Redis."));
                }
                else if (now >= o.Deadline)
                {
                    o.Completion.TrySetException(new TimeoutException(
                        $"Publishing to Redis channel \"{ChannelName}\" (bus \"{_busName}\", node \"{NodeName}\", topic \"{o.Topic}\") failed for {Format(_publishTimeout)} (RedisPubSubOptions.PublishTimeout): {lastError?.Message ?? "no answer"}. Other nodes may not have the message; local subscribers do.",
                        lastError));
                }
                else
                {
                    (retry ??= new List<Outbound>()).Add(o);
                }
            }

            if (retry is null)
            {
                return;
            }

            _logger.LogDebug(lastError, "RedisPubSub {Bus} node {Node}: {Count} frames not published yet; retrying.", _busName, NodeName, retry.Count);
            try
            {
                await Task.Delay(100, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            pending = retry;
        }
    }

    private async Task PumpAsync()
    {
        ChannelMessageQueue queue = _queue!;
        while (true)
        {
            ChannelMessage message;
            try
            {
                message = await queue.ReadAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ChannelClosedException)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "RedisPubSub {Bus} node {Node}: the subscription's queue failed; no more frames are read.", _busName, NodeName);
                return;
            }

            try
            {
                Receive(message.Message);
            }
            catch (Exception ex)
            {
                // The pump never dies on a frame: whatever went wrong, this frame is counted and the next one is read.
                Reject(RedisRejectReason.Malformed, "unexpected error while reading the frame: " + ex.Message, null);
            }
        }
    }

    private void Receive(RedisValue value)
    {
        if (value.IsNull)
        {
            Reject(RedisRejectReason.Malformed, "an empty message", null);
            return;
        }

        ReadOnlyMemory<byte> frame = (ReadOnlyMemory<byte>)value;
        if (frame.Length > _maxFrameBytes)
        {
            Reject(RedisRejectReason.Oversize, $"a frame of {frame.Length} bytes, over RedisPubSubOptions.MaxFrameBytes ({_maxFrameBytes})", null);
            return;
        }

        if (!RedisFrame.TryRead(frame, out RedisFrame.Header header, out RedisRejectReason reason, out string problem))
        {
            Reject(reason, problem, null);
            return;
        }

        if (header.Origin == InstanceId)
        {
            if (header.Kind == FrameKind.Probe)
            {
                OnOwnProbe(header.Topic);
            }
            else
            {
                Interlocked.Increment(ref _selfEchoes);
            }

            return;
        }

        if (string.Equals(header.OriginNode, NodeName, StringComparison.Ordinal) && _duplicates.TryAdd(header.Origin, header.OriginNode))
        {
            Interlocked.Increment(ref _duplicateNodes);
            _logger.LogError("RedisPubSub {Bus}: another live bus (instance {Other}) uses this node's name {Node} on channel {Channel}; direct broadcasts to {Node} reach both. Give each node its own RedisPubSubOptions.NodeName.", _busName, header.Origin, NodeName, ChannelName, NodeName);
            Raise(DuplicateNodeDetected, new RedisDuplicateNodeEventArgs(NodeName, header.Origin));
            _probeWanted.Release(); // Answer with a probe, so the other bus learns of us too.
        }

        if (header.Kind == FrameKind.Probe)
        {
            return;
        }

        if (!Sequence(header))
        {
            return;
        }

        Interlocked.Increment(ref _received);
        s_received.Add(1, _tags);
        if (header.Kind == FrameKind.Direct && !string.Equals(header.TargetNode, NodeName, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _notForThisNode);
            return;
        }

        EventReadResult read = _codec.Read(header.Body.Span);
        if (!read.IsOk)
        {
            RedisRejectReason why = read.Status switch
            {
                EventReadStatus.UnknownType => RedisRejectReason.UnknownType,
                EventReadStatus.UnknownVersion => RedisRejectReason.UnknownEventVersion,
                EventReadStatus.TooLarge => RedisRejectReason.Oversize,
                _ => RedisRejectReason.Malformed,
            };
            Reject(why, read.Error ?? read.Status.ToString(), header);
            return;
        }

        IEventEnvelope envelope = read.Envelope!;
        string? topicCategory = ResolveCategory(header.Topic);
        if (topicCategory is not null)
        {
            string? eventCategory = (envelope.Data as ICatalogEvent)?.Category;
            if (!string.Equals(eventCategory, topicCategory, StringComparison.Ordinal))
            {
                Reject(RedisRejectReason.WrongCategory, $"a '{eventCategory ?? "?"}' event '{envelope.EventType}' on topic \"{header.Topic}\" of category '{topicCategory}'", header);
                return;
            }
        }

        object? message = header.Content switch
        {
            FrameContent.Envelope => envelope,
            FrameContent.Record => envelope.Data as ICatalogEvent,
            _ => read.Payload,
        };
        if (message is null)
        {
            Reject(RedisRejectReason.Malformed, header.Content == FrameContent.Record ? "a record frame whose event has no catalog data" : "a payload frame without a wrapper", header);
            return;
        }

        if (!_topics.TryGetValue(header.Topic, out RedisSubscription[]? subscribers))
        {
            return;
        }

        bool excludeHere = header.Kind == FrameKind.BroadcastFrom && header.ExceptInstance == InstanceId;
        foreach (RedisSubscription subscriber in subscribers)
        {
            if (excludeHere && subscriber.Number == header.ExceptSubscription)
            {
                continue;
            }

            if (subscriber.TryDeliverRemote(message))
            {
                Interlocked.Increment(ref _delivered);
                s_delivered.Add(1, _tags);
            }
        }
    }

    /// <summary>Checks the frame's place in its origin's sequence: counts gaps as lost; refuses replays.</summary>
    private bool Sequence(in RedisFrame.Header header)
    {
        if (_lastSequence.TryGetValue(header.Origin, out long last))
        {
            if (header.Sequence <= last)
            {
                Reject(RedisRejectReason.Replayed, $"sequence {header.Sequence} after {last}", header);
                return false;
            }

            long gap = header.Sequence - last - 1;
            if (gap > 0)
            {
                Interlocked.Add(ref _lost, gap);
                s_lost.Add(gap, _tags);
                _logger.LogWarning("RedisPubSub {Bus} node {Node}: {Gap} frames from node {Origin} (instance {Instance}) were lost: sequence {Last} was followed by {Sequence}.", _busName, NodeName, gap, header.OriginNode, header.Origin, last, header.Sequence);
            }
        }
        else if (_lastSequence.Count >= 10_000)
        {
            // Forged origins must not grow memory without bound; forgetting the baselines can only hide gaps, never invent them.
            _logger.LogWarning("RedisPubSub {Bus} node {Node}: over 10000 origin instances seen; forgetting their sequence baselines.", _busName, NodeName);
            _lastSequence.Clear();
        }

        _lastSequence[header.Origin] = header.Sequence;
        return true;
    }

    private void Reject(RedisRejectReason reason, string problem, RedisFrame.Header? header)
    {
        Interlocked.Increment(ref _rejected[(int)reason]);
        s_rejected.Add(1, _tags[0], _tags[1], new KeyValuePair<string, object?>("reason", reason.ToString()));
        if (header is { } h)
        {
            _logger.LogWarning("RedisPubSub {Bus} node {Node}: dropped a frame from node {Origin} for topic {Topic} ({Reason}): {Problem}.", _busName, NodeName, h.OriginNode, h.Topic, reason, problem);
        }
        else
        {
            _logger.LogWarning("RedisPubSub {Bus} node {Node}: dropped a frame ({Reason}): {Problem}.", _busName, NodeName, reason, problem);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        int previous = Interlocked.CompareExchange(ref _state, (int)RedisPubSubState.Disconnected, (int)RedisPubSubState.Connected);
        if (previous == (int)RedisPubSubState.Disposed)
        {
            return;
        }

        if (previous == (int)RedisPubSubState.Connected)
        {
            Volatile.Write(ref _notConnectedSince, Stopwatch.GetTimestamp());
        }

        _logger.LogWarning("RedisPubSub {Bus} node {Node}: the {Connection} connection to Redis ({Endpoint}) failed ({Failure}); frames from other nodes are lost until it is restored.", _busName, NodeName, e.ConnectionType, e.EndPoint, e.FailureType);
        Raise(ConnectionLost, new RedisConnectionEventArgs(RedisPubSubState.Disconnected, e.ConnectionType.ToString(), DateTimeOffset.UtcNow, TimeSpan.Zero, e.FailureType + ": " + e.Exception?.Message));
        _probeWanted.Release();
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (State == RedisPubSubState.Disposed)
        {
            return;
        }

        _logger.LogInformation("RedisPubSub {Bus} node {Node}: the {Connection} connection to Redis ({Endpoint}) is restored; confirming the subscription.", _busName, NodeName, e.ConnectionType, e.EndPoint);
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            // The subscription may have been re-made while the probe loop still thinks all is well.
            Interlocked.CompareExchange(ref _state, (int)RedisPubSubState.Disconnected, (int)RedisPubSubState.Connected);
        }

        _probeWanted.Release();
    }

    /// <summary>Sends probe frames until one comes back through the subscription, whenever a confirmation is wanted.</summary>
    private async Task ProbeAsync()
    {
        CancellationToken stopping = _stopping.Token;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await _probeWanted.WaitAsync(stopping).ConfigureAwait(false);
                do
                {
                    long number = Interlocked.Increment(ref _probeNumber);
                    Volatile.Write(ref _awaitedProbe, number);
                    var buffer = new FrameBuffer(64);
                    RedisFrame.WriteHeader(buffer, FrameKind.Probe, FrameContent.None, InstanceId, NodeName, "probe-" + number.ToString(CultureInfo.InvariantCulture), null, Guid.Empty, 0);
                    try
                    {
                        await _subscriber.PublishAsync(_channel, buffer.ToArray()).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        _logger.LogDebug(ex, "RedisPubSub {Bus} node {Node}: probe {Probe} not published.", _busName, NodeName, number);
                    }

                    await Task.Delay(100, stopping).ConfigureAwait(false);
                }
                while (State != RedisPubSubState.Connected && !stopping.IsCancellationRequested);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnOwnProbe(string probe)
    {
        if (!string.Equals(probe, "probe-" + Volatile.Read(ref _awaitedProbe).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            return;
        }

        int previous = Volatile.Read(ref _state);
        if (previous is (int)RedisPubSubState.Connected or (int)RedisPubSubState.Disposed ||
            Interlocked.CompareExchange(ref _state, (int)RedisPubSubState.Connected, previous) != previous)
        {
            return;
        }

        _firstConfirmation.TrySetResult(true);
        if (previous == (int)RedisPubSubState.Disconnected)
        {
            TimeSpan outage = TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - Volatile.Read(ref _notConnectedSince)) / (double)Stopwatch.Frequency);
            _logger.LogWarning("RedisPubSub {Bus} node {Node}: subscribed to channel {Channel} again after {Outage}; lost frames are counted as each origin's next frame arrives.", _busName, NodeName, ChannelName, Format(outage));
            Raise(ConnectionRestored, new RedisConnectionEventArgs(RedisPubSubState.Connected, "Probe", DateTimeOffset.UtcNow, outage, null));
        }
    }

    private void Raise<T>(EventHandler<T>? handler, T args)
    {
        if (handler is null)
        {
            return;
        }

        foreach (EventHandler<T> one in handler.GetInvocationList())
        {
            try
            {
                one(this, args);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "RedisPubSub {Bus} node {Node}: an event handler threw.", _busName, NodeName);
            }
        }
    }

    /// <summary>
    /// Stops the bus: unsubscribes the channel, fails frames not yet published with <see cref="ObjectDisposedException"/>, ends
    /// every local subscription after its queued messages, and disposes the connection if the bus made it (<see cref="ConnectAsync"/>).
    /// </summary>
    /// <returns>A task that completes when the bus has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, (int)RedisPubSubState.Disposed) == (int)RedisPubSubState.Disposed)
        {
            return;
        }

        _connection.ConnectionFailed -= OnConnectionFailed;
        _connection.ConnectionRestored -= OnConnectionRestored;
        _outbound.Writer.TryComplete();
        _firstConfirmation.TrySetCanceled();
        try
        {
            // Frames already queued get a short chance to go out before the writer is told to give up.
            await Task.WhenAny(_writer, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        }
        finally
        {
            _stopping.Cancel();
        }

        while (_outbound.Reader.TryRead(out Outbound? left))
        {
            left.Completion.TrySetException(new ObjectDisposedException(nameof(RedisPubSub), "The bus was disposed before the frame reached Redis."));
        }

        if (_queue is not null)
        {
            try
            {
                await _queue.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogDebug(ex, "RedisPubSub {Bus}: unsubscribing failed while disposing.", _busName);
            }
        }

        await Task.WhenAny(Task.WhenAll(_pump, _writer, _prober), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        foreach (RedisSubscription[] subscriptions in _topics.Values)
        {
            foreach (RedisSubscription subscription in subscriptions)
            {
                subscription.Dispose();
            }
        }

        if (_ownsConnection)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void ThrowIfDisposed()
    {
        if (State == RedisPubSubState.Disposed)
        {
            throw new ObjectDisposedException(nameof(RedisPubSub), $"The RedisPubSub of bus \"{_busName}\" (node \"{NodeName}\") is disposed.");
        }
    }

    private static void CheckTopic(string topic)
    {
        if (string.IsNullOrEmpty(topic))
        {
            throw new ArgumentException("A topic must be a non-empty string.", nameof(topic));
        }
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static string Format(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1)
            ? ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms"
            : duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private void Remove(RedisSubscription subscriber)
    {
        lock (_gate)
        {
            if (!_topics.TryGetValue(subscriber.Topic, out RedisSubscription[]? current))
            {
                return;
            }

            int index = Array.IndexOf(current, subscriber);
            if (index < 0)
            {
                return;
            }

            if (current.Length == 1)
            {
                _topics.TryRemove(subscriber.Topic, out _);
                return;
            }

            var next = new RedisSubscription[current.Length - 1];
            Array.Copy(current, 0, next, 0, index);
            Array.Copy(current, index + 1, next, index, current.Length - index - 1);
            _topics[subscriber.Topic] = next;
        }
    }

    private void CountDrop()
    {
        Interlocked.Increment(ref _dropped);
        s_dropped.Add(1, _tags);
    }

    private sealed class Outbound
    {
        public Outbound(byte[] frame, string topic, long deadline)
        {
            Frame = frame;
            Topic = topic;
            Deadline = deadline;
        }

        public byte[] Frame { get; }

        public string Topic { get; }

        public long Deadline { get; }

        public long Sequence { get; set; }

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A local subscription: InMemoryPubSub's queue rules, plus the non-waiting delivery the inbound pump uses.</summary>
    private sealed class RedisSubscription : ISubscription
    {
        private readonly Channel<object> _queue;
        private readonly FullQueuePolicy _policy;
        private readonly int _capacity;
        private long _dropped;
        private long _read;
        private int _disposed;
        private int _enumerated;

        public RedisSubscription(RedisPubSub owner, string topic, long number, int capacity, FullQueuePolicy policy)
        {
            Owner = owner;
            Topic = topic;
            Number = number;
            _capacity = capacity;
            _policy = policy;
            var options = new BoundedChannelOptions(capacity)
            {
                SingleReader = true,
                SingleWriter = false,
                AllowSynchronousContinuations = false,
                FullMode = policy switch
                {
                    FullQueuePolicy.DropWrite => BoundedChannelFullMode.DropWrite,
                    FullQueuePolicy.DropOldest => BoundedChannelFullMode.DropOldest,
                    FullQueuePolicy.DropNewest => BoundedChannelFullMode.DropNewest,
                    _ => BoundedChannelFullMode.Wait,
                },
            };
            _queue = Channel.CreateBounded<object>(options, _ =>
            {
                Interlocked.Increment(ref _dropped);
                Owner.CountDrop();
            });
        }

        public RedisPubSub Owner { get; }

        public long Number { get; }

        public string Topic { get; }

        public bool IsActive => Volatile.Read(ref _disposed) == 0;

        public long Dropped => Interlocked.Read(ref _dropped);

        public bool TryEnqueue(object message)
        {
            if (_queue.Writer.TryWrite(message) || !IsActive)
            {
                return true;
            }

            if (_policy == FullQueuePolicy.Disconnect)
            {
                Disconnect();
                return true;
            }

            return false;
        }

        /// <summary>Never waits: under Wait a full queue drops the incoming frame for this subscriber, counted.</summary>
        public bool TryDeliverRemote(object message)
        {
            if (_queue.Writer.TryWrite(message))
            {
                return true;
            }

            if (!IsActive)
            {
                return false;
            }

            if (_policy == FullQueuePolicy.Disconnect)
            {
                Disconnect();
                return false;
            }

            Interlocked.Increment(ref _dropped);
            Owner.CountDrop();
            return false;
        }

        public async Task EnqueueAsync(object message, CancellationToken cancellationToken)
        {
            try
            {
                await _queue.Writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
            }
        }

        public IAsyncEnumerator<object> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _enumerated, 1) != 0)
            {
                throw new InvalidOperationException($"The subscription to \"{Topic}\" is already being enumerated; subscribe again for a second reader.");
            }

            return ReadAsync(cancellationToken);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Owner.Remove(this);
                _queue.Writer.TryComplete();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }

        public override string ToString()
        {
            string reader = Volatile.Read(ref _enumerated) == 0 ? "never enumerated" : Interlocked.Read(ref _read).ToString(CultureInfo.InvariantCulture) + " read";
            return "subscription #" + Number.ToString(CultureInfo.InvariantCulture) + " to \"" + Topic + "\" on node " + Owner.NodeName + " (" +
                _queue.Reader.Count.ToString(CultureInfo.InvariantCulture) + " queued, " + reader + ")";
        }

        private void Disconnect()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Owner.Remove(this);
                _queue.Writer.TryComplete(new SubscriberOverflowException(Topic, _capacity));
            }
        }

        private async IAsyncEnumerator<object> ReadAsync(CancellationToken cancellationToken)
        {
            try
            {
                ChannelReader<object> reader = _queue.Reader;
                while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (reader.TryRead(out object? message))
                    {
                        Volatile.Write(ref _read, _read + 1);
                        yield return message;
                    }
                }
            }
            finally
            {
                Dispose();
            }
        }
    }
}
