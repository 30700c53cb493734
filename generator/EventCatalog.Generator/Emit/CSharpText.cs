using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace EventCatalog.Generator.Emit;

/// <summary>Escaping for the two places catalog text enters C#: string literals and XML doc comments.</summary>
internal static class CSharpText
{
    /// <summary>A C# string literal of <paramref name="value"/>, quotes included.</summary>
    /// <remarks>
    /// Catalog names are plain ASCII, which needs no escape: quoting them directly saves the formatter's pooled
    /// builder per literal (the emitter writes several per event). Anything else goes to the compiler's own formatter.
    /// </remarks>
    public static string Literal(string value)
    {
        foreach (char c in value)
        {
            if (c < ' ' || c > '~' || c == '"' || c == '\\')
            {
                return SymbolDisplay.FormatLiteral(value, quote: true);
            }
        }

        return "\"" + value + "\"";
    }

    /// <summary>True when <see cref="DocLines"/> would return <paramref name="text"/> unchanged as its only line.</summary>
    public static bool IsPlainDocText(string text)
    {
        if (text.Length == 0 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[text.Length - 1]))
        {
            return text.Length == 0;
        }

        foreach (char c in text)
        {
            if (c is '&' or '<' or '>' or '\u0085' or '\u2028' or '\u2029' || (char.IsControl(c) && c != '\t'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>XML doc text: escapes <c>&amp; &lt; &gt;</c>, drops control characters, keeps lines apart.</summary>
    public static string[] DocLines(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (char c in text.Trim())
        {
            switch (c)
            {
                case '&':
                    escaped.Append("&amp;");
                    break;
                case '<':
                    escaped.Append("&lt;");
                    break;
                case '>':
                    escaped.Append("&gt;");
                    break;
                case '\r':
                    break;
                case '\n':
                case '\u0085':
                case '\u2028':
                case '\u2029':
                    escaped.Append('\n');
                    break;
                default:
                    if (!char.IsControl(c) || c == '\t')
                    {
                        escaped.Append(c);
                    }

                    break;
            }
        }

        return escaped.ToString().Split('\n');
    }
}
