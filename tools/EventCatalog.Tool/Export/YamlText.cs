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
/// YAML reads it back as that same string, otherwise double-quoted with YAML's own escapes (<see cref="DoubleQuoted"/>).
/// </summary>
internal static class YamlText
{
    private static readonly Regex s_plain = new(@"^[A-Za-z_/][A-Za-z0-9_ .,/()'+-]*$", RegexOptions.CultureInvariant);

    /// <summary>Words YAML 1.1 or 1.2 would read as a boolean or null, which must stay quoted.</summary>
    private static readonly string[] s_reserved = { "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~" };

    /// <summary>The longest key written as an implicit key (YAML 1.2 section 7.4.2 allows 1024 Unicode characters; counted in UTF-16 units, with room).</summary>
    private const int MaxImplicitKeyLength = 1000;

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
                    string name = Scalar(key);
                    if (name.Length > MaxImplicitKeyLength)
                    {
                        // YAML limits an implicit key to 1024 characters (libyaml refuses a longer one): an explicit key, then its value.
                        b.Append("? ").Append(name).Append('\n').Append(' ', indent).Append(':');
                    }
                    else
                    {
                        b.Append(name).Append(':');
                    }

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
        return plain ? text : DoubleQuoted(text);
    }

    /// <summary>
    /// A YAML 1.2 double-quoted scalar (section 7.3.1) that every conformant reader (libyaml, go-yaml, js-yaml, YamlDotNet)
    /// reads back as <paramref name="text"/>: characters outside the BMP are written as themselves (UTF-8), never as JSON's
    /// UTF-16 escape pairs, which YAML reads as two lone surrogates (libyaml refuses them); what YAML does not allow
    /// unescaped (C0 and C1 controls, DEL, the byte-order mark, U+FFFE/U+FFFF) and the line breaks a YAML 1.1 reader
    /// folds (NEL, U+2028, U+2029) are escaped by code point. A lone surrogate has no UTF-8 form and no escape YAML reads:
    /// it is refused.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="text"/> holds a lone UTF-16 surrogate.</exception>
    internal static string DoubleQuoted(string text)
    {
        var b = new StringBuilder(text.Length + 2).Append('"');
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                b.Append(c).Append(text[++i]);
                continue;
            }

            if (char.IsSurrogate(c))
            {
                throw new ArgumentException($"The text holds a lone UTF-16 surrogate U+{(int)c:X4} at index {i}, which YAML (and UTF-8) cannot carry: '{text}'.", nameof(text));
            }

            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\0': b.Append("\\0"); break;
                case '\a': b.Append("\\a"); break;
                case '\b': b.Append("\\b"); break;
                case '\t': b.Append("\\t"); break;
                case '\n': b.Append("\\n"); break;
                case '\v': b.Append("\\v"); break;
                case '\f': b.Append("\\f"); break;
                case '\r': b.Append("\\r"); break;
                case '\u001B': b.Append("\\e"); break;
                case '\u0085': b.Append("\\N"); break;
                case '\u2028': b.Append("\\L"); break;
                case '\u2029': b.Append("\\P"); break;
                default:
                    if (c < ' ' || (c >= '\u007F' && c <= '\u009F'))
                    {
                        b.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    }
                    else if (c is '\uFEFF' or '\uFFFE' or '\uFFFF')
                    {
                        b.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        b.Append(c);
                    }

                    break;
            }
        }

        return b.Append('"').ToString();
    }
}
