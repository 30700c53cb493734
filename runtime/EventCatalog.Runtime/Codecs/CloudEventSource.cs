using System;
using System.Text;

namespace EventCatalog;

/// <summary>
/// The CloudEvents <c>source</c> of an envelope: the node name as the URN <c>urn:eventcatalog:node:&lt;node&gt;</c>,
/// the node's UTF-8 bytes percent-encoded except ASCII letters, digits and <c>- . _ ~ @</c>
/// (so <c>ExESDB@host-1</c> stays readable), from which the node name reads back exactly.
/// </summary>
/// <remarks>
/// Source of the rule: RFC 3986 (percent-encoding, unreserved characters) and RFC 8141 (URN syntax; <c>@</c> is a pchar).
/// A <c>source</c> of any other form (another producer's, e.g. <c>https://example.com/orders</c>) is read as the node name unchanged.
/// </remarks>
public static class CloudEventSource
{
    /// <summary>What every source this library writes starts with.</summary>
    public const string Prefix = "urn:eventcatalog:node:";

    /// <summary>The <c>source</c> of events built on <paramref name="node"/>.</summary>
    /// <param name="node">A node name: any non-empty string.</param>
    /// <returns><see cref="Prefix"/> followed by the percent-encoded node name.</returns>
    /// <exception cref="ArgumentException"><paramref name="node"/> is null or empty, or holds an unpaired surrogate (it has no UTF-8 form).</exception>
    public static string FromNode(string node)
    {
        if (string.IsNullOrEmpty(node))
        {
            throw new ArgumentException("A node name must not be null or empty.", nameof(node));
        }

        byte[] utf8;
        try
        {
            utf8 = Strict.GetBytes(node);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException($"The node name holds an unpaired surrogate at index {ex.Index}; it has no UTF-8 form.", nameof(node), ex);
        }

        var builder = new StringBuilder(Prefix.Length + utf8.Length);
        builder.Append(Prefix);
        foreach (byte b in utf8)
        {
            if (IsKept(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Reads the node name back from a <c>source</c>.</summary>
    /// <param name="source">A CloudEvents <c>source</c>.</param>
    /// <param name="node">The node name: decoded from this library's form, else <paramref name="source"/> itself; null on failure.</param>
    /// <param name="problem">Why it failed (bad percent-encoding, not UTF-8, empty); null on success.</param>
    /// <returns>True when a non-empty node name was read.</returns>
    public static bool TryGetNode(string? source, out string? node, out string? problem)
    {
        node = null;
        if (string.IsNullOrEmpty(source))
        {
            problem = "the source is empty";
            return false;
        }

        if (!source!.StartsWith(Prefix, StringComparison.Ordinal))
        {
            node = source;
            problem = null;
            return true;
        }

        int length = source.Length - Prefix.Length;
        if (length == 0)
        {
            problem = $"'{Prefix}' names no node";
            return false;
        }

        byte[] bytes = new byte[length];
        int count = 0;
        for (int i = Prefix.Length; i < source.Length; i++)
        {
            char c = source[i];
            if (c == '%')
            {
                int high = i + 2 < source.Length ? HexValue(source[i + 1]) : -1;
                int low = high >= 0 ? HexValue(source[i + 2]) : -1;
                if (low < 0)
                {
                    problem = $"bad percent-encoding at index {i}";
                    return false;
                }

                bytes[count++] = (byte)((high << 4) | low);
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes[count++] = (byte)c;
            }
            else
            {
                problem = $"a non-ASCII character at index {i} (a URI holds only ASCII; percent-encode it)";
                return false;
            }
        }

        try
        {
            node = Strict.GetString(bytes, 0, count);
        }
        catch (DecoderFallbackException)
        {
            problem = "the percent-encoded node name is not UTF-8";
            return false;
        }

        problem = null;
        return true;
    }

    private const string Hex = "0123456789ABCDEF";

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static bool IsKept(byte b) =>
        (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '.' || b == '_' || b == '~' || b == '@';

    private static int HexValue(char c) =>
        c >= '0' && c <= '9' ? c - '0'
        : c >= 'A' && c <= 'F' ? c - 'A' + 10
        : c >= 'a' && c <= 'f' ? c - 'a' + 10
        : -1;
}
