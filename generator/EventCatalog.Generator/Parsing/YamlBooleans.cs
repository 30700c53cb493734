using System;

namespace EventCatalog.Generator.Parsing;

/// <summary>
/// The unquoted words that mean a boolean. YAML 1.2's core schema knows <c>true</c>/<c>false</c>; YAML 1.1,
/// which many tools still follow (PyYAML, older YamlDotNet defaults, Ruby's Psych), also reads
/// <c>yes/no/on/off/y/n</c> in any case as booleans. A catalog flag accepts all of them, so a file means
/// the same to every reader; where a text is expected, the words get EVC010 instead of a silent reading.
/// </summary>
/// <remarks>Source: YAML 1.1 "Boolean Language-Independent Type" (yaml.org/type/bool.html); YAML 1.2.2 §10.3.2.</remarks>
internal static class YamlBooleans
{
    private static readonly string[] s_true = { "true", "yes", "on", "y" };
    private static readonly string[] s_false = { "false", "no", "off", "n" };

    /// <summary>Reads an unquoted boolean word; <paramref name="yaml11Only"/> is true for words YAML 1.2 reads as text.</summary>
    public static bool TryRead(YamlScalar scalar, out bool value, out bool yaml11Only)
    {
        value = false;
        yaml11Only = false;
        if (!scalar.IsPlain)
        {
            return false;
        }

        string word = scalar.Value;
        if (Contains(s_true, word))
        {
            value = true;
        }
        else if (!Contains(s_false, word))
        {
            return false;
        }

        yaml11Only = !string.Equals(word, "true", StringComparison.OrdinalIgnoreCase) && !string.Equals(word, "false", StringComparison.OrdinalIgnoreCase);
        return true;
    }

    /// <summary>True for any boolean word, whatever its quoting.</summary>
    public static bool IsWord(string text) => Contains(s_true, text) || Contains(s_false, text);

    private static bool Contains(string[] words, string text)
    {
        foreach (string word in words)
        {
            if (string.Equals(word, text, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
