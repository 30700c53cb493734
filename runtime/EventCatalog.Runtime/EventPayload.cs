namespace EventCatalog;

/// <summary>
/// A wrapped event as ExESDB.Events <c>build_payload/4</c> returns it: the seed's
/// <c>{:cluster_event, event}</c> tuple.
/// </summary>
/// <typeparam name="T">The type of the wrapped event's data.</typeparam>
/// <param name="Wrapper">The wrapper's wire name, e.g. <c>cluster_event</c>.</param>
/// <param name="Event">The wrapped event.</param>
public sealed record EventPayload<T>(string Wrapper, EventEnvelope<T> Event) : IEventPayload
{
    IEventEnvelope IEventPayload.Event => Event;
}
