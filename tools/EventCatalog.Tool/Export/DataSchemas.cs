using System;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using EventCatalog.Contract;
using EventCatalog.Generator.Model;

namespace EventCatalog.Tool.Export;

/// <summary>
/// JSON Schema for a catalog's data: each field type as the codec writes it (SPEC §7: fields by their
/// catalog names), with descriptions, required fields, formats and deprecation. The keywords used are
/// common to JSON Schema draft-07 (AsyncAPI's schema format) and 2020-12.
/// </summary>
internal static class DataSchemas
{
    /// <summary>The CloudEvents spec version the codec writes.</summary>
    public const string SpecVersion = CloudEventAttributes.SpecVersionValue;

    /// <summary>The content type of a structured-mode CloudEvents JSON message.</summary>
    public const string CloudEventsContentType = CloudEventAttributes.StructuredContentType;

    /// <summary>The content type of the <c>data</c> member (<c>datacontenttype</c>).</summary>
    public const string DataContentType = CloudEventAttributes.JsonContentType;

    /// <summary>
    /// The schema of one field type (<see cref="FieldType"/>): a list is an array, a map an object of its element's schema, and a
    /// scalar as its row of <see cref="ScalarTypes"/> says (type, format, pattern, range, content encoding); an optional type
    /// (<c>T?</c>) also admits <c>null</c>.
    /// </summary>
    public static JsonObject ForType(FieldType type, Func<string, string>? refOf = null)
    {
        refOf ??= JsonSchemaRef;
        JsonObject schema = type.Shape switch
        {
            TypeShape.List => new JsonObject { ["type"] = "array", ["items"] = ForType(type.Element!, refOf) },
            TypeShape.Map => new JsonObject { ["type"] = "object", ["additionalProperties"] = ForType(type.Element!, refOf) },
            TypeShape.Scalar => ForScalar(type.Row.Schema),
            _ => new JsonObject { ["$ref"] = refOf(type.TypeName) },
        };

        if (type.IsOptional)
        {
            // A reference has no 'type' to widen (a sibling 'type' would be ignored by draft-07 tools): null is another branch.
            return schema["type"] is { } core
                ? ReplaceType(schema, new JsonArray(core.GetValue<string>(), "null"))
                : new JsonObject { ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "null" }) };
        }

        return schema;
    }

    private static JsonObject ReplaceType(JsonObject schema, JsonArray type)
    {
        schema["type"] = type;
        return schema;
    }

    /// <summary>Where a JSON Schema export keeps the definition of a <c>types:</c> entry: <c>#/$defs/type-&lt;name&gt;</c> ('-' is in no catalog name, so no event's definition is named so).</summary>
    public static string JsonSchemaRef(string typeName) => "#/$defs/" + DefinitionName(typeName);

    /// <summary>The <c>$defs</c> key of a <c>types:</c> entry.</summary>
    public static string DefinitionName(string typeName) => "type-" + typeName;

    /// <summary>
    /// The definitions of the catalog's <c>types:</c>, keyed by <paramref name="keyOf"/>: an enum is a string with <c>enum</c> (its
    /// snake_case values), an object type an object schema of its fields (as an event's data: required unless optional, other
    /// properties allowed); fields of other types refer to them through <paramref name="refOf"/>.
    /// </summary>
    public static JsonObject TypeDefinitions(CatalogSpec spec, Func<string, string> keyOf, Func<string, string> refOf)
    {
        var definitions = new JsonObject();
        foreach (TypeSpec type in spec.Types)
        {
            definitions[keyOf(type.Name)] = type.Shape == TypeShape.Enum
                ? new JsonObject
                {
                    ["title"] = type.TypeName,
                    ["description"] = type.Description ?? $"The '{type.Name}' enum: one of its snake_case values.",
                    ["type"] = "string",
                    ["enum"] = new JsonArray(type.Values.Select(v => (JsonNode)JsonValue.Create(v.Name)!).ToArray()),
                }
                : ForFields(type.TypeName, type.Description ?? $"A value of the '{type.Name}' type.", type.Fields, false, refOf);
        }

        return definitions;
    }

    private static JsonObject ForScalar(JsonSchemaType row)
    {
        var schema = new JsonObject { ["type"] = row.Type };
        if (row.Format is { } format)
        {
            schema["format"] = format;
        }

        if (row.Pattern is { } pattern)
        {
            schema["pattern"] = pattern;
        }

        if (row.ContentEncoding is { } encoding)
        {
            schema["contentEncoding"] = encoding;
        }

        if (row.Minimum is { } minimum)
        {
            schema["minimum"] = minimum;
        }

        if (row.Maximum is { } maximum)
        {
            schema["maximum"] = maximum;
        }

        return schema;
    }

    /// <summary>
    /// The schema of an event's <c>data</c>: an object with a property per field, required unless optional, titled
    /// with the record's name. Other properties are allowed: the codec ignores data fields it does not know, and
    /// the lock lets a later catalog add an optional field within a version, so a newer node's frame stays valid
    /// against an older catalog's schema.
    /// </summary>
    public static JsonObject ForData(CategorySpec category, EventSpec evt, Func<string, string>? refOf = null) =>
        ForFields(evt.TypeName, Describe(evt) ?? $"The data of a '{evt.Name}' event ({category.Name}).", evt.Fields, evt.Deprecated is not null, refOf);

    /// <summary>The schema of the data of an earlier version of an event (SPEC §10): what a node on that version writes, read and upcast by the codec.</summary>
    public static JsonObject ForVersion(CategorySpec category, EventSpec evt, EventVersionSpec version, Func<string, string>? refOf = null) =>
        ForFields(version.TypeName, $"The data of a '{evt.Name}' event ({category.Name}) at version {version.Version}, as a node on that version writes it; read and upcast to version {evt.Version}.", version.Fields, evt.Deprecated is not null, refOf);

    /// <summary>
    /// The schema of an event's <c>data</c> as AsyncAPI's message payload: the current version's, or for an event above
    /// version 1 any of its versions (<c>anyOf</c>, the current first): the <c>dataversion</c> header says which.
    /// </summary>
    public static JsonObject ForPayload(CategorySpec category, EventSpec evt, Func<string, string>? refOf = null)
    {
        JsonObject current = ForData(category, evt, refOf);
        if (evt.Version == 1 || evt.PreviousVersions.Count == 0)
        {
            return current;
        }

        var versions = new JsonArray { current };
        foreach (EventVersionSpec version in evt.PreviousVersions.Reverse())
        {
            versions.Add(ForVersion(category, evt, version, refOf));
        }

        return new JsonObject { ["title"] = evt.TypeName, ["description"] = current["description"]!.DeepClone(), ["anyOf"] = versions };
    }

    private static JsonObject ForFields(string title, string description, EquatableArray<FieldSpec> fields, bool deprecated, Func<string, string>? refOf)
    {
        var properties = new JsonObject();
        foreach (FieldSpec field in fields)
        {
            JsonObject schema = ForType(field.Type, refOf);
            if (field.Description is { } fieldDescription)
            {
                schema["description"] = fieldDescription;
            }

            properties[field.Name] = schema;
        }

        var data = new JsonObject
        {
            ["title"] = title,
            ["description"] = description,
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray(fields.Where(f => !f.Type.IsOptional).Select(f => (JsonNode)JsonValue.Create(f.Name)!).ToArray()),
        };
        if (deprecated)
        {
            data["deprecated"] = true;
        }

        return data;
    }

    /// <summary>The event's description, with its deprecation message after it.</summary>
    public static string? Describe(EventSpec evt) =>
        evt.Deprecated is null ? evt.Description
        : evt.Description is null ? $"Deprecated: {evt.Deprecated}"
        : $"{evt.Description} Deprecated: {evt.Deprecated}";

    /// <summary>
    /// The CloudEvents 1.0 attributes of a frame of an event of <paramref name="category"/> as the codec reads them (SPEC §7),
    /// as an object schema: what the codec writes, and what it also accepts from other producers (any non-empty <c>id</c>,
    /// no <c>time</c>, any JSON media type, null for an absent optional attribute, any non-empty wrapper). <c>type</c> is
    /// <paramref name="typePrefix"/> + the event type; the extension attributes carry the store id, the category, the wrapper
    /// and, for an event above version 1, the data version (<paramref name="dataVersion"/>: that version's frame; null for
    /// any of them). <c>data</c> is not among them.
    /// </summary>
    public static JsonObject Attributes(CatalogSpec spec, CategorySpec category, EventSpec evt, string typePrefix, int? dataVersion = null)
    {
        var properties = new JsonObject
        {
            [CloudEventAttributes.SpecVersionName] = Member(CloudEventAttributes.SpecVersion, ("const", SpecVersion), ("description", "The CloudEvents specification version.")),
            [CloudEventAttributes.IdName] = Member(CloudEventAttributes.Id, ("minLength", 1), ("pattern", "^[^\\u0000-\\u001F\\u007F-\\u009F]+$"), ("description", "The event id: 32 lower-case hex digits from 16 random bytes when the codec wrote it; any non-empty CloudEvents String (no control characters) from another producer.")),
            [CloudEventAttributes.SourceName] = Member(CloudEventAttributes.Source, ("minLength", 1), ("description", "The node that built the event: urn:eventcatalog:node:<node>, the node name (EventNode.Current, <process>@<host> by default) percent-encoded but for letters, digits and - . _ ~ @; another producer's source is read as the node name.")),
            [CloudEventAttributes.TypeName] = Member(CloudEventAttributes.Type, ("const", typePrefix + evt.Name), ("description", "The event type" + (typePrefix.Length == 0 ? "." : $", after the prefix '{typePrefix}'."))),
            [CloudEventAttributes.TimeName] = Member(CloudEventAttributes.Time, ("description", "When the event was built (RFC 3339; the codec writes at most 7 fraction digits and reads any number). Optional in CloudEvents: a frame without it is read with Timestamp = DateTimeOffset.MinValue.")),
            [CloudEventAttributes.DataContentTypeName] = Member(CloudEventAttributes.DataContentType, ("pattern", JsonMediaTypePattern), ("description", $"The codec writes '{DataContentType}'; it reads any JSON media type (…/json, …/…+json, with parameters), or none.")),
            [CloudEventAttributes.StoreIdName] = Member(CloudEventAttributes.StoreId, ("pattern", StoreIdPattern(spec.TopicTemplate)), ("description", "Extension attribute: the store id, when the event has one.")),
            [CloudEventAttributes.CategoryName] = Member(CloudEventAttributes.Category, ("enum", new JsonArray(category.Name, null)), ("description", "Extension attribute: the event's category (the codec writes it; when present it must be the event's).")),
            [CloudEventAttributes.WrapperName] = Member(CloudEventAttributes.Wrapper, ("minLength", 1), ("examples", new JsonArray(category.Wrapper)), ("description", "Extension attribute, present when the frame carries a payload (EventPayload) rather than a bare envelope: the codec writes the category's wrapper (the seed's {:" + category.Wrapper + ", event}) and reads any non-empty one.")),
        };
        var required = new JsonArray(CloudEventAttributes.All.Where(a => a.Required).Select(a => (JsonNode)a.Name).ToArray());
        if (evt.Version > 1)
        {
            const string about = "Extension attribute: the version of the event's data (SPEC §10); the codec writes the current one, and reads and upcasts earlier ones. Absent (or null) is version 1.";
            CloudEventAttribute version = CloudEventAttributes.DataVersion;
            if (dataVersion is null)
            {
                properties[version.Name] = Member(version, ("minimum", 1), ("maximum", evt.Version), ("description", about));
            }
            else if (dataVersion == 1)
            {
                properties[version.Name] = Member(version, ("enum", new JsonArray(1, null)), ("description", about));
            }
            else
            {
                // That version's frame must say so: the attribute is required and not null.
                properties[version.Name] = Member(version, nullable: false, ("const", dataVersion.Value), ("description", about));
                required.Add(version.Name);
            }
        }

        AddTraceContext(properties);
        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = required,
        };
    }

    /// <summary>The JSON media types the codec reads in <c>datacontenttype</c> (as ECMA-262, case-insensitive by hand): <c>type/json</c> or <c>type/subtype+json</c>, with parameters.</summary>
    public const string JsonMediaTypePattern = "^\\s*[^/;\\s]+/([^;]*\\+)?[Jj][Ss][Oo][Nn]\\s*(;.*)?$";

    /// <summary>
    /// The optional CloudEvents distributed-tracing attributes (SPEC §12): the codec writes W3C Trace Context
    /// <c>traceparent</c>/<c>tracestate</c> when the event or the publisher's activity has a context, and reads any string (a
    /// malformed one is ignored, never failing the event), so the schema describes the syntax and constrains only the type.
    /// </summary>
    private static void AddTraceContext(JsonObject properties)
    {
        properties[CloudEventAttributes.TraceParentName] = Member(
            CloudEventAttributes.TraceParent,
            ("description", "Extension attribute (CloudEvents distributed tracing), optional: the W3C Trace Context traceparent of the event's creation, version-traceid-parentid-flags in lower-case hex (" + TraceParentSyntax + "). The codec ignores a malformed one."),
            ("examples", new JsonArray("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")));
        properties[CloudEventAttributes.TraceStateName] = Member(
            CloudEventAttributes.TraceState,
            ("description", "Extension attribute (CloudEvents distributed tracing), optional, only beside traceparent: the W3C Trace Context tracestate, at most 32 comma-separated key=value list-members and 512 characters. The codec ignores a malformed one."),
            ("examples", new JsonArray("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7")));
    }

    /// <summary>
    /// The schema of one CloudEvents attribute from its row of <see cref="CloudEventAttributes"/>: the JSON type of its
    /// CloudEvents type (a string, or an integer), with <c>null</c> beside it for an optional attribute (the JSON format reads
    /// null as absent), <c>date-time</c> for a Timestamp, then <paramref name="keywords"/>; an <c>enum</c> keyword replaces the type.
    /// </summary>
    private static JsonObject Member(CloudEventAttribute attribute, params (string Key, JsonNode? Value)[] keywords) =>
        Member(attribute, !attribute.Required, keywords);

    private static JsonObject Member(CloudEventAttribute attribute, bool nullable, params (string Key, JsonNode? Value)[] keywords)
    {
        var schema = new JsonObject();
        if (!keywords.Any(k => k.Key == "enum"))
        {
            string type = attribute.Type == CloudEventAttributeType.Integer ? "integer" : "string";
            schema["type"] = nullable ? new JsonArray(type, "null") : type;
        }

        if (attribute.Type == CloudEventAttributeType.Timestamp)
        {
            schema["format"] = "date-time";
        }

        foreach ((string key, JsonNode? value) in keywords)
        {
            schema[key] = value;
        }

        return schema;
    }

    /// <summary>A W3C <c>traceparent</c> as the codec keeps it (ECMA-262): a version other than <c>ff</c>, trace and parent ids not all zeros, flags, and for a version after <c>00</c> further fields after a <c>-</c>.</summary>
    public const string TraceParentSyntax = "^(?!ff)[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}(-.*)?$";

    /// <summary>
    /// Store ids the runtime accepts for this template: ASCII letters, digits and <c>_ - . @</c>, minus the
    /// punctuation the template uses as literal text (SPEC §3), so a store id cannot forge another topic.
    /// </summary>
    public static string StoreIdPattern(string template)
    {
        var chars = new StringBuilder("A-Za-z0-9");
        foreach (char c in StoreIdAlphabet.Punctuation(template))
        {
            chars.Append(c == '-' ? "\\-" : c == '.' ? "." : c.ToString());
        }

        return "^[" + chars + "]+$";
    }
}
