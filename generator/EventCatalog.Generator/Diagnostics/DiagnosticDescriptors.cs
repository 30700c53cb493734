using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace EventCatalog.Generator.Diagnostics;

/// <summary>Every catalog diagnostic EventCatalog reports (EVC0xx), from one factory with help links.</summary>
internal static class DiagnosticDescriptors
{
    public const string HelpLinkBase = "https://github.com/eventcatalog-dotnet/EventCatalog/blob/main/docs/diagnostics/";

    private const string Category = "EventCatalog.Catalog";

    public static readonly DiagnosticDescriptor MalformedYaml = Create(
        "EVC001", "Catalog is not well-formed YAML", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor WrongStructure = Create(
        "EVC002", "Catalog structure is wrong", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidName = Create(
        "EVC003", "Name is not lower snake_case", "{0} name '{1}' is not lower snake_case{2}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateName = Create(
        "EVC004", "Duplicate name", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownFieldType = Create(
        "EVC005", "Unknown field type", "Field '{0}' of {1} has unknown type '{2}'{3}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidTopicTemplate = Create(
        "EVC006", "Invalid topic template", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NameCollision = Create(
        "EVC007", "Generated C# names collide", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownKey = Create(
        "EVC008", "Unknown key", "Unknown key '{0}' in {1} is ignored{2}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor LanguageVersionTooLow = Create(
        "EVC009", "C# language version is below 9", "The catalog needs C# 9 or later (records); this project uses C# {0}: set <LangVersion>9</LangVersion> or later", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AmbiguousYamlValue = Create(
        "EVC010", "YAML value may not mean what it says", "{0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CatalogNotPickedUp = Create(
        "EVC011", "File looks like a catalog but is not read as one", "{0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ClassNamedLikeNamespace = Create(
        "EVC012", "Catalog class is named like a namespace", "{0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InvalidTypePrefix = Create(
        "EVC013", "Invalid CloudEvents type prefix", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor HidesFrameworkType = Create(
        "EVC014", "Generated type hides a framework type", "{0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InvalidEventVersion = Create(
        "EVC015", "Invalid event version", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MissingUpcaster = Create(
        "EVC016", "Upcaster is not implemented", "{0}", DiagnosticSeverity.Error);

    // The compatibility lock (SPEC §10): reported by the catalog analyzer alone (never by the generator), so that a
    // breaking change stops the build without taking the catalog's types away.
    public static readonly DiagnosticDescriptor BreakingChange = Create(
        "EVC017", "Breaking change without a version bump", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor LockMissingOrBehind = Create(
        "EVC018", "Compatibility lock is missing or behind the catalog", "{0}", DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor UnreadableLock = Create(
        "EVC019", "Compatibility lock cannot be read", "{0}", DiagnosticSeverity.Warning);

    // Catalog smells (EVC2xx): Info in the IDE by default; `eventcatalog lint` prints them as warnings.
    public static readonly DiagnosticDescriptor RecursiveType = Create(
        "EVC020", "Type contains itself or nests too deep", "{0}", DiagnosticSeverity.Error);

    // AsyncAPI 3 documents read as catalogs (*.asyncapi.yaml, .yml, .json): what the catalog cannot say.
    public static readonly DiagnosticDescriptor AsyncApiUnsupported = Create(
        "EVC021", "AsyncAPI construct the catalog cannot express", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AsyncApiBadReference = Create(
        "EVC022", "AsyncAPI reference cannot be followed", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AsyncApiNotKept = Create(
        "EVC023", "AsyncAPI detail is not kept in the catalog", "{0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor AsyncApiRenamed = Create(
        "EVC024", "AsyncAPI name read as a snake_case name: the wire name changes", "{0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnusedType = Create(
        "EVC204", "Type is never used", "Type '{0}' is not the type of any field: remove it, or use it", DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor NearDuplicateEvent = Create(
        "EVC200", "Event names differ by one word", "Event '{0}' is event '{1}' (line {2}) with '{3}' added: one event under two names, or two that need clearer names?", DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor EventNamesAnotherCategory = Create(
        "EVC201", "Event name carries another category's name", "Event '{0}' is in category '{1}' but its name says '{2}': move it, or rename it", DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor MissingDescription = Create(
        "EVC202", "Missing description", "The {0} has no description: the generated docs, the AsyncAPI export and the docs page show none", DiagnosticSeverity.Info);

    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
        MalformedYaml, WrongStructure, InvalidName, DuplicateName, UnknownFieldType,
        InvalidTopicTemplate, NameCollision, UnknownKey, LanguageVersionTooLow,
        AmbiguousYamlValue, CatalogNotPickedUp, ClassNamedLikeNamespace, InvalidTypePrefix, HidesFrameworkType,
        InvalidEventVersion, MissingUpcaster,
        BreakingChange, LockMissingOrBehind, UnreadableLock, RecursiveType,
        AsyncApiUnsupported, AsyncApiBadReference, AsyncApiNotKept, AsyncApiRenamed,
        NearDuplicateEvent, EventNamesAnotherCategory, MissingDescription, UnusedType);

    /// <summary>The catalog smells (EVC2xx), which only the catalog analyzer and <c>eventcatalog lint</c> report.</summary>
    public static bool IsLint(string id) => id.StartsWith("EVC2", System.StringComparison.Ordinal);

    /// <summary>
    /// What the generator reports in command-line builds (and the analyzer then leaves to it): the parser's errors
    /// and warnings. csc drops analyzer diagnostics once there is any error, so a warning from the analyzer alone
    /// would appear only after the errors are gone; from the generator it comes alongside them (one pass of fixes).
    /// The lock's diagnostics (EVC017–019) and the smells stay with the analyzer.
    /// </summary>
    public static bool IsReportedByGenerator(string id, DiagnosticSeverity severity) =>
        (severity == DiagnosticSeverity.Error && id != BreakingChange.Id)
        || id == UnknownKey.Id || id == AmbiguousYamlValue.Id
        || id == CatalogNotPickedUp.Id || id == ClassNamedLikeNamespace.Id || id == HidesFrameworkType.Id
        || id == AsyncApiNotKept.Id || id == AsyncApiRenamed.Id;

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = All.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(
            id,
            title,
            message,
            Category,
            severity,
            isEnabledByDefault: true,
            helpLinkUri: HelpLinkBase + id + ".md");
}
