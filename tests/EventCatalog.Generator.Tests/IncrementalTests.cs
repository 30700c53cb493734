using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using EventCatalog.Generator.Parsing;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// The generator's incremental discipline: an edit that does not touch a catalog re-runs nothing for
/// it, and no pipeline step holds a symbol, a syntax node or a compilation.
/// </summary>
public class IncrementalTests
{
    private static readonly string[] s_trackedSteps =
    {
        TrackingNames.RootNamespace, TrackingNames.LanguageVersion, TrackingNames.NeedsPolyfill, TrackingNames.Parse,
        TrackingNames.Specs, TrackingNames.DeclaredTypes, TrackingNames.Blocked, TrackingNames.Ready, TrackingNames.Polyfill,
        TrackingNames.FileErrors, TrackingNames.SetErrors,
    };

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
    public void An_unrelated_csharp_edit_reruns_nothing()
    {
        var catalogs = new AdditionalText[]
        {
            new InMemoryAdditionalText("/p/events.schema.yaml", RootCatalog),
            new InMemoryAdditionalText("/p/other.events.yaml", Other),
        };
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Target.NetStandard20);
        GeneratorOutcome first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(catalogs, parseOptions: ParseOptionsOf(compilation)), compilation);
        Assert.That(first.HintNames.Count(), Is.EqualTo(3), "two catalogs and the polyfill");

        Compilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Consumer { internal static class Unrelated { internal const int Answer = 42; } }", ParseOptionsOf(compilation)));
        GeneratorOutcome second = GeneratorHarness.Run(first.Driver, edited);

        AssertEveryStep(second.Result, step => true, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputsNotRegenerated(second.Result);
    }

    [Test]
    public void Identical_yaml_text_gives_unchanged()
    {
        var original = new InMemoryAdditionalText("/p/events.schema.yaml", RootCatalog);
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation();
        GeneratorOutcome first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new[] { original }), compilation);

        // A new AdditionalText with the same text, as an editor produces on save without changes.
        var refed = new InMemoryAdditionalText("/p/events.schema.yaml", RootCatalog);
        GeneratorDriver driver = first.Driver.ReplaceAdditionalText(original, refed);
        GeneratorOutcome second = GeneratorHarness.Run(driver, compilation);

        IncrementalGeneratorRunStep parse = second.Result.Results[0].TrackedSteps[TrackingNames.Parse].Single();
        Assert.That(parse.Outputs.Select(o => o.Reason), Is.All.EqualTo(IncrementalStepRunReason.Unchanged),
            "the parse re-ran on the new text and produced an equal model: model equality works");
        AssertEveryStep(second.Result, step => true, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputsNotRegenerated(second.Result);
    }

    [Test]
    public void Editing_one_catalog_leaves_the_other_cached()
    {
        var root = new InMemoryAdditionalText("/p/events.schema.yaml", RootCatalog);
        var other = new InMemoryAdditionalText("/p/other.events.yaml", Other);
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation();
        GeneratorOutcome first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new AdditionalText[] { root, other }), compilation);

        var otherEdited = new InMemoryAdditionalText("/p/other.events.yaml", Other + "\n      job_failed: {}\n");
        GeneratorOutcome second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(other, otherEdited), compilation);

        GeneratorRunResult run = second.Result.Results[0];
        var rootParse = run.TrackedSteps[TrackingNames.Parse].Single(s => ((CatalogParseResult)s.Outputs[0].Value).FilePath == "/p/events.schema.yaml");
        Assert.That(rootParse.Outputs.Single().Reason, Is.EqualTo(IncrementalStepRunReason.Cached));
        var otherParse = run.TrackedSteps[TrackingNames.Parse].Where(s => ((CatalogParseResult)s.Outputs[0].Value).FilePath == "/p/other.events.yaml");
        Assert.That(otherParse.SelectMany(s => s.Outputs).Select(o => o.Reason), Has.Some.AnyOf(IncrementalStepRunReason.New, IncrementalStepRunReason.Modified), "the edited catalog is parsed again");

        var ready = run.TrackedSteps[TrackingNames.Ready].SelectMany(s => s.Outputs).ToList();
        Assert.That(ready.Single(o => ((Model.CatalogSpec)o.Value).FilePath == "/p/events.schema.yaml").Reason,
            Is.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged), "the root catalog's output is not regenerated");
        Assert.That(ready.Where(o => ((Model.CatalogSpec)o.Value).FilePath == "/p/other.events.yaml").Select(o => o.Reason), Has.Some.AnyOf(IncrementalStepRunReason.New, IncrementalStepRunReason.Modified));
        Assert.That(second.SourceOf("Other.Events.g.cs"), Does.Contain("JobFailed"));
    }

    [Test]
    public void No_step_output_holds_a_symbol_syntax_node_or_compilation()
    {
        var catalogs = new AdditionalText[]
        {
            new InMemoryAdditionalText("/p/events.schema.yaml", RootCatalog),
            new InMemoryAdditionalText("/p/broken.events.yaml", "categories:\n  Bad: 1\n"),
        };
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Target.NetStandard20);
        GeneratorOutcome outcome = GeneratorHarness.Run(GeneratorHarness.CreateDriver(catalogs, parseOptions: ParseOptionsOf(compilation)), compilation);

        GeneratorRunResult run = outcome.Result.Results[0];
        Assert.That(run.TrackedSteps.Keys, Is.SupersetOf(s_trackedSteps));
        int walked = 0;
        // Only this generator's named steps: Roslyn's own input steps (e.g. "Compilation") hold what they must.
        foreach (string name in s_trackedSteps)
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

    private static void AssertEveryStep(GeneratorDriverRunResult result, Func<string, bool> which, params IncrementalStepRunReason[] allowed)
    {
        GeneratorRunResult run = result.Results[0];
        foreach (string name in s_trackedSteps.Where(which))
        {
            Assert.That(run.TrackedSteps.ContainsKey(name), Is.True, $"step {name} was not tracked");
            foreach (IncrementalGeneratorRunStep step in run.TrackedSteps[name])
            {
                foreach (var (_, reason) in step.Outputs)
                {
                    Assert.That(reason, Is.AnyOf(allowed.Cast<object>().ToArray()), $"step {name}");
                }
            }
        }
    }

    private static void AssertOutputsNotRegenerated(GeneratorDriverRunResult result)
    {
        foreach (var (name, steps) in result.Results[0].TrackedOutputSteps)
        {
            foreach (IncrementalGeneratorRunStep step in steps)
            {
                Assert.That(step.Outputs.Select(o => o.Reason), Is.All.EqualTo(IncrementalStepRunReason.Cached), $"output step {name}");
            }
        }
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
