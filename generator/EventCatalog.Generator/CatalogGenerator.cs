using System.Collections.Immutable;
using System.Linq;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Emit;
using EventCatalog.Generator.Model;
using EventCatalog.Generator.Parsing;
using EventCatalog.Generator.Versions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Generator;

/// <summary>
/// Turns each catalog among the AdditionalFiles into typed events, topics and validators.
/// <see cref="CatalogAnalyzer"/> reports the parser's diagnostics so that they reach editors live; the
/// generator reports them again for the command-line build (see Initialize). One mistake, one error: a catalog
/// with errors still generates the categories and events no error is in (<see cref="CatalogParseResult.Generated"/>),
/// so that user code that does not use the broken part keeps compiling, and no compiler error points into generated
/// code (a missing upcast gets a placeholder body beside EVC016, not CS8795).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CatalogGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<string> rootNamespace = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue(CompilationFacts.RootNamespaceProperty, out string? ns) ? ns : string.Empty)
            .WithTrackingName(TrackingNames.RootNamespace);

        IncrementalValueProvider<LanguageVersion> languageVersion = context.ParseOptionsProvider
            .Select(static (options, _) => (options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.Latest)
            .WithTrackingName(TrackingNames.LanguageVersion);
        IncrementalValueProvider<bool> supportsRecords = languageVersion.Select(static (version, _) => version >= LanguageVersion.CSharp9);

        IncrementalValueProvider<bool> needsPolyfill = context.CompilationProvider
            .Select(static (compilation, _) => CompilationFacts.NeedsIsExternalInit(compilation))
            .WithTrackingName(TrackingNames.NeedsPolyfill);

        IncrementalValueProvider<TypeTarget> typeTarget = context.CompilationProvider
            .Select(static (compilation, _) => new TypeTarget(CompilationFacts.HasDateOnly(compilation), CompilationFacts.HasUtf8Literals(compilation)))
            .WithTrackingName(TrackingNames.TypeTarget);

        // One file can come twice: the package's auto-include (build/EventCatalog.props, imported before the
        // project body, cannot see the project's own items) plus an explicit <AdditionalFiles Include=...> in
        // the project. Each path is read once; two copies would add the same hint name and make the generator
        // throw (CS8785, all output lost).
        IncrementalValuesProvider<AdditionalText> yamlFiles = context.AdditionalTextsProvider
            .Where(static text => CatalogFiles.IsCatalog(text.Path) || CatalogFiles.IsOtherYaml(text.Path))
            .Collect()
            .SelectMany(static (texts, _) => FirstOfEachPath(texts));

        IncrementalValuesProvider<CatalogParseResult> parsed = yamlFiles
            .Where(static text => CatalogFiles.IsCatalog(text.Path))
            .Combine(rootNamespace)
            .Select(static (input, ct) => CatalogParser.Parse(input.Left.Path, input.Left.GetText(ct), input.Right, ct))
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<CatalogSpec> specs = parsed
            .Where(static result => result.Generated is not null)
            .Select(static (result, _) => result.Generated!)
            .WithTrackingName(TrackingNames.Specs);

        // Across catalogs only the declared type names matter; locations stay out so that moving
        // text inside one catalog does not disturb the others.
        IncrementalValueProvider<EquatableArray<string>> blocked = parsed
            .Where(static result => result.Generated is not null)
            .Select(static (result, _) => new CatalogTypes(result.FilePath, result.Types.Select(t => t.FullName).ToEquatableArray()))
            .WithTrackingName(TrackingNames.DeclaredTypes)
            .Collect()
            .Select(static (all, _) => BlockedCatalogs(all))
            .WithTrackingName(TrackingNames.Blocked);

        // EVC007 against the project's own code (ProjectTypes): a type the project declares under a generated type's name. The
        // compilation is asked for the catalog's type names only (a lookup each) and the result is equatable, so a C# edit
        // re-runs this one step and nothing after it. A clashing catalog generates nothing, as one blocked by another catalog.
        IncrementalValuesProvider<CatalogClashes> projectClashes = parsed
            .Where(static result => result.Generated is not null)
            .Select(static (result, _) => new CatalogDeclaredTypes(result.FilePath, result.Types))
            .Combine(context.CompilationProvider)
            .Select(static (input, ct) => new CatalogClashes(input.Left.Path, ProjectTypes.Clashes(input.Left.Types, input.Right, ct)))
            .WithTrackingName(TrackingNames.ProjectTypes);
        context.RegisterSourceOutput(projectClashes, static (spc, clashes) => Report(spc, clashes.Diagnostics));
        IncrementalValueProvider<EquatableArray<string>> clashing = projectClashes
            .Where(static clashes => clashes.Diagnostics.Count > 0)
            .Select(static (clashes, _) => clashes.Path)
            .Collect()
            .Select(static (paths, _) => paths.OrderBy(p => p, System.StringComparer.Ordinal).ToEquatableArray());

        // The target's types (DateOnly or not) decide some C# types, so they go with the spec to the emitter.
        IncrementalValuesProvider<(CatalogSpec Spec, TypeTarget Target)> ready = specs
            .Combine(blocked)
            .Combine(supportsRecords)
            .Combine(clashing)
            .Combine(typeTarget)
            .Where(static input => input.Left.Left.Right && !input.Left.Left.Left.Right.Contains(input.Left.Left.Left.Left.FilePath) && !input.Left.Right.Contains(input.Left.Left.Left.Left.FilePath))
            .Select(static (input, _) => (input.Left.Left.Left.Left, input.Right))
            .WithTrackingName(TrackingNames.Ready);

        // The parser's errors and warnings are also reported here, for the command-line build: the compiler
        // drops every analyzer diagnostic once there is an error (a catalog error, a C# error), so a warning
        // from the analyzer alone would show only after the errors are fixed (users would fix in waves).
        // In the command-line build the analyzer leaves these to the generator (IsReportedByGenerator), so
        // each is shown once; editors show CatalogAnalyzer's copy live (SPEC §5).
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> fileErrors = parsed
            .Select(static (result, _) => result.Diagnostics.Where(d => d.IsReportedByGenerator).ToEquatableArray())
            .WithTrackingName(TrackingNames.FileErrors);
        context.RegisterSourceOutput(fileErrors, static (spc, errors) => Report(spc, errors));

        IncrementalValueProvider<EquatableArray<DiagnosticInfo>> setErrors = parsed
            .Collect()
            .Combine(languageVersion)
            .Select(static (input, _) => SetErrors(input.Left, input.Right))
            .WithTrackingName(TrackingNames.SetErrors);
        context.RegisterSourceOutput(setErrors, static (spc, errors) => Report(spc, errors));

        // A YAML file shaped like a catalog but named otherwise: its symptom is a C# error (the types are
        // missing), so, like errors, this warning comes from the generator in command-line builds.
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> notPickedUp = yamlFiles
            .Where(static text => CatalogFiles.IsOtherYaml(text.Path))
            .Select(static (text, ct) => CatalogFiles.CheckNotPickedUp(text.Path, text.GetText(ct)) is { } warning
                ? new EquatableArray<DiagnosticInfo>(new[] { warning })
                : EquatableArray<DiagnosticInfo>.Empty)
            .WithTrackingName(TrackingNames.NotPickedUp);
        context.RegisterSourceOutput(notPickedUp, static (spc, warnings) => Report(spc, warnings));

        // EVC016, a missing upcast: csc reports the partial method's own error (CS8795) and then drops analyzer
        // diagnostics, so for the command line the generator reports it, as it does catalog errors. The check asks
        // the compilation for each versioned record's Upcast members: a catalog without versioned events returns at
        // once, and the result is equatable, so a C# edit re-runs this one cheap step and nothing after it. (A syntax
        // provider over the user's Upcast bodies re-ran nothing, but its per-tree tables cost ~430 KB per edit in a
        // 1,000-file project, against issue 13's 20 KB budget for the whole generator.)
        IncrementalValuesProvider<EquatableArray<UpcastStep>> missingUpcasts = parsed
            .Select(static (result, _) => new CatalogUpcasts(result.FilePath, result.Upcasts))
            .WithTrackingName(TrackingNames.UpcastSteps)
            .Combine(blocked)
            .Combine(supportsRecords)
            .Combine(clashing)
            .Select(static (input, _) =>
            {
                CatalogUpcasts catalog = input.Left.Left.Left;
                // A blocked or clashing catalog or a C# below 9 generates no records, so there is no declaration to implement.
                bool generated = input.Left.Right && !input.Left.Left.Right.Contains(catalog.Path) && !input.Right.Contains(catalog.Path);
                return generated ? catalog.Steps : EquatableArray<UpcastStep>.Empty;
            })
            .Combine(context.CompilationProvider)
            .Select(static (input, ct) => Upcasts.Missing(input.Left, input.Right, ct))
            .WithTrackingName(TrackingNames.MissingUpcasts);
        context.RegisterSourceOutput(missingUpcasts, static (spc, missing) =>
        {
            foreach (UpcastStep step in missing)
            {
                spc.ReportDiagnostic(Upcasts.ToDiagnostic(step));

                // EVC016 stands alone: without a body the partial declaration is CS8795, an error in generated code.
                spc.AddSource(Upcasts.PlaceholderHintName(step), SourceText.From(Upcasts.Placeholder(step), System.Text.Encoding.UTF8));
            }
        });

        context.RegisterSourceOutput(ready, static (spc, input) =>
            spc.AddSource(CatalogEmitter.HintName(input.Spec), SourceText.From(CatalogEmitter.Emit(input.Spec, input.Target), System.Text.Encoding.UTF8)));

        IncrementalValueProvider<bool> polyfill = ready
            .Collect()
            .Select(static (all, _) => !all.IsDefaultOrEmpty)
            .Combine(needsPolyfill)
            .Select(static (input, _) => input.Left && input.Right)
            .WithTrackingName(TrackingNames.Polyfill);

        context.RegisterSourceOutput(polyfill, static (spc, emit) =>
        {
            if (emit)
            {
                spc.AddSource(CatalogEmitter.PolyfillHintName, SourceText.From(CatalogEmitter.EmitPolyfill(), System.Text.Encoding.UTF8));
            }
        });
    }

    /// <summary>The first file of each path, in the compiler's order (paths compared exactly, as the compiler gives them).</summary>
    private static ImmutableArray<AdditionalText> FirstOfEachPath(ImmutableArray<AdditionalText> texts)
    {
        var seen = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
        ImmutableArray<AdditionalText>.Builder first = ImmutableArray.CreateBuilder<AdditionalText>(texts.Length);
        foreach (AdditionalText text in texts)
        {
            if (seen.Add(text.Path))
            {
                first.Add(text);
            }
        }

        return first.Count == texts.Length ? texts : first.ToImmutable();
    }

    private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> errors)
    {
        foreach (DiagnosticInfo error in errors)
        {
            context.ReportDiagnostic(error.ToDiagnostic());
        }
    }

    /// <summary>The errors that concern the set of catalogs: collisions between them, and a C# version below 9.</summary>
    private static EquatableArray<DiagnosticInfo> SetErrors(ImmutableArray<CatalogParseResult> catalogs, LanguageVersion version)
    {
        if (catalogs.IsDefaultOrEmpty)
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        if (version < LanguageVersion.CSharp9)
        {
            return catalogs
                .Select(c => DiagnosticInfo.Create(DiagnosticDescriptors.LanguageVersionTooLow, LocationInfo.FileStart(c.FilePath), version.ToDisplayString()))
                .ToEquatableArray();
        }

        return CatalogSet.FindCollisions(catalogs.Where(c => c.Spec is not null).Select(c => (c.FilePath, (System.Collections.Generic.IEnumerable<DeclaredType>)c.Types)))
            .ToEquatableArray();
    }

    private static EquatableArray<string> BlockedCatalogs(ImmutableArray<CatalogTypes> catalogs)
    {
        var paths = CatalogSet
            .FindCollisions(catalogs.Select(c => (c.Path, c.Types.Select(n => new DeclaredType(n, string.Empty, LocationInfo.FileStart(c.Path))))))
            .Select(d => d.Location.FilePath)
            .Distinct()
            .OrderBy(p => p, System.StringComparer.Ordinal);
        return paths.ToEquatableArray();
    }

    private sealed record CatalogTypes(string Path, EquatableArray<string> Types);

    /// <summary>The types one catalog declares, with their locations and partial kinds, for <see cref="ProjectTypes"/>.</summary>
    private sealed record CatalogDeclaredTypes(string Path, EquatableArray<DeclaredType> Types);

    /// <summary>The EVC007 of one catalog against the project's own types (empty: none).</summary>
    private sealed record CatalogClashes(string Path, EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>The upcasts one catalog needs; the path keeps catalogs apart in the pipeline.</summary>
    private sealed record CatalogUpcasts(string Path, EquatableArray<UpcastStep> Steps);
}
