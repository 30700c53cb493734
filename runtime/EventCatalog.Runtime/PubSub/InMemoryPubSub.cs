using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace EventCatalog;

/// <summary>
/// The embedded, in-process <see cref="IPubSub"/>: thread-safe; a bounded queue per subscriber with
/// the <see cref="FullQueuePolicy"/> of its options; each publisher's order kept for each subscriber;
/// nothing lost under the default policy; a subscriber that throws, stops or is slow affects the others
/// only as its policy says. It is one node, so <see cref="LocalBroadcastAsync"/> equals <see cref="BroadcastAsync"/>.
/// </summary>
public sealed class InMemoryPubSub : IPubSub
{
    private static readonly Subscriber[] s_none = Array.Empty<Subscriber>();

    private readonly ConcurrentDictionary<string, Subscriber[]> _topics = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly int _capacity;
    private readonly FullQueuePolicy _policy;

    /// <summary>A bus with the default options: 1024 messages per subscriber, <see cref="FullQueuePolicy.Wait"/>.</summary>
    public InMemoryPubSub()
        : this(new InMemoryPubSubOptions())
    {
    }

    /// <summary>A bus with <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is below 1 or the policy is unknown.</exception>
    public InMemoryPubSub(InMemoryPubSubOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        if (options.SubscriberCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SubscriberCapacity, "SubscriberCapacity must be at least 1.");
        }

        if (options.FullQueuePolicy is < FullQueuePolicy.Wait or > FullQueuePolicy.Disconnect)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FullQueuePolicy, "Unknown FullQueuePolicy.");
        }

        _capacity = options.SubscriberCapacity;
        _policy = options.FullQueuePolicy;
    }

    /// <summary>How many subscriptions <paramref name="topic"/> has now.</summary>
    public int SubscriberCount(string topic) => _topics.TryGetValue(topic, out Subscriber[]? subscribers) ? subscribers.Length : 0;

    /// <inheritdoc/>
    public ISubscription Subscribe([TopicParameter] string topic)
    {
        CheckTopic(topic);
        var subscriber = new Subscriber(this, topic, _capacity, _policy);
        lock (_gate)
        {
            Subscriber[] current = _topics.TryGetValue(topic, out Subscriber[]? existing) ? existing : s_none;
            var next = new Subscriber[current.Length + 1];
            current.CopyTo(next, 0);
            next[current.Length] = subscriber;
            _topics[topic] = next;
        }

        return subscriber;
    }

    /// <inheritdoc/>
    public ValueTask BroadcastAsync([TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default) =>
        Deliver(topic, message, null, cancellationToken);

    /// <inheritdoc/>
    public ValueTask BroadcastFromAsync(ISubscription from, [TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default)
    {
        if (from is null)
        {
            throw new ArgumentNullException(nameof(from));
        }

        return Deliver(topic, message, from, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask LocalBroadcastAsync([TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default) =>
        Deliver(topic, message, null, cancellationToken);

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

        if (!_topics.TryGetValue(topic, out Subscriber[]? subscribers))
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

        return full is null ? default : WaitForRoomAsync(full, message, cancellationToken);
    }

    private static async ValueTask WaitForRoomAsync(List<Subscriber> full, object message, CancellationToken cancellationToken)
    {
        if (full.Count == 1)
        {
            await full[0].EnqueueAsync(message, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Wait for all the full subscribers at once: one that stays stalled must not keep the message
        // from another that reads again.
        var waits = new Task[full.Count];
        for (int i = 0; i < waits.Length; i++)
        {
            waits[i] = full[i].EnqueueAsync(message, cancellationToken).AsTask();
        }

        await Task.WhenAll(waits).ConfigureAwait(false);
    }

    private void Remove(Subscriber subscriber)
    {
        lock (_gate)
        {
            if (!_topics.TryGetValue(subscriber.Topic, out Subscriber[]? current))
            {
                return;
            }

            int index = Array.IndexOf(current, subscriber);
            if (index < 0)
            {
                return;
            }

            if (current.Length == 1)
            {
                _topics.TryRemove(subscriber.Topic, out _);
                return;
            }

            var next = new Subscriber[current.Length - 1];
            Array.Copy(current, 0, next, 0, index);
            Array.Copy(current, index + 1, next, index, current.Length - index - 1);
            _topics[subscriber.Topic] = next;
        }
    }

    private static void CheckTopic(string topic)
    {
        if (string.IsNullOrEmpty(topic))
        {
            throw new ArgumentException("A topic must be a non-empty string.", nameof(topic));
        }
    }

    private sealed class Subscriber : ISubscription
    {
        private readonly InMemoryPubSub _bus;
        private readonly Channel<object> _queue;
        private readonly FullQueuePolicy _policy;
        private readonly int _capacity;
        private long _dropped;
        private int _disposed;
        private int _enumerated;

        public Subscriber(InMemoryPubSub bus, string topic, int capacity, FullQueuePolicy policy)
        {
            _bus = bus;
            Topic = topic;
            _capacity = capacity;
            _policy = policy;
            var options = new BoundedChannelOptions(capacity)
            {
                SingleReader = true,
                SingleWriter = false,
                AllowSynchronousContinuations = false,
                FullMode = policy switch
                {
                    FullQueuePolicy.DropNewest => BoundedChannelFullMode.DropWrite,
                    FullQueuePolicy.DropOldest => BoundedChannelFullMode.DropOldest,
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

            return ReadAsync(cancellationToken);
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

        private void Disconnect()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _bus.Remove(this);
                _queue.Writer.TryComplete(new SubscriberOverflowException(Topic, _capacity));
            }
        }

        private async IAsyncEnumerator<object> ReadAsync(CancellationToken cancellationToken)
        {
            try
            {
                ChannelReader<object> reader = _queue.Reader;
                while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (reader.TryRead(out object? message))
                    {
                        yield return message;
                    }
                }
            }
            finally
            {
                // Ending the enumeration, however it ends, unsubscribes: a reader that is gone must
                // never hold back publishers.
                Dispose();
            }
        }
    }
}
