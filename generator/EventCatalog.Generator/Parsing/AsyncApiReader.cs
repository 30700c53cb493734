using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using EventCatalog.Contract;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Generator.Parsing;

/// <summary>
/// Reads an AsyncAPI 3 document (the YAML tree of <c>*.asyncapi.yaml</c>, <c>.yml</c> or <c>.json</c>) into the same
/// <see cref="CatalogDraft"/> as <see cref="CatalogReader"/>, so the validator, the emitters, the lock and the analyzers work
/// unchanged: channels are the categories and their addresses the topic template, the messages of a channel its events,
/// payload schemas their data (README, "AsyncAPI documents as catalogs"). What the catalog cannot say is EVC021, a
/// reference that cannot be followed EVC022, a detail dropped EVC023, a name respelled EVC024 — each where the document says
/// it. The walk is iterative over channels and messages, recursive over schemas only to <see cref="CatalogLimits.MaxTypeDepth"/>
/// levels, and costs at most <see cref="CatalogLimits.MaxNodes"/> schema visits and reference hops.
/// </summary>
internal sealed partial class AsyncApiReader
{
    internal const string ExtensionPrefix = "x-eventcatalog-";

    private static readonly Regex s_parameter = new(@"\{([^{}]*)\}", RegexOptions.CultureInvariant);
    private static readonly string[] s_rootExtensions = { "x-eventcatalog-namespace", "x-eventcatalog-class", "x-eventcatalog-topic", "x-eventcatalog-type-prefix" };
    private static readonly string[] s_channelExtensions = { "x-eventcatalog-wrapper" };
    private static readonly string[] s_messageExtensions = { "x-eventcatalog-version", "x-eventcatalog-earlier-versions", "x-eventcatalog-deprecated", "x-eventcatalog-category" };

    private readonly string _path;
    private readonly SourceText _text;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly CancellationToken _cancellationToken;
    private readonly YamlMapping _root;
    private readonly CatalogDraft _catalog;
    private readonly HashSet<DiagnosticInfo> _reported = new();

    // Where an error lands (Report marks it): the innermost of the type, the event and the category being read.
    private CategoryDraft? _category;
    private EventDraft? _event;
    private TypeDraft? _type;

    // Schema visits and reference hops left: a document cannot make the reader do more work than this, whatever it references.
    private long _budget = CatalogLimits.MaxNodes;

    private AsyncApiReader(string path, SourceText text, List<DiagnosticInfo> diagnostics, YamlMapping root, CancellationToken cancellationToken)
    {
        _path = path;
        _text = text;
        _diagnostics = diagnostics;
        _root = root;
        _cancellationToken = cancellationToken;
        _catalog = new CatalogDraft(LocationInfo.Create(path, text, 0, 0));
    }

    /// <summary>Reads the document at <paramref name="root"/>; null (with a diagnostic) when it is no AsyncAPI 3 document.</summary>
    public static CatalogDraft? Read(string path, SourceText text, YamlNode? root, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (root is not YamlMapping mapping)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.WrongStructure,
                root is null ? LocationInfo.Create(path, text, 0, 0) : LocationInfo.Create(path, text, root.Start, root.End),
                $"An AsyncAPI document must be a mapping with 'asyncapi: 3.0.0' and 'channels', but it is {(root is null ? "empty" : root.Kind)}."));
            return null;
        }

        return new AsyncApiReader(path, text, diagnostics, mapping, cancellationToken).ReadDocument();
    }

    private CatalogDraft? ReadDocument()
    {
        YamlNode? version = Get(_root, "asyncapi");
        string? versionText = (version as YamlScalar)?.Value;
        if (version is null || versionText is null || !versionText.StartsWith("3.", StringComparison.Ordinal))
        {
            string found = version is null ? "has no 'asyncapi' version" : versionText is null ? $"has {version.Kind} for its 'asyncapi' version" : $"is AsyncAPI {versionText}";
            string hint = versionText is not null && (versionText.StartsWith("2.", StringComparison.Ordinal) || versionText.StartsWith("1.", StringComparison.Ordinal))
                ? " Convert it with the AsyncAPI CLI ('asyncapi convert --target-version 3.0.0')."
                : string.Empty;
            Report(DiagnosticDescriptors.AsyncApiUnsupported, version is null ? _catalog.FileStart : Where(version), $"The document {found}; EventCatalog reads AsyncAPI 3 documents ('asyncapi: 3.0.0').{hint}");
            return null;
        }

        CheckExtensions(_root, "the AsyncAPI document", s_rootExtensions);
        ReadRootExtension("x-eventcatalog-namespace", (d, v, l) => { d.Namespace = v; d.NamespaceLocation = l; });
        ReadRootExtension("x-eventcatalog-class", (d, v, l) => { d.ClassName = v; d.ClassNameLocation = l; });
        ReadRootExtension("x-eventcatalog-type-prefix", (d, v, l) => { d.TypePrefix = v; d.TypePrefixLocation = l; });
        YamlNode? topic = Get(_root, "x-eventcatalog-topic");
        string? template = Text(topic, "'x-eventcatalog-topic'");

        YamlNode? channels = Get(_root, "channels");
        if (channels is not YamlMapping channelMap || channelMap.Entries.Count == 0)
        {
            Report(DiagnosticDescriptors.WrongStructure, channels is null ? Where(_root.Entries.Count > 0 ? _root.Entries[0].Key : _root) : Where(channels), "The AsyncAPI document has no channels: each channel (or each category of a channel's address) is a category of the catalog.");
            return _catalog;
        }

        var read = new List<Channel>();
        foreach (var (key, value) in Entries(channelMap, "'channels'"))
        {
            if (Follow(value, out _, RefTarget.Channel) is not { } followed)
            {
                continue;
            }

            if (followed is not YamlMapping channel)
            {
                Report(DiagnosticDescriptors.WrongStructure, Where(value), $"Channel '{key.Value}' must be a mapping (address, messages), but it is {followed.Kind}.");
                continue;
            }

            CheckExtensions(channel, $"channel '{key.Value}'", s_channelExtensions);
            if (FindKey(channel, "bindings") is { } bindings)
            {
                Report(DiagnosticDescriptors.AsyncApiNotKept, Where(bindings), $"'bindings' of channel '{key.Value}' is not kept: the transports set their own protocol details.");
            }

            YamlNode? address = Get(channel, "address");
            read.Add(new Channel(key, channel, address as YamlScalar is { IsNull: false } a ? a : null, address));
        }

        ChooseTemplate(read, topic, template);
        ReadTypes();
        if (Get(_root, "defaultContentType") is { } contentType && _usesDefaultContentType)
        {
            CheckContentType(contentType, "the document's 'defaultContentType'");
        }

        CheckOperations();
        return _catalog;
    }

    /// <summary>
    /// Operations say which application sends or receives a channel; the generated code can do both on every category, so
    /// <c>action</c>, <c>channel</c> and <c>messages</c> are no loss. What else an operation says (a reply, bindings, traits,
    /// security) is not kept (EVC023).
    /// </summary>
    private void CheckOperations()
    {
        if (Get(_root, "operations") is not YamlMapping operations)
        {
            return;
        }

        foreach (var (key, value) in Entries(operations, "'operations'"))
        {
            if (Follow(value, out _) is not YamlMapping operation)
            {
                continue;
            }

            foreach (string keyword in new[] { "reply", "bindings", "traits", "security" })
            {
                if (FindKey(operation, keyword) is { } found)
                {
                    Report(DiagnosticDescriptors.AsyncApiNotKept, Where(found), $"'{keyword}' of operation '{key.Value}' is not kept: the catalog's events are published and received on their category's topic, with no {(keyword == "reply" ? "request-reply pairing" : keyword == "security" ? "per-operation security (the transports secure the bus)" : "per-operation " + keyword)}.");
                }
            }
        }
    }

    private void ReadRootExtension(string key, Action<CatalogDraft, string?, LocationInfo> set)
    {
        if (Get(_root, key) is { } node)
        {
            set(_catalog, Text(node, $"'{key}'"), Where(node));
        }
    }

    /// <summary>A channel as read: its key, mapping and address (null when it has none).</summary>
    private sealed record Channel(YamlScalar Key, YamlMapping Mapping, YamlScalar? Address, YamlNode? AddressNode)
    {
        public IEnumerable<string> Parameters => Address is null ? Enumerable.Empty<string>() : s_parameter.Matches(Address.Value).Cast<Match>().Select(m => m.Groups[1].Value);
    }

    /// <summary>
    /// The topic template and the categories: <c>x-eventcatalog-topic</c> when given (each channel's address must be it with the
    /// category filled in); else one channel whose address has one parameter besides <c>{store}</c> (the category's place, the
    /// categories named by each message's <c>x-eventcatalog-category</c> or first tag); else one category per channel, the
    /// template being the address with the category's name in one place, the same for every channel.
    /// </summary>
    private void ChooseTemplate(List<Channel> channels, YamlNode? topic, string? declared)
    {
        if (channels.Count == 1 && declared is null && channels[0].Parameters.Where(p => p != "store").Distinct().Count() == 1)
        {
            Channel only = channels[0];
            string place = only.Parameters.First(p => p != "store");
            _catalog.TopicTemplate = only.Address!.Value.Replace("{" + place + "}", CatalogContract.CategoryPlaceholder);
            _catalog.TopicTemplateLocation = Where(only.Address);
            ReadMessages(only, null);
            return;
        }

        var categories = channels.Select(c => (Channel: c, Category: ReadChannel(c))).ToList();
        if (declared is not null)
        {
            _catalog.TopicTemplate = declared;
            _catalog.TopicTemplateLocation = Where(topic!);
            foreach (var (channel, category) in categories)
            {
                string expected = declared.Replace(CatalogContract.CategoryPlaceholder, category.Name);
                if (channel.Address is { } address && address.Value != expected)
                {
                    Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(address), $"The address '{address.Value}' of channel '{channel.Key.Value}' is not 'x-eventcatalog-topic' ('{declared}') with the category '{category.Name}' filled in ('{expected}'): the catalog's topics follow its one template.");
                }
            }
        }
        else if (FindTemplate(categories) is { } found)
        {
            _catalog.TopicTemplate = found;
            _catalog.TopicTemplateLocation = Where(categories[0].Channel.Address!);
        }
        else
        {
            Channel first = categories[0].Channel;
            string addresses = string.Join(", ", categories.Select(c => c.Channel.Address is { } a ? $"'{a.Value}'" : $"none for '{c.Channel.Key.Value}'"));
            Report(
                DiagnosticDescriptors.AsyncApiNotKept,
                first.Address is { } at ? Where(at) : Where(first.Key),
                $"The channel addresses ({addresses}) are not one template with the category's name in one place and at most a '{{store}}' parameter, so the catalog's topics follow the default template '{CatalogContract.DefaultTopicTemplate}' instead. Set 'x-eventcatalog-topic' on the document to choose the template.");
        }

        foreach (var (channel, category) in categories)
        {
            ReadMessages(channel, category);
            _catalog.Categories.Add(category);
        }
    }

    private CategoryDraft ReadChannel(Channel channel)
    {
        var category = new CategoryDraft(CatalogName(channel.Key, "channel"), Where(channel.Key));
        _category = category;
        try
        {
            category.Description = Text(Get(channel.Mapping, "description"), $"the description of channel '{channel.Key.Value}'");
            if (Get(channel.Mapping, "x-eventcatalog-wrapper") is { } wrapper)
            {
                category.Wrapper = Text(wrapper, "'x-eventcatalog-wrapper'");
                category.WrapperLocation = Where(wrapper);
            }
        }
        finally
        {
            _category = null;
        }

        return category;
    }

    /// <summary>The template that gives every channel's address with its category filled in, or null.</summary>
    private static string? FindTemplate(List<(Channel Channel, CategoryDraft Category)> categories)
    {
        if (categories.Any(c => c.Channel.Address is null))
        {
            return null;
        }

        string first = categories[0].Channel.Address!.Value;
        string name = categories[0].Category.Name;
        // The category's name is looked for only in the address's literal text, never inside a '{parameter}': a category
        // 'store' in 'acme.{store}.store' is the last segment, not part of the store parameter.
        var inParameter = s_parameter.Matches(first).Cast<Match>().ToList();
        for (int at = first.IndexOf(name, StringComparison.Ordinal); at >= 0 && name.Length > 0; at = first.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            int start = at;
            if (inParameter.Any(m => start < m.Index + m.Length && m.Index < start + name.Length))
            {
                continue;
            }

            string candidate = first.Substring(0, at) + CatalogContract.CategoryPlaceholder + first.Substring(at + name.Length);
            bool fits = s_parameter.Matches(candidate).Cast<Match>().All(m => m.Value == CatalogContract.CategoryPlaceholder || m.Value == CatalogContract.StorePlaceholder)
                && categories.All(c => candidate.Replace(CatalogContract.CategoryPlaceholder, c.Category.Name) == c.Channel.Address!.Value);
            if (fits)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The messages of <paramref name="channel"/> as events of <paramref name="category"/>, or, for the one channel whose address
    /// holds the category (<paramref name="category"/> null), of the category each message names.
    /// </summary>
    private void ReadMessages(Channel channel, CategoryDraft? category)
    {
        YamlNode? messages = Get(channel.Mapping, "messages");
        if (messages is null || (messages is YamlScalar empty && empty.IsNull))
        {
            return;
        }

        if (messages is not YamlMapping messageMap)
        {
            Report(DiagnosticDescriptors.WrongStructure, Where(messages), $"'messages' of channel '{channel.Key.Value}' must map message ids to messages, but it is {messages.Kind}.");
            return;
        }

        foreach (var (key, value) in Entries(messageMap, $"the messages of channel '{channel.Key.Value}'"))
        {
            CategoryDraft? into = category ?? CategoryOf(channel, key, value);
            if (into is null)
            {
                continue;
            }

            _category = into;
            try
            {
                into.Events.Add(ReadMessage(key, value));
            }
            finally
            {
                _category = null;
            }
        }
    }

    /// <summary>The category a message of the one templated channel names (<c>x-eventcatalog-category</c>, else its first tag), created on first use.</summary>
    private CategoryDraft? CategoryOf(Channel channel, YamlScalar key, YamlNode value)
    {
        YamlMapping? message = Follow(value, out _, RefTarget.Message) as YamlMapping;
        YamlNode? named = Get(message, "x-eventcatalog-category")
            ?? (Get(message, "tags") is YamlSequence { Items.Count: > 0 } tags ? Get(Follow(tags.Items[0], out _) as YamlMapping, "name") : null);
        if (named is not YamlScalar { IsNull: false } name)
        {
            Report(DiagnosticDescriptors.AsyncApiUnsupported, Where(key), $"Message '{key.Value}' of channel '{channel.Key.Value}' names no category: the channel's address holds the category ('{channel.Address!.Value}'), so each message says which it belongs to with 'x-eventcatalog-category' or its first tag.");
            return null;
        }

        string categoryName = CatalogName(name, "category");
        if (_catalog.Categories.FirstOrDefault(c => c.Name == categoryName) is { } existing)
        {
            return existing;
        }

        var created = new CategoryDraft(categoryName, Where(name));
        _catalog.Categories.Add(created);
        return created;
    }
}
