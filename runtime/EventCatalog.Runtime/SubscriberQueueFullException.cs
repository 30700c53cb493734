using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace EventCatalog;

/// <summary>
/// A broadcast under <see cref="FullQueuePolicy.Wait"/> waited <see cref="InMemoryPubSubOptions.FullQueueTimeout"/>
/// for room in a subscriber's queue and gave up: the message reached the topic's other subscribers but
/// not the ones in <see cref="FullSubscribers"/>.
/// </summary>
/// <remarks>
/// The usual cause is a subscriber that does not read any more: a handler that publishes to the topic it
/// reads waits on its own full queue, a subscription that is never enumerated, or a handler blocked on
/// something else. It is a <see cref="TimeoutException"/>, so code that already handles timeouts handles it.
/// </remarks>
public sealed class SubscriberQueueFullException : TimeoutException
{
    /// <summary>Creates the exception for a broadcast to <paramref name="topic"/> that gave up on <paramref name="fullSubscribers"/>.</summary>
    /// <param name="topic">The topic of the broadcast.</param>
    /// <param name="capacity">The capacity of each subscriber's queue, in messages.</param>
    /// <param name="waited">How long the broadcast waited for room before it gave up.</param>
    /// <param name="fullSubscribers">The subscriptions whose queues stayed full for the whole wait; at least one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="topic"/> or <paramref name="fullSubscribers"/> is null.</exception>
    public SubscriberQueueFullException(string topic, int capacity, TimeSpan waited, IReadOnlyList<ISubscription> fullSubscribers)
        : base(Describe(topic, capacity, waited, fullSubscribers))
    {
        Topic = topic;
        Capacity = capacity;
        Waited = waited;
        FullSubscribers = fullSubscribers;
    }

    /// <summary>The topic of the broadcast that gave up.</summary>
    public string Topic { get; }

    /// <summary>The capacity of each subscriber's queue, in messages (<see cref="InMemoryPubSubOptions.SubscriberCapacity"/>).</summary>
    public int Capacity { get; }

    /// <summary>How long the broadcast waited for room before it gave up (<see cref="InMemoryPubSubOptions.FullQueueTimeout"/>).</summary>
    public TimeSpan Waited { get; }

    /// <summary>
    /// The subscriptions whose queues stayed full for the whole wait: the message was not queued for them.
    /// Dispose one to unsubscribe a subscriber that is stuck for good.
    /// </summary>
    public IReadOnlyList<ISubscription> FullSubscribers { get; }

    /// <summary>Formats a duration the way the runtime's messages show it: <c>300 ms</c>, <c>5 s</c>, <c>1.5 s</c>.</summary>
    internal static string Format(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1)
            ? ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms"
            : duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static string Describe(string topic, int capacity, TimeSpan waited, IReadOnlyList<ISubscription> fullSubscribers)
    {
        if (topic is null)
        {
            throw new ArgumentNullException(nameof(topic));
        }

        if (fullSubscribers is null)
        {
            throw new ArgumentNullException(nameof(fullSubscribers));
        }

        var names = new StringBuilder();
        for (int i = 0; i < fullSubscribers.Count; i++)
        {
            names.Append(i == 0 ? string.Empty : i == fullSubscribers.Count - 1 ? " and " : ", ").Append(fullSubscribers[i]);
        }

        string who = fullSubscribers.Count == 1 ? names + " kept its" : names + " kept their";
        return "A broadcast to topic \"" + topic + "\" gave up after " + Format(waited) + ": " + who + " queue of " +
            capacity.ToString(CultureInfo.InvariantCulture) + " messages full for the whole wait, so the message was not queued there " +
            "(the topic's other subscribers, if any, have it). A subscriber that publishes to the topic it reads waits on itself. " +
            "Read faster, or change InMemoryPubSubOptions.SubscriberCapacity, FullQueueTimeout or FullQueuePolicy.";
    }
}
