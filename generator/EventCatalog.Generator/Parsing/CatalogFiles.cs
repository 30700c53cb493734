using System;
using System.IO;
using System.Text.RegularExpressions;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Generator.Parsing;

/// <summary>
/// Which AdditionalFiles are catalogs: <c>events.schema.yaml</c>, or any name ending in <c>.events.yaml</c>,
/// with <c>.yml</c> as well, and AsyncAPI 3 documents named <c>*.asyncapi.yaml</c>, <c>.yml</c> or <c>.json</c>, ignoring case (a name must not work on Windows and fail on Linux). Any other
/// YAML file shaped like a catalog gets EVC011 rather than being skipped silently.
/// </summary>
internal static class CatalogFiles
{
    public const string SchemaFileName = "events.schema.yaml";
    public const string Suffix = ".events.yaml";

    private const string ShortSchemaFileName = "events.schema.yml";
    private const string ShortSuffix = ".events.yml";

    /// <summary>How much of a non-catalog YAML file is looked at for a catalog's shape.</summary>
    private const int SniffCharacters = 64 * 1024;

    private static readonly Regex s_categoriesKey = new(@"^categories[ \t]*:", RegexOptions.Multiline | RegexOptions.CultureInvariant);
    private static readonly Regex s_eventsKey = new(@"^[ \t]+events[ \t]*:", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    public static bool IsCatalog(string path)
    {
        string name = Path.GetFileName(path);
        return IsAsyncApi(path)
            || string.Equals(name, SchemaFileName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, ShortSchemaFileName, StringComparison.OrdinalIgnoreCase)
            || (name.Length > Suffix.Length && name.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase))
            || (name.Length > ShortSuffix.Length && name.EndsWith(ShortSuffix, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The names of AsyncAPI 3 documents read as catalogs (any case): <c>*.asyncapi.yaml</c>, <c>*.asyncapi.yml</c>, <c>*.asyncapi.json</c>.</summary>
    public static readonly string[] AsyncApiSuffixes = { ".asyncapi.yaml", ".asyncapi.yml", ".asyncapi.json" };

    /// <summary>True for an AsyncAPI document read as a catalog (<see cref="AsyncApiSuffixes"/>, a name before the suffix).</summary>
    public static bool IsAsyncApi(string path)
    {
        string name = Path.GetFileName(path);
        foreach (string suffix in AsyncApiSuffixes)
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for a <c>.yaml</c> or <c>.yml</c> file that is not a catalog by its name.</summary>
    public static bool IsOtherYaml(string path)
    {
        if (IsCatalog(path))
        {
            return false;
        }

        string extension = Path.GetExtension(path);
        return string.Equals(extension, ".yaml", StringComparison.OrdinalIgnoreCase) || string.Equals(extension, ".yml", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// EVC011 for a YAML file that is not a catalog by name but has a catalog's shape (a top-level
    /// <c>categories:</c> key and an indented <c>events:</c> key in its first 64 KiB); null otherwise.
    /// </summary>
    public static DiagnosticInfo? CheckNotPickedUp(string path, SourceText? text)
    {
        if (text is null || !IsOtherYaml(path))
        {
            return null;
        }

        string head = text.ToString(new TextSpan(0, Math.Min(text.Length, SniffCharacters)));
        if (!s_categoriesKey.IsMatch(head) || !s_eventsKey.IsMatch(head))
        {
            return null;
        }

        string name = Path.GetFileName(path);
        return DiagnosticInfo.Create(
            DiagnosticDescriptors.CatalogNotPickedUp,
            LocationInfo.Create(path, text, 0, 0),
            $"'{name}' looks like an event catalog (it has 'categories' with 'events') but is not read as one: a catalog is named events.schema.yaml or ends in .events.yaml (.yml works too). Rename it to '{SuggestName(name)}'.");
    }

    private static string SuggestName(string name)
    {
        string stem = Path.GetFileNameWithoutExtension(name);
        string lowered = stem.ToLowerInvariant();
        if (lowered is "events" or "event" or "catalog" or "events.schema" or "event.schema" or "events-schema" or "events_schema" or "event-schema" or "event_schema" or "schema")
        {
            return SchemaFileName;
        }

        foreach (string tail in new[] { ".events", "-events", "_events", ".event", "-event", "_event" })
        {
            if (lowered.EndsWith(tail, StringComparison.Ordinal) && stem.Length > tail.Length)
            {
                return stem.Substring(0, stem.Length - tail.Length) + Suffix;
            }
        }

        return stem + Suffix;
    }
}
