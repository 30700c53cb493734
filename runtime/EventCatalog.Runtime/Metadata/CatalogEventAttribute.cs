using System;
using System.ComponentModel;

namespace EventCatalog.Metadata;

/// <summary>Records, on a generated event record, the catalog, category and event type it belongs to.</summary>
/// <remarks>Written by the generator and read by the analyzers by its metadata name; hidden from IntelliSense.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class CatalogEventAttribute : Attribute
{
    /// <summary>Records the event's catalog class, category and event type.</summary>
    /// <param name="catalog">The generated catalog class.</param>
    /// <param name="category">The category's wire name, e.g. <c>cluster</c>.</param>
    /// <param name="eventType">The event type's wire name, e.g. <c>cluster_joined</c>.</param>
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
