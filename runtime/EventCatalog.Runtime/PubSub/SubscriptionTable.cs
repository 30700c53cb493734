using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace EventCatalog.PubSub;

/// <summary>
/// One node's local subscribers, by exact topic: the part of every bus that Phoenix keeps in <c>pubsub.ex</c>
/// (its Registry) rather than in an adapter. <see cref="InMemoryPubSub"/> is this table alone; a
/// <see cref="NodePubSub"/> serves its own node's subscribers from it and hands what other nodes sent to it.
/// </summary>
/// <remarks>
/// Each topic's subscribers are one immutable array, replaced under a lock on every subscribe and
/// unsubscribe, so a publish reads them without locking. Every subscriber has a bounded queue with the
/// table's <see cref="FullQueuePolicy"/>.
/// </remarks>
internal sealed class SubscriptionTable
{
    // CancellationTokenSource.CancelAfter takes at most int.MaxValue milliseconds.
    internal static readonly TimeSpan LongestTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    private readonly ConcurrentDictionary<string, TopicSubscribers> _topics = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly Action? _dropped;

    // The topic published to last: a publisher usually sends a run of messages to one topic, and comparing
    // the topic with this entry's costs less than hashing it for the dictionary. Entries are immutable and
    // marked stale (under _gate) when a subscribe or unsubscribe replaces them, so a stale one is never used.
    private TopicSubscribers? _lastTopic;
    private long _lastNumber;

    /// <summary>A table whose subscribers' queues hold <paramref name="capacity"/> messages under <paramref name="policy"/>.</summary>
    /// <param name="capacity">Messages per subscriber queue; at least 1 (checked by the bus's options).</param>
    /// <param name="policy">What a full queue does.</param>
    /// <param name="fullQueueTimeout">The longest wait of a local publish under <see cref="FullQueuePolicy.Wait"/>.</param>
    /// <param name="owner">The instance id of the bus that owns the table (the broadcast-from exclusion names it); empty for the embedded bus.</param>
    /// <param name="node">The node named in subscriptions' <c>ToString</c>; null for the embedded bus.</param>
    /// <param name="dropped">Called for every message a full queue drops (the bus's counters); null for none.</param>
    public SubscriptionTable(int capacity, FullQueuePolicy policy, TimeSpan fullQueueTimeout, Guid owner, string? node, Action? dropped)
    {
        Capacity = capacity;
        Policy = policy;
        FullQueueTimeout = fullQueueTimeout;
        Owner = owner;
        Node = node;
        _dropped = dropped;
    }

    public int Capacity { get; }

    public FullQueuePolicy Policy { get; }

    public TimeSpan FullQueueTimeout { get; }

    public Guid Owner { get; }

    /// <summary>
    /// Called with a topic and true when its first subscription comes, with false when its last one goes, under the table's
    /// lock (so calls for one topic come in order); it must not block. The bus's shard subscriptions follow it.
    /// </summary>
    public Action<string, bool>? TopicsChanged { get; set; }

    public string? Node { get; }

    /// <summary>Checks what <see cref="InMemoryPubSubOptions"/> and <see cref="NodePubSubOptions"/> share; the message names <paramref name="options"/>'s type.</summary>
    public static void Validate(string options, int capacity, FullQueuePolicy policy, TimeSpan fullQueueTimeout, string? nodeName)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), capacity, options + ".SubscriberCapacity must be at least 1.");
        }

        if (policy is < FullQueuePolicy.Wait or > FullQueuePolicy.DropNewest)
        {
            throw new ArgumentOutOfRangeException(nameof(options), policy, options + ".FullQueuePolicy is not a FullQueuePolicy value.");
        }

        if (fullQueueTimeout != Timeout.InfiniteTimeSpan && (fullQueueTimeout < TimeSpan.Zero || fullQueueTimeout > LongestTimeout))
        {
            throw new ArgumentOutOfRangeException(nameof(options), fullQueueTimeout, options + ".FullQueueTimeout must be Timeout.InfiniteTimeSpan or between zero and int.MaxValue milliseconds.");
        }

        if (nodeName is not null && string.IsNullOrWhiteSpace(nodeName))
        {
            throw new ArgumentException(options + ".NodeName must be null (for EventNode.Current) or a name that is not empty or white space.", nameof(options));
        }
    }

    public static void CheckTopic(string topic)
    {
        if (string.IsNullOrEmpty(topic))
        {
            throw new ArgumentException("A topic must be a non-empty string.", nameof(topic));
        }
    }

    /// <summary>How many subscriptions <paramref name="topic"/> has now; 0 for null.</summary>
    public int Count(string topic) => topic is not null && _topics.TryGetValue(topic, out TopicSubscribers? entry) ? entry.Subscribers.Length : 0;

    public Subscription Subscribe(string topic)
    {
        var subscription = new Subscription(this, topic, Interlocked.Increment(ref _lastNumber));
        lock (_gate)
        {
            Subscription[] current = Array.Empty<Subscription>();
            if (_topics.TryGetValue(topic, out TopicSubscribers? existing))
            {
                current = existing.Subscribers;
                existing.MarkStale();
            }

            var next = new Subscription[current.Length + 1];
            current.CopyTo(next, 0);
            next[current.Length] = subscription;
            _topics[topic] = new TopicSubscribers(topic, next);
            if (current.Length == 0)
            {
                TopicsChanged?.Invoke(topic, true);
            }
        }

        return subscription;
    }

    /// <summary>
    /// Delivers a message published on this node: every subscriber with room gets it now; only then does the
    /// publish wait for the full ones (<see cref="FullQueuePolicy.Wait"/>), so a slow subscriber delays its
    /// publisher but not the other subscribers of this broadcast.
    /// </summary>
    public ValueTask Deliver(string topic, object message, ISubscription? except, CancellationToken cancellationToken)
    {
        Subscription[]? subscribers = SubscribersOf(topic);
        if (subscribers is null)
        {
            return default;
        }

        List<Subscription>? full = null;
        foreach (Subscription subscriber in subscribers)
        {
            if (!ReferenceEquals(subscriber, except) && !subscriber.TryEnqueue(message))
            {
                (full ??= new List<Subscription>()).Add(subscriber);
            }
        }

        return full is null ? default : WaitForRoomAsync(topic, full, message, cancellationToken);
    }

    /// <summary>
    /// Delivers a message another node sent, never waiting: a full queue under <see cref="FullQueuePolicy.Wait"/>
    /// drops it for that subscriber (counted), so one slow subscriber never stalls the node's inbound frames.
    /// </summary>
    /// <returns>How many subscribers got the message.</returns>
    public int DeliverRemote(string topic, object message, Guid exceptOwner, long exceptNumber)
    {
        Subscription[]? subscribers = SubscribersOf(topic);
        if (subscribers is null)
        {
            return 0;
        }

        bool excludeHere = exceptOwner == Owner;
        int delivered = 0;
        foreach (Subscription subscriber in subscribers)
        {
            if (!(excludeHere && subscriber.Number == exceptNumber) && subscriber.TryDeliverRemote(message))
            {
                delivered++;
            }
        }

        return delivered;
    }

    /// <summary>Ends every subscription after its queued messages (the bus is disposed).</summary>
    public void CompleteAll()
    {
        foreach (TopicSubscribers entry in _topics.Values)
        {
            foreach (Subscription subscription in entry.Subscribers)
            {
                subscription.Dispose();
            }
        }
    }

    internal void CountDrop() => _dropped?.Invoke();

    internal void Remove(Subscription subscriber)
    {
        lock (_gate)
        {
            if (!_topics.TryGetValue(subscriber.Topic, out TopicSubscribers? entry))
            {
                return;
            }

            Subscription[] current = entry.Subscribers;
            int index = Array.IndexOf(current, subscriber);
            if (index < 0)
            {
                return;
            }

            entry.MarkStale();
            if (current.Length == 1)
            {
                _topics.TryRemove(subscriber.Topic, out _);
                TopicsChanged?.Invoke(subscriber.Topic, false);
                return;
            }

            var next = new Subscription[current.Length - 1];
            Array.Copy(current, 0, next, 0, index);
            Array.Copy(current, index + 1, next, index, current.Length - index - 1);
            _topics[subscriber.Topic] = new TopicSubscribers(subscriber.Topic, next);
        }
    }

    private async ValueTask WaitForRoomAsync(string topic, List<Subscription> full, object message, CancellationToken cancellationToken)
    {
        TimeSpan timeout = FullQueueTimeout;
        if (timeout == TimeSpan.Zero)
        {
            throw new SubscriberQueueFullException(topic, Capacity, timeout, full.ToArray());
        }

        // The bound is what keeps a subscriber that never reads again (a handler publishing to its own
        // full topic waits on itself) from hanging its publisher forever without a word.
        using CancellationTokenSource? bound = timeout == Timeout.InfiniteTimeSpan ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound?.CancelAfter(timeout);
        CancellationToken token = bound?.Token ?? cancellationToken;

        // Wait for all the full subscribers at once: one that stays stalled must not keep the message
        // from another that reads again.
        var waits = new Task[full.Count];
        for (int i = 0; i < waits.Length; i++)
        {
            waits[i] = full[i].EnqueueAsync(message, token).AsTask();
        }

        try
        {
            await Task.WhenAll(waits).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (bound is not null && !cancellationToken.IsCancellationRequested)
        {
            var stillFull = new List<ISubscription>(waits.Length);
            for (int i = 0; i < waits.Length; i++)
            {
                if (waits[i].Status != TaskStatus.RanToCompletion)
                {
                    stillFull.Add(full[i]);
                }
            }

            throw new SubscriberQueueFullException(topic, Capacity, timeout, stillFull);
        }
    }

    /// <summary>The topic's subscribers, or null when it has none.</summary>
    private Subscription[]? SubscribersOf(string topic)
    {
        TopicSubscribers? last = Volatile.Read(ref _lastTopic);
        if (last is not null && !last.IsStale && (ReferenceEquals(last.Topic, topic) || string.Equals(last.Topic, topic, StringComparison.Ordinal)))
        {
            return last.Subscribers;
        }

        if (!_topics.TryGetValue(topic, out TopicSubscribers? entry))
        {
            return null;
        }

        // A subscribe may have replaced the entry since the look-up: then it is already stale and the
        // next publish looks up again, as a publish racing a subscribe may miss the new subscriber anyway.
        Volatile.Write(ref _lastTopic, entry);
        return entry.Subscribers;
    }

    /// <summary>One topic's subscribers as one immutable snapshot; replaced, and marked stale, on every change.</summary>
    private sealed class TopicSubscribers
    {
        private volatile bool _stale;

        public TopicSubscribers(string topic, Subscription[] subscribers)
        {
            Topic = topic;
            Subscribers = subscribers;
        }

        public string Topic { get; }

        public Subscription[] Subscribers { get; }

        public bool IsStale => _stale;

        public void MarkStale() => _stale = true;
    }
}
