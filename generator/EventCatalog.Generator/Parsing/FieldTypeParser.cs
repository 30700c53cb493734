using System;
using System.Collections.Generic;
using System.Linq;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Parsing;

/// <summary>
/// Parses field types into <see cref="FieldType"/>: the scalars of <see cref="ScalarTypes"/>, the catalog's
/// <c>types:</c> names, <c>list&lt;T&gt;</c> and <c>map&lt;T&gt;</c>, each optionally followed by <c>?</c>.
/// Recursion is bounded by <see cref="CatalogLimits.MaxTypeDepth"/> and the text's length.
/// </summary>
internal static class FieldTypeParser
{
    // Spellings of a list or map from other languages; the scalars' own aliases are in ScalarTypes.
    private static readonly Dictionary<string, string> s_shapeAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["array"] = "list<string>",
        ["dict"] = "map<string>",
        ["dictionary"] = "map<string>",
        ["object"] = "map<string>",
    };

    /// <summary>The type names a message lists: the scalars, then <c>list&lt;T&gt;</c> and <c>map&lt;T&gt;</c>.</summary>
    public static IEnumerable<string> KnownNames => ScalarTypes.Names.Concat(new[] { "list<T>", "map<T>" });

    /// <summary>Parses <paramref name="text"/> with scalars only; on failure returns null and a suggestion (or null).</summary>
    public static FieldType? Parse(string text, bool forceOptional, out string? suggestion) =>
        Parse(text, forceOptional, NamedTypes.None, out suggestion);

    /// <summary>Parses <paramref name="text"/>, resolving <c>types:</c> names through <paramref name="named"/>; on failure returns null and a suggestion (or null).</summary>
    public static FieldType? Parse(string text, bool forceOptional, NamedTypes named, out string? suggestion)
    {
        suggestion = null;
        string compact = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (compact.Length == 0 || compact.Length > CatalogLimits.MaxTypeLength)
        {
            return null;
        }

        int position = 0;
        FieldType? parsed = ParseType(compact, ref position, 0, named);
        if (parsed is null || position != compact.Length)
        {
            suggestion = Suggest(compact, named);
            return null;
        }

        return forceOptional && !parsed.IsOptional ? parsed with { IsOptional = true } : parsed;
    }

    private static FieldType? ParseType(string text, ref int position, int depth, NamedTypes named)
    {
        if (depth > CatalogLimits.MaxTypeDepth)
        {
            return null;
        }

        int start = position;
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
        {
            position++;
        }

        string name = text.Substring(start, position - start);
        FieldType result;
        if ((name == "list" || name == "map") && position < text.Length && text[position] == '<')
        {
            position++;
            FieldType? element = ParseType(text, ref position, depth + 1, named);
            if (element is null || position >= text.Length || text[position] != '>')
            {
                return null;
            }

            position++;
            result = name == "list" ? FieldType.ListOf(element) : FieldType.MapOf(element);
        }
        else if (ScalarTypes.Find(name) is { } row)
        {
            result = FieldType.Of(row.Kind);
        }
        else if (named.Find(name) is { } shape)
        {
            result = FieldType.Named(shape, name);
        }
        else
        {
            return null;
        }

        if (position < text.Length && text[position] == '?')
        {
            position++;
            result = result with { IsOptional = true };
        }

        return result;
    }

    private static string? Suggest(string text, NamedTypes named)
    {
        string bare = text.TrimEnd('?');
        string optional = bare.Length < text.Length ? "?" : string.Empty;
        if (ScalarTypes.FindAlias(bare) is { } row)
        {
            return row.Name + optional;
        }

        if (s_shapeAliases.TryGetValue(bare, out string? shape))
        {
            return shape + optional;
        }

        if (bare.StartsWith("list", StringComparison.OrdinalIgnoreCase) || bare.StartsWith("array", StringComparison.OrdinalIgnoreCase))
        {
            return "list<string>";
        }

        if (bare.StartsWith("map", StringComparison.OrdinalIgnoreCase) || bare.StartsWith("dict", StringComparison.OrdinalIgnoreCase))
        {
            return "map<string>";
        }

        string? close = Naming.Closest(bare, ScalarTypes.Names.Concat(named.Names));
        return close is null ? null : close + optional;
    }
}

/// <summary>The catalog's <c>types:</c> names and what each is, for the parser.</summary>
internal sealed class NamedTypes
{
    public static readonly NamedTypes None = new(new Dictionary<string, TypeShape>(StringComparer.Ordinal));

    private readonly Dictionary<string, TypeShape> _types;

    public NamedTypes(Dictionary<string, TypeShape> types) => _types = types;

    public IEnumerable<string> Names => _types.Keys;

    public TypeShape? Find(string name) => _types.TryGetValue(name, out TypeShape shape) ? shape : null;
}
