using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using EventCatalog;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ExESDB.ControlPlane;

/// <summary>
/// <c>--trace</c> for the cluster demo: each node process runs a real OpenTelemetry tracer provider on EventCatalog's
/// <see cref="ActivitySource"/> (<see cref="EventCatalogTelemetry.ActivitySourceName"/>) with the in-memory exporter, and
/// reports its spans to the parent in one protocol line (<see cref="Prefix"/>, JSON) before its result. The parent then
/// prints the trace of one event across the nodes: the first event node 1 published, its PRODUCER span on node 1, the
/// CONSUMER span of its delivery on every node and, under each, the CONSUMER span of the handler that received it, with their
/// parents, links and messaging attributes, and checks that they share one trace id.
/// </summary>
internal static class ClusterTrace
{
    public const string Prefix = ClusterProtocol.Prefix + "TRACE ";

    /// <summary>At most this many spans per node go to the parent (a large <c>--events</c> would make one huge line).</summary>
    private const int MaxSpans = 20_000;

    private static readonly string[] s_shownTags =
    {
        "messaging.system", "messaging.operation.name", "messaging.operation.type", "messaging.destination.name",
        "messaging.destination.template", "messaging.message.id", "messaging.client.id", "cloudevents.event_type", Handler,
    };

    /// <summary>The attribute of a handler dispatch's CONSUMER span (the handler's type); a delivery span has none.</summary>
    private const string Handler = "eventcatalog.handler";

    /// <summary>A node's tracer provider: EventCatalog's spans, all sampled, into <paramref name="exported"/>.</summary>
    public static TracerProvider Start(string node, ICollection<Activity> exported) =>
        Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("ExESDB.ControlPlane", serviceInstanceId: node))
            .AddSource(EventCatalogTelemetry.ActivitySourceName)
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(exported)
            .Build();

    /// <summary>The protocol line with the node's exported spans (after a flush of <paramref name="tracing"/>).</summary>
    public static string Format(string node, TracerProvider tracing, Spans exported)
    {
        tracing.ForceFlush();
        var spans = exported.Snapshot().Take(MaxSpans).Select(a => new SpanRecord(
            node,
            a.TraceId.ToHexString(),
            a.SpanId.ToHexString(),
            a.ParentSpanId == default ? null : a.ParentSpanId.ToHexString(),
            a.Kind.ToString().ToUpperInvariant(),
            a.DisplayName,
            a.StartTimeUtc.Ticks,
            a.Duration.TotalMilliseconds,
            a.Links.Select(l => l.Context.TraceId.ToHexString() + "-" + l.Context.SpanId.ToHexString()).ToArray(),
            a.TagObjects.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => Convert.ToString(t.Value, CultureInfo.InvariantCulture)!, StringComparer.Ordinal))).ToArray();
        return Prefix + JsonSerializer.Serialize(spans, TraceJson.Default.SpanRecordArray);
    }

    /// <summary>Reads a node's protocol line; null when it is not one.</summary>
    public static SpanRecord[]? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line.Substring(Prefix.Length), TraceJson.Default.SpanRecordArray);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Prints the trace of the first event <paramref name="origin"/> published, as every node saw it; returns a failure, or null when it is one trace across the nodes.</summary>
    public static string? Report(string origin, IReadOnlyList<(string Node, SpanRecord[]? Spans)> nodes, Action<string> write)
    {
        write(string.Empty);
        write($"Trace of one event across the cluster (OpenTelemetry, ActivitySource \"{EventCatalogTelemetry.ActivitySourceName}\", in-memory exporter in each node process):");
        string[] silent = nodes.Where(n => n.Spans is null).Select(n => n.Node).ToArray();
        if (silent.Length > 0)
        {
            return Fail(write, "no spans reported by " + string.Join(", ", silent));
        }

        SpanRecord[] all = nodes.SelectMany(n => n.Spans!).ToArray();
        SpanRecord? producer = all.Where(s => s.Node == origin && s.Kind == "PRODUCER").OrderBy(s => s.StartTicks).FirstOrDefault();
        if (producer is null)
        {
            return Fail(write, $"{origin} recorded no PRODUCER span");
        }

        string messageId = producer.Tags.GetValueOrDefault("messaging.message.id") ?? "?";
        SpanRecord[] consumers = all.Where(s => s.Kind == "CONSUMER" && s.Tags.GetValueOrDefault("messaging.message.id") == messageId)
            .OrderBy(s => s.Node == origin ? 0 : 1).ThenBy(s => s.Node, StringComparer.Ordinal).ThenBy(s => s.Tags.ContainsKey(Handler) ? 1 : 0).ToArray();
        write($"event {messageId} ({producer.Tags.GetValueOrDefault("cloudevents.event_type")}) published by {origin} on {producer.Tags.GetValueOrDefault("messaging.destination.name")}, trace {producer.TraceId}");
        foreach (SpanRecord span in consumers.Prepend(producer))
        {
            string relation = span.ParentSpanId is null ? "root" : "parent " + span.ParentSpanId;
            if (span.Links.Length > 0)
            {
                relation += ", link " + string.Join(" ", span.Links);
            }

            string where = span.Tags.GetValueOrDefault(Handler) is { } handler ? $" (handler {handler})"
                : span.Node == origin && span.Kind == "CONSUMER" ? " (local subscribers)" : string.Empty;
            write($"  {span.Node,-18} {span.Kind,-8} {span.Name,-26} trace {span.TraceId} span {span.SpanId} {relation}{where}");
            write("      " + string.Join(" ", s_shownTags.Where(span.Tags.ContainsKey).Select(t => t + "=" + span.Tags[t])));
        }

        string[] receivers = nodes.Select(n => n.Node).Where(n => n != origin).ToArray();
        var problems = new List<string>();
        foreach ((string node, _) in nodes)
        {
            // Each node: its delivery (on a receiver, a child of the PRODUCER span), and under it the handler's dispatch.
            SpanRecord? delivery = consumers.FirstOrDefault(s => s.Node == node && !s.Tags.ContainsKey(Handler));
            if (delivery is null)
            {
                problems.Add($"{node} recorded no CONSUMER span for the event");
                continue;
            }

            if (node != origin && (delivery.TraceId != producer.TraceId || delivery.ParentSpanId != producer.SpanId))
            {
                problems.Add($"{node}'s CONSUMER span is not a child of the PRODUCER span (trace {delivery.TraceId}, parent {delivery.ParentSpanId})");
            }

            SpanRecord? handled = consumers.FirstOrDefault(s => s.Node == node && s.Tags.ContainsKey(Handler));
            if (handled is null || handled.TraceId != producer.TraceId || handled.ParentSpanId != delivery.SpanId)
            {
                problems.Add(handled is null ? $"{node} recorded no handler span for the event" : $"{node}'s handler span is not a child of its delivery span (trace {handled.TraceId}, parent {handled.ParentSpanId})");
            }
        }

        if (problems.Count > 0)
        {
            return Fail(write, string.Join("; ", problems));
        }

        write(receivers.Length == 0
            ? $"OK: trace {producer.TraceId}: a PRODUCER span on {origin}; no other node to receive it."
            : $"OK: one trace id {producer.TraceId} across {nodes.Count} nodes: a PRODUCER span on {origin}, a CONSUMER span (its child, linked to it) on {string.Join(" and ", receivers)}, and on every node the handler's CONSUMER span under the delivery.");
        return null;
    }

    /// <summary>The exporter's collection: it adds as spans end while the node reads a snapshot at the end, so every access locks.</summary>
    internal sealed class Spans : ICollection<Activity>
    {
        private readonly List<Activity> _items = new();

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public Activity[] Snapshot()
        {
            lock (_items)
            {
                return _items.ToArray();
            }
        }

        public void Add(Activity item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public bool Contains(Activity item)
        {
            lock (_items)
            {
                return _items.Contains(item);
            }
        }

        public void CopyTo(Activity[] array, int arrayIndex)
        {
            lock (_items)
            {
                _items.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(Activity item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)Snapshot()).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static string Fail(Action<string> write, string problem)
    {
        write("FAILED: trace: " + problem + ".");
        return "trace: " + problem;
    }
}

/// <summary>One span as a node reports it to the parent.</summary>
internal sealed record SpanRecord(
    string Node, string TraceId, string SpanId, string? ParentSpanId, string Kind, string Name, long StartTicks, double DurationMs, string[] Links, Dictionary<string, string> Tags);

/// <summary>The trace line's JSON, by System.Text.Json's source generator (trim- and AOT-clean, as the rest of the sample).</summary>
[JsonSerializable(typeof(SpanRecord[]))]
internal sealed partial class TraceJson : JsonSerializerContext
{
}
