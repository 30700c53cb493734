using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace EventCatalog.PubSub.Redis;

/// <summary>
/// The Redis side of a <see cref="RedisPubSub"/>: one literal channel (<c>RedisChannel.Literal</c>: topics never become
/// channel names and no pattern subscription is ever made, StackExchange.Redis#2479) with <c>PUBLISH</c>, or N sharded
/// channels (<c>RedisChannel.Sharded</c>: <c>SPUBLISH</c>/<c>SSUBSCRIBE</c>, Redis 7.0) whose names come from the channel
/// name and the shard's index only (<see cref="ShardChannelNames"/>); StackExchange.Redis's connection events for the link.
/// Everything else is the bus's (<see cref="NodePubSub"/>), as phoenix_pubsub_redis leaves everything but the wire to phoenix_pubsub.
/// </summary>
internal sealed class RedisTransport : IShardSubscriptionTransport
{
    /// <summary>Redis's own limit on a string, so on a <c>PUBLISH</c> message: 512 MiB.</summary>
    private const int RedisMaxBulkBytes = 512 * 1024 * 1024;

    /// <summary>Redis Cluster's hash slots.</summary>
    private const int Slots = 16384;

    private readonly IConnectionMultiplexer _connection;
    private readonly bool _ownsConnection;
    private readonly ISubscriber _subscriber;
    private readonly RedisChannel[] _channels;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _receiving = new();
    private INodeTransportReceiver? _receiver;
    private ChannelMessageQueue?[] _queues;
    private Task[] _pumps = Array.Empty<Task>();
    private int _reconfiguring;

    /// <summary>A transport on <paramref name="channelNames"/>: one name is a literal channel, several are sharded channels.</summary>
    public RedisTransport(IConnectionMultiplexer connection, bool ownsConnection, IReadOnlyList<string> channelNames)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
        _subscriber = connection.GetSubscriber();
        _channels = new RedisChannel[channelNames.Count];
        for (int i = 0; i < _channels.Length; i++)
        {
            _channels[i] = _channels.Length == 1 ? RedisChannel.Literal(channelNames[0]) : RedisChannel.Sharded(channelNames[i]);
        }

        _queues = new ChannelMessageQueue?[_channels.Length];
        Destination = _channels.Length == 1
            ? "Redis channel \"" + channelNames[0] + "\""
            : "Redis sharded channels \"" + channelNames[0] + "\" … \"" + channelNames[channelNames.Count - 1] + "\" (" + _channels.Length + ")";
    }

    public string SystemName => "redis";

    public string Destination { get; }

    public int MaxFrameBytes => RedisMaxBulkBytes;

    public int ShardCount => _channels.Length;

    /// <summary>
    /// The sharded channels of a bus: shard <c>s</c> is <c>channel:s{k}</c>, the hash tag <c>{k}</c> being the smallest
    /// number whose hash slot (CRC16, as Redis Cluster computes it) falls in the shard's own 1/N of the slot space, taken
    /// with a stride coprime to N, so that consecutive shards (one store's categories) land on different masters of a cluster
    /// whose masters own equal ranges of slots. Derived from the name and N only: every node finds the same names.
    /// </summary>
    /// <param name="channelName">The bus's channel name (no <c>{</c> or <c>}</c>).</param>
    /// <param name="shards">How many shards, 2 to 256.</param>
    /// <returns>The names, by shard.</returns>
    public static string[] ShardChannelNames(string channelName, int shards)
    {
        int stride = Stride(shards);
        var names = new string[shards];
        for (int shard = 0; shard < shards; shard++)
        {
            int position = (int)((long)shard * stride % shards);
            int from = (int)((long)position * Slots / shards);
            int to = (int)((long)(position + 1) * Slots / shards);
            for (int k = 0; ; k++)
            {
                string tag = k.ToString(System.Globalization.CultureInfo.InvariantCulture);
                int slot = HashSlot(tag);
                if (slot >= from && slot < to)
                {
                    names[shard] = channelName + ":" + shard.ToString(System.Globalization.CultureInfo.InvariantCulture) + "{" + tag + "}";
                    break;
                }
            }
        }

        return names;
    }

    public Task StartAsync(INodeTransportReceiver receiver, CancellationToken cancellationToken) =>
        StartAsync(receiver, Enumerable.Range(0, _channels.Length).ToArray(), cancellationToken);

    public async Task StartAsync(INodeTransportReceiver receiver, IReadOnlyCollection<int> shards, CancellationToken cancellationToken)
    {
        if (_receiver is null)
        {
            _receiver = receiver;
            _connection.ConnectionFailed += OnConnectionFailed;
            _connection.ConnectionRestored += OnConnectionRestored;
        }

        var subscribing = new List<(int Shard, Task<ChannelMessageQueue> Queue)>(shards.Count);
        foreach (int shard in shards)
        {
            if (_queues[shard] is null)
            {
                subscribing.Add((shard, _subscriber.SubscribeAsync(_channels[shard])));
            }
        }

        foreach ((int shard, Task<ChannelMessageQueue> queue) in subscribing)
        {
            Pump(shard, await queue.ConfigureAwait(false));
        }
    }

    /// <summary><c>SSUBSCRIBE</c> to the shard's channel; StackExchange.Redis completes the task when the server has confirmed it.</summary>
    public async Task SubscribeAsync(int shard, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _queues[shard]) is not null)
        {
            return;
        }

        ChannelMessageQueue queue;
        try
        {
            queue = await _subscriber.SubscribeAsync(_channels[shard]).ConfigureAwait(false);
        }
        catch
        {
            // StackExchange.Redis attaches the queue to the channel before the server answers: a failed attempt would leave it
            // attached (copying every later message into a queue nobody reads, and keeping the subscription). The channel is
            // this bus's own, and no queue of ours is on it (checked above), so everything on it goes.
            try
            {
                await _subscriber.UnsubscribeAsync(_channels[shard]).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The link is down; the attempt's queue is detached locally either way.
            }

            throw;
        }

        Pump(shard, queue);
    }

    /// <summary>Stops handing the shard's frames to the bus (under the receive lock, so none is being handed over once it returns), then <c>SUNSUBSCRIBE</c>s.</summary>
    public async Task UnsubscribeAsync(int shard, CancellationToken cancellationToken)
    {
        ChannelMessageQueue? queue;
        lock (_receiving)
        {
            queue = _queues[shard];
            _queues[shard] = null;
        }

        if (queue is null)
        {
            return;
        }

        try
        {
            await queue.UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // Not connected: the server dropped the subscription with the connection, and StackExchange.Redis no longer renews it.
        }
    }

    /// <summary>Keeps <paramref name="queue"/> as the shard's subscription and starts reading it.</summary>
    private void Pump(int shard, ChannelMessageQueue queue)
    {
        lock (_receiving)
        {
            _queues[shard] = queue;
            _pumps = [.. _pumps.Where(static p => !p.IsCompleted), Task.Run(() => PumpAsync(shard, queue))];
        }
    }

    // StackExchange.Redis keeps the order of calls made one after another on a multiplexer (the bus's writer pipelines them).
    public ValueTask PublishAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        new(_subscriber.PublishAsync(_channels[0], frame));

    public ValueTask PublishAsync(ReadOnlyMemory<byte> frame, int shard, CancellationToken cancellationToken) =>
        new(_subscriber.PublishAsync(_channels[shard], frame));

    public async ValueTask DisposeAsync()
    {
        _connection.ConnectionFailed -= OnConnectionFailed;
        _connection.ConnectionRestored -= OnConnectionRestored;
        _stopping.Cancel();
        ChannelMessageQueue?[] queues;
        lock (_receiving)
        {
            queues = (ChannelMessageQueue?[])_queues.Clone();
        }

        foreach (ChannelMessageQueue? queue in queues)
        {
            if (queue is null)
            {
                continue;
            }

            try
            {
                await queue.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (RedisException)
            {
                // Unreachable while disposing: the server drops the subscription with the connection.
            }
        }

        await Task.WhenAny(Task.WhenAll(_pumps), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        if (_ownsConnection)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Hands a subscription's messages to the bus in order; with several shards the pumps take turns, so the bus gets one
    /// frame at a time (it never blocks or throws), and a shard unsubscribed hands over nothing more.
    /// </summary>
    private async Task PumpAsync(int shard, ChannelMessageQueue queue)
    {
        bool alone = _channels.Length == 1;
        while (true)
        {
            ChannelMessage message;
            try
            {
                message = await queue.ReadAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
            {
                return;
            }
            catch (Exception ex)
            {
                _receiver!.OnLinkDown("the subscription's queue failed: " + ex.Message);
                return;
            }

            RedisValue value = message.Message;
            ReadOnlyMemory<byte> frame = value.IsNull ? ReadOnlyMemory<byte>.Empty : (ReadOnlyMemory<byte>)value;
            if (alone)
            {
                _receiver!.OnFrame(frame);
                continue;
            }

            lock (_receiving)
            {
                if (!ReferenceEquals(_queues[shard], queue))
                {
                    return; // unsubscribed: none of the shard's frames reaches the bus any more
                }

                _receiver!.OnFrame(frame);
            }
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        _receiver?.OnLinkDown($"the {e.ConnectionType} connection to Redis ({e.EndPoint}) failed: {e.FailureType}: {e.Exception?.Message}");
        if (_channels.Length > 1 && Interlocked.Exchange(ref _reconfiguring, 1) == 0)
        {
            _ = Task.Run(ReconfigureUntilReachableAsync);
        }
    }

    /// <summary>
    /// After a failure with sharded channels: a cluster's master may have failed over, which StackExchange.Redis would learn only
    /// at its next configuration check (a minute by default). Asks it to read the cluster's layout again every 500 ms until every
    /// shard's channel is served by a connected server, which also moves the shard's subscription there; then reports the link up.
    /// </summary>
    private async Task ReconfigureUntilReachableAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                await Task.Delay(500, _stopping.Token).ConfigureAwait(false);
                if (Array.TrueForAll(_channels, c => _subscriber.IsConnected(c)))
                {
                    Volatile.Write(ref _reconfiguring, 0);
                    _receiver?.OnLinkUp();
                    return;
                }

                try
                {
                    await _connection.ConfigureAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // Still failing over: try again.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        Volatile.Write(ref _reconfiguring, 0);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => _receiver?.OnLinkUp();

    /// <summary>A stride coprime to <paramref name="shards"/> near 0.38 × N, so that any run of consecutive shards spreads over the slot space.</summary>
    private static int Stride(int shards)
    {
        int stride = Math.Max(1, (int)Math.Round(shards * 0.382));
        while (Gcd(stride, shards) != 1)
        {
            stride++;
        }

        return stride;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    /// <summary>Redis Cluster's hash slot of a key or sharded channel without a hash tag: CRC16 (XMODEM) mod 16384.</summary>
    private static int HashSlot(string key)
    {
        int crc = 0;
        foreach (char c in key)
        {
            crc ^= (byte)c << 8;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }

        return crc % Slots;
    }
}
