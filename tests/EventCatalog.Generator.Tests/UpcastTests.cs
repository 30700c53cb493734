using System.Collections.Immutable;
using System.Linq;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// EVC016, an upcast not implemented (SPEC §10, issue 15): one per missing step, at the event's <c>version</c> in the
/// YAML; from the generator in command-line builds (csc drops analyzer diagnostics once CS8795 is there) and from the
/// catalog analyzer in editors, with the generated declaration as the additional location.
/// </summary>
public class UpcastTests
{
    private const string Path = "/project/events.schema.yaml";

    /// <summary>SPEC §10's example: <c>version: 2</c> stands at line 5, its value at column 18.</summary>
    private const string TwoVersions = """
        categories:
          cluster:
            events:
              cluster_joined:
                version: 2
                data: { via_node: string, term: long }
                versions:
                  1: { data: { via_node: string } }
        """;

    private const string ThreeVersions = """
        categories:
          cluster:
            events:
              cluster_joined:
                version: 3
                data: { via_node: string, term: long, leader: string? }
                versions:
                  1: { data: { node: string } }
                  2: { data: { via_node: string, term: long } }
        """;

    private const string V1ToV2 = """
        namespace Consumer;

        public sealed partial record ClusterJoinedV2
        {
            public static partial ClusterJoinedV2 Upcast(ClusterJoinedV1 previous) => new(previous.Node, Term: 1);
        }
        """;

    private const string V2ToV3 = """
        namespace Consumer;

        public sealed partial record ClusterJoined
        {
            public static partial ClusterJoined Upcast(ClusterJoinedV2 previous) => new(previous.ViaNode, previous.Term, Leader: null);
        }
        """;

    private const string MessageV1ToV2OfTwo =
        "Event 'cluster_joined' has no upcast from version 1 to version 2: in your own 'public sealed partial record ClusterJoined' (in namespace 'Consumer') "
        + "write 'public static partial ClusterJoined Upcast(ClusterJoinedV1 previous) => ...' (the code fix 'Implement the upcast' writes it); "
        + "nodes on the older catalog send version 1 frames that only this method can read.";

    private static InMemoryAdditionalText[] Catalog(string yaml) => new[] { new InMemoryAdditionalText(Path, yaml) };

    private static GeneratorOutcome Generate(string yaml, params string[] sources) =>
        GeneratorHarness.Generate(Catalog(yaml), sources: sources);

    /// <summary>The generator's EVC016s (what <c>dotnet build</c> prints).</summary>
    private static Diagnostic[] FromGenerator(GeneratorOutcome outcome) => outcome.CompilerDiagnostics.Where(d => d.Id == "EVC016").ToArray();

    /// <summary>The catalog analyzer's diagnostics on the compilation that holds the generated records (what an editor shows).</summary>
    private static ImmutableArray<Diagnostic> FromAnalyzer(string yaml, GeneratorOutcome outcome) =>
        GeneratorHarness.Analyze(Catalog(yaml), compilation: outcome.Output);

    [Test]
    public void A_missing_upcast_is_EVC016_from_the_generator_at_the_events_version()
    {
        GeneratorOutcome outcome = Generate(TwoVersions);

        Diagnostic d = FromGenerator(outcome).Single();
        DiagnosticAssert.At(d, "EVC016", DiagnosticSeverity.Error, 5, 18, Path);
        Assert.That(d.GetMessage(), Is.EqualTo(MessageV1ToV2OfTwo));
        Assert.That(outcome.CompilerDiagnostics, Has.Length.EqualTo(1), "the generator reports nothing else");
        Assert.That(outcome.OutputDiagnostics(), Is.Empty, "EVC016 stands alone: the generated placeholder body keeps CS8795 out of generated code");
        Assert.That(outcome.HintNames, Does.Contain("Consumer.ClusterJoined.MissingUpcast.g.cs"));
    }

    [Test]
    public void The_catalog_analyzer_reports_the_same_EVC016_with_the_generated_declaration_as_additional_location()
    {
        GeneratorOutcome outcome = Generate(TwoVersions);

        Diagnostic fromAnalyzer = FromAnalyzer(TwoVersions, outcome).Single();
        Assert.That(GeneratorHarness.Describe(fromAnalyzer), Is.EqualTo(GeneratorHarness.Describe(FromGenerator(outcome).Single())));

        Location declaration = fromAnalyzer.AdditionalLocations.Single();
        Assert.That(declaration.SourceTree!.FilePath, Does.EndWith("Consumer.Events.g.cs"), "the generated declaration, not the placeholder body");
        Assert.That(declaration.SourceTree!.GetText().GetSubText(declaration.SourceSpan).ToString(), Is.EqualTo("Upcast"));
        Assert.That(fromAnalyzer.Properties["Record"], Is.EqualTo("Consumer.ClusterJoined"));
        Assert.That(fromAnalyzer.Properties["Previous"], Is.EqualTo("Consumer.ClusterJoinedV1"));
    }

    [Test]
    public void An_implemented_upcast_is_neither_EVC016_nor_CS8795()
    {
        const string upcast = """
            namespace Consumer;

            public sealed partial record ClusterJoined
            {
                public static partial ClusterJoined Upcast(ClusterJoinedV1 previous) => new(previous.ViaNode, Term: 0);
            }
            """;
        GeneratorOutcome outcome = Generate(TwoVersions, upcast);

        Assert.That(outcome.CompilerDiagnostics, Is.Empty);
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
        Assert.That(FromAnalyzer(TwoVersions, outcome), Is.Empty);
    }

    [TestCase("ClusterJoinedV1")]
    [TestCase("Consumer.ClusterJoinedV1")]
    [TestCase("global::Consumer.ClusterJoinedV1")]
    public void The_previous_record_may_be_written_qualified_or_not(string written)
    {
        string upcast = $$"""
            namespace Consumer
            {
                public sealed partial record ClusterJoined
                {
                    public static partial ClusterJoined Upcast({{written}} previous) => new(previous.ViaNode, Term: 0);
                }
            }
            """;
        GeneratorOutcome outcome = Generate(TwoVersions, upcast);

        Assert.That(outcome.CompilerDiagnostics, Is.Empty);
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
    }

    [Test]
    public void Three_versions_missing_the_first_of_two_steps_is_one_EVC016_naming_that_step()
    {
        GeneratorOutcome outcome = Generate(ThreeVersions, V2ToV3);

        Diagnostic d = FromGenerator(outcome).Single();
        DiagnosticAssert.At(d, "EVC016", DiagnosticSeverity.Error, 5, 18, Path);
        Assert.That(d.GetMessage(), Is.EqualTo(
            "Event 'cluster_joined' has no upcast from version 1 to version 2: in your own 'public sealed partial record ClusterJoinedV2' (in namespace 'Consumer') "
            + "write 'public static partial ClusterJoinedV2 Upcast(ClusterJoinedV1 previous) => ...' (the code fix 'Implement the upcast' writes it); "
            + "nodes on the older catalog send version 1 frames that only this method can read."));
        Assert.That(GeneratorHarness.Describe(FromAnalyzer(ThreeVersions, outcome).Single()), Is.EqualTo(GeneratorHarness.Describe(d)));
    }

    [Test]
    public void Three_versions_missing_the_second_of_two_steps_is_one_EVC016_naming_that_step()
    {
        GeneratorOutcome outcome = Generate(ThreeVersions, V1ToV2);

        Diagnostic d = FromGenerator(outcome).Single();
        DiagnosticAssert.At(d, "EVC016", DiagnosticSeverity.Error, 5, 18, Path);
        Assert.That(d.GetMessage(), Does.StartWith(
            "Event 'cluster_joined' has no upcast from version 2 to version 3: in your own 'public sealed partial record ClusterJoined' (in namespace 'Consumer') "
            + "write 'public static partial ClusterJoined Upcast(ClusterJoinedV2 previous) => ...'"));
        Assert.That(GeneratorHarness.Describe(FromAnalyzer(ThreeVersions, outcome).Single()), Is.EqualTo(GeneratorHarness.Describe(d)));
    }

    [Test]
    public void Three_versions_with_no_upcast_are_two_EVC016_in_version_order_and_both_steps_implemented_are_none()
    {
        GeneratorOutcome none = Generate(ThreeVersions);
        Assert.That(
            FromGenerator(none).Select(d => d.GetMessage().Substring(0, d.GetMessage().IndexOf(':'))),
            Is.EqualTo(new[]
            {
                "Event 'cluster_joined' has no upcast from version 1 to version 2",
                "Event 'cluster_joined' has no upcast from version 2 to version 3",
            }));
        Assert.That(FromAnalyzer(ThreeVersions, none).Select(GeneratorHarness.Describe), Is.EqualTo(FromGenerator(none).Select(GeneratorHarness.Describe)));

        GeneratorOutcome both = Generate(ThreeVersions, V1ToV2, V2ToV3);
        Assert.That(both.CompilerDiagnostics, Is.Empty);
        Assert.That(both.OutputDiagnostics(), Is.Empty);
        Assert.That(FromAnalyzer(ThreeVersions, both), Is.Empty);
    }

    [Test]
    public void Each_versioned_event_is_reported_at_its_own_version()
    {
        const string yaml = """
            namespace: Shop
            categories:
              orders:
                events:
                  order_placed:
                    version: 2
                    data: { id: string }
                    versions: { 1: { data: { order_id: string } } }
                  order_shipped: { data: { id: string } }
                  order_paid:
                    data: { id: string }
                    version: 4
                    versions:
                      1: { data: {} }
                      2: { data: {} }
                      3: { data: { id: string } }
            """;
        const string upcasts = """
            namespace Shop;

            public sealed partial record OrderPaidV2 { public static partial OrderPaidV2 Upcast(OrderPaidV1 previous) => new(); }
            public sealed partial record OrderPaid { public static partial OrderPaid Upcast(OrderPaidV3 previous) => new(previous.Id); }
            """;
        GeneratorOutcome outcome = Generate(yaml, upcasts);

        Assert.That(
            FromGenerator(outcome).Select(d => (d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Location.GetLineSpan().StartLinePosition.Character + 1, d.GetMessage().Substring(0, d.GetMessage().IndexOf(':')))),
            Is.EqualTo(new[]
            {
                (6, 18, "Event 'order_placed' has no upcast from version 1 to version 2"),
                (12, 18, "Event 'order_paid' has no upcast from version 2 to version 3"),
            }));
        Assert.That(FromGenerator(outcome).Select(d => d.GetMessage()), Has.All.Contain("(in namespace 'Shop')"));
    }

    [Test]
    public void An_upcast_written_in_the_wrong_record_does_not_count()
    {
        const string wrong = """
            namespace Consumer;

            public sealed partial record Elsewhere
            {
                public static partial Elsewhere Upcast(ClusterJoinedV1 previous);
                public static partial Elsewhere Upcast(ClusterJoinedV1 previous) => new();
            }
            """;
        GeneratorOutcome outcome = Generate(TwoVersions, wrong);

        Assert.That(FromGenerator(outcome).Select(d => d.GetMessage()), Is.EqualTo(new[] { MessageV1ToV2OfTwo }));
    }

    [Test]
    public void Other_partial_methods_named_Upcast_are_ignored_without_failing_the_generator()
    {
        const string others = """
            namespace Consumer;

            public partial class Shapes
            {
                partial void Upcast(int[] values);
                partial void Upcast(int[] values) { }
                public partial System.Collections.Generic.List<int> Upcast(Missing<int>? previous);
                public partial System.Collections.Generic.List<int> Upcast(Missing<int>? previous) => new();
            }

            public partial struct Nowhere
            {
                private static partial int Upcast(global::Alias::Nothing previous);
                private static partial int Upcast(global::Alias::Nothing previous) => 0;
            }
            """;
        GeneratorOutcome outcome = Generate(TwoVersions, others);

        Assert.That(FromGenerator(outcome).Select(d => d.GetMessage()), Is.EqualTo(new[] { MessageV1ToV2OfTwo }));
    }

    [Test]
    public void The_global_namespace_is_named_as_such()
    {
        GeneratorOutcome outcome = GeneratorHarness.Generate(Catalog(TwoVersions), rootNamespace: null);

        Assert.That(FromGenerator(outcome).Single().GetMessage(), Does.Contain("in your own 'public sealed partial record ClusterJoined' (in the global namespace) write"));
    }

    [Test]
    public void Below_CSharp_9_nothing_is_generated_and_no_upcast_is_asked_for()
    {
        GeneratorOutcome outcome = GeneratorHarness.Generate(Catalog(TwoVersions), Target.Net80, "Consumer", LanguageVersion.CSharp8);

        Assert.That(outcome.CompilerDiagnostics.Select(d => d.Id), Is.EqualTo(new[] { "EVC009" }));
    }

    [Test]
    public void A_catalog_blocked_by_a_collision_asks_for_no_upcast()
    {
        var catalogs = new[]
        {
            new InMemoryAdditionalText("/project/a.events.yaml", "class: AEvents\ncategories:\n  cluster:\n    events: [cluster_joined]\n"),
            new InMemoryAdditionalText("/project/b.events.yaml", "class: BEvents\n" + TwoVersions),
        };
        GeneratorOutcome outcome = GeneratorHarness.Generate(catalogs);

        Assert.That(outcome.HintNames, Is.EquivalentTo(new[] { "Consumer.AEvents.g.cs" }));
        Assert.That(outcome.CompilerDiagnostics.Select(d => d.Id), Is.EqualTo(new[] { "EVC007" }));
        Assert.That(GeneratorHarness.Analyze(catalogs, compilation: outcome.Output).Select(d => d.Id), Is.EqualTo(new[] { "EVC007" }));
    }
}
