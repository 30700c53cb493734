using System.Collections.Generic;
using System.Threading;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;
using EventCatalog.Generator.Parsing;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Generator.Locking;

/// <summary>
/// Where each part of a checked catalog stands in its YAML, for EVC017 and EVC018: the catalog's own draft (every
/// key's place) plus the few keys the draft does not keep (<c>categories</c>, each event's <c>data</c>). Each lookup
/// falls back to the nearest enclosing place that exists.
/// </summary>
internal sealed class CatalogPlaces
{
    private readonly Dictionary<string, CategoryDraft> _categories = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, EventDraft> _events = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, LocationInfo> _data = new(System.StringComparer.Ordinal);

    private CatalogPlaces(LocationInfo fileStart) => FileStart = fileStart;

    public LocationInfo FileStart { get; }

    /// <summary>The <c>topic</c> value, or the file's start when the catalog uses the default template.</summary>
    public LocationInfo Topic { get; private set; }

    /// <summary>The <c>categories</c> key.</summary>
    public LocationInfo Categories { get; private set; }

    /// <summary>Reads the places of the catalog in <paramref name="text"/>, which has no errors (checked before).</summary>
    public static CatalogPlaces Read(string path, SourceText text, CancellationToken cancellationToken)
    {
        var places = new CatalogPlaces(LocationInfo.FileStart(path));
        places.Topic = places.FileStart;
        places.Categories = places.FileStart;
        (YamlNode? root, DiagnosticInfo? error) = YamlTreeReader.Read(path, text, cancellationToken);
        if (error is not null)
        {
            return places;
        }

        CatalogDraft? draft = CatalogReader.Read(path, text, root, new List<DiagnosticInfo>(), cancellationToken);
        if (draft is null)
        {
            return places;
        }

        if (draft.TopicTemplate is not null)
        {
            places.Topic = draft.TopicTemplateLocation;
        }

        if (Key(root, "categories") is { } categoriesKey)
        {
            places.Categories = LocationInfo.Create(path, text, categoriesKey.Key.Start, categoriesKey.Key.End);
        }

        foreach (CategoryDraft category in draft.Categories)
        {
            places._categories[category.Name] = category;
            YamlNode? events = Key(Key(Key(root, "categories")?.Value, category.Name)?.Value, "events")?.Value;
            foreach (EventDraft ev in category.Events)
            {
                places._events[ev.Name] = ev;
                if (Key(Key(events, ev.Name)?.Value, "data") is { } data)
                {
                    places._data[ev.Name] = LocationInfo.Create(path, text, data.Key.Start, data.Key.End);
                }
            }
        }

        return places;
    }

    public LocationInfo Category(string name) => _categories.TryGetValue(name, out CategoryDraft? category) ? category.Location : Categories;

    public LocationInfo Event(string name) => _events.TryGetValue(name, out EventDraft? ev) ? ev.Location : Categories;

    /// <summary>The event's <c>version</c> value, or its key when it has none (version 1).</summary>
    public LocationInfo Version(string name) =>
        _events.TryGetValue(name, out EventDraft? ev) ? (ev.Version is null ? ev.Location : ev.VersionLocation) : Categories;

    /// <summary>The key of version <paramref name="version"/> in the event's <c>versions</c>.</summary>
    public LocationInfo EarlierVersion(string name, int version)
    {
        if (_events.TryGetValue(name, out EventDraft? ev))
        {
            EventVersionDraft? earlier = ev.Versions.Find(v => v.Version == version);
            return earlier?.Location ?? ev.VersionsLocation ?? Version(name);
        }

        return Categories;
    }

    /// <summary>The event's <c>data</c> key, or the event's key when it has no data.</summary>
    public LocationInfo Data(string name) => _data.TryGetValue(name, out LocationInfo data) ? data : Event(name);

    /// <summary>The key of the current field <paramref name="field"/> of the event.</summary>
    public LocationInfo Field(string name, string field)
    {
        if (_events.TryGetValue(name, out EventDraft? ev) && ev.Fields.Find(f => f.Name == field) is { } found)
        {
            return found.Location;
        }

        return Data(name);
    }

    private static KeyValuePair<YamlNode, YamlNode>? Key(YamlNode? node, string name)
    {
        if (node is YamlMapping mapping)
        {
            foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Entries)
            {
                if (entry.Key is YamlScalar key && key.Value == name)
                {
                    return entry;
                }
            }
        }

        return null;
    }
}
