using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace EventCatalog.PubSub.Redis;

/// <summary>
/// The Redis side of a <see cref="RedisPubSub"/>: one literal channel (<c>RedisChannel.Literal</c>: topics never become
/// channel names and no pattern subscription is ever made, StackExchange.Redis#2479), <c>PUBLISH</c> for frames, and
/// StackExchange.Redis's connection events for the link. Everything else is the bus's (<see cref="NodePubSub"/>), as
/// phoenix_pubsub_redis leaves everything but the wire to phoenix_pubsub.
/// </summary>
internal sealed class RedisTransport : INodeTransport
{
    /// <summary>Redis's own limit on a string, so on a <c>PUBLISH</c> message: 512 MiB.</summary>
    private const int RedisMaxBulkBytes = 512 * 1024 * 1024;

    private readonly IConnectionMultiplexer _connection;
    private readonly bool _ownsConnection;
    private readonly ISubscriber _subscriber;
    private readonly RedisChannel _channel;
    private readonly CancellationTokenSource _stopping = new();
    private INodeTransportReceiver? _receiver;
    private ChannelMessageQueue? _queue;
    private Task _pump = Task.CompletedTask;

    public RedisTransport(IConnectionMultiplexer connection, bool ownsConnection, string channelName)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
        _subscriber = connection.GetSubscriber();
        _channel = RedisChannel.Literal(channelName);
        Destination = "Redis channel \"" + channelName + "\"";
    }

    public string SystemName => "redis";

    public string Destination { get; }

    public int MaxFrameBytes => RedisMaxBulkBytes;

    public async Task StartAsync(INodeTransportReceiver receiver, CancellationToken cancellationToken)
    {
        if (_receiver is null)
        {
            _receiver = receiver;
            _connection.ConnectionFailed += OnConnectionFailed;
            _connection.ConnectionRestored += OnConnectionRestored;
        }

        _queue = await _subscriber.SubscribeAsync(_channel).ConfigureAwait(false);
        _pump = Task.Run(PumpAsync);
    }

    // StackExchange.Redis keeps the order of calls made one after another on a multiplexer (the bus's writer pipelines them).
    public ValueTask PublishAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        new(_subscriber.PublishAsync(_channel, frame));

    public async ValueTask DisposeAsync()
    {
        _connection.ConnectionFailed -= OnConnectionFailed;
        _connection.ConnectionRestored -= OnConnectionRestored;
        _stopping.Cancel();
        if (_queue is not null)
        {
            try
            {
                await _queue.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (RedisException)
            {
                // Unreachable while disposing: the server drops the subscription with the connection.
            }
        }

        await Task.WhenAny(_pump, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        if (_ownsConnection)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Hands the subscription's messages to the bus one at a time, in order; the bus never blocks or throws.</summary>
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
            _receiver!.OnFrame(value.IsNull ? ReadOnlyMemory<byte>.Empty : (ReadOnlyMemory<byte>)value);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        _receiver?.OnLinkDown($"the {e.ConnectionType} connection to Redis ({e.EndPoint}) failed: {e.FailureType}: {e.Exception?.Message}");

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => _receiver?.OnLinkUp();
}
