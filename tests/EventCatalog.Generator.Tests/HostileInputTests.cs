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
        string yaml = "categories: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        Diagnostic d = Rejected(yaml, "EVC002");
        Assert.That(d.GetMessage(), Does.Contain("more than 64 levels deep"));
        // The root mapping is the first level, so the 64th bracket (column 13 + 63) is one too many.
        Assert.That(Position(d), Is.EqualTo((1, 13 + 63)), "at the first collection past the limit");
    }

    [Test]
    public void Flow_mappings_nested_100000_deep()
    {
        var builder = new StringBuilder("categories: ");
        for (int i = 0; i < 100_000; i++)
        {
            builder.Append("{a: ");
        }

        builder.Append("x").Append('}', 100_000).Append('\n');
        Diagnostic d = Rejected(builder.ToString(), "EVC002");
        Assert.That(d.GetMessage(), Does.Contain("levels deep"));
    }

    [Test]
    public void Block_mappings_nested_past_the_limit()
    {
        var builder = new StringBuilder();
        for (int i = 0; i < 70; i++)
        {
            builder.Append(' ', i).Append("k").Append(i).Append(":\n");
        }

        builder.Append(' ', 70).Append("v\n");
        Diagnostic d = Rejected(builder.ToString(), "EVC002");
        Assert.That(d.GetMessage(), Does.Contain("levels deep"));
    }

    [Test]
    public void Alias_bomb()
    {
        // "Billion laughs": ten levels of ten aliases each expand to 10^10 nodes.
        var builder = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 10; i++)
        {
            builder.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        builder.Append("categories:\n  cluster:\n    events: *a10\n");
        Diagnostic d = Rejected(builder.ToString(), "EVC002");
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
        var builder = new StringBuilder("categories:\n  cluster:\n    description: \"");
        builder.Append('x', 5 * 1024 * 1024).Append("\"\n");
        Diagnostic d = Rejected(builder.ToString(), "EVC002");
        Assert.That(d.GetMessage(), Does.Contain("the limit is 1,048,576 characters"));
        Assert.That(Position(d), Is.EqualTo((1, 1)));
    }

    [Test]
    public void Invalid_utf8_decoded_with_replacement_characters()
    {
        byte[] prefix = Encoding.UTF8.GetBytes("categories:\n  clu");
        byte[] suffix = Encoding.UTF8.GetBytes("ster:\n    events: [a]\n");
        byte[] bytes = prefix.Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(suffix).ToArray();
        SourceText text = SourceText.From(new MemoryStream(bytes), Encoding.UTF8);
        Diagnostic d = Rejected(text, "EVC001");
        Assert.That(d.GetMessage(), Does.Contain("not valid UTF-8"));
        Assert.That(Position(d), Is.EqualTo((2, 6)));
    }

    [Test]
    public void Invalid_utf8_decoded_as_the_compiler_does_on_fallback()
    {
        // The command-line compiler decodes a file that is not valid UTF-8 with a single-byte fallback
        // encoding, so the bytes arrive as Latin-1 characters: in a name they break the snake_case rule.
        byte[] bytes = Encoding.UTF8.GetBytes("categories:\n  clu").Concat(new byte[] { 0xFF }).Concat(Encoding.UTF8.GetBytes("ster:\n    events: [a]\n")).ToArray();
        SourceText text = SourceText.From(Encoding.Latin1.GetString(bytes), Encoding.Latin1);
        Diagnostic d = Rejected(text, "EVC003");
        Assert.That(Position(d), Is.EqualTo((2, 3)));
    }

    [Test]
    public void Empty_file()
    {
        Diagnostic d = Rejected(string.Empty, "EVC002");
        Assert.That(d.GetMessage(), Does.Contain("The catalog is empty"));
        Assert.That(Position(d), Is.EqualTo((1, 1)));
    }

    [Test]
    public void Only_comments()
    {
        Diagnostic d = Rejected("# nothing here\n# at all\n", "EVC002");
        Assert.That(d.GetMessage(), Does.Contain("The catalog is empty"));
    }

    [Test]
    public void Two_documents()
    {
        Diagnostic d = Rejected("categories:\n  a:\n    events: [x]\n---\ncategories:\n  b:\n    events: [y]\n", "EVC002");
        Assert.That(d.GetMessage(), Does.Contain("more than one YAML document"));
        Assert.That(Position(d).Line, Is.EqualTo(4));
    }

    [Test]
    public void Binary_noise()
    {
        var random = new Random(1234);
        byte[] bytes = new byte[4096];
        random.NextBytes(bytes);
        SourceText text = SourceText.From(Encoding.Latin1.GetString(bytes), Encoding.Latin1);
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
