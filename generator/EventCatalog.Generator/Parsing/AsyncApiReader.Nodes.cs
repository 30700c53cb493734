using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;
using Microsoft.CodeAnalysis;

namespace EventCatalog.Generator.Parsing;

// The tree helpers of the AsyncAPI reader: keys, texts, local $ref pointers (chains and cycles), names, and where a
// diagnostic lands.
internal sealed partial class AsyncApiReader
{
    /// <summary>Most <c>$ref</c> hops followed from one place: a chain longer than this is reported, never walked.</summary>
    internal const int MaxReferenceChain = 32;

    /// <summary>The value under <paramref name="key"/> in <paramref name="mapping"/> (the first, when duplicated), or null.</summary>
    private static YamlNode? Get(YamlMapping? mapping, string key)
    {
        if (mapping is null)
        {
            return null;
        }

        foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Entries)
        {
            if (entry.Key is YamlScalar { IsNull: false } name && name.Value == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>The entries of <paramref name="mapping"/> with text keys; a duplicated key (JSON allows it, YAML does not) is reported once, and only its first value is read.</summary>
    private IEnumerable<(YamlScalar Key, YamlNode Value)> Entries(YamlMapping mapping, string where)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Entries)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (entry.Key is not YamlScalar key || key.IsNull)
            {
                Report(DiagnosticDescriptors.WrongStructure, Where(entry.Key), $"Keys in {where} must be names, but this key is {entry.Key.Kind}.");
                continue;
            }

            if (!seen.Add(key.Value))
            {
                Report(DiagnosticDescriptors.WrongStructure, Where(key), $"The key '{key.Value}' appears more than once in {where}; only its first value is read.");
                continue;
            }

            yield return (key, entry.Value);
        }
    }

    private string? Text(YamlNode? node, string what)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlScalar scalar:
                return scalar.IsNull ? null : scalar.Value;
            default:
                Report(DiagnosticDescriptors.WrongStructure, Where(node), $"{Capitalize(what)} must be a text, but it is {node.Kind}.");
                return null;
        }
    }

    /// <summary>Reports the <c>x-eventcatalog-*</c> keys of <paramref name="mapping"/> that are not in <paramref name="known"/> (EVC008).</summary>
    private void CheckExtensions(YamlMapping mapping, string where, params string[] known)
    {
        foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Entries)
        {
            if (entry.Key is YamlScalar { IsNull: false } key && key.Value.StartsWith(ExtensionPrefix, StringComparison.Ordinal) && Array.IndexOf(known, key.Value) < 0)
            {
                Report(DiagnosticDescriptors.UnknownKey, Where(key), key.Value, where, Naming.DidYouMean(Naming.Closest(key.Value, known)));
            }
        }
    }

    /// <summary>
    /// Follows <paramref name="node"/>'s <c>$ref</c> chain to the node it stands for (the node itself when it is no reference). Only
    /// references inside the document (<c>#/…</c>) are followed; an external one, a pointer to nothing, a cycle (its path in the
    /// message) or a chain over <see cref="MaxReferenceChain"/> hops is EVC022 and gives null.
    /// </summary>
    private YamlNode? Follow(YamlNode node, out string? pointer, RefTarget expected = RefTarget.Any)
    {
        pointer = null;
        List<string>? chain = null;
        YamlScalar? first = null;
        while (node is YamlMapping mapping && Get(mapping, "$ref") is { } reference)
        {
            if (reference is not YamlScalar { IsNull: false } text)
            {
                Report(DiagnosticDescriptors.AsyncApiBadReference, Where(reference), $"'$ref' must be a text (a JSON pointer such as '#/components/schemas/order'), but it is {reference.Kind}.");
                return null;
            }

            // A cycle or an overlong chain is reported at the reference where the walk began: the one the reader was sent through.
            chain ??= new List<string>();
            first ??= text;
            if (chain.Contains(text.Value))
            {
                chain.Add(text.Value);
                Report(DiagnosticDescriptors.AsyncApiBadReference, Where(first), $"The reference '{text.Value}' is part of a cycle: {string.Join(" -> ", chain.Skip(chain.IndexOf(text.Value)))}; a reference must end at a schema, message or channel.");
                return null;
            }

            chain.Add(text.Value);
            if (chain.Count > MaxReferenceChain)
            {
                Report(DiagnosticDescriptors.AsyncApiBadReference, Where(first), FormattableString.Invariant($"The reference '{chain[0]}' leads through more than {MaxReferenceChain} references in a row; point it at the schema itself."));
                return null;
            }

            if (!text.Value.StartsWith("#", StringComparison.Ordinal))
            {
                Report(DiagnosticDescriptors.AsyncApiBadReference, Where(text), $"The reference '{text.Value}' points outside this document; only references inside it ('#/components/…') are followed, so the generator reads nothing but the project's files. Copy the schema into 'components'.");
                return null;
            }

            YamlNode? target = Pointer(text.Value, out string? missing);
            if (target is null)
            {
                Report(DiagnosticDescriptors.AsyncApiBadReference, Where(text), $"The reference '{text.Value}' points at nothing: {missing}.");
                return null;
            }

            if (expected != RefTarget.Any && TargetOf(text.Value) is var found && found != expected)
            {
                Report(DiagnosticDescriptors.AsyncApiBadReference, Where(text), $"The reference '{text.Value}' points at {Describe(found)}, but a {Describe(expected).Substring(2)} belongs here{(expected == RefTarget.Schema ? " ('#/components/schemas/…', or a message's 'payload' or 'headers')" : string.Empty)}.");
                return null;
            }

            pointer ??= text.Value;
            _budget -= 1;
            node = target;
            if (expected == RefTarget.Schema)
            {
                _reached.Add(target.Start);
            }
        }

        return node;
    }

    // The schema nodes some reference reached: a components schema among them is read where it is used.
    private readonly HashSet<int> _reached = new();

    /// <summary>What a <c>$ref</c> is expected to point at (<see cref="RefTarget.Any"/>: not checked).</summary>
    private enum RefTarget
    {
        Any,
        Schema,
        Message,
        Channel,
        Other,
    }

    private static string Describe(RefTarget target) => target switch
    {
        RefTarget.Schema => "a schema",
        RefTarget.Message => "a message",
        RefTarget.Channel => "a channel",
        _ => "a part of the document that is no schema, message or channel",
    };

    /// <summary>
    /// The kind of thing a local pointer names, by where it points: under <c>components/schemas/X</c> or a message's
    /// <c>payload</c> or <c>headers</c> a schema; <c>channels/X/messages/Y</c> and <c>components/messages/Y</c> a message;
    /// <c>channels/X</c> and <c>components/channels/X</c> a channel; anything else (a section, a parameter, a trait) other.
    /// </summary>
    private static RefTarget TargetOf(string pointer)
    {
        string[] segments = pointer.Length < 2 ? Array.Empty<string>() : pointer.Substring(2).Split('/');
        int count = segments.Length;
        if (count >= 3 && segments[0] == "components" && segments[1] == "schemas")
        {
            return RefTarget.Schema;
        }

        for (int at = 3; at < count; at++)
        {
            if (segments[at] is "payload" or "headers" && IsMessageAt(segments, at))
            {
                return RefTarget.Schema;
            }
        }

        if ((count == 4 && segments[0] == "channels" && segments[2] == "messages") || (count == 3 && segments[0] == "components" && segments[1] == "messages"))
        {
            return RefTarget.Message;
        }

        return (count == 2 && segments[0] == "channels") || (count == 3 && segments[0] == "components" && segments[1] == "channels") ? RefTarget.Channel : RefTarget.Other;
    }

    /// <summary>True when the segments before <paramref name="at"/> name a message (so the <c>payload</c> or <c>headers</c> there is its schema).</summary>
    private static bool IsMessageAt(string[] segments, int at) =>
        (at == 4 && segments[0] == "channels" && segments[2] == "messages") || (at == 3 && segments[0] == "components" && segments[1] == "messages");

    /// <summary>The node at a local JSON pointer (RFC 6901, <c>~0</c> and <c>~1</c> unescaped), or null with what is missing.</summary>
    private YamlNode? Pointer(string pointer, out string? missing)
    {
        missing = null;
        YamlNode? node = _root;
        string path = "#";
        string body = pointer.Substring(1);
        if (body.Length == 0)
        {
            return node;
        }

        if (body[0] != '/')
        {
            missing = "a pointer inside the document starts with '#/'";
            return null;
        }

        foreach (string raw in body.Substring(1).Split('/'))
        {
            string segment = Uri.UnescapeDataString(raw).Replace("~1", "/").Replace("~0", "~");
            YamlNode? next = node switch
            {
                YamlMapping mapping => Get(mapping, segment),
                YamlSequence sequence when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < sequence.Items.Count => sequence.Items[index],
                _ => null,
            };
            if (next is null)
            {
                missing = $"'{segment}' is not under '{path}'";
                return null;
            }

            path += "/" + raw;
            node = next;
        }

        return node;
    }

    /// <summary>
    /// The catalog name for an AsyncAPI name: the name itself when it is lower snake_case, else its snake_case spelling
    /// (<c>lightMeasured</c> → <c>light_measured</c>, reported as EVC024 since the wire then carries the new name), else the
    /// name unchanged for the validator to report (EVC003).
    /// </summary>
    private string CatalogName(YamlScalar key, string what)
    {
        string name = key.Value;
        if (Naming.IsSnakeCase(name) || Naming.SuggestSnakeCase(name) is not { } snake)
        {
            return name;
        }

        Report(DiagnosticDescriptors.AsyncApiRenamed, Where(key), $"The {what} '{name}' is read as '{snake}', and the name on the wire changes with it: the generated codec writes and reads '{snake}' (CloudEvents type, category, data members), not the document's '{name}', so other producers and consumers of the document do not match it. Rename it in the document to '{snake}'.");
        return snake;
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

    private LocationInfo Where(YamlNode node) => LocationInfo.Create(_path, _text, node.Start, node.End);

    private void Report(DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments)
    {
        // A schema read twice (one payload under two messages) reports once; its errors still mark each event.
        DiagnosticInfo diagnostic = DiagnosticInfo.Create(descriptor, location, arguments);
        if (_reported.Add(diagnostic))
        {
            _diagnostics.Add(diagnostic);
        }

        if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
        {
            CatalogDraft.MarkError(_type, _event, _category, _catalog);
        }
    }
}
