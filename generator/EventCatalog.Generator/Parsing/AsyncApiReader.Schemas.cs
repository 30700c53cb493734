using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Parsing;

// Messages and payload schemas: events, their data fields, and the shared types they refer to.
internal sealed partial class AsyncApiReader
{
    // Shared types by the node of their schema (a schema referenced twice is one type); read after the events, in order.
    private readonly Dictionary<int, TypeDraft> _typeByNode = new();
    private readonly List<(TypeDraft Type, YamlMapping Schema)> _pendingTypes = new();

    private EventDraft ReadMessage(YamlScalar key, YamlNode value)
    {
        var draft = new EventDraft(CatalogName(key, "message"), Where(key));
        _event = draft;
        try
        {
            if (Follow(value, out _) is not { } followed)
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

        if (Follow(payload, out _) is not YamlMapping schema)
        {
            Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(payload), $"The payload of event '{draft.Name}' must be an object schema.");
            return;
        }

        YamlNode? earlier = Get(message, "x-eventcatalog-earlier-versions");
        if (earlier is not null && Get(schema, "anyOf") is YamlSequence versions && earlier is YamlSequence numbers && numbers.Items.Count == versions.Items.Count - 1)
        {
            ReadObject(Follow(versions.Items[0], out _) as YamlMapping ?? schema, draft.Name, draft.Fields, $"event '{draft.Name}'");
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
                if (Follow(versions.Items[i + 1], out _) is YamlMapping versionSchema)
                {
                    ReadObject(versionSchema, draft.Name + "_v" + text.Value, earlierVersion.Fields, $"version {text.Value} of event '{draft.Name}'");
                }
            }

            return;
        }

        if (earlier is not null)
        {
            Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(earlier), $"'x-eventcatalog-earlier-versions' of event '{draft.Name}' must list one version number per schema after the first in the payload's 'anyOf'.");
        }

        ReadObject(schema, draft.Name, draft.Fields, $"event '{draft.Name}'");
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

        var required = new HashSet<string>(StringComparer.Ordinal);
        if (Get(schema, "required") is { } requiredNode)
        {
            if (requiredNode is YamlSequence names)
            {
                foreach (YamlNode name in names.Items)
                {
                    if (name is YamlScalar { IsNull: false } text)
                    {
                        required.Add(text.Value);
                    }
                }
            }
            else
            {
                Report(DiagnosticDescriptors.WrongStructure, Where(requiredNode), $"'required' of {what} must be a list of property names, but it is {requiredNode.Kind}.");
            }
        }

        if (Get(schema, "properties") is not { } properties || (properties is YamlScalar empty && empty.IsNull))
        {
            return;
        }

        if (properties is not YamlMapping propertyMap)
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
            if (Follow(mapping, out string? pointer) is not { } target)
            {
                return null;
            }

            if (target is YamlMapping targetMap && IsNamedType(targetMap))
            {
                // An enum or object schema is a shared type, named after its key under components/schemas (else after the field).
                return NamedType(targetMap, pointer is null ? null : SchemaKey(pointer), name);
            }

            return ReadType(target, name, what, depth + 1, ref description);
        }

        foreach (string keyword in new[] { "anyOf", "oneOf" })
        {
            if (Get(mapping, keyword) is { } choice)
            {
                YamlNode? single = choice is YamlSequence { Items.Count: 2 } pair ? pair.Items.FirstOrDefault(i => !IsNull(i)) : null;
                if (single is null || choice is YamlSequence { Items: var items } && !items.Any(IsNull))
                {
                    Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(choice), $"The schema of {what} is a '{keyword}' of several schemas; a catalog field has one type (only '{keyword}: [<schema>, {{ type: 'null' }}]', an optional value, is read). Use one schema, or one event per shape.");
                    return null;
                }

                return ReadType(single, name, what, depth + 1, ref description) is { } inner ? inner with { IsOptional = true } : null;
            }
        }

        if (!CheckKeywords(mapping, what, null))
        {
            return null;
        }

        (string? type, bool nullable) = TypeOf(mapping, what);
        if (Get(mapping, "enum") is not null || (type is "object" or null && Get(mapping, "properties") is not null))
        {
            return NamedType(mapping, null, name) is { } inline ? nullable ? inline with { IsOptional = true } : inline : null;
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
            type = new TypeDraft(key is null ? name : CatalogName(key, "schema"), key is null ? Where(schema) : Where(key));
            type.Shape = Get(schema, "enum") is not null ? TypeShape.Enum : TypeShape.Object;
            _typeByNode[schema.Start] = type;
            _pendingTypes.Add((type, schema));
        }

        return FieldType.Named(type.Shape!.Value, type.Name);
    }

    /// <summary>Reads the queued shared types; a type's fields may queue more, read in turn (each schema node once).</summary>
    private void ReadTypes()
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

                foreach (YamlNode value in values.Items)
                {
                    if (value is YamlScalar { IsNull: false } text && (Get(schema, "type") is null or YamlScalar { Value: "string" }))
                    {
                        type.Values.Add((text.Value, Where(text)));
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(value), $"A value of enum '{type.Name}' must be a snake_case text; the catalog's enums are strings, but this one is {(value is YamlScalar ? "not a string enum" : value.Kind)}.");
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
