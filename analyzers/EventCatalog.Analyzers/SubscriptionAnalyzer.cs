using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using EventCatalog.Analyzers.Analysis;
using EventCatalog.Analyzers.Knowledge;
using EventCatalog.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace EventCatalog.Analyzers;

/// <summary>
/// Checks the consuming side (issue 22). A subscription's category is known when an <c>await foreach</c> reads
/// <c>Subscribe(topic)</c> (any method whose parameter carries <c>[TopicParameter]</c> and none <c>[EventParameter]</c>;
/// directly, through <c>WithCancellation</c>/<c>ConfigureAwait</c>, or through a local assigned once) and the topic
/// resolves as EVC100 resolves it (<see cref="TopicResolver"/>). In the loop body, a type test of the loop variable
/// (<c>is</c>, <c>as</c>, a cast, a <c>switch</c> case or arm) for another category's event is EVC104, and a switch
/// over it that handles some of the category's event types, not all, with no default, is EVC105 — as is such a
/// switch over a category marker (<c>IClusterEvent</c>: a typed stream's <c>evt.Data</c>). Anything unresolved says nothing.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class SubscriptionAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.Subscribers;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            CatalogIndex? index = CatalogIndex.Create(start.Compilation);
            if (index is null)
            {
                return;
            }

            var checker = new Checker(index);
            start.RegisterOperationAction(checker.AnalyzeLoop, OperationKind.Loop);
            start.RegisterOperationAction(checker.AnalyzeSwitch, OperationKind.Switch, OperationKind.SwitchExpression);
        });
    }

    /// <summary>The category a loop's messages come from.</summary>
    private sealed record Source(CatalogInfo Catalog, CategoryInfo Category, TopicInfo? Topic);

    private sealed class Checker
    {
        private const int MaxDepth = 8;

        private readonly CatalogIndex _index;
        private readonly PublishSites _sites;

        public Checker(CatalogIndex index)
        {
            _index = index;
            _sites = new PublishSites(index);
        }

        public void AnalyzeLoop(OperationAnalysisContext context)
        {
            if (context.Operation is not IForEachLoopOperation { IsAsynchronous: true } loop
                || loop.Locals.Length != 1
                || loop.Locals[0] is not { } variable
                || variable.Type.SpecialType != SpecialType.System_Object
                || SourceOf(loop.Collection, 0) is not { } source)
            {
                return;
            }

            foreach (IOperation operation in loop.Body.Descendants())
            {
                switch (operation)
                {
                    case IIsTypeOperation isType when IsVariable(isType.ValueOperand, variable):
                        CheckType(context, source, isType.TypeOperand, TypeSyntaxOf(isType.Syntax));
                        break;
                    case IIsPatternOperation isPattern when IsVariable(isPattern.Value, variable):
                        CheckPattern(context, source, isPattern.Pattern);
                        break;
                    case IConversionOperation { IsImplicit: false } conversion when IsVariable(conversion.Operand, variable):
                        CheckType(context, source, conversion.Type, TypeSyntaxOf(conversion.Syntax));
                        break;
                    case ISwitchOperation statement when IsVariable(statement.Value, variable):
                        (IPatternOperation Pattern, bool Guarded)[] labels = Patterns(statement).ToArray();
                        foreach ((IPatternOperation pattern, _) in labels)
                        {
                            CheckPattern(context, source, pattern);
                        }

                        CheckExhaustive(context, source, statement.Syntax, labels, HasDefault(statement));
                        break;
                    case ISwitchExpressionOperation expression when IsVariable(expression.Value, variable):
                        (IPatternOperation Pattern, bool Guarded)[] arms = Arms(expression).ToArray();
                        foreach ((IPatternOperation pattern, _) in arms)
                        {
                            CheckPattern(context, source, pattern);
                        }

                        CheckExhaustive(context, source, expression.Syntax, arms, hasDefault: false);
                        break;
                }
            }
        }

        /// <summary>EVC105 on a switch over a category marker interface (a typed stream's <c>evt.Data</c>, a handler's own dispatch).</summary>
        public void AnalyzeSwitch(OperationAnalysisContext context)
        {
            (IOperation value, (IPatternOperation, bool)[] patterns, bool hasDefault) = context.Operation switch
            {
                ISwitchOperation s => (s.Value, Patterns(s).ToArray(), HasDefault(s)),
                ISwitchExpressionOperation e => (e.Value, Arms(e).ToArray(), false),
                _ => (context.Operation, System.Array.Empty<(IPatternOperation, bool)>(), true),
            };
            if (MarkerCategory(TopicResolver.Unwrap(value)?.Type) is { } source)
            {
                CheckExhaustive(context, source, context.Operation.Syntax, patterns, hasDefault);
            }
        }

        private static bool IsVariable(IOperation? operation, ILocalSymbol variable) =>
            TopicResolver.Unwrap(operation) is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, variable);

        /// <summary>A switch statement's case patterns, each with whether a <c>when</c> clause guards it.</summary>
        private static IEnumerable<(IPatternOperation Pattern, bool Guarded)> Patterns(ISwitchOperation statement) =>
            statement.Cases.SelectMany(c => c.Clauses).OfType<IPatternCaseClauseOperation>().Select(c => (c.Pattern, c.Guard is not null));

        /// <summary>A switch expression's arm patterns, each with whether a <c>when</c> clause guards it.</summary>
        private static IEnumerable<(IPatternOperation Pattern, bool Guarded)> Arms(ISwitchExpressionOperation expression) =>
            expression.Arms.Select(a => (a.Pattern, a.Guard is not null));

        private static bool HasDefault(ISwitchOperation statement) =>
            statement.Cases.SelectMany(c => c.Clauses).Any(c => c.CaseKind == CaseKind.Default);

        /// <summary>The subscription an <c>await foreach</c> reads, when its topic's category is known.</summary>
        private Source? SourceOf(IOperation? collection, int depth)
        {
            IOperation? operation = TopicResolver.Unwrap(collection);
            if (operation is null || depth > MaxDepth)
            {
                return null;
            }

            switch (operation)
            {
                case IInvocationOperation invocation when invocation.TargetMethod.Name is "WithCancellation" or "ConfigureAwait":
                    return SourceOf(invocation.Instance ?? invocation.Arguments.FirstOrDefault()?.Value, depth + 1);
                case IInvocationOperation invocation:
                    if (_sites.Find(invocation) is not { IsSubscription: true, Topic: { IsKnown: true } topic }
                        || !(topic.IsCatalogApi || topic.Catalog.HasDistinctiveText)
                        || topic.Catalog.Category(topic.Category) is not { } category)
                    {
                        return null;
                    }

                    return new Source(topic.Catalog, category, topic);
                case ILocalReferenceOperation local:
                    return SourceOf(TopicResolver.AssignedOnce(local, out _), depth + 1);
                default:
                    return null;
            }
        }

        /// <summary>The catalog and category of a marker interface <c>I{Category}Event</c>.</summary>
        private Source? MarkerCategory(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol { TypeKind: TypeKind.Interface } marker || marker.Name.Length < 7 || !marker.Name.StartsWith("I", System.StringComparison.Ordinal))
            {
                return null;
            }

            foreach (CatalogInfo catalog in _index.All)
            {
                if (!SymbolEqualityComparer.Default.Equals(catalog.Type.ContainingNamespace, marker.ContainingNamespace))
                {
                    continue;
                }

                foreach (CategoryInfo category in catalog.Categories)
                {
                    if (CatalogContract.EventInterface(category.MemberName) == marker.Name)
                    {
                        return new Source(catalog, category, null);
                    }
                }
            }

            return null;
        }

        private void CheckPattern(OperationAnalysisContext context, Source source, IPatternOperation? pattern, int depth = 0)
        {
            if (depth > MaxDepth)
            {
                return;
            }

            switch (pattern)
            {
                case IDeclarationPatternOperation declaration:
                    CheckType(context, source, declaration.MatchedType, TypeSyntaxOf(declaration.Syntax));
                    break;
                case ITypePatternOperation typePattern:
                    CheckType(context, source, typePattern.MatchedType, TypeSyntaxOf(typePattern.Syntax));
                    break;
                case IRecursivePatternOperation recursive:
                    CheckType(context, source, recursive.MatchedType, TypeSyntaxOf(recursive.Syntax));
                    foreach (IPatternOperation inner in EventSubpatterns(recursive))
                    {
                        CheckPattern(context, source, inner, depth + 1);
                    }

                    break;
                case IBinaryPatternOperation binary:
                    CheckPattern(context, source, binary.LeftPattern, depth + 1);
                    CheckPattern(context, source, binary.RightPattern, depth + 1);
                    break;
            }
        }

        /// <summary>
        /// The subpatterns of a property pattern that test the event a message carries: <c>Event</c> of a payload
        /// (<c>IEventPayload</c>, <c>EventPayload&lt;T&gt;</c>) and <c>Data</c> of an envelope (<c>IEventEnvelope</c>,
        /// <c>EventEnvelope&lt;T&gt;</c>), written nested (<c>{ Event: { Data: X } }</c>) or extended (<c>{ Event.Data: X }</c>).
        /// </summary>
        private IEnumerable<IPatternOperation> EventSubpatterns(IRecursivePatternOperation recursive)
        {
            foreach (IPropertySubpatternOperation property in recursive.PropertySubpatterns)
            {
                if (IsEventPath(property.Member, 0))
                {
                    yield return property.Pattern;
                }
            }
        }

        /// <summary>True when a property pattern's member is <c>Event</c>, <c>Data</c> or <c>Event.Data</c> of the runtime's payload and envelope types.</summary>
        private bool IsEventPath(IOperation? member, int depth)
        {
            if (depth > 2 || member is not IPropertyReferenceOperation { Property: { } property } reference
                || property.Name is not ("Event" or "Data")
                || !IsEnvelopeOrPayload(property.ContainingType))
            {
                return false;
            }

            return reference.Instance is null or IInstanceReferenceOperation || IsEventPath(reference.Instance, depth + 1);
        }

        private bool IsEnvelopeOrPayload(INamedTypeSymbol? type) => OuterForm(type) is not null;

        /// <summary>EVC104: a test for a catalog event of another category of the topic's catalog.</summary>
        private void CheckType(OperationAnalysisContext context, Source source, ITypeSymbol? type, SyntaxNode? at)
        {
            if (at is null
                || _index.EventCategory(type) is not { } evt
                || !ReferenceEquals(evt.Catalog, source.Catalog)
                || evt.Category.Name == source.Category.Name)
            {
                return;
            }

            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
            Location[] additional = System.Array.Empty<Location>();
            if (source.Topic?.Edit is { } edit)
            {
                properties = properties.Add(DiagnosticDescriptors.FixText, edit.Text(evt.Category)).Add(DiagnosticDescriptors.FixTitle, $"Subscribe to the {evt.Category.Name} topic");
                additional = new[] { edit.At };
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ImpossibleTypeTest,
                at.GetLocation(),
                additional,
                properties,
                type!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                English.Article(evt.Category.Name),
                $"'{evt.Category.Name}'",
                $"'{source.Category.Name}'",
                source.Topic is { } topic ? topic.Text : source.Category.Name));
        }

        /// <summary>EVC105: some of the category's records handled, not all, and no default or discard.</summary>
        private void CheckExhaustive(OperationAnalysisContext context, Source source, SyntaxNode at, IReadOnlyList<(IPatternOperation Pattern, bool Guarded)> patterns, bool hasDefault)
        {
            if (hasDefault)
            {
                return;
            }

            var handled = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            string? form = null;
            foreach ((IPatternOperation pattern, bool guarded) in patterns)
            {
                if (Collect(source, pattern, guarded, handled, ref form))
                {
                    return; // a discard, var, object, interface or not pattern without a guard: everything is handled
                }
            }

            if (handled.Count == 0 || Records(source) is not { Count: > 0 } records)
            {
                return;
            }

            INamedTypeSymbol[] missing = records.Where(r => !handled.Contains(r)).ToArray();
            if (missing.Length == 0)
            {
                return;
            }

            string names = string.Join(", ", missing.Select(r => r.Name + " ('" + _index.EventType(r) + "')"));
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticDescriptors.MissingRecords, string.Join(";", missing.Select(r => r.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))))
                .Add(DiagnosticDescriptors.CaseForm, form ?? "record");
            Location location = at switch
            {
                SwitchStatementSyntax statement => statement.SwitchKeyword.GetLocation(),
                SwitchExpressionSyntax expression => expression.SwitchKeyword.GetLocation(),
                _ => at.GetLocation(),
            };
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MissingCases,
                location,
                properties,
                source.Category.Name,
                records.Count - missing.Length,
                records.Count,
                names));
        }

        /// <summary>
        /// Adds the category's records a pattern names; true when the pattern matches every message, so the switch
        /// handles everything (a discard, <c>var</c>, <c>object</c>, an interface, <c>{ }</c>, a <c>not</c> pattern such as
        /// <c>not null</c>, or a form this analyzer does not know: it says nothing rather than guess). A guarded arm
        /// (<c>when</c>) still names its records but never handles everything.
        /// </summary>
        private bool Collect(Source source, IPatternOperation? pattern, bool guarded, HashSet<INamedTypeSymbol> handled, ref string? form, int depth = 0)
        {
            if (depth > MaxDepth)
            {
                return true;
            }

            switch (pattern)
            {
                case IDiscardPatternOperation:
                    return !guarded;
                case IDeclarationPatternOperation { MatchesNull: true }:
                    return !guarded; // var x
                case INegatedPatternOperation { Pattern: IDiscardPatternOperation or IDeclarationPatternOperation { MatchesNull: true } }:
                    return false; // not _ : matches nothing
                case INegatedPatternOperation:
                    return !guarded; // not null, not string, not ClusterJoined: everything else gets through
                case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or:
                    {
                        bool left = Collect(source, or.LeftPattern, guarded, handled, ref form, depth + 1);
                        bool right = Collect(source, or.RightPattern, guarded, handled, ref form, depth + 1);
                        return left || right;
                    }

                case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } and:
                    {
                        bool left = Collect(source, and.LeftPattern, guarded, handled, ref form, depth + 1);
                        bool right = Collect(source, and.RightPattern, guarded, handled, ref form, depth + 1);
                        return left && right;
                    }

                case IRecursivePatternOperation { DeconstructionSubpatterns.Length: 0, PropertySubpatterns.Length: 0 } empty when IsCatchAll(empty.MatchedType):
                    return !guarded;
                case IDeclarationPatternOperation or ITypePatternOperation or IRecursivePatternOperation:
                    ITypeSymbol? type = pattern switch
                    {
                        IDeclarationPatternOperation d => d.MatchedType,
                        ITypePatternOperation t => t.MatchedType,
                        _ => ((IRecursivePatternOperation)pattern).MatchedType,
                    };
                    if (pattern is not IRecursivePatternOperation && IsCatchAll(type))
                    {
                        return !guarded;
                    }

                    if (_index.EventCategory(type) is { } evt && ReferenceEquals(evt.Catalog, source.Catalog) && evt.Category.Name == source.Category.Name)
                    {
                        handled.Add(evt.Record);
                        form ??= FormOf(type);
                    }
                    else if (pattern is IRecursivePatternOperation recursive)
                    {
                        // IEventPayload { Event.Data: ClusterJoined }: the record inside names the event; the case
                        // form a fix adds is the outer one (a payload or an envelope), which is what such messages are.
                        string? innerForm = null;
                        foreach (IPatternOperation inner in EventSubpatterns(recursive))
                        {
                            if (Collect(source, inner, guarded, handled, ref innerForm, depth + 1))
                            {
                                return !guarded;
                            }
                        }

                        if (innerForm is not null)
                        {
                            form ??= OuterForm(type) ?? innerForm;
                        }
                    }

                    return false;
                case IConstantPatternOperation or IRelationalPatternOperation:
                    return false; // null, a constant, < 3: no catalog event
                default:
                    return true; // a pattern form this analyzer does not follow: assume it may handle anything
            }
        }

        /// <summary>
        /// "payload" for <c>EventPayload&lt;T&gt;</c> and the interfaces it implements (<c>IEventPayload</c>), "envelope" for
        /// <c>EventEnvelope&lt;T&gt;</c> and its (<c>IEventEnvelope</c>); null otherwise.
        /// </summary>
        private string? OuterForm(ITypeSymbol? type) =>
            type is not INamedTypeSymbol named ? null
            : IsOrImplementedBy(named, _index.Payload) ? "payload"
            : IsOrImplementedBy(named, _index.Envelope) ? "envelope"
            : null;

        private static bool IsOrImplementedBy(INamedTypeSymbol type, INamedTypeSymbol? runtimeType) =>
            runtimeType is not null
            && (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, runtimeType)
                || (type.TypeKind == TypeKind.Interface && runtimeType.AllInterfaces.Contains(type, SymbolEqualityComparer.Default)));

        /// <summary>Object and interfaces (IEventPayload, ICatalogEvent, a marker) may hold any of the category's events.</summary>
        private static bool IsCatchAll(ITypeSymbol? type) =>
            type is null || type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.Interface;

        private string FormOf(ITypeSymbol? type) =>
            type is INamedTypeSymbol { IsGenericType: true } generic
                ? SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, _index.Payload) ? "payload" : "envelope"
                : "record";

        /// <summary>The category's current records in catalog order: the parameters of its handler interface's overloads.</summary>
        private static IReadOnlyList<INamedTypeSymbol>? Records(Source source)
        {
            INamedTypeSymbol? handler = source.Catalog.Type.ContainingNamespace.GetTypeMembers(CatalogContract.HandlerInterface(source.Category.MemberName)).FirstOrDefault(t => t.TypeKind == TypeKind.Interface);
            if (handler is null)
            {
                return null;
            }

            var records = new List<INamedTypeSymbol>();
            foreach (IMethodSymbol method in handler.GetMembers(CatalogContract.HandleAsync).OfType<IMethodSymbol>())
            {
                if (method.Parameters.Length > 0 && method.Parameters[0].Type is INamedTypeSymbol { TypeArguments.Length: 1 } envelope && envelope.TypeArguments[0] is INamedTypeSymbol record)
                {
                    records.Add(record);
                }
            }

            return records;
        }

        /// <summary>Where a type test names its type: the type syntax of a pattern, an <c>is</c>, an <c>as</c> or a cast.</summary>
        private static SyntaxNode? TypeSyntaxOf(SyntaxNode syntax) => syntax switch
        {
            DeclarationPatternSyntax d => d.Type,
            TypePatternSyntax t => t.Type,
            RecursivePatternSyntax { Type: { } type } => type,
            BinaryExpressionSyntax b => b.Right, // x is T, x as T
            CastExpressionSyntax c => c.Type,
            ConstantPatternSyntax c => c.Expression, // a type written where a constant could be
            TypeSyntax t => t, // case T: in a switch statement binds as a type pattern
            _ => null,
        };
    }
}
