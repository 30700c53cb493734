using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.CodeFixes;

/// <summary>
/// Applies the rewrite an EVC1xx diagnostic carries: its first additional location is the text to
/// replace (a category name in <c>Topics.X</c>, <c>Category.X</c> or a string, or a topic local's
/// reference at the call site when the local has other uses), and the
/// <see cref="DiagnosticDescriptors.FixText"/> property the replacement. The analyzer offers one only where
/// the edit changes no other publish's topic, so the edits of a Fix All never overlap and
/// <see cref="PublishFixAllProvider"/> applies them in one pass.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PublishCodeFixProvider))]
[Shared]
public sealed class PublishCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.WrongCategory.Id, DiagnosticDescriptors.UnknownTopicCategory.Id, DiagnosticDescriptors.WrongWrapper.Id, DiagnosticDescriptors.UnknownName.Id);

    public override FixAllProvider GetFixAllProvider() => PublishFixAllProvider.Instance;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!TryGetEdit(diagnostic, context.Document.Project.Solution, out Document? document, out TextChange change))
            {
                continue;
            }

            string title = diagnostic.Properties.TryGetValue(DiagnosticDescriptors.FixTitle, out string? t) && t is not null ? t : $"Change to '{change.NewText}'";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => ReplaceAsync(document!, change, ct), equivalenceKey: diagnostic.Id),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    /// <summary>The edit a diagnostic carries, and the document it applies to; false when it carries none.</summary>
    internal static bool TryGetEdit(Diagnostic diagnostic, Solution solution, out Document? document, out TextChange change)
    {
        document = null;
        change = default;
        if (diagnostic.AdditionalLocations.Count == 0
            || !diagnostic.Properties.TryGetValue(DiagnosticDescriptors.FixText, out string? text)
            || text is null
            || diagnostic.AdditionalLocations[0] is not { IsInSource: true } location
            || solution.GetDocument(location.SourceTree) is not { } found)
        {
            return false;
        }

        document = found;
        change = new TextChange(location.SourceSpan, text);
        return true;
    }

    private static async Task<Solution> ReplaceAsync(Document document, TextChange change, CancellationToken cancellationToken)
    {
        SourceText text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.Project.Solution.WithDocumentText(document.Id, text.WithChanges(change));
    }
}
