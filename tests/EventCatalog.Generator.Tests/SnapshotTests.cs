using System.IO;
using System.Linq;
using EventCatalog.Generator.Tests.Infrastructure;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>The generated code, byte for byte, for the root catalog and a few small ones.</summary>
public class SnapshotTests
{
    private static string RootCatalog => File.ReadAllText(RepoPaths.Combine("events.schema.yaml"));

    [Test]
    public void Root_catalog()
    {
        GeneratorOutcome outcome = GeneratorHarness.Generate(RootCatalog);
        Assert.That(outcome.HintNames, Is.EquivalentTo(new[] { "ExESDB.Events.g.cs" }));
        Snapshot.Verify(outcome.SourceOf("ExESDB.Events.g.cs"), "RootCatalog");
    }

    private const string MinimalYaml = """
        categories:
          orders:
            events: [order_placed, order_shipped]
        """;

    private static string GeneratorVersion => typeof(CatalogGenerator).Assembly.GetName().Version!.ToString();

    [Test]
    public void Minimal_catalog_takes_every_default()
    {
        GeneratorOutcome outcome = GeneratorHarness.Generate(MinimalYaml);
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
        Snapshot.Verify(outcome.SourceOf("Consumer.Events.g.cs"), "MinimalCatalog");
    }

    [Test]
    public void Template_without_store_gives_topic_constants()
    {
        const string yaml = """
            namespace: Shop.Messaging
            class: ShopEvents
            topic: "shop.{category}"
            categories:
              billing:
                description: Money <in> & out
                wrapper: money
                events:
                  invoice_sent:
                    description: |
                      An invoice left.
                      Second line with */ and <tags>.
                    data:
                      invoice_id: guid
                      amount: decimal
                      lines: list<string>
                      totals: map<double?>
                      due: { type: timestamp, optional: true, description: When it is due }
                  invoice_voided:
                    deprecated: use invoice_cancelled
                  invoice_cancelled: {}
            """;
        GeneratorOutcome outcome = GeneratorHarness.Generate(yaml);
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
        Snapshot.Verify(outcome.SourceOf("Shop.Messaging.ShopEvents.g.cs"), "StorelessTemplate");
    }

    [Test]
    public void Global_namespace_when_the_project_has_none()
    {
        const string yaml = """
            categories:
              jobs:
                events:
                  job_done:
                    data:
                      took: duration
                      ok: bool
                      retries: long?
            """;
        GeneratorOutcome outcome = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText("/p/events.schema.yaml", yaml) }, rootNamespace: null);
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
        Snapshot.Verify(outcome.SourceOf("Events.g.cs"), "GlobalNamespace");
    }

    [Test]
    public void Polyfill_for_netstandard20()
    {
        GeneratorOutcome outcome = GeneratorHarness.Generate(RootCatalog, target: Target.NetStandard20);
        Assert.That(outcome.HintNames, Is.EquivalentTo(new[] { "ExESDB.Events.g.cs", "EventCatalog.IsExternalInit.g.cs" }));
        Snapshot.Verify(outcome.SourceOf("EventCatalog.IsExternalInit.g.cs"), "IsExternalInitPolyfill");
    }

    [Test]
    public void Generated_docs_do_not_mention_the_project_history()
    {
        // The catalog names neither ExESDB nor a seed, so neither may appear in its code.
        string source = GeneratorHarness.Generate(MinimalYaml).SourceOf("Consumer.Events.g.cs");
        Assert.That(Occurrences(source, "seed"), Is.EqualTo(0));
        Assert.That(Occurrences(source, "ExESDB"), Is.EqualTo(0));
    }

    [Test]
    public void GeneratedCode_carries_the_generator_version_and_snapshots_scrub_it()
    {
        string source = GeneratorHarness.Generate(MinimalYaml).SourceOf("Consumer.Events.g.cs");
        string attribute = "[global::System.CodeDom.Compiler.GeneratedCode(\"EventCatalog.Generator\", \"" + GeneratorVersion + "\")]";
        Assert.That(Occurrences(source, attribute), Is.EqualTo(7), "the catalog class, its codec class, the two records, and the category's marker, handler interface and handler base");

        string scrubbed = Snapshot.Scrub(source);
        Assert.That(Occurrences(scrubbed, "[global::System.CodeDom.Compiler.GeneratedCode(\"EventCatalog.Generator\", \"FIXED_VERSION\")]"), Is.EqualTo(7));
        Assert.That(Occurrences(scrubbed, GeneratorVersion), Is.EqualTo(0));
    }

    [Test]
    public void A_version_bump_rewrites_no_snapshot()
    {
        string source = GeneratorHarness.Generate(MinimalYaml).SourceOf("Consumer.Events.g.cs");
        string bumped = source.Replace("\"" + GeneratorVersion + "\")]", "\"12.3.4.5\")]", System.StringComparison.Ordinal);
        Assert.That(bumped, Is.Not.EqualTo(source), "the version was replaced");
        Assert.That(Snapshot.Scrub(bumped), Is.EqualTo(Snapshot.Scrub(source)));
        Assert.That(File.ReadAllText(Path.Combine(Snapshot.Folder, "MinimalCatalog.verified.cs")), Does.Not.Contain(GeneratorVersion));
    }

    [Test]
    public void Output_is_byte_identical_from_run_to_run()
    {
        string first = GeneratorHarness.Generate(RootCatalog).SourceOf("ExESDB.Events.g.cs");
        string second = GeneratorHarness.Generate(RootCatalog).SourceOf("ExESDB.Events.g.cs");
        Assert.That(second, Is.EqualTo(first));
    }

    private static int Occurrences(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, System.StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, System.StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
