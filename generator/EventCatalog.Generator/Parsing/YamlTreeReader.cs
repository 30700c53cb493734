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
                $"The catalog is {text.Length:N0} characters long; the limit is {CatalogLimits.MaxCharacters:N0} characters. Split it into several *.events.yaml files."));
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

                        bool plain = scalar.Style == ScalarStyle.Plain || scalar.Style == ScalarStyle.Any;
                        var node = new YamlScalar(scalar.Value, plain, Index(current.Start), Index(current.End));
                        Remember(scalar.Anchor, node);
                        if (Attach(stack, node, ref root) is { } attachError)
                        {
                            return (null, attachError);
                        }

                        break;
                    }

                    case SequenceStart sequenceStart:
                    {
                        if (Open(stack, current) is { } openError)
                        {
                            return (null, openError);
                        }

                        stack.Push(new Frame(new YamlSequence(Index(current.Start)), sequenceStart.Anchor));
                        break;
                    }

                    case MappingStart mappingStart:
                    {
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
            return Error(DiagnosticDescriptors.WrongStructure, current, $"The catalog has more than {CatalogLimits.MaxNodes:N0} YAML nodes (aliases counted as the nodes they expand to); it is refused to keep the compiler responsive.");
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

    private int Index(Mark mark) => (int)Math.Max(0, Math.Min(mark.Index, _text.Length));

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
