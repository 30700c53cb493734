using System;
using System.Text;

namespace EventCatalog.Generator.Emit;

/// <summary>A line writer with indentation; the emitted text's layout is exactly what it writes.</summary>
internal sealed class IndentedWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder = new();
    private int _indent;

    public IndentedWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            for (int i = 0; i < _indent; i++)
            {
                _builder.Append(IndentUnit);
            }

            _builder.Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    public IndentedWriter Open(string? header = null)
    {
        if (header is not null)
        {
            Line(header);
        }

        Line("{");
        _indent++;
        return this;
    }

    public IndentedWriter Close(string closer = "}")
    {
        _indent = Math.Max(0, _indent - 1);
        return Line(closer);
    }

    public override string ToString() => _builder.ToString();
}
