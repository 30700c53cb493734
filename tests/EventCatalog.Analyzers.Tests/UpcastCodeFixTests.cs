using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
/// "Implement the upcast" (EVC016) as an editor runs it: a workspace project whose compilation runs the real generator
/// on its <c>events.schema.yaml</c>, the catalog analyzer's EVC016 on that YAML document, and the fix invoked through
/// <see cref="CodeFixContext.TextDocument"/>. Asserts the exact text of the document it adds and what still fails to
/// compile afterwards: only the values it could not know.
/// </summary>
public class UpcastCodeFixTests
{
    private const string CatalogPath = "/project/events.schema.yaml";

    private const string TwoVersions = """
        namespace: Consumer
        categories:
          cluster:
            events:
              cluster_joined:
                version: 2
                data: { via_node: string, term: long }
                versions:
                  1: { data: { via_node: string } }
        """;

    /// <summary>Version 3 keeps <c>via_node</c>, makes <c>term</c> optional, turns <c>leader</c> from a string into an int and adds <c>region</c>.</summary>
    private const string ThreeVersions = """
        namespace: Consumer
        categories:
          cluster:
            events:
              cluster_joined:
                version: 3
                data: { via_node: string, term: long?, leader: int, region: string? }
                versions:
                  1: { data: { node: string } }
                  2: { data: { via_node: string, term: long, leader: string } }
        """;

    [Test]
    public async Task The_fix_adds_the_records_upcast_file_copying_the_kept_field_and_leaving_the_new_one_to_fill_in()
    {
        Project project = CreateProject(TwoVersions);
        Diagnostic evc016 = (await AnalyzeAsync(project)).Single();
        Assert.That(evc016.Id, Is.EqualTo("EVC016"));

        (string title, Document added) = await ApplySingleFixAsync(project, evc016);

        Assert.That(title, Is.EqualTo("Implement the upcast from ClusterJoinedV1 to ClusterJoined"));
        Assert.That(added.Name, Is.EqualTo("ClusterJoined.Upcast.cs"));
        Assert.That(added.FilePath, Is.EqualTo("/project/ClusterJoined.Upcast.cs"));
        Assert.That((await added.GetTextAsync()).ToString(), Is.EqualTo("""
            namespace Consumer;

            public sealed partial record ClusterJoined
            {
                public static partial ClusterJoined Upcast(ClusterJoinedV1 previous) => new(
                    ViaNode: previous.ViaNode,
                    Term: TODO_set_Term_new_in_version_2);
            }

            """));

        Assert.That(await ErrorsAsync(added.Project), Is.EqualTo(new[]
        {
            "CS0103 The name 'TODO_set_Term_new_in_version_2' does not exist in the current context",
        }), "only the value to fill in: no CS8795, and EVC016 is gone");
        Assert.That(await AnalyzeAsync(added.Project), Is.Empty);
    }

    [Test]
    public async Task When_every_field_carries_over_the_fixed_project_builds_clean()
    {
        const string yaml = """
            namespace: Consumer
            categories:
              cluster:
                events:
                  cluster_joined:
                    version: 2
                    data: { via_node: string, term: long?, note: string? }
                    versions:
                      1: { data: { via_node: string, term: long, note: string } }
            """;
        Project project = CreateProject(yaml);

        (_, Document added) = await ApplySingleFixAsync(project, (await AnalyzeAsync(project)).Single());

        Assert.That((await added.GetTextAsync()).ToString(), Does.Contain("""
                    ViaNode: previous.ViaNode,
                    Term: previous.Term,
                    Note: previous.Note);
            """), "a field made optional carries over: no value is lost");
        Assert.That(await ErrorsAsync(added.Project), Is.Empty);
        Assert.That(await AnalyzeAsync(added.Project), Is.Empty);
    }

    [Test]
    public async Task In_a_chain_of_three_each_step_gets_its_own_fix_and_changed_types_are_left_to_fill_in()
    {
        Project project = CreateProject(ThreeVersions);
        ImmutableArray<Diagnostic> evc016 = await AnalyzeAsync(project);
        Assert.That(evc016.Select(d => d.Properties["Record"]), Is.EqualTo(new[] { "Consumer.ClusterJoinedV2", "Consumer.ClusterJoined" }));

        (string firstTitle, Document v2) = await ApplySingleFixAsync(project, evc016[0]);
        Assert.That(firstTitle, Is.EqualTo("Implement the upcast from ClusterJoinedV1 to ClusterJoinedV2"));
        Assert.That(v2.Name, Is.EqualTo("ClusterJoinedV2.Upcast.cs"));
        Assert.That((await v2.GetTextAsync()).ToString(), Is.EqualTo("""
            namespace Consumer;

            public sealed partial record ClusterJoinedV2
            {
                public static partial ClusterJoinedV2 Upcast(ClusterJoinedV1 previous) => new(
                    ViaNode: TODO_set_ViaNode_new_in_version_2,
                    Term: TODO_set_Term_new_in_version_2,
                    Leader: TODO_set_Leader_new_in_version_2);
            }

            """));

        Project afterFirst = v2.Project;
        Diagnostic remaining = (await AnalyzeAsync(afterFirst)).Single();
        Assert.That(remaining.Properties["Record"], Is.EqualTo("Consumer.ClusterJoined"));
        (_, Document v3) = await ApplySingleFixAsync(afterFirst, remaining);
        Assert.That((await v3.GetTextAsync()).ToString(), Is.EqualTo("""
            namespace Consumer;

            public sealed partial record ClusterJoined
            {
                public static partial ClusterJoined Upcast(ClusterJoinedV2 previous) => new(
                    ViaNode: previous.ViaNode,
                    Term: previous.Term,
                    Leader: TODO_convert_previous_Leader_type_changed_in_version_3,
                    Region: TODO_set_Region_new_in_version_3);
            }

            """));

        Assert.That(await ErrorsAsync(v3.Project), Is.EqualTo(new[]
        {
            "CS0103 The name 'TODO_convert_previous_Leader_type_changed_in_version_3' does not exist in the current context",
            "CS0103 The name 'TODO_set_Leader_new_in_version_2' does not exist in the current context",
            "CS0103 The name 'TODO_set_Region_new_in_version_3' does not exist in the current context",
            "CS0103 The name 'TODO_set_Term_new_in_version_2' does not exist in the current context",
            "CS0103 The name 'TODO_set_ViaNode_new_in_version_2' does not exist in the current context",
        }));
        Assert.That(await AnalyzeAsync(v3.Project), Is.Empty);
    }

    [Test]
    public async Task Below_CSharp_10_the_namespace_is_a_block_and_the_global_namespace_gets_none()
    {
        Project blockScoped = CreateProject(TwoVersions, LanguageVersion.CSharp9);
        (_, Document block) = await ApplySingleFixAsync(blockScoped, (await AnalyzeAsync(blockScoped)).Single());
        Assert.That((await block.GetTextAsync()).ToString(), Is.EqualTo("""
            namespace Consumer
            {
                public sealed partial record ClusterJoined
                {
                    public static partial ClusterJoined Upcast(ClusterJoinedV1 previous) => new(
                        ViaNode: previous.ViaNode,
                        Term: TODO_set_Term_new_in_version_2);
                }
            }

            """));

        Project global = CreateProject(TwoVersions.Replace("namespace: Consumer\n", string.Empty, StringComparison.Ordinal));
        (_, Document globalDocument) = await ApplySingleFixAsync(global, (await AnalyzeAsync(global)).Single());
        Assert.That((await globalDocument.GetTextAsync()).ToString(), Does.StartWith("public sealed partial record ClusterJoined\n{\n"));
        Assert.That(await ErrorsAsync(globalDocument.Project), Is.EqualTo(new[]
        {
            "CS0103 The name 'TODO_set_Term_new_in_version_2' does not exist in the current context",
        }));
    }

    [Test]
    public async Task A_taken_file_name_gets_a_number_and_crlf_projects_get_crlf()
    {
        Project project = CreateProject(TwoVersions, sources: ("ClusterJoined.Upcast.cs", "namespace Consumer;\r\n\r\ninternal static class Unrelated { }\r\n"));

        (_, Document added) = await ApplySingleFixAsync(project, (await AnalyzeAsync(project)).Single());

        Assert.That(added.Name, Is.EqualTo("ClusterJoined.Upcast2.cs"));
        Assert.That((await added.GetTextAsync()).ToString(), Does.StartWith("namespace Consumer;\r\n\r\npublic sealed partial record ClusterJoined\r\n{\r\n"));
    }

    [Test]
    public async Task A_diagnostic_without_the_records_named_offers_no_fix()
    {
        Project project = CreateProject(TwoVersions);
        Diagnostic evc016 = (await AnalyzeAsync(project)).Single();
        Diagnostic bare = Diagnostic.Create(evc016.Descriptor, evc016.Location, evc016.GetMessage());

        Assert.That(await FixesAsync(project, bare), Is.Empty);
    }

    // ---- Harness ----

    /// <summary>A project as an editor holds it: the catalog as an additional document, the generator and the catalog analyzer as its analyzer reference.</summary>
    private static Project CreateProject(string yaml, LanguageVersion languageVersion = LanguageVersion.CSharp12, params (string Name, string Text)[] sources)
    {
        var workspace = new AdhocWorkspace();
        ProjectId id = ProjectId.CreateNewId();
        Solution solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                id,
                VersionStamp.Default,
                "Consumer",
                "Consumer",
                LanguageNames.CSharp,
                filePath: "/project/Consumer.csproj",
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: new CSharpParseOptions(languageVersion),
                metadataReferences: Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>()
                    .Append(MetadataReference.CreateFromFile(typeof(ICatalogEvent).Assembly.Location)),
                analyzerReferences: new[] { new CatalogReference() }))
            .AddAdditionalDocument(DocumentId.CreateNewId(id), "events.schema.yaml", SourceText.From(yaml), filePath: CatalogPath);
        foreach ((string name, string text) in sources)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(id), name, SourceText.From(text), filePath: "/project/" + name);
        }

        return solution.GetProject(id)!;
    }

    /// <summary>The catalog analyzer's EVC0xx diagnostics on the project's compilation (generated records included).</summary>
    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
    {
        Compilation compilation = (await project.GetCompilationAsync())!;
        ImmutableArray<Diagnostic> all = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CatalogAnalyzer()), project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync();
        Assert.That(all.Where(d => d.Id == "AD0001"), Is.Empty, "the catalog analyzer threw");
        // EVC018 (Info: these projects have no compatibility lock yet) is the lock's business (LockCodeFixTests).
        return all.Where(d => d.Id.StartsWith("EVC0", StringComparison.Ordinal) && d.Id != "EVC018").ToImmutableArray();
    }

    /// <summary>The compiler's errors and warnings, as "ID message", sorted.</summary>
    private static async Task<string[]> ErrorsAsync(Project project)
    {
        Compilation compilation = (await project.GetCompilationAsync())!;
        return compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToArray();
    }

    private static async Task<List<CodeAction>> FixesAsync(Project project, Diagnostic diagnostic)
    {
        TextDocument catalog = project.AdditionalDocuments.Single();
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(catalog, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new UpcastCodeFixProvider().RegisterCodeFixesAsync(context);
        return actions;
    }

    /// <summary>Offers the fix on the YAML document, applies the one offered, and returns its title and the one document it added.</summary>
    private static async Task<(string Title, Document Added)> ApplySingleFixAsync(Project project, Diagnostic diagnostic)
    {
        CodeAction action = (await FixesAsync(project, diagnostic)).Single();
        ApplyChangesOperation apply = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
        Project changed = apply.ChangedSolution.GetProject(project.Id)!;
        Document added = changed.Documents.Single(d => project.GetDocument(d.Id) is null);
        Assert.That(changed.AdditionalDocuments.Single().GetTextAsync().Result.ToString(), Is.EqualTo(project.AdditionalDocuments.Single().GetTextAsync().Result.ToString()), "the catalog is not touched");
        return (action.Title, added);
    }

    /// <summary>The generator and the catalog analyzer, as a package's analyzer reference gives them to a project.</summary>
    private sealed class CatalogReference : AnalyzerReference
    {
        // The workspace keys each generator's state by the instance: the same one every time.
        private static readonly ImmutableArray<ISourceGenerator> s_generators = ImmutableArray.Create(new CatalogGenerator().AsSourceGenerator());

        private static readonly ImmutableArray<DiagnosticAnalyzer> s_analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new CatalogAnalyzer());

        public override string FullPath => "/packages/EventCatalog.Generator.dll";

        public override object Id => typeof(CatalogGenerator);

        public override string Display => "EventCatalog.Generator";

        public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzers(string language) => s_analyzers;

        public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzersForAllLanguages() => GetAnalyzers(LanguageNames.CSharp);

        public override ImmutableArray<ISourceGenerator> GetGenerators(string language) => s_generators;
    }
}
