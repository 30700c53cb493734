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

    public static readonly DiagnosticDescriptor ImpossibleTypeTest = Create(
        "EVC104", "Type test for an event of another category on a subscription",
        "{0} is {1} {2} event, but these messages come from the {3} topic {4}: this test can never match",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MissingCases = Create(
        "EVC105", "Switch misses some of the category's event types",
        "This switch over the '{0}' events handles {1} of its {2} event types but not {3}; add the missing cases or a default",
        DiagnosticSeverity.Warning);

    /// <summary>EVC105's property: the missing records' metadata names, in catalog order, separated by <c>;</c>.</summary>
    public const string MissingRecords = nameof(MissingRecords);

    /// <summary>EVC105's property: the form new cases take — <c>record</c>, <c>envelope</c> or <c>payload</c> — as the switch's first catalog case.</summary>
    public const string CaseForm = nameof(CaseForm);

    /// <summary>
    /// EVC203: an event type no publish site of the project publishes. Only <c>eventcatalog lint --project</c>
    /// reports it (it needs every project that may publish, which one compilation does not see), so it is not
    /// in <see cref="All"/>; it is a catalog smell, numbered with the EVC2xx ones.
    /// </summary>
    public static readonly DiagnosticDescriptor NeverPublished = new(
        "EVC203", "Event is never published",
        "Event '{0}' of category '{1}' is never published in {2}: no call with a [TopicParameter] and an [EventParameter] passes {3}",
        "EventCatalog.Catalog", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "EVC203.md");

    public static ImmutableArray<DiagnosticDescriptor> All { get; } =
        ImmutableArray.Create(WrongCategory, UnknownTopicCategory, WrongWrapper, UnknownName);

    /// <summary>The subscriber diagnostics (EVC104, EVC105), reported by <c>SubscriptionAnalyzer</c>.</summary>
    public static ImmutableArray<DiagnosticDescriptor> Subscribers { get; } =
        ImmutableArray.Create(ImpossibleTypeTest, MissingCases);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
