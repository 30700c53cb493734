using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Generator.Parsing;

/// <summary>
/// Walks a YAML tree into a <see cref="CatalogDraft"/>, reporting structure problems (EVC002),
/// unknown field types (EVC005) and unknown keys (EVC008) where they stand. The walk follows the
/// catalog's fixed shape, so its depth is bounded by that shape, not by the input.
/// </summary>
internal sealed class CatalogReader
{
    private static readonly string[] s_rootKeys = { "namespace", "class", "topic", "type_prefix", "types", "categories" };
    private static readonly string[] s_typeKeys = { "description", "enum", "fields" };
    private static readonly string[] s_categoryKeys = { "description", "wrapper", "events" };
    private static readonly string[] s_eventKeys = { "description", "data", "deprecated", "version", "versions" };
    private static readonly string[] s_versionKeys = { "data" };
    private static readonly string[] s_fieldKeys = { "type", "description", "optional" };

    private readonly string _path;
    private readonly SourceText _text;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly CancellationToken _cancellationToken;

    // Where an error lands (Report marks it): the innermost of the event, the category and the catalog being read.
    private CatalogDraft? _catalog;
    private CategoryDraft? _category;
    private EventDraft? _event;
    private TypeDraft? _type;

    // The names of 'types:', known before any field is read (a field may name a type written below it).
    private NamedTypes _named = NamedTypes.None;

    private CatalogReader(string path, SourceText text, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        _path = path;
        _text = text;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
    }

    public static CatalogDraft? Read(string path, SourceText text, YamlNode? root, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken) =>
        new CatalogReader(path, text, diagnostics, cancellationToken).ReadRoot(root);

    private CatalogDraft? ReadRoot(YamlNode? root)
    {
        var draft = new CatalogDraft(LocationInfo.Create(_path, _text, 0, 0));
        _catalog = draft;
        if (root is null || (root is YamlScalar empty && empty.IsNull))
        {
            Report(DiagnosticDescriptors.WrongStructure, draft.FileStart, "The catalog is empty: a mapping with 'categories' is expected.");
            return null;
        }

        if (root is not YamlMapping mapping)
        {
            Report(DiagnosticDescriptors.WrongStructure, Where(root), $"The catalog must be a mapping with 'categories', but it is {root.Kind}.");
            return null;
        }

        YamlNode? categories = null;
        YamlNode? types = null;
        foreach (var (keyNode, value) in Entries(mapping, "the catalog", s_rootKeys))
        {
            string key = ((YamlScalar)keyNode).Value;
            switch (key)
            {
                case "namespace":
                    draft.Namespace = ReadText(value, "'namespace'");
                    draft.NamespaceLocation = Where(value);
                    break;
                case "class":
                    draft.ClassName = ReadText(value, "'class'");
                    draft.ClassNameLocation = Where(value);
                    break;
                case "topic":
                    draft.TopicTemplate = ReadText(value, "'topic'");
                    draft.TopicTemplateLocation = Where(value);
                    break;
                case "type_prefix":
                    draft.TypePrefix = ReadText(value, "'type_prefix'");
                    draft.TypePrefixLocation = Where(value);
                    break;
                case "types":
                    types = value;
                    break;
                case "categories":
                    categories = value;
                    break;
            }
        }

        if (types is not null)
        {
            ReadTypes(draft, types);
        }

        if (categories is null)
        {
            Report(DiagnosticDescriptors.WrongStructure, Where(mapping.Entries.Count > 0 ? mapping.Entries[0].Key : mapping), "The catalog has no 'categories' mapping.");
            return draft;
        }

        if (categories is not YamlMapping categoryMap || categoryMap.Entries.Count == 0)
        {
            Report(DiagnosticDescriptors.WrongStructure, Where(categories), $"'categories' must be a mapping of at least one category, but it is {(categories is YamlMapping ? "empty" : categories.Kind)}.");
            return draft;
        }

        foreach (var (keyNode, value) in Entries(categoryMap, "'categories'", null))
        {
            draft.Categories.Add(ReadCategory((YamlScalar)keyNode, value));
        }

        return draft;
    }

    /// <summary>
    /// Reads <c>types:</c> (SPEC §13): each entry an enum (<c>{ enum: [a, b] }</c>) or an object type (<c>{ fields: { … } }</c>), with an
    /// optional description. The names are known first, so a field anywhere may name a type written anywhere.
    /// </summary>
    private void ReadTypes(CatalogDraft draft, YamlNode value)
    {
        if (value is YamlScalar scalar && scalar.IsNull)
        {
            return;
        }

        if (value is not YamlMapping mapping)
        {
            Report(DiagnosticDescriptors.WrongStructure, Where(value), $"'types' must be a mapping of type names to an enum ({{ enum: [a, b] }}) or an object type ({{ fields: {{ … }} }}), but it is {value.Kind}.");
            return;
        }

        var entries = Entries(mapping, "'types'", null).ToList();
        var named = new Dictionary<string, TypeShape>(StringComparer.Ordinal);
        foreach (var (key, typeValue) in entries)
        {
            string name = ((YamlScalar)key).Value;
            if (typeValue is YamlMapping typeMapping && !named.ContainsKey(name))
            {
                bool isEnum = typeMapping.Entries.Any(e => e.Key is YamlScalar { Value: "enum" });
                bool isObject = typeMapping.Entries.Any(e => e.Key is YamlScalar { Value: "fields" });
                if (isEnum != isObject)
                {
                    named[name] = isEnum ? TypeShape.Enum : TypeShape.Object;
                }
            }
        }

        _named = new NamedTypes(named);
        foreach (var (key, typeValue) in entries)
        {
            var type = new TypeDraft(((YamlScalar)key).Value, Where(key));
            draft.Types.Add(type);
            _type = type;
            try
            {
                ReadType(type, typeValue);
            }
            finally
            {
                _type = null;
            }
        }
    }

    private void ReadType(TypeDraft type, YamlNode value)
    {
        string where = $"type '{type.Name}'";
        if (value is not YamlMapping mapping)
        {
            Report(DiagnosticDescriptors.WrongStructure, Where(value), $"Type '{type.Name}' must be a mapping with 'enum' (a list of values) or 'fields' (a mapping of fields), but it is {value.Kind}.");
            return;
        }

        foreach (var (entryKey, entryValue) in Entries(mapping, where, s_typeKeys))
        {
            switch (((YamlScalar)entryKey).Value)
            {
                case "description":
                    type.Description = ReadText(entryValue, $"the description of {where}");
                    break;
                case "enum":
                    if (type.Shape == TypeShape.Object)
                    {
                        Report(DiagnosticDescriptors.WrongStructure, Where(entryKey), $"Type '{type.Name}' has both 'enum' and 'fields': a type is an enum or an object type, not both.");
                        break;
                    }

                    type.Shape = TypeShape.Enum;
                    ReadEnumValues(type, entryValue);
                    break;
                case "fields":
                    if (type.Shape == TypeShape.Enum)
                    {
                        Report(DiagnosticDescriptors.WrongStructure, Where(entryKey), $"Type '{type.Name}' has both 'enum' and 'fields': a type is an enum or an object type, not both.");
                        break;
                    }

                    type.Shape = TypeShape.Object;
                    ReadData(where, type.Fields, entryValue, $"'fields' of {where}");
                    break;
            }
        }

        if (type.Shape is null && !type.HasErrors)
        {
            Report(DiagnosticDescriptors.WrongStructure, Where(value), $"Type '{type.Name}' has neither 'enum' (a list of values) nor 'fields' (a mapping of fields).");
        }
    }

    private void ReadEnumValues(TypeDraft type, YamlNode value)
    {
        if (value is not YamlSequence sequence || sequence.Items.Count == 0)
        {
            Report(DiagnosticDescriptors.WrongStructure, Where(value), $"'enum' of type '{type.Name}' must be a list of at least one snake_case value ([pending, paid]), but it is {(value is YamlSequence ? "empty" : value.Kind)}.");
            return;
        }

        foreach (YamlNode item in sequence.Items)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (item is YamlScalar { IsNull: false } valueName)
            {
                if (valueName.IsPlain && YamlBooleans.TryRead(valueName, out bool flag, out bool yaml11Only))
                {
                    Report(
                        DiagnosticDescriptors.AmbiguousYamlValue,
                        Where(valueName),
                        $"The value '{valueName.Value}' of enum '{type.Name}' is an unquoted word YAML {(yaml11Only ? "1.1 " : string.Empty)}reads as the boolean {(flag ? "true" : "false")}; it is used as the value \"{valueName.Value}\": quote it to say so.");
                }

                type.Values.Add((valueName.Value, Where(valueName)));
            }
            else
            {
                Report(DiagnosticDescriptors.WrongStructure, Where(item), $"A value of enum '{type.Name}' must be a snake_case name, but this item is {item.Kind}.");
            }
        }
    }

    private CategoryDraft ReadCategory(YamlScalar key, YamlNode value)
    {
        var category = new CategoryDraft(key.Value, Where(key));
        _category = category;
        try
        {
            ReadCategory(category, key, value);
        }
        finally
        {
            _category = null;
        }

        return category;
    }

    private void ReadCategory(CategoryDraft category, YamlScalar key, YamlNode value)
    {
        if (value is YamlScalar scalar && scalar.IsNull)
        {
            return;
        }

        if (value is not YamlMapping mapping)
        {
            Report(DiagnosticDescriptors.WrongStructure, Where(value), $"Category '{key.Value}' must be a mapping (with 'events'), but it is {value.Kind}.");
            return;
        }

        string where = $"category '{key.Value}'";
        foreach (var (entryKey, entryValue) in Entries(mapping, where, s_categoryKeys))
        {
            switch (((YamlScalar)entryKey).Value)
            {
                case "description":
                    category.Description = ReadText(entryValue, $"the description of {where}");
                    break;
                case "wrapper":
                    category.Wrapper = ReadText(entryValue, $"the wrapper of {where}");
                    category.WrapperLocation = Where(entryValue);
                    break;
                case "events":
                    ReadEvents(category, entryValue);
                    break;
            }
        }

        return;
    }

    private void ReadEvents(CategoryDraft category, YamlNode value)
    {
        switch (value)
        {
            case YamlScalar scalar when scalar.IsNull:
                return;
            case YamlSequence sequence:
                foreach (YamlNode item in sequence.Items)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    if (item is YamlScalar name && !name.IsNull)
                    {
                        category.Events.Add(new EventDraft(name.Value, Where(name)));
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.WrongStructure, Where(item), $"The short form of 'events' in category '{category.Name}' lists event names only, but this item is {item.Kind}; use the mapping form for events with data.");
                    }
                }

                return;
            case YamlMapping mapping:
                foreach (var (key, eventValue) in Entries(mapping, $"the events of category '{category.Name}'", null))
                {
                    category.Events.Add(ReadEvent((YamlScalar)key, eventValue));
                }

                return;
            default:
                Report(DiagnosticDescriptors.WrongStructure, Where(value), $"'events' of category '{category.Name}' must be a mapping or a list of names, but it is {value.Kind}.");
                return;
        }
    }

    private EventDraft ReadEvent(YamlScalar key, YamlNode value)
    {
        var draft = new EventDraft(key.Value, Where(key));
        _event = draft;
        try
        {
            ReadEvent(draft, key, value);
        }
        finally
        {
            _event = null;
        }

        return draft;
    }

    private void ReadEvent(EventDraft draft, YamlScalar key, YamlNode value)
    {
        if (value is YamlScalar scalar && scalar.IsNull)
        {
            return;
        }

        if (value is not YamlMapping mapping)
        {
            Report(DiagnosticDescriptors.WrongStructure, Where(value), $"Event '{key.Value}' must be a mapping (description, data, deprecated, version, versions) or empty, but it is {value.Kind}.");
            return;
        }

        string where = $"event '{key.Value}'";
        foreach (var (entryKey, entryValue) in Entries(mapping, where, s_eventKeys))
        {
            switch (((YamlScalar)entryKey).Value)
            {
                case "description":
                    draft.Description = ReadText(entryValue, $"the description of {where}");
                    break;
                case "deprecated":
                    draft.Deprecated = ReadDeprecated(entryValue, key.Value);
                    break;
                case "data":
                    ReadData($"event '{draft.Name}'", draft.Fields, entryValue, $"'data' of event '{draft.Name}'");
                    break;
                case "version":
                    draft.VersionLocation = Where(entryValue);
                    draft.Version = ReadVersionNumber(entryValue, $"'version' of event '{draft.Name}'", quotedAllowed: false);
                    break;
                case "versions":
                    draft.VersionsLocation = Where(entryKey);
                    ReadVersions(draft, entryValue);
                    break;
            }
        }

        return;
    }

    // A version is a plain decimal integer from 1 to CatalogLimits.MaxEventVersion: the record name
    // <Event>V<N> and the codec's dataversion attribute both carry it, so '01', '+2' or '0x2' would be a
    // second spelling of one version. A quoted value is a text (YAML's reading); a quoted mapping key is still
    // the usual way to write a key.
    private int? ReadVersionNumber(YamlNode value, string what, bool quotedAllowed)
    {
        if (value is YamlScalar scalar && !scalar.IsNull && (quotedAllowed || scalar.IsPlain) && scalar.Value.Length is > 0 and <= 3
            && scalar.Value[0] is >= '1' and <= '9' && IsDigits(scalar.Value)
            && int.Parse(scalar.Value, System.Globalization.CultureInfo.InvariantCulture) is int number
            && number <= CatalogLimits.MaxEventVersion)
        {
            return number;
        }

        string shown = value is YamlScalar { IsNull: false } text ? (text.IsPlain ? $"'{text.Value}'" : $"the quoted text \"{text.Value}\"") : value.Kind;
        Report(
            DiagnosticDescriptors.InvalidEventVersion,
            Where(value),
            $"{Capitalize(what)} must be a whole number from 1 to {CatalogLimits.MaxEventVersion} written in decimal digits, but it is {shown}.");
        return null;
    }

    private static bool IsDigits(string text)
    {
        foreach (char c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private void ReadVersions(EventDraft draft, YamlNode value)
    {
        if (value is YamlScalar scalar && scalar.IsNull)
        {
            return;
        }

        if (value is not YamlMapping mapping)
        {
            Report(DiagnosticDescriptors.WrongStructure, Where(value), $"'versions' of event '{draft.Name}' must map each earlier version number to its data (1: {{ data: {{ ... }} }}), but it is {value.Kind}.");
            return;
        }

        var seen = new HashSet<int>();
        foreach (var (key, versionValue) in Entries(mapping, $"the versions of event '{draft.Name}'", null))
        {
            int? number = ReadVersionNumber(key, $"the version key '{((YamlScalar)key).Value}' in 'versions' of event '{draft.Name}'", quotedAllowed: true);
            if (number is null)
            {
                continue;
            }

            if (!seen.Add(number.Value))
            {
                Report(DiagnosticDescriptors.InvalidEventVersion, Where(key), $"Version {number} of event '{draft.Name}' is described twice in 'versions'.");
                continue;
            }

            var version = new EventVersionDraft(number.Value, Where(key));
            draft.Versions.Add(version);
            string where = $"version {number} of event '{draft.Name}'";
            if (versionValue is YamlScalar empty && empty.IsNull)
            {
                continue;
            }

            if (versionValue is not YamlMapping versionMapping)
            {
                Report(DiagnosticDescriptors.WrongStructure, Where(versionValue), $"{Capitalize(where)} must be a mapping with its 'data', but it is {versionValue.Kind}.");
                continue;
            }

            foreach (var (_, dataValue) in Entries(versionMapping, where, s_versionKeys))
            {
                ReadData($"event '{draft.Name}' version '{number}'", version.Fields, dataValue, $"'data' of {where}");
            }
        }
    }

    private string? ReadDeprecated(YamlNode value, string eventName)
    {
        if (value is YamlScalar scalar)
        {
            if (scalar.IsNull)
            {
                return null;
            }

            if (YamlBooleans.TryRead(scalar, out bool flag, out bool yaml11Only))
            {
                if (yaml11Only)
                {
                    Report(
                        DiagnosticDescriptors.AmbiguousYamlValue,
                        Where(scalar),
                        $"'deprecated: {scalar.Value}' of event '{eventName}' is read as {(flag ? "true" : "false")} (a YAML 1.1 boolean), not as a message: write {(flag ? "true" : "false")}, or quote the message (deprecated: \"{scalar.Value}\").");
                }

                return flag ? $"The event '{eventName}' is deprecated." : null;
            }

            if (YamlPlainScalars.NonStringReading(scalar) is { } reading)
            {
                Report(
                    DiagnosticDescriptors.AmbiguousYamlValue,
                    Where(scalar),
                    $"'deprecated: {scalar.Value}' of event '{eventName}' is a value YAML reads as {reading}, not a message; it is used as the message \"{scalar.Value}\": quote it to say so.");
            }

            return scalar.Value.Trim().Length == 0 ? $"The event '{eventName}' is deprecated." : scalar.Value;
        }

        Report(DiagnosticDescriptors.WrongStructure, Where(value), $"'deprecated' of event '{eventName}' must be true, false or a message, but it is {value.Kind}.");
        return null;
    }

    private void ReadData(string owner, List<FieldDraft> fields, YamlNode value, string what)
    {
        if (value is YamlScalar scalar && scalar.IsNull)
        {
            return;
        }

        if (value is not YamlMapping mapping)
        {
            Report(DiagnosticDescriptors.WrongStructure, Where(value), $"{Capitalize(what)} must be a mapping of field names to types, but it is {value.Kind}.");
            return;
        }

        foreach (var (key, fieldValue) in Entries(mapping, $"the data of {owner}", null))
        {
            fields.Add(ReadField(owner, (YamlScalar)key, fieldValue));
        }
    }

    private FieldDraft ReadField(string owner, YamlScalar key, YamlNode value)
    {
        var field = new FieldDraft(key.Value, Where(key));
        YamlNode? typeNode = value;
        bool optional = false;
        if (value is YamlMapping mapping)
        {
            typeNode = null;
            string where = $"field '{key.Value}' of {owner}";
            foreach (var (entryKey, entryValue) in Entries(mapping, where, s_fieldKeys))
            {
                switch (((YamlScalar)entryKey).Value)
                {
                    case "type":
                        typeNode = entryValue;
                        break;
                    case "description":
                        field.Description = ReadText(entryValue, $"the description of {where}");
                        break;
                    case "optional":
                        optional = ReadBoolean(entryValue, $"'optional' of {where}");
                        break;
                }
            }

            if (typeNode is null)
            {
                Report(DiagnosticDescriptors.WrongStructure, Where(key), $"Field '{key.Value}' of {owner} has no 'type'.");
                return field;
            }
        }

        if (typeNode is not YamlScalar typeScalar || typeScalar.IsNull)
        {
            Report(
                DiagnosticDescriptors.UnknownFieldType,
                Where(typeNode),
                key.Value,
                owner,
                typeNode is YamlScalar ? "(none)" : "(" + typeNode.Kind + ")",
                "; a type is required: " + string.Join(", ", FieldTypeParser.KnownNames));
            return field;
        }

        field.Type = FieldTypeParser.Parse(typeScalar.Value, optional, _named, out string? suggestion);
        if (field.Type is null)
        {
            Report(
                DiagnosticDescriptors.UnknownFieldType,
                Where(typeScalar),
                key.Value,
                owner,
                typeScalar.Value,
                suggestion is null ? "; known types: " + string.Join(", ", FieldTypeParser.KnownNames.Concat(_named.Names)) + ", each optionally followed by '?'" : Naming.DidYouMean(suggestion));
        }

        return field;
    }

    /// <summary>The mapping's entries whose keys are plain scalars; reports other keys, duplicates, and unknown keys when <paramref name="known"/> is given.</summary>
    private IEnumerable<(YamlNode Key, YamlNode Value)> Entries(YamlMapping mapping, string where, string[]? known)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Entries)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (entry.Key is not YamlScalar key || key.IsNull)
            {
                Report(DiagnosticDescriptors.WrongStructure, Where(entry.Key), $"Keys in {where} must be plain names, but this key is {entry.Key.Kind}.");
                continue;
            }

            if (known is null && YamlBooleans.TryRead(key, out bool flag, out bool yaml11Only))
            {
                // A name in 'categories', 'events' or 'data': YAML reads the unquoted word as a boolean key (true/false in 1.2, yes/no/on/off/y/n in 1.1).
                Report(
                    DiagnosticDescriptors.AmbiguousYamlValue,
                    Where(key),
                    $"The name '{key.Value}' in {where} is an unquoted word YAML {(yaml11Only ? "1.1" : string.Empty)}{(yaml11Only ? " " : string.Empty)}reads as the boolean {(flag ? "true" : "false")}, not a name; it is used as the name \"{key.Value}\": quote it (\"{key.Value}\":) to say so.");
            }

            if (known is not null)
            {
                if (Array.IndexOf(known, key.Value) < 0)
                {
                    Report(DiagnosticDescriptors.UnknownKey, Where(key), key.Value, where, Naming.DidYouMean(Naming.Closest(key.Value, known)));
                    continue;
                }

                if (!seen.Add(key.Value))
                {
                    Report(DiagnosticDescriptors.WrongStructure, Where(key), $"The key '{key.Value}' appears more than once in {where}.");
                    continue;
                }
            }

            yield return (key, entry.Value);
        }
    }

    private string? ReadText(YamlNode value, string what)
    {
        if (value is YamlScalar scalar)
        {
            if (scalar.IsNull)
            {
                return null;
            }

            if (YamlBooleans.TryRead(scalar, out _, out _))
            {
                Report(
                    DiagnosticDescriptors.AmbiguousYamlValue,
                    Where(scalar),
                    $"{Capitalize(what)} is the unquoted word '{scalar.Value}', which YAML reads as a boolean; it is used as the text \"{scalar.Value}\": quote it to say so.");
            }
            else if (YamlPlainScalars.NonStringReading(scalar) is { } reading)
            {
                Report(
                    DiagnosticDescriptors.AmbiguousYamlValue,
                    Where(scalar),
                    $"{Capitalize(what)} is the unquoted value '{scalar.Value}', which YAML reads as {reading}, not a text; it is used as the text \"{scalar.Value}\": quote it to say so.");
            }

            return scalar.Value;
        }

        Report(DiagnosticDescriptors.WrongStructure, Where(value), $"{Capitalize(what)} must be a text, but it is {value.Kind}.");
        return null;
    }

    private bool ReadBoolean(YamlNode value, string what)
    {
        if (value is YamlScalar scalar)
        {
            if (scalar.IsNull)
            {
                return false;
            }

            if (YamlBooleans.TryRead(scalar, out bool flag, out _))
            {
                return flag;
            }
        }

        Report(
            DiagnosticDescriptors.WrongStructure,
            Where(value),
            value is YamlScalar { IsPlain: false } quoted && YamlBooleans.IsWord(quoted.Value)
                ? quoted.TextTag is { } tag
                    ? $"{Capitalize(what)} must be true or false, but the tag '{tag}' makes it the text \"{quoted.Value}\"; remove the tag."
                    : $"{Capitalize(what)} must be true or false, but it is the quoted text \"{quoted.Value}\"; remove the quotes."
                : $"{Capitalize(what)} must be true or false.");
        return false;
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

    private LocationInfo Where(YamlNode node) => LocationInfo.Create(_path, _text, node.Start, node.End);

    private void Report(DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments)
    {
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
        if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
        {
            CatalogDraft.MarkError(_type, _event, _category, _catalog);
        }
    }
}
