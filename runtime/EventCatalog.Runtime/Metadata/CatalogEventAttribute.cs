using System;

namespace EventCatalog.Metadata;

/// <summary>Records, on a generated event record, the catalog, category and event type it belongs to.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class CatalogEventAttribute : Attribute
{
    /// <summary>Records the event's catalog class, category and event type.</summary>
    public CatalogEventAttribute(Type catalog, string category, string eventType)
    {
        Catalog = catalog;
        Category = category;
        EventType = eventType;
    }

    /// <summary>The generated catalog class the event belongs to.</summary>
    public Type Catalog { get; }

    /// <summary>The category's wire name.</summary>
    public string Category { get; }

    /// <summary>The event type's wire name.</summary>
    public string EventType { get; }
}
