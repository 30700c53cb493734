using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.PubSub;
using EventCatalog.PubSub.Redis;
using ExESDB;
using StackExchange.Redis;

namespace EventCatalog.Benchmarks;

/// <summary>
/// One publisher to one subscriber on another connection, over loopback: <see cref="RedisPubSub"/> against raw
/// StackExchange.Redis publish/subscribe (<see cref="RedisChannel.Literal"/>) of the very bytes the bus sends for the
/// same event (captured from the bus's channel). BenchmarkDotNet gives time per operation, not percentiles, so this
/// measures itself with <see cref="Stopwatch"/> timestamps in one process: throughput = messages / (first publish to
/// last receipt), publishing with up to <see cref="Window"/> publishes in flight; latency = receipt − publish call of
/// each message (the k-th received is the k-th sent: both keep order, and the counts are checked), paced at a fixed
/// rate below both throughputs so that it shows the path, not a queue. Run with
/// <c>dotnet run -c Release --project benchmarks/EventCatalog.Benchmarks -- --redis-pubsub</c>.
/// </summary>
public static class RedisPubSubHarness
{
    public const int Window = 64;
    private const string Store = "bench";

    public sealed record Result(string Name, double MessagesPerSecond, double P50Microseconds, double P99Microseconds, double MaxMicroseconds);

    /// <summary>Runs both sides <paramref name="rounds"/> times, alternating, and prints every round and the medians.</summary>
    public static async Task<int> RunAsync(int messages, int latencyMessages, int ratePerSecond, int rounds, TextWriter output)
    {
        using RedisProcess redis = RedisProcess.StartOrUse();
        output.WriteLine($"Redis {redis.Endpoint} ({(redis.Own ? "redis-server started for this run" : "EVENTCATALOG_REDIS")}); {messages:N0} messages for throughput (window {Window}), {latencyMessages:N0} at {ratePerSecond:N0}/s for latency; payload {Events.Types.ClusterJoined}");
        var bus = new System.Collections.Generic.List<Result>();
        var raw = new System.Collections.Generic.List<Result>();
        // Warm-up, discarded: JIT, connection pools, Redis's buffers.
        await MeasureBusAsync(redis.Endpoint, Math.Min(messages, 5_000), Math.Min(latencyMessages, 500), ratePerSecond).ConfigureAwait(false);
        await MeasureRawAsync(redis.Endpoint, Math.Min(messages, 5_000), Math.Min(latencyMessages, 500), ratePerSecond).ConfigureAwait(false);
        for (int round = 1; round <= rounds; round++)
        {
            Result b = await MeasureBusAsync(redis.Endpoint, messages, latencyMessages, ratePerSecond).ConfigureAwait(false);
            Result r = await MeasureRawAsync(redis.Endpoint, messages, latencyMessages, ratePerSecond).ConfigureAwait(false);
            bus.Add(b);
            raw.Add(r);
            output.WriteLine($"round {round}: {Format(b)} | {Format(r)}");
        }

        Result busMedian = Median("RedisPubSub", bus);
        Result rawMedian = Median("raw StackExchange.Redis", raw);
        output.WriteLine();
        output.WriteLine($"| What (median of {rounds} rounds) | messages/s | p50 µs | p99 µs | max µs |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (Result x in new[] { busMedian, rawMedian })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {x.Name} | {x.MessagesPerSecond:N0} | {x.P50Microseconds:N0} | {x.P99Microseconds:N0} | {x.MaxMicroseconds:N0} |"));
        }

        double throughput = busMedian.MessagesPerSecond / rawMedian.MessagesPerSecond;
        double p99 = busMedian.P99Microseconds / rawMedian.P99Microseconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| ratio bus / raw | {throughput:0.00}× | {busMedian.P50Microseconds / rawMedian.P50Microseconds:0.00}× | {p99:0.00}× | |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Target: throughput ≥ 0.7× raw ({(throughput >= 0.7 ? "met" : "MISSED")}), p99 ≤ 2× raw ({(p99 <= 2 ? "met" : "MISSED")})."));
        (double encode, double decode) = CodecCost(20_000);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Codec alone (one thread, no Redis): encode {encode:0.0} µs, decode {decode:0.0} µs per message."));
        return 0;
    }

    /// <summary>The codec's own work per message (average over <paramref name="count"/>), which the raw side does not do.</summary>
    private static (double EncodeMicroseconds, double DecodeMicroseconds) CodecCost(int count)
    {
        IEventCodec codec = NewCodec();
        var payload = (IEventPayload)Payload();
        byte[] bytes = codec.Serialize(payload);
        for (int i = 0; i < 1_000; i++)
        {
            codec.Read(codec.Serialize(payload));
        }

        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            codec.Serialize(payload);
        }

        long middle = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            codec.Read(bytes);
        }

        long end = Stopwatch.GetTimestamp();
        double Micro(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency / count;
        return (Micro(middle - start), Micro(end - middle));
    }

    private static string Format(Result x) =>
        string.Create(CultureInfo.InvariantCulture, $"{x.Name} {x.MessagesPerSecond:N0}/s p50 {x.P50Microseconds:N0} µs p99 {x.P99Microseconds:N0} µs");

    private static Result Median(string name, System.Collections.Generic.List<Result> results)
    {
        static double Mid(System.Collections.Generic.IEnumerable<double> values)
        {
            double[] sorted = values.OrderBy(v => v).ToArray();
            return sorted[sorted.Length / 2];
        }

        return new Result(name, Mid(results.Select(r => r.MessagesPerSecond)), Mid(results.Select(r => r.P50Microseconds)), Mid(results.Select(r => r.P99Microseconds)), Mid(results.Select(r => r.MaxMicroseconds)));
    }

    /// <summary>The bus: two <see cref="RedisPubSub"/> nodes, each on its own connection; the subscriber decodes and checks every frame.</summary>
    public static async Task<Result> MeasureBusAsync(string endpoint, int messages, int latencyMessages, int ratePerSecond)
    {
        string bus = "bench-" + Guid.NewGuid().ToString("N");
        IEventCodec codec = NewCodec();
        RedisPubSubOptions Options(string node) => new()
        {
            BusName = bus,
            NodeName = node,
            SubscriberCapacity = 1 << 20,
        };

        await using RedisPubSub subscriberBus = await RedisPubSub.ConnectAsync(endpoint, codec, Options("subscriber")).ConfigureAwait(false);
        await using RedisPubSub publisherBus = await RedisPubSub.ConnectAsync(endpoint, codec, Options("publisher")).ConfigureAwait(false);
        string topic = Events.Topics.Cluster(Store);
        object payload = Payload();
        using ISubscription subscription = subscriberBus.Subscribe(topic);
        await using var enumerator = subscription.GetAsyncEnumerator();
        async Task ReceiveAsync(long[] received)
        {
            for (int i = 0; i < received.Length; i++)
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"The subscription ended after {i} of {received.Length} messages.");
                }

                received[i] = Stopwatch.GetTimestamp();
            }
        }

        (double rate, _) = await MeasureAsync(messages, 0, () => publisherBus.BroadcastAsync(topic, payload).AsTask(), ReceiveAsync).ConfigureAwait(false);
        (_, double[] latencies) = await MeasureAsync(latencyMessages, ratePerSecond, () => publisherBus.BroadcastAsync(topic, payload).AsTask(), ReceiveAsync).ConfigureAwait(false);
        NodePubSubStatistics stats = subscriberBus.GetStatistics();
        if (stats.Lost != 0 || stats.Dropped != 0 || stats.Rejected.Values.Sum() != 0)
        {
            throw new InvalidOperationException("The bus lost, dropped or rejected frames during the benchmark: " + stats);
        }

        return Summarise("RedisPubSub", rate, latencies);
    }

    /// <summary>Raw StackExchange.Redis: the same frame bytes, PUBLISH on one connection, a literal-channel queue on another.</summary>
    public static async Task<Result> MeasureRawAsync(string endpoint, int messages, int latencyMessages, int ratePerSecond)
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
                received[i] = Stopwatch.GetTimestamp();
            }
        }

        (double rate, _) = await MeasureAsync(messages, 0, () => publisher.PublishAsync(channel, value), ReceiveAsync).ConfigureAwait(false);
        (_, double[] latencies) = await MeasureAsync(latencyMessages, ratePerSecond, () => publisher.PublishAsync(channel, value), ReceiveAsync).ConfigureAwait(false);
        await queue.UnsubscribeAsync().ConfigureAwait(false);
        return Summarise("raw StackExchange.Redis", rate, latencies);
    }

    /// <summary>
    /// Publishes <paramref name="count"/> messages (<paramref name="rate"/> per second, or as fast as a window of
    /// <see cref="Window"/> in-flight publishes allows when 0) while <paramref name="receive"/> stamps each arrival.
    /// </summary>
    private static async Task<(double Rate, double[] LatenciesMicroseconds)> MeasureAsync(int count, int rate, Func<Task> publish, Func<long[], Task> receive)
    {
        var sent = new long[count];
        var received = new long[count];
        Task receiving = Task.Run(() => receive(received));
        var pending = new System.Collections.Generic.Queue<Task>();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            if (rate > 0)
            {
                long due = start + (long)(i * (double)Stopwatch.Frequency / rate);
                while (Stopwatch.GetTimestamp() < due)
                {
                    // Spinning keeps the pace exact to a few µs; Task.Delay's 1 ms granularity would bunch the messages.
                    Thread.SpinWait(20);
                }
            }

            sent[i] = Stopwatch.GetTimestamp();
            pending.Enqueue(publish());
            while (pending.Count >= Window)
            {
                await pending.Dequeue().ConfigureAwait(false);
            }
        }

        while (pending.Count > 0)
        {
            await pending.Dequeue().ConfigureAwait(false);
        }

        if (await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(60))).ConfigureAwait(false) != receiving)
        {
            throw new TimeoutException($"The subscriber did not receive all {count} messages within 60 s of the last publish.");
        }

        await receiving.ConfigureAwait(false);
        double seconds = (received[count - 1] - start) / (double)Stopwatch.Frequency;
        double[] latencies = sent.Zip(received, (s, r) => (r - s) * 1_000_000.0 / Stopwatch.Frequency).OrderBy(x => x).ToArray();
        return (count / seconds, latencies);
    }

    private static Result Summarise(string name, double rate, double[] sorted) =>
        new(name, rate, Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted[^1]);

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static IEventCodec NewCodec() => Events.Codec;

    private static object Payload() => Events.BuildPayload(new ClusterJoined(ViaNode: "node2@bench"), Store);

    /// <summary>The exact bytes the bus sends for the benchmark's payload, read off its channel by a raw subscriber.</summary>
    private static async Task<byte[]> CaptureFrameAsync(string endpoint)
    {
        var options = new RedisPubSubOptions
        {
            BusName = "capture-" + Guid.NewGuid().ToString("N"),
            NodeName = "publisher",
        };
        await using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(endpoint).ConfigureAwait(false);
        await using RedisPubSub bus = await RedisPubSub.ConnectAsync(endpoint, NewCodec(), options).ConfigureAwait(false);
        ChannelMessageQueue queue = await connection.GetSubscriber().SubscribeAsync(RedisChannel.Literal(bus.ChannelName)).ConfigureAwait(false);
        string topic = Events.Topics.Cluster(Store);
        await bus.BroadcastAsync(topic, Payload()).ConfigureAwait(false);
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

    /// <summary>redis-server from the PATH on a free loopback port (no persistence), or EVENTCATALOG_REDIS=host:port.</summary>
    private sealed class RedisProcess : IDisposable
    {
        private readonly Process? _process;

        private RedisProcess(string endpoint, Process? process)
        {
            Endpoint = endpoint;
            _process = process;
        }

        public string Endpoint { get; }

        public bool Own => _process is not null;

        public static RedisProcess StartOrUse()
        {
            string? external = Environment.GetEnvironmentVariable("EVENTCATALOG_REDIS");
            if (!string.IsNullOrWhiteSpace(external))
            {
                return new RedisProcess(external.Trim(), null);
            }

            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var info = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true };
            foreach (string arg in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
            {
                info.ArgumentList.Add(arg);
            }

            Process process;
            try
            {
                process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException("The Redis benchmark needs redis-server on the PATH (the README's test command `bash .ci/test.sh` installs it) or EVENTCATALOG_REDIS=host:port.", ex);
            }

            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            var redis = new RedisProcess("127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), process);
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var client = new TcpClient();
                    client.Connect(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(10) && !process.HasExited)
                {
                    Thread.Sleep(20);
                }
            }

            return redis;
        }

        public void Dispose()
        {
            if (_process is { HasExited: false })
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }

            _process?.Dispose();
        }
    }
}
