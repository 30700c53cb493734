using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace EventCatalog.PubSub;

/// <summary>
/// A local subscription of any bus: a bounded queue with its table's <see cref="FullQueuePolicy"/>, read once through an
/// allocation-free reader. Local publishes use <see cref="TryEnqueue"/> and <see cref="EnqueueAsync"/> (the policy as
/// <see cref="InMemoryPubSub"/> states it); frames from other nodes use <see cref="TryDeliverRemote"/>, which never waits.
/// </summary>
internal sealed class Subscription : ISubscription
{
    private readonly SubscriptionTable _table;
    private readonly Channel<object> _queue;
    private readonly FullQueuePolicy _policy;
    private long _dropped;
    private long _read;
    private int _disposed;
    private int _enumerated;

    public Subscription(SubscriptionTable table, string topic, long number)
    {
        _table = table;
        Topic = topic;
        Number = number;
        _policy = table.Policy;
        FullQueuePolicy policy = _policy;
        var options = new BoundedChannelOptions(table.Capacity)
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
        _queue = Channel.CreateBounded<object>(options, _ => CountDrop());
    }

    /// <summary>The subscription's number in its table, from 1; a broadcast-from frame names it to exclude it on its node.</summary>
    public long Number { get; }

    /// <summary>The instance id of the bus whose table holds the subscription.</summary>
    public Guid Owner => _table.Owner;

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

    /// <summary>
    /// A message from another node: never waits. Under <see cref="FullQueuePolicy.Wait"/> a full queue drops the
    /// incoming message for this subscriber, counted; under <see cref="FullQueuePolicy.Disconnect"/> it unsubscribes.
    /// </summary>
    /// <returns>True when the message is queued.</returns>
    public bool TryDeliverRemote(object message)
    {
        if (_queue.Writer.TryWrite(message))
        {
            return true;
        }

        if (!IsActive)
        {
            return false;
        }

        if (_policy == FullQueuePolicy.Disconnect)
        {
            Disconnect();
            return false;
        }

        CountDrop();
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
            _table.Remove(this);
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
        string node = _table.Node is null ? string.Empty : " on node " + _table.Node;
        return "subscription #" + Number.ToString(CultureInfo.InvariantCulture) + " to \"" + Topic + "\"" + node + " (" +
            _queue.Reader.Count.ToString(CultureInfo.InvariantCulture) + " queued, " + reader + ")";
    }

    private void Disconnect()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _table.Remove(this);
            _queue.Writer.TryComplete(new SubscriberOverflowException(Topic, _table.Capacity));
        }
    }

    private void CountDrop()
    {
        Interlocked.Increment(ref _dropped);
        _table.CountDrop();
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

        private readonly Subscription _subscriber;
        private readonly ChannelReader<object> _queue;
        private readonly CancellationToken _cancellationToken;
        private readonly Action _onWaitCompleted;
        private ManualResetValueTaskSourceCore<bool> _pending;
        private ConfiguredValueTaskAwaitable<bool>.ConfiguredValueTaskAwaiter _wait;
        private bool _finished;

        public Reader(Subscription subscriber, ChannelReader<object> queue, CancellationToken cancellationToken)
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
