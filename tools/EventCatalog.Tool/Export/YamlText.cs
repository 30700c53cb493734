using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EventCatalog.Tool.Export;

/// <summary>
/// Writes a JSON tree as block-style YAML 1.2: mappings and sequences in block form, a string plain only when
/// YAML reads it back as that same string, otherwise double-quoted with JSON's escapes (valid YAML).
/// </summary>
internal static class YamlText
{
    private static readonly JsonSerializerOptions s_relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly Regex s_plain = new(@"^[A-Za-z_/][A-Za-z0-9_ .,/()'+-]*$", RegexOptions.CultureInvariant);

    /// <summary>Words YAML 1.1 or 1.2 would read as a boolean or null, which must stay quoted.</summary>
    private static readonly string[] s_reserved = { "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~" };

    public static string Write(JsonNode root)
    {
        var builder = new StringBuilder();
        WriteNode(builder, root, 0, inSequence: false);
        return builder.ToString();
    }

    private static void WriteNode(StringBuilder b, JsonNode? node, int indent, bool inSequence)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                bool first = true;
                foreach (var (key, value) in obj)
                {
                    if (!(first && inSequence))
                    {
                        b.Append(' ', indent);
                    }

                    first = false;
                    b.Append(Scalar(key)).Append(':');
                    WriteValue(b, value, indent);
                }

                break;
            case JsonArray array when array.Count > 0:
                foreach (JsonNode? item in array)
                {
                    b.Append(' ', indent).Append("- ");
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        if (item is JsonArray)
                        {
                            b.Append('\n');
                            WriteNode(b, item, indent + 2, inSequence: false);
                        }
                        else
                        {
                            WriteNode(b, item, indent + 2, inSequence: true);
                        }
                    }
                    else
                    {
                        b.Append(Inline(item)).Append('\n');
                    }
                }

                break;
            default:
                b.Append(' ', indent).Append(Inline(node)).Append('\n');
                break;
        }
    }

    private static void WriteValue(StringBuilder b, JsonNode? value, int indent)
    {
        if (value is JsonObject { Count: > 0 })
        {
            b.Append('\n');
            WriteNode(b, value, indent + 2, inSequence: false);
        }
        else if (value is JsonArray { Count: > 0 })
        {
            b.Append('\n');
            WriteNode(b, value, indent, inSequence: false);
        }
        else
        {
            b.Append(' ').Append(Inline(value)).Append('\n');
        }
    }

    private static string Inline(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => Scalar(value.GetValue<string>()),
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>() ? "true" : "false",
        _ => node.ToJsonString(),
    };

    private static string Scalar(string text)
    {
        bool plain = s_plain.IsMatch(text)
            && !text.EndsWith(' ')
            && !s_reserved.Contains(text.ToLowerInvariant())
            && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        return plain ? text : JsonSerializer.Serialize(text, s_relaxed);
    }
}
