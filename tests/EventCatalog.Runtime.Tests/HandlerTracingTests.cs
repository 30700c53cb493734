using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Runtime.Tests.Wire;
using EventCatalog.Subscribers;
using NUnit.Framework;
using OpenTelemetry;
using OpenTelemetry.Trace;
using static EventCatalog.Runtime.Tests.PubSubTestKit;

namespace EventCatalog.Runtime.Tests;

/// <summary>
/// Issue 23 on the subscribers of issue 22: each handler dispatch is a CONSUMER span <c>process {destination}</c>, collected here
/// by real OpenTelemetry (a tracer provider on <see cref="EventCatalogTelemetry.ActivitySourceName"/> with the in-memory exporter).
/// Its parent is the delivery's CONSUMER span, it links to the message's creation context, it carries the delivery span's
/// attributes with the handler's type, and it is current while the handler runs. Each test's bus has its own node name and
/// handler instance, and only their spans are looked at (other tests publish at the same time).
/// </summary>
public class HandlerTracingTests
{
    private const string Store = "s1";
    private const string Remote = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static string Topic => WireEvents.Topics.Shapes(Store);

    /// <summary>Handles <c>empty_event</c>: records the activity current while it runs, and throws when told to.</summary>
    private sealed class Handler : ShapesHandlerBase
    {
        public List<Activity?> Current { get; } = new();

        public Exception? Throw { get; set; }

        public override ValueTask HandleAsync(EventEnvelope<EmptyEvent> evt, CancellationToken cancellationToken)
        {
            lock (Current)
            {
                Current.Add(Activity.Current);
            }

            return Throw is { } error ? throw error : default;
        }
    }

    [Test]
    public async Task A_handler_dispatch_is_a_CONSUMER_span_child_of_the_delivery_linked_to_the_publish_with_the_delivery_attributes()
    {
        using var tracing = new Tracing();
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { NodeName = tracing.Node });
        var handler = new Handler();
        await using CategorySubscription subscription = WireEvents.Subscribe(bus, Store, handler);
        EventPayload<EmptyEvent> payload = WireEvents.BuildPayload(new EmptyEvent(), Store);

        await bus.BroadcastAsync(Topic, payload);
        await Until(() => subscription.Handled == 1);
        Activity[] spans = await tracing.OfNodeAsync(3);

        Activity producer = spans.Single(a => a.Kind == ActivityKind.Producer);
        Activity delivery = spans.Single(a => a.Kind == ActivityKind.Consumer && a.GetTagItem("eventcatalog.handler") is null);
        Activity handled = spans.Single(a => a.Kind == ActivityKind.Consumer && a.GetTagItem("eventcatalog.handler") is not null);
        Assert.That(handled.DisplayName, Is.EqualTo("process wire:{store}:shapes"), "the conventions' name: {operation} {destination template}");
        Assert.That(handled.TraceId, Is.EqualTo(producer.TraceId), "one trace: publish, delivery, handler");
        Assert.That(handled.ParentSpanId, Is.EqualTo(delivery.SpanId), "the delivery span on this node is the handler span's parent");
        Assert.That(handled.Links.Select(l => l.Context.SpanId), Is.EqualTo(new[] { producer.SpanId }), "the conventions' link to the creation context");
        Assert.That(handled.Status, Is.EqualTo(ActivityStatusCode.Unset));
        Assert.That(handler.Current.Single()?.SpanId, Is.EqualTo(handled.SpanId), "the handler runs inside its span, so its own spans nest under it");

        var expected = delivery.TagObjects.Where(t => t.Key != "eventcatalog.subscribers").ToDictionary(t => t.Key, t => t.Value);
        expected["eventcatalog.handler"] = typeof(Handler).FullName;
        expected["eventcatalog.category"] = "shapes";
        Assert.That(handled.TagObjects.ToDictionary(t => t.Key, t => t.Value), Is.EquivalentTo(expected));
        Assert.That(expected["messaging.system"], Is.EqualTo("eventcatalog_inmemory"));
        Assert.That(expected["messaging.operation.name"], Is.EqualTo("process"));
        Assert.That(expected["messaging.message.id"], Is.EqualTo(payload.Event.EventId));
    }

    [Test]
    public async Task A_handler_that_throws_ends_its_span_with_the_error_and_the_next_event_gets_its_own_span()
    {
        using var tracing = new Tracing();
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { NodeName = tracing.Node });
        var handler = new Handler { Throw = new InvalidOperationException("refused") };
        await using CategorySubscription subscription = WireEvents.Subscribe(bus, Store, handler, new CategorySubscriptionOptions { ErrorPolicy = HandlerErrorPolicy.Continue });

        await bus.BroadcastAsync(Topic, new EmptyEvent());
        await Until(() => subscription.Failed == 1);
        handler.Throw = null;
        await bus.BroadcastAsync(Topic, new EmptyEvent());
        await Until(() => subscription.Handled == 1);
        Activity[] handled = (await tracing.OfNodeAsync(6)).Where(a => a.GetTagItem("eventcatalog.handler") is not null).OrderBy(a => a.StartTimeUtc).ToArray();

        Assert.That(handled, Has.Length.EqualTo(2));
        Assert.That(handled[0].Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(handled[0].StatusDescription, Is.EqualTo("refused"));
        Assert.That(handled[0].GetTagItem("error.type"), Is.EqualTo("System.InvalidOperationException"));
        Assert.That(handled[1].Status, Is.EqualTo(ActivityStatusCode.Unset));
        Assert.That(handled[1].GetTagItem("error.type"), Is.Null);
        Assert.That(handled[1].TraceId, Is.Not.EqualTo(handled[0].TraceId), "each publish is its own trace: the failed one's span did not stay current");
    }

    [Test]
    public async Task The_activity_current_when_subscribing_is_not_the_parent_and_a_context_on_the_envelope_is_linked()
    {
        using var tracing = new Tracing();
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { NodeName = tracing.Node });
        var handler = new Handler();
        CategorySubscription subscription;
        using (var outer = new Activity("startup").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            subscription = WireEvents.Subscribe(bus, Store, handler);
        }

        await using (subscription)
        {
            // The envelope carries its creation context from elsewhere: the publish links it, the handler span links it too.
            EventEnvelope<EmptyEvent> envelope = WireEvents.BuildEvent(new EmptyEvent(), Store) with { TraceParent = Remote };
            await bus.BroadcastAsync(Topic, envelope);
            await Until(() => subscription.Handled == 1);
        }

        Activity[] spans = await tracing.OfNodeAsync(3);
        Activity producer = spans.Single(a => a.Kind == ActivityKind.Producer);
        Activity delivery = spans.Single(a => a.Kind == ActivityKind.Consumer && a.GetTagItem("eventcatalog.handler") is null);
        Activity handled = spans.Single(a => a.GetTagItem("eventcatalog.handler") is not null);
        Assert.That(handled.TraceId, Is.EqualTo(producer.TraceId), "not the trace of the activity current when it subscribed");
        Assert.That(handled.ParentSpanId, Is.EqualTo(delivery.SpanId));
        Assert.That(handled.Links.Select(l => l.Context.SpanId), Is.EqualTo(delivery.Links.Select(l => l.Context.SpanId)), "the same creation context as the delivery's");
    }

    [Test]
    public async Task With_nothing_listening_a_handler_runs_without_a_span_under_the_subscriptions_own_activity()
    {
        // No provider here: another test's may listen at the same time, so this looks at what the handler saw. Without a
        // listener on EventCatalog it sees the activity current at Subscribe (nothing touched); with one, its own span.
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { NodeName = "quiet-" + Guid.NewGuid().ToString("N") });
        var handler = new Handler();
        using var outer = new Activity("startup").SetIdFormat(ActivityIdFormat.W3C).Start();
        await using CategorySubscription subscription = WireEvents.Subscribe(bus, Store, handler);
        outer.Stop();
        Activity.Current = null;

        await bus.BroadcastAsync(Topic, new EmptyEvent());
        await Until(() => subscription.Handled == 1);

        Activity? seen = handler.Current.Single();
        Assert.That(seen, Is.SameAs(outer).Or.Property(nameof(Activity.Source)).Property(nameof(ActivitySource.Name)).EqualTo(EventCatalogTelemetry.ActivitySourceName));
    }

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Guard);
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    /// <summary>A real OpenTelemetry tracer provider on EventCatalog's source with the in-memory exporter; the spans of one node.</summary>
    private sealed class Tracing : IDisposable
    {
        private readonly List<Activity> _exported = new();
        private readonly TracerProvider _provider;

        public Tracing()
        {
            _provider = Sdk.CreateTracerProviderBuilder()
                .AddSource(EventCatalogTelemetry.ActivitySourceName)
                .SetSampler(new AlwaysOnSampler())
                .AddInMemoryExporter(_exported)
                .Build();
        }

        public string Node { get; } = "traced-" + Guid.NewGuid().ToString("N");

        /// <summary>Waits until <paramref name="count"/> spans of this node were exported (the handler span ends after the handled count rises).</summary>
        public async Task<Activity[]> OfNodeAsync(int count)
        {
            using var timeout = new CancellationTokenSource(Guard);
            while (true)
            {
                _provider.ForceFlush();
                // The exporter adds on the thread that ends a span; ToArray copies without enumerating (NUnit runs this project's tests one at a time).
                Activity[] spans = _exported.ToArray().Where(a => a is not null && Equals(a.GetTagItem("messaging.client.id"), Node)).ToArray();

                if (spans.Length >= count)
                {
                    return spans;
                }

                await Task.Delay(5, timeout.Token);
            }
        }

        public void Dispose() => _provider.Dispose();
    }
}
