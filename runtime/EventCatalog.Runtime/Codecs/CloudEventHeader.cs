using System;

namespace EventCatalog.Codecs;

/// <summary>The envelope attributes of a frame being read, checked, for the generated code that reads its <c>data</c> and builds the typed envelope.</summary>
/// <remarks>Generated code uses it; it is hidden from IntelliSense.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public readonly struct CloudEventHeader
{
    internal CloudEventHeader(string eventId, string eventType, string? storeId, string node, DateTimeOffset time, string? wrapper, int dataVersion, string? traceParent = null, string? traceState = null, string? traceContextProblem = null)
    {
        TraceParent = traceParent;
        TraceState = traceState;
        TraceContextProblem = traceContextProblem;
        DataVersion = dataVersion;
        EventId = eventId;
        EventType = eventType;
        StoreId = storeId;
        Node = node;
        Time = time;
        Wrapper = wrapper;
    }

    /// <summary>The <c>id</c>: 32 lowercase hex characters from this codec's writers; any non-empty string from other CloudEvents producers, as read.</summary>
    public string EventId { get; }

    /// <summary>The catalog event type (the <c>type</c> without the catalog's prefix).</summary>
    public string EventType { get; }

    /// <summary>The <c>storeid</c> extension, or null.</summary>
    public string? StoreId { get; }

    /// <summary>The node read from <c>source</c>.</summary>
    public string Node { get; }

    /// <summary>The <c>time</c>, with the offset it was written with, truncated to 100 ns; <see cref="DateTimeOffset.MinValue"/> when the frame had none.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The <c>wrapper</c> extension, or null for a bare envelope.</summary>
    public string? Wrapper { get; }

    /// <summary>
    /// The version of the event's data the frame carries (the <c>dataversion</c> extension, <see cref="CloudEventNames.DataVersionExtension"/>):
    /// 1 when absent, else from 1 to the event's current version (a later one is <see cref="EventReadStatus.UnknownVersion"/> before the data is read).
    /// Generated code reads <c>data</c> into the record of this version and upcasts it to the current record.
    /// </summary>
    public int DataVersion { get; }

    /// <summary>The well-formed <c>traceparent</c> the frame carried, or null.</summary>
    public string? TraceParent { get; }

    /// <summary>The well-formed <c>tracestate</c> the frame carried beside a well-formed <c>traceparent</c>, or null.</summary>
    public string? TraceState { get; }

    /// <summary>What was wrong with a <c>traceparent</c> or <c>tracestate</c> the read ignored, or null.</summary>
    internal string? TraceContextProblem { get; }

    /// <summary>A successful read of <paramref name="data"/>: the envelope, and the payload when the frame carried a wrapper.</summary>
    /// <typeparam name="T">The event record's type.</typeparam>
    /// <param name="data">The event's data, read.</param>
    /// <returns>An <see cref="EventReadStatus.Ok"/> result with an <see cref="EventEnvelope{T}"/> (and an <see cref="EventPayload{T}"/> when wrapped).</returns>
    public EventReadResult Ok<T>(T data)
        where T : ICatalogEvent
    {
        EventEnvelope<T> envelope = TraceParent is null
            ? new EventEnvelope<T>(EventId, EventType, StoreId, Node, Time, data)
            : new EventEnvelope<T>(EventId, EventType, StoreId, Node, Time, data, TraceParent, TraceState);
        EventReadResult result = Wrapper is null ? EventReadResult.Ok(envelope) : EventReadResult.Ok(new EventPayload<T>(Wrapper, envelope));
        return TraceContextProblem is null ? result : result.WithTraceContextProblem(TraceContextProblem);
    }
}
