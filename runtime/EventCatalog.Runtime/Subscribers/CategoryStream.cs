using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace EventCatalog.Subscribers;

/// <summary>
/// The events of one category on its topic, as an async stream of envelopes typed by the category's marker
/// interface, for <c>await foreach</c> with pattern matching on <see cref="EventEnvelope{T}.Data"/>. Made by the
/// catalog's <c>{Category}Stream</c> methods; disposing it (or ending the enumeration) unsubscribes.
/// </summary>
/// <typeparam name="TEvent">The category's marker interface, e.g. <c>IClusterEvent</c>.</typeparam>
/// <remarks>
/// Records, envelopes and payloads (with the category's wrapper) all arrive as envelopes: a bare record gets
/// a new id, this node, the time of receipt and the stream's store id. Anything else on the topic goes to
/// <see cref="CategorySubscriptionOptions.OnUnrecognizedMessage"/> and is counted in <see cref="Unrecognized"/>.
/// It can be enumerated once, like the <see cref="ISubscription"/> it reads.
/// </remarks>
public sealed class CategoryStream<TEvent> : IAsyncEnumerable<EventEnvelope<TEvent>>, IAsyncDisposable, IDisposable
    where TEvent : class, ICatalogEvent
{
    private readonly ISubscription _subscription;
    private readonly Func<object, (IEventEnvelope? Event, string? Reason)> _read;
    private readonly string _category;
    private readonly CategorySubscriptionOptions _options;
    private long _unrecognized;

    internal CategoryStream(ISubscription subscription, string category, Func<object, (IEventEnvelope?, string?)> read, CategorySubscriptionOptions options)
    {
        _subscription = subscription;
        _category = category;
        _read = read;
        _options = options;
    }

    /// <summary>The subscribed topic.</summary>
    public string Topic => _subscription.Topic;

    /// <summary>How many messages on the topic were not events of the category.</summary>
    public long Unrecognized => Interlocked.Read(ref _unrecognized);

    /// <summary>Unsubscribes; the enumeration ends after the messages already queued.</summary>
    public void Dispose() => _subscription.Dispose();

    /// <summary>Unsubscribes; the enumeration ends after the messages already queued.</summary>
    /// <returns>A task that completes when unsubscribed.</returns>
    public ValueTask DisposeAsync() => _subscription.DisposeAsync();

    /// <summary>Starts the enumeration (once per stream).</summary>
    /// <param name="cancellationToken">Ends the wait for the next event with an <see cref="OperationCanceledException"/>.</param>
    /// <returns>The enumerator of the category's events, in arrival order.</returns>
    /// <exception cref="InvalidOperationException">The stream is enumerated a second time.</exception>
    public IAsyncEnumerator<EventEnvelope<TEvent>> GetAsyncEnumerator(CancellationToken cancellationToken = default) => ReadAsync(cancellationToken);

    private async IAsyncEnumerator<EventEnvelope<TEvent>> ReadAsync(CancellationToken cancellationToken)
    {
        await foreach (object message in _subscription.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            (IEventEnvelope? evt, string? reason) = _read(message);
            if (evt is null)
            {
                Interlocked.Increment(ref _unrecognized);
                await CategorySubscription.Report(_options, new UnrecognizedMessage(Topic, _category, message, reason!)).ConfigureAwait(false);
                continue;
            }

            yield return evt as EventEnvelope<TEvent>
                ?? new EventEnvelope<TEvent>(evt.EventId, evt.EventType, evt.StoreId, evt.Node, evt.Timestamp, (TEvent)evt.Data!);
        }
    }
}
