using System.Collections.Immutable;
using System.Linq;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// One test per catalog diagnostic: its ID, severity, message, and the exact line and column
/// (1-based, as an editor shows them) of the offending key or value in the YAML.
/// </summary>
public class DiagnosticTests
{
    private const string Path = "/project/events.schema.yaml";

    private static Diagnostic Single(string yaml, string path = Path) => DiagnosticAssert.Single(yaml, path);

    private static void AssertAt(Diagnostic diagnostic, string id, DiagnosticSeverity severity, int line, int column, string path = Path) =>
        DiagnosticAssert.At(diagnostic, id, severity, line, column, path);

    /// <summary>
    /// The generator repeats the analyzer's errors, and generates only what they do not touch (one mistake, one error):
    /// what it generates compiles with no diagnostic, and here, where the only category or event is broken, that is nothing.
    /// </summary>
    private static void AssertNothingGenerated(string yaml)
    {
        GeneratorOutcome outcome = GeneratorHarness.Generate(yaml, Path);
        Assert.That(outcome.OutputDiagnostics(), Is.Empty, "no C# diagnostic in generated code");
        Assert.That(outcome.HintNames, Is.Empty, "a catalog whose only part is broken generates nothing");
        Assert.That(outcome.GeneratorErrors, Is.EqualTo(GeneratorHarness.Errors(GeneratorHarness.Analyze(yaml, Path))),
            "the generator repeats exactly the analyzer's errors (for command-line builds, where C# errors hide analyzer diagnostics)");
    }

    [Test]
    public void EVC001_malformed_yaml()
    {
        const string yaml = """
            categories:
              cluster:
                description: "never closed
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC001", DiagnosticSeverity.Error, 3, 18);
        Assert.That(d.GetMessage(), Does.StartWith("The catalog is not well-formed YAML: "));
        AssertNothingGenerated(yaml);
    }

    [Test]
    public void EVC001_unknown_alias()
    {
        const string yaml = """
            categories:
              cluster: *nowhere
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC001", DiagnosticSeverity.Error, 2, 12);
        Assert.That(d.GetMessage(), Does.Contain("'*nowhere'"));
    }

    [Test]
    public void EVC002_root_is_not_a_mapping()
    {
        Diagnostic d = Single("- cluster\n- gateway\n");
        AssertAt(d, "EVC002", DiagnosticSeverity.Error, 1, 1);
        Assert.That(d.GetMessage(), Does.Contain("must be a mapping with 'categories'").And.Contain("a sequence"));
    }

    [Test]
    public void EVC002_categories_missing()
    {
        Diagnostic d = Single("namespace: Shop\nclass: ShopEvents\n");
        AssertAt(d, "EVC002", DiagnosticSeverity.Error, 1, 1);
        Assert.That(d.GetMessage(), Does.Contain("no 'categories'"));
    }

    [Test]
    public void EVC002_event_is_a_list()
    {
        const string yaml = """
            categories:
              cluster:
                events:
                  cluster_joined: [via_node]
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC002", DiagnosticSeverity.Error, 4, 23);
        Assert.That(d.GetMessage(), Does.Contain("Event 'cluster_joined' must be a mapping"));
        AssertNothingGenerated(yaml);
    }

    [Test]
    public void EVC003_name_not_snake_case_suggests_the_snake_case_name()
    {
        const string yaml = """
            categories:
              cluster:
                events:
                  ClusterJoined: {}
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC003", DiagnosticSeverity.Error, 4, 7);
        Assert.That(d.GetMessage(), Is.EqualTo("Event name 'ClusterJoined' is not lower snake_case; did you mean 'cluster_joined'?"));
        AssertNothingGenerated(yaml);
    }

    [Test]
    public void EVC004_event_type_defined_in_two_categories()
    {
        const string yaml = """
            categories:
              cluster:
                events: [node_up]
              gateway:
                events: [node_up]
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC004", DiagnosticSeverity.Error, 5, 14);
        Assert.That(d.GetMessage(), Does.Contain("'node_up'").And.Contain("'cluster' and 'gateway'"));

        // One mistake, one error: the first definition is generated, the second (and its category, left empty) is not.
        GeneratorOutcome outcome = GeneratorHarness.Generate(yaml, Path);
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
        Assert.That(outcome.SourceOf("Consumer.Events.g.cs"), Does.Contain("record NodeUp").And.Not.Contain("Gateway"));
    }

    [Test]
    public void EVC004_duplicate_field()
    {
        const string yaml = """
            categories:
              cluster:
                events:
                  cluster_joined:
                    data:
                      via_node: string
                      via_node: int
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC004", DiagnosticSeverity.Error, 7, 11);
        Assert.That(d.GetMessage(), Does.Contain("Field 'via_node' is defined twice in event 'cluster_joined' (first at line 6)"));
    }

    [Test]
    public void EVC005_unknown_field_type_suggests_a_known_one()
    {
        const string yaml = """
            categories:
              persistence:
                events:
                  events_persisted:
                    data:
                      stream_id: string
                      event_count: integer
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC005", DiagnosticSeverity.Error, 7, 24);
        Assert.That(d.GetMessage(), Is.EqualTo("Field 'event_count' of event 'events_persisted' has unknown type 'integer'; did you mean 'int'?"));
        AssertNothingGenerated(yaml);
    }

    [Test]
    public void EVC006_topic_template_without_category()
    {
        const string yaml = """
            topic: "exesdb:control:{store}"
            categories:
              cluster:
                events: [cluster_joined]
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC006", DiagnosticSeverity.Error, 1, 8);
        Assert.That(d.GetMessage(), Does.Contain("must hold {category} exactly once"));
        AssertNothingGenerated(yaml);
    }

    [TestCase("io.exesdb.control", "'type_prefix: io.exesdb.control' must end with '.' so that the event type stands apart in the CloudEvents type ('io.exesdb.control.cluster_joined', not 'io.exesdb.controlcluster_joined'): write 'io.exesdb.control.'.")]
    [TestCase("io exesdb.", "'type_prefix: io exesdb.' holds ' ' at position 3; a reverse-DNS prefix holds only ASCII letters, digits, '-', '_' and '.'.")]
    [TestCase("io..exesdb.", "'type_prefix: io..exesdb.' has an empty label (two dots together, or a leading dot); write labels separated by single dots, such as 'io.exesdb.control.'.")]
    [TestCase("-io.exesdb.", "'type_prefix: -io.exesdb.' has the label '-io', which starts or ends with '-'; reverse-DNS labels do not.")]
    [TestCase("\"\"", "'type_prefix: ' is empty; leave the key out for no prefix, or write a reverse-DNS name such as 'io.exesdb.control.'.")]
    public void EVC013_type_prefix_that_is_not_a_reverse_DNS_name_ending_with_a_dot(string prefix, string message)
    {
        string yaml = "type_prefix: " + prefix + "\ncategories:\n  cluster:\n    events: [cluster_joined]\n";
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC013", DiagnosticSeverity.Error, 1, 14);
        Assert.That(d.GetMessage(), Is.EqualTo(message));
        AssertNothingGenerated(yaml);
    }

    [Test]
    public void A_valid_type_prefix_is_the_start_of_every_CloudEvents_type()
    {
        const string yaml = """
            type_prefix: io.exesdb.control.
            categories:
              cluster:
                events: [cluster_joined]
            """;
        string source = GeneratorHarness.Generate(yaml).SourceOf("Consumer.Events.g.cs");
        Assert.That(source, Does.Contain(": base(\"io.exesdb.control.\", s_eventTypes, s_categories, s_storeIds, options)"));
    }

    [Test]
    public void EVC007_field_named_like_a_generated_member()
    {
        const string yaml = """
            categories:
              coordination:
                events:
                  event_published:
                    data:
                      event_type: string
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC007", DiagnosticSeverity.Error, 6, 11);
        Assert.That(d.GetMessage(), Does.Contain("'event_type'").And.Contain("'EventType'"));
        AssertNothingGenerated(yaml);
    }

    [Test]
    public void EVC007_category_all_clashes_with_AllEvents()
    {
        const string yaml = """
            categories:
              all:
                events: [anything_happened]
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC007", DiagnosticSeverity.Error, 2, 3);
        Assert.That(d.GetMessage(), Does.Contain("AllEvents"));
    }

    [Test]
    public void EVC008_unknown_key_is_a_warning_with_did_you_mean_and_code_is_still_generated()
    {
        const string yaml = """
            categories:
              cluster:
                descripton: Cluster membership
                events: [cluster_joined]
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC008", DiagnosticSeverity.Warning, 3, 5);
        Assert.That(d.GetMessage(), Is.EqualTo("Unknown key 'descripton' in category 'cluster' is ignored; did you mean 'description'?"));

        GeneratorOutcome outcome = GeneratorHarness.Generate(yaml, Path);
        Assert.That(outcome.HintNames, Is.EquivalentTo(new[] { "Consumer.Events.g.cs" }));
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
        Assert.That(outcome.CompilerDiagnostics.Select(GeneratorHarness.Describe), Is.EqualTo(new[] { GeneratorHarness.Describe(d) }.Select(x => x.Replace(" Warning ", " Error "))),
            "the generator reports the warning too (csc drops the analyzer's copy once there is an error); warnings are errors in this compilation");
    }

    [Test]
    public void EVC009_language_version_below_9()
    {
        const string yaml = """
            categories:
              cluster:
                events: [cluster_joined]
            """;
        var catalogs = new[] { new InMemoryAdditionalText(Path, yaml) };
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Target.Net80, LanguageVersion.CSharp8);
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Analyze(catalogs, compilation: compilation);
        Assert.That(diagnostics, Has.Length.EqualTo(1));
        AssertAt(diagnostics[0], "EVC009", DiagnosticSeverity.Error, 1, 1);
        Assert.That(diagnostics[0].GetMessage(), Does.Contain("C# 8.0"));

        GeneratorOutcome outcome = GeneratorHarness.Generate(catalogs, Target.Net80, "Consumer", LanguageVersion.CSharp8);
        Assert.That(outcome.HintNames, Is.Empty, "nothing that would not compile is generated");
        Assert.That(outcome.GeneratorErrors, Is.EqualTo(GeneratorHarness.Errors(diagnostics)));
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
    }

    [Test]
    public void The_analyzers_parse_cache_is_keyed_by_text_path_and_root_namespace()
    {
        var catalog = new InMemoryAdditionalText(Path, "categories:\n  cluster:\n    events: [cluster_joined]\n");
        Assert.That(GeneratorHarness.Analyze(new[] { catalog }, rootNamespace: "Consumer"), Is.Empty);
        Assert.That(GeneratorHarness.Analyze(new[] { catalog }, rootNamespace: "Consumer"), Is.Empty, "the same text again: from the cache");
        Assert.That(GeneratorHarness.Analyze(new[] { catalog }, rootNamespace: "System.Bad").Select(d => d.Id), Is.EqualTo(new[] { "EVC007" }),
            "another root namespace is parsed again");
        var moved = new InMemoryAdditionalText("/other/events.schema.yaml", catalog.GetText());
        Assert.That(GeneratorHarness.Analyze(new[] { moved }, rootNamespace: "System.Bad").Single().Location.GetLineSpan().Path, Is.EqualTo("/other/events.schema.yaml"),
            "the same text at another path reports at that path");
    }

    [Test]
    public void Only_csc_counts_as_a_command_line_build()
    {
        // Hosts with their own AdditionalText (editors, these tests) get every diagnostic from the analyzer.
        Assert.That(CatalogAnalyzer.IsCommandLineBuild(new InMemoryAdditionalText(Path, "categories: {}")), Is.False);
    }

    [Test]
    public void Every_descriptor_has_a_docs_page()
    {
        foreach (DiagnosticDescriptor descriptor in new CatalogAnalyzer().SupportedDiagnostics)
        {
            string page = RepoPaths.Combine("docs", "diagnostics", descriptor.Id + ".md");
            Assert.That(System.IO.File.Exists(page), Is.True, $"{descriptor.Id}: {page} is missing");
            Assert.That(descriptor.HelpLinkUri, Does.EndWith($"docs/diagnostics/{descriptor.Id}.md"));
            Assert.That(descriptor.Title.ToString(), Is.Not.Empty);
            Assert.That(descriptor.Category, Is.EqualTo("EventCatalog.Catalog"));
        }
    }

    [Test]
    public void A_broken_catalog_does_not_stop_a_valid_one()
    {
        var catalogs = new[]
        {
            new InMemoryAdditionalText("/project/broken.events.yaml", "namespace: Broken\ncategories:\n  x:\n    events: [Bad-Name]\n"),
            new InMemoryAdditionalText("/project/good.events.yaml", "namespace: Good\ncategories:\n  orders:\n    events: [order_placed]\n"),
        };
        GeneratorOutcome outcome = GeneratorHarness.Generate(catalogs);
        Assert.That(outcome.HintNames, Is.EquivalentTo(new[] { "Good.Events.g.cs" }));
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
        Assert.That(GeneratorHarness.Analyze(catalogs).Select(d => (d.Id, d.Location.GetLineSpan().Path)), Is.EqualTo(new[] { ("EVC003", "/project/broken.events.yaml") }));
    }

    [Test]
    public void EVC007_two_catalogs_declaring_the_same_record()
    {
        var catalogs = new[]
        {
            new InMemoryAdditionalText("/project/a.events.yaml", "class: AEvents\ncategories:\n  orders:\n    events: [order_placed]\n"),
            new InMemoryAdditionalText("/project/b.events.yaml", "class: BEvents\ncategories:\n  shipping:\n    events: [order_placed]\n"),
        };
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Analyze(catalogs);
        Assert.That(diagnostics, Has.Length.EqualTo(1), string.Join("\n", diagnostics));
        FileLinePositionSpan span = diagnostics[0].Location.GetLineSpan();
        Assert.That((diagnostics[0].Id, span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1), Is.EqualTo(("EVC007", "/project/b.events.yaml", 4, 14)));
        Assert.That(diagnostics[0].GetMessage(), Does.Contain("Consumer.OrderPlaced").And.Contain("/project/a.events.yaml"));

        GeneratorOutcome outcome = GeneratorHarness.Generate(catalogs);
        Assert.That(outcome.HintNames, Is.EquivalentTo(new[] { "Consumer.AEvents.g.cs" }), "the first catalog keeps its name; the later one generates nothing");
        Assert.That(outcome.GeneratorErrors, Is.EqualTo(GeneratorHarness.Errors(diagnostics)));
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
    }

    [Test]
    public void Each_diagnostic_is_reported_once()
    {
        const string yaml = "categories:\n  Cluster:\n    events: [a_b, AB]\n    extra: 1\n";
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Analyze(yaml, Path);
        Assert.That(diagnostics.Select(d => d.ToString()), Is.Unique);
        Assert.That(diagnostics.Select(d => d.Id), Is.EquivalentTo(new[] { "EVC003", "EVC003", "EVC008" }));
    }
}
