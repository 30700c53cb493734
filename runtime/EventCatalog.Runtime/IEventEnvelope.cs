using System;
using System.Collections.Generic;

namespace EventCatalog;

/// <summary>An <see cref="EventEnvelope{T}"/> seen without its data type: what a subscriber of <c>object</c> messages can inspect.</summary>
public interface IEventEnvelope
{
    /// <summary>32 lowercase hex characters.</summary>
    string EventId { get; }

    /// <summary>The event type's wire name.</summary>
    string EventType { get; }

    /// <summary>The store id, or null.</summary>
    string? StoreId { get; }

    /// <summary>The node that built the event.</summary>
    string Node { get; }

    /// <summary>When the event was built, in UTC.</summary>
    DateTimeOffset Timestamp { get; }

    /// <summary>The event's data.</summary>
    object? Data { get; }

    /// <summary>The seed's event map: <c>event_id</c>, <c>event_type</c>, <c>store_id</c>, <c>node</c>, <c>timestamp</c>, <c>data</c>.</summary>
    IReadOnlyDictionary<string, object?> ToMap();
}

/// <summary>An <see cref="EventPayload{T}"/> seen without its data type.</summary>
public interface IEventPayload
{
    /// <summary>The wrapper's wire name, e.g. <c>cluster_event</c>.</summary>
    string Wrapper { get; }

    /// <summary>The wrapped event.</summary>
    IEventEnvelope Event { get; }
}

/// <summary>Something that can list the problems with its own data (generated event records do).</summary>
public interface IValidatable
{
    /// <summary>The problems found; empty when valid.</summary>
    IReadOnlyList<string> Validate();
}
