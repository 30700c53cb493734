using System;

namespace EventCatalog.Metadata;

/// <summary>
/// Lists, on an assembly, a catalog class generated into it, so that analyzers find every catalog of a
/// compilation and of its references by reading assembly attributes instead of walking every type.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class EventCatalogTypeAttribute : Attribute
{
    /// <summary>Records <paramref name="catalog"/>.</summary>
    public EventCatalogTypeAttribute(Type catalog) => Catalog = catalog;

    /// <summary>The generated catalog class.</summary>
    public Type Catalog { get; }
}
