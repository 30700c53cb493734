using System;
using System.Collections.Generic;

namespace EventCatalog;

/// <summary>An <see cref="EventEnvelope{T}"/> seen without its data type: what a subscriber of <c>object</c> messages can inspect.</summary>
public interface IEventEnvelope
{
    /// <summary>The event id: 32 lowercase hex characters (see <see cref="EventIds"/>) for events built here; as read (any non-empty string) for another CloudEvents producer's frame.</summary>
    string EventId { get; }

    /// <summary>The event type's wire name.</summary>
    string EventType { get; }

    /// <summary>The store id, or null.</summary>
    string? StoreId { get; }

    /// <summary>The node that built the event.</summary>
    string Node { get; }

    /// <summary>When the event was built (UTC here; the frame's offset when read); <see cref="DateTimeOffset.MinValue"/> when read from a frame without <c>time</c>.</summary>
    DateTimeOffset Timestamp { get; }

    /// <summary>The event's data.</summary>
    object? Data { get; }

    /// <summary>
    /// The W3C Trace Context <c>traceparent</c> of the event's creation (the CloudEvents distributed-tracing extension,
    /// <see cref="CloudEventNames.TraceParentExtension"/>): set on events read from a frame that carried a well-formed one,
    /// or by the publisher; null otherwise. When null, the codec writes the current <see cref="System.Diagnostics.Activity"/>'s.
    /// </summary>
    string? TraceParent { get; }

    /// <summary>The W3C Trace Context <c>tracestate</c> that goes with <see cref="TraceParent"/> (<see cref="CloudEventNames.TraceStateExtension"/>), or null.</summary>
    string? TraceState { get; }

    /// <summary>The seed's event map: <c>event_id</c>, <c>event_type</c>, <c>store_id</c>, <c>node</c>, <c>timestamp</c>, <c>data</c>.</summary>
    /// <returns>A new dictionary with ordinal keys, the six keys above, and the values as they are (no formatting).</returns>
    IReadOnlyDictionary<string, object?> ToMap();
}
