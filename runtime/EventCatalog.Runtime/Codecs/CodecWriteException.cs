using System;

namespace EventCatalog.Codecs;

/// <summary>A value that cannot be written, with the JSON path below <c>$.data</c> built up as the writers unwind.</summary>
internal sealed class CodecWriteException : ArgumentException
{
    public CodecWriteException(string path, string problem)
        : base("$.data" + path + ": " + problem)
    {
        Path = path;
        Problem = problem;
    }

    public string Path { get; }

    public string Problem { get; }

    public CodecWriteException Under(string segment) => new(segment + Path, Problem);
}
