using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using ExESDB;

namespace EventCatalog.Benchmarks;

/// <summary>
/// What tracing (SPEC §12, issue 23) costs: the generated codec and the in-process bus with nothing listening (what every
/// user without OpenTelemetry pays: one <c>Activity.Current</c> read per write, one <c>HasListeners</c> check and four
/// <c>Instrument.Enabled</c> reads per publish) and with a listener that records every span and measurement (an
/// OpenTelemetry SDK with <c>AddSource("EventCatalog")</c> and <c>AddMeter(...)</c> does the same work before its exporter).
/// The codec writes inside a recorded activity when listening, so its frames carry <c>traceparent</c>/<c>tracestate</c>, and
/// reads a frame that carries them. Compare the not-listening rows with <see cref="CodecBenchmarks"/> and
/// <see cref="PubSubBenchmarks"/> on a build before tracing for "within noise of today".
/// </summary>
[MemoryDiagnoser]
public class TracingBenchmarks
{
    private const int Messages = 20_000;

    private EventEnvelope<ClusterMembershipChanged> _envelope = null!;
    private byte[] _plainFrame = null!;
    private byte[] _tracedFrame = null!;
    private Activity? _ambient;
    private ActivityListener? _spans;
    private MeterListener? _meters;
    private string _topic = null!;

    /// <summary>False: nothing listens to EventCatalog's ActivitySource and meters. True: everything is recorded.</summary>
    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _envelope = new EventEnvelope<ClusterMembershipChanged>(
            EventIds.NewId(), ClusterMembershipChanged.EventType, "my_store", "ExESDB.ControlPlane@node-1",
            new DateTimeOffset(2026, 11, 29, 22, 2, 9, 123, TimeSpan.Zero),
            new ClusterMembershipChanged(new[] { "exesdb@node-1", "exesdb@node-2", "exesdb@node-3" }, new[] { "exesdb@node-3" }, Array.Empty<string>()));
        _topic = Events.BuildTopic("my_store", Events.Category.Cluster);
        _plainFrame = Events.Codec.Serialize(_envelope);
        _tracedFrame = Events.Codec.Serialize(_envelope with { TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", TraceState = "congo=t61rcWkgMzE" });
        if (!Listening)
        {
            return;
        }

        _spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EventCatalogTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = static _ => { },
        };
        ActivitySource.AddActivityListener(_spans);
        _meters = new MeterListener
        {
            InstrumentPublished = static (instrument, listener) =>
            {
                if (instrument.Meter.Name.StartsWith("EventCatalog", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
        _meters.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        _meters.Start();
        _ambient = new Activity("request").SetIdFormat(ActivityIdFormat.W3C);
        _ambient.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        _ambient.TraceStateString = "congo=t61rcWkgMzE";
        _ambient.Start();
        Activity.Current = null;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ambient?.Stop();
        _spans?.Dispose();
        _meters?.Dispose();
    }

    /// <summary>Writes one envelope; when listening, inside a recorded activity, so the frame carries its traceparent and tracestate.</summary>
    [Benchmark]
    public byte[] Codec_Write()
    {
        Activity.Current = _ambient;
        byte[] frame = Events.Codec.Serialize(_envelope);
        Activity.Current = null;
        return frame;
    }

    /// <summary>Reads one frame; when listening, one that carries traceparent and tracestate (both checked, both kept).</summary>
    [Benchmark]
    public IEventEnvelope? Codec_Read() => Events.Codec.Read(Listening ? _tracedFrame : _plainFrame).Envelope;

    /// <summary>Publishes envelopes to one subscriber on a catalog topic of <see cref="InMemoryPubSub"/> and drains them; when listening, a PRODUCER and a CONSUMER span and four measurements per publish.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task InMemoryPubSub_Publish()
    {
        var bus = new InMemoryPubSub();
        ISubscription subscription = bus.Subscribe(_topic);
        Task reader = Task.Run(async () =>
        {
            int count = 0;
            await foreach (object _ in subscription)
            {
                if (++count == Messages)
                {
                    break;
                }
            }
        });

        for (int i = 0; i < Messages; i++)
        {
            await bus.BroadcastAsync(_topic, _envelope);
        }

        await reader;
    }
}
