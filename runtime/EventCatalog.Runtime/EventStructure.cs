using System.Collections.Generic;

namespace EventCatalog;

/// <summary>The seed's <c>valid_event_structure?/1</c>: the checks behind every catalog's <c>IsValidEventStructure</c>.</summary>
public static class EventStructure
{
    /// <summary>The keys a serialized event map must hold (as the seed).</summary>
    public static IReadOnlyList<string> RequiredKeys { get; } = new[] { "event_id", "event_type", "node", "timestamp" };

    /// <summary>
    /// True for a map that holds all of <c>event_id</c>, <c>event_type</c>, <c>node</c> and <c>timestamp</c>
    /// (the values are not inspected, as in the seed); false for null or anything else.
    /// </summary>
    public static bool IsValid(IReadOnlyDictionary<string, object?>? eventMap) =>
        eventMap is not null
        && eventMap.ContainsKey("event_id")
        && eventMap.ContainsKey("event_type")
        && eventMap.ContainsKey("node")
        && eventMap.ContainsKey("timestamp");

    /// <summary>
    /// True for an envelope whose common fields are all present: an event id, an event type,
    /// a node, a timestamp that was set, and data.
    /// </summary>
    public static bool IsValid<T>(EventEnvelope<T>? envelope) =>
        envelope is not null
        && !string.IsNullOrEmpty(envelope.EventId)
        && !string.IsNullOrEmpty(envelope.EventType)
        && !string.IsNullOrEmpty(envelope.Node)
        && envelope.Timestamp != default
        && envelope.Data is not null;
}
