using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Reflection;
using EventCatalog.Metadata;

namespace EventCatalog.PubSub;

/// <summary>
/// EVC100 at run time, built into every bus: an event of a catalog published on one of that catalog's topics must be
/// of the topic's category. The generated catalog says what the check needs: each record's <see cref="CatalogEventAttribute"/>
/// names its catalog class, whose <see cref="EventCatalogAttribute"/> and <see cref="CatalogCategoryAttribute"/>s give
/// the topic template and the category names — read once per record type and cached, so no resolver is written by hand.
/// A topic that is not one of the event's catalog's topics is free (Phoenix's topics are any string); so is any message
/// that is not a catalog event.
/// </summary>
internal static class CatalogTopics
{
    private static readonly ConcurrentDictionary<Type, Catalog?> s_byRecord = new();
    private static readonly ConcurrentDictionary<Type, Catalog?> s_byCatalog = new();

    /// <summary>The catalog event a message carries (a record, or an envelope's or payload's data), or null.</summary>
    public static ICatalogEvent? EventOf(object message) => message switch
    {
        ICatalogEvent record => record,
        IEventEnvelope envelope => envelope.Data as ICatalogEvent,
        IEventPayload payload => payload.Event?.Data as ICatalogEvent,
        _ => null,
    };

    /// <summary>The topic's category when it is one of <paramref name="data"/>'s catalog's topics and not <paramref name="data"/>'s own category; else null.</summary>
    public static string? Mismatch(ICatalogEvent data, string topic)
    {
        Catalog? catalog = CatalogOf(data);
        if (catalog is null || !catalog.Template.TryMatch(topic, out _, out _, out int index))
        {
            return null;
        }

        string category = catalog.Categories[index];
        return string.Equals(category, data.Category, StringComparison.Ordinal) ? null : category;
    }

    /// <summary>
    /// The low-cardinality name of <paramref name="topic"/> for telemetry (OpenTelemetry's <c>messaging.destination.template</c>): the
    /// catalog's topic template with the category filled in and the store left as its placeholder (<c>exesdb:control:{store}:cluster</c>),
    /// when the topic is one of <paramref name="data"/>'s catalog's topics; else null.
    /// </summary>
    public static string? DestinationTemplate(ICatalogEvent data, string topic)
    {
        Catalog? catalog = CatalogOf(data);
        return catalog is not null && catalog.Template.TryMatch(topic, out _, out _, out int index) ? catalog.Destinations[index] : null;
    }

    /// <summary>The catalog <paramref name="data"/> belongs to (its topic template and categories), or null for a record without one.</summary>
    public static Catalog? CatalogOf(ICatalogEvent data) => s_byRecord.GetOrAdd(data.GetType(), static type => Find(type));

    /// <summary>
    /// The catalogs of <paramref name="codec"/>'s events: a generated codec is nested in its catalog class, and a combined codec
    /// (<see cref="EventCodec.Combine"/>) lists its parts. A null entry stands for a codec that is no generated catalog's.
    /// </summary>
    public static Catalog?[] OfCodec(IEventCodec codec)
    {
        var catalogs = new List<Catalog?>();
        foreach (IEventCodec part in EventCodec.Parts(codec))
        {
            Type? declaring = part.GetType().DeclaringType;
            catalogs.Add(declaring is null ? null : s_byCatalog.GetOrAdd(declaring, static type => Read(type)));
        }

        return catalogs.ToArray();
    }

    /// <summary>Throws when <paramref name="message"/> is a catalog event on a catalog topic of another category (what the analyzer reports as EVC100).</summary>
    /// <exception cref="ArgumentException">The message names both categories, the event type and the topic; its parameter is <c>message</c>.</exception>
    public static void Check(string topic, object message)
    {
        if (EventOf(message) is { } data && Mismatch(data, topic) is { } category)
        {
            throw new ArgumentException(
                $"EVC100 at run time: the '{data.Category}' event '{data.EventType}' cannot be published on topic \"{topic}\", a topic of category '{category}'.",
                nameof(message));
        }
    }

    private static Catalog? Find(Type record)
    {
        Type? catalogType = record.GetCustomAttribute<CatalogEventAttribute>(inherit: false)?.Catalog;
        return catalogType is null ? null : s_byCatalog.GetOrAdd(catalogType, static type => Read(type));
    }

    private static Catalog? Read(Type catalogType)
    {
        string? template = catalogType.GetCustomAttribute<EventCatalogAttribute>(inherit: false)?.TopicTemplate;
        if (template is null)
        {
            return null;
        }

        var categories = new List<string>();
        foreach (CatalogCategoryAttribute category in catalogType.GetCustomAttributes<CatalogCategoryAttribute>(inherit: false))
        {
            categories.Add(category.Name);
        }

        try
        {
            return new Catalog(new TopicTemplate(template, categories), categories.ToArray());
        }
        catch (ArgumentException)
        {
            // Not what the generator writes (it has checked the template and the names): no check rather than a crash.
            return null;
        }
    }

    /// <summary>One catalog's topic template and category names, read from its generated class.</summary>
    internal sealed class Catalog
    {
        public Catalog(TopicTemplate template, string[] categories)
        {
            Template = template;
            Categories = categories;
            Destinations = Array.ConvertAll(categories, c => template.Template.Replace(Contract.CatalogContract.CategoryPlaceholder, c));
        }

        public TopicTemplate Template { get; }

        public string[] Categories { get; }

        /// <summary>The template of each category's topics (<see cref="DestinationTemplate"/>), at the category's index.</summary>
        public string[] Destinations { get; }
    }
}
