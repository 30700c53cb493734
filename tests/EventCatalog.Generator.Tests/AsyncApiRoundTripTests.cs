using System.IO;
using System.Linq;
using EventCatalog.Generator.Tests.Infrastructure;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// The root catalog exported as AsyncAPI 3 (<c>AsyncApi/exesdb.asyncapi.json</c>, kept current by the tool's
/// <c>AsyncApiRoundTripTests</c>) and read back as a catalog generates the same code as the catalog itself: every source, line
/// for line, but for the file name the generated comments give.
/// </summary>
public class AsyncApiRoundTripTests
{
    [TestCase(Target.Net80)]
    [TestCase(Target.NetStandard20)]
    public void The_exported_root_catalog_generates_the_same_code(Target target)
    {
        string yaml = File.ReadAllText(RepoPaths.Combine("events.schema.yaml"));
        string json = File.ReadAllText(RepoPaths.Combine("tests", "EventCatalog.Generator.Tests", "AsyncApi", "exesdb.asyncapi.json"));
        GeneratorOutcome fromYaml = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText("/p/events.schema.yaml", yaml) }, target);
        GeneratorOutcome fromJson = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText("/p/exesdb.asyncapi.json", json) }, target);

        Assert.That(fromJson.CompilerDiagnostics, Is.Empty, string.Join("\n", fromJson.CompilerDiagnostics));
        Assert.That(fromJson.OutputDiagnostics(), Is.Empty, string.Join("\n", fromJson.OutputDiagnostics()));
        Assert.That(fromJson.HintNames, Is.EqualTo(fromYaml.HintNames));
        Assert.That(fromYaml.HintNames, Is.Not.Empty);
        foreach (string hint in fromYaml.HintNames)
        {
            Assert.That(fromJson.SourceOf(hint).Replace("exesdb.asyncapi.json", "events.schema.yaml"), Is.EqualTo(fromYaml.SourceOf(hint)), hint);
        }
    }
}
