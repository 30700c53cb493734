using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace EventCatalog.Runtime.Tests;

/// <summary>
/// SPEC §12 on the in-process bus: a PRODUCER span per publish and a CONSUMER span per delivery from the ActivitySource
/// <c>EventCatalog</c>, with OpenTelemetry's messaging attributes, parented and linked as docs/tracing.md says, and the
/// conventions' metrics on the meter <c>EventCatalog.PubSub.InMemory</c>. Each test's bus has its own node name, and
/// only spans of that node are looked at (other tests publish at the same time).
/// </summary>
public class TracingTests
{
    private const string Parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    [Test]
    public async Task A_publish_is_a_PRODUCER_span_and_its_delivery_a_CONSUMER_span_child_of_it_with_the_messaging_attributes()
    {
        using var spans = new Spans();
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { NodeName = spans.Node });
        string topic = ExESDB.Events.BuildTopic("store_1", ExESDB.Events.Category.Cluster);
        using ISubscription first = bus.Subscribe(topic);
        using ISubscription second = bus.Subscribe(topic);
        var payload = ExESDB.Events.BuildPayload(new ExESDB.ClusterJoined("exesdb@node-2"), "store_1");

        Assert.That(Activity.Current, Is.Null);
        await bus.BroadcastAsync(topic, payload);
        Assert.That(Activity.Current, Is.Null, "the bus leaves the caller's current activity as it was");

        Activity producer = spans.Single(ActivityKind.Producer);
        Activity consumer = spans.Single(ActivityKind.Consumer);
        Assert.That(producer.Source.Name, Is.EqualTo("EventCatalog"));
        Assert.That(producer.DisplayName, Is.EqualTo("send exesdb:control:{store}:cluster"));
        Assert.That(consumer.DisplayName, Is.EqualTo("process exesdb:control:{store}:cluster"));
        Assert.That(producer.ParentId, Is.Null, "no ambient activity: the publish starts the trace");
        Assert.That(consumer.ParentSpanId, Is.EqualTo(producer.SpanId));
        Assert.That(consumer.TraceId, Is.EqualTo(producer.TraceId));
        Assert.That(consumer.Links.Select(l => l.Context.SpanId), Is.EqualTo(new[] { producer.SpanId }), "the conventions' link to the creation context");
        Assert.That(producer.IsStopped && consumer.IsStopped, Is.True);

        var expected = new Dictionary<string, object?>
        {
            ["messaging.system"] = "eventcatalog_inmemory",
            ["messaging.operation.name"] = "send",
            ["messaging.operation.type"] = "send",
            ["messaging.destination.name"] = "exesdb:control:store_1:cluster",
            ["messaging.destination.template"] = "exesdb:control:{store}:cluster",
            ["messaging.message.id"] = payload.Event.EventId,
            ["messaging.client.id"] = spans.Node,
            ["cloudevents.event_id"] = payload.Event.EventId,
            ["cloudevents.event_type"] = "cluster_joined",
            ["cloudevents.event_source"] = CloudEventSource.FromNode(payload.Event.Node),
            ["cloudevents.event_spec_version"] = "1.0",
            ["eventcatalog.store_id"] = "store_1",
        };
        Assert.That(producer.TagObjects.ToDictionary(t => t.Key, t => t.Value), Is.EquivalentTo(expected));
        expected["messaging.operation.name"] = "process";
        expected["messaging.operation.type"] = "process";
        expected["eventcatalog.subscribers"] = 2;
        Assert.That(consumer.TagObjects.ToDictionary(t => t.Key, t => t.Value), Is.EquivalentTo(expected));
    }

    [Test]
    public async Task The_ambient_activity_is_the_publish_spans_parent_and_an_envelopes_own_context_is_linked()
    {
        using var spans = new Spans();
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { NodeName = spans.Node });
        string topic = ExESDB.Events.BuildTopic("store_1", ExESDB.Events.Category.Cluster);
        using ISubscription subscription = bus.Subscribe(topic);
        EventEnvelope<ExESDB.ClusterJoined> envelope = ExESDB.Events.BuildEvent(new ExESDB.ClusterJoined("n2"), "store_1") with { TraceParent = Parent };

        using (var request = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            await bus.BroadcastAsync(topic, envelope);
            Assert.That(Activity.Current, Is.SameAs(request));
            Activity producer = spans.Single(ActivityKind.Producer);
            Assert.That(producer.ParentSpanId, Is.EqualTo(request.SpanId));
            Assert.That(producer.Links.Select(l => l.Context.TraceId.ToHexString() + "-" + l.Context.SpanId.ToHexString()), Is.EqualTo(new[] { "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7" }));
            Assert.That(producer.Links.Single().Context.IsRemote, Is.True);
        }
    }

    [Test]
    public async Task Without_subscribers_there_is_no_CONSUMER_span_and_other_topics_are_named_by_the_topic()
    {
        using var spans = new Spans();
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { NodeName = spans.Node });
        await bus.BroadcastAsync("plain-topic", new object());
        Activity producer = spans.Single(ActivityKind.Producer);
        Assert.That(producer.DisplayName, Is.EqualTo("send plain-topic"));
        Assert.That(producer.GetTagItem("messaging.destination.template"), Is.Null);
        Assert.That(producer.GetTagItem("messaging.message.id"), Is.Null, "not an event: no id");
        Assert.That(spans.Of(ActivityKind.Consumer), Is.Empty);
    }

    [Test]
    public void A_failed_publish_ends_its_span_with_the_error()
    {
        using var spans = new Spans();
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { NodeName = spans.Node, SubscriberCapacity = 1, FullQueueTimeout = TimeSpan.Zero });
        using ISubscription subscription = bus.Subscribe("full");
        Assert.That(async () => await bus.BroadcastAsync("full", 1), Throws.Nothing);
        Assert.That(async () => await bus.BroadcastAsync("full", 2), Throws.InstanceOf<SubscriberQueueFullException>());

        Activity failed = spans.Of(ActivityKind.Producer).Last();
        Assert.That(failed.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(failed.GetTagItem("error.type"), Is.EqualTo(typeof(SubscriberQueueFullException).FullName));
        Assert.That(spans.Of(ActivityKind.Consumer).Last().Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(Activity.Current, Is.Null);
    }

    [Test]
    public async Task A_delivery_that_waits_for_room_ends_its_spans_when_it_is_done()
    {
        using var spans = new Spans();
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { NodeName = spans.Node, SubscriberCapacity = 1 });
        ISubscription subscription = bus.Subscribe("slow");
        await bus.BroadcastAsync("slow", 1);
        ValueTask waiting = bus.BroadcastAsync("slow", 2);
        Assert.That(waiting.IsCompleted, Is.False);
        Assert.That(Activity.Current, Is.Null, "the span is not left current in the caller while the publish waits");
        Assert.That(spans.Of(ActivityKind.Producer), Has.Count.EqualTo(1), "the waiting publish's span is still open");

        await using IAsyncEnumerator<object> reader = subscription.GetAsyncEnumerator();
        Assert.That(await reader.MoveNextAsync(), Is.True);
        await waiting;
        Assert.That(spans.Of(ActivityKind.Producer), Has.Count.EqualTo(2));
        Assert.That(spans.Of(ActivityKind.Producer)[1].Status, Is.EqualTo(ActivityStatusCode.Unset));
        subscription.Dispose();
    }

    [Test]
    public async Task The_messaging_metrics_are_on_the_in_memory_meter_with_the_conventions_names_and_tags()
    {
        var measurements = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        int thread = Environment.CurrentManagedThreadId;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == EventCatalogTelemetry.InMemoryMeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        var bus = new InMemoryPubSub();
        string topic = ExESDB.Events.BuildTopic("store_1", ExESDB.Events.Category.Cluster);
        using ISubscription a = bus.Subscribe(topic);
        using ISubscription b = bus.Subscribe(topic);
        using ISubscription c = bus.Subscribe(topic);

        // Synchronous deliveries: the measurements are taken on this thread, so other tests' publishes are told apart.
        Assert.That(bus.BroadcastAsync(topic, ExESDB.Events.BuildPayload(new ExESDB.ClusterJoined("n2"), "store_1")).IsCompletedSuccessfully, Is.True);
        Assert.That(bus.BroadcastFromAsync(a, topic, ExESDB.Events.BuildPayload(new ExESDB.ClusterJoined("n3"), "store_1")).IsCompletedSuccessfully, Is.True);
        await Task.Yield();

        var byInstrument = measurements.GroupBy(m => m.Instrument).ToDictionary(g => g.Key, g => g.ToArray());
        Assert.That(byInstrument.Keys, Is.EquivalentTo(new[] { "messaging.client.sent.messages", "messaging.client.consumed.messages", "messaging.client.operation.duration", "messaging.process.duration" }));
        Assert.That(byInstrument["messaging.client.sent.messages"].Sum(m => m.Value), Is.EqualTo(2));
        Assert.That(byInstrument["messaging.client.consumed.messages"].Sum(m => m.Value), Is.EqualTo(3 + 2));
        Assert.That(byInstrument["messaging.client.operation.duration"], Has.Length.EqualTo(2));
        Assert.That(byInstrument["messaging.process.duration"].All(m => m.Value >= 0 && m.Value < 5), Is.True, "seconds");
        foreach (var m in measurements)
        {
            Assert.That(m.Tags["messaging.system"], Is.EqualTo("eventcatalog_inmemory"));
            Assert.That(m.Tags["messaging.destination.template"], Is.EqualTo("exesdb:control:{store}:cluster"));
            Assert.That(m.Tags.ContainsKey("messaging.destination.name"), Is.False, "the topic (with its store id) would make the series unbounded");
            Assert.That(m.Tags["messaging.operation.type"], Is.EqualTo(m.Instrument is "messaging.client.sent.messages" or "messaging.client.operation.duration" ? "send" : "process"));
        }

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
            }
        }
    }

    [Test]
    public async Task With_nothing_listening_no_span_is_created_and_the_current_activity_is_untouched()
    {
        // A listener on another source only: EventCatalog's source has no listener unless another test's is running,
        // so this asserts on what this bus's spans would carry: none are seen under its node name.
        var seen = new List<Activity>();
        string node = "quiet-" + Guid.NewGuid().ToString("N");
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { NodeName = node });
        using ISubscription subscription = bus.Subscribe("t");
        using (var own = new ActivitySource("EventCatalog.Tests.Other"))
        using (var listener = new ActivityListener { ShouldListenTo = s => s.Name == own.Name, Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData, ActivityStopped = seen.Add })
        {
            ActivitySource.AddActivityListener(listener);
            using Activity? outer = own.StartActivity("outer");
            await bus.BroadcastAsync("t", 1);
            Assert.That(Activity.Current, Is.SameAs(outer));
        }

        Assert.That(seen.Select(a => a.DisplayName), Is.EqualTo(new[] { "outer" }));
    }

    /// <summary>The EventCatalog spans of one node (a unique node name per test), recorded as they stop.</summary>
    private sealed class Spans : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly List<Activity> _stopped = new();

        public Spans()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == EventCatalogTelemetry.ActivitySourceName,
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (Equals(activity.GetTagItem("messaging.client.id"), Node))
                    {
                        lock (_stopped)
                        {
                            _stopped.Add(activity);
                        }
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public string Node { get; } = "traced-" + Guid.NewGuid().ToString("N");

        public List<Activity> Of(ActivityKind kind)
        {
            lock (_stopped)
            {
                return _stopped.Where(a => a.Kind == kind).ToList();
            }
        }

        public Activity Single(ActivityKind kind)
        {
            List<Activity> found = Of(kind);
            Assert.That(found, Has.Count.EqualTo(1), kind.ToString());
            return found[0];
        }

        public void Dispose() => _listener.Dispose();
    }
}
