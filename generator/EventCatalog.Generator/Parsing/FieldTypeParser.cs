using System;
using System.Collections.Generic;
using System.Linq;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Parsing;

/// <summary>
/// Parses field types: <c>string bool int long double decimal guid timestamp duration</c>,
/// <c>list&lt;T&gt;</c>, <c>map&lt;T&gt;</c>, each optionally followed by <c>?</c>.
/// Recursion is bounded by <see cref="CatalogLimits.MaxTypeDepth"/> and the text's length.
/// </summary>
internal static class FieldTypeParser
{
    private static readonly Dictionary<string, string> s_scalars = new(StringComparer.Ordinal)
    {
        ["string"] = "string",
        ["bool"] = "bool",
        ["int"] = "int",
        ["long"] = "long",
        ["double"] = "double",
        ["decimal"] = "decimal",
        ["guid"] = "global::System.Guid",
        ["timestamp"] = "global::System.DateTimeOffset",
        ["duration"] = "global::System.TimeSpan",
    };

    private static readonly Dictionary<string, string> s_aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["str"] = "string",
        ["text"] = "string",
        ["boolean"] = "bool",
        ["integer"] = "int",
        ["int32"] = "int",
        ["int64"] = "long",
        ["float"] = "double",
        ["number"] = "double",
        ["uuid"] = "guid",
        ["datetime"] = "timestamp",
        ["datetimeoffset"] = "timestamp",
        ["date"] = "timestamp",
        ["time"] = "timestamp",
        ["timespan"] = "duration",
        ["array"] = "list<string>",
        ["dict"] = "map<string>",
        ["dictionary"] = "map<string>",
        ["object"] = "map<string>",
    };

    public static IEnumerable<string> KnownNames => s_scalars.Keys.Concat(new[] { "list<T>", "map<T>" });

    /// <summary>Parses <paramref name="text"/>; on failure returns null and a suggestion (or null).</summary>
    public static FieldType? Parse(string text, bool forceOptional, out string? suggestion)
    {
        suggestion = null;
        string compact = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (compact.Length == 0 || compact.Length > CatalogLimits.MaxTypeLength)
        {
            return null;
        }

        int position = 0;
        Parsed? parsed = ParseType(compact, ref position, 0);
        if (parsed is null || position != compact.Length)
        {
            suggestion = Suggest(compact);
            return null;
        }

        bool optional = parsed.Optional || forceOptional;
        string normalized = parsed.Text + (optional && !parsed.Optional ? "?" : string.Empty);
        string csharp = parsed.CSharp + (optional ? "?" : string.Empty);
        FieldCheck check = optional ? FieldCheck.None : parsed.BaseCheck;
        return new FieldType(normalized, csharp, optional, check);
    }

    private static Parsed? ParseType(string text, ref int position, int depth)
    {
        if (depth > CatalogLimits.MaxTypeDepth)
        {
            return null;
        }

        int start = position;
        while (position < text.Length && char.IsLetterOrDigit(text[position]))
        {
            position++;
        }

        string name = text.Substring(start, position - start);
        Parsed result;
        if ((name == "list" || name == "map") && position < text.Length && text[position] == '<')
        {
            position++;
            Parsed? element = ParseType(text, ref position, depth + 1);
            if (element is null || position >= text.Length || text[position] != '>')
            {
                return null;
            }

            position++;
            string elementCSharp = element.CSharp + (element.Optional ? "?" : string.Empty);
            string elementText = element.Text;
            result = name == "list"
                ? new Parsed("list<" + elementText + ">", "global::System.Collections.Generic.IReadOnlyList<" + elementCSharp + ">", false, FieldCheck.NotNull)
                : new Parsed("map<" + elementText + ">", "global::System.Collections.Generic.IReadOnlyDictionary<string, " + elementCSharp + ">", false, FieldCheck.NotNull);
        }
        else if (s_scalars.TryGetValue(name, out string? csharp))
        {
            result = new Parsed(name, csharp, false, name == "string" ? FieldCheck.NotNullOrEmpty : FieldCheck.None);
        }
        else
        {
            return null;
        }

        if (position < text.Length && text[position] == '?')
        {
            position++;
            result = result with { Text = result.Text + "?", Optional = true };
        }

        return result;
    }

    private static string? Suggest(string text)
    {
        string bare = text.TrimEnd('?');
        if (s_aliases.TryGetValue(bare, out string? alias))
        {
            return alias + (bare.Length < text.Length ? "?" : string.Empty);
        }

        if (bare.StartsWith("list", StringComparison.OrdinalIgnoreCase) || bare.StartsWith("array", StringComparison.OrdinalIgnoreCase))
        {
            return "list<string>";
        }

        if (bare.StartsWith("map", StringComparison.OrdinalIgnoreCase) || bare.StartsWith("dict", StringComparison.OrdinalIgnoreCase))
        {
            return "map<string>";
        }

        string? close = Naming.Closest(bare, s_scalars.Keys);
        return close is null ? null : close + (bare.Length < text.Length ? "?" : string.Empty);
    }

    private sealed record Parsed(string Text, string CSharp, bool Optional, FieldCheck BaseCheck);
}
