namespace EventCatalog;

/// <summary>
/// An event type generated from a catalog. Both members return wire names
/// (lower snake_case), exactly as they appear in the catalog YAML.
/// </summary>
public interface ICatalogEvent
{
    /// <summary>The event type's wire name, e.g. <c>cluster_joined</c>.</summary>
    string EventType { get; }

    /// <summary>The wire name of the category the event belongs to, e.g. <c>cluster</c>.</summary>
    string Category { get; }
}
