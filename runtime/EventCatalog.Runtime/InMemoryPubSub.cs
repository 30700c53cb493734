using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace EventCatalog;

/// <summary>
/// The embedded, in-process <see cref="INodePubSub"/>: thread-safe; a bounded queue per subscriber with
/// the <see cref="FullQueuePolicy"/> of its options; each publisher's order kept for each subscriber;
/// nothing lost silently under the default policy (a message is either queued or its publisher gets an
/// exception); a subscriber that throws, stops or is slow affects the others only as its policy says.
/// </summary>
/// <remarks>
/// It is one node, named <see cref="NodeName"/>: <see cref="LocalBroadcastAsync"/> equals
/// <see cref="BroadcastAsync"/>, and <see cref="DirectBroadcastAsync"/> delivers like
/// <see cref="BroadcastAsync"/> when given this node's name and to no one otherwise.
/// Every wait is bounded or cancellable: a broadcast waits for a full queue at most
/// <see cref="InMemoryPubSubOptions.FullQueueTimeout"/> and honours its cancellation token; a subscriber's
/// enumeration waits for messages until the subscription is disposed or the token given to its
/// enumerator is cancelled; disposal and unsubscribing never wait.
/// </remarks>
public sealed class InMemoryPubSub : INodePubSub
{
    private static readonly Subscriber[] s_none = Array.Empty<Subscriber>();

    // CancellationTokenSource.CancelAfter takes at most int.MaxValue milliseconds.
    private static readonly TimeSpan s_longestTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    private readonly ConcurrentDictionary<string, TopicSubscribers> _topics = new(StringComparer.Ordinal);

    // The topic published to last: a publisher usually sends a run of messages to one topic, and comparing
    // the topic with this entry's costs less than hashing it for the dictionary. Entries are immutable and
    // marked stale (under _gate) when a subscribe or unsubscribe replaces them, so a stale one is never used.
    private TopicSubscribers? _lastTopic;
    private readonly object _gate = new();
    private readonly int _capacity;
    private readonly FullQueuePolicy _policy;
    private readonly TimeSpan _fullQueueTimeout;
    private long _lastSubscriberNumber;

    /// <summary>
    /// A bus with the default options: 1024 messages per subscriber, <see cref="FullQueuePolicy.Wait"/> for at
    /// most 5 seconds, named <see cref="EventNode.Current"/>.
    /// </summary>
    public InMemoryPubSub()
        : this(new InMemoryPubSubOptions())
    {
    }

    /// <summary>A bus with <paramref name="options"/>, which are read once, here.</summary>
    /// <param name="options">The settings; later changes to the object do not affect the bus.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <see cref="InMemoryPubSubOptions.SubscriberCapacity"/> is below 1, <see cref="InMemoryPubSubOptions.FullQueuePolicy"/>
    /// is not a defined value, or <see cref="InMemoryPubSubOptions.FullQueueTimeout"/> is negative (other than
    /// <see cref="Timeout.InfiniteTimeSpan"/>) or above <see cref="int.MaxValue"/> milliseconds.
    /// </exception>
    /// <exception cref="ArgumentException"><see cref="InMemoryPubSubOptions.NodeName"/> is empty or white space.</exception>
    public InMemoryPubSub(InMemoryPubSubOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        if (options.SubscriberCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SubscriberCapacity, "InMemoryPubSubOptions.SubscriberCapacity must be at least 1.");
        }

        if (options.FullQueuePolicy is < FullQueuePolicy.Wait or > FullQueuePolicy.DropNewest)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FullQueuePolicy, "InMemoryPubSubOptions.FullQueuePolicy is not a FullQueuePolicy value.");
        }

        TimeSpan timeout = options.FullQueueTimeout;
        if (timeout != Timeout.InfiniteTimeSpan && (timeout < TimeSpan.Zero || timeout > s_longestTimeout))
        {
            throw new ArgumentOutOfRangeException(nameof(options), timeout, "InMemoryPubSubOptions.FullQueueTimeout must be Timeout.InfiniteTimeSpan or between zero and int.MaxValue milliseconds.");
        }

        if (options.NodeName is not null && string.IsNullOrWhiteSpace(options.NodeName))
        {
            throw new ArgumentException("InMemoryPubSubOptions.NodeName must be null (for EventNode.Current) or a name that is not empty or white space.", nameof(options));
        }

        _capacity = options.SubscriberCapacity;
        _policy = options.FullQueuePolicy;
        _fullQueueTimeout = timeout;
        NodeName = options.NodeName ?? EventNode.Current;
    }

    /// <summary>
    /// This bus's node name: <see cref="InMemoryPubSubOptions.NodeName"/>, or <see cref="EventNode.Current"/>
    /// as it was when the bus was created.
    /// </summary>
    public string NodeName { get; }

    /// <summary>How many subscriptions <paramref name="topic"/> has now.</summary>
    /// <param name="topic">The exact topic.</param>
    /// <returns>The number of active subscriptions to <paramref name="topic"/>; 0 for a topic never subscribed to, or for null.</returns>
    public int SubscriberCount(string topic) => topic is not null && _topics.TryGetValue(topic, out TopicSubscribers? entry) ? entry.Subscribers.Length : 0;

    /// <inheritdoc/>
    public ISubscription Subscribe([TopicParameter] string topic)
    {
        CheckTopic(topic);
        long number = Interlocked.Increment(ref _lastSubscriberNumber);
        var subscriber = new Subscriber(this, topic, number, _capacity, _policy);
        lock (_gate)
        {
            Subscriber[] current = s_none;
            if (_topics.TryGetValue(topic, out TopicSubscribers? existing))
            {
                current = existing.Subscribers;
                existing.MarkStale();
            }

            var next = new Subscriber[current.Length + 1];
            current.CopyTo(next, 0);
            next[current.Length] = subscriber;
            _topics[topic] = new TopicSubscribers(topic, next);
        }

        return subscriber;
    }

    /// <inheritdoc/>
    /// <exception cref="SubscriberQueueFullException">
    /// Under <see cref="FullQueuePolicy.Wait"/>, a subscriber's queue stayed full for
    /// <see cref="InMemoryPubSubOptions.FullQueueTimeout"/>; the other subscribers have the message.
    /// </exception>
    public ValueTask BroadcastAsync([TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default) =>
        Deliver(topic, message, null, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="SubscriberQueueFullException">
    /// Under <see cref="FullQueuePolicy.Wait"/>, a subscriber's queue stayed full for
    /// <see cref="InMemoryPubSubOptions.FullQueueTimeout"/>; the other subscribers have the message.
    /// </exception>
    public ValueTask BroadcastFromAsync(ISubscription from, [TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default)
    {
        if (from is null)
        {
            throw new ArgumentNullException(nameof(from));
        }

        return Deliver(topic, message, from, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="SubscriberQueueFullException">
    /// Under <see cref="FullQueuePolicy.Wait"/>, a subscriber's queue stayed full for
    /// <see cref="InMemoryPubSubOptions.FullQueueTimeout"/>; the other subscribers have the message.
    /// </exception>
    public ValueTask LocalBroadcastAsync([TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default) =>
        Deliver(topic, message, null, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// This bus is the only node it knows: a <paramref name="node"/> equal to <see cref="NodeName"/> delivers
    /// exactly like <see cref="BroadcastAsync"/>; any other name delivers to no one and completes at once
    /// (there is no other node in this process to send to).
    /// </remarks>
    /// <exception cref="SubscriberQueueFullException">
    /// Under <see cref="FullQueuePolicy.Wait"/>, a subscriber's queue of this node stayed full for
    /// <see cref="InMemoryPubSubOptions.FullQueueTimeout"/>.
    /// </exception>
    public ValueTask DirectBroadcastAsync(string node, [TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(node))
        {
            throw new ArgumentException("A node name must be a non-empty string.", nameof(node));
        }

        if (!string.Equals(node, NodeName, StringComparison.Ordinal))
        {
            CheckTopic(topic);
            if (message is null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            return default;
        }

        return Deliver(topic, message, null, cancellationToken);
    }

    private ValueTask Deliver(string topic, object message, ISubscription? except, CancellationToken cancellationToken)
    {
        CheckTopic(topic);
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return new ValueTask(Task.FromCanceled(cancellationToken));
        }

        Subscriber[]? subscribers = SubscribersOf(topic);
        if (subscribers is null)
        {
            return default;
        }

        // Every subscriber with room gets the message now; only then wait for the full ones, so a slow
        // subscriber delays its publisher but not the other subscribers of this broadcast.
        List<Subscriber>? full = null;
        foreach (Subscriber subscriber in subscribers)
        {
            if (!ReferenceEquals(subscriber, except) && !subscriber.TryEnqueue(message))
            {
                (full ??= new List<Subscriber>()).Add(subscriber);
            }
        }

        return full is null ? default : WaitForRoomAsync(topic, full, message, cancellationToken);
    }

    private async ValueTask WaitForRoomAsync(string topic, List<Subscriber> full, object message, CancellationToken cancellationToken)
    {
        TimeSpan timeout = _fullQueueTimeout;
        if (timeout == TimeSpan.Zero)
        {
            throw new SubscriberQueueFullException(topic, _capacity, timeout, full.ToArray());
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

            throw new SubscriberQueueFullException(topic, _capacity, timeout, stillFull);
        }
    }

    private void Remove(Subscriber subscriber)
    {
        lock (_gate)
        {
            if (!_topics.TryGetValue(subscriber.Topic, out TopicSubscribers? entry))
            {
                return;
            }

            Subscriber[] current = entry.Subscribers;

            int index = Array.IndexOf(current, subscriber);
            if (index < 0)
            {
                return;
            }

            entry.MarkStale();
            if (current.Length == 1)
            {
                _topics.TryRemove(subscriber.Topic, out _);
                return;
            }

            var next = new Subscriber[current.Length - 1];
            Array.Copy(current, 0, next, 0, index);
            Array.Copy(current, index + 1, next, index, current.Length - index - 1);
            _topics[subscriber.Topic] = new TopicSubscribers(subscriber.Topic, next);
        }
    }

    /// <summary>The topic's subscribers, or null when it has none.</summary>
    private Subscriber[]? SubscribersOf(string topic)
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

    private static void CheckTopic(string topic)
    {
        if (string.IsNullOrEmpty(topic))
        {
            throw new ArgumentException("A topic must be a non-empty string.", nameof(topic));
        }
    }

    /// <summary>One topic's subscribers as one immutable snapshot; replaced, and marked stale, on every change.</summary>
    private sealed class TopicSubscribers
    {
        private volatile bool _stale;

        public TopicSubscribers(string topic, Subscriber[] subscribers)
        {
            Topic = topic;
            Subscribers = subscribers;
        }

        public string Topic { get; }

        public Subscriber[] Subscribers { get; }

        public bool IsStale => _stale;

        public void MarkStale() => _stale = true;
    }

    private sealed class Subscriber : ISubscription
    {
        private readonly InMemoryPubSub _bus;
        private readonly Channel<object> _queue;
        private readonly FullQueuePolicy _policy;
        private readonly int _capacity;
        private readonly long _number;
        private long _dropped;
        private long _read;
        private int _disposed;
        private int _enumerated;

        public Subscriber(InMemoryPubSub bus, string topic, long number, int capacity, FullQueuePolicy policy)
        {
            _bus = bus;
            Topic = topic;
            _number = number;
            _capacity = capacity;
            _policy = policy;
            var options = new BoundedChannelOptions(capacity)
            {
                SingleReader = true,
                SingleWriter = false,
                AllowSynchronousContinuations = false,
                FullMode = policy switch
                {
                    FullQueuePolicy.DropWrite => BoundedChannelFullMode.DropWrite,
                    FullQueuePolicy.DropOldest => BoundedChannelFullMode.DropOldest,
                    FullQueuePolicy.DropNewest => BoundedChannelFullMode.DropNewest,
                    _ => BoundedChannelFullMode.Wait,
                },
            };
            _queue = Channel.CreateBounded<object>(options, _ => Interlocked.Increment(ref _dropped));
        }

        public string Topic { get; }

        public bool IsActive => Volatile.Read(ref _disposed) == 0;

        public long Dropped => Interlocked.Read(ref _dropped);

        /// <summary>True when the message is queued (or needs no delivery any more); false when the publisher must wait.</summary>
        public bool TryEnqueue(object message)
        {
            if (_queue.Writer.TryWrite(message) || !IsActive)
            {
                return true;
            }

            if (_policy == FullQueuePolicy.Disconnect)
            {
                Disconnect();
                return true;
            }

            return false;
        }

        public async ValueTask EnqueueAsync(object message, CancellationToken cancellationToken)
        {
            try
            {
                await _queue.Writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                // Unsubscribed while the publisher waited for room: there is no one left to deliver to.
            }
        }

        public IAsyncEnumerator<object> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _enumerated, 1) != 0)
            {
                throw new InvalidOperationException($"The subscription to \"{Topic}\" is already being enumerated; subscribe again for a second reader.");
            }

            return new Reader(this, _queue.Reader, cancellationToken);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _bus.Remove(this);
                _queue.Writer.TryComplete();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }

        /// <summary>Names the subscription in messages: which one, and whether anyone reads it.</summary>
        public override string ToString()
        {
            string reader = Volatile.Read(ref _enumerated) == 0
                ? "never enumerated"
                : Interlocked.Read(ref _read).ToString(CultureInfo.InvariantCulture) + " read";
            return "subscription #" + _number.ToString(CultureInfo.InvariantCulture) + " to \"" + Topic + "\" (" +
                _queue.Reader.Count.ToString(CultureInfo.InvariantCulture) + " queued, " + reader + ")";
        }

        private void Disconnect()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _bus.Remove(this);
                _queue.Writer.TryComplete(new SubscriberOverflowException(Topic, _capacity));
            }
        }

        /// <summary>Counts a message read; one reader, so a plain increment, published for ToString on other threads.</summary>
        private void CountRead() => Volatile.Write(ref _read, _read + 1);

        /// <summary>
        /// The subscription's reader. A message already queued is returned at once, as a completed ValueTask, with no
        /// state machine (the async iterator it replaces took a state-machine step per message; issue 13 wants the
        /// bus within 1.2x and 1.3x of raw channels); a wait for the queue reuses this object as the awaited source,
        /// so reading allocates nothing. Ending the enumeration, however it ends (the queue completed, the
        /// wait threw or was cancelled, DisposeAsync), unsubscribes: a reader that is gone must never hold back publishers.
        /// </summary>
        private sealed class Reader : IAsyncEnumerator<object>, IValueTaskSource<bool>
        {
            // What Advance did: took a message, found the queue completed, or registered for the next message.
            private const int Took = 1;
            private const int Completed = 0;
            private const int Waiting = -1;

            private readonly Subscriber _subscriber;
            private readonly ChannelReader<object> _queue;
            private readonly CancellationToken _cancellationToken;
            private readonly Action _onWaitCompleted;
            private ManualResetValueTaskSourceCore<bool> _pending;
            private ConfiguredValueTaskAwaitable<bool>.ConfiguredValueTaskAwaiter _wait;
            private bool _finished;

            public Reader(Subscriber subscriber, ChannelReader<object> queue, CancellationToken cancellationToken)
            {
                _subscriber = subscriber;
                _queue = queue;
                _cancellationToken = cancellationToken;
                _onWaitCompleted = OnWaitCompleted;
            }

            public object Current { get; private set; } = null!;

            public ValueTask<bool> MoveNextAsync()
            {
                if (_finished)
                {
                    return new ValueTask<bool>(false);
                }

                if (_queue.TryRead(out object? message))
                {
                    Take(message);
                    return new ValueTask<bool>(true);
                }

                // Reset before Advance: once Advance registers the continuation, it may complete at any moment.
                _pending.Reset();
                int step;
                try
                {
                    step = Advance();
                }
                catch (Exception ex)
                {
                    Finish();
                    return new ValueTask<bool>(Task.FromException<bool>(ex));
                }

                if (step == Waiting)
                {
                    return new ValueTask<bool>(this, _pending.Version);
                }

                if (step == Completed)
                {
                    Finish();
                }

                return new ValueTask<bool>(step == Took);
            }

            public ValueTask DisposeAsync()
            {
                Finish();
                return default;
            }

            bool IValueTaskSource<bool>.GetResult(short token) => _pending.GetResult(token);

            ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _pending.GetStatus(token);

            void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
                _pending.OnCompleted(continuation, state, token, flags);

            /// <summary>Takes a message, or learns the queue is completed, or registers for the queue's next message; throws what the wait throws.</summary>
            private int Advance()
            {
                while (true)
                {
                    if (_queue.TryRead(out object? message))
                    {
                        Take(message);
                        return Took;
                    }

                    ConfiguredValueTaskAwaitable<bool>.ConfiguredValueTaskAwaiter wait =
                        _queue.WaitToReadAsync(_cancellationToken).ConfigureAwait(false).GetAwaiter();
                    if (!wait.IsCompleted)
                    {
                        _wait = wait;
                        wait.UnsafeOnCompleted(_onWaitCompleted);
                        return Waiting;
                    }

                    if (!wait.GetResult())
                    {
                        return Completed;
                    }
                }
            }

            private void OnWaitCompleted()
            {
                int step;
                try
                {
                    ConfiguredValueTaskAwaitable<bool>.ConfiguredValueTaskAwaiter wait = _wait;
                    _wait = default;
                    step = wait.GetResult() ? Advance() : Completed;
                }
                catch (Exception ex)
                {
                    Finish();
                    _pending.SetException(ex);
                    return;
                }

                if (step == Waiting)
                {
                    return;
                }

                if (step == Completed)
                {
                    Finish();
                }

                _pending.SetResult(step == Took);
            }

            private void Take(object message)
            {
                _subscriber.CountRead();
                Current = message;
            }

            private void Finish()
            {
                _finished = true;
                _subscriber.Dispose();
            }
        }
    }
}
