using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Runtime.Tests.Wire;
using EventCatalog.Subscribers;
using NUnit.Framework;
using static EventCatalog.Runtime.Tests.PubSubTestKit;

namespace EventCatalog.Runtime.Tests;

/// <summary>
/// The generated typed subscriptions and streams (SPEC §11, issue 22) on the real in-memory bus: records, envelopes
/// and payloads all reach the handler as envelopes, anything else reaches the unrecognised-message hook, and
/// handler failures follow the error policy.
/// </summary>
public class SubscriberTests
{
    private const string Store = "s1";

    private static string Topic => WireEvents.Topics.Shapes(Store);

    /// <summary>Handles only <c>empty_event</c>; everything else goes to the default hook. Both record what they got.</summary>
    private sealed class Recorder : ShapesHandlerBase
    {
        public ConcurrentQueue<IEventEnvelope> Empty { get; } = new();

        public ConcurrentQueue<IEventEnvelope> Others { get; } = new();

        public Func<IEventEnvelope, ValueTask>? OnEmpty { get; set; }

        public override ValueTask HandleAsync(EventEnvelope<EmptyEvent> evt, CancellationToken cancellationToken)
        {
            Empty.Enqueue(evt);
            return OnEmpty?.Invoke(evt) ?? default;
        }

        protected override ValueTask HandleDefaultAsync(IEventEnvelope evt, CancellationToken cancellationToken)
        {
            Others.Enqueue(evt);
            return default;
        }
    }

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Guard);
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    [Test]
    public async Task Records_envelopes_and_payloads_all_reach_the_handler_as_envelopes()
    {
        var bus = new InMemoryPubSub();
        var handler = new Recorder();
        await using CategorySubscription subscription = WireEvents.Subscribe(bus, Store, handler);

        EventEnvelope<EmptyEvent> envelope = WireEvents.BuildEvent(new EmptyEvent(), Store);
        EventPayload<EmptyEvent> payload = WireEvents.BuildPayload(new EmptyEvent(), Store);
        await bus.BroadcastAsync(Topic, new EmptyEvent());
        await bus.BroadcastAsync(Topic, envelope);
        await bus.BroadcastAsync(Topic, payload);
        await Until(() => subscription.Handled == 3);

        IEventEnvelope[] got = handler.Empty.ToArray();
        Assert.That(got[0].StoreId, Is.EqualTo(Store), "a bare record gets an envelope with the subscription's store");
        Assert.That(EventIds.IsWellFormed(got[0].EventId), Is.True);
        Assert.That(got[1], Is.SameAs(envelope));
        Assert.That(got[2], Is.SameAs(payload.Event));
        Assert.That(handler.Others, Is.Empty);
        Assert.That(subscription.Unrecognized, Is.Zero);
        Assert.That(subscription.Topic, Is.EqualTo(Topic));
        Assert.That(subscription.Category, Is.EqualTo("shapes"));
    }

    [Test]
    public async Task Events_the_base_does_not_override_go_to_the_default_hook()
    {
        var bus = new InMemoryPubSub();
        var handler = new Recorder();
        await using CategorySubscription subscription = WireEvents.Subscribe(bus, Store, handler);
        var tags = new List<string>();
        await bus.BroadcastAsync(Topic, WireEvents.BuildEvent(new Collections(tags, tags, new Dictionary<string, double>(), new List<IReadOnlyDictionary<string, decimal>>(), new Dictionary<string, IReadOnlyList<DateTimeOffset?>>(), new List<TimeSpan>(), new List<IReadOnlyList<int>>(), new Dictionary<string, IReadOnlyDictionary<string, Guid>>(), new List<long?>()), Store));
        await Until(() => subscription.Handled == 1);
        Assert.That(handler.Others.Single().EventType, Is.EqualTo("collections"));
    }

    [Test]
    public async Task Anything_else_on_the_topic_goes_to_the_unrecognized_hook_with_the_reason()
    {
        var bus = new InMemoryPubSub();
        var unrecognized = new ConcurrentQueue<UnrecognizedMessage>();
        var options = new CategorySubscriptionOptions { OnUnrecognizedMessage = m => { unrecognized.Enqueue(m); return default; } };
        var handler = new Recorder();
        await using CategorySubscription subscription = WireEvents.Subscribe(bus, Store, handler, options);

#pragma warning disable CS0618 // a deprecated event of another category
        // Another category's event never reaches the handler: every bus refuses it at publish (EVC100 at run time).
        Assert.ThrowsAsync<ArgumentException>(async () => await bus.BroadcastAsync(Topic, new OldThing("x")));
        Assert.ThrowsAsync<ArgumentException>(async () => await bus.BroadcastAsync(Topic, WireEvents.BuildPayload(new OldThing("x"), Store)));
#pragma warning restore CS0618
#pragma warning disable EVC102 // the point: a payload under another category's wrapper
        await bus.BroadcastAsync(Topic, WireEvents.BuildPayload("legacy_event", new EmptyEvent(), Store));
#pragma warning restore EVC102
        await bus.BroadcastAsync(Topic, new EventEnvelope<EmptyEvent>(EventIds.NewId(), "every_scalar", Store, "n@h", DateTimeOffset.UtcNow, new EmptyEvent()));
        await bus.BroadcastAsync(Topic, "not an event");
        await bus.BroadcastAsync(Topic, new EmptyEvent());
        await Until(() => subscription.Handled == 1 && subscription.Unrecognized == 3);

        string[] reasons = unrecognized.Select(m => m.Reason).ToArray();
        Assert.That(reasons[0], Does.Contain("payload wrapper 'legacy_event' is not the wrapper 'shape_event' of category 'shapes'"));
        Assert.That(reasons[1], Does.Contain("says event type 'every_scalar' but holds a 'empty_event'"));
        Assert.That(reasons[2], Does.Contain("System.String is not an event, envelope or payload of category 'shapes'"));
        Assert.That(unrecognized.All(m => m.Topic == Topic && m.Category == "shapes"), Is.True);
        Assert.That(handler.Empty, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_handler_that_throws_stops_the_subscription_by_default_and_Completion_names_the_event()
    {
        var bus = new InMemoryPubSub();
        var handler = new Recorder { OnEmpty = _ => throw new InvalidOperationException("boom") };
        CategorySubscription subscription = WireEvents.Subscribe(bus, Store, handler);
        EventEnvelope<EmptyEvent> evt = WireEvents.BuildEvent(new EmptyEvent(), Store);
        await bus.BroadcastAsync(Topic, evt);

        EventHandlerException? failure = Assert.ThrowsAsync<EventHandlerException>(async () => await Within(subscription.Completion));
        Assert.That(failure!.Message, Does.Contain("'empty_event'").And.Contain(evt.EventId).And.Contain(Topic).And.Contain("boom").And.Contain(nameof(Recorder)));
        Assert.That(failure.InnerException, Is.InstanceOf<InvalidOperationException>());
        Assert.That(subscription.Failed, Is.EqualTo(1));
        await subscription.DisposeAsync();
    }

    [Test]
    public async Task Continue_reports_each_failure_to_the_hook_and_handles_the_next_event()
    {
        var bus = new InMemoryPubSub();
        var failures = new ConcurrentQueue<EventHandlerException>();
        int calls = 0;
        var handler = new Recorder { OnEmpty = _ => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("first") : default };
        var options = new CategorySubscriptionOptions { ErrorPolicy = HandlerErrorPolicy.Continue, OnHandlerError = e => { failures.Enqueue(e); return default; } };
        await using CategorySubscription subscription = WireEvents.Subscribe(bus, Store, handler, options);
        await bus.BroadcastAsync(Topic, new EmptyEvent());
        await bus.BroadcastAsync(Topic, new EmptyEvent());
        await Until(() => subscription.Handled == 1 && subscription.Failed == 1);
        Assert.That(failures.Single().InnerException!.Message, Is.EqualTo("first"));
        Assert.That(subscription.Completion.IsCompleted, Is.False);
    }

    [Test]
    public async Task Disposing_cancels_the_handler_token_and_ends_quietly()
    {
        var bus = new InMemoryPubSub();
        var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new Blocking(started);
        CategorySubscription subscription = WireEvents.Subscribe(bus, Store, handler);
        await bus.BroadcastAsync(Topic, new EmptyEvent());
        await Within(started.Task);
        await Within(subscription.DisposeAsync().AsTask());
        Assert.That(subscription.Completion.Status, Is.EqualTo(TaskStatus.RanToCompletion));
        Assert.That(bus.SubscriberCount(Topic), Is.Zero);
    }

    private sealed class Blocking(TaskCompletionSource<bool> started) : ShapesHandlerBase
    {
        public override async ValueTask HandleAsync(EventEnvelope<EmptyEvent> evt, CancellationToken cancellationToken)
        {
            started.SetResult(true);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    [Test]
    public async Task The_typed_stream_yields_every_event_of_the_category_and_counts_the_rest()
    {
        var bus = new InMemoryPubSub();
        await using CategoryStream<IShapesEvent> stream = WireEvents.ShapesStream(bus, Store, new CategorySubscriptionOptions { OnUnrecognizedMessage = _ => default });
        EventEnvelope<EmptyEvent> envelope = WireEvents.BuildEvent(new EmptyEvent(), Store);
        await bus.BroadcastAsync(Topic, "noise");
        await bus.BroadcastAsync(Topic, envelope);
        await bus.BroadcastAsync(Topic, WireEvents.BuildPayload(new EmptyEvent(), Store));
        await bus.BroadcastAsync(Topic, new EmptyEvent());

        var got = new List<EventEnvelope<IShapesEvent>>();
        await foreach (EventEnvelope<IShapesEvent> evt in stream)
        {
            got.Add(evt);
            string kind = evt.Data switch
            {
                EmptyEvent => "empty",
                EveryScalar => "scalar",
                _ => "other",
            };
            Assert.That(kind, Is.EqualTo("empty"));
            if (got.Count == 3)
            {
                break;
            }
        }

        Assert.That(got[0].EventId, Is.EqualTo(envelope.EventId));
        Assert.That(got.Select(e => e.EventType), Is.All.EqualTo("empty_event"));
        Assert.That(got[2].StoreId, Is.EqualTo(Store));
        Assert.That(stream.Unrecognized, Is.EqualTo(1));
    }

    [Test]
    public void Arguments_are_checked_before_subscribing()
    {
        var bus = new InMemoryPubSub();
        Assert.Throws<ArgumentNullException>(() => WireEvents.Subscribe(bus, Store, (IShapesHandler)null!));
        Assert.Throws<ArgumentNullException>(() => WireEvents.Subscribe(null!, Store, new Recorder()));
        Assert.Throws<ArgumentException>(() => WireEvents.Subscribe(bus, "bad:store", new Recorder()));
        Assert.That(bus.SubscriberCount(Topic), Is.Zero);
    }
}
