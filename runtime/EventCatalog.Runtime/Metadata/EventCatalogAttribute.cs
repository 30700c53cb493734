using System;
using System.ComponentModel;

namespace EventCatalog.Metadata;

/// <summary>
/// Marks a generated catalog class and records its topic template, so that analyzers can read the
/// catalog from symbols alone, also from a referenced assembly.
/// </summary>
/// <remarks>Written by the generator and read by the analyzers by its metadata name; hidden from IntelliSense.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class EventCatalogAttribute : Attribute
{
    /// <summary>Records the catalog's topic template.</summary>
    /// <param name="topicTemplate">The topic template, e.g. <c>exesdb:control:{store}:{category}</c>.</param>
    public EventCatalogAttribute(string topicTemplate) => TopicTemplate = topicTemplate;

    /// <summary>The catalog's topic template, e.g. <c>exesdb:control:{store}:{category}</c>.</summary>
    public string TopicTemplate { get; }
}
