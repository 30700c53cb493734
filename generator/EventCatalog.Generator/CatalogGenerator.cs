using System.Collections.Immutable;
using System.Linq;
using EventCatalog.Generator.Emit;
using EventCatalog.Generator.Model;
using EventCatalog.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Generator;

/// <summary>
/// Turns each catalog among the AdditionalFiles into typed events, topics and validators.
/// It reports nothing itself: <see cref="CatalogAnalyzer"/> reports the same parser's diagnostics,
/// so they reach editors live. A catalog with errors generates nothing; the others still do.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CatalogGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<string> rootNamespace = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue(CompilationFacts.RootNamespaceProperty, out string? ns) ? ns : string.Empty)
            .WithTrackingName(TrackingNames.RootNamespace);

        IncrementalValueProvider<bool> supportsRecords = context.ParseOptionsProvider
            .Select(static (options, _) => CompilationFacts.SupportsRecords(options))
            .WithTrackingName(TrackingNames.LanguageVersion);

        IncrementalValueProvider<bool> needsPolyfill = context.CompilationProvider
            .Select(static (compilation, _) => CompilationFacts.NeedsIsExternalInit(compilation))
            .WithTrackingName(TrackingNames.NeedsPolyfill);

        IncrementalValuesProvider<CatalogParseResult> parsed = context.AdditionalTextsProvider
            .Where(static text => CatalogFiles.IsCatalog(text.Path))
            .Combine(rootNamespace)
            .Select(static (input, ct) => CatalogParser.Parse(input.Left.Path, input.Left.GetText(ct), input.Right, ct))
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<CatalogSpec> specs = parsed
            .Where(static result => result.Spec is not null)
            .Select(static (result, _) => result.Spec!)
            .WithTrackingName(TrackingNames.Specs);

        // Across catalogs only the declared type names matter; locations stay out so that moving
        // text inside one catalog does not disturb the others.
        IncrementalValueProvider<EquatableArray<string>> blocked = parsed
            .Where(static result => result.Spec is not null)
            .Select(static (result, _) => new CatalogTypes(result.FilePath, result.Types.Select(t => t.FullName).ToEquatableArray()))
            .WithTrackingName(TrackingNames.DeclaredTypes)
            .Collect()
            .Select(static (all, _) => BlockedCatalogs(all))
            .WithTrackingName(TrackingNames.Blocked);

        IncrementalValuesProvider<CatalogSpec> ready = specs
            .Combine(blocked)
            .Combine(supportsRecords)
            .Where(static input => input.Right && !input.Left.Right.Contains(input.Left.Left.FilePath))
            .Select(static (input, _) => input.Left.Left)
            .WithTrackingName(TrackingNames.Ready);

        context.RegisterSourceOutput(ready, static (spc, spec) =>
            spc.AddSource(CatalogEmitter.HintName(spec), SourceText.From(CatalogEmitter.Emit(spec), System.Text.Encoding.UTF8)));

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
}
