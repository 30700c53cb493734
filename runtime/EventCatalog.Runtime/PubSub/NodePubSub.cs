using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventCatalog.PubSub;

/// <summary>
/// An <see cref="INodePubSub"/> across processes over any broker an <see cref="INodeTransport"/> reaches, with
/// Phoenix.PubSub's semantics and nothing lost silently. <c>RedisPubSub</c> and <c>NatsPubSub</c> are this bus on their
/// transports; <see cref="StartAsync"/> makes one on a transport of your own.
/// </summary>
/// <remarks>
/// <para>
/// <b>Verbs.</b> Local subscribers are served directly, exactly as by <see cref="InMemoryPubSub"/> (the same subscription
/// table), and one frame per broadcast goes to the broker (format: docs/node-frames.md). Each node drops its own frames by
/// instance id (self-echo; a restarted node with the same name is another instance). <see cref="BroadcastFromAsync"/>
/// excludes only the sender's subscription, on whichever node it lives. <see cref="LocalBroadcastAsync"/> sends nothing
/// and carries any object. <see cref="DirectBroadcastAsync"/> to this node delivers locally only; to another node it
/// sends a frame that only nodes of that name deliver.
/// </para>
/// <para>
/// <b>What travels.</b> The catalog's records (<see cref="ICatalogEvent"/>), envelopes (<see cref="IEventEnvelope"/>) and
/// payloads (<see cref="IEventPayload"/>) whose event type the codec handles, written by the codec as CloudEvents JSON.
/// Receivers get the same shape back (a record, an <c>EventEnvelope&lt;T&gt;</c>, an <c>EventPayload&lt;T&gt;</c>), a copy.
/// Anything else is refused at publish with an <see cref="ArgumentException"/> naming the type, as is a frame over the
/// frame limit or a catalog event on a topic of its catalog of another category (EVC100, checked by every verb; received
/// frames of that kind are dropped as <see cref="FrameRejectReason.WrongCategory"/>).
/// </para>
/// <para>
/// <b>Order.</b> One ordered outbound writer per bus, pipelining its frames to the transport, and frames handed in by the
/// transport one at a time: each publisher's messages reach every subscriber on every node in the order sent.
/// </para>
/// <para>
/// <b>Loss is never silent.</b> Every frame carries its origin instance and a sequence number; gaps are counted as
/// <see cref="NodePubSubStatistics.Lost"/> and logged. A link failure reported by the transport changes <see cref="State"/>,
/// raises <see cref="ConnectionLost"/> (once per outage) and is logged; the bus confirms recovery only when its own probe
/// frame comes back through the broker, then raises <see cref="ConnectionRestored"/> with the outage. A publish while the
/// broker is unreachable is retried, in order, until <see cref="NodePubSubOptions.PublishTimeout"/>, then throws
/// <see cref="TimeoutException"/>; such a frame may or may not have reached the broker, and receivers count it as lost if it did not.
/// Heartbeats and a goodbye (<see cref="NodePubSubOptions.HeartbeatInterval"/>) announce each node's last sequence number, so
/// loss at an origin's edges is counted too, and raise <see cref="NodeUp"/>/<see cref="NodeDown"/>; a jump over
/// <see cref="NodePubSubOptions.MaxSequenceGap"/> is refused as <see cref="FrameRejectReason.SequenceJump"/>, never counted as lost.
/// </para>
/// <para>
/// <b>Back-pressure.</b> Frames from other nodes never wait for a local subscriber: a full queue applies the subscriber's
/// <see cref="FullQueuePolicy"/> with <see cref="FullQueuePolicy.Wait"/> degraded to dropping the frame for that subscriber
/// (counted), so a slow subscriber never stalls the node and the broker never disconnects it for not reading. Frames to
/// other nodes go through a bounded outbound queue (<see cref="NodePubSubOptions.MaxOutboundQueue"/>): a frame leaves it when
/// it comes back through this node's own subscription, and a publish that finds it full waits up to
/// <see cref="NodePubSubOptions.OutboundQueueTimeout"/>, then throws <see cref="OutboundQueueFullException"/> naming the bus
/// and the depth, so publishers slow down to what the broker delivers instead of filling its buffers (docs/scale.md).
/// </para>
/// <para>
/// <b>Shards.</b> On an <see cref="IShardedNodeTransport"/> each topic takes one shard (a catalog topic by its category
/// within its store, any other by a hash), each shard has its own sequence numbers and its own ordered writer, and the
/// link is confirmed when the probe has come back on every shard.
/// </para>
/// <para>
/// <b>Observability.</b> Counters on the meter <see cref="MeterName"/> (<c>eventcatalog.pubsub.published</c>, <c>.received</c>,
/// <c>.delivered</c>, <c>.dropped</c>, <c>.lost</c>, <c>.rejected</c> with a <c>reason</c> tag), tagged <c>messaging.system</c>,
/// <c>bus</c> and <c>node</c>; logs through <see cref="ILogger"/>; <see cref="GetStatistics"/> for a snapshot.
/// </para>
/// </remarks>
public partial class NodePubSub : INodePubSub, IAsyncDisposable
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> every node bus's counters are published on.</summary>
    public const string MeterName = "EventCatalog.PubSub";

    private static readonly FrameRejectReason[] s_reasons =
    {
        FrameRejectReason.Malformed, FrameRejectReason.UnknownType, FrameRejectReason.UnknownFrameVersion, FrameRejectReason.UnknownEventVersion,
        FrameRejectReason.Oversize, FrameRejectReason.WrongCategory, FrameRejectReason.Replayed, FrameRejectReason.Unauthenticated,
        FrameRejectReason.OutsideReplayWindow, FrameRejectReason.SequenceJump,
    };

    private readonly INodeTransport _transport;
    private readonly IEventCodec _codec;
    private readonly ILogger _logger;
    private readonly string _kind;
    private readonly string _optionsName;
    private readonly string _busName;
    private readonly int _maxFrameBytes;
    private readonly bool _frameLimitIsOption;
    private readonly TimeSpan _publishTimeout;
    private readonly TimeSpan _heartbeatInterval;
    private readonly long _maxSequenceGap;
    private readonly SubscriptionTable _table;
    private readonly FrameAuthentication? _authentication;
    private readonly NodePubSubMetrics _metrics;
    private readonly CancellationTokenSource _stopping = new();
    private readonly long[] _rejected = new long[s_reasons.Length];
    private long _published;
    private long _received;
    private long _delivered;
    private long _dropped;
    private long _lost;
    private long _selfEchoes;
    private long _notForThisNode;
    private long _duplicateNodes;

    /// <summary>
    /// Creates a bus on <paramref name="transport"/> without starting it: for a class that wraps a transport of its own
    /// (as <c>RedisPubSub</c> does), which then calls <see cref="StartCoreAsync"/>. Everyone else calls <see cref="StartAsync"/>.
    /// </summary>
    /// <param name="transport">The transport; the bus disposes it when it is disposed.</param>
    /// <param name="codec">The catalogs' codec (<c>Events.Codec</c>, or <see cref="EventCodec.Combine"/> of several).</param>
    /// <param name="options">Settings, read once; null for the defaults.</param>
    /// <param name="loggerFactory">Where the bus logs; null for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="transport"/> or <paramref name="codec"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range (the message names it), or the transport's frame limit is below 1024 bytes.</exception>
    protected NodePubSub(INodeTransport transport, IEventCodec codec, NodePubSubOptions? options, ILoggerFactory? loggerFactory)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _codec = codec ?? throw new ArgumentNullException(nameof(codec));
        options ??= new NodePubSubOptions();
        options.Validate();
        _kind = GetType().Name;
        _optionsName = options.GetType().Name;
        _logger = loggerFactory?.CreateLogger(GetType().FullName ?? _kind) ?? (ILogger)NullLogger.Instance;
        _busName = options.BusName;
        int transportLimit = transport.MaxFrameBytes;
        if (transportLimit < 1024)
        {
            throw new ArgumentException($"The {transport.SystemName} transport's frame limit ({transportLimit} bytes) is below 1024 bytes.", nameof(transport));
        }

        _frameLimitIsOption = options.MaxFrameBytes <= transportLimit;
        _maxFrameBytes = Math.Min(options.MaxFrameBytes, transportLimit);
        _publishTimeout = options.PublishTimeout;
        _heartbeatInterval = options.HeartbeatInterval;
        _maxSequenceGap = options.MaxSequenceGap;
        _sequences = new OriginSequences(OriginLiveFor(options));
        _authentication = options.CreateAuthentication();
        NodeName = options.NodeName ?? EventNode.Current;
        if (Encoding.UTF8.GetByteCount(NodeName) > NodeFrame.MaxNodeBytes)
        {
            throw new ArgumentException($"The node name \"{NodeName}\" is over {NodeFrame.MaxNodeBytes} UTF-8 bytes; set {_optionsName}.NodeName.", nameof(options));
        }

        InstanceId = Guid.NewGuid();
        _table = new SubscriptionTable(options.SubscriberCapacity, options.FullQueuePolicy, options.FullQueueTimeout, InstanceId, NodeName, CountDrop);
        _metrics = new NodePubSubMetrics(transport.SystemName, _busName, NodeName, s_reasons);
        _telemetry = new PubSubTelemetry(transport.SystemName, PubSubTelemetry.MeterNameOf(transport.SystemName), NodeName);
        InitOutbound(options);
        _outbound = CreateOutboundQueues();
        InitShards(options);
    }

    /// <summary>Raised when the link to the broker fails (once per outage): frames from other nodes are lost until <see cref="ConnectionRestored"/>.</summary>
    public event EventHandler<NodeConnectionEventArgs>? ConnectionLost;

    /// <summary>Raised when the bus's own probe frame came back through the broker after a loss: the subscription works again.</summary>
    public event EventHandler<NodeConnectionEventArgs>? ConnectionRestored;

    /// <summary>
    /// Raised when another live bus is seen on this bus with this bus's <see cref="NodeName"/>: at most once a minute per
    /// other instance and at most eight times a minute in all (frames with this name from anyone are a flood to bound).
    /// </summary>
    public event EventHandler<DuplicateNodeEventArgs>? DuplicateNodeDetected;

    /// <summary>This bus's node name (<see cref="NodePubSubOptions.NodeName"/> or <see cref="EventNode.Current"/>).</summary>
    public string NodeName { get; }

    /// <summary>This bus's instance id, new for every bus: the self-echo rule and the sequence numbers key on it.</summary>
    public Guid InstanceId { get; }

    /// <summary>Whether the bus is exchanging frames with the broker now.</summary>
    public NodePubSubState State => (NodePubSubState)Volatile.Read(ref _state);

    /// <summary>The transport's <see cref="INodeTransport.Destination"/>: where this bus's frames go, as logs and errors name it.</summary>
    public string Destination => _transport.Destination;

    /// <summary>
    /// Creates a bus on <paramref name="transport"/>, starts the transport and waits until its own probe frame comes back
    /// through the broker (at most <see cref="NodePubSubOptions.PublishTimeout"/>).
    /// </summary>
    /// <param name="transport">The transport; the bus owns it from now on and disposes it (also when this call fails).</param>
    /// <param name="codec">The catalogs' codec (<c>Events.Codec</c>, or <see cref="EventCodec.Combine"/> of several).</param>
    /// <param name="options">Settings, read once; null for the defaults.</param>
    /// <param name="loggerFactory">Where the bus logs; null for none.</param>
    /// <param name="cancellationToken">Cancels the start and the wait for the first round trip.</param>
    /// <returns>The bus, <see cref="NodePubSubState.Connected"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transport"/> or <paramref name="codec"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    /// <exception cref="TimeoutException">The transport did not start, or the probe did not come back, within <see cref="NodePubSubOptions.PublishTimeout"/>.</exception>
    public static async Task<NodePubSub> StartAsync(INodeTransport transport, IEventCodec codec, NodePubSubOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        NodePubSub bus;
        try
        {
            bus = new NodePubSub(transport, codec, options, loggerFactory);
        }
        catch
        {
            if (transport is not null)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        await bus.StartCoreAsync(cancellationToken).ConfigureAwait(false);
        return bus;
    }

    /// <summary>
    /// Starts the transport (retrying until <see cref="NodePubSubOptions.PublishTimeout"/>) and waits until the bus's own probe
    /// frame comes back through the broker. For classes that construct the bus themselves; call it once. When it throws, the
    /// bus (and so its transport) is already disposed.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the bus is <see cref="NodePubSubState.Connected"/>.</returns>
    /// <exception cref="TimeoutException">The transport did not start, or the probe did not come back, in time (the message names the destination).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    protected async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SubscribeAndConfirmAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task SubscribeAndConfirmAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var receiver = new Receiver(this);
        while (true)
        {
            try
            {
                await StartTransportAsync(receiver, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (clock.Elapsed >= _publishTimeout)
                {
                    throw new TimeoutException($"{_kind} \"{_busName}\" (node \"{NodeName}\") could not subscribe to {Destination} within {Format(_publishTimeout)}: {ex.Message}", ex);
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }

        StartShardReconciler();
        _writer = StartWriters();
        _prober = Task.Run(ProbeAsync);
        WantProbe();
        Task first = _firstConfirmation.Task;
        Task finished = await Task.WhenAny(first, Task.Delay(_publishTimeout, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (finished != first)
        {
            throw new TimeoutException($"{_kind} \"{_busName}\" (node \"{NodeName}\") subscribed to {Destination} but its probe frame did not come back within {Format(_publishTimeout)}: the broker is unreachable or the subscription does not work.");
        }

        _heartbeats = Task.Run(HeartbeatAsync);
        _logger.LogInformation("{Kind} {Bus} node {Node} instance {Instance} subscribed to {Destination}.", _kind, _busName, NodeName, InstanceId, Destination);
    }

    /// <summary>A snapshot of the bus's counters.</summary>
    /// <returns>The counts since the bus was created.</returns>
    public NodePubSubStatistics GetStatistics()
    {
        long untracked;
        lock (_sequences)
        {
            untracked = _sequences.Untracked;
        }

        var rejected = new Dictionary<FrameRejectReason, long>(s_reasons.Length);
        foreach (FrameRejectReason reason in s_reasons)
        {
            rejected[reason] = Interlocked.Read(ref _rejected[(int)reason]);
        }

        return new NodePubSubStatistics(
            Interlocked.Read(ref _published), Interlocked.Read(ref _received), Interlocked.Read(ref _delivered), Interlocked.Read(ref _dropped),
            Interlocked.Read(ref _lost), Interlocked.Read(ref _selfEchoes), Interlocked.Read(ref _notForThisNode), Interlocked.Read(ref _duplicateNodes), Interlocked.Read(ref _skipped), untracked, rejected);
    }

    /// <summary>How many local subscriptions <paramref name="topic"/> has now.</summary>
    /// <param name="topic">The exact topic.</param>
    /// <returns>The number of active local subscriptions; 0 for null or a topic never subscribed to.</returns>
    public int SubscriberCount(string topic) => _table.Count(topic);

    /// <inheritdoc/>
    public ISubscription Subscribe([TopicParameter] string topic)
    {
        SubscriptionTable.CheckTopic(topic);
        ThrowIfDisposed();
        return _table.Subscribe(topic);
    }

    private void CountDrop()
    {
        Interlocked.Increment(ref _dropped);
        _metrics.Dropped();
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
                _logger.LogError(ex, "{Kind} {Bus} node {Node}: an event handler threw.", _kind, _busName, NodeName);
            }
        }
    }

    private void ThrowIfDisposed()
    {
        if (State == NodePubSubState.Disposed)
        {
            throw new ObjectDisposedException(_kind, $"The {_kind} of bus \"{_busName}\" (node \"{NodeName}\") is disposed.");
        }
    }

    private static string Format(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1)
            ? ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms"
            : duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    /// <summary>The bus's side of the transport: a separate object, so that nobody outside can feed the bus frames.</summary>
    private sealed class Receiver : INodeTransportReceiver
    {
        private readonly NodePubSub _bus;

        public Receiver(NodePubSub bus) => _bus = bus;

        public void OnFrame(ReadOnlyMemory<byte> frame) => _bus.OnFrame(frame);

        public void OnLinkDown(string reason) => _bus.OnLinkDown(reason);

        public void OnLinkUp() => _bus.OnLinkUp();
    }
}
