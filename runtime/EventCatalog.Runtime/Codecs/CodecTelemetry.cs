using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace EventCatalog.Codecs;

/// <summary>The codecs' meter (<see cref="EventCatalogTelemetry.CodecMeterName"/>) and its counter of ignored trace attributes.</summary>
internal static class CodecTelemetry
{
    private static readonly Meter s_meter = new(EventCatalogTelemetry.CodecMeterName, "0.1.0");

    private static readonly Counter<long> s_ignored = s_meter.CreateCounter<long>(
        "eventcatalog.codec.trace_context.ignored", "{attribute}", "traceparent and tracestate attributes a read ignored because they were not W3C Trace Context syntax.");

    /// <summary>Counts one ignored attribute.</summary>
    /// <param name="attribute"><see cref="CloudEventNames.TraceParentExtension"/> or <see cref="CloudEventNames.TraceStateExtension"/>.</param>
    public static void Ignored(string attribute) => s_ignored.Add(1, new KeyValuePair<string, object?>("cloudevents.attribute", attribute));
}
