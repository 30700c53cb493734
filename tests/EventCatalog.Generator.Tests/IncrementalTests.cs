using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// The generator's incremental discipline, pinned by scenario: for each kind of edit, how every step
/// named in <see cref="TrackingNames"/> and every source output ran (New, Modified, Unchanged, Cached,
/// Removed), per catalog and across catalogs (<see cref="CatalogRunReasons"/>, <see cref="SetRunReasons"/>);
/// and no pipeline step holds a symbol, a syntax node or a compilation.
/// </summary>
public class IncrementalTests
{
    private const string RootPath = "/p/events.schema.yaml";
    private const string OtherPath = "/p/other.events.yaml";

    private static string RootCatalog => File.ReadAllText(RepoPaths.Combine("events.schema.yaml"));

    private const string Other = """
        namespace: Other
        categories:
          jobs:
            events:
              job_done:
                data:
                  took: duration
        """;

    [Test]
    public void Every_tracking_name_has_an_expectation_in_exactly_one_preset()
    {
        Assert.That(RunReasons.TrackingNameValues, Has.Member(TrackingNames.Parse).And.Member(TrackingNames.Ready), "the reflection finds the consts");
        Assert.That(
            RunReasons.TrackingNameValues.Where(n => new[] { RunReasons.PerCatalogSteps, RunReasons.SetSteps, RunReasons.OtherYamlSteps }.Count(preset => preset.Contains(n)) != 1),
            Is.Empty);
        var outputs = RunReasons.PerCatalogSteps.Concat(RunReasons.SetSteps).Concat(RunReasons.OtherYamlSteps).Except(RunReasons.TrackingNameValues);
        Assert.That(outputs, Is.EquivalentTo(new[] { "ReadyOutput", "FileErrorsOutput", "SetErrorsOutput", "PolyfillOutput", "NotPickedUpOutput", "MissingUpcastsOutput", "ProjectTypesOutput" }), "the other names are source outputs, named after the step that feeds them");
    }

    [Test]
    public void An_unrelated_csharp_edit_reruns_only_the_polyfill_and_upcast_checks_to_equal_values()
    {
        Scenario scenario = Scenario.Start(Target.NetStandard20, (RootPath, RootCatalog), (OtherPath, Other));
        Assert.That(scenario.First.HintNames, Is.EquivalentTo(new[] { "ExESDB.Events.g.cs", "Other.Events.g.cs", "EventCatalog.IsExternalInit.g.cs" }));

        GeneratorOutcome second = scenario.RunWith(scenario.Compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Consumer { internal static class Unrelated { internal const int Answer = 42; } }", scenario.ParseOptions)));

        RunReasons.Assert(second.Result, SetRunReasons.CompilationEdited, new Dictionary<string, CatalogRunReasons>
        {
            [RootPath] = CatalogRunReasons.CompilationEdited,
            [OtherPath] = CatalogRunReasons.CompilationEdited,
        });
    }

    [Test]
    public void An_unrelated_csharp_edit_reruns_nothing_of_an_AsyncAPI_catalog()
    {
        const string path = "/p/orders.asyncapi.yaml";
        const string upcast = "namespace Acme.Orders { public sealed partial record PaymentReceived { public static partial PaymentReceived Upcast(PaymentReceivedV1 previous) => new((decimal)previous.Amount, PaymentMethod.Card); } }";
        Scenario scenario = Scenario.Start(Target.Net80, new[] { upcast }, (path, AsyncApiCatalogTests.Orders));
        Assert.That(scenario.First.HintNames, Does.Contain("Acme.Orders.OrderEvents.g.cs"));

        GeneratorOutcome second = scenario.RunWith(scenario.Compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Consumer { internal static class Unrelated { internal const int Answer = 42; } }", scenario.ParseOptions)));

        RunReasons.Assert(second.Result, SetRunReasons.CompilationEdited, new Dictionary<string, CatalogRunReasons>
        {
            [path] = CatalogRunReasons.CompilationEdited,
        });
    }

    private const string VersionedPath = "/p/versioned.events.yaml";

    /// <summary>A catalog with one upcast to write; <c>version: 2</c> stands at line 6, its value at column 18.</summary>
    private const string Versioned = """
        namespace: Versioned
        categories:
          cluster:
            events:
              cluster_joined:
                version: 2
                data: { via_node: string, term: long }
                versions:
                  1: { data: { via_node: string } }
        """;

    private const string VersionedUpcast = """
        namespace Versioned
        {
            public sealed partial record ClusterJoined
            {
                public static partial ClusterJoined Upcast(ClusterJoinedV1 previous) => new(previous.ViaNode, Term: 0);
            }
        }
        """;

    private static string[] Evc016(GeneratorOutcome outcome) =>
        outcome.CompilerDiagnostics.Where(d => d.Id == "EVC016").Select(d => d.Location.GetLineSpan().ToString()).ToArray();

    [Test]
    public void An_unrelated_csharp_edit_beside_a_written_upcast_reruns_only_the_polyfill_and_upcast_checks_to_equal_values()
    {
        Scenario scenario = Scenario.Start(Target.Net80, new[] { VersionedUpcast }, (RootPath, RootCatalog), (VersionedPath, Versioned));
        Assert.That(scenario.First.CompilerDiagnostics, Is.Empty);

        GeneratorOutcome second = scenario.RunWith(scenario.Compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Consumer { internal static class Unrelated { internal const int Answer = 42; } }", scenario.ParseOptions)));

        RunReasons.Assert(second.Result, SetRunReasons.CompilationEdited, new Dictionary<string, CatalogRunReasons>
        {
            [RootPath] = CatalogRunReasons.CompilationEdited,
            [VersionedPath] = CatalogRunReasons.CompilationEdited,
        });
        Assert.That(second.CompilerDiagnostics, Is.Empty);
    }

    [Test]
    public void Editing_an_upcast_body_rechecks_the_upcasts_to_an_equal_value_and_regenerates_nothing()
    {
        Scenario scenario = Scenario.Start(Target.Net80, new[] { VersionedUpcast }, (RootPath, RootCatalog), (VersionedPath, Versioned));
        SyntaxTree upcast = scenario.Compilation.SyntaxTrees.Single();

        GeneratorOutcome second = scenario.RunWith(scenario.Compilation.ReplaceSyntaxTree(upcast, CSharpSyntaxTree.ParseText(
            VersionedUpcast.Replace("Term: 0", "Term: -1", StringComparison.Ordinal), scenario.ParseOptions, upcast.FilePath)));

        // The upcast check asks the new compilation and finds the same upcast written: nothing after it runs.
        RunReasons.Assert(second.Result, SetRunReasons.CompilationEdited, new Dictionary<string, CatalogRunReasons>
        {
            [RootPath] = CatalogRunReasons.CompilationEdited,
            [VersionedPath] = CatalogRunReasons.CompilationEdited,
        });
    }

    [Test]
    public void Writing_the_missing_upcast_clears_its_EVC016_and_regenerates_no_code()
    {
        Scenario scenario = Scenario.Start(Target.Net80, (RootPath, RootCatalog), (VersionedPath, Versioned));
        Assert.That(Evc016(scenario.First), Is.EqualTo(new[] { VersionedPath + ": (5,17)-(5,18)" }));

        GeneratorOutcome second = scenario.RunWith(scenario.Compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(VersionedUpcast, scenario.ParseOptions, "Upcast.cs")));

        RunReasons.Assert(second.Result, SetRunReasons.CompilationEdited, new Dictionary<string, CatalogRunReasons>
        {
            [RootPath] = CatalogRunReasons.CompilationEdited,
            [VersionedPath] = CatalogRunReasons.UpcastsRechecked,
        });
        Assert.That(second.CompilerDiagnostics, Is.Empty);
        Assert.That(second.OutputDiagnostics(), Is.Empty);
    }

    [Test]
    public void A_comment_above_a_versioned_catalog_moves_its_EVC016_and_regenerates_no_code()
    {
        Scenario scenario = Scenario.Start(Target.Net80, (RootPath, RootCatalog), (VersionedPath, Versioned));

        GeneratorOutcome second = scenario.RunWith(scenario.Replace(VersionedPath, "# Reviewed.\n" + Versioned));

        RunReasons.Assert(second.Result, SetRunReasons.ParseResultChanged, new Dictionary<string, CatalogRunReasons>
        {
            [RootPath] = CatalogRunReasons.Cached,
            [VersionedPath] = CatalogRunReasons.VersionedTextMoved,
        });
        Assert.That(Evc016(second), Is.EqualTo(new[] { VersionedPath + ": (6,17)-(6,18)" }));
    }

    [Test]
    public void Identical_yaml_text_reparses_to_an_equal_result()
    {
        // A new AdditionalText with the same text, as an editor produces on save without changes.
        Scenario scenario = Scenario.Start(Target.Net80, (RootPath, RootCatalog), (OtherPath, Other));

        GeneratorOutcome second = scenario.RunWith(scenario.Replace(RootPath, RootCatalog));

        RunReasons.Assert(second.Result, SetRunReasons.Cached, new Dictionary<string, CatalogRunReasons>
        {
            [RootPath] = CatalogRunReasons.ReparsedToEqualResult,
            [OtherPath] = CatalogRunReasons.Cached,
        });
    }

    [Test]
    public void A_trailing_comment_and_blank_lines_reparse_to_an_equal_result()
    {
        Scenario scenario = Scenario.Start(Target.Net80, (RootPath, RootCatalog), (OtherPath, Other));

        GeneratorOutcome second = scenario.RunWith(scenario.Replace(RootPath, RootCatalog + "\n\n# reviewed\n   \n"));

        RunReasons.Assert(second.Result, SetRunReasons.Cached, new Dictionary<string, CatalogRunReasons>
        {
            [RootPath] = CatalogRunReasons.ReparsedToEqualResult,
            [OtherPath] = CatalogRunReasons.Cached,
        });
    }

    [Test]
    public void A_comment_that_moves_the_yaml_reparses_but_leaves_the_spec_unchanged_and_the_output_cached()
    {
        Scenario scenario = Scenario.Start(Target.Net80, (RootPath, RootCatalog), (OtherPath, Other));

        // Every line moves down by two: the declared types' locations change, the catalog does not.
        GeneratorOutcome second = scenario.RunWith(scenario.Replace(RootPath, "# Reviewed.\n\n" + RootCatalog));

        RunReasons.Assert(second.Result, SetRunReasons.ParseResultChanged, new Dictionary<string, CatalogRunReasons>
        {
            [RootPath] = CatalogRunReasons.TextMovedSpecUnchanged,
            [OtherPath] = CatalogRunReasons.Cached,
        });
        Assert.That(second.SourceOf("ExESDB.Events.g.cs"), Is.EqualTo(scenario.First.SourceOf("ExESDB.Events.g.cs")));
    }

    [Test]
    public void One_event_description_edited_regenerates_only_that_catalog()
    {
        Scenario scenario = Scenario.Start(Target.Net80, (RootPath, RootCatalog), (OtherPath, Other));
        const string Before = "description: A subsystem is starting.";
        const string After = "description: A subsystem has begun to start.";
        Assert.That(RootCatalog, Does.Contain(Before));

        GeneratorOutcome second = scenario.RunWith(scenario.Replace(RootPath, RootCatalog.Replace(Before, After, StringComparison.Ordinal)));

        RunReasons.Assert(second.Result, SetRunReasons.ParseResultChanged, new Dictionary<string, CatalogRunReasons>
        {
            [RootPath] = CatalogRunReasons.SpecModified,
            [OtherPath] = CatalogRunReasons.Cached,
        });
        Assert.That(second.SourceOf("ExESDB.Events.g.cs"), Does.Contain("/// <summary>A subsystem has begun to start.</summary>"));
    }

    [Test]
    public void A_second_catalog_added_leaves_the_first_cached()
    {
        Scenario scenario = Scenario.Start(Target.NetStandard20, (RootPath, RootCatalog));

        GeneratorOutcome second = scenario.RunWith(scenario.First.Driver.AddAdditionalTexts(
            ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText(OtherPath, Other))));

        RunReasons.Assert(second.Result, SetRunReasons.CatalogAddedOrRemoved, new Dictionary<string, CatalogRunReasons>
        {
            [RootPath] = CatalogRunReasons.Cached,
            [OtherPath] = CatalogRunReasons.New,
        });
        Assert.That(second.HintNames, Is.EquivalentTo(new[] { "ExESDB.Events.g.cs", "Other.Events.g.cs", "EventCatalog.IsExternalInit.g.cs" }));
    }

    [Test]
    public void An_unrelated_yaml_file_added_or_edited_leaves_every_catalog_cached()
    {
        const string composePath = "/project/docker-compose.yml";
        Scenario scenario = Scenario.Start(Target.NetStandard20, (RootPath, RootCatalog));
        var compose = new InMemoryAdditionalText(composePath, "services:\n  redis:\n    image: redis\n");

        GeneratorOutcome second = scenario.RunWith(scenario.First.Driver.AddAdditionalTexts(ImmutableArray.Create<AdditionalText>(compose)));
        RunReasons.Assert(
            second.Result,
            SetRunReasons.Cached,
            new Dictionary<string, CatalogRunReasons> { [RootPath] = CatalogRunReasons.Cached },
            new Dictionary<string, OtherYamlRunReasons> { [composePath] = OtherYamlRunReasons.New });

        GeneratorDriver edited = second.Driver.ReplaceAdditionalText(compose, new InMemoryAdditionalText(composePath, "services:\n  redis:\n    image: redis:7\n"));
        GeneratorOutcome third = GeneratorHarness.Run(edited, scenario.Compilation);
        RunReasons.Assert(
            third.Result,
            SetRunReasons.Cached,
            new Dictionary<string, CatalogRunReasons> { [RootPath] = CatalogRunReasons.Cached },
            new Dictionary<string, OtherYamlRunReasons> { [composePath] = OtherYamlRunReasons.ReadToEqualVerdict });
    }

    [Test]
    public void A_second_catalog_removed_leaves_the_first_cached()
    {
        Scenario scenario = Scenario.Start(Target.NetStandard20, (RootPath, RootCatalog), (OtherPath, Other));

        GeneratorOutcome second = scenario.RunWith(scenario.First.Driver.RemoveAdditionalTexts(
            ImmutableArray.Create(scenario.Texts[OtherPath])));

        RunReasons.Assert(second.Result, SetRunReasons.CatalogAddedOrRemoved, new Dictionary<string, CatalogRunReasons>
        {
            [RootPath] = CatalogRunReasons.Cached,
            [OtherPath] = CatalogRunReasons.Removed,
        });
        Assert.That(second.HintNames, Is.EquivalentTo(new[] { "ExESDB.Events.g.cs", "EventCatalog.IsExternalInit.g.cs" }));
    }

    [Test]
    public void An_event_added_regenerates_that_catalog_and_checks_type_names_across_catalogs_again()
    {
        Scenario scenario = Scenario.Start(Target.Net80, (RootPath, RootCatalog), (OtherPath, Other));

        GeneratorOutcome second = scenario.RunWith(scenario.Replace(OtherPath, Other + "\n      job_failed: {}\n"));

        RunReasons.Assert(second.Result, SetRunReasons.TypeNamesChanged, new Dictionary<string, CatalogRunReasons>
        {
            [RootPath] = CatalogRunReasons.Cached,
            [OtherPath] = CatalogRunReasons.TypesModified,
        });
        Assert.That(second.SourceOf("Other.Events.g.cs"), Does.Contain("public sealed partial record JobFailed"));
    }

    [Test]
    public void A_scenario_that_names_the_wrong_reasons_fails_and_says_which_steps_differ()
    {
        Scenario scenario = Scenario.Start(Target.Net80, (RootPath, RootCatalog), (OtherPath, Other));
        GeneratorOutcome second = scenario.RunWith(scenario.Replace(OtherPath, Other + "\n      job_failed: {}\n"));

        Exception? failure = Assert.Catch(() => RunReasons.Assert(second.Result, SetRunReasons.Cached, new Dictionary<string, CatalogRunReasons>
        {
            [RootPath] = CatalogRunReasons.Cached,
            [OtherPath] = CatalogRunReasons.Cached,
        }));

        Assert.That(failure, Is.InstanceOf<MultipleAssertException>());
        Assert.That(failure!.Message, Does.Contain("1)   the steps across catalogs").And.Contain("Blocked = Unchanged, SetErrors = Unchanged"));
        Assert.That(failure.Message, Does.Contain("2)   " + OtherPath).And.Contain(
            "But was:  <CatalogRunReasons { Parse = Modified, Specs = Modified, DeclaredTypes = Modified, FileErrors = Unchanged, Ready = Modified, ReadyOutput = Modified, FileErrorsOutput = Cached, UpcastSteps = Unchanged, MissingUpcasts = Cached, MissingUpcastsOutput = Cached, ProjectTypes = Unchanged, ProjectTypesOutput = Cached }>"));
        Assert.That(failure.Message, Does.Not.Contain(RootPath), "the root catalog's expectation held");
    }

    [Test]
    public void No_step_output_holds_a_symbol_syntax_node_or_compilation()
    {
        var catalogs = new AdditionalText[]
        {
            new InMemoryAdditionalText("/p/events.schema.yaml", RootCatalog),
            new InMemoryAdditionalText("/p/broken.events.yaml", "categories:\n  Bad: 1\n"),
            new InMemoryAdditionalText("/p/events.yaml", "categories:\n  orders:\n    events: [a]\n"),
            new InMemoryAdditionalText(VersionedPath, Versioned),
        };
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Target.NetStandard20, null, VersionedUpcast);
        GeneratorOutcome outcome = GeneratorHarness.Run(GeneratorHarness.CreateDriver(catalogs, parseOptions: ParseOptionsOf(compilation)), compilation);

        GeneratorRunResult run = outcome.Result.Results[0];
        Assert.That(run.TrackedSteps.Keys, Is.SupersetOf(RunReasons.TrackingNameValues));
        int walked = 0;
        // Only this generator's named steps: Roslyn's own input steps (e.g. "Compilation") hold what they must.
        foreach (string name in RunReasons.TrackingNameValues)
        {
            foreach (IncrementalGeneratorRunStep step in run.TrackedSteps[name])
            {
                foreach (var (value, _) in step.Outputs)
                {
                    (int count, string? offender) = ForbiddenObjectWalker.Check(value, name);
                    Assert.That(offender, Is.Null);
                    walked += count;
                }
            }
        }

        Assert.That(walked, Is.GreaterThan(1000), "the walk reached into the models");
    }

    [Test]
    public void The_walker_finds_a_compilation_hidden_in_a_model()
    {
        var hidden = new { Name = "x", Inner = new object[] { 1, new { Deep = GeneratorHarness.CreateCompilation() } } };
        Assert.That(ForbiddenObjectWalker.Check(hidden, "test").Offender, Does.Contain("Compilation"));
    }

    private static CSharpParseOptions ParseOptionsOf(Compilation compilation) => (CSharpParseOptions)compilation.SyntaxTrees.First().Options;

    /// <summary>A first run over some catalogs, and the means to run again after one edit.</summary>
    private sealed record Scenario(CSharpCompilation Compilation, Dictionary<string, AdditionalText> Texts, GeneratorOutcome First)
    {
        public CSharpParseOptions ParseOptions => ParseOptionsOf(Compilation);

        public static Scenario Start(Target target, params (string Path, string Yaml)[] catalogs) =>
            Start(target, System.Array.Empty<string>(), catalogs);

        /// <summary>A first run with C# <paramref name="sources"/> (none: a placeholder) beside the catalogs.</summary>
        public static Scenario Start(Target target, string[] sources, params (string Path, string Yaml)[] catalogs)
        {
            var texts = catalogs.ToDictionary(c => c.Path, c => (AdditionalText)new InMemoryAdditionalText(c.Path, c.Yaml));
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(target, null, sources);
            GeneratorOutcome first = GeneratorHarness.Run(
                GeneratorHarness.CreateDriver(texts.Values, parseOptions: ParseOptionsOf(compilation)), compilation);
            return new Scenario(compilation, texts, first);
        }

        /// <summary>The first run's driver with the catalog at <paramref name="path"/> given a new text.</summary>
        public GeneratorDriver Replace(string path, string yaml) =>
            First.Driver.ReplaceAdditionalText(Texts[path], new InMemoryAdditionalText(path, yaml));

        public GeneratorOutcome RunWith(GeneratorDriver driver) => GeneratorHarness.Run(driver, Compilation);

        public GeneratorOutcome RunWith(Compilation edited) => GeneratorHarness.Run(First.Driver, edited);
    }

    /// <summary>Walks an object graph by reflection and fails on anything from a compilation.</summary>
    private static class ForbiddenObjectWalker
    {
        private static readonly Type[] s_forbidden =
        {
            typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Compilation), typeof(SemanticModel), typeof(Location),
        };

        /// <summary>Returns how many objects were walked, and the path of the first forbidden one.</summary>
        public static (int Count, string? Offender) Check(object? root, string step)
        {
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var pending = new Stack<(object Value, string Path)>();
            int count = 0;
            if (root is not null)
            {
                pending.Push((root, step));
            }

            while (pending.Count > 0)
            {
                var (value, path) = pending.Pop();
                Type type = value.GetType();
                if (type.IsPrimitive || value is string || type.IsEnum || (!type.IsValueType && !seen.Add(value)))
                {
                    continue;
                }

                count++;
                if (s_forbidden.Any(f => f.IsAssignableFrom(type)))
                {
                    return (count, $"{path} holds a {type.FullName}");
                }
                if (value is Array array)
                {
                    int i = 0;
                    foreach (object? item in array)
                    {
                        if (item is not null)
                        {
                            pending.Push((item, $"{path}[{i++}]"));
                        }
                    }
                }

                for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
                {
                    foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        if (field.GetValue(value) is { } child)
                        {
                            pending.Push((child, $"{path}.{field.Name}"));
                        }
                    }
                }
            }

            return (count, null);
        }
    }
}
