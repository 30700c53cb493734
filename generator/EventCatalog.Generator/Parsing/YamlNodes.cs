using System.Collections.Generic;

namespace EventCatalog.Generator.Parsing;

/// <summary>
/// A small YAML tree, built by <see cref="YamlTreeReader"/> under limits. It lives only while one
/// catalog is parsed; nothing of it reaches a pipeline model.
/// </summary>
internal abstract class YamlNode
{
    protected YamlNode(int start, int end)
    {
        Start = start;
        End = end;
    }

    /// <summary>Index of the node's first character in the catalog text.</summary>
    public int Start { get; }

    /// <summary>Index just past the node's last character.</summary>
    public int End { get; set; }

    /// <summary>How many nodes this one stands for, aliases expanded: what it costs to walk it.</summary>
    public long Size { get; set; } = 1;

    public abstract string Kind { get; }
}

internal sealed class YamlScalar : YamlNode
{
    public YamlScalar(string value, bool isPlain, int start, int end, string? textTag = null)
        : base(start, end)
    {
        Value = value;
        IsPlain = isPlain;
        TextTag = textTag;
    }

    public string Value { get; }

    /// <summary>The tag (<c>!!str</c> or <c>!</c>) that made an unquoted scalar a text, so that messages name it rather than quotes.</summary>
    public string? TextTag { get; }

    /// <summary>True for an unquoted scalar, the only kind that can mean null or a boolean.</summary>
    public bool IsPlain { get; }

    public bool IsNull => IsPlain && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL");

    public override string Kind => IsNull ? "null" : "a scalar";
}

internal sealed class YamlSequence : YamlNode
{
    public YamlSequence(int start)
        : base(start, start)
    {
    }

    public List<YamlNode> Items { get; } = new();

    public override string Kind => "a sequence";
}

internal sealed class YamlMapping : YamlNode
{
    public YamlMapping(int start)
        : base(start, start)
    {
    }

    public List<KeyValuePair<YamlNode, YamlNode>> Entries { get; } = new();

    /// <summary>True when a merge key (<c>&lt;&lt;</c>) brought entries in: the lock reader refuses that YAML-only syntax.</summary>
    public bool HasMergedEntries { get; set; }

    public override string Kind => "a mapping";
}
