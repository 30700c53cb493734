using System;
using System.IO;

namespace EventCatalog.Generator.Parsing;

/// <summary>Which AdditionalFiles are catalogs: <c>events.schema.yaml</c>, or any name ending in <c>.events.yaml</c>.</summary>
internal static class CatalogFiles
{
    public const string SchemaFileName = "events.schema.yaml";
    public const string Suffix = ".events.yaml";

    public static bool IsCatalog(string path)
    {
        string name = Path.GetFileName(path);
        return string.Equals(name, SchemaFileName, StringComparison.OrdinalIgnoreCase)
            || (name.Length > Suffix.Length && name.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase));
    }
}
