namespace EventCatalog.Generator.Parsing;

/// <summary>
/// Bounds on what one catalog may cost the compiler. Each is far above any real catalog
/// (the seed's has 63 events) and far below what could hang the IDE or exhaust its stack.
/// </summary>
internal static class CatalogLimits
{
    /// <summary>Largest catalog file, in characters (1 MiB).</summary>
    public const int MaxCharacters = 1024 * 1024;

    /// <summary>Deepest nesting of YAML collections.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most YAML nodes, every alias counted as the nodes it expands to.</summary>
    public const int MaxNodes = 200_000;

    /// <summary>Longest field type text (e.g. <c>map&lt;list&lt;string?&gt;&gt;</c>).</summary>
    public const int MaxTypeLength = 256;

    /// <summary>Deepest nesting of <c>list&lt;&gt;</c>/<c>map&lt;&gt;</c> in one field type.</summary>
    public const int MaxTypeDepth = 8;

    /// <summary>
    /// Longest category, event, field or wrapper name and class name, in characters. The compiler refuses a type, member or
    /// namespace name over 1,024 UTF-8 bytes in metadata (CS7013, reported in generated code the user cannot edit); a
    /// generated name joins at most a few catalog names and short suffixes, so 200 keeps every one well inside.
    /// </summary>
    public const int MaxNameLength = 200;

    /// <summary>Longest namespace, in UTF-8 bytes: metadata holds it as one name of at most 1,024 bytes (CS7013).</summary>
    public const int MaxNamespaceBytes = 512;

    /// <summary>
    /// Deepest nesting of an object type's values, in JSON levels (each object, list and map one level): frames stay well
    /// inside the codec's default depth limit (64), with room for the envelope and the lists and maps around a field.
    /// </summary>
    public const int MaxTypeNesting = 32;

    /// <summary>Highest event <c>version</c>: each earlier version is a generated record and an upcast step.</summary>
    public const int MaxEventVersion = 100;
}
