using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests.Infrastructure;

public enum Target
{
    Net80,
    NetStandard20,
}

/// <summary>What one generator run gave: the driver (to run again), its result, the compilation with generated code, and the catalog analyzer's diagnostics.</summary>
internal sealed record GeneratorOutcome(
    GeneratorDriver Driver,
    GeneratorDriverRunResult Result,
    Compilation Output,
    ImmutableArray<Diagnostic> CompilerDiagnostics)
{
    /// <summary>The generator's own diagnostics, as comparable text: the catalog errors it repeats for command-line builds.</summary>
    public IEnumerable<string> GeneratorErrors => CompilerDiagnostics.Select(GeneratorHarness.Describe).OrderBy(d => d, System.StringComparer.Ordinal);

    public string SourceOf(string hintName) =>
        Result.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    public IEnumerable<string> HintNames => Result.Results.Single().GeneratedSources.Select(s => s.HintName);

    /// <summary>Warnings and errors of the compilation that holds the generated code (warnings are errors here).</summary>
    public ImmutableArray<Diagnostic> OutputDiagnostics(CancellationToken cancellationToken = default) =>
        Output.GetDiagnostics(cancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
}

/// <summary>Runs the generator and the catalog analyzer the way the compiler does, on in-memory catalogs.</summary>
internal static class GeneratorHarness
{
    public const string DefaultSource = "namespace Consumer { internal static class Placeholder { } }";

    public static CSharpParseOptions ParseOptions(LanguageVersion version = LanguageVersion.CSharp12) =>
        new(version, DocumentationMode.Diagnose);

    /// <summary>A consumer compilation: nullable on, warnings as errors, XML docs checked.</summary>
    public static CSharpCompilation CreateCompilation(Target target = Target.Net80, LanguageVersion? version = null, params string[] sources)
    {
        LanguageVersion languageVersion = version ?? (target == Target.NetStandard20 ? LanguageVersion.CSharp9 : LanguageVersion.CSharp12);
        CSharpParseOptions parseOptions = ParseOptions(languageVersion);
        IEnumerable<string> texts = sources.Length == 0 ? new[] { DefaultSource } : sources;
        return CSharpCompilation.Create(
            "Consumer",
            texts.Select((s, i) => CSharpSyntaxTree.ParseText(s, parseOptions, path: $"Source{i}.cs")),
            target == Target.Net80 ? References.Net80 : References.NetStandard20,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                // As the .NET SDK does for every build (NoWarn 1701;1702): assembly-version unification of a package's
                // dependencies (System.Text.Json 8 asks for Microsoft.Bcl.AsyncInterfaces 8, the runtime brings 10) is not a finding.
                specificDiagnosticOptions: new[]
                {
                    new KeyValuePair<string, ReportDiagnostic>("CS1701", ReportDiagnostic.Suppress),
                    new KeyValuePair<string, ReportDiagnostic>("CS1702", ReportDiagnostic.Suppress),
                }));
    }

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> catalogs, string? rootNamespace = "Consumer", CSharpParseOptions? parseOptions = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new CatalogGenerator().AsSourceGenerator() },
            catalogs,
            parseOptions ?? ParseOptions(),
            TestOptionsProvider.WithRootNamespace(rootNamespace),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorOutcome Run(GeneratorDriver driver, Compilation compilation)
    {
        GeneratorDriver next = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorDriverRunResult result = next.GetRunResult();
        Assert.That(result.Results.Single().Exception, Is.Null, "the generator threw");
        Assert.That(diagnostics.Where(d => d.Id == "CS8785"), Is.Empty, "CS8785: the generator failed");
        return new GeneratorOutcome(next, result, output, diagnostics);
    }

    /// <summary>Generates from <paramref name="catalogs"/> into a fresh consumer compilation.</summary>
    public static GeneratorOutcome Generate(IEnumerable<AdditionalText> catalogs, Target target = Target.Net80, string? rootNamespace = "Consumer", LanguageVersion? version = null, params string[] sources)
    {
        CSharpCompilation compilation = CreateCompilation(target, version, sources);
        return Run(CreateDriver(catalogs, rootNamespace, (CSharpParseOptions)compilation.SyntaxTrees.First().Options), compilation);
    }

    public static GeneratorOutcome Generate(string yaml, string path = "/project/events.schema.yaml", Target target = Target.Net80) =>
        Generate(new[] { new InMemoryAdditionalText(path, yaml) }, target);

    /// <summary>The catalog diagnostics (EVC0xx) as an IDE or the build would show them: from the analyzer.</summary>
    public static ImmutableArray<Diagnostic> Analyze(IEnumerable<AdditionalText> catalogs, string? rootNamespace = "Consumer", Compilation? compilation = null, bool includeLint = false, bool includeLockInfo = false)
    {
        // Default severities here: the consumer compilations above turn warnings into errors.
        compilation ??= CreateCompilation();
        compilation = compilation.WithOptions(compilation.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Default));
        var options = new AnalyzerOptions(catalogs.ToImmutableArray(), TestOptionsProvider.WithRootNamespace(rootNamespace));
        CompilationWithAnalyzers withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create<DiagnosticAnalyzer>(new CatalogAnalyzer()),
            new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        ImmutableArray<Diagnostic> diagnostics = withAnalyzers.GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        Assert.That(diagnostics.Where(d => d.Id == "AD0001"), Is.Empty, "AD0001: the catalog analyzer threw");
        // The smells (EVC2xx, Info) have tests of their own (LintTests); here only the checks count.
        // EVC018 (Info: no compatibility lock yet) comes with every catalog here; LockTests test it.
        return diagnostics.Where(d => d.Id.StartsWith("EVC", System.StringComparison.Ordinal)
            && (includeLint || !d.Id.StartsWith("EVC2", System.StringComparison.Ordinal))
            && (includeLockInfo || d.Id != "EVC018")).ToImmutableArray();
    }

    /// <summary>ID, place and message of a diagnostic, to compare the generator's copy with the analyzer's.</summary>
    public static string Describe(Diagnostic d) => $"{d.Id} {d.Severity} {d.Location.GetLineSpan()} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The analyzer's errors, as <see cref="Describe"/> text: what the generator must report too.</summary>
    public static IEnumerable<string> Errors(ImmutableArray<Diagnostic> analyzerDiagnostics) =>
        analyzerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Describe).OrderBy(d => d, System.StringComparer.Ordinal);

    public static ImmutableArray<Diagnostic> Analyze(string yaml, string path = "/project/events.schema.yaml") =>
        Analyze(new[] { new InMemoryAdditionalText(path, yaml) });
}
