using System;
using System.Globalization;
using System.Text;

namespace EventCatalog.Codecs;

/// <summary>The checks every frame gets before it is parsed: its size and that it is UTF-8.</summary>
internal static class FrameChecks
{
#if !NET8_0_OR_GREATER
    private static readonly UTF8Encoding s_strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
#endif

    public static EventReadResult? Check(ReadOnlySpan<byte> utf8, EventCodecOptions options, string what)
    {
        if (utf8.Length > options.MaxFrameBytes)
        {
            return EventReadResult.Failed(
                EventReadStatus.TooLarge,
                $"$: the {what} frame is {utf8.Length.ToString(CultureInfo.InvariantCulture)} bytes, over the limit of {options.MaxFrameBytes.ToString(CultureInfo.InvariantCulture)} bytes");
        }

        if (utf8.IsEmpty)
        {
            return EventReadResult.Failed(EventReadStatus.Malformed, $"$: the {what} frame is empty");
        }

        return IsUtf8(utf8) ? null : EventReadResult.Failed(EventReadStatus.Malformed, $"$: the {what} frame is not valid UTF-8 (JSON text must be UTF-8: RFC 8259 section 8.1)");
    }

    private static bool IsUtf8(ReadOnlySpan<byte> utf8)
    {
#if NET8_0_OR_GREATER
        return System.Text.Unicode.Utf8.IsValid(utf8);
#else
        try
        {
            // netstandard2.0 has no span overload: the copy is the price of the compatibility target.
            s_strict.GetCharCount(utf8.ToArray());

            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
#endif
    }
}
