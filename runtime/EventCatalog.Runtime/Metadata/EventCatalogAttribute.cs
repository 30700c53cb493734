using System;

namespace EventCatalog.Metadata;

/// <summary>
/// Marks a generated catalog class and records its topic template, so that analyzers can read the
/// catalog from symbols alone, also from a referenced assembly.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class EventCatalogAttribute : Attribute
{
    /// <summary>Records the catalog's topic template.</summary>
    public EventCatalogAttribute(string topicTemplate) => TopicTemplate = topicTemplate;

    /// <summary>The catalog's topic template, e.g. <c>exesdb:control:{store}:{category}</c>.</summary>
    public string TopicTemplate { get; }
}
