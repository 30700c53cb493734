using System.Collections.Generic;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Parsing;

// The mutable working model: what the YAML said, with where it said it. The validator turns it
// into an immutable CatalogSpec: the whole catalog once every check has passed, else what the errors do not touch.
// HasErrors marks where the reader reported an error: in the catalog's own keys (nothing is generated), a category's
// own keys (the category is left out), or an event (the event is left out).
internal sealed class CatalogDraft
{
    public CatalogDraft(LocationInfo fileStart) => FileStart = fileStart;

    public LocationInfo FileStart { get; }

    /// <summary>An error in the catalog's own keys (namespace, class, topic, type_prefix, categories).</summary>
    public bool HasErrors { get; set; }

    public string? Namespace { get; set; }

    public LocationInfo NamespaceLocation { get; set; }

    public string? ClassName { get; set; }

    public LocationInfo ClassNameLocation { get; set; }

    public string? TopicTemplate { get; set; }

    public LocationInfo TopicTemplateLocation { get; set; }

    public string? TypePrefix { get; set; }

    public LocationInfo TypePrefixLocation { get; set; }

    public List<CategoryDraft> Categories { get; } = new();

    /// <summary>The <c>types:</c> section's entries, in YAML order.</summary>
    public List<TypeDraft> Types { get; } = new();

    /// <summary>
    /// Marks where an error lands, as the readers report it: the innermost of the type, the event, the category and the
    /// catalog being read (the part the validator then leaves out).
    /// </summary>
    public static void MarkError(TypeDraft? type, EventDraft? evt, CategoryDraft? category, CatalogDraft? catalog)
    {
        if (type is not null)
        {
            type.HasErrors = true;
        }
        else if (evt is not null)
        {
            evt.HasErrors = true;
        }
        else if (category is not null)
        {
            category.HasErrors = true;
        }
        else if (catalog is not null)
        {
            catalog.HasErrors = true;
        }
    }
}

/// <summary>An entry of <c>types:</c>: an enum (<see cref="Values"/>) or an object type (<see cref="Fields"/>).</summary>
internal sealed class TypeDraft
{
    public TypeDraft(string name, LocationInfo location)
    {
        Name = name;
        Location = location;
    }

    public string Name { get; }

    public LocationInfo Location { get; }

    public string? Description { get; set; }

    /// <summary><see cref="TypeShape.Enum"/> or <see cref="TypeShape.Object"/>; null until the reader knows (or when it cannot tell).</summary>
    public TypeShape? Shape { get; set; }

    /// <summary>An enum's values, where each is written.</summary>
    public List<(string Name, LocationInfo Location)> Values { get; } = new();

    /// <summary>An object type's fields.</summary>
    public List<FieldDraft> Fields { get; } = new();

    /// <summary>An error anywhere in the type.</summary>
    public bool HasErrors { get; set; }
}

internal sealed class CategoryDraft
{
    public CategoryDraft(string name, LocationInfo location)
    {
        Name = name;
        Location = location;
    }

    public string Name { get; }

    public LocationInfo Location { get; }

    public string? Description { get; set; }

    public string? Wrapper { get; set; }

    public LocationInfo WrapperLocation { get; set; }

    /// <summary>An error in the category's own keys (not in one of its events).</summary>
    public bool HasErrors { get; set; }

    public List<EventDraft> Events { get; } = new();
}

internal sealed class EventDraft
{
    public EventDraft(string name, LocationInfo location)
    {
        Name = name;
        Location = location;
    }

    public string Name { get; }

    public LocationInfo Location { get; }

    public string? Description { get; set; }

    public string? Deprecated { get; set; }

    /// <summary>An error anywhere in the event (its data, versions, version, deprecated).</summary>
    public bool HasErrors { get; set; }

    public List<FieldDraft> Fields { get; } = new();

    /// <summary>The declared <c>version</c>, or null when the key is absent (version 1) or unreadable.</summary>
    public int? Version { get; set; }

    public LocationInfo VersionLocation { get; set; }

    /// <summary>Where <c>versions</c> stands, when present.</summary>
    public LocationInfo? VersionsLocation { get; set; }

    /// <summary>The earlier versions' shapes, in YAML order.</summary>
    public List<EventVersionDraft> Versions { get; } = new();
}

internal sealed class EventVersionDraft
{
    public EventVersionDraft(int version, LocationInfo location)
    {
        Version = version;
        Location = location;
    }

    public int Version { get; }

    /// <summary>Where the version's key (e.g. <c>1:</c>) stands.</summary>
    public LocationInfo Location { get; }

    public List<FieldDraft> Fields { get; } = new();
}

internal sealed class FieldDraft
{
    public FieldDraft(string name, LocationInfo location)
    {
        Name = name;
        Location = location;
    }

    public string Name { get; }

    public LocationInfo Location { get; }

    public FieldType? Type { get; set; }

    public string? Description { get; set; }
}
