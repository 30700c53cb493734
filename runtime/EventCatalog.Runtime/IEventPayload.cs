namespace EventCatalog;

/// <summary>An <see cref="EventPayload{T}"/> seen without its data type.</summary>
public interface IEventPayload
{
    /// <summary>The wrapper's wire name, e.g. <c>cluster_event</c>.</summary>
    string Wrapper { get; }

    /// <summary>The wrapped event.</summary>
    IEventEnvelope Event { get; }
}
