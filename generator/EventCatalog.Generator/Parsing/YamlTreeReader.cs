using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;
using Microsoft.CodeAnalysis.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EventCatalog.Generator.Parsing;

/// <summary>
/// Reads catalog text into a <see cref="YamlNode"/> tree with YamlDotNet's event parser, iteratively
/// (no recursion), under <see cref="CatalogLimits"/>: depth, node count with aliases expanded, size.
/// </summary>
internal sealed class YamlTreeReader
{
    private readonly string _path;
    private readonly SourceText _text;
    private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
    private long _nodes;

    // A byte-order mark that the text still holds (a text made from a string rather than decoded from a file): YAML allows
    // it at the start of the stream, and libyaml skips it; YamlDotNet would read it as part of the first key. It is left
    // out of what the parser sees, and positions are shifted back onto the text.
    private int _offset;

    private YamlTreeReader(string path, SourceText text)
    {
        _path = path;
        _text = text;
    }

    /// <summary>Reads <paramref name="text"/>; returns the root (null for an empty document) or the one diagnostic that stopped the read.</summary>
    public static (YamlNode? Root, DiagnosticInfo? Error) Read(string path, SourceText text, CancellationToken cancellationToken)
    {
        if (text.Length > CatalogLimits.MaxCharacters)
        {
            return (null, DiagnosticInfo.Create(
                DiagnosticDescriptors.WrongStructure,
                LocationInfo.Create(path, text, 0, 0),
                FormattableString.Invariant($"The catalog is {text.Length:N0} characters long; the limit is {CatalogLimits.MaxCharacters:N0} characters. Split it into several *.events.yaml files.")));
        }

        string content = text.ToString();
        int replacement = content.IndexOf('\uFFFD');
        if (replacement >= 0)
        {
            return (null, DiagnosticInfo.Create(
                DiagnosticDescriptors.MalformedYaml,
                LocationInfo.Create(path, text, replacement, replacement + 1),
                "The catalog is not valid UTF-8: it holds bytes that could not be decoded (shown as U+FFFD). Save it as UTF-8."));
        }

        return new YamlTreeReader(path, text).ReadCore(content, cancellationToken);
    }

    private (YamlNode? Root, DiagnosticInfo? Error) ReadCore(string content, CancellationToken cancellationToken)
    {
        if (content.Length > 0 && content[0] == '\uFEFF')
        {
            _offset = 1;
            content = content.Substring(1);
        }

        var parser = new Parser(new StringReader(content));
        var stack = new Stack<Frame>();
        YamlNode? root = null;
        int documents = 0;

        try
        {
            while (parser.MoveNext())
            {
                cancellationToken.ThrowIfCancellationRequested();
                ParsingEvent current = parser.Current!;
                switch (current)
                {
                    case DocumentStart:
                        documents++;
                        if (documents > 1)
                        {
                            return (null, Error(DiagnosticDescriptors.WrongStructure, current, "The catalog holds more than one YAML document; put each catalog in a file of its own."));
                        }

                        break;

                    case Scalar scalar:
                    {
                        if (Count(1, current) is { } tooMany)
                        {
                            return (null, tooMany);
                        }

                        if (CheckTag(scalar.Tag, current, "a scalar", out bool forcedText) is { } tagError)
                        {
                            return (null, tagError);
                        }

                        bool plain = !forcedText && (scalar.Style == ScalarStyle.Plain || scalar.Style == ScalarStyle.Any);
                        string value = scalar.Value;
                        if (CheckTaggedValue(scalar, current, ref value, ref plain) is { } valueError)
                        {
                            return (null, valueError);
                        }

                        var node = new YamlScalar(value, plain, Index(current.Start), Index(current.End), forcedText ? ShortTag(scalar.Tag.Value) : null);
                        Remember(scalar.Anchor, node);
                        if (Attach(stack, node, ref root) is { } attachError)
                        {
                            return (null, attachError);
                        }

                        break;
                    }

                    case SequenceStart sequenceStart:
                    {
                        if (CheckTag(sequenceStart.Tag, current, "a sequence", out _) is { } tagError)
                        {
                            return (null, tagError);
                        }

                        if (Open(stack, current) is { } openError)
                        {
                            return (null, openError);
                        }

                        stack.Push(new Frame(new YamlSequence(Index(current.Start)), sequenceStart.Anchor));
                        break;
                    }

                    case MappingStart mappingStart:
                    {
                        if (CheckTag(mappingStart.Tag, current, "a mapping", out _) is { } tagError)
                        {
                            return (null, tagError);
                        }

                        if (Open(stack, current) is { } openError)
                        {
                            return (null, openError);
                        }

                        stack.Push(new Frame(new YamlMapping(Index(current.Start)), mappingStart.Anchor));
                        break;
                    }

                    case SequenceEnd:
                    case MappingEnd:
                    {
                        Frame frame = stack.Pop();
                        if (frame.Node is YamlMapping merging && Merge(merging) is { } mergeError)
                        {
                            return (null, mergeError);
                        }

                        frame.Node.End = Math.Max(frame.Node.Start, Index(current.End));
                        frame.Node.Size = frame.Size;
                        Remember(frame.Anchor, frame.Node);
                        if (Attach(stack, frame.Node, ref root) is { } attachError)
                        {
                            return (null, attachError);
                        }

                        break;
                    }

                    case AnchorAlias alias:
                    {
                        if (!_anchors.TryGetValue(alias.Value.Value, out YamlNode? target))
                        {
                            return (null, Error(DiagnosticDescriptors.MalformedYaml, current, $"The alias '*{alias.Value.Value}' refers to no anchor defined before it."));
                        }

                        if (Count(target.Size, current) is { } tooMany)
                        {
                            return (null, tooMany);
                        }

                        if (Attach(stack, target, ref root) is { } attachError)
                        {
                            return (null, attachError);
                        }

                        break;
                    }
                }
            }
        }
        catch (YamlException ex)
        {
            int start = Index(ex.Start);
            int end = Math.Max(start, Index(ex.End));
            return (null, DiagnosticInfo.Create(
                DiagnosticDescriptors.MalformedYaml,
                LocationInfo.Create(_path, _text, start, end),
                "The catalog is not well-formed YAML: " + Describe(ex)));
        }

        return (root, null);
    }

    /// <summary>
    /// Tags the catalog understands: the core schema's (<c>!!str</c> makes a scalar text, as does the
    /// non-specific <c>!</c>; <c>!!bool</c>, <c>!!null</c>, <c>!!int</c>, <c>!!float</c>, <c>!!map</c>,
    /// <c>!!seq</c> say what the node already is). Any other tag would be silently dropped, so it is refused.
    /// </summary>
    private DiagnosticInfo? CheckTag(TagName tag, ParsingEvent at, string kind, out bool forcedText)
    {
        forcedText = false;
        if (tag.IsEmpty)
        {
            return null;
        }

        const string Core = "tag:yaml.org,2002:";
        string value = tag.Value;
        if (value == "!")
        {
            forcedText = kind == "a scalar";
            return null;
        }

        if (value.StartsWith(Core, StringComparison.Ordinal))
        {
            string name = value.Substring(Core.Length);
            bool known = kind == "a scalar" ? name is "str" or "bool" or "null" or "int" or "float"
                : kind == "a mapping" ? name == "map"
                : name == "seq";
            if (known)
            {
                forcedText = name == "str";
                return null;
            }

            return Error(DiagnosticDescriptors.WrongStructure, at, $"The YAML tag '!!{name}' on {kind} is not something a catalog can hold; remove the tag.");
        }

        return Error(DiagnosticDescriptors.WrongStructure, at, $"The YAML tag '{value}' on {kind} has no meaning in a catalog (only the core schema's tags such as !!str are understood); remove the tag.");
    }

    /// <summary>
    /// A value tagged <c>!!bool</c> or <c>!!null</c> is that, quoted or not (<c>!!bool "true"</c> is the flag
    /// true, <c>!!null ""</c> is null), and a value those tags do not fit is refused by name rather than read
    /// as a text: <c>deprecated: !!bool hello</c> must not become the message "hello".
    /// </summary>
    private DiagnosticInfo? CheckTaggedValue(Scalar scalar, ParsingEvent at, ref string value, ref bool plain)
    {
        switch (scalar.Tag.IsEmpty ? string.Empty : scalar.Tag.Value)
        {
            case "tag:yaml.org,2002:bool":
                if (!YamlBooleans.IsWord(value))
                {
                    return Error(DiagnosticDescriptors.WrongStructure, at, $"The value '{value}' is tagged '!!bool' but is not a boolean (true or false; yes/no/on/off/y/n in YAML 1.1); remove the tag or write a boolean.");
                }

                plain = true;
                return null;
            case "tag:yaml.org,2002:null":
                if (value.Length != 0 && value is not ("~" or "null" or "Null" or "NULL"))
                {
                    return Error(DiagnosticDescriptors.WrongStructure, at, $"The value '{value}' is tagged '!!null' but is not null (~, null or nothing); remove the tag or the value.");
                }

                value = string.Empty;
                plain = true;
                return null;
            default:
                return null;
        }
    }

    private static string ShortTag(string tag) => tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag.Substring("tag:yaml.org,2002:".Length) : tag;

    /// <summary>
    /// YAML 1.1's merge key: <c>&lt;&lt;: *base</c> (or a list of aliases) copies the entries of those mappings
    /// that the mapping does not set itself; earlier mappings in the list win, explicit entries win over all.
    /// </summary>
    /// <remarks>Source: yaml.org/type/merge.html. Sizes are already counted: the merged nodes came from aliases or inline mappings.</remarks>
    private DiagnosticInfo? Merge(YamlMapping mapping)
    {
        bool any = false;
        foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Entries)
        {
            if (IsMergeKey(entry.Key))
            {
                any = true;
                break;
            }
        }

        if (!any)
        {
            return null;
        }

        var explicitEntries = new List<KeyValuePair<YamlNode, YamlNode>>();
        var merged = new List<KeyValuePair<YamlNode, YamlNode>>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Entries)
        {
            if (!IsMergeKey(entry.Key))
            {
                explicitEntries.Add(entry);
                if (entry.Key is YamlScalar key)
                {
                    keys.Add(key.Value);
                }
            }
        }

        foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Entries)
        {
            if (!IsMergeKey(entry.Key))
            {
                continue;
            }

            var sources = new List<YamlNode>();
            if (entry.Value is YamlSequence list)
            {
                sources.AddRange(list.Items);
            }
            else
            {
                sources.Add(entry.Value);
            }

            foreach (YamlNode source in sources)
            {
                if (source is not YamlMapping from)
                {
                    return DiagnosticInfo.Create(
                        DiagnosticDescriptors.WrongStructure,
                        LocationInfo.Create(_path, _text, source.Start, Math.Max(source.Start, source.End)),
                        $"The merge key '<<' takes a mapping or a list of mappings (usually aliases such as *base), but this is {source.Kind}.");
                }

                foreach (KeyValuePair<YamlNode, YamlNode> inherited in from.Entries)
                {
                    if (inherited.Key is not YamlScalar inheritedKey || keys.Add(inheritedKey.Value))
                    {
                        merged.Add(inherited);
                    }
                }
            }
        }

        mapping.Entries.Clear();
        mapping.Entries.AddRange(explicitEntries);
        mapping.Entries.AddRange(merged);
        mapping.HasMergedEntries = true;
        return null;
    }

    private static bool IsMergeKey(YamlNode key) => key is YamlScalar { IsPlain: true, Value: "<<" };

    private DiagnosticInfo? Open(Stack<Frame> stack, ParsingEvent current)
    {
        if (stack.Count >= CatalogLimits.MaxDepth)
        {
            return Error(DiagnosticDescriptors.WrongStructure, current, $"The catalog nests collections more than {CatalogLimits.MaxDepth} levels deep; a catalog needs at most 6.");
        }

        return Count(1, current);
    }

    private DiagnosticInfo? Count(long nodes, ParsingEvent current)
    {
        _nodes += nodes;
        if (_nodes > CatalogLimits.MaxNodes)
        {
            return Error(DiagnosticDescriptors.WrongStructure, current, FormattableString.Invariant($"The catalog has more than {CatalogLimits.MaxNodes:N0} YAML nodes (aliases counted as the nodes they expand to); it is refused to keep the compiler responsive."));
        }

        return null;
    }

    private void Remember(AnchorName anchor, YamlNode node)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }
    }

    private DiagnosticInfo? Attach(Stack<Frame> stack, YamlNode node, ref YamlNode? root)
    {
        if (stack.Count == 0)
        {
            root = node;
            return null;
        }

        Frame parent = stack.Peek();
        parent.Size += node.Size;
        switch (parent.Node)
        {
            case YamlSequence sequence:
                sequence.Items.Add(node);
                break;
            case YamlMapping mapping when parent.PendingKey is null:
                parent.PendingKey = node;
                break;
            case YamlMapping mapping:
                mapping.Entries.Add(new KeyValuePair<YamlNode, YamlNode>(parent.PendingKey!, node));
                parent.PendingKey = null;
                break;
        }

        return null;
    }

    private DiagnosticInfo Error(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, ParsingEvent at, string message) =>
        DiagnosticInfo.Create(descriptor, LocationInfo.Create(_path, _text, Index(at.Start), Math.Max(Index(at.Start), Index(at.End))), message);

    private int Index(Mark mark) => (int)Math.Max(0, Math.Min(mark.Index + _offset, _text.Length));

    private static string Describe(YamlException ex)
    {
        // YamlDotNet prefixes messages with "(Line: x, Col: y, Idx: z) - (…): "; the location is reported separately.
        string message = ex.Message;
        int cut = message.IndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(cut + 3) : message;
    }

    private sealed class Frame
    {
        public Frame(YamlNode node, AnchorName anchor)
        {
            Node = node;
            Anchor = anchor;
        }

        public YamlNode Node { get; }

        public AnchorName Anchor { get; }

        public YamlNode? PendingKey { get; set; }

        public long Size { get; set; } = 1;
    }
}
