using System;
using System.Collections.Immutable;
using System.Composition;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.CodeFixes;

/// <summary>
/// EVC018's fix, on the catalog (an additional document): writes the compatibility lock beside it — "Write
/// events.schema.lock.json" when there is none, "Update the lock" when it is behind. The catalog analyzer (in the
/// generator's assembly, which this one does not reference) computes the lock's text and passes it, with the lock's
/// path, in the diagnostic's properties; EVC018 is reported only when the catalog has no breaking change (EVC017), so
/// the fix never records one.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LockCodeFixProvider))]
[Shared]
public sealed class LockCodeFixProvider : CodeFixProvider
{
    /// <summary>EVC018 (the generator assembly's <c>DiagnosticDescriptors.LockMissingOrBehind</c>).</summary>
    public const string DiagnosticId = "EVC018";

    /// <summary>The property with the lock file's path (the generator assembly's <c>LockReport.PathProperty</c>).</summary>
    public const string PathProperty = "EventCatalog.LockPath";

    /// <summary>The property with the lock's new text (the generator assembly's <c>LockReport.TextProperty</c>).</summary>
    public const string TextProperty = "EventCatalog.LockText";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticId);

    // One lock per catalog, each from its own diagnostic: nothing to batch.
    public override FixAllProvider? GetFixAllProvider() => null;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(PathProperty, out string? lockPath) || lockPath is null
                || !diagnostic.Properties.TryGetValue(TextProperty, out string? lockText) || lockText is null)
            {
                continue;
            }

            Project project = context.TextDocument.Project;
            TextDocument? existing = project.AdditionalDocuments.FirstOrDefault(d => string.Equals(d.FilePath, lockPath, StringComparison.Ordinal));
            string title = existing is null ? $"Write {Path.GetFileName(lockPath)}" : "Update the lock";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => WriteAsync(context.TextDocument, existing, lockPath, lockText, ct), equivalenceKey: DiagnosticId),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static Task<Solution> WriteAsync(TextDocument catalog, TextDocument? existing, string lockPath, string lockText, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SourceText text = SourceText.From(lockText, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Solution solution = catalog.Project.Solution;
        if (existing is not null)
        {
            return Task.FromResult(solution.WithAdditionalDocumentText(existing.Id, text));
        }

        // Beside the catalog: in the catalog's folders of the project, with the path the analyzer will look for.
        DocumentId id = DocumentId.CreateNewId(catalog.Project.Id, Path.GetFileName(lockPath));
        return Task.FromResult(solution.AddAdditionalDocument(id, Path.GetFileName(lockPath), text, catalog.Folders, lockPath));
    }
}
