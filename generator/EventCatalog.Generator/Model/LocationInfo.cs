using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Generator.Model;

/// <summary>A place in a catalog file, kept as plain values so that models stay equatable and hold no syntax tree.</summary>
internal readonly record struct LocationInfo(string FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public static LocationInfo Create(string filePath, SourceText text, int start, int end)
    {
        start = Math.Max(0, Math.Min(start, text.Length));
        end = Math.Max(start, Math.Min(end, text.Length));
        var span = TextSpan.FromBounds(start, end);
        LinePositionSpan lines = text.Lines.GetLinePositionSpan(span);
        return new LocationInfo(filePath, span.Start, span.Length, lines.Start.Line, lines.Start.Character, lines.End.Line, lines.End.Character);
    }

    public static LocationInfo FileStart(string filePath) => new(filePath, 0, 0, 0, 0, 0, 0);

    public Location ToLocation() =>
        Location.Create(
            FilePath,
            new TextSpan(Start, Length),
            new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));
}
