using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EventCatalog.Contract;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;
using Microsoft.CodeAnalysis;

namespace EventCatalog.Generator.Parsing;

/// <summary>
/// Checks a draft's names (EVC003), duplicates (EVC004), topic template (EVC006) and the C# names it
/// would generate (EVC007), then freezes it into a <see cref="CatalogSpec"/>: the whole catalog when nothing is
/// wrong, else what the errors do not touch (without each category and event an error is in), so that user code
/// that does not use the broken part keeps compiling; null when an error is in the catalog's own keys.
/// </summary>
internal sealed partial class CatalogValidator
{
    public const string DefaultClassName = CatalogContract.DefaultClassName;
    public const string DefaultTopicTemplate = CatalogContract.DefaultTopicTemplate;

    /// <summary>Members every static class inherits from object: a const or enum member of that name hides one (CS0108).</summary>
    private static readonly string[] s_objectMembers = { "Equals", "GetHashCode", "GetType", "ToString", "ReferenceEquals", "MemberwiseClone", "Finalize" };

    /// <summary>Names a generated record already uses for its own members (and <c>Clone</c>, which C# forbids in records: CS8859).</summary>
    private static readonly string[] s_recordMembers = { CatalogContract.RecordEventType, CatalogContract.RecordCategory, CatalogContract.RecordValidate, CatalogContract.RecordDataVersion, CatalogContract.RecordUpcast, "EqualityContract", "PrintMembers", "Deconstruct", "Clone", "Equals", "GetHashCode", "GetType", "ToString", "ReferenceEquals", "MemberwiseClone", "Finalize" };

    /// <summary>Members of the catalog class that do not come from category names.</summary>
    private static readonly string[] s_catalogMembers = CatalogContract.CatalogClassMembers;

    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly CatalogDraft _draft;
    private readonly List<DeclaredType> _types;
    private readonly Dictionary<string, string> _versionTypes = new(StringComparer.Ordinal);
    private readonly string _path;
    private int _errors;

    private CatalogValidator(string path, CatalogDraft draft, List<DiagnosticInfo> diagnostics, List<DeclaredType> types)
    {
        _path = path;
        _draft = draft;
        _diagnostics = diagnostics;
        _types = types;
    }

    public static CatalogSpec? Validate(string path, CatalogDraft draft, string rootNamespace, List<DiagnosticInfo> diagnostics, List<DeclaredType> types) =>
        new CatalogValidator(path, draft, diagnostics, types).Run(rootNamespace);

    private CatalogSpec? Run(string rootNamespace)
    {
        string ns = CheckNamespace(rootNamespace);
        string className = CheckClassName();
        CheckClassAgainstNamespace(ns, className);
        string template = CheckTemplate();
        string typePrefix = CheckTypePrefix();
        _types.Add(new DeclaredType(Qualified(ns, className), "the catalog class", _draft.ClassName is null ? _draft.FileStart : _draft.ClassNameLocation, ProjectTypes.PartialClass));

        // An error in the catalog's own keys touches everything generated; below, an error in a category's own
        // keys leaves that category out and an error in an event leaves that event out (see CatalogDraft).
        bool catalogOk = _errors == 0 && !_draft.HasErrors;
        EquatableArray<TypeSpec> types = CheckTypes(ns, className);

        var categoryNames = new Dictionary<string, CategoryDraft>(StringComparer.Ordinal);
        var categoryMembers = new Dictionary<string, CategoryDraft>(StringComparer.Ordinal);
        var wrappers = new Dictionary<string, CategoryDraft>(StringComparer.Ordinal);
        var eventNames = new Dictionary<string, (CategoryDraft Category, EventDraft Event)>(StringComparer.Ordinal);
        var eventTypes = new Dictionary<string, EventDraft>(StringComparer.Ordinal);
        var categories = new List<CategorySpec>();
        var handled = new List<(CategoryDraft Draft, string Member)>();

        foreach (CategoryDraft category in _draft.Categories)
        {
            int errorsBeforeCategory = _errors;
            bool categoryOk = CheckName("Category", category.Name, category.Location);
            if (categoryOk && categoryNames.TryGetValue(category.Name, out CategoryDraft? first))
            {
                Error(DiagnosticDescriptors.DuplicateName, category.Location, $"Category '{category.Name}' is defined twice (first at line {first.Location.StartLine + 1}).");
                categoryOk = false;
            }

            string member = Naming.ToPascalCase(category.Name);
            if (categoryOk)
            {
                categoryNames[category.Name] = category;
                categoryOk = CheckCategoryMember(category, member, className, categoryMembers);
            }

            string wrapper = category.Wrapper ?? CatalogContract.DefaultWrapper(category.Name);
            if (category.Wrapper is not null && !CheckName("Wrapper", category.Wrapper, category.WrapperLocation))
            {
                categoryOk = false;
            }
            else if (wrappers.TryGetValue(wrapper, out CategoryDraft? owner))
            {
                Error(DiagnosticDescriptors.DuplicateName, category.Wrapper is null ? category.Location : category.WrapperLocation, $"Wrapper '{wrapper}' of category '{category.Name}' is already the wrapper of category '{owner.Name}'; payloads would not tell them apart.");
            }
            else
            {
                wrappers[wrapper] = category;
            }

            categoryOk &= _errors == errorsBeforeCategory && !category.HasErrors;
            var events = new List<EventSpec>();
            foreach (EventDraft draft in category.Events)
            {
                int errorsBeforeEvent = _errors;
                EventSpec? spec = CheckEvent(category, draft, ns, className, eventNames, eventTypes);
                if (spec is not null && _errors == errorsBeforeEvent && !draft.HasErrors)
                {
                    events.Add(spec);
                }
            }

            // A category whose every event has an error is left out too: its enum member, topic and event list
            // would stand for events that are not generated.
            if (categoryOk && (events.Count > 0 || category.Events.Count == 0))
            {
                handled.Add((category, member));
                categories.Add(new CategorySpec(category.Name, member, category.Description, wrapper, events.ToEquatableArray()));
            }
        }

        // A category whose generated subscriber types clash is left out, as a category with an error in its own keys is.
        HashSet<string> clashing = CheckSubscriberNames(ns, className, handled, eventTypes);
        if (clashing.Count > 0)
        {
            categories.RemoveAll(c => clashing.Contains(c.Name));
        }

        return catalogOk && categories.Count > 0
            ? new CatalogSpec(_path, ns, className, template, categories.ToEquatableArray(), typePrefix, types)
            : null;
    }

    private string CheckNamespace(string rootNamespace)
    {
        // The SDK keeps a project name's hyphens and other characters in RootNamespace (only spaces become
        // '_'); form it the way `dotnet new` does, so that every project name works with no configuration.
        string ns = _draft.Namespace ?? Naming.ToSafeNamespace(rootNamespace);
        LocationInfo where = _draft.Namespace is null ? _draft.FileStart : _draft.NamespaceLocation;
        string origin = _draft.Namespace is null ? $"The namespace '{ns}' formed from the project's RootNamespace '{rootNamespace}'" : $"'namespace: {ns}'";
        if (ns.Length == 0)
        {
            return ns;
        }

        int nsBytes = System.Text.Encoding.UTF8.GetByteCount(ns);
        if (nsBytes > CatalogLimits.MaxNamespaceBytes)
        {
            Error(DiagnosticDescriptors.WrongStructure, where, TooLong("namespace", ns, nsBytes, "bytes (UTF-8)", CatalogLimits.MaxNamespaceBytes));
            return ns;
        }

        if (!ns.Split('.').All(Naming.IsPlainIdentifier))
        {
            Error(DiagnosticDescriptors.WrongStructure, where, $"{origin} is not a valid C# namespace (dot-separated identifiers, no keywords){(_draft.Namespace is null ? "; set 'namespace:' in the catalog" : string.Empty)}.");
            return ns;
        }

        if (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) || ns == "EventCatalog" || ns == "EventCatalog.Metadata")
        {
            Error(DiagnosticDescriptors.NameCollision, where, $"{origin} would put generated types beside the framework and runtime types the generated code uses; choose another namespace.");
        }

        return ns;
    }

    private string CheckClassName()
    {
        string name = _draft.ClassName ?? DefaultClassName;
        if (name.Length > CatalogLimits.MaxNameLength)
        {
            Error(DiagnosticDescriptors.WrongStructure, _draft.ClassNameLocation, TooLong("class name", name, name.Length, "characters", CatalogLimits.MaxNameLength));
        }
        else if (!Naming.IsPlainIdentifier(name))
        {
            Error(DiagnosticDescriptors.WrongStructure, _draft.ClassNameLocation, $"'class: {name}' is not a valid C# identifier.");
        }
        else if (s_catalogMembers.Contains(name, StringComparer.Ordinal) || s_objectMembers.Contains(name, StringComparer.Ordinal))
        {
            Error(DiagnosticDescriptors.NameCollision, _draft.ClassNameLocation, $"'class: {name}' is also the name of a member the catalog class generates; choose another class name.");
        }
        else if (name.EndsWith(CatalogContract.CategoryEventsSuffix, StringComparison.Ordinal) && _draft.Categories.Any(c => Naming.ToPascalCase(c.Name) + CatalogContract.CategoryEventsSuffix == name))
        {
            Error(DiagnosticDescriptors.NameCollision, _draft.ClassNameLocation, $"'class: {name}' is also the name of a category's event list property; choose another class name.");
        }

        return name;
    }

    /// <summary>
    /// EVC012, after CA1724 ("type names should not match namespaces"): C# looks a simple name up in the
    /// enclosing namespaces before the using directives, so with a class <c>Events</c> in <c>Contoso.Events</c>,
    /// code in <c>Contoso.Orders</c> that writes <c>Events.Topics.Orders(store)</c> finds the namespace
    /// <c>Contoso.Events</c> and fails with CS0234, even under <c>using Contoso.Events;</c>.
    /// </summary>
    private void CheckClassAgainstNamespace(string ns, string className)
    {
        if (!Naming.IsPlainIdentifier(className))
        {
            return;
        }

        string suggestion = className + "Catalog";
        if (Array.IndexOf(ns.Split('.'), suggestion) >= 0)
        {
            suggestion = className + "Definitions";
        }

        LocationInfo location = _draft.ClassName is not null ? _draft.ClassNameLocation
            : _draft.Namespace is not null ? _draft.NamespaceLocation
            : _draft.FileStart;
        CheckAgainstNamespace(ns, className, $"The catalog class '{className}'", location, $"Set 'class: {suggestion}' (or another name that is not a namespace).");
        CheckAgainstFrameworkTypes(ns, className, $"The catalog class '{className}'", location, "Set 'class:' to another name");
    }

    /// <summary>
    /// EVC014: a generated type named like a framework type of the namespaces projects import implicitly
    /// (<see cref="ImplicitTypeNames"/>). C# finds a type of the enclosing namespace before any imported one, so
    /// in the catalog's namespace and below the simple name means the generated type: <c>async Task Run()</c>
    /// fails with CS1983 next to an event <c>task</c>, <c>Guid.NewGuid()</c> with CS0117 next to an event <c>guid</c>.
    /// </summary>
    private void CheckAgainstFrameworkTypes(string ns, string typeName, string what, LocationInfo location, string advice)
    {
        if (!ImplicitTypeNames.Contains(typeName))
        {
            return;
        }

        string scope = ns.Length == 0 ? "every file of the project (it is in the global namespace)" : $"code in namespace '{ns}' and the namespaces below it";
        _diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.HidesFrameworkType,
            location,
            $"{what} has the name of the framework type '{typeName}' (in a namespace that projects import implicitly): {scope} that means the framework's '{typeName}' gets this type instead, and fails with errors such as CS0117 or CS1983. {advice}, or qualify the framework type there (global::System...)."));
    }

    /// <summary>EVC012 for a generated type named like a segment of its own namespace (see <see cref="CheckClassAgainstNamespace"/>).</summary>
    private void CheckAgainstNamespace(string ns, string typeName, string what, LocationInfo location, string? suggestion)
    {
        if (ns.Length == 0)
        {
            return;
        }

        string[] segments = ns.Split('.');
        int index = Array.IndexOf(segments, typeName);
        if (index < 0)
        {
            return;
        }

        string shadowing = string.Join(".", segments, 0, index + 1);
        string where = index == 0
            ? "code in any other namespace"
            : $"code in a namespace beside it (such as '{string.Join(".", segments, 0, index)}.Orders')";
        string member = typeName == (_draft.ClassName ?? DefaultClassName) ? "Topics" : CatalogContract.RecordEventType;
        _diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.ClassNamedLikeNamespace,
            location,
            $"{what} has the name of the namespace '{shadowing}': {where} that writes '{typeName}.{member}' finds the namespace first and fails with CS0234, even with 'using {ns};'. "
            + (suggestion ?? "Rename the event, or set 'namespace:' or 'class:' so that no namespace segment is named like it.")));
    }

    private string CheckTemplate()
    {
        string template = _draft.TopicTemplate ?? DefaultTopicTemplate;
        string? problem = TopicTemplateRules.Check(template);
        if (problem is not null)
        {
            Error(DiagnosticDescriptors.InvalidTopicTemplate, _draft.TopicTemplate is null ? _draft.FileStart : _draft.TopicTemplateLocation, problem);
        }

        return template;
    }

    /// <summary>
    /// EVC013: the CloudEvents <c>type</c> of an event is the prefix followed by the event type, and CloudEvents
    /// (core spec, <c>type</c>) says it SHOULD be prefixed with a reverse-DNS name: so the prefix is dot-separated
    /// labels of ASCII letters, digits, <c>-</c> and <c>_</c> (a label neither starting nor ending with <c>-</c>),
    /// ending with <c>.</c> so that the event type stands apart, at most 200 characters.
    /// </summary>
    private string CheckTypePrefix()
    {
        string? prefix = _draft.TypePrefix;
        if (prefix is null)
        {
            return string.Empty;
        }

        string? problem = TypePrefixProblem(prefix);
        if (problem is not null)
        {
            Error(DiagnosticDescriptors.InvalidTypePrefix, _draft.TypePrefixLocation, $"'type_prefix: {prefix}' {problem}.");
        }

        return prefix;
    }

    internal const int MaxTypePrefixLength = 200;

    internal static string? TypePrefixProblem(string prefix)
    {
        if (prefix.Length == 0)
        {
            return "is empty; leave the key out for no prefix, or write a reverse-DNS name such as 'io.exesdb.control.'";
        }

        if (prefix.Length > MaxTypePrefixLength)
        {
            return $"is {prefix.Length} characters long; at most {MaxTypePrefixLength} are allowed";
        }

        for (int i = 0; i < prefix.Length; i++)
        {
            char c = prefix[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            {
                string shown = c < ' ' || c > '~' ? $"U+{(int)c:X4}" : $"'{c}'";
                return $"holds {shown} at position {i + 1}; a reverse-DNS prefix holds only ASCII letters, digits, '-', '_' and '.'";
            }
        }

        if (prefix[prefix.Length - 1] != '.')
        {
            return $"must end with '.' so that the event type stands apart in the CloudEvents type ('{prefix}.cluster_joined', not '{prefix}cluster_joined'): write '{prefix}.'";
        }

        string[] labels = prefix.Substring(0, prefix.Length - 1).Split('.');
        for (int i = 0; i < labels.Length; i++)
        {
            string label = labels[i];
            if (label.Length == 0)
            {
                return "has an empty label (two dots together, or a leading dot); write labels separated by single dots, such as 'io.exesdb.control.'";
            }

            if (label[0] == '-' || label[label.Length - 1] == '-')
            {
                return $"has the label '{label}', which starts or ends with '-'; reverse-DNS labels do not";
            }
        }

        return null;
    }

    /// <summary>
    /// EVC007 for the subscriber types of each category (SPEC §11): <c>I{C}Event</c>, <c>I{C}Handler</c> and
    /// <c>{C}HandlerBase</c> sit in the catalog's namespace beside the records and the catalog class, and
    /// <c>{C}Stream</c> in the catalog class; a clash would be a compiler error in generated code.
    /// </summary>
    private HashSet<string> CheckSubscriberNames(string ns, string className, List<(CategoryDraft Draft, string Member)> categories, Dictionary<string, EventDraft> recordNames)
    {
        var clashing = new HashSet<string>(StringComparer.Ordinal);
        foreach ((CategoryDraft draft, string member) in categories)
        {
            int errorsBefore = _errors;
            var generated = new[]
            {
                (CatalogContract.EventInterface(member), "marker interface"),
                (CatalogContract.HandlerInterface(member), "handler interface"),
                (CatalogContract.HandlerBase(member), "handler base class"),
            };
            foreach ((string typeName, string what) in generated)
            {
                string? clash =
                    recordNames.TryGetValue(typeName, out EventDraft? evt) ? $"event '{evt.Name}' becomes the record '{typeName}'"
                    : _versionTypes.TryGetValue(typeName, out string? owner) ? $"that is the record of {owner}"
                    : typeName == className ? "that is the name of the catalog class"
                    : null;
                if (clash is not null)
                {
                    Error(DiagnosticDescriptors.NameCollision, draft.Location, $"Category '{draft.Name}' generates the {what} '{typeName}', but {clash}; rename the category or the event.");
                    continue;
                }

                _types.Add(new DeclaredType(Qualified(ns, typeName), $"the {what} of category '{draft.Name}'", draft.Location));
                CheckAgainstNamespace(ns, typeName, $"The {what} '{typeName}' of category '{draft.Name}'", draft.Location, suggestion: null);
                CheckAgainstFrameworkTypes(ns, typeName, $"The {what} '{typeName}' of category '{draft.Name}'", draft.Location, "Rename the category");
            }

            if (member + CatalogContract.CategoryStreamSuffix == className)
            {
                Error(DiagnosticDescriptors.NameCollision, draft.Location, $"Category '{draft.Name}' generates the stream method '{className}.{member}{CatalogContract.CategoryStreamSuffix}', named like the catalog class itself; rename the category or set another 'class:'.");
            }

            if (_errors != errorsBefore)
            {
                clashing.Add(draft.Name);
            }
        }

        return clashing;
    }

    private bool CheckCategoryMember(CategoryDraft category, string member, string className, Dictionary<string, CategoryDraft> members)
    {
        string? clash =
            members.TryGetValue(member, out CategoryDraft? other) ? $"category '{other.Name}' also becomes '{member}'"
            : member + CatalogContract.CategoryEventsSuffix == CatalogContract.AllEvents ? $"'{CatalogContract.AllEvents}' is already the catalog's all_events()"
            : member is CatalogContract.CategoryEnum or CatalogContract.CategoriesClass or CatalogContract.TopicsClass ? $"'{member}' is the name of the generated type that would hold it"
            : member is CatalogContract.TopicsTemplate or CatalogContract.TopicsTryParse ? $"'{CatalogContract.TopicsClass}.{member}' is already generated"
            : member + CatalogContract.CategoryEventsSuffix == className ? $"'{member}{CatalogContract.CategoryEventsSuffix}' is the name of the catalog class"
            : s_objectMembers.Contains(member, StringComparer.Ordinal) ? $"'{member}' would hide the inherited object member of that name"
            : null;
        if (clash is not null)
        {
            Error(DiagnosticDescriptors.NameCollision, category.Location, $"Category '{category.Name}' becomes the C# name '{member}', but {clash}.");
            return false;
        }

        members[member] = category;
        return true;
    }

    private EventSpec? CheckEvent(
        CategoryDraft category,
        EventDraft draft,
        string ns,
        string className,
        Dictionary<string, (CategoryDraft Category, EventDraft Event)> names,
        Dictionary<string, EventDraft> typeNames)
    {
        bool ok = CheckName("Event", draft.Name, draft.Location);
        if (ok && names.TryGetValue(draft.Name, out var first))
        {
            string where = first.Category == category ? $"in category '{category.Name}' (first at line {first.Event.Location.StartLine + 1})" : $"in categories '{first.Category.Name}' and '{category.Name}'; event types are unique across the catalog";
            Error(DiagnosticDescriptors.DuplicateName, draft.Location, $"Event type '{draft.Name}' is defined twice, {where}.");
            ok = false;
        }

        string typeName = Naming.ToPascalCase(draft.Name);
        if (ok)
        {
            names[draft.Name] = (category, draft);
            string? clash =
                typeNames.TryGetValue(typeName, out EventDraft? other) ? $"event '{other.Name}' also becomes '{typeName}'"
                : _versionTypes.TryGetValue(typeName, out string? versionOwner) ? $"that is the record of {versionOwner}"
                : typeName == className ? "that is the name of the catalog class"
                : _typeNames.TryGetValue(typeName, out string? typeOwner) ? $"type '{typeOwner}' also becomes '{typeName}'"
                : typeName == "Types" ? "'Types' is the name of the generated class that holds the event type constants"
                : s_recordMembers.Contains(typeName, StringComparer.Ordinal) ? $"the record would then have a member named like itself ('{typeName}')"
                : ns.Length == 0 && typeName is "System" or "EventCatalog" ? $"a type '{typeName}' in the global namespace hides the '{typeName}' namespace the generated code uses"
                : null;
            if (clash is not null)
            {
                Error(DiagnosticDescriptors.NameCollision, draft.Location, $"Event '{draft.Name}' becomes the C# name '{typeName}', but {clash}.");
                ok = false;
            }
            else
            {
                typeNames[typeName] = draft;
                _types.Add(new DeclaredType(Qualified(ns, typeName), $"the record of event '{draft.Name}'", draft.Location, ProjectTypes.PartialRecord));
                CheckAgainstNamespace(ns, typeName, $"The record '{typeName}' of event '{draft.Name}'", draft.Location, suggestion: null);
                CheckAgainstFrameworkTypes(ns, typeName, $"The record '{typeName}' of event '{draft.Name}'", draft.Location, "Rename the event");
            }
        }

        List<FieldSpec> fields = CheckFields(draft.Name, typeName, draft.Fields);
        if (fields.Any(f => f.Type.NamedPart is { } named && _brokenTypes.Contains(named.TypeName)))
        {
            // The type's own error is the one error: the event that uses it is left out with it.
            ok = false;
        }

        EquatableArray<EventVersionSpec> versions = CheckVersions(draft, typeName, ns, ok, typeNames);
        int version = draft.Version ?? 1;
        return ok ? new EventSpec(draft.Name, typeName, draft.Description, draft.Deprecated, fields.ToEquatableArray(), version, versions) : null;
    }

    private List<FieldSpec> CheckFields(string eventName, string typeName, List<FieldDraft> drafts, string? owner = null)
    {
        owner ??= $"event '{eventName}'";
        var fieldNames = new Dictionary<string, FieldDraft>(StringComparer.Ordinal);
        var properties = new Dictionary<string, FieldDraft>(StringComparer.Ordinal);
        var fields = new List<FieldSpec>();
        foreach (FieldDraft field in drafts)
        {
            bool fieldOk = CheckName("Field", field.Name, field.Location);
            if (fieldOk && fieldNames.TryGetValue(field.Name, out FieldDraft? firstField))
            {
                Error(DiagnosticDescriptors.DuplicateName, field.Location, $"Field '{field.Name}' is defined twice in {owner} (first at line {firstField.Location.StartLine + 1}).");
                fieldOk = false;
            }

            string property = Naming.ToPascalCase(field.Name);
            if (fieldOk)
            {
                fieldNames[field.Name] = field;
                string? clash =
                    properties.TryGetValue(property, out FieldDraft? otherField) ? $"field '{otherField.Name}' also becomes '{property}'"
                    : property == typeName ? "that is the name of its own record"
                    : s_recordMembers.Contains(property, StringComparer.Ordinal) ? $"the record already has a member '{property}'"
                    : null;
                if (clash is not null)
                {
                    Error(DiagnosticDescriptors.NameCollision, field.Location, $"Field '{field.Name}' of {owner} becomes the C# name '{property}', but {clash}.");
                    fieldOk = false;
                }
                else
                {
                    properties[property] = field;
                }
            }

            if (fieldOk && field.Type is not null)
            {
                fields.Add(new FieldSpec(field.Name, property, field.Type, field.Description));
            }
        }

        return fields;
    }

    // SPEC §10: versions run 1 … version − 1 in 'versions', the current one is 'data'; each earlier shape is
    // checked as a data block of its own and becomes the record <Event>V<N>.
    private EquatableArray<EventVersionSpec> CheckVersions(EventDraft draft, string typeName, string ns, bool named, Dictionary<string, EventDraft> typeNames)
    {
        int current = draft.Version ?? 1;
        LocationInfo versionAt = draft.Version is null ? draft.Location : draft.VersionLocation;
        if (draft.Version is null && draft.VersionsLocation is { } versionsAt && draft.Versions.Count > 0)
        {
            Error(DiagnosticDescriptors.InvalidEventVersion, versionsAt, $"Event '{draft.Name}' describes earlier versions in 'versions' but has no 'version' (so it is at version 1): set 'version: {MaxDescribed(draft) + 1}', the version of its current 'data'.");
            return default;
        }

        var specs = new EventVersionSpec?[current];
        foreach (EventVersionDraft earlier in draft.Versions)
        {
            if (earlier.Version >= current)
            {
                Error(DiagnosticDescriptors.InvalidEventVersion, earlier.Location, $"Version {earlier.Version} of event '{draft.Name}' is not earlier than its current version {current}: 'versions' describes versions 1 to {current - 1}, and 'data' is version {current}.");
                continue;
            }

            string versionType = typeName + CatalogContract.VersionRecordSuffix + earlier.Version.ToString(CultureInfo.InvariantCulture);
            List<FieldSpec> fields = CheckFields(draft.Name, versionType, earlier.Fields);
            if (!named)
            {
                continue;
            }

            string? clash =
                typeNames.TryGetValue(versionType, out EventDraft? other) ? $"event '{other.Name}' also becomes '{versionType}'"
                : _versionTypes.TryGetValue(versionType, out string? owner) ? $"{owner} also becomes '{versionType}'"
                : null;
            if (clash is not null)
            {
                Error(DiagnosticDescriptors.NameCollision, earlier.Location, $"Version {earlier.Version} of event '{draft.Name}' becomes the record '{versionType}', but {clash}.");
                continue;
            }

            _versionTypes[versionType] = $"version {earlier.Version} of event '{draft.Name}'";
            _types.Add(new DeclaredType(Qualified(ns, versionType), $"the record of version {earlier.Version} of event '{draft.Name}'", earlier.Location, ProjectTypes.PartialRecord));
            specs[earlier.Version] = new EventVersionSpec(earlier.Version, versionType, fields.ToEquatableArray());
        }

        var missing = new List<string>();
        for (int v = 1; v < current; v++)
        {
            if (!draft.Versions.Exists(d => d.Version == v))
            {
                missing.Add(v.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (missing.Count > 0)
        {
            Error(
                DiagnosticDescriptors.InvalidEventVersion,
                versionAt,
                $"Event '{draft.Name}' is at version {current}, but 'versions' does not describe version{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}: versions run from 1, and each earlier one needs its data (write '{missing[0]}: {{ data: {{ ... }} }}', or '{missing[0]}: {{}}' for no data).");
        }

        var result = new List<EventVersionSpec>(current);
        for (int v = 1; v < current; v++)
        {
            if (specs[v] is { } spec)
            {
                result.Add(spec);
            }
        }

        return result.ToEquatableArray();
    }

    private static int MaxDescribed(EventDraft draft)
    {
        int max = 0;
        foreach (EventVersionDraft earlier in draft.Versions)
        {
            max = Math.Max(max, earlier.Version);
        }

        return max;
    }


    /// <summary>The message of a name over a compiler limit (CS7013: 1,024 bytes of metadata name), naming the limit.</summary>
    private static string TooLong(string what, string name, int length, string unit, int limit) =>
        FormattableString.Invariant($"The {what.ToLowerInvariant()} '{(name.Length > 40 ? name.Substring(0, 40) + "…" : name)}' is {length:N0} {unit} long; the limit is {limit:N0} {unit}, so that every C# name generated from it stays within the compiler's 1,024-byte limit on names in metadata (CS7013). Shorten it.");

    private static string Qualified(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

    private bool CheckName(string kind, string name, LocationInfo location)
    {
        if (name.Length > CatalogLimits.MaxNameLength)
        {
            Error(DiagnosticDescriptors.WrongStructure, location, TooLong($"{kind} name", name, name.Length, "characters", CatalogLimits.MaxNameLength));
            return false;
        }

        if (Naming.IsSnakeCase(name))
        {
            return true;
        }

        Error(DiagnosticDescriptors.InvalidName, location, kind, name, Naming.DidYouMean(Naming.SuggestSnakeCase(name)));
        return false;
    }

    private void Error(DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments)
    {
        _errors++;
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
    }
}
