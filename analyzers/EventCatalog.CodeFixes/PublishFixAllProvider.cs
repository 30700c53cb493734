using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.CodeFixes;

/// <summary>
/// Fix All for the EVC1xx rewrites: applies every diagnostic's edit at once (they never overlap), then
/// removes the declaration of a topic local whose every use it replaced, when that local was initialized
/// with a constant. Without that last step, a local such as <c>var topic = "jobs.running";</c> whose uses
/// were all wrong publishes would be left unread, and CS0219 ("assigned but its value is never used")
/// would break a warnings-as-errors build after <c>dotnet format</c>. A non-constant initializer is left
/// alone: removing it could remove a side effect (a store-id check that throws, say).
/// </summary>
internal sealed class PublishFixAllProvider : FixAllProvider
{
    public static readonly PublishFixAllProvider Instance = new();

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext) =>
        Task.FromResult<CodeAction?>(CodeAction.Create(
            "Fix all: publish each event to its own category's topic",
            ct => FixAllAsync(fixAllContext, ct),
            fixAllContext.CodeActionEquivalenceKey));

    private static async Task<Solution> FixAllAsync(FixAllContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<Diagnostic>();
        switch (context.Scope)
        {
            case FixAllScope.Document when context.Document is not null:
                diagnostics.AddRange(await context.GetDocumentDiagnosticsAsync(context.Document).ConfigureAwait(false));
                break;
            case FixAllScope.Project:
                diagnostics.AddRange(await context.GetAllDiagnosticsAsync(context.Project).ConfigureAwait(false));
                break;
            case FixAllScope.Solution:
                foreach (Project project in context.Solution.Projects)
                {
                    diagnostics.AddRange(await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                }

                break;
        }

        Solution solution = context.Solution;
        var edits = new Dictionary<DocumentId, List<TextChange>>();
        foreach (Diagnostic diagnostic in diagnostics)
        {
            if (diagnostic.Id != context.CodeActionEquivalenceKey
                || !PublishCodeFixProvider.TryGetEdit(diagnostic, solution, out Document? document, out TextChange change))
            {
                continue;
            }

            if (!edits.TryGetValue(document!.Id, out List<TextChange>? list))
            {
                edits[document.Id] = list = new List<TextChange>();
            }

            list.Add(change);
        }

        foreach (KeyValuePair<DocumentId, List<TextChange>> entry in edits)
        {
            DocumentId documentId = entry.Key;
            List<TextChange> changes = entry.Value;
            Document document = solution.GetDocument(documentId)!;
            SourceText text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            List<TextChange> all = changes.Distinct().OrderBy(c => c.Span.Start).ToList();
            all.AddRange(await EmptiedConstantLocalsAsync(document, text, all, cancellationToken).ConfigureAwait(false));
            solution = solution.WithDocumentText(documentId, text.WithChanges(all.OrderBy(c => c.Span.Start)));
        }

        return solution;
    }

    /// <summary>Removals of the declarations of constant-initialized locals whose every reference <paramref name="changes"/> replaces.</summary>
    private static async Task<IEnumerable<TextChange>> EmptiedConstantLocalsAsync(Document document, SourceText text, List<TextChange> changes, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return Enumerable.Empty<TextChange>();
        }

        var replaced = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (TextChange change in changes)
        {
            if (root.FindNode(change.Span, getInnermostNodeForTie: true) is IdentifierNameSyntax name
                && name.Span == change.Span
                && model.GetSymbolInfo(name, cancellationToken).Symbol is ILocalSymbol local)
            {
                replaced.Add(local);
            }
        }

        var removals = new List<TextChange>();
        foreach (ILocalSymbol local in replaced)
        {
            if (local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: { } initializer } declarator
                || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
                || declaration.Parent is not LocalDeclarationStatementSyntax statement
                || !model.GetConstantValue(initializer.Value, cancellationToken).HasValue)
            {
                continue;
            }

            bool stillRead = root.DescendantNodes(statement.Parent!.Span)
                .OfType<IdentifierNameSyntax>()
                .Where(n => n.Identifier.ValueText == local.Name && !changes.Any(c => c.Span.Contains(n.Span)))
                .Any(n => SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, local));
            if (!stillRead)
            {
                // The statement's whole lines: its indentation, itself, and its line break.
                int start = text.Lines.GetLineFromPosition(statement.SpanStart).Start;
                removals.Add(new TextChange(TextSpan.FromBounds(start, statement.FullSpan.End), string.Empty));
            }
        }

        return removals;
    }
}
