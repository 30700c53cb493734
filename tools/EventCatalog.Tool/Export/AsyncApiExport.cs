using System;
using System.Linq;
using System.Text.Json.Nodes;
using EventCatalog.Contract;
using EventCatalog.Generator.Model;
using EventCatalog.Tool.Projects;

namespace EventCatalog.Tool.Export;

/// <summary>
/// A catalog as an AsyncAPI 3.0.0 document: one channel per category (address = the topic template with the
/// category filled in and <c>{store}</c> as a channel parameter), one message per event type (payload = the
/// JSON Schema of its <c>data</c>; headers = the CloudEvents attributes; content type
/// <c>application/cloudevents+json</c>), and a send and a receive operation per channel. With a project's
/// <see cref="CodeMap"/> (<c>--project</c>), each send operation lists the code that publishes the category's events
/// (<c>x-eventcatalog-publish-sites</c>) and each receive operation its receive sites: the classes implementing the
/// generated <c>I{Category}Handler</c> (<c>x-eventcatalog-handlers</c>) and the resolved subscriptions to the topic
/// (<c>x-eventcatalog-subscriptions</c>); an empty list says the code has none. The <c>x-eventcatalog-*</c> extensions carry
/// what AsyncAPI has no word for (namespace, class, topic template, type prefix, wrapper, deprecation, versions), so the
/// document read back by the generator as a catalog (<c>*.asyncapi.json</c>) generates the same API.
/// </summary>
internal static class AsyncApiExport
{
    public const string AsyncApiVersion = "3.0.0";

    /// <summary>Builds the document.</summary>
    /// <param name="spec">A catalog without errors.</param>
    /// <param name="version">The document's <c>info.version</c> (the API's version, not AsyncAPI's).</param>
    /// <param name="typePrefix">What precedes the event type in the CloudEvents <c>type</c> attribute.</param>
    /// <param name="map">The sites of a project (<c>--project</c>), or null for a document of the catalog alone.</param>
    public static JsonObject Build(CatalogSpec spec, string version, string typePrefix, CodeMap? map = null)
    {
        string title = spec.Namespace.Length == 0 ? spec.ClassName : spec.Namespace + "." + spec.ClassName;
        var channels = new JsonObject();
        var operations = new JsonObject();
        var messages = new JsonObject();
        var parameters = new JsonObject();
        bool hasStore = spec.TemplateHasStore;
        if (hasStore)
        {
            parameters["store"] = new JsonObject
            {
                ["description"] = $"The store id: ASCII letters, digits and the punctuation the template does not use ({DataSchemas.StoreIdPattern(spec.TopicTemplate)}).",
                ["examples"] = new JsonArray("my_store"),
            };
        }

        foreach (CategorySpec category in spec.Categories)
        {
            string address = spec.TopicTemplate.Replace(CatalogContract.CategoryPlaceholder, category.Name, StringComparison.Ordinal);
            var channelMessages = new JsonObject();
            foreach (EventSpec evt in category.Events)
            {
                messages[evt.Name] = Message(spec, category, evt, typePrefix);
                channelMessages[evt.Name] = Ref("#/components/messages/" + evt.Name);
            }

            var channel = new JsonObject
            {
                ["address"] = address,
                ["title"] = category.MemberName,
            };
            if (category.Description is { } description)
            {
                channel["description"] = description;
            }

            channel["messages"] = channelMessages;
            channel["x-eventcatalog-wrapper"] = category.Wrapper;
            if (hasStore)
            {
                channel["parameters"] = new JsonObject { ["store"] = Ref("#/components/parameters/store") };
            }

            channels[category.Name] = channel;
            foreach ((string action, string verb) in new[] { ("send", "Publish"), ("receive", "Subscribe to") })
            {
                operations[action + category.MemberName] = new JsonObject
                {
                    ["action"] = action,
                    ["channel"] = Ref("#/channels/" + category.Name),
                    ["title"] = $"{verb} {category.Name} events",
                    ["summary"] = action == "send"
                        ? $"Broadcast an event of category '{category.Name}' on its topic ({category.Wrapper} payloads)."
                        : $"Subscribe to the '{category.Name}' topic of a store.",
                    ["messages"] = new JsonArray(category.Events.Select(e => (JsonNode)Ref($"#/channels/{category.Name}/messages/{e.Name}")).ToArray()),
                };
            }

            if (map is not null)
            {
                AddSites(map, title, category, (JsonObject)operations["send" + category.MemberName]!, (JsonObject)operations["receive" + category.MemberName]!);
            }
        }

        var components = new JsonObject { ["messages"] = messages };
        if (spec.Types.Count > 0)
        {
            // The catalog's types: (SPEC §13) as reusable schemas, which payloads refer to.
            components["schemas"] = DataSchemas.TypeDefinitions(spec, name => name, SchemaRef);
        }
        if (hasStore)
        {
            components["parameters"] = parameters;
        }

        var document = new JsonObject
        {
            ["asyncapi"] = AsyncApiVersion,
            ["info"] = new JsonObject
            {
                ["title"] = title,
                ["version"] = version,
                ["description"] = $"The event catalog {title} ({spec.Categories.Count()} categories, {spec.Categories.Sum(c => c.Events.Count())} event types), exported from {System.IO.Path.GetFileName(spec.FilePath)} by eventcatalog. Messages are CloudEvents 1.0 in structured JSON mode; topics follow the template '{spec.TopicTemplate}'.",
            },
            ["defaultContentType"] = DataSchemas.CloudEventsContentType,
            ["channels"] = channels,
            ["operations"] = operations,
            ["components"] = components,
        };

        // What AsyncAPI has no word for, so that the document read back as a catalog (*.asyncapi.json) is this catalog.
        if (spec.Namespace.Length > 0)
        {
            document["x-eventcatalog-namespace"] = spec.Namespace;
        }

        document["x-eventcatalog-class"] = spec.ClassName;
        document["x-eventcatalog-topic"] = spec.TopicTemplate;
        if (typePrefix.Length > 0)
        {
            document["x-eventcatalog-type-prefix"] = typePrefix;
        }
        return document;
    }

    private static JsonObject Message(CatalogSpec spec, CategorySpec category, EventSpec evt, string typePrefix)
    {
        var message = new JsonObject
        {
            ["name"] = evt.Name,
            ["title"] = evt.TypeName,
        };
        if (DataSchemas.Describe(evt) is { } summary)
        {
            message["summary"] = summary;
        }

        message["contentType"] = DataSchemas.CloudEventsContentType;
        message["headers"] = DataSchemas.Attributes(spec, category, evt, typePrefix);
        message["payload"] = DataSchemas.ForPayload(category, evt, SchemaRef);
        message["tags"] = new JsonArray(new JsonObject { ["name"] = category.Name });
        if (evt.Deprecated is { } deprecated)
        {
            message["x-eventcatalog-deprecated"] = deprecated;
        }

        if (evt.Version > 1)
        {
            message["x-eventcatalog-version"] = evt.Version;
            if (evt.PreviousVersions.Count > 0)
            {
                // The payload's anyOf holds the current version, then these, in this order (DataSchemas.ForPayload).
                message["x-eventcatalog-earlier-versions"] = new JsonArray(evt.PreviousVersions.Reverse().Select(v => (JsonNode)JsonValue.Create(v.Version)).ToArray());
            }
        }

        return message;
    }

    /// <summary>The project's publish sites on the send operation, its handlers and subscriptions on the receive operation.</summary>
    private static void AddSites(CodeMap map, string catalog, CategorySpec category, JsonObject send, JsonObject receive)
    {
        send["x-eventcatalog-publish-sites"] = new JsonArray(category.Events
            .SelectMany(e => map.PublishesOf(catalog, e.Name).Select(site => (JsonNode)Site(site, e.Name)))
            .ToArray());
        receive["x-eventcatalog-handlers"] = new JsonArray(map.HandlersOf(catalog, category.Name).Select(h => (JsonNode)new JsonObject
        {
            ["type"] = h.Type,
            ["handles"] = h.Exhaustive ? "every event" : "some events, through the base",
            ["site"] = h.Site.ToString(),
            ["project"] = h.Site.Project,
        }).ToArray());
        receive["x-eventcatalog-subscriptions"] = new JsonArray(map.SubscriptionsOf(catalog, category.Name).Select(site => (JsonNode)Site(site, null)).ToArray());
    }

    private static JsonObject Site(CodeSite site, string? eventType)
    {
        var node = new JsonObject();
        if (eventType is not null)
        {
            node["event"] = eventType;
        }

        node["site"] = site.ToString();
        node["project"] = site.Project;
        return node;
    }

    private static JsonObject Ref(string pointer) => new() { ["$ref"] = pointer };

    /// <summary>Where the AsyncAPI document keeps a <c>types:</c> entry's schema.</summary>
    private static string SchemaRef(string typeName) => "#/components/schemas/" + typeName;
}
