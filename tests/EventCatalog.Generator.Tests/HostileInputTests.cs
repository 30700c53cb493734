using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// Input built to hurt: each ends with a diagnostic at a sensible place, the generator throws nothing
/// (no CS8785) and generates nothing for it. A hang guard fails the test if either side never returns.
/// </summary>
public class HostileInputTests
{
    private const string Path = "/project/events.schema.yaml";
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(60);

    private static Diagnostic Rejected(SourceText text, string expectedId)
    {
        var catalogs = new[] { new InMemoryAdditionalText(Path, text) };
        Task<(GeneratorOutcome Outcome, ImmutableArray<Diagnostic> Diagnostics)> work = Task.Run(() =>
            (GeneratorHarness.Generate(catalogs), GeneratorHarness.Analyze(catalogs)));
        Assert.That(work.Wait(s_hangGuard), Is.True, "the generator or the analyzer did not return");

        var (outcome, diagnostics) = work.Result;
        Assert.That(outcome.HintNames, Is.Empty);
        Assert.That(diagnostics, Has.Length.EqualTo(1), string.Join("\n", diagnostics));
        Assert.That(outcome.GeneratorErrors, Is.EqualTo(GeneratorHarness.Errors(diagnostics)));
        Assert.That(diagnostics[0].Id, Is.EqualTo(expectedId), diagnostics[0].ToString());
        return diagnostics[0];
    }

    private static Diagnostic Rejected(string text, string expectedId) => Rejected(SourceText.From(text, Encoding.UTF8), expectedId);

    private static (int Line, int Column) Position(Diagnostic d)
    {
        LinePosition p = d.Location.GetLineSpan().StartLinePosition;
        return (p.Line + 1, p.Character + 1);
    }

    [Test]
    public void Flow_sequences_nested_100000_deep()
    {
        Diagnostic d = Rejected(HostileCatalogs.FlowSequences, "EVC002");
        Assert.That(d.GetMessage(), Does.Contain("more than 64 levels deep"));
        // The root mapping is the first level, so the 64th bracket (column 13 + 63) is one too many.
        Assert.That(Position(d), Is.EqualTo((1, 13 + 63)), "at the first collection past the limit");
    }

    [Test]
    public void Flow_mappings_nested_100000_deep()
    {
        Diagnostic d = Rejected(HostileCatalogs.FlowMappings, "EVC002");
        Assert.That(d.GetMessage(), Does.Contain("levels deep"));
    }

    [Test]
    public void Block_mappings_nested_past_the_limit()
    {
        Diagnostic d = Rejected(HostileCatalogs.BlockMappings, "EVC002");
        Assert.That(d.GetMessage(), Does.Contain("levels deep"));
    }

    [Test]
    public void Alias_bomb()
    {
        Diagnostic d = Rejected(HostileCatalogs.AliasBomb, "EVC002");
        Assert.That(d.GetMessage(), Does.Contain("more than 200,000 YAML nodes"));
    }

    [Test]
    public void Aliases_within_the_budget_are_fine()
    {
        const string yaml = """
            categories:
              cluster:
                events:
                  cluster_joined:
                    data: &node_data
                      node: string
                  cluster_left:
                    data: *node_data
            """;
        var catalogs = new[] { new InMemoryAdditionalText(Path, yaml) };
        Assert.That(GeneratorHarness.Analyze(catalogs), Is.Empty);
        GeneratorOutcome outcome = GeneratorHarness.Generate(catalogs);
        Assert.That(outcome.SourceOf("Consumer.Events.g.cs"), Does.Contain("record ClusterLeft(string Node)"));
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
    }

    [Test]
    public void Five_megabyte_file()
    {
        Diagnostic d = Rejected(HostileCatalogs.FiveMegabytes, "EVC002");
        Assert.That(d.GetMessage(), Does.Contain("the limit is 1,048,576 characters"));
        Assert.That(Position(d), Is.EqualTo((1, 1)));
    }

    [Test]
    public void Invalid_utf8_decoded_with_replacement_characters()
    {
        Diagnostic d = Rejected(HostileCatalogs.InvalidUtf8WithReplacement, "EVC001");
        Assert.That(d.GetMessage(), Does.Contain("not valid UTF-8"));
        Assert.That(Position(d), Is.EqualTo((2, 6)));
    }

    [Test]
    public void Invalid_utf8_decoded_as_the_compiler_does_on_fallback()
    {
        Diagnostic d = Rejected(HostileCatalogs.InvalidUtf8AsLatin1, "EVC003");
        Assert.That(Position(d), Is.EqualTo((2, 3)));
    }

    [Test]
    public void Empty_file()
    {
        Diagnostic d = Rejected(HostileCatalogs.Empty, "EVC002");
        Assert.That(d.GetMessage(), Does.Contain("The catalog is empty"));
        Assert.That(Position(d), Is.EqualTo((1, 1)));
    }

    [Test]
    public void Only_comments()
    {
        Diagnostic d = Rejected(HostileCatalogs.OnlyComments, "EVC002");
        Assert.That(d.GetMessage(), Does.Contain("The catalog is empty"));
    }

    [Test]
    public void Two_documents()
    {
        Diagnostic d = Rejected(HostileCatalogs.TwoDocuments, "EVC002");
        Assert.That(d.GetMessage(), Does.Contain("more than one YAML document"));
        Assert.That(Position(d).Line, Is.EqualTo(4));
    }

    [Test]
    public void Binary_noise()
    {
        SourceText text = HostileCatalogs.BinaryNoise;
        var catalogs = new[] { new InMemoryAdditionalText(Path, text) };
        GeneratorOutcome outcome = GeneratorHarness.Generate(catalogs);
        Assert.That(outcome.HintNames, Is.Empty);
        Assert.That(GeneratorHarness.Analyze(catalogs).Where(d => d.Severity == DiagnosticSeverity.Error), Is.Not.Empty);
    }

    [Test]
    public void Many_categories_in_a_flat_catalog_are_accepted()
    {
        var builder = new StringBuilder("categories:\n");
        for (int i = 0; i < 2000; i++)
        {
            builder.Append($"  c{i}:\n    events: [e{i}_a, e{i}_b]\n");
        }

        var catalogs = new[] { new InMemoryAdditionalText(Path, builder.ToString()) };
        Assert.That(GeneratorHarness.Analyze(catalogs), Is.Empty);
        Assert.That(GeneratorHarness.Generate(catalogs).HintNames, Is.EquivalentTo(new[] { "Consumer.Events.g.cs" }));
    }
}
