using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using static EventCatalog.Runtime.Tests.PubSubTestKit;

namespace EventCatalog.Runtime.Tests;

/// <summary>
/// <see cref="FullQueuePolicy.Wait"/> is bounded: a broadcast waits for a full queue at most
/// <see cref="InMemoryPubSubOptions.FullQueueTimeout"/>, then fails with a <see cref="SubscriberQueueFullException"/>
/// naming the topic and the full subscribers (issue 10, case 8).
/// </summary>
public class FullQueueTimeoutTests
{
    private const string Advice =
        " A subscriber that publishes to the topic it reads waits on itself. " +
        "Read faster, or change InMemoryPubSubOptions.SubscriberCapacity, FullQueueTimeout or FullQueuePolicy.";

    [Test]
    public async Task A_handler_republishing_to_its_own_full_topic_during_a_burst_gets_SubscriberQueueFullException_within_the_bound_and_nothing_hangs()
    {
        // The field report: the default bus (1024 per subscriber, Wait); a handler re-publishes a retry to
        // the topic it reads; a burst of 1,100 arrives while the handler is busy for half a second. Before
        // the bound, publisher and handler waited on each other forever. Only the bound is shortened here.
        const string topic = "orders:retry";
        const int burst = 1_100;
        TimeSpan bound = TimeSpan.FromSeconds(1);
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { FullQueueTimeout = bound });
        ISubscription subscription = bus.Subscribe(topic);

        var busy = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        SubscriberQueueFullException? retryFailure = null;
        TimeSpan retryTook = TimeSpan.Zero;
        var handled = new List<int>();
        Task handler = Task.Run(async () =>
        {
            await foreach (object item in subscription)
            {
                if (item is "first")
                {
                    busy.SetResult(true);
                    await Task.Delay(TimeSpan.FromMilliseconds(500));
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        await bus.BroadcastAsync(topic, "retry of first");
                    }
                    catch (SubscriberQueueFullException ex)
                    {
                        retryFailure = ex;
                        retryTook = clock.Elapsed;
                    }
                }
                else if (item is int n)
                {
                    handled.Add(n);
                }
                else if (item is "end")
                {
                    break;
                }
            }
        });

        await bus.BroadcastAsync(topic, "first");
        await Within(busy.Task);
        var failedBurst = new List<int>();
        Task publisher = Task.Run(async () =>
        {
            for (int i = 0; i < burst; i++)
            {
                try
                {
                    await bus.BroadcastAsync(topic, i);
                }
                catch (SubscriberQueueFullException ex) when (ex.Topic == topic)
                {
                    failedBurst.Add(i);
                }
            }

            await bus.BroadcastAsync(topic, "end");
        });

        await Within(Task.WhenAll(handler, publisher));

        Assert.That(retryFailure, Is.Not.Null, "the retry waited on the handler's own full queue and must fail");
        Assert.That(retryFailure!.Topic, Is.EqualTo(topic));
        Assert.That(retryFailure.Capacity, Is.EqualTo(1024));
        Assert.That(retryFailure.Waited, Is.EqualTo(bound));
        Assert.That(retryFailure.FullSubscribers, Is.EqualTo(new[] { subscription }));
        Assert.That(retryFailure, Is.InstanceOf<TimeoutException>());
        Assert.That(retryFailure.Message, Is.EqualTo(
            "A broadcast to topic \"orders:retry\" gave up after 1 s: subscription #1 to \"orders:retry\" (1024 queued, 1 read) " +
            "kept its queue of 1024 messages full for the whole wait, so the message was not queued there " +
            "(the topic's other subscribers, if any, have it)." + Advice));
        Assert.That(retryTook, Is.GreaterThanOrEqualTo(bound - TimeSpan.FromMilliseconds(50)).And.LessThan(bound + TimeSpan.FromSeconds(3)), "failed within the bound");

        // Nothing is lost silently: each burst message was either handled, in order, or its publish failed.
        Assert.That(failedBurst, Is.Not.Empty, "the burst's first waiting message (1024) waited on the stuck handler too");
        Assert.That(failedBurst[0], Is.EqualTo(1024));
        Assert.That(handled, Is.EqualTo(Enumerable.Range(0, burst).Except(failedBurst)));
        Assert.That(subscription.Dropped, Is.Zero);
    }

    [Test]
    public async Task The_default_bound_is_5_seconds_as_documented()
    {
        Assert.That(InMemoryPubSubOptions.DefaultFullQueueTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(new InMemoryPubSubOptions().FullQueueTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(new InMemoryPubSubOptions().FullQueuePolicy, Is.EqualTo(FullQueuePolicy.Wait));
        Assert.That(new InMemoryPubSubOptions().SubscriberCapacity, Is.EqualTo(1024));

        // A bus that sets only the capacity uses the default bound.
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 1 });
        using ISubscription neverRead = bus.Subscribe("t");
        await bus.BroadcastAsync("t", 1);
        var clock = Stopwatch.StartNew();
        Task second = bus.BroadcastAsync("t", 2).AsTask();
        SubscriberQueueFullException ex = Assert.ThrowsAsync<SubscriberQueueFullException>(async () => await Within(second))!;
        clock.Stop();

        Assert.That(ex.Waited, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(4.95)).And.LessThan(TimeSpan.FromSeconds(8)));
        Assert.That(ex.Message, Does.StartWith("A broadcast to topic \"t\" gave up after 5 s: subscription #1 to \"t\" (1 queued, never enumerated) kept its queue of 1 messages full"));
    }

    [Test]
    public async Task Only_the_subscribers_still_full_at_the_bound_are_named_and_the_others_get_the_message()
    {
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 1, FullQueueTimeout = TimeSpan.FromSeconds(1) });
        ISubscription stalled = bus.Subscribe("t");
        ISubscription recovers = bus.Subscribe("t");
        ISubscription stalledToo = bus.Subscribe("t");
        ISubscription reading = bus.Subscribe("t");
        IAsyncEnumerator<object> readingReader = reading.GetAsyncEnumerator();
        IAsyncEnumerator<object> recoversReader = recovers.GetAsyncEnumerator();

        await bus.BroadcastAsync("t", 1);
        Assert.That(await Within(Read(readingReader, 1)), Is.EqualTo(new[] { 1 }));
        Task second = bus.BroadcastAsync("t", 2).AsTask();
        Assert.That(await Within(Read(recoversReader, 2)), Is.EqualTo(new[] { 1, 2 }), "room made during the wait is used");
        SubscriberQueueFullException ex = Assert.ThrowsAsync<SubscriberQueueFullException>(async () => await Within(second))!;

        Assert.That(ex.FullSubscribers, Is.EqualTo(new[] { stalled, stalledToo }));
        Assert.That(ex.Message, Is.EqualTo(
            "A broadcast to topic \"t\" gave up after 1 s: subscription #1 to \"t\" (1 queued, never enumerated) and " +
            "subscription #3 to \"t\" (1 queued, never enumerated) kept their queue of 1 messages full for the whole wait, " +
            "so the message was not queued there (the topic's other subscribers, if any, have it)." + Advice));
        Assert.That(await Within(Read(readingReader, 1)), Is.EqualTo(new[] { 2 }), "a subscriber with room had the message at once");

        // The named subscriptions are the caller's handles: disposing a stuck one frees its publishers.
        ex.FullSubscribers[0].Dispose();
        Assert.That(stalled.IsActive, Is.False);
        Assert.That(bus.SubscriberCount("t"), Is.EqualTo(3));
    }

    [Test]
    public async Task A_zero_bound_fails_at_once_when_a_queue_is_full()
    {
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 1, FullQueueTimeout = TimeSpan.Zero });
        using ISubscription subscription = bus.Subscribe("t");
        await bus.BroadcastAsync("t", 1);

        ValueTask second = bus.BroadcastAsync("t", 2);
        Assert.That(second.IsFaulted, Is.True, "no wait at all");
        SubscriberQueueFullException ex = Assert.ThrowsAsync<SubscriberQueueFullException>(async () => await second)!;
        Assert.That(ex.Waited, Is.EqualTo(TimeSpan.Zero));
        Assert.That(ex.Message, Does.StartWith("A broadcast to topic \"t\" gave up after 0 ms: "));
        Assert.That(await Within(Read(subscription.GetAsyncEnumerator(), 1)), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task An_infinite_bound_waits_until_there_is_room_or_the_caller_cancels()
    {
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 1, FullQueueTimeout = Timeout.InfiniteTimeSpan });
        ISubscription subscription = bus.Subscribe("t");
        await bus.BroadcastAsync("t", 1);

        using var cancel = new CancellationTokenSource();
        Task cancelled = bus.BroadcastAsync("t", 2, cancel.Token).AsTask();
        Assert.That(await StaysPending(cancelled), Is.True);
        cancel.Cancel();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await Within(cancelled));

        Task waiting = bus.BroadcastAsync("t", 3).AsTask();
        Assert.That(await StaysPending(waiting), Is.True);
        Assert.That(await Within(Read(subscription.GetAsyncEnumerator(), 2)), Is.EqualTo(new[] { 1, 3 }), "the cancelled message was never queued");
        await Within(waiting);
    }

    [Test]
    public void The_caller_cancelling_within_the_bound_gets_OperationCanceledException_not_the_timeout()
    {
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 1, FullQueueTimeout = TimeSpan.FromSeconds(30) });
        using ISubscription subscription = bus.Subscribe("t");
        Assert.DoesNotThrowAsync(async () => await bus.BroadcastAsync("t", 1));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Exception? ex = Assert.CatchAsync(async () => await Within(bus.BroadcastAsync("t", 2, cancel.Token).AsTask()));
        Assert.That(ex, Is.InstanceOf<OperationCanceledException>());
    }

    [TestCase(-2, TestName = "Negative")]
    [TestCase(int.MaxValue + 1.0, TestName = "Above int.MaxValue milliseconds")]
    public void A_bound_out_of_range_is_refused_naming_the_option(double milliseconds)
    {
        var options = new InMemoryPubSubOptions { FullQueueTimeout = TimeSpan.FromMilliseconds(milliseconds) };
        ArgumentOutOfRangeException ex = Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryPubSub(options))!;
        Assert.That(ex.ParamName, Is.EqualTo("options"));
        Assert.That(ex.Message, Does.StartWith("InMemoryPubSubOptions.FullQueueTimeout must be Timeout.InfiniteTimeSpan or between zero and int.MaxValue milliseconds."));
    }

    [Test]
    public void The_bound_applies_to_Wait_only_the_dropping_policies_never_wait()
    {
        foreach (FullQueuePolicy policy in new[] { FullQueuePolicy.DropWrite, FullQueuePolicy.DropOldest, FullQueuePolicy.DropNewest, FullQueuePolicy.Disconnect })
        {
            var bus = new InMemoryPubSub(new InMemoryPubSubOptions { SubscriberCapacity = 1, FullQueuePolicy = policy, FullQueueTimeout = Timeout.InfiniteTimeSpan });
            using ISubscription subscription = bus.Subscribe("t");
            for (int i = 0; i < 3; i++)
            {
                Assert.That(bus.BroadcastAsync("t", i).IsCompletedSuccessfully, Is.True, $"{policy}: broadcast {i} completed without waiting");
            }
        }
    }
}
