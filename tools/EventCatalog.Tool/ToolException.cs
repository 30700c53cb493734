using System;

namespace EventCatalog.Tool;

/// <summary>A problem with the command line or its files that the tool reports as one line on stderr, with exit code 2.</summary>
internal sealed class ToolException : Exception
{
    public ToolException(string message)
        : base(message)
    {
    }
}
