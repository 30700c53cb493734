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
    object? IEventEnvelope.Data => Data;

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
