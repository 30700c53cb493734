using System.Text;

namespace EventCatalog.Generator.Emit;

/// <summary>
/// Writes C# source at a current indentation. Modelled on System.Text.Json's <c>SourceWriter</c>
/// (dotnet/runtime, src/libraries/Common/src/SourceGenerators): one call takes a whole block of lines
/// written as they will appear (a raw string literal in the emitter), and each line is indented to the
/// current depth, so the emitter reads like its output.
/// </summary>
/// <remarks>
/// Unlike that writer, this one never throws (a generator that throws loses all its output, CS8785):
/// closing more blocks than were opened stays at depth 0. Blank lines carry no indentation, and every
/// line ends with <c>'\n'</c> whatever the host's newline or the line endings of the emitter's own
/// source file, so equal input gives equal bytes on every machine.
/// </remarks>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder = new();
    private int _indentation;

    /// <summary>The current depth, in units of four spaces; never below 0.</summary>
    public int Indentation
    {
        get => _indentation;
        set => _indentation = value < 0 ? 0 : value;
    }

    /// <summary>Writes an empty line.</summary>
    public void WriteLine() => _builder.Append('\n');

    /// <summary>
    /// Writes <paramref name="text"/>, one or more lines separated by <c>\n</c> or <c>\r\n</c>, each
    /// indented to the current depth plus its own leading spaces.
    /// </summary>
    public void WriteLine(string text)
    {
        int start = 0;
        while (true)
        {
            int end = text.IndexOf('\n', start);
            int stop = end < 0 ? text.Length : end;
            int length = stop > start && text[stop - 1] == '\r' ? stop - start - 1 : stop - start;
            if (length > 0)
            {
                for (int i = 0; i < _indentation; i++)
                {
                    _builder.Append(IndentUnit);
                }

                _builder.Append(text, start, length);
            }

            _builder.Append('\n');
            if (end < 0)
            {
                return;
            }

            start = end + 1;
        }
    }

    /// <summary>Writes <paramref name="header"/> (if any) and <c>{</c>, then indents one level.</summary>
    public void OpenBlock(string? header = null)
    {
        if (header is not null)
        {
            WriteLine(header);
        }

        WriteLine("{");
        Indentation++;
    }

    /// <summary>Outdents one level and writes <c>}</c> followed by <paramref name="suffix"/> (e.g. <c>);</c>).</summary>
    public void CloseBlock(string suffix = "")
    {
        Indentation--;
        WriteLine("}" + suffix);
    }

    /// <summary>The text written so far.</summary>
    public override string ToString() => _builder.ToString();
}
