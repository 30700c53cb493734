using System;
using System.ComponentModel;

namespace EventCatalog.Metadata;

/// <summary>
/// Records a category's wire name (and, on the catalog class, its payload wrapper) on generated code:
/// on the catalog class once per category in catalog order, on each <c>Category</c> enum member,
/// and on each <c>Topics</c> member.
/// </summary>
/// <remarks>Written by the generator and read by the analyzers by its metadata name; hidden from IntelliSense.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Field | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class CatalogCategoryAttribute : Attribute
{
    /// <summary>Records the category <paramref name="name"/>.</summary>
    /// <param name="name">The category's wire name, e.g. <c>cluster</c>.</param>
    public CatalogCategoryAttribute(string name) => Name = name;

    /// <summary>The category's wire name, e.g. <c>cluster</c>.</summary>
    public string Name { get; }

    /// <summary>The category's payload wrapper, e.g. <c>cluster_event</c> (set on the catalog class).</summary>
    public string? Wrapper { get; set; }
}
