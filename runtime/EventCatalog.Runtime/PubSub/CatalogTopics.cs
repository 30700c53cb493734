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
        Catalog? catalog = s_byRecord.GetOrAdd(data.GetType(), static type => Find(type));
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
        Catalog? catalog = s_byRecord.GetOrAdd(data.GetType(), static type => Find(type));
        return catalog is not null && catalog.Template.TryMatch(topic, out _, out _, out int index) ? catalog.Destinations[index] : null;
    }

    /// <summary>The store id and category index of <paramref name="topic"/> when it is one of <paramref name="data"/>'s catalog's topics.</summary>
    public static bool TryParse(ICatalogEvent data, string topic, out string? storeId, out int categoryIndex)
    {
        Catalog? catalog = s_byRecord.GetOrAdd(data.GetType(), static type => Find(type));
        storeId = null;
        categoryIndex = -1;
        return catalog is not null && catalog.Template.TryParse(topic, out storeId, out categoryIndex);
    }

    /// <summary>As <see cref="TryParse"/>, with the store id as its place in <paramref name="topic"/> (start, length) rather than a new string.</summary>
    public static bool TryMatch(ICatalogEvent data, string topic, out int storeStart, out int storeLength, out int categoryIndex)
    {
        Catalog? catalog = s_byRecord.GetOrAdd(data.GetType(), static type => Find(type));
        storeStart = storeLength = 0;
        categoryIndex = -1;
        return catalog is not null && catalog.Template.TryMatch(topic, out storeStart, out storeLength, out categoryIndex);
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

    private sealed class Catalog
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
