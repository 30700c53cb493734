using System.Text;

namespace EventCatalog.PubSub;

/// <summary>
/// Strings that travel between nodes and reach logs, exception text or event arguments (node names, bus names, topics):
/// none may carry a character that can forge a log line or drive a terminal. Frames whose header strings carry one are
/// refused as <see cref="FrameRejectReason.Malformed"/> before any state changes, and a bus refuses to send one; other text
/// from the wire that reaches a log (a codec's reason, which may quote an event type) is escaped with <see cref="Escape"/>.
/// </summary>
internal static class WireText
{
    /// <summary>At most this many characters of wire text are logged.</summary>
    private const int MaxLogged = 512;

    /// <summary>
    /// Whether <paramref name="c"/> is unsafe in a log line or on a terminal: a control character (C0, DEL, C1: newlines,
    /// ESC and the rest), a line or paragraph separator (U+2028, U+2029), or a bidirectional control (U+200E, U+200F,
    /// U+202A..U+202E, U+2066..U+2069: text that displays other than it reads).
    /// </summary>
    public static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    /// <summary>The index of the first unsafe character of <paramref name="text"/>, or -1.</summary>
    public static int FindUnsafe(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary><paramref name="text"/> with every unsafe character as <c>\uXXXX</c>, cut at 512 characters (marked with …).</summary>
    public static string Escape(string text)
    {
        if (FindUnsafe(text) < 0 && text.Length <= MaxLogged)
        {
            return text;
        }

        var escaped = new StringBuilder(System.Math.Min(text.Length, MaxLogged) + 16);
        int i = 0;
        for (; i < text.Length && escaped.Length < MaxLogged; i++)
        {
            char c = text[i];
            if (IsUnsafe(c))
            {
                escaped.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        if (i < text.Length)
        {
            escaped.Append('…');
        }

        return escaped.ToString();
    }
}
