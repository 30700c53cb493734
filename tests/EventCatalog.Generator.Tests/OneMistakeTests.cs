using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// One mistake, one error (issue 27): a catalog with errors still generates what the errors do not touch, so user code
/// that does not use the broken part keeps compiling; no compiler error points into generated code; the catalog's
/// warnings come alongside its errors. Each case is a sound category <c>healthy</c> (event <c>ping</c>) plus one
/// mistake of a kind the generator tests reject, compiled with user code that uses <c>healthy</c> only, nullable on and
/// warnings as errors; each hostile whole file of <see cref="HostileCatalogs"/> sits beside a sound catalog.
/// </summary>
public class OneMistakeTests
{
    private const string CatalogPath = "/project/events.schema.yaml";

    private const string Healthy = """
        categories:
          healthy:
            events:
              ping:
                data:
                  note: string
        """;

    /// <summary>User code that touches only the sound part: its record, its topic, the catalog's lookups.</summary>
    private const string UsesHealthy = """
        namespace Consumer
        {
            internal static class UsesHealthy
            {
                internal static string Run()
                {
                    var ping = new Ping("hello");
                    string topic = Events.Topics.Healthy("store");
                    return topic + ping.Note + Ping.EventType + Events.GetCategoryName(Events.Category.Healthy);
                }
            }
        }
        """;

    /// <summary>A mistake: what is appended to <see cref="Healthy"/> (a category, or an event of <c>healthy</c>), and the EVC IDs it must give.</summary>
    public sealed record Mistake(string Name, string Yaml, string[] Ids, string? ExtraSource = null)
    {
        public override string ToString() => Name;
    }

    private static string Category(string body) => Healthy + "\n  orders:\n" + Indent(body, 4);

    private static string HealthyEvent(string body) => Healthy + "\n" + Indent(body, 6);

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Replace("\r", string.Empty).Split('\n').Select(l => l.Length == 0 ? l : new string(' ', spaces) + l)) + "\n";

    private const string UpcastImplemented = """
        namespace Consumer
        {
            public sealed partial record Joined
            {
                public static partial Joined Upcast(JoinedV1 previous) => new(previous.Node, 1);
            }
        }
        """;

    /// <summary>Every kind of catalog mistake below the catalog's own keys.</summary>
    public static IEnumerable<Mistake> Mistakes()
    {
        yield return new("EVC005 unknown type in another category", Category("events:\n  order_placed:\n    data:\n      total: strin"), new[] { "EVC005" });
        yield return new("EVC005 unknown type in another event of the category", HealthyEvent("pong:\n  data:\n    size: lnog"), new[] { "EVC005" });
        yield return new("EVC005 with an EVC008 warning beside it", Category("descripton: typo\nevents:\n  order_placed:\n    data:\n      total: strin"), new[] { "EVC005", "EVC008" });
        yield return new("EVC003 event name", Category("events: [Order_Placed, order_shipped]"), new[] { "EVC003" });
        yield return new("EVC003 category name", Healthy + "\n  Orders:\n    events: [order_placed]\n", new[] { "EVC003" });
        yield return new("EVC004 event defined twice across categories", Category("events: [ping, order_placed]"), new[] { "EVC004" });
        yield return new("EVC004 a field defined twice", Category("events:\n  order_placed:\n    data:\n      total: string\n      total: long"), new[] { "EVC004" });
        yield return new("EVC007 event named like a generated type", Category("events: [types]"), new[] { "EVC007" });
        yield return new("EVC007 field named like a record member", Category("events:\n  order_placed:\n    data:\n      event_type: string"), new[] { "EVC007" });
        yield return new("EVC007 category member collision", Healthy + "\n  categories:\n    events: [order_placed]\n", new[] { "EVC007" });
        yield return new("EVC002 event is a list", Category("events:\n  order_placed: [total]"), new[] { "EVC002" });
        yield return new("EVC002 category is a scalar", Healthy + "\n  orders: 5\n", new[] { "EVC002" });
        yield return new("EVC002 events is a scalar", Category("events: 5"), new[] { "EVC002" });
        yield return new("EVC002 field without a type", Category("events:\n  order_placed:\n    data:\n      total: { optional: true }"), new[] { "EVC002" });
        yield return new("EVC015 version 0", Category("events:\n  order_placed:\n    version: 0"), new[] { "EVC015" });
        yield return new("EVC015 version 2 without versions", Category("events:\n  order_placed:\n    version: 2\n    data: { total: string }"), new[] { "EVC015" });
        yield return new("EVC005 in an earlier version's data", Category("events:\n  order_placed:\n    version: 2\n    data: { total: string }\n    versions:\n      1: { data: { total: strin } }"), new[] { "EVC005" });
        yield return new("EVC002 deprecated is a list", Category("events:\n  order_placed:\n    deprecated: [x]"), new[] { "EVC002" });
        yield return new(
            "EVC005 elsewhere with an implemented upcast in user code",
            Category("events:\n  order_placed:\n    data:\n      total: strin") + "  cluster:\n    events:\n      joined:\n        version: 2\n        data: { node: string, term: long }\n        versions:\n          1: { data: { node: string } }\n",
            new[] { "EVC005" },
            UpcastImplemented);
        yield return new(
            "EVC016 alone: a missing upcast",
            Healthy + "\n  cluster:\n    events:\n      joined:\n        version: 2\n        data: { node: string, term: long }\n        versions:\n          1: { data: { node: string } }\n",
            new[] { "EVC016" });
    }

    [TestCaseSource(nameof(Mistakes))]
    public void A_mistake_gives_its_diagnostics_and_user_code_using_the_rest_compiles(Mistake mistake)
    {
        var catalogs = new[] { new InMemoryAdditionalText(CatalogPath, mistake.Yaml) };
        string[] sources = mistake.ExtraSource is null ? new[] { UsesHealthy } : new[] { UsesHealthy, mistake.ExtraSource };
        GeneratorOutcome outcome = GeneratorHarness.Generate(catalogs, sources: sources);

        AssertOneMistake(outcome, mistake.Ids, mistake.Yaml);
        Assert.That(outcome.HintNames, Is.Not.Empty, "the sound part is generated");

        // The editor's view (the analyzer on the compilation with the generated code) names the same errors.
        string[] analyzerErrors = GeneratorHarness.Analyze(catalogs, compilation: outcome.Output)
            .Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray();
        Assert.That(analyzerErrors, Is.EqualTo(mistake.Ids.Where(IsError).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray()));
    }

    /// <summary>Every hostile whole file of the generator tests, beside a sound catalog the user code uses.</summary>
    [TestCaseSource(typeof(HostileCatalogs), nameof(HostileCatalogs.Files))]
    public void A_hostile_file_beside_a_sound_catalog_leaves_the_sound_one_compiling(HostileCatalogs.HostileFile file)
    {
        var catalogs = new[]
        {
            new InMemoryAdditionalText(CatalogPath, Healthy),
            new InMemoryAdditionalText("/project/broken.events.yaml", file.Text),
        };
        GeneratorOutcome outcome = GeneratorHarness.Generate(catalogs, sources: UsesHealthy);
        Diagnostic[] fromBroken = outcome.CompilerDiagnostics.Where(d => d.Location.GetLineSpan().Path == "/project/broken.events.yaml").ToArray();
        Assert.That(fromBroken.Where(d => d.Severity == DiagnosticSeverity.Error), Is.Not.Empty, string.Join("\n", fromBroken.Select(GeneratorHarness.Describe)));
        if (file.ExpectedId is not null)
        {
            Assert.That(fromBroken.Select(d => d.Id), Does.Contain(file.ExpectedId));
        }

        Assert.That(outcome.CompilerDiagnostics.Where(d => d.Location.GetLineSpan().Path == CatalogPath), Is.Empty, "the sound catalog has no diagnostic");
        AssertCompiles(outcome);
    }

    /// <summary>User code that does use the broken part gets its C# error there, in the user's file, and nowhere else.</summary>
    [Test]
    public void Code_that_uses_the_broken_event_gets_its_error_in_its_own_file()
    {
        string yaml = Category("events:\n  order_placed:\n    data:\n      total: strin");
        const string usesBroken = "namespace Consumer { internal static class UsesBroken { internal static object Run() => new OrderPlaced(\"1\"); } }";
        GeneratorOutcome outcome = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText(CatalogPath, yaml) }, sources: new[] { UsesHealthy, usesBroken });
        Assert.That(outcome.CompilerDiagnostics.Select(d => d.Id), Is.EqualTo(new[] { "EVC005" }));
        ImmutableArray<Diagnostic> csharp = outcome.OutputDiagnostics();
        Assert.That(csharp.Select(d => (d.Id, d.Location.SourceTree?.FilePath)), Is.EqualTo(new[] { ("CS0246", (string?)"Source1.cs") }), string.Join("\n", csharp));
    }

    /// <summary>An error in the catalog's own keys touches everything: nothing is generated, and still no error points into generated code.</summary>
    [Test]
    public void An_error_in_the_catalogs_own_keys_generates_nothing_and_points_nowhere_generated()
    {
        string yaml = "topic: \"{store}:{bogus}\"\n" + Healthy;
        GeneratorOutcome outcome = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText(CatalogPath, yaml) }, sources: UsesHealthy);
        Assert.That(outcome.CompilerDiagnostics.Select(d => d.Id), Is.EqualTo(new[] { "EVC006" }));
        Assert.That(outcome.HintNames, Is.Empty);
        Assert.That(outcome.OutputDiagnostics().Where(d => d.Location.SourceTree?.FilePath != "Source0.cs"), Is.Empty);
    }

    private static bool IsError(string id) => EventCatalog.Generator.Diagnostics.DiagnosticDescriptors.ById(id).DefaultSeverity == DiagnosticSeverity.Error;

    private static void AssertOneMistake(GeneratorOutcome outcome, string[] ids, string yaml)
    {
        string[] reported = outcome.CompilerDiagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray();
        Assert.That(reported, Is.EqualTo(ids.Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray()),
            "the generator's diagnostics (what dotnet build prints), warnings alongside errors:\n" + string.Join("\n", outcome.CompilerDiagnostics.Select(GeneratorHarness.Describe)) + "\n" + yaml);
        AssertCompiles(outcome);
    }

    /// <summary>No C# diagnostic at all (warnings are errors here): none in the user's code, none in generated code.</summary>
    private static void AssertCompiles(GeneratorOutcome outcome)
    {
        ImmutableArray<Diagnostic> csharp = outcome.OutputDiagnostics();
        Assert.That(csharp, Is.Empty, "C# diagnostics:\n" + string.Join("\n", csharp.Select(d => $"{d.Id} {d.Location.SourceTree?.FilePath} {d.GetMessage()}")));
    }
}
