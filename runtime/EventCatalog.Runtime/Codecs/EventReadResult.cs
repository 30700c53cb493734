namespace EventCatalog;

/// <summary>The outcome of <see cref="IEventCodec.Read"/>: a status, the event when it is <see cref="EventReadStatus.Ok"/>, and otherwise what is wrong and where.</summary>
public sealed class EventReadResult
{
    private EventReadResult(EventReadStatus status, IEventEnvelope? envelope, string? wrapper, string? eventType, string? error, IEventPayload? payload = null)
    {
        Status = status;
        Envelope = envelope;
        Payload = payload;
        Wrapper = wrapper;
        EventType = eventType;
        Error = error;
    }

    /// <summary>What the codec made of the frame.</summary>
    public EventReadStatus Status { get; }

    /// <summary>The event, set when <see cref="Status"/> is <see cref="EventReadStatus.Ok"/>; else null.</summary>
    public IEventEnvelope? Envelope { get; }

    /// <summary>The payload (<see cref="Envelope"/> with <see cref="Wrapper"/>), set when the frame was <see cref="EventReadStatus.Ok"/> and carried a wrapper; else null.</summary>
    public IEventPayload? Payload { get; }

    /// <summary>The payload wrapper the frame carried (written from an <see cref="IEventPayload"/>), or null for a bare envelope.</summary>
    public string? Wrapper { get; }

    /// <summary>The catalog event type the frame named, when it could be read (also for <see cref="EventReadStatus.UnknownType"/> and <see cref="EventReadStatus.UnknownVersion"/>); else null.</summary>
    public string? EventType { get; }

    /// <summary>For any status but <see cref="EventReadStatus.Ok"/>: the JSON path and the problem, e.g. <c>$.data.event_count: expected a number, found a string</c>.</summary>
    public string? Error { get; }

    /// <summary>
    /// For an <see cref="EventReadStatus.Ok"/> read: the JSON path and the problem of a <c>traceparent</c> or <c>tracestate</c> attribute that
    /// was not W3C Trace Context syntax (or not a string, or given twice) and so was ignored, e.g.
    /// <c>$.traceparent: ignored: the trace id is all zeros</c>; null when there was none. The event itself is read as if the attribute were absent.
    /// Each ignored attribute is also counted on the meter <see cref="EventCatalogTelemetry.CodecMeterName"/>.
    /// </summary>
    public string? TraceContextProblem { get; private set; }

    /// <summary>True when <see cref="Status"/> is <see cref="EventReadStatus.Ok"/>.</summary>
    public bool IsOk => Status == EventReadStatus.Ok;

    /// <summary>A successful read.</summary>
    /// <param name="envelope">The event read.</param>
    /// <param name="wrapper">The payload wrapper the frame carried, or null.</param>
    /// <returns>A result with <see cref="EventReadStatus.Ok"/>.</returns>
    /// <exception cref="System.ArgumentNullException"><paramref name="envelope"/> is null.</exception>
    public static EventReadResult Ok(IEventEnvelope envelope, string? wrapper = null) =>
        new(EventReadStatus.Ok, envelope ?? throw new System.ArgumentNullException(nameof(envelope)), wrapper, envelope.EventType, null);

    /// <summary>A successful read of a frame written from a payload.</summary>
    /// <param name="payload">The payload read.</param>
    /// <returns>A result with <see cref="EventReadStatus.Ok"/>, its envelope, wrapper and payload set.</returns>
    /// <exception cref="System.ArgumentNullException"><paramref name="payload"/> or its event is null.</exception>
    public static EventReadResult Ok(IEventPayload payload)
    {
        if (payload?.Event is null)
        {
            throw new System.ArgumentNullException(nameof(payload));
        }

        return new(EventReadStatus.Ok, payload.Event, payload.Wrapper, payload.Event.EventType, null, payload);
    }

    /// <summary>This result with <see cref="TraceContextProblem"/> set (the result is new and not yet shared).</summary>
    internal EventReadResult WithTraceContextProblem(string problem)
    {
        TraceContextProblem = problem;
        return this;
    }

    /// <summary>A failed read.</summary>
    /// <param name="status">Any status but <see cref="EventReadStatus.Ok"/>.</param>
    /// <param name="error">The JSON path and the problem.</param>
    /// <param name="eventType">The event type the frame named, if it could be read.</param>
    /// <returns>A result without an envelope.</returns>
    /// <exception cref="System.ArgumentException"><paramref name="status"/> is <see cref="EventReadStatus.Ok"/>.</exception>
    /// <exception cref="System.ArgumentNullException"><paramref name="error"/> is null.</exception>
    public static EventReadResult Failed(EventReadStatus status, string error, string? eventType = null)
    {
        if (status == EventReadStatus.Ok)
        {
            throw new System.ArgumentException("A failed read needs a status other than Ok.", nameof(status));
        }

        return new EventReadResult(status, null, null, eventType, error ?? throw new System.ArgumentNullException(nameof(error)));
    }

    /// <summary>The status and the event type (when <see cref="EventReadStatus.Ok"/>) or the error.</summary>
    /// <returns><c>Ok: cluster_joined</c>, or e.g. <c>Malformed: $.data.event_count: expected a number, found a string</c>.</returns>
    public override string ToString() => Status == EventReadStatus.Ok ? $"Ok: {EventType}" : $"{Status}: {Error}";
}
