using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Parsing;

// Scalar schemas (type, format, the catalog's own checks) and the keywords the catalog reads, drops or cannot express.
internal sealed partial class AsyncApiReader
{
    // JSON Schema keywords read as the catalog's structure, annotations that carry nothing the catalog checks, and
    // compositions it cannot express. Any other keyword is a check the catalog does not make (EVC023).
    private static readonly string[] s_structural = { "type", "format", "properties", "required", "items", "additionalProperties", "enum", "$ref", "anyOf", "oneOf" };
    // 'default', 'deprecated' (but on a payload: the event's deprecation) and '$id' say something the catalog does not keep:
    // they fall through to EVC023 like the checks.
    private static readonly string[] s_annotations = { "title", "description", "examples", "example", "readOnly", "writeOnly", "$comment", "$schema", "discriminator", "externalDocs", "xml" };
    private static readonly string[] s_inexpressible = { "allOf", "not", "if", "then", "else", "patternProperties", "prefixItems", "dependentSchemas", "unevaluatedProperties", "unevaluatedItems", "additionalItems", "contains", "propertyNames", "dependencies", "$defs", "definitions" };

    /// <summary>The schema's one type besides <c>"null"</c> and whether <c>"null"</c> is allowed.</summary>
    private (string? Type, bool Nullable) TypeOf(YamlMapping mapping, string what)
    {
        switch (Get(mapping, "type"))
        {
            case YamlScalar { IsNull: false } scalar:
                return (scalar.Value, false);
            case YamlSequence types:
                var names = types.Items.OfType<YamlScalar>().Select(t => t.Value).ToList();
                var others = names.Where(n => n != "null").ToList();
                if (others.Count == 1 && names.Count == types.Items.Count)
                {
                    return (others[0], names.Count > 1);
                }

                Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(types), $"The schema of {what} allows the types [{string.Join(", ", names)}]; a catalog field has one type, optionally with null.");
                return ("(several)", false);
            default:
                return (null, false);
        }
    }

    private FieldType? String(YamlMapping mapping, string what)
    {
        string? format = (Get(mapping, "format") as YamlScalar)?.Value;
        string? pattern = (Get(mapping, "pattern") as YamlScalar)?.Value;
        bool base64 = (Get(mapping, "contentEncoding") as YamlScalar)?.Value == "base64";
        ScalarKind kind = format switch
        {
            "date-time" => ScalarKind.Timestamp,
            "uuid" => ScalarKind.Guid,
            "uri" => ScalarKind.Uri,
            "date" => ScalarKind.Date,
            "byte" => ScalarKind.Bytes,
            "duration" => ScalarKind.Duration,
            _ when base64 || pattern == ScalarTypes.Base64Pattern => ScalarKind.Bytes,
            _ when pattern == ScalarTypes.DurationPattern => ScalarKind.Duration,
            _ => ScalarKind.String,
        };
        if (format is not null && kind == ScalarKind.String)
        {
            Report(DiagnosticDescriptors.AsyncApiNotKept, Where(Get(mapping, "format")!), $"The format '{format}' of {what} is not a catalog type: the field is a string, and the format is not checked.");
        }

        return FieldType.Of(kind);
    }

    private FieldType? Number(YamlMapping mapping, string what, string format1, ScalarKind kind1, string format2, ScalarKind kind2, ScalarKind none)
    {
        YamlNode? formatNode = Get(mapping, "format");
        string? format = (formatNode as YamlScalar)?.Value;
        if (format is null)
        {
            return FieldType.Of(none);
        }

        if (format == format1 || format == format2)
        {
            return FieldType.Of(format == format1 ? kind1 : kind2);
        }

        Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(formatNode!), $"The format '{format}' of {what} is not one the catalog has a type for ('{format1}', '{format2}', or none).");
        return null;
    }

    /// <summary>
    /// Reports keywords the catalog cannot express (EVC021) and checks it does not make (EVC023); the checks the catalog's own
    /// type implies are no loss. False when an EVC021 was reported (the schema is then not read further: one mistake, one error).
    /// </summary>
    private bool CheckKeywords(YamlMapping mapping, string what, string? shape)
    {
        bool expressible = true;
        foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Entries)
        {
            if (entry.Key is not YamlScalar { IsNull: false } key || key.Value.StartsWith("x-", StringComparison.Ordinal)
                || Array.IndexOf(s_structural, key.Value) >= 0 || Array.IndexOf(s_annotations, key.Value) >= 0
                || (key.Value is "minimum" or "maximum" or "pattern" or "contentEncoding" && IsOwnCheck(mapping))
                || (key.Value == "deprecated" && ReferenceEquals(mapping, _payloadSchema)))
            {
                continue;
            }

            if (Array.IndexOf(s_inexpressible, key.Value) >= 0)
            {
                Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(key), $"'{key.Value}' in the schema of {what} is not something a catalog {(shape ?? "field")} can express.");
                expressible = false;
            }
            else
            {
                string why = key.Value switch
                {
                    "default" => "the catalog's fields have no default value, so a missing optional value stays null",
                    "deprecated" => "the catalog deprecates events, not fields or types",
                    "$id" => "references are resolved against this document alone",
                    _ => "the catalog's validators do not check it",
                };
                Report(DiagnosticDescriptors.AsyncApiNotKept, Where(key), $"'{key.Value}' in the schema of {what} is not kept: {why}.");
            }
        }

        return expressible;
    }

    /// <summary>True when the schema's range, pattern and encoding are exactly those of the catalog scalar it reads as (what the export writes).</summary>
    private static bool IsOwnCheck(YamlMapping mapping)
    {
        string? type = Get(mapping, "type") is YamlSequence types ? types.Items.OfType<YamlScalar>().FirstOrDefault(t => t.Value != "null")?.Value : (Get(mapping, "type") as YamlScalar)?.Value;
        string? format = (Get(mapping, "format") as YamlScalar)?.Value;
        string? Read(string keyword) => (Get(mapping, keyword) as YamlScalar)?.Value;
        return ScalarTypes.All.Any(row => row.Schema.Type == type && row.Schema.Format == format
            && (Read("minimum") is null || Read("minimum") == row.Schema.Minimum?.ToString(CultureInfo.InvariantCulture))
            && (Read("maximum") is null || Read("maximum") == row.Schema.Maximum?.ToString(CultureInfo.InvariantCulture))
            && (Read("pattern") is null || Read("pattern") == row.Schema.Pattern)
            && (Read("contentEncoding") is null || Read("contentEncoding") == row.Schema.ContentEncoding));
    }
}
