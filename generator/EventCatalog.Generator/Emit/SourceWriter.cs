using System.Globalization;
using System.Runtime.CompilerServices;
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
/// <para>
/// An interpolated block (<c>WriteLine($$"""...""")</c>) goes through <see cref="LineHandler"/>: its literal parts
/// and values are streamed into the builder as they come, with the same indentation and line-ending rules,
/// instead of first being formatted into a string of their own. That intermediate string was a copy of the
/// whole output (issue 13: a third of the generator's allocation).
/// </para>
/// </remarks>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder = new();
    private int _indentation;

    /// <summary>True until the current line has had its indentation written (nothing but a held <c>'\r'</c> seen yet).</summary>
    private bool _atLineStart = true;

    /// <summary>A <c>'\r'</c> seen last: dropped if the line ends right after it, written otherwise.</summary>
    private bool _heldCarriageReturn;

    /// <summary>The current depth, in units of four spaces; never below 0.</summary>
    public int Indentation
    {
        get => _indentation;
        set => _indentation = value < 0 ? 0 : value;
    }

    /// <summary>Writes an empty line.</summary>
    public void WriteLine() => EndLine();

    /// <summary>
    /// Writes <paramref name="text"/>, one or more lines separated by <c>\n</c> or <c>\r\n</c>, each
    /// indented to the current depth plus its own leading spaces.
    /// </summary>
    public void WriteLine(string text)
    {
        Append(text);
        EndLine();
    }

    /// <summary>
    /// Writes an interpolated block as <see cref="WriteLine(string)"/> would write the formatted string, without
    /// formatting it first: the handler has already streamed its parts; this ends the last line.
    /// </summary>
    public void WriteLine([InterpolatedStringHandlerArgument("")] LineHandler text) => EndLine();

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

    /// <summary>Writes an interpolated <paramref name="header"/> and <c>{</c>, then indents one level.</summary>
    public void OpenBlock([InterpolatedStringHandlerArgument("")] LineHandler header)
    {
        EndLine();
        WriteLine("{");
        Indentation++;
    }

    /// <summary>Outdents one level and writes <c>}</c> followed by <paramref name="suffix"/> (e.g. <c>);</c>).</summary>
    public void CloseBlock(string suffix = "")
    {
        Indentation--;
        Append("}");
        Append(suffix);
        EndLine();
    }

    /// <summary>The text written so far.</summary>
    public override string ToString() => _builder.ToString();

    /// <summary>Streams part of a line or block: splits it at <c>'\n'</c>, indents each line when its first character comes.</summary>
    private void Append(string? text)
    {
        if (text is null)
        {
            return;
        }

        int start = 0;
        while (true)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0)
            {
                AppendWithinLine(text, start, text.Length - start);
                return;
            }

            AppendWithinLine(text, start, end - start);
            EndLine();
            start = end + 1;
        }
    }

    /// <summary>Characters with no <c>'\n'</c> among them; a final <c>'\r'</c> is held, since a <c>'\n'</c> may follow in the next part.</summary>
    private void AppendWithinLine(string text, int start, int length)
    {
        if (length == 0)
        {
            return;
        }

        bool endsWithCarriageReturn = text[start + length - 1] == '\r';
        if (endsWithCarriageReturn)
        {
            length--;
        }

        if (length > 0 || (endsWithCarriageReturn && _heldCarriageReturn))
        {
            // Content follows a held '\r' on the same line, so that '\r' was not a line ending: it is written.
            StartLineContent();
            if (_heldCarriageReturn)
            {
                _builder.Append('\r');
                _heldCarriageReturn = false;
            }

            _builder.Append(text, start, length);
        }

        if (endsWithCarriageReturn)
        {
            _heldCarriageReturn = true;
        }
    }

    private void StartLineContent()
    {
        if (_atLineStart)
        {
            for (int i = 0; i < _indentation; i++)
            {
                _builder.Append(IndentUnit);
            }

            _atLineStart = false;
        }
    }

    /// <summary>Ends the current line: a held <c>'\r'</c> is dropped (it was half of <c>"\r\n"</c>, or ended the block).</summary>
    private void EndLine()
    {
        _heldCarriageReturn = false;
        _builder.Append('\n');
        _atLineStart = true;
    }

    /// <summary>
    /// Receives an interpolated block's parts in order and streams them into its writer (C# 10 interpolated string
    /// handler). Values are strings, or integers written in the invariant culture, so the output never depends on
    /// the host's culture.
    /// </summary>
    [InterpolatedStringHandler]
    internal readonly struct LineHandler
    {
        private readonly SourceWriter _writer;

        public LineHandler(int literalLength, int formattedCount, SourceWriter writer)
        {
            _ = literalLength;
            _ = formattedCount;
            _writer = writer;
        }

        public void AppendLiteral(string value) => _writer.Append(value);

        public void AppendFormatted(string? value) => _writer.Append(value);

        public void AppendFormatted(int value) => _writer.Append(value.ToString(CultureInfo.InvariantCulture));
    }
}
