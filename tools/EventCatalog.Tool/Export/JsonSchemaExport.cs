using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using EventCatalog.Contract;
using EventCatalog.Generator.Model;

namespace EventCatalog.Tool.Export;

/// <summary>
/// A catalog as JSON Schema 2020-12: one schema per event for its <c>data</c>, and one for the CloudEvents 1.0
/// structured JSON frame the generated codec writes (SPEC §7), which admits exactly one event type per frame
/// and checks its <c>data</c> with that event's schema.
/// </summary>
internal static class JsonSchemaExport
{
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>The file name of the frame schema in the output folder.</summary>
    public const string FrameFileName = "cloudevents.schema.json";

    /// <summary>The file name of an event's data schema in the output folder.</summary>
    public static string DataFileName(EventSpec evt) => $"{evt.Name}.data.schema.json";

    /// <summary>Every schema file: name in the output folder and its content.</summary>
    public static IEnumerable<(string FileName, JsonObject Schema)> Build(CatalogSpec spec, string typePrefix)
    {
        foreach (CategorySpec category in spec.Categories)
        {
            foreach (EventSpec evt in category.Events)
            {
                yield return (DataFileName(evt), DataFile(spec, DataSchemas.ForData(category, evt), DataFileName(evt)));
            }
        }

        yield return (FrameFileName, Frame(spec, typePrefix));
    }

    /// <summary>
    /// A standalone data schema (a file of its own): the dialect, an <c>$id</c> of the catalog's own ending in
    /// <paramref name="fileName"/>, the keywords of <paramref name="data"/> (<see cref="DataSchemas.ForData"/> or
    /// <see cref="DataSchemas.ForVersion"/>) and the catalog's <c>types:</c> as <c>$defs</c>.
    /// </summary>
    public static JsonObject DataFile(CatalogSpec spec, JsonObject data, string fileName)
    {
        var schema = new JsonObject { ["$schema"] = Dialect, ["$id"] = BaseId(spec) + fileName };
        foreach (var (key, value) in data)
        {
            schema[key] = value?.DeepClone();
        }

        if (spec.Types.Count > 0)
        {
            schema["$defs"] = DataSchemas.TypeDefinitions(spec, DataSchemas.DefinitionName, DataSchemas.JsonSchemaRef);
        }

        return schema;
    }

    /// <summary>
    /// The frame schema: <c>oneOf</c> a frame per event type, each the CloudEvents attributes (the <c>type</c>
    /// attribute a constant, so exactly one branch can match; for an earlier data version, a branch of its own told apart by
    /// <c>dataversion</c>) plus <c>data</c> against the event's <c>$defs</c>. It accepts what the codec reads: other attributes
    /// (CloudEvents extensions) and other data properties (a newer catalog's optional fields) are allowed.
    /// </summary>
    public static JsonObject Frame(CatalogSpec spec, string typePrefix)
    {
        var defs = DataSchemas.TypeDefinitions(spec, DataSchemas.DefinitionName, DataSchemas.JsonSchemaRef);
        var branches = new JsonArray();
        foreach (CategorySpec category in spec.Categories)
        {
            foreach (EventSpec evt in category.Events)
            {
                defs[evt.Name] = DataSchemas.ForData(category, evt);
                JsonObject frame = DataSchemas.Attributes(spec, category, evt, typePrefix, evt.Version > 1 ? evt.Version : null);
                frame["title"] = $"{evt.TypeName} as a CloudEvent";
                ((JsonObject)frame["properties"]!)[CloudEventAttributes.DataName] = new JsonObject { ["$ref"] = "#/$defs/" + evt.Name };
                ((JsonArray)frame["required"]!).Add(CloudEventAttributes.DataName);
                defs[evt.Name + "_frame"] = frame;
                branches.Add(new JsonObject { ["$ref"] = "#/$defs/" + evt.Name + "_frame" });

                // A frame of an earlier version (a node on an older catalog) is read and upcast: a branch per version, told apart by dataversion.
                foreach (EventVersionSpec version in evt.Version > 1 ? evt.PreviousVersions : default)
                {
                    string name = $"{evt.Name}_v{version.Version}";
                    defs[name] = DataSchemas.ForVersion(category, evt, version);
                    JsonObject old = DataSchemas.Attributes(spec, category, evt, typePrefix, version.Version);
                    old["title"] = $"{version.TypeName} (version {version.Version} of {evt.TypeName}) as a CloudEvent";
                    ((JsonObject)old["properties"]!)[CloudEventAttributes.DataName] = new JsonObject { ["$ref"] = "#/$defs/" + name };
                    ((JsonArray)old["required"]!).Add(CloudEventAttributes.DataName);
                    defs[name + "_frame"] = old;
                    branches.Add(new JsonObject { ["$ref"] = "#/$defs/" + name + "_frame" });
                }
            }
        }

        return new JsonObject
        {
            ["$schema"] = Dialect,
            ["$id"] = BaseId(spec) + FrameFileName,
            ["title"] = $"{Title(spec)} CloudEvents frame",
            ["description"] = $"One event of {Title(spec)} as the generated codec writes it: CloudEvents 1.0, structured JSON mode.",
            ["type"] = "object",
            ["oneOf"] = branches,
            ["$defs"] = defs,
        };
    }

    private static string Title(CatalogSpec spec) => spec.Namespace.Length == 0 ? spec.ClassName : spec.Namespace + "." + spec.ClassName;

    /// <summary>A base URI of the catalog's own (the schemas reference each other by file name under it).</summary>
    private static string BaseId(CatalogSpec spec) => $"urn:eventcatalog:{Title(spec)}:";
}
