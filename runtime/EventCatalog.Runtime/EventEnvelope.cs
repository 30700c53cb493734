using System;
using System.Collections.Generic;

namespace EventCatalog;

/// <summary>
/// The standard event map of ExESDB.Events <c>build_event/3</c>: common fields around the event's data.
/// </summary>
/// <typeparam name="T">The type of the event-specific data: a generated event record for catalog events.</typeparam>
/// <param name="EventId">32 lowercase hex characters from 16 cryptographically random bytes (<see cref="EventIds.NewId"/>); as read when the codec read another CloudEvents producer's frame (any non-empty string).</param>
/// <param name="EventType">The event type's wire name.</param>
/// <param name="StoreId">The store the event is about, or <see langword="null"/>.</param>
/// <param name="Node">The node that built the event (<see cref="EventNode.Current"/>).</param>
/// <param name="Timestamp">When the event was built, in UTC; as read from a frame (its offset kept, truncated to 100 ns), or <see cref="DateTimeOffset.MinValue"/> when the frame had no <c>time</c>.</param>
/// <param name="Data">The event-specific data.</param>
public sealed record EventEnvelope<T>(string EventId, string EventType, string? StoreId, string Node, DateTimeOffset Timestamp, T Data) : IEventEnvelope
{
    // One field for both: an envelope without a trace context costs one null reference more than before tracing, not two.
    private readonly TraceContextText? _trace;

    /// <summary>An envelope with the trace context a frame carried, already checked by the reader.</summary>
    internal EventEnvelope(string eventId, string eventType, string? storeId, string node, DateTimeOffset timestamp, T data, string? traceParent, string? traceState)
        : this(eventId, eventType, storeId, node, timestamp, data)
    {
        _trace = traceParent is null && traceState is null ? null : new TraceContextText(traceParent, traceState);
    }

    object? IEventEnvelope.Data => Data;

    /// <summary>
    /// The W3C Trace Context <c>traceparent</c> of the event's creation (<c>00-&lt;32 hex trace id&gt;-&lt;16 hex parent id&gt;-&lt;2 hex flags&gt;</c>),
    /// carried as the CloudEvents distributed-tracing extension <see cref="CloudEventNames.TraceParentExtension"/>; null when the event carries none.
    /// Set by the codec on read; a publisher may set it (<c>envelope with { TraceParent = ... }</c>) to keep a creation context that is not the current
    /// <see cref="System.Diagnostics.Activity"/>. Not part of <see cref="ToMap"/> (the seed's map has no such key).
    /// </summary>
    /// <exception cref="ArgumentException">On init: the value is not W3C <c>traceparent</c> syntax (lower-case hex, version not <c>ff</c>, ids not all zeros).</exception>
    public string? TraceParent
    {
        get => _trace?.TraceParent;
        init
        {
            TraceContextRules.ThrowIfInvalidTraceParent(value, nameof(TraceParent));
            _trace = value is null && _trace?.TraceState is null ? null : new TraceContextText(value, _trace?.TraceState);
        }
    }

    /// <summary>
    /// The W3C Trace Context <c>tracestate</c> that goes with <see cref="TraceParent"/> (vendor <c>key=value</c> list-members, at most 32 and 512 characters),
    /// carried as <see cref="CloudEventNames.TraceStateExtension"/>; null when the event carries none. Written only when <see cref="TraceParent"/> is set.
    /// </summary>
    /// <exception cref="ArgumentException">On init: the value is not W3C <c>tracestate</c> syntax.</exception>
    public string? TraceState
    {
        get => _trace?.TraceState;
        init
        {
            TraceContextRules.ThrowIfInvalidTraceState(value, nameof(TraceState));
            _trace = value is null && _trace?.TraceParent is null ? null : new TraceContextText(_trace?.TraceParent, value);
        }
    }

    /// <summary>The seed's event map: <c>event_id</c>, <c>event_type</c>, <c>store_id</c>, <c>node</c>, <c>timestamp</c>, <c>data</c>.</summary>
    /// <returns>A new dictionary with ordinal keys; <c>timestamp</c> is the <see cref="DateTimeOffset"/> itself and <c>data</c> the data object itself.</returns>
    public IReadOnlyDictionary<string, object?> ToMap() => new Dictionary<string, object?>(6, StringComparer.Ordinal)
    {
        ["event_id"] = EventId,
        ["event_type"] = EventType,
        ["store_id"] = StoreId,
        ["node"] = Node,
        ["timestamp"] = Timestamp,
        ["data"] = Data,
    };
}
