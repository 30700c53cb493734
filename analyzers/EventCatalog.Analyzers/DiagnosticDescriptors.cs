using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace EventCatalog.Analyzers;

/// <summary>The code diagnostics (EVC1xx), with help links to docs/diagnostics.</summary>
internal static class DiagnosticDescriptors
{
    public const string HelpLinkBase = "https://github.com/eventcatalog-dotnet/EventCatalog/blob/main/docs/diagnostics/";

    /// <summary>Diagnostic property: the text that replaces the diagnostic's first additional location.</summary>
    public const string FixText = nameof(FixText);

    /// <summary>Diagnostic property: what the fix changes to, for the code action's title.</summary>
    public const string FixTitle = nameof(FixTitle);

    private const string Category = "EventCatalog.Usage";

    public static readonly DiagnosticDescriptor WrongCategory = Create(
        "EVC100", "Event published to a topic of another category",
        "{0} is {1} {2} event, but it is published to a topic of {3}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownTopicCategory = Create(
        "EVC101", "Topic matches no catalog category",
        "Topic \"{0}\" has the shape of catalog {1}'s topics, but '{2}' is not one of its categories{3}",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor WrongWrapper = Create(
        "EVC102", "Payload wrapper does not match the event's category",
        "Wrapper '{0}' does not match {1}, {2} {3} event, whose wrapper is '{4}'",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnknownName = Create(
        "EVC103", "Unknown event type or category",
        "'{0}' is not {1} of catalog {2}{3}",
        DiagnosticSeverity.Warning);

    public static ImmutableArray<DiagnosticDescriptor> All { get; } =
        ImmutableArray.Create(WrongCategory, UnknownTopicCategory, WrongWrapper, UnknownName);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
