using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using EventCatalog.Generator.Model;
using EventCatalog.Generator.Parsing;
using Microsoft.CodeAnalysis;
using NUnit.Framework;
using static Microsoft.CodeAnalysis.IncrementalStepRunReason;

namespace EventCatalog.Generator.Tests.Infrastructure;

/// <summary>
/// How each step of one catalog ran, named after the steps in <see cref="TrackingNames"/>, in the
/// manner of Mapperly's <c>IncrementalGeneratorRunReasons</c>. A property <c>XOutput</c> is the source
/// output fed by step <c>X</c>: <see cref="ReadyOutput"/> is the catalog's generated file,
/// <see cref="FileErrorsOutput"/> the report of its errors, <see cref="MissingUpcastsOutput"/> its EVC016s,
/// <see cref="ProjectTypesOutput"/> its EVC007 against the project's own types.
/// </summary>
internal sealed record CatalogRunReasons(
    IncrementalStepRunReason Parse,
    IncrementalStepRunReason Specs,
    IncrementalStepRunReason DeclaredTypes,
    IncrementalStepRunReason FileErrors,
    IncrementalStepRunReason Ready,
    IncrementalStepRunReason ReadyOutput,
    IncrementalStepRunReason FileErrorsOutput,
    IncrementalStepRunReason UpcastSteps,
    IncrementalStepRunReason MissingUpcasts,
    IncrementalStepRunReason MissingUpcastsOutput,
    IncrementalStepRunReason ProjectTypes,
    IncrementalStepRunReason ProjectTypesOutput)
{
    /// <summary>A catalog seen for the first time.</summary>
    public static readonly CatalogRunReasons New = All(IncrementalStepRunReason.New);

    /// <summary>A catalog whose text did not change: nothing of it runs.</summary>
    public static readonly CatalogRunReasons Cached = All(IncrementalStepRunReason.Cached);

    /// <summary>A catalog taken out of AdditionalFiles: its file goes.</summary>
    public static readonly CatalogRunReasons Removed = All(IncrementalStepRunReason.Removed);

    /// <summary>
    /// The upcasts written in C# changed (one added, say) and this catalog's missing ones are looked for again: found to
    /// differ (an EVC016 comes or goes). Its generated file is untouched.
    /// </summary>
    public static readonly CatalogRunReasons UpcastsRechecked = Cached with { MissingUpcasts = Modified, MissingUpcastsOutput = Modified, ProjectTypes = Unchanged };

    /// <summary>
    /// C# changed and this catalog's missing upcasts are the same: the one step that asks the compilation (a catalog
    /// without versioned events answers at once) re-runs to an equal value, and nothing after it runs.
    /// </summary>
    public static readonly CatalogRunReasons CompilationEdited = Cached with { MissingUpcasts = Unchanged, ProjectTypes = Unchanged };

    /// <summary>
    /// A versioned catalog's text moved (a comment above it): the spec and the code are unchanged, but the upcasts' place
    /// (the event's <c>version</c>) moved, so its EVC016s are reported again at the new line.
    /// </summary>
    public static readonly CatalogRunReasons VersionedTextMoved = Cached with
    {
        Parse = Modified,
        Specs = Unchanged,
        DeclaredTypes = Unchanged,
        FileErrors = Unchanged,
        UpcastSteps = Modified,
        MissingUpcasts = Modified,
        MissingUpcastsOutput = Modified,
        ProjectTypes = Unchanged,
    };

    /// <summary>A new text that parses to an equal result (a re-save, trailing blank lines or comments): the parse re-runs, nothing after it.</summary>
    public static readonly CatalogRunReasons ReparsedToEqualResult = Cached with { Parse = Unchanged };

    /// <summary>
    /// A comment or whitespace edit that moves the catalog's text: the parse result changes (the
    /// declared types' locations, for diagnostics across catalogs), but the spec and the declared
    /// type names are equal, so the generated file is not regenerated.
    /// </summary>
    public static readonly CatalogRunReasons TextMovedSpecUnchanged = Cached with
    {
        Parse = Modified,
        Specs = Unchanged,
        DeclaredTypes = Unchanged,
        FileErrors = Unchanged,
        UpcastSteps = Unchanged,
        ProjectTypes = Unchanged,
    };

    /// <summary>An edit that changes the generated code but no type name (e.g. a description): the catalog's file is regenerated.</summary>
    public static readonly CatalogRunReasons SpecModified = TextMovedSpecUnchanged with
    {
        Specs = Modified,
        Ready = Modified,
        ReadyOutput = Modified,
    };

    /// <summary>An edit that adds, removes or renames a type (e.g. a new event): the declared type names change too.</summary>
    public static readonly CatalogRunReasons TypesModified = SpecModified with { DeclaredTypes = Modified };

    private static CatalogRunReasons All(IncrementalStepRunReason reason) => new(reason, reason, reason, reason, reason, reason, reason, reason, reason, reason, reason, reason);
}

/// <summary>How the steps that see every catalog at once (or none) ran; named as <see cref="CatalogRunReasons"/>.</summary>
internal sealed record SetRunReasons(
    IncrementalStepRunReason RootNamespace,
    IncrementalStepRunReason LanguageVersion,
    IncrementalStepRunReason NeedsPolyfill,
    IncrementalStepRunReason TypeTarget,
    IncrementalStepRunReason Blocked,
    IncrementalStepRunReason SetErrors,
    IncrementalStepRunReason Polyfill,
    IncrementalStepRunReason SetErrorsOutput,
    IncrementalStepRunReason PolyfillOutput)
{
    /// <summary>Nothing the set depends on changed.</summary>
    public static readonly SetRunReasons Cached = new(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached);

    /// <summary>
    /// C# changed: of the steps that see every catalog, only the polyfill check and the target's types (DateOnly) look at the
    /// compilation, and find the same answers (each catalog's upcast check is <see cref="CatalogRunReasons.CompilationEdited"/>).
    /// </summary>
    public static readonly SetRunReasons CompilationEdited = Cached with { NeedsPolyfill = Unchanged, TypeTarget = Unchanged };

    /// <summary>One catalog's parse result changed: the collisions across catalogs are looked for again, and none are found.</summary>
    public static readonly SetRunReasons ParseResultChanged = Cached with { SetErrors = Unchanged };

    /// <summary>The declared type names changed: they are compared across catalogs again, and no catalog is blocked.</summary>
    public static readonly SetRunReasons TypeNamesChanged = Cached with { Blocked = Unchanged, SetErrors = Unchanged };

    /// <summary>A catalog came or went: as <see cref="TypeNamesChanged"/>.</summary>
    public static readonly SetRunReasons CatalogAddedOrRemoved = TypeNamesChanged;
}

/// <summary>
/// How the steps of one YAML file that is not a catalog ran (the EVC011 check: is it shaped like a catalog?).
/// They run only for such files, so a scenario without any expects none of them.
/// </summary>
internal sealed record OtherYamlRunReasons(
    IncrementalStepRunReason NotPickedUp,
    IncrementalStepRunReason NotPickedUpOutput)
{
    public static readonly OtherYamlRunReasons New = new(IncrementalStepRunReason.New, IncrementalStepRunReason.New);

    public static readonly OtherYamlRunReasons Cached = new(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached);

    /// <summary>The file's text changed but its verdict did not.</summary>
    public static readonly OtherYamlRunReasons ReadToEqualVerdict = Cached with { NotPickedUp = Unchanged };
}

/// <summary>Checks a run against <see cref="CatalogRunReasons"/> and <see cref="SetRunReasons"/>, for every name in <see cref="TrackingNames"/>.</summary>
internal static class RunReasons
{
    private const string OutputSuffix = "Output";

    /// <summary>Every const of <see cref="TrackingNames"/>, found by reflection, so that a new step cannot go unchecked.</summary>
    public static IReadOnlyList<string> TrackingNameValues { get; } = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    public static IReadOnlyList<string> PerCatalogSteps { get; } = StepNames<CatalogRunReasons>();

    public static IReadOnlyList<string> SetSteps { get; } = StepNames<SetRunReasons>();

    public static IReadOnlyList<string> OtherYamlSteps { get; } = StepNames<OtherYamlRunReasons>();

    /// <summary>
    /// Asserts how every tracked step and every source output ran: one <see cref="CatalogRunReasons"/>
    /// per catalog path (the catalogs present now, or removed in this run) and one <see cref="SetRunReasons"/>.
    /// </summary>
    public static void Assert(
        GeneratorDriverRunResult result,
        SetRunReasons set,
        IReadOnlyDictionary<string, CatalogRunReasons> catalogs,
        IReadOnlyDictionary<string, OtherYamlRunReasons>? otherYamlFiles = null)
    {
        otherYamlFiles ??= new Dictionary<string, OtherYamlRunReasons>();
        GeneratorRunResult run = result.Results.Single();
        var setActual = new Dictionary<string, IncrementalStepRunReason>();
        var catalogActual = catalogs.Keys.ToDictionary(k => k, _ => new Dictionary<string, IncrementalStepRunReason>(), StringComparer.Ordinal);
        var otherActual = otherYamlFiles.Keys.ToDictionary(k => k, _ => new Dictionary<string, IncrementalStepRunReason>(), StringComparer.Ordinal);
        var problems = new List<string>();

        foreach (string name in TrackingNameValues)
        {
            bool perCatalog = PerCatalogSteps.Contains(name);
            bool perOtherFile = OtherYamlSteps.Contains(name);
            if (!perCatalog && !perOtherFile && !SetSteps.Contains(name))
            {
                problems.Add($"TrackingNames.{name} has no expectation in CatalogRunReasons, SetRunReasons or OtherYamlRunReasons");
                continue;
            }

            if (!run.TrackedSteps.TryGetValue(name, out var steps))
            {
                if (!(perOtherFile && otherYamlFiles.Count == 0))
                {
                    problems.Add($"step {name} was not tracked");
                }

                continue;
            }

            foreach (IncrementalGeneratorRunStep step in steps)
            {
                Record(step, name, perCatalog, perOtherFile);
            }
        }

        foreach (IncrementalGeneratorRunStep step in run.TrackedOutputSteps.SelectMany(o => o.Value))
        {
            string name = step.Inputs.Single().Source.Name + OutputSuffix;
            bool perCatalog = PerCatalogSteps.Contains(name);
            bool perOtherFile = OtherYamlSteps.Contains(name);
            if (!perCatalog && !perOtherFile && !SetSteps.Contains(name))
            {
                problems.Add($"the source output fed by {step.Inputs.Single().Source.Name ?? "an unnamed step"} has no expectation");
                continue;
            }

            Record(step, name, perCatalog, perOtherFile);
        }

        NUnit.Framework.Assert.That(problems, Is.Empty);
        NUnit.Framework.Assert.Multiple(() =>
        {
            NUnit.Framework.Assert.That(Build<SetRunReasons>(setActual, "the set"), Is.EqualTo(set), "the steps across catalogs");
            foreach (var (path, expected) in catalogs)
            {
                NUnit.Framework.Assert.That(Build<CatalogRunReasons>(catalogActual[path], path), Is.EqualTo(expected), path);
            }

            foreach (var (path, expected) in otherYamlFiles)
            {
                NUnit.Framework.Assert.That(Build<OtherYamlRunReasons>(otherActual[path], path), Is.EqualTo(expected), path);
            }
        });

        void Record(IncrementalGeneratorRunStep step, string name, bool perCatalog, bool perOtherFile)
        {
            if (step.Outputs.Length != 1)
            {
                problems.Add($"step {name} has {step.Outputs.Length} outputs; one was expected");
                return;
            }

            IncrementalStepRunReason reason = step.Outputs[0].Reason;
            if (!perCatalog && !perOtherFile)
            {
                if (!setActual.TryAdd(name, reason))
                {
                    problems.Add($"step {name} ran more than once");
                }

                return;
            }

            string? path = PathOf(step, 0);
            if (perOtherFile)
            {
                if (path is null || !otherActual.TryGetValue(path, out var otherReasons))
                {
                    problems.Add($"step {name} ran for {path ?? "an unknown file"}, which the scenario does not name");
                }
                else if (!otherReasons.TryAdd(name, reason))
                {
                    problems.Add($"step {name} ran more than once for {path}");
                }

                return;
            }

            if (path is null || !catalogActual.TryGetValue(path, out var reasons))
            {
                problems.Add($"step {name} ran for {path ?? "an unknown catalog"}, which the scenario does not name");
            }
            else if (!reasons.TryAdd(name, reason))
            {
                problems.Add($"step {name} ran more than once for {path}");
            }
        }
    }

    /// <summary>The catalog a step's output belongs to: found in its value, or else in its inputs.</summary>
    private static string? PathOf(IncrementalGeneratorRunStep step, int outputIndex)
    {
        string? path = step.Outputs[outputIndex].Value switch
        {
            CatalogParseResult parsed => parsed.FilePath,
            CatalogSpec spec => spec.FilePath,
            AdditionalText text => text.Path,
            _ => null,
        };

        foreach (var (source, index) in step.Inputs)
        {
            path ??= PathOf(source, index);
        }

        return path;
    }

    private static IReadOnlyList<string> StepNames<T>() =>
        typeof(T).GetConstructors().Single().GetParameters().Select(p => p.Name!).ToList();

    /// <summary>The record with each step's actual reason; a step that did not run for it fails the assertion.</summary>
    private static T Build<T>(Dictionary<string, IncrementalStepRunReason> actual, string owner)
    {
        ParameterInfo[] parameters = typeof(T).GetConstructors().Single().GetParameters();
        string[] missing = parameters.Select(p => p.Name!).Where(n => !actual.ContainsKey(n)).ToArray();
        NUnit.Framework.Assert.That(missing, Is.Empty, $"steps that did not run for {owner}");
        return (T)Activator.CreateInstance(typeof(T), parameters.Select(p => (object)actual[p.Name!]).ToArray())!;
    }
}
