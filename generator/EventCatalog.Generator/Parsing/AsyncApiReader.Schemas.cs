using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EventCatalog.Contract;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Parsing;

// Messages and payload schemas: events, their data fields, and the shared types they refer to.
internal sealed partial class AsyncApiReader
{
    // Shared types by the node of their schema (a schema referenced twice is one type); read after the events, in order.
    private readonly Dictionary<int, TypeDraft> _typeByNode = new();
    private readonly List<(TypeDraft Type, YamlMapping Schema)> _pendingTypes = new();

    // The payload schema being read: its 'deprecated' is the event's deprecation, not a loss.
    private YamlMapping? _payloadSchema;

    // The nodes of the payload (and headers) schemas: one under components/schemas is a message's, not a type.
    private readonly HashSet<int> _payloads = new();

    private EventDraft ReadMessage(YamlScalar key, YamlNode value)
    {
        var draft = new EventDraft(CatalogName(key, "message"), Where(key));
        _event = draft;
        try
        {
            if (Follow(value, out _, RefTarget.Message) is not { } followed)
            {
                return draft;
            }

            if (followed is not YamlMapping message)
            {
                Report(DiagnosticDescriptors.WrongStructure, Where(value), $"Message '{key.Value}' must be a mapping (payload, summary, ...), but it is {followed.Kind}.");
                return draft;
            }

            CheckExtensions(message, $"message '{key.Value}'", s_messageExtensions);
            string where = $"message '{key.Value}'";
            draft.Deprecated = Text(Get(message, "x-eventcatalog-deprecated"), $"'x-eventcatalog-deprecated' of {where}");
            string? summary = Text(Get(message, "summary"), $"the summary of {where}");
            if (draft.Deprecated is { } deprecated && summary is not null)
            {
                // The export writes the deprecation after the description ("<description> Deprecated: <message>").
                string tail = "Deprecated: " + deprecated;
                summary = summary == tail ? null : summary.EndsWith(" " + tail, StringComparison.Ordinal) ? summary.Substring(0, summary.Length - tail.Length - 1) : summary;
            }

            draft.Description = Text(Get(message, "description"), $"the description of {where}") ?? summary;
            if (Get(message, "x-eventcatalog-version") is { } version)
            {
                draft.VersionLocation = Where(version);
                draft.Version = version is YamlScalar { IsPlain: true } number && int.TryParse(number.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) && parsed is >= 1 and <= CatalogLimits.MaxEventVersion ? parsed : null;
                if (draft.Version is null)
                {
                    Report(DiagnosticDescriptors.InvalidEventVersion, Where(version), FormattableString.Invariant($"'x-eventcatalog-version' of {where} must be a whole number from 1 to {CatalogLimits.MaxEventVersion}."));
                }
            }

            CheckMessage(key, message, where);
            YamlNode? payload = Get(message, "payload");
            if (payload is null)
            {
                Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(key), $"{Capitalize(where)} has no 'payload': an event's data is an object schema ('payload: {{ type: object, properties: {{ … }} }}'; an event without data has no properties).");
                return draft;
            }

            ReadPayload(draft, message, payload);
            return draft;
        }
        finally
        {
            _event = null;
        }
    }

    /// <summary>
    /// What a message says besides its payload: a content type that is not JSON (the generated codec is CloudEvents JSON),
    /// headers other than the CloudEvents attributes the codec writes, a <c>name</c> other than its key, and traits, bindings
    /// and a correlation id, none of which the catalog keeps.
    /// </summary>
    private void CheckMessage(YamlScalar key, YamlMapping message, string where)
    {
        if (Get(message, "contentType") is { } contentType)
        {
            CheckContentType(contentType, $"the content type of {where}");
        }
        else
        {
            _usesDefaultContentType = true;
        }

        if (Get(message, "name") is YamlScalar { IsNull: false } name && name.Value != key.Value)
        {
            Report(DiagnosticDescriptors.AsyncApiNotKept, Where(name), $"The name '{name.Value}' of {where} is not kept: the event is named after the message's key '{key.Value}'.");
        }

        foreach (string keyword in new[] { "traits", "bindings", "correlationId" })
        {
            if (Get(message, keyword) is { } node && node is not YamlScalar { IsNull: true })
            {
                string why = keyword switch
                {
                    "traits" => "traits are not applied, so what they add (headers, content type, bindings) is not read",
                    "bindings" => "the transports set their own protocol details",
                    _ => "the codec carries the CloudEvents 'id' and the trace context, not a correlation id of the document's choosing",
                };
                Report(DiagnosticDescriptors.AsyncApiNotKept, Where(FindKey(message, keyword)!), $"'{keyword}' of {where} is not kept: {why}.");
            }
        }

        if (Get(message, "headers") is { } headers && Follow(headers, out _, RefTarget.Schema) is YamlMapping headerSchema
            && Get(headerSchema, "properties") is YamlMapping headerProperties)
        {
            _payloads.Add(headerSchema.Start);
            foreach (var (header, _) in Entries(headerProperties, $"the headers of {where}"))
            {
                if (!IsCloudEventsAttribute(header.Value))
                {
                    Report(DiagnosticDescriptors.AsyncApiNotKept, Where(header), $"The header '{header.Value}' in the headers of {where} is not kept: the generated codec writes the CloudEvents attributes as the only headers. Make it a payload property to keep it.");
                }
            }
        }
    }

    /// <summary>Whether a header is one of the CloudEvents attributes the generated codec reads and writes (the contract's one table, as the export describes them): no loss as a header.</summary>
    private static bool IsCloudEventsAttribute(string name)
    {
        foreach (CloudEventAttribute attribute in CloudEventAttributes.All)
        {
            if (attribute.Name == name && attribute.Member is not (CloudEventMember.Data or CloudEventMember.DataBase64))
            {
                return true;
            }
        }

        return false;
    }

    private bool _usesDefaultContentType;

    /// <summary>Reports (EVC021) a content type that is not JSON: <c>application/json</c>, <c>application/cloudevents+json</c>, any <c>…/…+json</c>, with parameters.</summary>
    private void CheckContentType(YamlNode node, string what)
    {
        string? text = Text(node, what);
        if (text is null || JsonMediaType.Is(text))
        {
            return;
        }

        Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(node), $"{Capitalize(what)} is '{text}'; the generated codec reads and writes CloudEvents JSON, so only JSON media types ('application/json', 'application/cloudevents+json', '…+json') are read.");
    }

    /// <summary>The key node of <paramref name="key"/> in <paramref name="mapping"/> (for a diagnostic at the key), or null.</summary>
    private static YamlNode? FindKey(YamlMapping mapping, string key) =>
        mapping.Entries.Select(e => e.Key).FirstOrDefault(k => k is YamlScalar { IsNull: false } name && name.Value == key);

    /// <summary>The payload: the current version's object schema, or for an event with earlier versions the <c>anyOf</c> the export writes (current first, then <c>x-eventcatalog-earlier-versions</c> in order).</summary>
    private void ReadPayload(EventDraft draft, YamlMapping message, YamlNode payload)
    {
        if (Get(payload as YamlMapping, "schemaFormat") is { } format)
        {
            string? text = (format as YamlScalar)?.Value;
            if (text is null || !(text.StartsWith("application/vnd.aai.asyncapi", StringComparison.Ordinal) || text.StartsWith("application/schema+json", StringComparison.Ordinal)))
            {
                Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(format), $"The payload of event '{draft.Name}' is in the schema format '{text}'; only AsyncAPI and JSON Schema payloads are read (not Avro, RAML or Protobuf).");
                return;
            }

            payload = Get((YamlMapping)payload, "schema") ?? payload;
        }

        if (Follow(payload, out _, RefTarget.Schema) is not YamlMapping schema)
        {
            Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(payload), $"The payload of event '{draft.Name}' must be an object schema.");
            return;
        }

        // A components schema that is a payload is the event's data, not also a type of its own.
        _payloads.Add(schema.Start);

        YamlNode? earlier = Get(message, "x-eventcatalog-earlier-versions");
        if (earlier is not null && Get(schema, "anyOf") is YamlSequence versions && earlier is YamlSequence numbers && numbers.Items.Count == versions.Items.Count - 1)
        {
            YamlMapping current = Follow(versions.Items[0], out _, RefTarget.Schema) as YamlMapping ?? schema;
            _payloads.Add(current.Start);
            ReadObject(current, draft.Name, draft.Fields, $"event '{draft.Name}'");
            draft.VersionsLocation = Where(earlier);
            for (int i = 0; i < numbers.Items.Count; i++)
            {
                YamlNode number = numbers.Items[i];
                if (number is not YamlScalar { IsPlain: true } text || !int.TryParse(text.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version is < 1 or > CatalogLimits.MaxEventVersion)
                {
                    Report(DiagnosticDescriptors.InvalidEventVersion, Where(number), FormattableString.Invariant($"An item of 'x-eventcatalog-earlier-versions' of event '{draft.Name}' must be a whole number from 1 to {CatalogLimits.MaxEventVersion}."));
                    continue;
                }

                var earlierVersion = new EventVersionDraft(version, Where(number));
                draft.Versions.Add(earlierVersion);
                if (Follow(versions.Items[i + 1], out _, RefTarget.Schema) is YamlMapping versionSchema)
                {
                    _payloads.Add(versionSchema.Start);
                    ReadObject(versionSchema, draft.Name + "_v" + text.Value, earlierVersion.Fields, $"version {text.Value} of event '{draft.Name}'");
                }
            }

            return;
        }

        if (earlier is not null)
        {
            Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(earlier), $"'x-eventcatalog-earlier-versions' of event '{draft.Name}' must list one version number per schema after the first in the payload's 'anyOf'.");
            return;
        }

        string what = $"event '{draft.Name}'";
        bool named = Get(schema, "properties") is not null;
        if (!named && OptionalChoice(schema, what) is { } single)
        {
            // anyOf/oneOf [object, null]: the data is the object; a null payload is not an event the catalog has.
            if (Follow(single, out _, RefTarget.Schema) is not YamlMapping inner)
            {
                return;
            }

            Report(DiagnosticDescriptors.AsyncApiNotKept, Where(Get(schema, "anyOf") ?? Get(schema, "oneOf")!), $"The payload of {what} may be null; an event always carries its data object, so the object is read and a null payload is not accepted.");
            schema = inner;
            _payloads.Add(schema.Start);
        }
        else if (!named && (Get(schema, "anyOf") is not null || Get(schema, "oneOf") is not null))
        {
            return;
        }

        if (Get(schema, "type") is YamlSequence types && types.Items.Any(t => t is YamlScalar { Value: "null" }))
        {
            Report(DiagnosticDescriptors.AsyncApiNotKept, Where(types), $"The payload of {what} may be null; an event always carries its data object, so a null payload is not accepted.");
        }

        if (Get(schema, "properties") is null && Get(schema, "additionalProperties") is { } map && map is not YamlScalar)
        {
            Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(map), $"The payload of {what} is a map ('additionalProperties' without 'properties'); an event's data is an object of named fields. Give the payload 'properties', with the map as one of them.");
            return;
        }

        _payloadSchema = schema;
        if (Get(schema, "deprecated") is YamlScalar { IsPlain: true, Value: "true" } && draft.Deprecated is null)
        {
            draft.Deprecated = $"The event '{draft.Name}' is deprecated.";
        }

        try
        {
            ReadObject(schema, draft.Name, draft.Fields, what);
        }
        finally
        {
            _payloadSchema = null;
        }
    }

    /// <summary>
    /// The one schema of an <c>anyOf</c>/<c>oneOf</c> that is a schema or null (an optional value), or null: when the
    /// schema has no such keyword, or (reported, EVC021) when it is a choice of several schemas the catalog cannot express.
    /// </summary>
    private YamlNode? OptionalChoice(YamlMapping schema, string what)
    {
        foreach (string keyword in new[] { "anyOf", "oneOf" })
        {
            if (Get(schema, keyword) is { } choice)
            {
                YamlNode? single = choice is YamlSequence { Items.Count: 2 } pair && pair.Items.Count(IsNull) == 1 ? pair.Items.First(i => !IsNull(i)) : null;
                if (single is null)
                {
                    Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(choice), $"The schema of {what} is a '{keyword}' of several schemas; the catalog has one shape per field and per event (only '{keyword}: [<schema>, {{ type: 'null' }}]', an optional value, is read). Use one schema, or one event per shape.");
                }

                return single;
            }
        }

        return null;
    }

    /// <summary>An object schema's properties as fields: required unless absent from <c>required</c> or nullable.</summary>
    private void ReadObject(YamlMapping schema, string owner, List<FieldDraft> fields, string what)
    {
        if (!Spend(schema))
        {
            Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(schema), FormattableString.Invariant($"The document costs more than {CatalogLimits.MaxNodes:N0} schema visits to read (its references repeat large schemas); {what} and what follows are not read."));
            return;
        }

        CheckKeywords(schema, what, "object");
        if (Get(schema, "type") is YamlScalar { IsNull: false } type && type.Value != "object")
        {
            Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(type), $"The schema of {what} is of type '{type.Value}'; an event's data and an object type are objects ('type: object' with 'properties').");
            return;
        }

        if (Get(schema, "additionalProperties") is YamlMapping extra && Get(schema, "properties") is not null)
        {
            Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(extra), $"The schema of {what} has both 'properties' and an 'additionalProperties' schema; the catalog has objects of named fields and maps of one value type, not both in one. Make the extra values a map field.");
        }

        if (Get(schema, "properties") is not null && (Get(schema, "anyOf") ?? Get(schema, "oneOf")) is { } choice)
        {
            Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(choice), $"The schema of {what} has both 'properties' and a choice of schemas; the catalog's objects have one set of fields.");
            return;
        }

        var required = new HashSet<string>(StringComparer.Ordinal);
        var requiredNames = new List<YamlScalar>();
        if (Get(schema, "required") is { } requiredNode)
        {
            if (requiredNode is YamlSequence names)
            {
                foreach (YamlNode name in names.Items)
                {
                    if (name is YamlScalar { IsNull: false } text)
                    {
                        required.Add(text.Value);
                        requiredNames.Add(text);
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.WrongStructure, Where(name), $"An item of 'required' of {what} must be a property name, but it is {name.Kind}.");
                    }
                }
            }
            else
            {
                Report(DiagnosticDescriptors.WrongStructure, Where(requiredNode), $"'required' of {what} must be a list of property names, but it is {requiredNode.Kind}.");
            }
        }

        YamlNode? properties = Get(schema, "properties");
        YamlMapping? propertyMap = properties as YamlMapping;
        foreach (YamlScalar name in requiredNames)
        {
            if (Get(propertyMap, name.Value) is null)
            {
                Report(DiagnosticDescriptors.AsyncApiNotKept, Where(name), $"'required' of {what} names '{name.Value}', which is not one of its properties: the catalog has no field for it, so that it is present is not checked. Add the property, or remove the name.");
            }
        }

        if (properties is null || (properties is YamlScalar empty && empty.IsNull))
        {
            return;
        }

        if (propertyMap is null)
        {
            Report(DiagnosticDescriptors.WrongStructure, Where(properties), $"'properties' of {what} must be a mapping of property names to schemas, but it is {properties.Kind}.");
            return;
        }

        foreach (var (key, value) in Entries(propertyMap, $"the properties of {what}"))
        {
            var field = new FieldDraft(CatalogName(key, "property"), Where(key));
            fields.Add(field);
            string? description = null;
            FieldType? fieldType = ReadType(value, owner + "_" + field.Name, $"property '{key.Value}' of {what}", 0, ref description);
            field.Description = description;
            if (fieldType is not null)
            {
                field.Type = required.Contains(key.Value) ? fieldType : fieldType with { IsOptional = true };
            }
        }
    }

    /// <summary>
    /// The field type of a property or item schema (<paramref name="name"/> names an inline enum or object type), with the first
    /// description on the way; null after a diagnostic. A <c>$ref</c> to an enum or object schema is a shared type, to anything
    /// else the schema it points at; a nullable type (<c>type: [T, "null"]</c>, or <c>anyOf</c> of a schema and null) is optional.
    /// </summary>
    private FieldType? ReadType(YamlNode node, string name, string what, int depth, ref string? description)
    {
        if (depth > CatalogLimits.MaxTypeDepth || !Spend(node))
        {
            Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(node), FormattableString.Invariant($"The schema of {what} nests lists and maps more than {CatalogLimits.MaxTypeDepth} deep (or the document costs more than {CatalogLimits.MaxNodes:N0} schema visits to read)."));
            return null;
        }

        if (node is not YamlMapping mapping)
        {
            Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(node), $"The schema of {what} must be a mapping, but it is {node.Kind}.");
            return null;
        }

        description ??= Text(Get(mapping, "description"), $"the description of {what}");
        if (Get(mapping, "$ref") is not null)
        {
            if (Follow(mapping, out string? pointer, RefTarget.Schema) is not { } target)
            {
                return null;
            }

            if (target is YamlMapping targetMap && IsNamedType(targetMap))
            {
                // An enum or object schema is a shared type, named after its key under components/schemas (else after the field).
                return NamedType(targetMap, pointer is null ? null : SchemaKey(pointer), name) is { } shared ? AllowsNull(targetMap) ? shared with { IsOptional = true } : shared : null;
            }

            return ReadType(target, name, what, depth + 1, ref description);
        }

        if (Get(mapping, "anyOf") is not null || Get(mapping, "oneOf") is not null)
        {
            return OptionalChoice(mapping, what) is { } single && ReadType(single, name, what, depth + 1, ref description) is { } inner ? inner with { IsOptional = true } : null;
        }

        if (!CheckKeywords(mapping, what, null))
        {
            return null;
        }

        (string? type, bool nullable) = TypeOf(mapping, what);
        if (Get(mapping, "enum") is not null || (type is "object" or null && Get(mapping, "properties") is not null))
        {
            return NamedType(mapping, null, name) is { } inline ? nullable || AllowsNull(mapping) ? inline with { IsOptional = true } : inline : null;
        }

        FieldType? result = type switch
        {
            "string" => String(mapping, what),
            "integer" => Number(mapping, what, "int32", ScalarKind.Int, "int64", ScalarKind.Long, ScalarKind.Long),
            "number" => Number(mapping, what, "double", ScalarKind.Double, "float", ScalarKind.Double, ScalarKind.Decimal),
            "boolean" => FieldType.Of(ScalarKind.Bool),
            "array" => Items(mapping, name, what, depth, "items", FieldType.ListOf),
            "object" or null when Get(mapping, "additionalProperties") is YamlMapping => Items(mapping, name, what, depth, "additionalProperties", FieldType.MapOf),
            "(several)" => null,
            _ => Unsupported(mapping, what, type),
        };
        return result is not null && nullable ? result with { IsOptional = true } : result;
    }

    private FieldType? Items(YamlMapping mapping, string name, string what, int depth, string keyword, Func<FieldType, FieldType> shape)
    {
        if (Get(mapping, keyword) is not YamlMapping items)
        {
            Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(Get(mapping, keyword) ?? mapping), $"The {(keyword == "items" ? "array" : "map")} schema of {what} has no '{keyword}' schema: a list or map field has one element type ('{keyword}: {{ type: string }}').");
            return null;
        }

        string? ignored = null;
        return ReadType(items, name + "_item", $"the {keyword} of {what}", depth + 1, ref ignored) is { } element ? shape(element) : null;
    }

    private FieldType? Unsupported(YamlMapping mapping, string what, string? type)
    {
        Report(
            DiagnosticDescriptors.AsyncApiUnsupported,
            Where(Get(mapping, "type") ?? mapping),
            type is null
                ? $"The schema of {what} has no 'type' (nor 'properties', 'items', 'additionalProperties', 'enum' or '$ref'): a catalog field has one type."
                : type == "object"
                    ? $"The schema of {what} is an object with neither 'properties' nor an 'additionalProperties' schema: a catalog field is an object type of named fields or a map of one value type."
                    : $"The schema of {what} has the type '{type}', which the catalog has no field type for.");
        return null;
    }

    private static bool IsNull(YamlNode node) => node is YamlMapping mapping && mapping.Entries.Count == 1 && Get(mapping, "type") is YamlScalar { Value: "null" };

    /// <summary>True when an enum or object schema also allows null (<c>type: [T, 'null']</c>, or <c>null</c> among its enum values): the field is optional.</summary>
    private static bool AllowsNull(YamlMapping schema) =>
        (Get(schema, "type") is YamlSequence types && types.Items.Any(t => t is YamlScalar { Value: "null" }))
        || (Get(schema, "enum") is YamlSequence values && values.Items.Any(v => v is YamlScalar { IsNull: true }));

    private static bool IsNamedType(YamlMapping schema) => Get(schema, "enum") is not null || Get(schema, "properties") is not null;

    private YamlScalar? SchemaKey(string pointer) =>
        !pointer.StartsWith("#/components/schemas/", StringComparison.Ordinal) || pointer.IndexOf('/', "#/components/schemas/".Length) >= 0 ? null :
        (Get(Get(_root, "components") as YamlMapping, "schemas") as YamlMapping)?.Entries
            .Select(e => e.Key).OfType<YamlScalar>().FirstOrDefault(k => k.Value == Uri.UnescapeDataString(pointer.Substring("#/components/schemas/".Length)).Replace("~1", "/").Replace("~0", "~"));

    /// <summary>The shared type of an enum or object schema (one per schema node), queued to be read after the events.</summary>
    private FieldType? NamedType(YamlMapping schema, YamlScalar? key, string name)
    {
        if (!_typeByNode.TryGetValue(schema.Start, out TypeDraft? type))
        {
            type = new TypeDraft(key is null ? FreeName(name) : CatalogName(key, "schema"), key is null ? Where(schema) : Where(key));
            type.Shape = Get(schema, "enum") is not null ? TypeShape.Enum : TypeShape.Object;
            _typeByNode[schema.Start] = type;
            _pendingTypes.Add((type, schema));
        }

        return FieldType.Named(type.Shape!.Value, type.Name);
    }

    /// <summary>
    /// The name of an inline type: <paramref name="name"/> (<c>&lt;owner&gt;_&lt;property&gt;</c>), or when a schema under
    /// <c>components/schemas</c> or an earlier inline type has it, the first free <c>name_2</c>, <c>name_3</c>, … — in the
    /// order the document is read, so the same document always gives the same names.
    /// </summary>
    private string FreeName(string name)
    {
        if (_takenNames is null)
        {
            _takenNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (key, _) in ComponentSchemas())
            {
                _takenNames.Add(Naming.IsSnakeCase(key.Value) ? key.Value : Naming.SuggestSnakeCase(key.Value) ?? key.Value);
            }
        }

        string free = name;
        for (int n = 2; !_takenNames.Add(free); n++)
        {
            free = name + "_" + n.ToString(CultureInfo.InvariantCulture);
        }

        return free;
    }

    private HashSet<string>? _takenNames;

    /// <summary>The entries of <c>components/schemas</c> with text keys, in the document's order.</summary>
    private IEnumerable<(YamlScalar Key, YamlNode Value)> ComponentSchemas() =>
        (Get(Get(_root, "components") as YamlMapping, "schemas") as YamlMapping)?.Entries
            .Where(e => e.Key is YamlScalar { IsNull: false }).Select(e => ((YamlScalar)e.Key, e.Value))
        ?? Enumerable.Empty<(YamlScalar, YamlNode)>();

    /// <summary>
    /// Keeps every enum and object schema under <c>components/schemas</c> as a catalog type, used or not (as a YAML catalog
    /// keeps every type it declares; EVC204 lints an unused one), and reports (EVC023) one that no message reaches and that is
    /// no type: a scalar, list or map schema is read only in place. Called after the events, so used types keep their uses.
    /// </summary>
    private void KeepComponentSchemas()
    {
        foreach (var (key, value) in ComponentSchemas())
        {
            if (_payloads.Contains(value.Start))
            {
                continue;
            }

            if (value is YamlMapping schema && Get(schema, "$ref") is null && IsNamedType(schema))
            {
                NamedType(schema, key, key.Value);
            }
            else if (!_reached.Contains(value.Start) && !(value is YamlMapping alias && Get(alias, "$ref") is not null))
            {
                // (A schema that is only a $ref is another name for its target, which is kept or reported on its own.)
                Report(DiagnosticDescriptors.AsyncApiNotKept, Where(key), $"The schema '{key.Value}' under 'components/schemas' is not kept: no message uses it, and only object and enum schemas are catalog types.");
            }
        }
    }

    /// <summary>
    /// Reads the queued shared types; a type's fields may queue more, read in turn (each schema node once). The types of
    /// <c>components/schemas</c> come first, in the document's order (the order the export writes a catalog's <c>types:</c>),
    /// then the inline ones in the order they are met.
    /// </summary>
    private void ReadTypes()
    {
        KeepComponentSchemas();
        ReadQueuedTypes();
        var order = new Dictionary<int, int>();
        foreach (var (_, value) in ComponentSchemas())
        {
            order[value.Start] = order.Count;
        }

        var schemaOf = _pendingTypes.ToDictionary(p => p.Type, p => p.Schema.Start);
        var sorted = _catalog.Types.OrderBy(t => schemaOf.TryGetValue(t, out int start) && order.TryGetValue(start, out int at) ? at : int.MaxValue).ToList();
        _catalog.Types.Clear();
        _catalog.Types.AddRange(sorted);
    }

    private void ReadQueuedTypes()
    {
        for (int i = 0; i < _pendingTypes.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            (TypeDraft type, YamlMapping schema) = _pendingTypes[i];
            _catalog.Types.Add(type);
            _type = type;
            try
            {
                type.Description = Text(Get(schema, "description"), $"the description of type '{type.Name}'");
                if (type.Shape == TypeShape.Object)
                {
                    ReadObject(schema, type.Name, type.Fields, $"type '{type.Name}'");
                    continue;
                }

                CheckKeywords(schema, $"type '{type.Name}'", "enum");
                if (Get(schema, "enum") is not YamlSequence { Items.Count: > 0 } values)
                {
                    Report(DiagnosticDescriptors.WrongStructure, Where(Get(schema, "enum")!), $"'enum' of type '{type.Name}' must be a list of at least one value.");
                    continue;
                }

                (string? valueType, bool nullable) = TypeOf(schema, $"type '{type.Name}'");
                if (valueType is not null and not "string")
                {
                    Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(Get(schema, "type")!), $"Enum '{type.Name}' is of type '{valueType}'; the catalog's enums are strings on the wire.");
                    continue;
                }

                foreach (YamlNode value in values.Items)
                {
                    // Only values that are strings in the document: an unquoted true, 1 or 2024-05-01 is a JSON boolean, number
                    // or (YAML 1.1) date, which the codec would then write as a string. null is the optional marker.
                    if (value is YamlScalar { IsNull: true } && (nullable || valueType is null))
                    {
                        continue;
                    }

                    string? reading = value is not YamlScalar scalar ? value.Kind
                        : scalar.IsNull ? "null, and the enum's 'type' does not allow null"
                        : scalar.IsPlain && YamlBooleans.TryRead(scalar, out _, out bool yaml11Only) && !yaml11Only ? "a boolean"
                        : YamlPlainScalars.NonStringReading(scalar);
                    if (reading is null)
                    {
                        type.Values.Add((((YamlScalar)value).Value, Where(value)));
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(value), $"The value '{(value as YamlScalar)?.Value}' of enum '{type.Name}' is {reading}: the catalog's enums are strings on the wire, so only string values are read (quote it to make it a string).");
                    }
                }
            }
            finally
            {
                _type = null;
            }
        }
    }

    /// <summary>Counts one visit against the document's budget; false (and nothing read) once it is spent.</summary>
    private bool Spend(YamlNode node)
    {
        _budget -= Math.Max(1, node.Size);
        return _budget >= 0;
    }
}
