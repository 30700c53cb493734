namespace EventCatalog;

/// <summary>
/// The names a host gives OpenTelemetry to collect EventCatalog's spans and metrics (<c>docs/tracing.md</c>):
/// <c>tracing.AddSource(EventCatalogTelemetry.ActivitySourceName)</c> and <c>metrics.AddMeter(...)</c> with the meter names below
/// and each transport's own (<c>RedisPubSub.MeterName</c>).
/// </summary>
public static class EventCatalogTelemetry
{
    /// <summary>
    /// The <see cref="System.Diagnostics.ActivitySource"/> of every bus's spans (SPEC §12): <c>EventCatalog</c>. A publish is a PRODUCER span
    /// (<c>send {topic template}</c>) whose context goes on the wire as <c>traceparent</c>; each delivery on a node is a CONSUMER span
    /// (<c>process {topic template}</c>), a child of that context with a link to it. Nothing is created when nothing listens.
    /// </summary>
    public const string ActivitySourceName = Contract.CatalogContract.ActivitySourceName;

    /// <summary>
    /// The <see cref="System.Diagnostics.Metrics.Meter"/> of the codecs: <c>EventCatalog.Codecs</c>, with the counter
    /// <c>eventcatalog.codec.trace_context.ignored</c> (<c>{attribute}</c>; tag <c>cloudevents.attribute</c>: <c>traceparent</c> or <c>tracestate</c>),
    /// the trace attributes a read dropped for bad syntax (<see cref="EventReadResult.TraceContextProblem"/>).
    /// </summary>
    public const string CodecMeterName = "EventCatalog.Codecs";

    /// <summary>
    /// The <see cref="System.Diagnostics.Metrics.Meter"/> of <see cref="InMemoryPubSub"/>: <c>EventCatalog.PubSub.InMemory</c>, with OpenTelemetry's messaging
    /// metrics <c>messaging.client.sent.messages</c>, <c>messaging.client.consumed.messages</c> (<c>{message}</c>), <c>messaging.client.operation.duration</c> and
    /// <c>messaging.process.duration</c> (<c>s</c>). Every node bus has the same four on <c>EventCatalog.PubSub.</c> + its engine (<c>EventCatalog.PubSub.Redis</c>,
    /// <c>EventCatalog.PubSub.Nats</c>), beside the node counters on <see cref="PubSub.NodePubSub.MeterName"/>; <c>AddMeter("EventCatalog.*")</c> takes them all.
    /// </summary>
    public const string InMemoryMeterName = "EventCatalog.PubSub.InMemory";
}
