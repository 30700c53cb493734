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

    [Test]
    public void Minimal_catalog_takes_every_default()
    {
        const string yaml = """
            categories:
              orders:
                events: [order_placed, order_shipped]
            """;
        GeneratorOutcome outcome = GeneratorHarness.Generate(yaml);
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
    public void Output_is_byte_identical_from_run_to_run()
    {
        string first = GeneratorHarness.Generate(RootCatalog).SourceOf("ExESDB.Events.g.cs");
        string second = GeneratorHarness.Generate(RootCatalog).SourceOf("ExESDB.Events.g.cs");
        Assert.That(second, Is.EqualTo(first));
    }
}
