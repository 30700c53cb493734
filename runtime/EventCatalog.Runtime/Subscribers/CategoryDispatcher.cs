using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace EventCatalog.Subscribers;

/// <summary>
/// The generated dispatch of one category (the catalog class holds one per category): it tells the
/// category's events from anything else on its topic and calls the handler's <c>HandleAsync</c> overload
/// for each, with a type switch — no reflection, so it is trimming- and AOT-safe. Use it through the
/// catalog's <c>Subscribe</c> and <c>{Category}Stream</c> methods.
/// </summary>
/// <typeparam name="THandler">The category's handler interface, e.g. <c>IClusterHandler</c>.</typeparam>
/// <typeparam name="TEvent">The category's marker interface, e.g. <c>IClusterEvent</c>.</typeparam>
/// <remarks>
/// A message is an event of the category when it is one of the category's current records (which gets an
/// envelope as the catalog's <c>BuildEvent</c> makes one: a new id, this node, the time of receipt and the
/// subscription's store id), an <see cref="EventEnvelope{T}"/> of one whose <see cref="IEventEnvelope.EventType"/>
/// matches its data, or an <see cref="EventPayload{T}"/> of such an envelope whose wrapper is the category's.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class CategoryDispatcher<THandler, TEvent>
    where THandler : class
    where TEvent : class, ICatalogEvent
{
    /// <summary>Creates the dispatch of a category.</summary>
    /// <param name="category">The category's wire name, e.g. <c>cluster</c>.</param>
    /// <param name="wrapper">The category's payload wrapper, e.g. <c>cluster_event</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    protected CategoryDispatcher(string category, string wrapper)
    {
        Category = category ?? throw new ArgumentNullException(nameof(category));
        Wrapper = wrapper ?? throw new ArgumentNullException(nameof(wrapper));
    }

    /// <summary>The category's wire name, e.g. <c>cluster</c>.</summary>
    public string Category { get; }

    /// <summary>The category's payload wrapper, e.g. <c>cluster_event</c>.</summary>
    public string Wrapper { get; }

    /// <summary>Subscribes to <paramref name="topic"/> and runs <paramref name="handler"/> on every message until the result is disposed or the subscription ends.</summary>
    /// <param name="pubSub">The bus: in-memory, Redis, NATS or any other <see cref="IPubSub"/>.</param>
    /// <param name="topic">The category's topic.</param>
    /// <param name="handler">The handler.</param>
    /// <param name="storeId">The store of the topic (the store id of envelopes made for bare records), or null.</param>
    /// <param name="options">Error and unrecognised-message handling, or null for the defaults.</param>
    /// <returns>The running subscription; it owns the bus subscription.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pubSub"/> or <paramref name="handler"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is null or empty.</exception>
    public CategorySubscription Run(IPubSub pubSub, string topic, THandler handler, string? storeId, CategorySubscriptionOptions? options)
    {
        if (pubSub is null)
        {
            throw new ArgumentNullException(nameof(pubSub));
        }

        if (handler is null)
        {
            throw new ArgumentNullException(nameof(handler));
        }

        return new CategorySubscription(pubSub.Subscribe(topic), new BoundHandler(this, handler, storeId), options ?? new CategorySubscriptionOptions());
    }

    /// <summary>Subscribes to <paramref name="topic"/> and makes the typed stream of the category's events on it.</summary>
    /// <param name="pubSub">The bus: in-memory, Redis, NATS or any other <see cref="IPubSub"/>.</param>
    /// <param name="topic">The category's topic.</param>
    /// <param name="storeId">The store of the topic (the store id of envelopes made for bare records), or null.</param>
    /// <param name="options">Unrecognised-message handling, or null for the defaults.</param>
    /// <returns>The stream; it owns the bus subscription.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pubSub"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is null or empty.</exception>
    public CategoryStream<TEvent> Stream(IPubSub pubSub, string topic, string? storeId, CategorySubscriptionOptions? options)
    {
        if (pubSub is null)
        {
            throw new ArgumentNullException(nameof(pubSub));
        }

        return new CategoryStream<TEvent>(pubSub.Subscribe(topic), Category, message =>
        {
            IEventEnvelope? evt = Read(message, storeId, out string? reason);
            return (evt, reason);
        }, options ?? new CategorySubscriptionOptions());
    }

    /// <summary>Builds the envelope of a bare record of the category, as the catalog's <c>BuildEvent</c> does.</summary>
    /// <param name="data">A record of the category.</param>
    /// <param name="storeId">The store id of the envelope, or null.</param>
    /// <returns>The envelope (an <see cref="EventEnvelope{T}"/> of the record's own type), or null when <paramref name="data"/> is not a current record of the category.</returns>
    protected abstract IEventEnvelope? Envelop(TEvent data, string? storeId);

    /// <summary>Calls the handler's overload for <paramref name="evt"/>.</summary>
    /// <param name="handler">The handler.</param>
    /// <param name="evt">An envelope whose data is a record of the category.</param>
    /// <param name="cancellationToken">The token passed to the handler.</param>
    /// <param name="handled">The handler's task, or default when the result is false.</param>
    /// <returns>False when <paramref name="evt"/> is not an <see cref="EventEnvelope{T}"/> of one of the category's records.</returns>
    protected abstract bool TryDispatch(THandler handler, IEventEnvelope evt, CancellationToken cancellationToken, out ValueTask handled);

    /// <summary>
    /// Turns a message from the topic into an envelope of the category, or says why it is not one.
    /// </summary>
    internal IEventEnvelope? Read(object message, string? storeId, out string? reason)
    {
        reason = null;
        if (message is IEventPayload payload)
        {
            if (!string.Equals(payload.Wrapper, Wrapper, StringComparison.Ordinal))
            {
                reason = $"payload wrapper '{payload.Wrapper}' is not the wrapper '{Wrapper}' of category '{Category}'";
                return null;
            }

            if (payload.Event is not { } wrapped)
            {
                reason = "the payload holds no event";
                return null;
            }

            message = wrapped;
        }

        if (message is IEventEnvelope envelope)
        {
            if (envelope.Data is not TEvent data)
            {
                reason = envelope.Data is ICatalogEvent other
                    ? $"event '{other.EventType}' belongs to category '{other.Category}', not '{Category}'"
                    : $"the envelope's data ({TypeOf(envelope.Data)}) is not an event of category '{Category}'";
                return null;
            }

            if (!string.Equals(envelope.EventType, data.EventType, StringComparison.Ordinal))
            {
                reason = $"the envelope says event type '{envelope.EventType}' but holds a '{data.EventType}'";
                return null;
            }

            return envelope;
        }

        if (message is TEvent record)
        {
            IEventEnvelope? built = Envelop(record, storeId);
            if (built is null)
            {
                reason = $"{record.GetType().Name} is not a current record of category '{Category}'";
            }

            return built;
        }

        reason = message is ICatalogEvent foreign
            ? $"event '{foreign.EventType}' belongs to category '{foreign.Category}', not '{Category}'"
            : $"{TypeOf(message)} is not an event, envelope or payload of category '{Category}'";
        return null;
    }

    private static string TypeOf(object? value) => value is null ? "null" : value.GetType().ToString();

    /// <summary>The dispatcher with its handler and store: what a <see cref="CategorySubscription"/> runs.</summary>
    private sealed class BoundHandler : IBoundHandler
    {
        private readonly CategoryDispatcher<THandler, TEvent> _dispatcher;
        private readonly THandler _handler;
        private readonly string? _storeId;

        public BoundHandler(CategoryDispatcher<THandler, TEvent> dispatcher, THandler handler, string? storeId)
        {
            _dispatcher = dispatcher;
            _handler = handler;
            _storeId = storeId;
            HandlerName = handler.GetType().FullName ?? handler.GetType().Name;
        }

        public string Category => _dispatcher.Category;

        public string HandlerName { get; }

        public IEventEnvelope? Read(object message, out string? reason) => _dispatcher.Read(message, _storeId, out reason);

        public bool TryDispatch(IEventEnvelope evt, CancellationToken cancellationToken, out ValueTask handled) =>
            _dispatcher.TryDispatch(_handler, evt, cancellationToken, out handled);
    }
}

/// <summary>A category's dispatch bound to a handler and a store, without its type parameters.</summary>
internal interface IBoundHandler
{
    string Category { get; }

    string HandlerName { get; }

    IEventEnvelope? Read(object message, out string? reason);

    bool TryDispatch(IEventEnvelope evt, CancellationToken cancellationToken, out ValueTask handled);
}
