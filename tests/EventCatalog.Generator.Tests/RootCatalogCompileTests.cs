using System.IO;
using System.Linq;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>The root catalog's code compiles cleanly for every consumer the SPEC promises.</summary>
public class RootCatalogCompileTests
{
    private const string Usage = """
        using EventCatalog;
        using ExESDB;

        namespace Consumer
        {
            /// <summary>Uses the generated API the way a control plane would.</summary>
            public static class Usage
            {
                /// <summary>Builds, wraps and checks one event.</summary>
                /// <returns>Whether it is valid.</returns>
                public static bool Run()
                {
                    EventEnvelope<ClusterJoined> evt = Events.BuildEvent(new ClusterJoined("node1"), "my_store");
                    EventPayload<EventsPersisted> payload = Events.BuildPayload(new EventsPersisted("orders", 5));
                    string topic = Events.BuildTopic("my_store", Events.Category.Cluster);
                    return Events.IsValidEventStructure(evt) && payload.Wrapper.Length > 0 && topic == Events.Topics.Cluster("my_store")
                        && Events.Topics.TryParse(topic, out string? store, out Events.Category category) && store != null && category == ClusterJoined.Category;
                }
            }
        }
        """;

    private static string RootCatalog => File.ReadAllText(RepoPaths.Combine("events.schema.yaml"));

    [TestCase(Target.Net80, LanguageVersion.CSharp12)]
    [TestCase(Target.Net80, LanguageVersion.CSharp9)]
    [TestCase(Target.Net80, LanguageVersion.Latest)]
    [TestCase(Target.NetStandard20, LanguageVersion.CSharp9)]
    [TestCase(Target.NetStandard20, LanguageVersion.CSharp12)]
    public void Compiles_with_no_diagnostics_under_nullable_and_warnings_as_errors(Target target, LanguageVersion version)
    {
        GeneratorOutcome outcome = GeneratorHarness.Generate(
            new[] { new InMemoryAdditionalText("/project/events.schema.yaml", RootCatalog) }, target, "Consumer", version, Usage);

        Assert.That(outcome.CompilerDiagnostics, Is.Empty, "the generator reports nothing itself");
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
        using var stream = new MemoryStream();
        var emit = outcome.Output.Emit(stream);
        Assert.That(emit.Success, Is.True, string.Join("\n", emit.Diagnostics));
    }

    [Test]
    public void Documentation_mode_reports_missing_docs_so_the_checks_above_mean_something()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Target.Net80, null, "namespace N { public class Undocumented { } }");
        Assert.That(compilation.GetDiagnostics().Select(d => d.Id), Does.Contain("CS1591"));
    }

    [Test]
    public void Root_catalog_has_no_catalog_diagnostics()
    {
        Assert.That(GeneratorHarness.Analyze(RootCatalog), Is.Empty);
    }
}
