using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using static EventCatalog.Runtime.Tests.PubSubTestKit;

namespace EventCatalog.Runtime.Tests;

/// <summary>InMemoryPubSub's delivery rules: Phoenix.PubSub's verbs, nothing lost, order per publisher, isolation per policy.</summary>
public class PubSubTests
{
    private readonly record struct Message(int Publisher, int Sequence);

    [Test]
    public async Task Four_publishers_100k_messages_two_subscribers_nothing_lost_order_kept_per_publisher()
    {
        const int publishers = 4;
        const int perPublisher = 100_000;
        // This test is about Wait's promise that nothing is lost, not about its bound (FullQueueTimeoutTests):
        // on a loaded 2-core CI machine a reader can be descheduled for seconds, which is no failure here.
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { FullQueueTimeout = System.Threading.Timeout.InfiniteTimeSpan });
        ISubscription[] subscribers = { bus.Subscribe("load"), bus.Subscribe("load") };

        Task<int[]>[] readers = subscribers.Select(s => Task.Run(async () =>
        {
            int[] next = new int[publishers];
            int total = 0;
            await foreach (object item in s)
            {
                var m = (Message)item;
                Assert.That(m.Sequence, Is.EqualTo(next[m.Publisher]), $"publisher {m.Publisher} out of order");
                next[m.Publisher]++;
                if (++total == publishers * perPublisher)
                {
                    break;
                }
            }

            return next;
        })).ToArray();

        Task[] writers = Enumerable.Range(0, publishers).Select(p => Task.Run(async () =>
        {
            for (int i = 0; i < perPublisher; i++)
            {
                await bus.BroadcastAsync("load", new Message(p, i));
            }
        })).ToArray();

        await Within(Task.WhenAll(writers));
        int[][] counts = await Within(Task.WhenAll(readers));
        Assert.That(counts, Has.All.EqualTo(Enumerable.Repeat(perPublisher, publishers).ToArray()));
    }

    [Test]
    public async Task Broadcast_from_skips_the_sender()
    {
        var bus = new InMemoryPubSub();
        ISubscription sender = bus.Subscribe("room");
        ISubscription other = bus.Subscribe("room");

        await bus.BroadcastFromAsync(sender, "room", "from sender");
        await bus.BroadcastAsync("room", "to all");

        Assert.That(await Within(Read(other.GetAsyncEnumerator(), 2)), Is.EqualTo(new[] { "from sender", "to all" }));
        Assert.That(await Within(Read(sender.GetAsyncEnumerator(), 1)), Is.EqualTo(new[] { "to all" }), "the sender never saw its own message");
    }

    [Test]
    public async Task Local_broadcast_reaches_this_nodes_subscribers()
    {
        var bus = new InMemoryPubSub();
        ISubscription a = bus.Subscribe("t");
        ISubscription b = bus.Subscribe("t");
        await bus.LocalBroadcastAsync("t", 42);
        Assert.That(await Within(Read(a.GetAsyncEnumerator(), 1)), Is.EqualTo(new object[] { 42 }));
        Assert.That(await Within(Read(b.GetAsyncEnumerator(), 1)), Is.EqualTo(new object[] { 42 }));
    }

    [Test]
    public async Task Topics_are_exact_strings()
    {
        var bus = new InMemoryPubSub();
        ISubscription cluster = bus.Subscribe("exesdb:control:s:cluster");
#pragma warning disable EVC101 // a near-miss topic, on purpose: topics are exact strings
        await bus.BroadcastAsync("exesdb:control:s:clusters", "other topic");
#pragma warning restore EVC101
        await bus.BroadcastAsync("exesdb:control:*:cluster", "not a wildcard");
        await bus.BroadcastAsync("exesdb:control:s:cluster", "mine");
        Assert.That(await Within(Read(cluster.GetAsyncEnumerator(), 1)), Is.EqualTo(new[] { "mine" }));
    }

    [Test]
    public async Task Dispose_unsubscribes()
    {
        var bus = new InMemoryPubSub();
        ISubscription subscription = bus.Subscribe("t");
        IAsyncEnumerator<object> reader = subscription.GetAsyncEnumerator();
        await bus.BroadcastAsync("t", "before");
        subscription.Dispose();
        await bus.BroadcastAsync("t", "after");

        Assert.That(subscription.IsActive, Is.False);
        Assert.That(bus.SubscriberCount("t"), Is.Zero);
        Assert.That(await Within(Read(reader, 5)), Is.EqualTo(new[] { "before" }), "queued messages drain, later ones never arrive, then the stream ends");
    }

    [Test]
    public async Task Ending_the_enumeration_unsubscribes()
    {
        var bus = new InMemoryPubSub();
        ISubscription subscription = bus.Subscribe("t");
        await bus.BroadcastAsync("t", 1);
        await foreach (object _ in subscription)
        {
            break;
        }

        Assert.That(subscription.IsActive, Is.False);
        Assert.That(bus.SubscriberCount("t"), Is.Zero);
    }

    [Test]
    public async Task Wait_policy_holds_the_publisher_until_there_is_room_and_loses_nothing()
    {
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 2 });
        ISubscription slow = bus.Subscribe("t");
        ISubscription fast = bus.Subscribe("t");
        IAsyncEnumerator<object> fastReader = fast.GetAsyncEnumerator();

        await bus.BroadcastAsync("t", 1);
        await bus.BroadcastAsync("t", 2);
        Task third = bus.BroadcastAsync("t", 3).AsTask();

        Assert.That(await StaysPending(third), Is.True, "the slow subscriber's queue is full: the publisher waits");
        Assert.That(await Within(Read(fastReader, 3)), Is.EqualTo(new[] { 1, 2, 3 }), "the other subscriber already has the message");

        IAsyncEnumerator<object> slowReader = slow.GetAsyncEnumerator();
        Assert.That(await Within(Read(slowReader, 3)), Is.EqualTo(new[] { 1, 2, 3 }));
        await Within(third);
        Assert.That(slow.Dropped, Is.Zero);
    }

    [Test]
    public async Task Drop_write_drops_the_incoming_message_for_the_full_subscriber_only()
    {
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 2, FullQueuePolicy = FullQueuePolicy.DropWrite });
        ISubscription full = bus.Subscribe("t");
        ISubscription reading = bus.Subscribe("t");
        IAsyncEnumerator<object> readingReader = reading.GetAsyncEnumerator();
        var received = new List<object>();
        for (int i = 1; i <= 5; i++)
        {
            await Within(bus.BroadcastAsync("t", i).AsTask());
            received.AddRange(await Within(Read(readingReader, 1)));
        }

        Assert.That(full.Dropped, Is.EqualTo(3));
        Assert.That(await Within(Read(full.GetAsyncEnumerator(), 2)), Is.EqualTo(new[] { 1, 2 }), "the queue kept what it had; 3, 4 and 5 were dropped on arrival");
        Assert.That(received, Is.EqualTo(new[] { 1, 2, 3, 4, 5 }), "the subscriber with room lost nothing");
        Assert.That(reading.Dropped, Is.Zero);
    }

    [Test]
    public async Task Drop_newest_evicts_the_newest_queued_message_as_the_BCL_does()
    {
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 2, FullQueuePolicy = FullQueuePolicy.DropNewest });
        ISubscription subscription = bus.Subscribe("t");
        for (int i = 1; i <= 5; i++)
        {
            await Within(bus.BroadcastAsync("t", i).AsTask());
        }

        Assert.That(subscription.Dropped, Is.EqualTo(3));
        Assert.That(await Within(Read(subscription.GetAsyncEnumerator(), 2)), Is.EqualTo(new[] { 1, 5 }), "2, 3 and 4 were each evicted by the next arrival");
    }

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
    public async Task Drop_oldest_keeps_the_latest_messages()
    {
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 2, FullQueuePolicy = FullQueuePolicy.DropOldest });
        ISubscription subscription = bus.Subscribe("t");
        for (int i = 1; i <= 5; i++)
        {
            await Within(bus.BroadcastAsync("t", i).AsTask());
        }

        Assert.That(subscription.Dropped, Is.EqualTo(3));
        Assert.That(await Within(Read(subscription.GetAsyncEnumerator(), 2)), Is.EqualTo(new[] { 4, 5 }));
    }

    [Test]
    public async Task Disconnect_unsubscribes_an_overflowing_subscriber_and_never_holds_the_publisher()
    {
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 2, FullQueuePolicy = FullQueuePolicy.Disconnect });
        ISubscription stalled = bus.Subscribe("t");
        ISubscription healthy = bus.Subscribe("t");
        IAsyncEnumerator<object> healthyReader = healthy.GetAsyncEnumerator();
        var received = new List<object>();
        for (int i = 1; i <= 10; i++)
        {
            await Within(bus.BroadcastAsync("t", i).AsTask());
            received.AddRange(await Within(Read(healthyReader, 1)));
        }

        Assert.That(received, Is.EqualTo(Enumerable.Range(1, 10)));
        Assert.That(stalled.IsActive, Is.False);
        IAsyncEnumerator<object> stalledReader = stalled.GetAsyncEnumerator();
        Assert.That(await Within(Read(stalledReader, 2)), Is.EqualTo(new[] { 1, 2 }), "what was queued is still delivered");
        var ex = Assert.ThrowsAsync<SubscriberOverflowException>(async () => await stalledReader.MoveNextAsync());
        Assert.That(ex!.Topic, Is.EqualTo("t"));
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
    public void Cancellation_is_honoured()
    {
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 1 });
        using ISubscription subscription = bus.Subscribe("t");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAsync<TaskCanceledException>(async () => await bus.BroadcastAsync("t", 1, cancelled.Token));

        using var later = new CancellationTokenSource();
        Assert.DoesNotThrowAsync(async () => await bus.BroadcastAsync("t", 1));
        Task waiting = bus.BroadcastAsync("t", 2, later.Token).AsTask();
        later.Cancel();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await Within(waiting));
    }

    [Test]
    public void Bad_arguments_are_named()
    {
        var bus = new InMemoryPubSub();
        Assert.That(Assert.Throws<ArgumentException>(() => bus.Subscribe(""))!.ParamName, Is.EqualTo("topic"));
        Assert.ThrowsAsync<ArgumentException>(async () => await bus.BroadcastAsync(null!, 1));
        Assert.ThrowsAsync<ArgumentNullException>(async () => await bus.BroadcastAsync("t", null!));
        Assert.ThrowsAsync<ArgumentNullException>(async () => await bus.BroadcastFromAsync(null!, "t", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 0 }));

        ISubscription subscription = bus.Subscribe("t");
        _ = subscription.GetAsyncEnumerator();
        Assert.Throws<InvalidOperationException>(() => subscription.GetAsyncEnumerator());
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
