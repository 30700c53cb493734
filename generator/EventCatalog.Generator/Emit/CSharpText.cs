using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace EventCatalog.Generator.Emit;

/// <summary>Escaping for the two places catalog text enters C#: string literals and XML doc comments.</summary>
internal static class CSharpText
{
    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

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
