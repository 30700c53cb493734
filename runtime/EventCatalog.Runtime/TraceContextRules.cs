using System;
using System.Diagnostics;

namespace EventCatalog;

/// <summary>
/// The W3C Trace Context syntax (Trace Context Level 1, sections 3.2 and 3.3) of the CloudEvents distributed-tracing
/// attributes <c>traceparent</c> and <c>tracestate</c>, checked without allocating. Each check returns the problem in
/// words, or null when the value is well-formed.
/// </summary>
internal static class TraceContextRules
{
    /// <summary>The length of a version-00 <c>traceparent</c>: <c>00-</c> + 32 + <c>-</c> + 16 + <c>-</c> + 2.</summary>
    public const int TraceParentLength = 55;

    /// <summary>The most characters of a <c>tracestate</c> a vendor must propagate; a longer one is refused (W3C section 3.3.1.5).</summary>
    public const int MaxTraceStateLength = 512;

    /// <summary>The most list-members of a <c>tracestate</c> (W3C section 3.3.1.1).</summary>
    public const int MaxTraceStateMembers = 32;

    /// <summary>
    /// Checks <paramref name="value"/> as a <c>traceparent</c>: <c>version-traceid-parentid-flags</c>, lower-case hex, a
    /// version other than <c>ff</c>, a trace id and a parent id that are not all zeros. Version <c>00</c> is exactly 55
    /// characters; a later version may be longer, its extra fields after a <c>-</c> (W3C section 3.2.4, forward compatibility).
    /// </summary>
    /// <param name="value">The attribute's value.</param>
    /// <returns>Null when well-formed; else the problem.</returns>
    public static string? TraceParentProblem(string value)
    {
        if (value.Length < TraceParentLength)
        {
            return $"a traceparent is {TraceParentLength} characters (version-traceid-parentid-flags), this one is {value.Length}";
        }

        if (!IsLowerHex(value, 0, 2) || value[2] != '-' || value[35] != '-' || value[52] != '-')
        {
            return "not of the form 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>";
        }

        if (value[0] == 'f' && value[1] == 'f')
        {
            return "version ff is invalid";
        }

        if (value.Length > TraceParentLength && ((value[0] == '0' && value[1] == '0') || value[TraceParentLength] != '-'))
        {
            return $"a version-00 traceparent is exactly {TraceParentLength} characters";
        }

        if (!IsLowerHex(value, 3, 32) || !IsLowerHex(value, 36, 16) || !IsLowerHex(value, 53, 2))
        {
            return "the trace id, parent id and flags are lower-case hex digits";
        }

        if (AllZeros(value, 3, 32))
        {
            return "the trace id is all zeros";
        }

        return AllZeros(value, 36, 16) ? "the parent id is all zeros" : null;
    }

    /// <summary>
    /// Checks <paramref name="value"/> as a <c>tracestate</c>: at most 512 characters, at most 32 list-members separated
    /// by commas (optional spaces and tabs around them; empty members allowed), each <c>key=value</c> with a key of the
    /// W3C grammar (simple or <c>tenant@system</c>), a value of 1 to 256 printable ASCII characters without <c>,</c> and
    /// <c>=</c>, and no key twice.
    /// </summary>
    /// <param name="value">The attribute's value.</param>
    /// <returns>Null when well-formed; else the problem.</returns>
    public static string? TraceStateProblem(string value)
    {
        if (value.Length > MaxTraceStateLength)
        {
            return $"a tracestate is at most {MaxTraceStateLength} characters, this one is {value.Length}";
        }

        // The keys seen so far, as (start, length) pairs into the value: duplicates are found without a substring or a list.
        Span<int> keys = stackalloc int[MaxTraceStateMembers * 2];
        int members = 0;
        int start = 0;
        while (start <= value.Length)
        {
            int end = value.IndexOf(',', start);
            if (end < 0)
            {
                end = value.Length;
            }

            int from = start, to = end;
            while (from < to && (value[from] == ' ' || value[from] == '\t'))
            {
                from++;
            }

            while (to > from && (value[to - 1] == ' ' || value[to - 1] == '\t'))
            {
                to--;
            }

            if (to > from)
            {
                if (members == MaxTraceStateMembers)
                {
                    return $"a tracestate has at most {MaxTraceStateMembers} list-members";
                }

                string? problem = MemberProblem(value, from, to, out int equals);
                if (problem is not null)
                {
                    return $"list-member {members + 1}: {problem}";
                }

                int length = equals - from;
                for (int k = 0; k < members; k++)
                {
                    if (keys[(2 * k) + 1] == length && string.CompareOrdinal(value, keys[2 * k], value, from, length) == 0)
                    {
                        return $"the key '{value.Substring(from, length)}' appears twice";
                    }
                }

                keys[2 * members] = from;
                keys[(2 * members) + 1] = length;
                members++;
            }

            start = end + 1;
        }

        return null;
    }

    /// <summary>Throws when <paramref name="value"/> is neither null nor a well-formed <c>traceparent</c>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="parameterName">The property or parameter named in the exception.</param>
    /// <exception cref="ArgumentException">The value is not a W3C <c>traceparent</c>.</exception>
    public static void ThrowIfInvalidTraceParent(string? value, string parameterName)
    {
        string? problem = value is null ? null : TraceParentProblem(value);
        if (problem is not null)
        {
            throw new ArgumentException($"'{Short(value!)}' is not a W3C traceparent: {problem}.", parameterName);
        }
    }

    /// <summary>Throws when <paramref name="value"/> is neither null nor a well-formed <c>tracestate</c>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="parameterName">The property or parameter named in the exception.</param>
    /// <exception cref="ArgumentException">The value is not a W3C <c>tracestate</c>.</exception>
    public static void ThrowIfInvalidTraceState(string? value, string parameterName)
    {
        string? problem = value is null ? null : TraceStateProblem(value);
        if (problem is not null)
        {
            throw new ArgumentException($"'{Short(value!)}' is not a W3C tracestate: {problem}.", parameterName);
        }
    }

    /// <summary>The trace context of a well-formed <c>traceparent</c> (and <c>tracestate</c>), marked remote.</summary>
    /// <param name="traceParent">A value <see cref="TraceParentProblem"/> accepts.</param>
    /// <param name="traceState">A value <see cref="TraceStateProblem"/> accepts, or null.</param>
    /// <returns>The context: trace id, span id (the parent id), flags and state.</returns>
    public static ActivityContext ToContext(string traceParent, string? traceState)
    {
        ActivityTraceId traceId = ActivityTraceId.CreateFromString(traceParent.AsSpan(3, 32));
        ActivitySpanId spanId = ActivitySpanId.CreateFromString(traceParent.AsSpan(36, 16));
        int flags = (HexValue(traceParent[53]) << 4) | HexValue(traceParent[54]);
        return new ActivityContext(traceId, spanId, (ActivityTraceFlags)(flags & 1), traceState, isRemote: true);
    }

    private static string? MemberProblem(string value, int from, int to, out int equals)
    {
        equals = value.IndexOf('=', from, to - from);
        if (equals < 0)
        {
            return "expected key=value";
        }

        string? keyProblem = KeyProblem(value, from, equals);
        if (keyProblem is not null)
        {
            return keyProblem;
        }

        int valueLength = to - equals - 1;
        if (valueLength < 1 || valueLength > 256)
        {
            return "a value is 1 to 256 characters";
        }

        // The value's last character is not a space (nblk-chr): white space around a member was cut off as OWS above.
        for (int i = equals + 1; i < to; i++)
        {
            char c = value[i];
            if (c < 0x20 || c > 0x7E || c == ',' || c == '=')
            {
                return "a value is printable ASCII without ',' and '='";
            }
        }

        return null;
    }

    private static string? KeyProblem(string value, int from, int to)
    {
        int at = value.IndexOf('@', from, to - from);
        if (at < 0)
        {
            // simple-key = lcalpha 0*255( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
            return to - from is >= 1 and <= 256 && IsLower(value[from]) && KeyChars(value, from + 1, to)
                ? null
                : "a key is a lower-case letter then up to 255 of a-z 0-9 _ - * / (or tenant@system)";
        }

        // tenant-id = ( lcalpha / DIGIT ) 0*240( lcalpha / DIGIT / "_" / "-"/ "*" / "/" ); system-id = lcalpha 0*13( ... )
        int tenant = at - from, system = to - at - 1;
        bool ok = tenant is >= 1 and <= 241 && (IsLower(value[from]) || IsDigit(value[from])) && KeyChars(value, from + 1, at)
            && system is >= 1 and <= 14 && IsLower(value[at + 1]) && KeyChars(value, at + 2, to);
        return ok ? null : "a multi-tenant key is tenant@system: a tenant of 1 to 241 and a system of 1 to 14 of a-z 0-9 _ - * /, the system starting with a letter";
    }

    private static bool KeyChars(string value, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            char c = value[i];
            if (!(IsLower(c) || IsDigit(c) || c is '_' or '-' or '*' or '/'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerHex(string value, int from, int length)
    {
        for (int i = from; i < from + length; i++)
        {
            if (!(IsDigit(value[i]) || (value[i] >= 'a' && value[i] <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllZeros(string value, int from, int length)
    {
        for (int i = from; i < from + length; i++)
        {
            if (value[i] != '0')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLower(char c) => c >= 'a' && c <= 'z';

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static int HexValue(char c) => c <= '9' ? c - '0' : c - 'a' + 10;

    private static string Short(string text) => text.Length <= 80 ? text : text.Substring(0, 80) + "…";
}

/// <summary>A <c>traceparent</c> and <c>tracestate</c> as an envelope holds them (checked before they get here); equal by value, so records compare by them.</summary>
internal sealed record TraceContextText(string? TraceParent, string? TraceState);
