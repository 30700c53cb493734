using System.Linq;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// Event versions (SPEC §10, issue 15): <c>version: N</c> and the earlier versions' data in <c>versions</c>,
/// checked at their YAML line (EVC015); a record per earlier version (<c>ClusterJoinedV1</c>) and on each
/// later record a <c>static partial</c> upcast from the version before, chained by the generator.
/// </summary>
public class VersionTests
{
    private const string Path = "/project/events.schema.yaml";

    /// <summary>SPEC §10's example, verbatim.</summary>
    private const string SpecExample = """
        categories:
          cluster:
            events:
              cluster_joined:
                version: 2                 # default 1
                data: { via_node: string, term: long }
                versions:                  # the data of each earlier version
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

    private static Diagnostic Single(string yaml) => DiagnosticAssert.Single(yaml, Path);

    private static GeneratorOutcome Generate(string yaml, params string[] sources) =>
        GeneratorHarness.Generate(new[] { new InMemoryAdditionalText(Path, yaml) }, sources: sources);

    private static string Source(GeneratorOutcome outcome) => outcome.SourceOf(outcome.HintNames.Single(h => h != "EventCatalog.IsExternalInit.g.cs"));

    [Test]
    public void The_spec_example_is_a_valid_catalog()
    {
        Assert.That(GeneratorHarness.Analyze(SpecExample, Path), Is.Empty);
    }

    [Test]
    public void The_spec_example_generates_the_earlier_record_and_the_upcast_declaration()
    {
        string source = Source(Generate(SpecExample, UpcastV1ToV2));
        Assert.Multiple(() =>
        {
            Assert.That(source, Does.Contain("public sealed partial record ClusterJoinedV1(string ViaNode)"));
            Assert.That(source, Does.Contain("public sealed partial record ClusterJoined(string ViaNode, long Term)"));
            Assert.That(source, Does.Contain("public static partial ClusterJoined Upcast(ClusterJoinedV1 previous);"));
            Assert.That(source, Does.Contain("public const int DataVersion = 2;"));
        });
    }

    private const string UpcastV1ToV2 = """
        namespace Consumer;

        public sealed partial record ClusterJoined
        {
            public static partial ClusterJoined Upcast(ClusterJoinedV1 previous) => new(previous.ViaNode, Term: 0);
        }
        """;

    [Test]
    public void With_the_upcast_implemented_the_project_compiles_without_a_warning()
    {
        GeneratorOutcome outcome = Generate(SpecExample, UpcastV1ToV2);
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
    }

    [Test]
    public void Three_versions_chain_v1_to_v3_through_the_two_upcasts_the_user_wrote()
    {
        const string upcasts = """
            namespace Consumer;

            public sealed partial record ClusterJoinedV2
            {
                public static partial ClusterJoinedV2 Upcast(ClusterJoinedV1 previous) => new(previous.Node, Term: 1);
            }

            public sealed partial record ClusterJoined
            {
                public static partial ClusterJoined Upcast(ClusterJoinedV2 previous) => new(previous.ViaNode, previous.Term, Leader: null);
            }

            internal static class Probe
            {
                internal static ClusterJoined FromV1() => ClusterJoined.Upcast(new ClusterJoinedV1("exesdb@node-2"));
            }
            """;
        GeneratorOutcome outcome = Generate(ThreeVersions, upcasts);
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
        string source = Source(outcome);
        Assert.Multiple(() =>
        {
            Assert.That(source, Does.Contain("public static ClusterJoined Upcast(ClusterJoinedV1 previous) => Upcast(ClusterJoinedV2.Upcast(previous));"));
            Assert.That(source, Does.Contain("public static partial ClusterJoinedV2 Upcast(ClusterJoinedV1 previous);"));
            Assert.That(source, Does.Contain("public static partial ClusterJoined Upcast(ClusterJoinedV2 previous);"));
        });
    }

    [TestCase("0", 5, 18)]
    [TestCase("-1", 5, 18)]
    [TestCase("two", 5, 18)]
    [TestCase("02", 5, 18)]
    [TestCase("1.5", 5, 18)]
    [TestCase("101", 5, 18)]
    [TestCase("\"2\"", 5, 18)]
    public void A_version_that_is_not_a_whole_number_from_1_to_100_is_EVC015_at_the_value(string value, int line, int column)
    {
        string yaml = $"""
            categories:
              cluster:
                events:
                  cluster_joined:
                    version: {value}
            """;
        Diagnostic d = Single(yaml);
        DiagnosticAssert.At(d, "EVC015", DiagnosticSeverity.Error, line, column, Path);
        Assert.That(d.GetMessage(), Does.StartWith("'version' of event 'cluster_joined' must be a whole number from 1 to 100 written in decimal digits, but it is "));
    }

    [Test]
    public void A_missing_earlier_version_is_EVC015_at_the_version()
    {
        const string yaml = """
            categories:
              cluster:
                events:
                  cluster_joined:
                    version: 3
                    data: { via_node: string }
                    versions:
                      2: { data: { via_node: string } }
            """;
        Diagnostic d = Single(yaml);
        DiagnosticAssert.At(d, "EVC015", DiagnosticSeverity.Error, 5, 18, Path);
        Assert.That(d.GetMessage(), Is.EqualTo("Event 'cluster_joined' is at version 3, but 'versions' does not describe version 1: versions run from 1, and each earlier one needs its data (write '1: { data: { ... } }', or '1: {}' for no data)."));
    }

    [Test]
    public void A_version_with_no_versions_at_all_is_EVC015_naming_each_missing_one()
    {
        const string yaml = """
            categories:
              cluster:
                events:
                  cluster_joined:
                    version: 3
            """;
        Diagnostic d = Single(yaml);
        DiagnosticAssert.At(d, "EVC015", DiagnosticSeverity.Error, 5, 18, Path);
        Assert.That(d.GetMessage(), Does.Contain("does not describe versions 1, 2:"));
    }

    [TestCase("2")]
    [TestCase("3")]
    public void An_earlier_version_not_below_the_current_one_is_EVC015_at_its_key(string key)
    {
        string yaml = $"""
            categories:
              cluster:
                events:
                  cluster_joined:
                    version: 2
                    versions:
                      1: {"{}"}
                      {key}: {"{}"}
            """;
        Diagnostic d = Single(yaml);
        DiagnosticAssert.At(d, "EVC015", DiagnosticSeverity.Error, 8, 11, Path);
        Assert.That(d.GetMessage(), Is.EqualTo($"Version {key} of event 'cluster_joined' is not earlier than its current version 2: 'versions' describes versions 1 to 1, and 'data' is version 2."));
    }

    [Test]
    public void Versions_without_a_version_is_EVC015_at_versions_suggesting_the_number()
    {
        const string yaml = """
            categories:
              cluster:
                events:
                  cluster_joined:
                    data: { via_node: string }
                    versions:
                      1: { data: { node: string } }
            """;
        Diagnostic d = Single(yaml);
        DiagnosticAssert.At(d, "EVC015", DiagnosticSeverity.Error, 6, 9, Path);
        Assert.That(d.GetMessage(), Is.EqualTo("Event 'cluster_joined' describes earlier versions in 'versions' but has no 'version' (so it is at version 1): set 'version: 2', the version of its current 'data'."));
    }

    [Test]
    public void A_version_described_twice_is_EVC015_at_the_second_key()
    {
        const string yaml = """
            categories:
              cluster:
                events:
                  cluster_joined:
                    version: 2
                    versions:
                      1: {}
                      "1": {}
            """;
        Diagnostic d = Single(yaml);
        DiagnosticAssert.At(d, "EVC015", DiagnosticSeverity.Error, 8, 11, Path);
        Assert.That(d.GetMessage(), Is.EqualTo("Version 1 of event 'cluster_joined' is described twice in 'versions'."));
    }

    [Test]
    public void An_earlier_shape_is_checked_on_its_own_an_unknown_type_is_EVC005_at_its_line()
    {
        const string yaml = """
            categories:
              cluster:
                events:
                  cluster_joined:
                    version: 2
                    data: { via_node: string }
                    versions:
                      1: { data: { via_node: strng } }
            """;
        Diagnostic d = Single(yaml);
        DiagnosticAssert.At(d, "EVC005", DiagnosticSeverity.Error, 8, 34, Path);
    }

    [Test]
    public void An_earlier_shape_with_a_non_snake_case_field_is_EVC003()
    {
        const string yaml = """
            categories:
              cluster:
                events:
                  cluster_joined:
                    version: 2
                    data: { via_node: string }
                    versions:
                      1: { data: { viaNode: string } }
            """;
        Diagnostic d = Single(yaml);
        DiagnosticAssert.At(d, "EVC003", DiagnosticSeverity.Error, 8, 24, Path);
    }

    [Test]
    public void An_unknown_key_in_a_version_is_EVC008()
    {
        const string yaml = """
            categories:
              cluster:
                events:
                  cluster_joined:
                    version: 2
                    versions:
                      1: { dta: { via_node: string } }
            """;
        Diagnostic d = Single(yaml);
        DiagnosticAssert.At(d, "EVC008", DiagnosticSeverity.Warning, 7, 16, Path);
    }

    [Test]
    public void An_event_named_like_an_earlier_versions_record_is_EVC007()
    {
        const string yaml = """
            categories:
              cluster:
                events:
                  cluster_joined:
                    version: 2
                    versions:
                      1: {}
                  cluster_joined_v1:
            """;
        Diagnostic d = Single(yaml);
        DiagnosticAssert.At(d, "EVC007", DiagnosticSeverity.Error, 8, 7, Path);
        Assert.That(d.GetMessage(), Is.EqualTo("Event 'cluster_joined_v1' becomes the C# name 'ClusterJoinedV1', but that is the record of version 1 of event 'cluster_joined'."));
    }

    [Test]
    public void An_earlier_versions_record_named_like_an_event_defined_before_is_EVC007_at_the_version()
    {
        const string yaml = """
            categories:
              cluster:
                events:
                  cluster_joined_v1:
                  cluster_joined:
                    version: 2
                    versions:
                      1: {}
            """;
        Diagnostic d = Single(yaml);
        DiagnosticAssert.At(d, "EVC007", DiagnosticSeverity.Error, 8, 11, Path);
        Assert.That(d.GetMessage(), Is.EqualTo("Version 1 of event 'cluster_joined' becomes the record 'ClusterJoinedV1', but event 'cluster_joined_v1' also becomes 'ClusterJoinedV1'."));
    }

    [TestCase("upcast")]
    [TestCase("data_version")]
    public void A_field_named_like_a_versioning_member_is_EVC007(string field)
    {
        string yaml = $"""
            categories:
              cluster:
                events:
                  cluster_joined:
                    data: {"{"} {field}: string {"}"}
            """;
        Diagnostic d = Single(yaml);
        Assert.That(d.Id, Is.EqualTo("EVC007"));
    }
}
