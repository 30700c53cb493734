using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using EventCatalog.Analyzers.Analysis;
using EventCatalog.Analyzers.Knowledge;
using EventCatalog.Contract;
using EventCatalog.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace EventCatalog.Analyzers;

/// <summary>
/// Checks publish sites — invocations whose parameters carry <c>[TopicParameter]</c> and
/// <c>[EventParameter]</c> — and the catalog API's constant arguments:
/// EVC100 (event on a topic of another category), EVC101 (topic of no category),
/// EVC102 (wrong payload wrapper), EVC103 (unknown event type or category).
/// Where either side is unknown it says nothing, and it reports only where the evidence says the call is
/// meant for a catalog (issue 10: zero false positives on a bus that also carries other traffic).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PublishAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();

        // Generated code is skipped (no Analyze flag), so every site this analyzer sees, and every diagnostic it
        // reports (at the site's own topic argument), is in code the user wrote. ReportDiagnostics then only spares
        // Roslyn a second check per reported diagnostic: with None it re-asks, for each one, whether its location is
        // in generated code, which scans each file once for [GeneratedCode] under a lock the analysis threads
        // contend on: 60 % of this analyzer's time on 10,000 publish sites (issue 13's profile).
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            CatalogIndex? index = CatalogIndex.Create(start.Compilation);
            if (index is null)
            {
                return;
            }

            var checker = new Checker(index);
            start.RegisterOperationAction(checker.Analyze, OperationKind.Invocation);
        });
    }

    private sealed class Checker
    {
        /// <summary>The generated catalog methods whose constant <c>eventType</c>, <c>category</c> or <c>wrapper</c> arguments are checked.</summary>
        private static readonly ImmutableHashSet<string> GeneratedChecks =
            ImmutableHashSet.Create(CatalogContract.CheckedLookups);

        private readonly CatalogIndex _index;
        private readonly PublishSites _sites;

        public Checker(CatalogIndex index)
        {
            _index = index;
            _sites = new PublishSites(index);
        }

        public void Analyze(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (_index.Catalog(invocation.TargetMethod.ContainingType) is { } catalog)
            {
                CheckCatalogCall(context, invocation, catalog);
                return;
            }

            if (_sites.Find(invocation) is not { Topic: { } topic } site)
            {
                return;
            }

            (CatalogInfo Catalog, CategoryInfo Category, INamedTypeSymbol Record)? evt = site.Event;
            if (!topic.IsKnown)
            {
                if (topic.IsConstant && IsMeantFor(topic, evt?.Catalog))
                {
                    ReportUnknownTopicCategory(context, site.TopicArgument, topic);
                }

                return;
            }

            // An event of the topic's catalog is itself the evidence; an event of another catalog on a topic
            // that only has this catalog's shape (room:orders beside a {store}:{category} catalog) is not.
            if (evt is not { } known
                || (ReferenceEquals(known.Catalog, topic.Catalog) && known.Category.Name == topic.Category)
                || !IsMeantFor(topic, known.Catalog))
            {
                return;
            }

            ReportWrongCategory(context, site.TopicArgument, topic, known.Catalog, known.Category, known.Record);
        }

        /// <summary>
        /// Zero false positives: a topic that merely has a catalog's shape is evidence only when the shape has
        /// text of its own (<see cref="CatalogInfo.HasDistinctiveText"/>), or the message is an event of that
        /// catalog, or the topic comes from the catalog's API. <c>room:lobby</c> with a string message is chat.
        /// </summary>
        private static bool IsMeantFor(TopicInfo topic, CatalogInfo? eventCatalog) =>
            topic.IsCatalogApi || topic.Catalog.HasDistinctiveText || ReferenceEquals(topic.Catalog, eventCatalog);

        private static void ReportWrongCategory(OperationAnalysisContext context, IArgumentOperation topicArgument, TopicInfo topic, CatalogInfo catalog, CategoryInfo category, INamedTypeSymbol record)
        {
            bool sameCatalog = ReferenceEquals(catalog, topic.Catalog);
            string where = sameCatalog ? $"category '{topic.Category}'" : $"category '{topic.Category}' of catalog {topic.Catalog.DisplayName}";
            string eventCategory = sameCatalog ? $"'{category.Name}'" : $"'{category.Name}' ({catalog.DisplayName})";
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
            // An array, not a LINQ sequence: Diagnostic.Create copies it without enumerating (6,000 reports on the benchmark's input).
            Location[] additional = System.Array.Empty<Location>();
            if (sameCatalog && topic.Edit is { } edit)
            {
                properties = properties.Add(DiagnosticDescriptors.FixText, edit.Text(category)).Add(DiagnosticDescriptors.FixTitle, $"Publish to the {category.Name} topic");
                additional = new[] { edit.At };
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.WrongCategory,
                Where(topicArgument),
                additional,
                properties,
                record.Name,
                English.Article(category.Name),
                eventCategory,
                where));
        }

        private static void ReportUnknownTopicCategory(OperationAnalysisContext context, IArgumentOperation topicArgument, TopicInfo topic)
        {
            string? suggestion = Naming.Closest(topic.Category, topic.Catalog.Categories.Select(c => c.Name));

            // A did-you-mean writes the wire name; an edit that writes member names cannot take one.
            TopicEdit? edit = topic.Edit is { UsesMemberName: false } wire ? wire : null;
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnknownTopicCategory,
                Where(topicArgument),
                Fix(edit?.At, suggestion),
                FixProperties(edit?.At, suggestion is null ? null : edit?.Text(suggestion), suggestion),
                topic.Text,
                topic.Catalog.DisplayName,
                topic.Category,
                Naming.DidYouMean(suggestion)));
        }

        /// <summary>
        /// EVC102 and EVC103: constant arguments to the catalog's own generated methods. The catalog class is
        /// partial, so only the generated methods are checked (by name): a user's own method on it with a
        /// <c>category</c> parameter says nothing about the catalog's categories.
        /// </summary>
        private void CheckCatalogCall(OperationAnalysisContext context, IInvocationOperation invocation, CatalogInfo catalog)
        {
            if (!GeneratedChecks.Contains(invocation.TargetMethod.Name))
            {
                return;
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter is null || argument.ArgumentKind == ArgumentKind.DefaultValue
                    || TopicResolver.Unwrap(argument.Value) is not { ConstantValue: { HasValue: true, Value: string value } } constant)
                {
                    continue;
                }

                string parameter = argument.Parameter.Name;
                if (parameter == CatalogContract.WrapperParameter && invocation.TargetMethod.Name == CatalogContract.BuildPayload)
                {
                    IArgumentOperation? data = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "data");
                    if (data is not null && _index.EventCategory(TopicResolver.Unwrap(data.Value)?.Type) is { } evt
                        && ReferenceEquals(evt.Catalog, catalog) && evt.Category.Wrapper != value)
                    {
                        Location? at = LiteralLocation(constant);
                        context.ReportDiagnostic(Diagnostic.Create(
                            DiagnosticDescriptors.WrongWrapper,
                            Where(argument),
                            Fix(at, evt.Category.Wrapper),
                            FixProperties(at, evt.Category.Wrapper, evt.Category.Wrapper),
                            value,
                            evt.Record.Name,
                            English.Article(evt.Category.Name),
                            evt.Category.Name,
                            evt.Category.Wrapper));
                    }
                }
                else if (parameter == "eventType" && !catalog.EventTypes.Contains(value))
                {
                    ReportUnknownName(context, argument, constant, value, "an event type", catalog, catalog.EventTypes);
                }
                else if (parameter == "category" && argument.Parameter.Type.SpecialType == SpecialType.System_String && catalog.Category(value) is null)
                {
                    ReportUnknownName(context, argument, constant, value, "a category", catalog, catalog.Categories.Select(c => c.Name));
                }
            }
        }

        private static void ReportUnknownName(OperationAnalysisContext context, IArgumentOperation argument, IOperation constant, string value, string what, CatalogInfo catalog, IEnumerable<string> known)
        {
            string? suggestion = Naming.Closest(value, known);
            Location? at = LiteralLocation(constant);
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnknownName,
                Where(argument),
                Fix(at, suggestion),
                FixProperties(at, suggestion, suggestion),
                value,
                what,
                catalog.DisplayName,
                Naming.DidYouMean(suggestion)));
        }

        /// <summary>The argument's expression, without a <c>name:</c> prefix.</summary>
        private static Location Where(IArgumentOperation argument) =>
            (argument.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax syntax ? syntax.Expression : argument.Syntax).GetLocation();

        /// <summary>The text of a plain string literal (no escapes), where a fix may rewrite it.</summary>
        private static Location? LiteralLocation(IOperation constant) =>
            constant.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax literal
            && literal.Token.Text == "\"" + literal.Token.ValueText + "\""
            && literal.Token.ValueText.Length > 0
                ? Location.Create(literal.SyntaxTree, new Microsoft.CodeAnalysis.Text.TextSpan(literal.Token.SpanStart + 1, literal.Token.ValueText.Length))
                : null;

        private static IEnumerable<Location> Fix(Location? at, string? text) =>
            at is null || text is null ? Enumerable.Empty<Location>() : new[] { at };

        /// <summary>The fix's properties: <paramref name="text"/> replaces the location; the title names <paramref name="name"/>.</summary>
        private static ImmutableDictionary<string, string?> FixProperties(Location? at, string? text, string? name) =>
            at is null || text is null
                ? ImmutableDictionary<string, string?>.Empty
                : ImmutableDictionary<string, string?>.Empty.Add(DiagnosticDescriptors.FixText, text).Add(DiagnosticDescriptors.FixTitle, $"Change to '{name}'");
    }
}
