using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.CodeFixes;
using EventCatalog.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;

namespace EventCatalog.Analyzers.Tests;

/// <summary>
/// EVC018's code fix on the catalog (an additional document, Roslyn's <see cref="CodeFixContext.TextDocument"/>):
/// "Write events.schema.lock.json" adds the lock beside the catalog, "Update the lock" replaces it. Run in a real
/// workspace: the catalog analyzer's diagnostic, the fix's registration, and the solution it produces.
/// </summary>
public class LockCodeFixTests
{
    private const string CatalogPath = "/project/events.schema.yaml";
    private const string LockPath = "/project/events.schema.lock.json";

    private const string Catalog = """
        categories:
          cluster:
            events:
              cluster_joined:
                data: { via_node: string, since: timestamp? }
        """;

    private const string ExpectedLock = """
        {
          "eventcatalog_lock": 1,
          "topic": "{store}:{category}",
          "categories": {
            "cluster": {
              "events": {
                "cluster_joined": {
                  "version": 1,
                  "data": {
                    "since": "timestamp?",
                    "via_node": "string"
                  }
                }
              }
            }
          }
        }

        """;

    [Test]
    public async Task Without_a_lock_the_fix_writes_it_beside_the_catalog()
    {
        (Solution fixedSolution, string title) = await FixAsync(lockText: null);
        TextDocument written = fixedSolution.Projects.Single().AdditionalDocuments.Single(d => d.FilePath == LockPath);
        Assert.Multiple(async () =>
        {
            Assert.That(title, Is.EqualTo("Write events.schema.lock.json"));
            Assert.That(written.Name, Is.EqualTo("events.schema.lock.json"));
            Assert.That((await written.GetTextAsync()).ToString(), Is.EqualTo(ExpectedLock.Replace("\r\n", "\n")));
        });
    }

    [Test]
    public async Task With_a_lock_behind_the_catalog_the_fix_updates_it()
    {
        string behind = ExpectedLock.Replace("            \"since\": \"timestamp?\",\n", "").Replace("\r\n", "\n");
        (Solution fixedSolution, string title) = await FixAsync(behind);
        List<TextDocument> locks = fixedSolution.Projects.Single().AdditionalDocuments.Where(d => d.FilePath == LockPath).ToList();
        Assert.That(title, Is.EqualTo("Update the lock"));
        Assert.That(locks, Has.Count.EqualTo(1));
        Assert.That((await locks[0].GetTextAsync()).ToString(), Is.EqualTo(ExpectedLock.Replace("\r\n", "\n")));
    }

    [Test]
    public void The_fix_reads_the_properties_the_analyzer_writes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LockCodeFixProvider.PathProperty, Is.EqualTo(Generator.Locking.LockReport.PathProperty));
            Assert.That(LockCodeFixProvider.TextProperty, Is.EqualTo(Generator.Locking.LockReport.TextProperty));
            Assert.That(LockCodeFixProvider.DiagnosticId, Is.EqualTo(Generator.Diagnostics.DiagnosticDescriptors.LockMissingOrBehind.Id));
        });
    }

    /// <summary>Analyzes a project with the catalog (and the lock, when given), applies EVC018's one fix, and returns the solution and the fix's title.</summary>
    private static async Task<(Solution Solution, string Title)> FixAsync(string? lockText)
    {
        using var workspace = new AdhocWorkspace();
        Project project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Consumer", "Consumer", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            metadataReferences: Basic.Reference.Assemblies.Net80.References.All));
        var catalogId = DocumentId.CreateNewId(project.Id);
        Solution solution = workspace.CurrentSolution.AddAdditionalDocument(catalogId, "events.schema.yaml", SourceText.From(Catalog, Encoding.UTF8), filePath: CatalogPath);
        if (lockText is not null)
        {
            solution = solution.AddAdditionalDocument(DocumentId.CreateNewId(project.Id), "events.schema.lock.json", SourceText.From(lockText, Encoding.UTF8), filePath: LockPath);
        }

        Assert.That(workspace.TryApplyChanges(solution), Is.True);
        project = workspace.CurrentSolution.GetProject(project.Id)!;
        TextDocument catalog = project.GetAdditionalDocument(catalogId)!;
        var additional = new List<AdditionalText>();
        foreach (TextDocument document in project.AdditionalDocuments)
        {
            additional.Add(new DocumentText(document.FilePath!, await document.GetTextAsync()));
        }

        Compilation compilation = (await project.GetCompilationAsync())!;
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CatalogAnalyzer()), new AnalyzerOptions(additional.ToImmutableArray()))
            .GetAnalyzerDiagnosticsAsync();
        Diagnostic evc018 = diagnostics.Single(d => d.Id == "EVC018");

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(catalog, evc018, (action, _) => actions.Add(action), CancellationToken.None);
        await new LockCodeFixProvider().RegisterCodeFixesAsync(context);
        Assert.That(actions, Has.Count.EqualTo(1));
        ImmutableArray<CodeActionOperation> operations = await actions[0].GetOperationsAsync(CancellationToken.None);
        Solution changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;

        // Applied, the lock is what the analyzer compares with: the catalog is then in step with it.
        Assert.That(workspace.TryApplyChanges(changed), Is.True);
        Project after = workspace.CurrentSolution.GetProject(project.Id)!;
        var afterTexts = new List<AdditionalText>();
        foreach (TextDocument document in after.AdditionalDocuments)
        {
            afterTexts.Add(new DocumentText(document.FilePath!, await document.GetTextAsync()));
        }

        ImmutableArray<Diagnostic> afterDiagnostics = await (await after.GetCompilationAsync())!
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CatalogAnalyzer()), new AnalyzerOptions(afterTexts.ToImmutableArray()))
            .GetAnalyzerDiagnosticsAsync();
        Assert.That(afterDiagnostics.Where(d => d.Id is "EVC017" or "EVC018" or "EVC019"), Is.Empty);
        return (workspace.CurrentSolution, actions[0].Title);
    }

    private sealed class DocumentText : AdditionalText
    {
        private readonly SourceText _text;

        public DocumentText(string path, SourceText text)
        {
            Path = path;
            _text = text;
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
