using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.LocalServers;
using EventCatalog.PubSub;
using EventCatalog.PubSub.Nats;
using ExESDB;
using NATS.Client.Core;

namespace EventCatalog.Benchmarks;

/// <summary>
/// <see cref="BusHarness"/> on NATS: <see cref="NatsPubSub"/> against raw NATS.Net publish/subscribe of the same frame
/// bytes on another subject, on a nats-server of the run's own. Run with
/// <c>dotnet run -c Release --project benchmarks/EventCatalog.Benchmarks -- --nats-pubsub</c>.
/// </summary>
public static class NatsPubSubHarness
{
    public static async Task<int> RunAsync(int messages, int latencyMessages, int ratePerSecond, int rounds, TextWriter output, int[]? sweepRates = null)
    {
        using NatsServer server = NatsServer.Start();
        output.WriteLine($"NATS {server.Url} (nats-server started for this run)");
        var sides = new BusHarness.Sides(
            "NATS",
            "NatsPubSub",
            "raw NATS.Net",
            (m, l, r) => MeasureBusAsync(server.Url, m, l, r),
            (m, l, r) => MeasureRawAsync(server.Url, m, l, r),
            (m, l, r) => MeasureBusAsync(server.Url, m, l, r, signed: true),
            (m, l, r) => MeasureBusAsync(server.Url, m, l, r, maxBatchFrames: 1));
        return await BusHarness.RunAsync(sides, messages, latencyMessages, ratePerSecond, rounds, output, sweepRates).ConfigureAwait(false);
    }

    /// <summary>The bus: two <see cref="NatsPubSub"/> nodes (<see cref="BusHarness.MeasureBusAsync"/>).</summary>
    public static Task<BusHarness.Result> MeasureBusAsync(string url, int messages, int latencyMessages, int ratePerSecond, bool signed = false, int maxBatchFrames = NodePubSubOptions.DefaultMaxBatchFrames) =>
        BusHarness.MeasureBusAsync(signed ? "NatsPubSub signed" : maxBatchFrames == 1 ? "NatsPubSub MaxBatchFrames = 1" : "NatsPubSub", async (bus, node) => await NatsPubSub.ConnectAsync(url, Events.Codec, BusHarness.Options(new NatsPubSubOptions(), bus, node, signed, maxBatchFrames)).ConfigureAwait(false), messages, latencyMessages, ratePerSecond);

    /// <summary>Raw NATS.Net: the same frame bytes, published on one connection, read from a plain subscription on another.</summary>
    public static async Task<BusHarness.Result> MeasureRawAsync(string url, int messages, int latencyMessages, int ratePerSecond)
    {
        byte[] frame = await CaptureFrameAsync(url).ConfigureAwait(false);
        await using var subscriberConnection = new NatsConnection(new NatsOpts { Url = url, SubPendingChannelCapacity = 1 << 20 });
        await using var publisherConnection = new NatsConnection(new NatsOpts { Url = url });
        string subject = "bench.raw." + Guid.NewGuid().ToString("N");
        await using INatsSub<byte[]> subscription = await subscriberConnection.SubscribeCoreAsync<byte[]>(subject).ConfigureAwait(false);
        await subscriberConnection.PingAsync().ConfigureAwait(false);
        async Task ReceiveAsync(long[] received)
        {
            for (int i = 0; i < received.Length; i++)
            {
                await subscription.Msgs.ReadAsync().ConfigureAwait(false);
                received[i] = System.Diagnostics.Stopwatch.GetTimestamp();
            }
        }

        Task Publish() => publisherConnection.PublishAsync(subject, frame).AsTask();
        (double rate, _) = await BusHarness.MeasureAsync(messages, 0, Publish, ReceiveAsync).ConfigureAwait(false);
        (_, double[] latencies) = await BusHarness.MeasureAsync(latencyMessages, ratePerSecond, Publish, ReceiveAsync).ConfigureAwait(false);
        return BusHarness.Summarise("raw NATS.Net", rate, latencies);
    }

    /// <summary>The exact bytes the bus sends for the benchmark's payload, read off its subject by a raw subscriber.</summary>
    private static async Task<byte[]> CaptureFrameAsync(string url)
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = url });
        await using NatsPubSub bus = await NatsPubSub.ConnectAsync(url, Events.Codec, BusHarness.Options(new NatsPubSubOptions(), "capture-" + Guid.NewGuid().ToString("N"), "publisher")).ConfigureAwait(false);
        await using INatsSub<byte[]> subscription = await connection.SubscribeCoreAsync<byte[]>(bus.Subject).ConfigureAwait(false);
        await connection.PingAsync().ConfigureAwait(false);
        string topic = Events.Topics.Cluster(BusHarness.Store);
        await bus.BroadcastAsync(topic, BusHarness.Payload()).ConfigureAwait(false);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            NatsMsg<byte[]> message = await subscription.Msgs.ReadAsync(bound.Token).ConfigureAwait(false);

            // The bus's own probe frames travel on the subject too; the event frame is the one naming the topic.
            if (message.Data is { } bytes && Encoding.UTF8.GetString(bytes).Contains(topic, StringComparison.Ordinal))
            {
                return bytes;
            }
        }
    }
}
