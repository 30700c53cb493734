using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.CodeFixes;

/// <summary>
/// EVC104: "Remove the dead branch" (a switch section or arm, or an <c>if</c> whose condition is the test) and, when
/// the topic was the mistake, "Subscribe to the X topic" (the topic rewritten as EVC100's fix rewrites it).
/// EVC105: "Add the missing cases", in catalog order, in the form of the switch's own cases (record,
/// <c>EventEnvelope&lt;T&gt;</c> or <c>EventPayload&lt;T&gt;</c>); Fix All adds them to every such switch.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SubscriptionCodeFixProvider))]
[Shared]
public sealed class SubscriptionCodeFixProvider : CodeFixProvider
{
    private const string RemoveKey = "EVC104.Remove";
    private const string TopicKey = "EVC104.Topic";
    private const string AddCasesKey = "EVC105.AddCases";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ImpossibleTypeTest.Id, DiagnosticDescriptors.MissingCases.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (diagnostic.Id == DiagnosticDescriptors.MissingCases.Id)
            {
                if (diagnostic.Properties.TryGetValue(DiagnosticDescriptors.MissingRecords, out string? missing) && missing is { Length: > 0 }
                    && node.FirstAncestorOrSelf<SyntaxNode>(n => n is SwitchStatementSyntax or SwitchExpressionSyntax) is { } switchNode)
                {
                    string form = diagnostic.Properties.TryGetValue(DiagnosticDescriptors.CaseForm, out string? f) && f is not null ? f : "record";
                    Document document = context.Document;
                    context.RegisterCodeFix(
                        CodeAction.Create("Add the missing cases", ct => AddCasesAsync(document, switchNode, missing.Split(';'), form, ct), equivalenceKey: AddCasesKey),
                        diagnostic);
                }

                continue;
            }

            if (DeadBranch(node) is { } branch)
            {
                Document document = context.Document;
                context.RegisterCodeFix(CodeAction.Create("Remove the dead branch", ct => RemoveAsync(document, branch, ct), equivalenceKey: RemoveKey), diagnostic);
            }

            if (PublishCodeFixProvider.TryGetEdit(diagnostic, context.Document.Project.Solution, out Document? topicDocument, out TextChange change))
            {
                string title = diagnostic.Properties.TryGetValue(DiagnosticDescriptors.FixTitle, out string? t) && t is not null ? t : "Subscribe to the event's topic";
                context.RegisterCodeFix(CodeAction.Create(title, ct => ReplaceAsync(topicDocument!, change, ct), equivalenceKey: TopicKey + ":" + change.NewText), diagnostic);
            }
        }
    }

    /// <summary>The branch that holds only the impossible test: a switch arm, a section with that one label, a label, or an <c>if</c>.</summary>
    private static SyntaxNode? DeadBranch(SyntaxNode node)
    {
        foreach (SyntaxNode ancestor in node.AncestorsAndSelf())
        {
            switch (ancestor)
            {
                case SwitchExpressionArmSyntax arm:
                    return arm;
                case SwitchLabelSyntax label when label.Parent is SwitchSectionSyntax section:
                    return section.Labels.Count == 1 ? section : label;
                case IfStatementSyntax statement when statement.Condition.Span.Contains(node.Span)
                    && (statement.Condition is IsPatternExpressionSyntax || statement.Condition.IsKind(SyntaxKind.IsExpression)):
                    return statement;
                case StatementSyntax or MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    private static async Task<Document> RemoveAsync(Document document, SyntaxNode branch, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        SyntaxNode? updated = branch is IfStatementSyntax { Else: { } otherwise } statement
            ? root.ReplaceNode(statement, otherwise.Statement.WithAdditionalAnnotations(Formatter.Annotation))
            : root.RemoveNode(branch, SyntaxRemoveOptions.KeepNoTrivia);
        return updated is null ? document : document.WithSyntaxRoot(updated);
    }

    private static async Task<Document> AddCasesAsync(Document document, SyntaxNode switchNode, string[] records, string form, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        TypeSyntax[] types = records.Select(r => (TypeSyntax)SyntaxFactory.ParseTypeName(Form(r, form)).WithAdditionalAnnotations(Simplifier.Annotation)).ToArray();
        SyntaxNode replacement;
        if (switchNode is SwitchStatementSyntax statement)
        {
            IEnumerable<SwitchSectionSyntax> sections = types.Select(type => SyntaxFactory.SwitchSection(
                SyntaxFactory.SingletonList<SwitchLabelSyntax>(SyntaxFactory.CasePatternSwitchLabel(SyntaxFactory.TypePattern(type), SyntaxFactory.Token(SyntaxKind.ColonToken))),
                SyntaxFactory.SingletonList<StatementSyntax>(SyntaxFactory.BreakStatement())).WithAdditionalAnnotations(Formatter.Annotation));
            replacement = statement.AddSections(sections.ToArray());
        }
        else
        {
            var expression = (SwitchExpressionSyntax)switchNode;
            ExpressionSyntax notImplemented = SyntaxFactory.ThrowExpression(SyntaxFactory.ObjectCreationExpression(
                SyntaxFactory.ParseTypeName("global::System.NotImplementedException").WithAdditionalAnnotations(Simplifier.Annotation), SyntaxFactory.ArgumentList(), null));
            SeparatedSyntaxList<SwitchExpressionArmSyntax> original = expression.Arms;
            bool trailingComma = original.Count > 0 && original.SeparatorCount == original.Count;
            var arms = original.ToList();
            arms.AddRange(types.Select(type => SyntaxFactory.SwitchExpressionArm(SyntaxFactory.TypePattern(type), notImplemented)));
            int separators = trailingComma ? arms.Count : arms.Count - 1;
            var separated = SyntaxFactory.SeparatedList(arms, Enumerable.Range(0, System.Math.Max(separators, 0)).Select(i => i < original.SeparatorCount ? original.GetSeparator(i) : SyntaxFactory.Token(SyntaxKind.CommaToken)));
            replacement = expression.WithArms(separated).WithAdditionalAnnotations(Formatter.Annotation);
        }

        // Simplified and formatted here, then re-parsed, so the result is the tree its text parses to (no elastic trivia).
        Document changed = document.WithSyntaxRoot(root.ReplaceNode(switchNode, replacement));
        changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        changed = await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return document.WithText(await changed.GetTextAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The case's type: the record, or an envelope or payload of it, fully qualified (simplified after).</summary>
    private static string Form(string record, string form) => form switch
    {
        "payload" => "global::EventCatalog.EventPayload<" + record + ">",
        "envelope" => "global::EventCatalog.EventEnvelope<" + record + ">",
        _ => record,
    };

    private static async Task<Solution> ReplaceAsync(Document document, TextChange change, CancellationToken cancellationToken)
    {
        SourceText text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.Project.Solution.WithDocumentText(document.Id, text.WithChanges(change));
    }
}
