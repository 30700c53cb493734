using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NATS.Client.Core;

namespace EventCatalog.PubSub.Nats;

/// <summary>
/// The bus's frames over core NATS: one literal subject per bus (<see cref="NatsPubSubOptions.Subject"/>), or one per shard
/// (<see cref="NatsPubSubOptions.Shards"/>: <c>Subject.0</c> …, one subscription each on the one connection), published
/// with NATS.Net and received by a subscription that hands each message's payload to the bus on the connection's
/// read loop, in arrival order, without a copy (the bus checks and queues it; <see cref="INodeTransportReceiver.OnFrame"/>
/// never blocks). Link changes come from the connection's own events; the frame limit is the server's <c>max_payload</c>.
/// </summary>
internal sealed class NatsTransport : IShardSubscriptionTransport
{
    private readonly INatsConnection _connection;
    private readonly bool _ownsConnection;
    private readonly string[] _subjects;
    private readonly FrameSubscription?[] _subscriptions;
    private INodeTransportReceiver? _receiver;
    private int _linkDown;
    private int _disposed;

    public NatsTransport(INatsConnection connection, bool ownsConnection, string[] subjects)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
        _subjects = subjects;
        _subscriptions = new FrameSubscription?[subjects.Length];
        Destination = subjects.Length == 1
            ? "NATS subject \"" + subjects[0] + "\""
            : "NATS subjects \"" + subjects[0] + "\" … \"" + subjects[subjects.Length - 1] + "\" (" + subjects.Length + ")";
    }

    /// <summary>The subjects, by shard.</summary>
    public IReadOnlyList<string> Subjects => _subjects;

    public int ShardCount => _subjects.Length;

    public string SystemName => "nats";

    public string Destination { get; }

    /// <summary>The server's <c>max_payload</c> from its INFO (1 MiB, NATS's default, until connected).</summary>
    public int MaxFrameBytes => _connection.ServerInfo?.MaxPayload is int max and > 0 ? max : 1024 * 1024;

    /// <summary>Whether the server sends this connection its own messages (<see cref="NatsOpts.Echo"/>).</summary>
    public bool Echo => _connection.Opts.Echo;

    public Task StartAsync(INodeTransportReceiver receiver, CancellationToken cancellationToken) =>
        StartAsync(receiver, Enumerable.Range(0, _subjects.Length).ToArray(), cancellationToken);

    public async Task StartAsync(INodeTransportReceiver receiver, IReadOnlyCollection<int> shards, CancellationToken cancellationToken)
    {
        for (int i = 0; i < _subscriptions.Length; i++)
        {
            if (_subscriptions[i] is { } failed)
            {
                // A retried start: the subscriptions of the failed attempt go first.
                _subscriptions[i] = null;
                await failed.DisposeAsync().ConfigureAwait(false);
            }
        }

        _receiver = receiver;
        if (_connection.ConnectionState != NatsConnectionState.Open)
        {
            await _connection.ConnectAsync().ConfigureAwait(false);
        }

        _connection.ConnectionDisconnected -= OnDisconnectedAsync;
        _connection.ConnectionOpened -= OnOpenedAsync;
        _connection.ConnectionDisconnected += OnDisconnectedAsync;
        _connection.ConnectionOpened += OnOpenedAsync;
        foreach (int shard in shards)
        {
            await AddSubscriptionAsync(shard, receiver, cancellationToken).ConfigureAwait(false);
        }

        // The server handles one connection's protocol in order: once this PING has its PONG, every SUB is in place.
        await _connection.PingAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>SUB</c> on the shard's subject, in place (a PING's PONG) when the task completes.</summary>
    public async Task SubscribeAsync(int shard, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _subscriptions[shard]) is not null)
        {
            return;
        }

        await AddSubscriptionAsync(shard, _receiver!, cancellationToken).ConfigureAwait(false);
        await _connection.PingAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops handing the shard's frames to the bus (none is being handed over once it returns), then <c>UNSUB</c>s.</summary>
    public async Task UnsubscribeAsync(int shard, CancellationToken cancellationToken)
    {
        FrameSubscription? subscription = Interlocked.Exchange(ref _subscriptions[shard], null);
        if (subscription is null)
        {
            return;
        }

        subscription.Stop();
        try
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException or ObjectDisposedException)
        {
            // Not connected (or gone already): the server dropped the subscription with the connection, and NATS.Net no longer renews it.
        }
    }

    private async Task AddSubscriptionAsync(int shard, INodeTransportReceiver receiver, CancellationToken cancellationToken)
    {
        var subscription = new FrameSubscription(_connection, _subjects[shard], receiver);
        try
        {
            await _connection.AddSubAsync(subscription, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            subscription.Stop();
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _subscriptions[shard] = subscription;
    }

    /// <summary>
    /// Hands the frame to NATS.Net, which writes commands in call order; while the connection is not open it fails at
    /// once (as RedisPubSub's fail-fast backlog policy does), so the bus's own in-order retry, bounded by its publish
    /// timeout, is the only wait: a frame never sits in a client buffer that a later reconnect may or may not replay.
    /// </summary>
    public ValueTask PublishAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) => PublishAsync(frame, 0, cancellationToken);

    /// <summary>As <see cref="PublishAsync(ReadOnlyMemory{byte}, CancellationToken)"/>, on shard <paramref name="shard"/>'s subject.</summary>
    public ValueTask PublishAsync(ReadOnlyMemory<byte> frame, int shard, CancellationToken cancellationToken) =>
        _connection.ConnectionState == NatsConnectionState.Open
            ? _connection.PublishAsync(_subjects[shard], frame, serializer: NatsRawSerializer<ReadOnlyMemory<byte>>.Default, cancellationToken: cancellationToken)
            : new ValueTask(Task.FromException(new InvalidOperationException($"Not connected to NATS (the connection is {_connection.ConnectionState}).")));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _connection.ConnectionDisconnected -= OnDisconnectedAsync;
        _connection.ConnectionOpened -= OnOpenedAsync;
        if (_connection.ConnectionState == NatsConnectionState.Open)
        {
            // A round trip first: the frames published last (the bus's goodbye among them) reach the server before the connection closes.
            try
            {
                using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _connection.PingAsync(bounded.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NatsException or OperationCanceledException or ObjectDisposedException)
            {
                // Gone already: nothing more reaches the server.
            }
        }

        for (int shard = 0; shard < _subscriptions.Length; shard++)
        {
            await UnsubscribeAsync(shard, CancellationToken.None).ConfigureAwait(false);
        }

        if (_ownsConnection)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override string ToString() => "NatsTransport(" + Destination + ")";

    private ValueTask OnDisconnectedAsync(object? sender, NatsEventArgs e)
    {
        if (Volatile.Read(ref _disposed) == 0 && Interlocked.Exchange(ref _linkDown, 1) == 0)
        {
            // NATS.Net's message names the server by host and port only: the URL we gave it has no credentials.
            _receiver?.OnLinkDown("NATS connection to " + e.Message + " lost");
        }

        return default;
    }

    private ValueTask OnOpenedAsync(object? sender, NatsEventArgs e)
    {
        // NATS.Net sends every SUB again before anything else on a new connection, and the server handles them in
        // order: the bus's probe, published after this, comes back only through the renewed subscription.
        if (Volatile.Read(ref _disposed) == 0 && Interlocked.Exchange(ref _linkDown, 0) == 1)
        {
            _receiver?.OnLinkUp();
        }

        return default;
    }

    /// <summary>
    /// A core NATS subscription without NATS.Net's message channel: each payload goes to the bus on the read loop, so
    /// there is no second bounded queue that could drop frames on its own (the bus's queues and counters are the only ones).
    /// </summary>
    private sealed class FrameSubscription : NatsSubBase
    {
        private readonly INodeTransportReceiver _receiver;
        private readonly object _receiving = new();
        private volatile bool _stopped;

        public FrameSubscription(INatsConnection connection, string subject, INodeTransportReceiver receiver)
            : base(connection, connection.SubscriptionManager, subject, queueGroup: null, opts: null)
        {
            _receiver = receiver;
        }

        /// <summary>Hands over no more frames; once it returns, none is being handed over (the read loop's call holds the same lock).</summary>
        public void Stop()
        {
            lock (_receiving)
            {
                _stopped = true;
            }
        }

        protected override ValueTask ReceiveInternalAsync(string subject, string? replyTo, ReadOnlySequence<byte>? headersBuffer, ReadOnlySequence<byte> payloadBuffer)
        {
            lock (_receiving)
            {
                return _stopped ? default : Receive(payloadBuffer);
            }
        }

        private ValueTask Receive(ReadOnlySequence<byte> payloadBuffer)
        {

            if (payloadBuffer.IsSingleSegment)
            {
                _receiver.OnFrame(payloadBuffer.First);
                return default;
            }

            // A payload split across the reader's buffers: one contiguous copy, returned to the pool after the call.
            int length = (int)Math.Min(payloadBuffer.Length, int.MaxValue);
            byte[] rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                payloadBuffer.Slice(0, length).CopyTo(rented);
                _receiver.OnFrame(new ReadOnlyMemory<byte>(rented, 0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }

            return default;
        }

        protected override void TryComplete() => _stopped = true;
    }
}
