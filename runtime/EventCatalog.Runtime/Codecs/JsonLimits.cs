using System;
using System.Text.Json;

namespace EventCatalog.Codecs;

/// <summary>The explicit checks of the read limits, so that over-limit input gets a path and a problem in words, not the reader's exception.</summary>
internal static class JsonLimits
{
    /// <summary>The nesting level of the current token when it opens a container: the event object is 1.</summary>
    public static int Level(ref Utf8JsonReader reader, int depthOffset) => reader.CurrentDepth + 1 + depthOffset;

    public static string TooDeep(int maxDepth) => $"nested deeper than the limit of {maxDepth} levels";

    public static string TooLong(int length, int maxStringBytes) => $"a string of {length} bytes is over the limit of {maxStringBytes} bytes";

    public static int TokenLength(ref Utf8JsonReader reader) => reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;

    /// <summary>
    /// Skips the value at the current token (a scalar, or a whole object or array), checking depth and string
    /// lengths on the way. Returns null, or the problem, with <paramref name="path"/> set to where it is relative to the value.
    /// </summary>
    public static string? SkipChecked(ref Utf8JsonReader reader, int maxDepth, int maxStringBytes, int depthOffset, out string path)
    {
        path = string.Empty;
        JsonTokenType token = reader.TokenType;
        if (token is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            int length = TokenLength(ref reader);
            return length > maxStringBytes ? TooLong(length, maxStringBytes) : null;
        }

        if (token is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return null;
        }

        int start = reader.CurrentDepth;
        if (Level(ref reader, depthOffset) > maxDepth)
        {
            return TooDeep(maxDepth);
        }

        while (reader.Read())
        {
            token = reader.TokenType;
            if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                if (Level(ref reader, depthOffset) > maxDepth)
                {
                    path = " (inside)";
                    return TooDeep(maxDepth);
                }
            }
            else if (maxStringBytes != int.MaxValue && token is JsonTokenType.String or JsonTokenType.PropertyName)
            {
                // (Skipping data, whose strings the data reader checks with their paths, passes int.MaxValue: no length to take.)
                int length = TokenLength(ref reader);
                if (length > maxStringBytes)
                {
                    path = " (inside)";
                    return TooLong(length, maxStringBytes);
                }
            }
            else if (token is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == start)
            {
                return null;
            }
        }

        return "the JSON ends inside the value";
    }

    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>A short, printable excerpt of the current token's text for messages (at most 40 characters).</summary>
    public static string Excerpt(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> span = reader.HasValueSequence ? default : reader.ValueSpan;
        int length = Math.Min(span.Length, 40);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            byte b = span[i];
            chars[i] = b >= 0x20 && b < 0x7F ? (char)b : '?';
        }

        return new string(chars) + (span.Length > 40 ? "…" : string.Empty);
    }
}
