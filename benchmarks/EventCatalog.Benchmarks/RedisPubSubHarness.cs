using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.LocalServers;
using EventCatalog.PubSub;
using EventCatalog.PubSub.Redis;
using ExESDB;
using StackExchange.Redis;

namespace EventCatalog.Benchmarks;

/// <summary>
/// <see cref="BusHarness"/> on Redis: <see cref="RedisPubSub"/> against raw StackExchange.Redis publish/subscribe
/// (<see cref="RedisChannel.Literal"/>) of the very bytes the bus sends for the same event, on a redis-server of the
/// run's own (or <c>EVENTCATALOG_REDIS=host:port</c>). Run with
/// <c>dotnet run -c Release --project benchmarks/EventCatalog.Benchmarks -- --redis-pubsub</c>.
/// </summary>
public static class RedisPubSubHarness
{
    public static async Task<int> RunAsync(int messages, int latencyMessages, int ratePerSecond, int rounds, TextWriter output, int[]? sweepRates = null)
    {
        string? external = RedisServer.ExternalEndpoint();
        using RedisServer? own = external is null ? RedisServer.Start() : null;
        string endpoint = external ?? own!.Endpoint;
        output.WriteLine($"Redis {endpoint} ({(own is not null ? "redis-server started for this run" : "EVENTCATALOG_REDIS")})");
        var sides = new BusHarness.Sides(
            "Redis",
            "RedisPubSub",
            "raw StackExchange.Redis",
            (m, l, r) => MeasureBusAsync(endpoint, m, l, r),
            (m, l, r) => MeasureRawAsync(endpoint, m, l, r),
            (m, l, r) => MeasureBusAsync(endpoint, m, l, r, signed: true),
            (m, l, r) => MeasureBusAsync(endpoint, m, l, r, maxBatchFrames: 1));
        return await BusHarness.RunAsync(sides, messages, latencyMessages, ratePerSecond, rounds, output, sweepRates).ConfigureAwait(false);
    }

    /// <summary>The bus: two <see cref="RedisPubSub"/> nodes (<see cref="BusHarness.MeasureBusAsync"/>).</summary>
    public static Task<BusHarness.Result> MeasureBusAsync(string endpoint, int messages, int latencyMessages, int ratePerSecond, bool signed = false, int maxBatchFrames = NodePubSubOptions.DefaultMaxBatchFrames) =>
        BusHarness.MeasureBusAsync(signed ? "RedisPubSub signed" : maxBatchFrames == 1 ? "RedisPubSub MaxBatchFrames = 1" : "RedisPubSub", async (bus, node) => await RedisPubSub.ConnectAsync(endpoint, Events.Codec, BusHarness.Options(new RedisPubSubOptions(), bus, node, signed, maxBatchFrames)).ConfigureAwait(false), messages, latencyMessages, ratePerSecond);

    /// <summary>Raw StackExchange.Redis: the same frame bytes, PUBLISH on one connection, a literal-channel queue on another.</summary>
    public static async Task<BusHarness.Result> MeasureRawAsync(string endpoint, int messages, int latencyMessages, int ratePerSecond)
    {
        byte[] frame = await CaptureFrameAsync(endpoint).ConfigureAwait(false);
        await using ConnectionMultiplexer subscriberConnection = await ConnectionMultiplexer.ConnectAsync(endpoint).ConfigureAwait(false);
        await using ConnectionMultiplexer publisherConnection = await ConnectionMultiplexer.ConnectAsync(endpoint).ConfigureAwait(false);
        RedisChannel channel = RedisChannel.Literal("bench-raw-" + Guid.NewGuid().ToString("N"));
        ChannelMessageQueue queue = await subscriberConnection.GetSubscriber().SubscribeAsync(channel).ConfigureAwait(false);
        ISubscriber publisher = publisherConnection.GetSubscriber();
        RedisValue value = frame;
        async Task ReceiveAsync(long[] received)
        {
            for (int i = 0; i < received.Length; i++)
            {
                await queue.ReadAsync().ConfigureAwait(false);
                received[i] = System.Diagnostics.Stopwatch.GetTimestamp();
            }
        }

        (double rate, _) = await BusHarness.MeasureAsync(messages, 0, () => publisher.PublishAsync(channel, value), ReceiveAsync).ConfigureAwait(false);
        (_, double[] latencies) = await BusHarness.MeasureAsync(latencyMessages, ratePerSecond, () => publisher.PublishAsync(channel, value), ReceiveAsync).ConfigureAwait(false);
        await queue.UnsubscribeAsync().ConfigureAwait(false);
        return BusHarness.Summarise("raw StackExchange.Redis", rate, latencies);
    }

    /// <summary>The exact bytes the bus sends for the benchmark's payload, read off its channel by a raw subscriber.</summary>
    private static async Task<byte[]> CaptureFrameAsync(string endpoint)
    {
        await using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(endpoint).ConfigureAwait(false);
        await using RedisPubSub bus = await RedisPubSub.ConnectAsync(endpoint, Events.Codec, BusHarness.Options(new RedisPubSubOptions(), "capture-" + Guid.NewGuid().ToString("N"), "publisher")).ConfigureAwait(false);
        ChannelMessageQueue queue = await connection.GetSubscriber().SubscribeAsync(RedisChannel.Literal(bus.ChannelName)).ConfigureAwait(false);
        string topic = Events.Topics.Cluster(BusHarness.Store);
        await bus.BroadcastAsync(topic, BusHarness.Payload()).ConfigureAwait(false);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            ChannelMessage message = await queue.ReadAsync(bound.Token).ConfigureAwait(false);
            byte[] bytes = (byte[])message.Message!;

            // The bus's own probe frames travel on the channel too; the event frame is the one naming the topic.
            if (Encoding.UTF8.GetString(bytes).Contains(topic, StringComparison.Ordinal))
            {
                return bytes;
            }
        }
    }
}
