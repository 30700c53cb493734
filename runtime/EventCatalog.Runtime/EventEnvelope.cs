using System;
using System.Collections.Generic;

namespace EventCatalog;

/// <summary>
/// The standard event map of ExESDB.Events <c>build_event/3</c>: common fields around the event's data.
/// </summary>
/// <param name="EventId">32 lowercase hex characters from 16 cryptographically random bytes.</param>
/// <param name="EventType">The event type's wire name.</param>
/// <param name="StoreId">The store the event is about, or <see langword="null"/>.</param>
/// <param name="Node">The node that built the event (<see cref="EventNode.Current"/>).</param>
/// <param name="Timestamp">When the event was built, in UTC.</param>
/// <param name="Data">The event-specific data.</param>
public sealed record EventEnvelope<T>(string EventId, string EventType, string? StoreId, string Node, DateTimeOffset Timestamp, T Data) : IEventEnvelope
{
    object? IEventEnvelope.Data => Data;

    /// <inheritdoc/>
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
