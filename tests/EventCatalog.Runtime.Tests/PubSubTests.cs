using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using static EventCatalog.Runtime.Tests.PubSubTestKit;

namespace EventCatalog.Runtime.Tests;

/// <summary>
/// What only InMemoryPubSub's own tests can show; Phoenix.PubSub's verbs and the queue policies, shared by every bus, are the
/// conformance suite's (tests/EventCatalog.PubSub.Conformance.Tests runs them against InMemoryPubSub, Redis and NATS): the policy
/// enum's compiled values, a throwing or stalled subscriber, subscribe/dispose races, the options check and a catalog payload in process.
/// </summary>
public class PubSubTests
{
    [Test]
    public void Drop_write_keeps_the_value_that_DropNewest_had_in_0_1_so_compiled_callers_keep_their_behaviour()
    {
        Assert.That((int)FullQueuePolicy.DropWrite, Is.EqualTo(1));
        Assert.That((int)FullQueuePolicy.DropNewest, Is.EqualTo(4));
        Assert.That(
            Enum.GetNames(typeof(FullQueuePolicy)),
            Is.EqualTo(new[] { "Wait", "DropWrite", "DropOldest", "Disconnect", "DropNewest" }));
    }

    [Test]
    public async Task A_throwing_subscriber_is_unsubscribed_and_does_not_hold_back_the_others()
    {
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 1 });
        ISubscription faulty = bus.Subscribe("t");
        ISubscription healthy = bus.Subscribe("t");
        Task crash = Task.Run(async () =>
        {
            await foreach (object _ in faulty)
            {
                throw new InvalidOperationException("subscriber bug");
            }
        });

        IAsyncEnumerator<object> reader = healthy.GetAsyncEnumerator();
        await bus.BroadcastAsync("t", 0);
        Assert.ThrowsAsync<InvalidOperationException>(async () => await Within(crash));
        Assert.That(faulty.IsActive, Is.False);

        for (int i = 1; i <= 100; i++)
        {
            Task send = bus.BroadcastAsync("t", i).AsTask();
            Assert.That(await Within(Read(reader, 1)), Has.Count.EqualTo(1));
            await Within(send);
        }
    }

    [Test]
    public async Task A_stalled_subscriber_disposed_while_a_broadcast_waits_releases_the_publisher()
    {
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 1 });
        ISubscription stalled = bus.Subscribe("t");
        await bus.BroadcastAsync("t", 1);
        Task waiting = bus.BroadcastAsync("t", 2).AsTask();
        Assert.That(await StaysPending(waiting), Is.True);

        await stalled.DisposeAsync();
        await Within(waiting);
        Assert.That(bus.SubscriberCount("t"), Is.Zero);
    }

    [Test]
    public async Task Subscribe_and_dispose_racing_broadcasts()
    {
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 8 });
        ISubscription steady = bus.Subscribe("race");
        const int messages = 20_000;
        Task<List<int>> steadyReader = Task.Run(async () =>
        {
            var seen = new List<int>(messages);
            await foreach (object item in steady)
            {
                seen.Add((int)item);
                if (seen.Count == messages)
                {
                    break;
                }
            }

            return seen;
        });

        using var stop = new CancellationTokenSource();
        Task churn = Task.Run(async () =>
        {
            var random = new Random(7);
            while (!stop.IsCancellationRequested)
            {
                ISubscription transient = bus.Subscribe("race");
                if (random.Next(2) == 0)
                {
                    // Sometimes read a little before leaving, sometimes leave with a full queue. The read
                    // is cancelled at the end: a late subscriber may never get another message.
                    await using IAsyncEnumerator<object> reader = transient.GetAsyncEnumerator(stop.Token);
                    try
                    {
                        await reader.MoveNextAsync();
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }

                transient.Dispose();
            }
        });

        for (int i = 0; i < messages; i++)
        {
            await Within(bus.BroadcastAsync("race", i).AsTask());
        }

        stop.Cancel();
        await Within(churn);
        Assert.That(await Within(steadyReader), Is.EqualTo(Enumerable.Range(0, messages)));
        Assert.That(bus.SubscriberCount("race"), Is.Zero);
    }

    [Test]
    public void The_options_are_checked_when_the_bus_is_made()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 0 }))!.Message, Does.Contain("SubscriberCapacity"));
    }

    [Test]
    public async Task Catalog_events_flow_over_the_bus_typed()
    {
        // The seed's usage: build the event, broadcast it wrapped, on the category's topic.
        var bus = new InMemoryPubSub();
        string topic = ExESDB.Events.Topics.Persistence("store_id");
        ISubscription subscription = bus.Subscribe(topic);
        var payload = ExESDB.Events.BuildPayload(new ExESDB.EventsPersisted(StreamId: "orders", EventCount: 5), "store_id");
        await bus.BroadcastAsync(topic, payload);

        object received = (await Within(Read(subscription.GetAsyncEnumerator(), 1))).Single();
        var wrapped = (IEventPayload)received;
        Assert.That(wrapped.Wrapper, Is.EqualTo("persistence_event"));
        Assert.That(ExESDB.Events.IsValidEventStructure(wrapped.Event.ToMap()), Is.True);
        Assert.That(((IValidatable)wrapped.Event.Data!).Validate(), Is.Empty);
        Assert.That(received, Is.SameAs(payload), "in-process delivery passes the object itself");
    }
}
