using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;
using EventCatalog.Generator.Parsing;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Generator.Locking;

/// <summary>
/// Reads a lock file (the JSON <see cref="LockWriter"/> writes) without a JSON library: JSON is YAML 1.2, so the
/// catalog's own bounded <see cref="YamlTreeReader"/> reads it (size, depth and node limits of <see cref="CatalogLimits"/>).
/// Anything that is not a lock of format <see cref="CatalogLock.FormatVersion"/> is one EVC019 at its place in the
/// lock file; the reader never throws (but for cancellation). Because a YAML reader accepts far more than JSON, the
/// reader holds the text to what <see cref="LockWriter"/> can have written: objects in braces, names and types as
/// double-quoted strings, numbers in decimal digits (so block mappings, single quotes, anchors, aliases, merge keys and
/// tags are refused), and names and types the catalog itself allows (snake_case names, normalized type text such as
/// <c>list&lt;string&gt;?</c>). Anything else would be compared as if it had shipped, and every difference reported as
/// a breaking change (EVC017) in the catalog, where nothing is wrong.
/// </summary>
internal sealed class LockReader
{
    private readonly string _path;
    private readonly SourceText _text;

    private LockReader(string path, SourceText text)
    {
        _path = path;
        _text = text;
    }

    /// <summary>The lock in <paramref name="text"/>, or the EVC019 that says why it cannot be used.</summary>
    public static (CatalogLock? Lock, DiagnosticInfo? Error) Read(string path, SourceText? text, CancellationToken cancellationToken)
    {
        if (text is null)
        {
            return (null, DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableLock, LocationInfo.FileStart(path), Message(path, "the file could not be read.")));
        }

        try
        {
            // Conflict markers first: the JSON error they cause says nothing of the merge that left them.
            if (LockConflicts.Find(text) is { } conflict)
            {
                return (null, LockConflicts.Diagnostic(path, text, conflict, cancellationToken));
            }

            (YamlNode? root, DiagnosticInfo? error) = YamlTreeReader.Read(path, text, cancellationToken);
            if (error is not null)
            {
                // The tree reader speaks of "the catalog"; here the same problem is the lock's.
                string problem = error.Arguments.Count > 0 ? error.Arguments[0] : "it is not well-formed JSON.";
                problem = problem.Replace("The catalog is not well-formed YAML: ", "it is not well-formed JSON: ").Replace("The catalog", "it");
                return (null, DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableLock, error.Location, Message(path, problem)));
            }

            var reader = new LockReader(path, text);
            return reader.ReadRoot(root);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return (null, DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableLock, LocationInfo.FileStart(path), Message(path, $"{ex.GetType().Name}: {ex.Message}")));
        }
    }

    private static string Message(string path, string problem) =>
        $"The compatibility lock '{Path.GetFileName(path)}' cannot be used, so breaking changes are not checked: {problem} Restore it from version control (git checkout -- {Path.GetFileName(path)}). Deleting it and writing it again (the code fix on the catalog, or 'eventcatalog ship') takes the catalog as it is now as what shipped: a breaking change made since would never be reported (EVC017).";

    private (CatalogLock? Lock, DiagnosticInfo? Error) ReadRoot(YamlNode? root)
    {
        if (root is not YamlMapping mapping)
        {
            return Fail(root, $"it must be a JSON object, but it is {(root is null ? "empty" : root.Kind)}.");
        }

        if (!IsJsonObject(mapping))
        {
            return Fail(mapping.Entries.Count > 0 ? mapping.Entries[0].Key : mapping, "it must be a JSON object in braces ('{ ... }'), but it is written in YAML's block style.");
        }

        Dictionary<string, (YamlNode Key, YamlNode Value)>? entries = Entries(mapping, "the lock", out DiagnosticInfo? error, "eventcatalog_lock", "topic", "categories");
        if (entries is null)
        {
            return (null, error);
        }

        if (!entries.TryGetValue("eventcatalog_lock", out var format))
        {
            return Fail(mapping, "it has no 'eventcatalog_lock' format number, so it is not a lock EventCatalog wrote.");
        }

        if (Number(format.Value) is not { } formatVersion)
        {
            return Fail(format.Value, $"'eventcatalog_lock' must be the format number {CatalogLock.FormatVersion}.");
        }

        if (formatVersion != CatalogLock.FormatVersion)
        {
            return Fail(format.Value, $"it is lock format {formatVersion.ToString(CultureInfo.InvariantCulture)}, and this EventCatalog reads format {CatalogLock.FormatVersion.ToString(CultureInfo.InvariantCulture)} (a newer EventCatalog wrote it? update the package).");
        }

        if (!entries.TryGetValue("topic", out var topic) || Text(topic.Value) is not { } template)
        {
            return Fail(entries.TryGetValue("topic", out var badTopic) ? badTopic.Value : mapping, "'topic' must be the topic template, a string.");
        }

        if (!entries.TryGetValue("categories", out var categoriesEntry) || categoriesEntry.Value is not YamlMapping categoriesMap)
        {
            return Fail(entries.TryGetValue("categories", out var bad) ? bad.Value : mapping, "'categories' must be an object of categories.");
        }

        Dictionary<string, (YamlNode Key, YamlNode Value)>? categoryEntries = Entries(categoriesMap, "'categories'", out error);
        if (categoryEntries is null)
        {
            return (null, error);
        }

        var categories = new List<LockedCategory>();
        foreach (KeyValuePair<string, (YamlNode Key, YamlNode Value)> category in categoryEntries)
        {
            string where = $"category '{category.Key}'";
            if (!Naming.IsSnakeCase(category.Key))
            {
                return Fail(category.Value.Key, $"{where} is not a snake_case name, so no catalog can have shipped it.");
            }

            if (category.Value.Value is not YamlMapping categoryMap)
            {
                return Fail(category.Value.Value, $"{where} must be an object with 'events'.");
            }

            var categoryProperties = Entries(categoryMap, where, out error, "events");
            if (categoryProperties is null)
            {
                return (null, error);
            }

            if (!categoryProperties.TryGetValue("events", out var eventsEntry) || eventsEntry.Value is not YamlMapping eventsMap)
            {
                return Fail(categoryProperties.TryGetValue("events", out var bad) ? bad.Value : categoryMap, $"'events' of {where} must be an object of events.");
            }

            var eventEntries = Entries(eventsMap, $"the events of {where}", out error);
            if (eventEntries is null)
            {
                return (null, error);
            }

            var events = new List<LockedEvent>();
            foreach (KeyValuePair<string, (YamlNode Key, YamlNode Value)> ev in eventEntries)
            {
                (LockedEvent? locked, DiagnosticInfo? eventError) = ReadEvent(ev.Key, ev.Value.Key, ev.Value.Value);
                if (locked is null)
                {
                    return (null, eventError);
                }

                events.Add(locked);
            }

            events.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            categories.Add(new LockedCategory(category.Key, events));
        }

        categories.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return (new CatalogLock(template, categories), null);
    }

    private (LockedEvent? Event, DiagnosticInfo? Error) ReadEvent(string name, YamlNode nameNode, YamlNode value)
    {
        string where = $"event '{name}'";
        if (!Naming.IsSnakeCase(name))
        {
            return (null, Error(nameNode, $"{where} is not a snake_case name, so no catalog can have shipped it."));
        }

        if (value is not YamlMapping map)
        {
            return (null, Error(value, $"{where} must be an object with 'version' and 'data'."));
        }

        var properties = Entries(map, where, out DiagnosticInfo? error, "version", "data", "versions");
        if (properties is null)
        {
            return (null, error);
        }

        if (!properties.TryGetValue("version", out var versionEntry) || Number(versionEntry.Value) is not { } version || version < 1 || version > CatalogLimits.MaxEventVersion)
        {
            return (null, Error(properties.TryGetValue("version", out var bad) ? bad.Value : map, $"'version' of {where} must be a whole number from 1 to {CatalogLimits.MaxEventVersion.ToString(CultureInfo.InvariantCulture)}."));
        }

        if (!properties.TryGetValue("data", out var dataEntry))
        {
            return (null, Error(map, $"{where} has no 'data'."));
        }

        (List<LockedField>? data, DiagnosticInfo? dataError) = ReadFields(dataEntry.Value, $"'data' of {where}");
        if (data is null)
        {
            return (null, dataError);
        }

        var versions = new List<LockedVersion>();
        if (properties.TryGetValue("versions", out var versionsEntry))
        {
            if (versionsEntry.Value is not YamlMapping versionsMap)
            {
                return (null, Error(versionsEntry.Value, $"'versions' of {where} must be an object of earlier versions."));
            }

            var versionEntries = Entries(versionsMap, $"'versions' of {where}", out error);
            if (versionEntries is null)
            {
                return (null, error);
            }

            foreach (KeyValuePair<string, (YamlNode Key, YamlNode Value)> earlier in versionEntries)
            {
                if (!int.TryParse(earlier.Key, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number < 1 || number >= version)
                {
                    return (null, Error(earlier.Value.Key, $"'versions' of {where} holds '{earlier.Key}', which is not an earlier version (1 to {(version - 1).ToString(CultureInfo.InvariantCulture)})."));
                }

                string versionWhere = $"version {earlier.Key} of {where}";
                if (earlier.Value.Value is not YamlMapping versionMap)
                {
                    return (null, Error(earlier.Value.Value, $"{versionWhere} must be an object with 'data'."));
                }

                var versionProperties = Entries(versionMap, versionWhere, out error, "data");
                if (versionProperties is null)
                {
                    return (null, error);
                }

                if (!versionProperties.TryGetValue("data", out var versionData))
                {
                    return (null, Error(versionMap, $"{versionWhere} has no 'data'."));
                }

                (List<LockedField>? fields, DiagnosticInfo? fieldsError) = ReadFields(versionData.Value, $"'data' of {versionWhere}");
                if (fields is null)
                {
                    return (null, fieldsError);
                }

                versions.Add(new LockedVersion(number, fields));
            }
        }

        if (versions.Count != version - 1)
        {
            return (null, Error(properties.TryGetValue("versions", out var at) ? at.Key : versionEntry.Value, $"{where} is at version {version.ToString(CultureInfo.InvariantCulture)} but records {versions.Count.ToString(CultureInfo.InvariantCulture)} earlier version(s); it needs each of 1 to {(version - 1).ToString(CultureInfo.InvariantCulture)}."));
        }

        versions.Sort((a, b) => a.Version.CompareTo(b.Version));
        return (new LockedEvent(name, version, data, versions), null);
    }

    private (List<LockedField>? Fields, DiagnosticInfo? Error) ReadFields(YamlNode value, string where)
    {
        if (value is not YamlMapping map)
        {
            return (null, Error(value, $"{where} must be an object of field names and types."));
        }

        var entries = Entries(map, where, out DiagnosticInfo? error);
        if (entries is null)
        {
            return (null, error);
        }

        var fields = new List<LockedField>();
        foreach (KeyValuePair<string, (YamlNode Key, YamlNode Value)> field in entries)
        {
            if (!Naming.IsSnakeCase(field.Key))
            {
                return (null, Error(field.Value.Key, $"field '{field.Key}' of {where} is not a snake_case name, so no catalog can have shipped it."));
            }

            if (Text(field.Value.Value) is not { Length: > 0 } type)
            {
                return (null, Error(field.Value.Value, $"field '{field.Key}' of {where} must have its type as a string (e.g. \"string\" or \"timestamp?\")."));
            }

            // The writer writes the parser's normalized text; an alias ('str') or anything unparsable was edited in.
            if (!LockTypes.IsWellFormed(type))
            {
                return (null, Error(field.Value.Value, $"field '{field.Key}' of {where} has the type '{type}', which is not a catalog type as EventCatalog writes it (e.g. \"long\", \"list<string>\" or \"timestamp?\")."));
            }

            fields.Add(new LockedField(field.Key, type));
        }

        fields.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return (fields, null);
    }

    /// <summary>
    /// The entries of an object by their names; null (with <paramref name="error"/>) for a name that is not a string,
    /// given twice, or (when <paramref name="allowed"/> is given) not one of those: a hand edit or a newer format.
    /// </summary>
    private Dictionary<string, (YamlNode Key, YamlNode Value)>? Entries(YamlMapping map, string where, out DiagnosticInfo? error, params string[] allowed)
    {
        var entries = new Dictionary<string, (YamlNode Key, YamlNode Value)>(StringComparer.Ordinal);
        if (!IsJsonObject(map))
        {
            error = Error(map, $"{where} must be a JSON object in braces ('{{ ... }}'), as EventCatalog writes it.");
            return null;
        }

        foreach (KeyValuePair<YamlNode, YamlNode> entry in map.Entries)
        {
            if (entry.Key is not YamlScalar key || !IsJsonString(key))
            {
                error = Error(entry.Key, $"{where} has a property whose name is not a JSON string (in double quotes).");
                return null;
            }

            if (allowed.Length > 0 && Array.IndexOf(allowed, key.Value) < 0)
            {
                error = Error(key, $"{where} has the property '{key.Value}', which lock format {CatalogLock.FormatVersion.ToString(CultureInfo.InvariantCulture)} does not have (expected: {string.Join(", ", allowed)}).");
                return null;
            }

            if (entries.ContainsKey(key.Value))
            {
                error = Error(key, $"{where} has the property '{key.Value}' twice.");
                return null;
            }

            entries.Add(key.Value, (key, entry.Value));
        }

        error = null;
        return entries;
    }

    private int? Number(YamlNode node) =>
        node is YamlScalar { IsPlain: true } scalar && FirstCharIs(node, char.IsDigit) && int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;

    private string? Text(YamlNode node) => node is YamlScalar scalar && IsJsonString(scalar) ? scalar.Value : null;

    // The tree keeps where each node starts in the text: a JSON string starts with its quote and an object with its
    // brace, where a tag ('!!str'), single quote, block style or plain scalar starts otherwise. The tree reader resolves
    // merge keys ('<<') itself, so the mapping says whether it had one.
    private bool IsJsonString(YamlScalar scalar) => !scalar.IsPlain && scalar.TextTag is null && FirstCharIs(scalar, c => c == '"');

    private bool IsJsonObject(YamlMapping map) => !map.HasMergedEntries && FirstCharIs(map, c => c == '{');

    private bool FirstCharIs(YamlNode node, Func<char, bool> test) => node.Start >= 0 && node.Start < _text.Length && test(_text[node.Start]);

    private (CatalogLock? Lock, DiagnosticInfo? Error) Fail(YamlNode? node, string problem) => (null, Error(node, problem));

    private DiagnosticInfo Error(YamlNode? node, string problem) =>
        DiagnosticInfo.Create(
            DiagnosticDescriptors.UnreadableLock,
            node is null ? LocationInfo.FileStart(_path) : LocationInfo.Create(_path, _text, node.Start, Math.Max(node.Start, node.End)),
            Message(_path, problem));
}
