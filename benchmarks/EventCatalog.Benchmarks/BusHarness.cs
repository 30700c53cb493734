using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ExESDB;

namespace EventCatalog.Benchmarks;

/// <summary>
/// One publisher to one subscriber on another connection, over loopback: a node bus against its engine's raw client
/// publishing and subscribing the very bytes the bus sends for the same event (captured off the bus's destination),
/// in the same run (<see cref="RedisPubSubHarness"/>, <see cref="NatsPubSubHarness"/>). BenchmarkDotNet gives time per
/// operation, not percentiles, so this measures itself with <see cref="Stopwatch"/> timestamps in one process:
/// throughput = messages / (first publish to last receipt), publishing with up to <see cref="Window"/> publishes in
/// flight; latency = receipt − publish call of each message (the k-th received is the k-th sent: both keep order, and
/// the counts are checked), paced at a fixed rate below both throughputs so that it shows the path, not a queue.
/// </summary>
public static class BusHarness
{
    /// <summary>
    /// Publishes in flight at most in the throughput part (the publisher awaits the oldest beyond that); 1,024 unless
    /// <c>--window N</c>. Throughput is the rate a side sustains when it is not waiting on round trips: raw's rate grows up to
    /// about 1,024 in flight and no further on this machine (<see cref="WindowSweep"/> prints the curve for both sides).
    /// </summary>
    public static int Window { get; set; } = 1024;

    /// <summary>
    /// The windows of the throughput-by-window table: from one publish awaited at a time to twice the bus's default
    /// <see cref="PubSub.NodePubSubOptions.MaxOutboundQueue"/> (2,048), past which the bus's publishes wait in line for room.
    /// </summary>
    public static readonly int[] WindowSweep = { 1, 16, 64, 256, 1024, 2048, 4096 };
    public const string Store = "bench";

    public sealed record Result(string Name, double MessagesPerSecond, double P50Microseconds, double P99Microseconds, double MaxMicroseconds);

    /// <summary>One engine's two sides, each measuring <c>(messages, latencyMessages, ratePerSecond)</c> on the engine's server.</summary>
    /// <remarks>
    /// <paramref name="SignedBus"/>: the bus again with <see cref="PubSub.NodePubSubOptions.SigningKey"/> on both nodes, for the cost of signing (same run, same rounds).
    /// <paramref name="UncoalescedBus"/>: the bus again with <see cref="PubSub.NodePubSubOptions.MaxBatchFrames"/> 1 (every frame its own broker message), for what coalescing gives.
    /// </remarks>
    public sealed record Sides(string Engine, string BusName, string RawName, Func<int, int, int, Task<Result>> Bus, Func<int, int, int, Task<Result>> Raw, Func<int, int, int, Task<Result>>? SignedBus = null, Func<int, int, int, Task<Result>>? UncoalescedBus = null);

    /// <summary>The key of the signed side: 32 random bytes, new for every run.</summary>
    public static byte[] SigningKey { get; } = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    /// <summary>The rates of the latency sweep, messages per second.</summary>
    public static readonly int[] SweepRates = { 5_000, 10_000, 20_000, 40_000, 80_000 };

    /// <summary>Runs every side <paramref name="rounds"/> times, in an order rotated each round, and prints every round and the medians.</summary>

    public static async Task<int> RunAsync(Sides sides, int messages, int latencyMessages, int ratePerSecond, int rounds, TextWriter output, int[]? sweepRates = null)
    {
        int[] sweep = sweepRates ?? Array.Empty<int>();
        output.WriteLine($"{messages:N0} messages for throughput (window {Window}), {latencyMessages:N0} at {ratePerSecond:N0}/s for latency; payload {Events.Types.ClusterJoined}");
        var bus = new List<Result>();
        var raw = new List<Result>();
        var signed = new List<Result>();
        var uncoalesced = new List<Result>();

        // Warm-up, discarded: JIT (tiered compilation reaches the hot paths' final code only after many calls), the pools
        // (ArrayPool's buckets for frames and batches, the clients' buffers), the server's buffers. The bus's rate still
        // climbs for a few hundred thousand messages after start, so each side gets three full rounds first.
        for (int i = 0; i < 3; i++)
        {
            await sides.Bus(messages, Math.Min(latencyMessages, 500), ratePerSecond).ConfigureAwait(false);
            await sides.Raw(messages, Math.Min(latencyMessages, 500), ratePerSecond).ConfigureAwait(false);
            if (sides.SignedBus is not null)
            {
                await sides.SignedBus(messages, Math.Min(latencyMessages, 500), ratePerSecond).ConfigureAwait(false);
            }

            if (sides.UncoalescedBus is not null)
            {
                await sides.UncoalescedBus(messages, Math.Min(latencyMessages, 500), ratePerSecond).ConfigureAwait(false);
            }
        }

        // The sides run in an order rotated every round and reversed every other round, so that no side always runs first or
        // always follows the same other side (a side leaves the server's buffers, the heap and the pools in its own state).
        var measures = new List<(Func<int, int, int, Task<Result>> Measure, List<Result> Into)> { (sides.Bus, bus), (sides.Raw, raw) };
        if (sides.SignedBus is not null)
        {
            measures.Add((sides.SignedBus, signed));
        }

        if (sides.UncoalescedBus is not null)
        {
            measures.Add((sides.UncoalescedBus, uncoalesced));
        }

        for (int round = 1; round <= rounds; round++)
        {
            for (int i = 0; i < measures.Count; i++)
            {
                int at = (i + round - 1) % measures.Count;
                (Func<int, int, int, Task<Result>> measure, List<Result> into) = measures[round % 2 == 0 ? measures.Count - 1 - at : at];
                into.Add(await measure(messages, latencyMessages, ratePerSecond).ConfigureAwait(false));
            }

            Result b = bus[^1];
            Result r = raw[^1];
            Result? k = sides.SignedBus is null ? null : signed[^1];
            Result? u = sides.UncoalescedBus is null ? null : uncoalesced[^1];
            output.WriteLine($"round {round}: {Format(b)} | {Format(r)}{(k is null ? string.Empty : " | " + Format(k))}{(u is null ? string.Empty : " | " + Format(u))}");
        }

        Result busMedian = Median(sides.BusName, bus);
        Result rawMedian = Median(sides.RawName, raw);
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
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Target: throughput ≥ 0.8× raw ({(throughput >= 0.8 ? "met" : "MISSED")}), p99 at {ratePerSecond:N0}/s ≤ 2× raw ({(p99 <= 2 ? "met" : "MISSED")})."));
        if (signed.Count > 0)
        {
            Compare($"Signing (median of {rounds} rounds, same run)", busMedian, Median(sides.BusName + " signed (HMAC-SHA256)", signed), "ratio signed / unsigned", output);
        }

        if (uncoalesced.Count > 0)
        {
            Result u = Median(sides.BusName + " MaxBatchFrames = 1", uncoalesced);
            Compare($"Coalescing (median of {rounds} rounds, same run)", u, busMedian, "ratio coalesced / one frame per message", output);
        }

        if (sweep.Length > 0)
        {
            await WindowsAsync(sides, messages, output).ConfigureAwait(false);
            await SweepAsync(sides, sweep, output).ConfigureAwait(false);
        }

        (double encode, double decode, double encodeBytes, double decodeBytes) = CodecCost(20_000);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Codec alone (one thread, no broker): encode {encode:0.0} µs and {encodeBytes:N0} B allocated, decode {decode:0.0} µs and {decodeBytes:N0} B allocated per message."));
        return 0;
    }

    /// <summary>
    /// One side's throughput alone, 100,000 messages a round for <paramref name="seconds"/> seconds, each round's rate,
    /// allocation, CPU time and GC pauses printed: a steady load for <c>perf record</c> or <c>dotnet-trace</c> with no pacing
    /// spin in the samples. <paramref name="engine"/>: <c>redis</c> or <c>nats</c> (the bus on a server started for the run),
    /// <c>redis-signed</c> or <c>nats-signed</c> (the bus with a signing key), <c>redis-raw</c> or <c>nats-raw</c> (the raw client on one), or
    /// <c>memory</c> / <c>memory-signed</c> (the bus on <see cref="MemoryHub"/>: its own work per message, with no broker and no network).
    /// </summary>
    public static async Task<int> ProfileAsync(string engine, int seconds, TextWriter output)
    {
        Func<int, int, int, Task<Result>> bus;
        IDisposable server;
        if (engine is "memory" or "memory-signed")
        {
            bool signed = engine == "memory-signed";
            server = new System.IO.MemoryStream(); // nothing to stop
            bus = (m, l, r) =>
            {
                var hub = new MemoryHub();
                return MeasureBusAsync("memory", async (b, n) => await PubSub.NodePubSub.StartAsync(hub.Connect(), Events.Codec, Options(new PubSub.NodePubSubOptions(), b, n, signed)).ConfigureAwait(false), m, l, r);
            };
        }
        else if (engine is "nats" or "nats-raw" or "nats-signed")
        {
            var nats = LocalServers.NatsServer.Start();
            server = nats;
            bus = engine == "nats-raw" ? (m, l, r) => NatsPubSubHarness.MeasureRawAsync(nats.Url, m, l, r) : (m, l, r) => NatsPubSubHarness.MeasureBusAsync(nats.Url, m, l, r, signed: engine == "nats-signed");
        }
        else
        {
            var redis = LocalServers.RedisServer.Start();
            server = redis;
            bus = engine == "redis-raw" ? (m, l, r) => RedisPubSubHarness.MeasureRawAsync(redis.Endpoint, m, l, r) : (m, l, r) => RedisPubSubHarness.MeasureBusAsync(redis.Endpoint, m, l, r, signed: engine == "redis-signed");
        }

        using (server)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                // One latency message at a low rate: the round's cost is the unpaced throughput part.
                long allocated = GC.GetTotalAllocatedBytes(precise: true);
                int collections = GC.CollectionCount(0);
                TimeSpan cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                TimeSpan pauseBefore = GC.GetTotalPauseDuration();
                Result result = await bus(100_000, 1, 1_000).ConfigureAwait(false);
                double perMessage = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 100_001.0;
                TimeSpan cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                TimeSpan pause = GC.GetTotalPauseDuration();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{engine}: {result.MessagesPerSecond:N0} messages/s, {perMessage:N0} B allocated per message (both nodes, with connection set-up), {GC.CollectionCount(0) - collections} gen0 collections, {(cpu - cpuBefore).TotalMilliseconds:N0} ms of CPU (the whole process), {(pause - pauseBefore).TotalMilliseconds:N0} ms paused by the GC"));
            }
        }

        return 0;
    }

    /// <summary>Prints a two-row table of <paramref name="baseline"/> and <paramref name="other"/> (same run) and the ratio of the second to the first.</summary>
    private static void Compare(string title, Result baseline, Result other, string ratio, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"| {title} | messages/s | p50 µs | p99 µs | max µs |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (Result x in new[] { baseline, other })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {x.Name} | {x.MessagesPerSecond:N0} | {x.P50Microseconds:N0} | {x.P99Microseconds:N0} | {x.MaxMicroseconds:N0} |"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {ratio} | {other.MessagesPerSecond / baseline.MessagesPerSecond:0.00}× | {other.P50Microseconds / baseline.P50Microseconds:0.00}× | {other.P99Microseconds / baseline.P99Microseconds:0.00}× | |"));
    }

    /// <summary>
    /// Throughput against publishes in flight (<see cref="WindowSweep"/>), bus and raw alternating which goes first, the median
    /// of 3 rounds each: at 1 the publisher awaits every publish, so the rate is one over the publish's round trip; with more in flight the
    /// engine's own limit shows. Each window's rounds send <c>window × 1,000</c> messages (at least 5,000, at most <paramref name="messages"/>).
    /// </summary>
    private static async Task WindowsAsync(Sides sides, int messages, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| publishes in flight | bus messages/s | raw messages/s | bus / raw |");
        output.WriteLine("| ---: | ---: | ---: | ---: |");
        int saved = Window;
        try
        {
            foreach (int window in WindowSweep)
            {
                Window = window;
                int count = Math.Clamp(window * 1_000, 5_000, messages);
                var bus = new List<Result>();
                var raw = new List<Result>();
                for (int round = 0; round < 3; round++)
                {
                    // Bus first, then raw first, then bus first: neither side always runs after the other.
                    if (round % 2 == 0)
                    {
                        bus.Add(await sides.Bus(count, 1, 1_000).ConfigureAwait(false));
                        raw.Add(await sides.Raw(count, 1, 1_000).ConfigureAwait(false));
                    }
                    else
                    {
                        raw.Add(await sides.Raw(count, 1, 1_000).ConfigureAwait(false));
                        bus.Add(await sides.Bus(count, 1, 1_000).ConfigureAwait(false));
                    }
                }

                double b = Median(sides.BusName, bus).MessagesPerSecond;
                double r = Median(sides.RawName, raw).MessagesPerSecond;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {window:N0} | {b:N0} | {r:N0} | {b / r:0.00}× |"));
            }
        }
        finally
        {
            Window = saved;
        }
    }

    /// <summary>
    /// Latency against rate, bus and raw in the same run (bus first at every other rate, raw first at the rest): at each rate,
    /// 2 s of messages (at least 5,000) paced at that rate, one sample per side.
    /// The issue's latency target is read at the highest rate at which raw keeps its p99 under 100 ms: there the bus's p99
    /// should be at most 2× raw's.
    /// </summary>
    private static async Task SweepAsync(Sides sides, int[] rates, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| rate /s | bus p50 µs | bus p99 µs | raw p50 µs | raw p99 µs | p99 bus / raw |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        (int Rate, double Ratio)? knee = null;
        for (int i = 0; i < rates.Length; i++)
        {
            int rate = rates[i];
            int count = Math.Clamp(rate * 2, 5_000, 160_000);
            Result b, r;
            if (i % 2 == 0)
            {
                b = await sides.Bus(1_000, count, rate).ConfigureAwait(false);
                r = await sides.Raw(1_000, count, rate).ConfigureAwait(false);
            }
            else
            {
                r = await sides.Raw(1_000, count, rate).ConfigureAwait(false);
                b = await sides.Bus(1_000, count, rate).ConfigureAwait(false);
            }

            double ratio = b.P99Microseconds / r.P99Microseconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {rate:N0} | {b.P50Microseconds:N0} | {b.P99Microseconds:N0} | {r.P50Microseconds:N0} | {r.P99Microseconds:N0} | {ratio:0.00}× |"));
            if (r.P99Microseconds < 100_000)
            {
                knee = (rate, ratio);
            }
        }

        output.WriteLine(knee is { } k
            ? string.Create(CultureInfo.InvariantCulture, $"Highest rate raw holds with p99 < 100 ms: {k.Rate:N0}/s; there the bus's p99 is {k.Ratio:0.00}× raw's (target ≤ 2×: {(k.Ratio <= 2 ? "met" : "MISSED")}).")
            : "Raw's p99 was over 100 ms at every rate of the sweep.");
    }

    /// <summary>
    /// Publishes <paramref name="count"/> messages (<paramref name="rate"/> per second, or as fast as a window of
    /// <see cref="Window"/> in-flight publishes allows when 0) while <paramref name="receive"/> stamps each arrival.
    /// </summary>
    public static async Task<(double Rate, double[] LatenciesMicroseconds)> MeasureAsync(int count, int rate, Func<Task> publish, Func<long[], Task> receive)
    {
        var sent = new long[count];
        var received = new long[count];
        Task receiving = Task.Run(() => receive(received));
        var pending = new Queue<Task>();
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

    /// <summary>
    /// The bus side: two nodes of a fresh bus, each on its own connection (<paramref name="connect"/> makes one from a bus
    /// name and a node name); the subscriber decodes and checks every frame, and must have lost, dropped and rejected nothing.
    /// </summary>
    public static async Task<Result> MeasureBusAsync(string name, Func<string, string, Task<PubSub.NodePubSub>> connect, int messages, int latencyMessages, int ratePerSecond)
    {
        string bus = "bench-" + Guid.NewGuid().ToString("N");
        await using PubSub.NodePubSub subscriberBus = await connect(bus, "subscriber").ConfigureAwait(false);
        await using PubSub.NodePubSub publisherBus = await connect(bus, "publisher").ConfigureAwait(false);
        string topic = Events.Topics.Cluster(Store);
        object payload = Payload();
        using ISubscription subscription = subscriberBus.Subscribe(topic);
        await using var enumerator = subscription.GetAsyncEnumerator();
        (double rate, _) = await MeasureAsync(messages, 0, () => publisherBus.BroadcastAsync(topic, payload).AsTask(), Stamp(enumerator)).ConfigureAwait(false);
        (_, double[] latencies) = await MeasureAsync(latencyMessages, ratePerSecond, () => publisherBus.BroadcastAsync(topic, payload).AsTask(), Stamp(enumerator)).ConfigureAwait(false);
        PubSub.NodePubSubStatistics stats = subscriberBus.GetStatistics();
        if (stats.Lost != 0 || stats.Dropped != 0 || stats.Rejected.Values.Sum() != 0)
        {
            throw new InvalidOperationException("The bus lost, dropped or rejected frames during the benchmark: " + stats);
        }

        return Summarise(name, rate, latencies);
    }

    /// <summary>Stamps each of the subscription's messages as it arrives (the bus side's receiver).</summary>
    private static Func<long[], Task> Stamp(IAsyncEnumerator<object> enumerator) => async received =>
    {
        for (int i = 0; i < received.Length; i++)
        {
            if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
            {
                throw new InvalidOperationException($"The subscription ended after {i} of {received.Length} messages.");
            }

            received[i] = Stopwatch.GetTimestamp();
        }
    };

    public static Result Summarise(string name, double rate, double[] sorted) =>
        new(name, rate, Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted[^1]);

    public static object Payload() => Events.BuildPayload(new ClusterJoined(ViaNode: "node2@bench"), Store);

    /// <summary>The bus's options for the benchmark: a fresh bus name, room for every message, no drop.</summary>
    public static T Options<T>(T options, string bus, string node, bool signed = false, int maxBatchFrames = PubSub.NodePubSubOptions.DefaultMaxBatchFrames)
        where T : PubSub.NodePubSubOptions
    {
        options.MaxBatchFrames = maxBatchFrames;
        options.BusName = bus;
        options.NodeName = node;
        options.SubscriberCapacity = 1 << 20;
        options.SigningKey = signed ? SigningKey : null;
        return options;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Format(Result x) =>
        string.Create(CultureInfo.InvariantCulture, $"{x.Name} {x.MessagesPerSecond:N0}/s p50 {x.P50Microseconds:N0} µs p99 {x.P99Microseconds:N0} µs");

    private static Result Median(string name, List<Result> results)
    {
        static double Mid(IEnumerable<double> values)
        {
            double[] sorted = values.OrderBy(v => v).ToArray();
            return sorted[sorted.Length / 2];
        }

        return new Result(name, Mid(results.Select(r => r.MessagesPerSecond)), Mid(results.Select(r => r.P50Microseconds)), Mid(results.Select(r => r.P99Microseconds)), Mid(results.Select(r => r.MaxMicroseconds)));
    }

    /// <summary>The codec's own work per message (average over <paramref name="count"/>), which the raw side does not do.</summary>
    public static (double EncodeMicroseconds, double DecodeMicroseconds, double EncodeBytes, double DecodeBytes) CodecCost(int count)
    {
        IEventCodec codec = Events.Codec;
        var payload = (IEventPayload)Payload();
        byte[] bytes = codec.Serialize(payload);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        for (int i = 0; i < 1_000; i++)
        {
            codec.Read(codec.Serialize(payload));
        }

        // The bus writes into a buffer it reuses (IEventCodec.Write), not a new array per message.
        long allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            buffer.ResetWrittenCount();
            codec.Write(payload, buffer);
        }

        long middle = Stopwatch.GetTimestamp();
        long allocatedAtMiddle = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < count; i++)
        {
            codec.Read(bytes);
        }

        long end = Stopwatch.GetTimestamp();
        long allocatedAtEnd = GC.GetAllocatedBytesForCurrentThread();
        double Micro(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency / count;
        return (Micro(middle - start), Micro(end - middle), (allocatedAtMiddle - allocatedAtStart) / (double)count, (allocatedAtEnd - allocatedAtMiddle) / (double)count);
    }
}
