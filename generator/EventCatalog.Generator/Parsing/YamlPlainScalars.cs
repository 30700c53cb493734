using System.Text.RegularExpressions;

namespace EventCatalog.Generator.Parsing;

/// <summary>
/// Unquoted scalars a conformant YAML loader reads as something other than a string: numbers in YAML 1.2's core schema
/// (<c>42</c>, <c>-1.5</c>, <c>1e3</c>, <c>0x10</c>, <c>0o17</c>, <c>.inf</c>, <c>.nan</c>) and in YAML 1.1 (<c>010</c> octal,
/// <c>0b101</c>, <c>1_000</c>, sexagesimal <c>1:30</c>), and YAML 1.1 timestamps (<c>2024-05-01</c>), which PyYAML and
/// Psych load as dates. Where the catalog expects a text, such a value is used as its text, with EVC010 asking for quotes.
/// </summary>
/// <remarks>Sources: YAML 1.2.2 §10.3.2 (core schema tag resolution); yaml.org/type/int.html, float.html, timestamp.html (YAML 1.1).</remarks>
internal static class YamlPlainScalars
{
    private static readonly Regex s_number = new(
        @"^(?:[-+]?[0-9][0-9_]*|0o[0-7]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+|[-+]?(?:\.[0-9][0-9_]*|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$",
        RegexOptions.CultureInvariant);

    private static readonly Regex s_timestamp = new(
        @"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$",
        RegexOptions.CultureInvariant);

    /// <summary>What a YAML loader reads <paramref name="scalar"/> as when that is not a string ("a number", "a date"); null for a string (or a quoted or tagged scalar).</summary>
    public static string? NonStringReading(YamlScalar scalar)
    {
        if (!scalar.IsPlain || scalar.Value.Length == 0 || scalar.Value.Length > 64)
        {
            return null;
        }

        return s_number.IsMatch(scalar.Value) ? "a number"
            : s_timestamp.IsMatch(scalar.Value) ? "a date (a YAML 1.1 timestamp)"
            : null;
    }
}
