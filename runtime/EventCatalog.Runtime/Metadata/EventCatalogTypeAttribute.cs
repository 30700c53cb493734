using System;
using System.ComponentModel;

namespace EventCatalog.Metadata;

/// <summary>
/// Lists, on an assembly, a catalog class generated into it, so that analyzers find every catalog of a
/// compilation and of its references by reading assembly attributes instead of walking every type.
/// </summary>
/// <remarks>Written by the generator and read by the analyzers by its metadata name; hidden from IntelliSense.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class EventCatalogTypeAttribute : Attribute
{
    /// <summary>Records <paramref name="catalog"/>.</summary>
    /// <param name="catalog">The generated catalog class.</param>
    public EventCatalogTypeAttribute(Type catalog) => Catalog = catalog;

    /// <summary>The generated catalog class.</summary>
    public Type Catalog { get; }
}
