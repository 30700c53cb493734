using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using EventCatalog.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EventCatalog.Benchmarks;

/// <summary>
/// A full generator run per catalog size (the cost must grow linearly with the events), and beside it
/// Microsoft.CodeAnalysis.ResxSourceGenerator on a .resx with as many entries (the closest peer, a
/// non-C# file turned into typed accessors) and the System.Text.Json source generator over records written by
/// hand for the same events with a <c>JsonSerializerContext</c> (what a user would otherwise run to get a
/// reflection-free serializer for them), each through the same driver harness in the same run.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private AdditionalText[] _catalog = null!;
    private AdditionalText[] _resx = null!;
    private ISourceGenerator _resxGenerator = null!;
    private CSharpCompilation _stjCompilation = null!;
    private ISourceGenerator _stjGenerator = null!;
    private TestOptions _options = null!;

    /// <summary>63 is the root catalog; the others are synthetic.</summary>
    [Params(63, 200, 2_000, 10_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _compilation = CSharpCompilation.Create("Consumer", new[] { CSharpSyntaxTree.ParseText("class Placeholder { }") }, Inputs.References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        string yaml = Events == 63 ? Inputs.RootCatalog() : Inputs.SyntheticCatalog(Events);
        _catalog = new AdditionalText[] { new InMemoryText("/p/events.schema.yaml", yaml) };
        _resx = new AdditionalText[] { new InMemoryText("/p/Resources.resx", Inputs.Resx(Events)) };
        _resxGenerator = Inputs.ResxGenerator();
        _stjCompilation = _compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Inputs.SystemTextJsonRecords(Events), (CSharpParseOptions)_compilation.SyntaxTrees[0].Options, "/p/Records.cs"));
        _stjGenerator = Inputs.SystemTextJsonGenerator();
        _options = new TestOptions(new Dictionary<string, string>
        {
            ["build_property.RootNamespace"] = "Consumer",
            ["build_property.MSBuildProjectDirectory"] = "/p",
            ["build_metadata.AdditionalFiles.RelativeDir"] = "",
        });

        // Both sides must really generate, or the comparison means nothing.
        if (EventCatalogGenerator() == 0 || ResxSourceGenerator() == 0 || SystemTextJsonSourceGenerator() == 0)
        {
            throw new System.InvalidOperationException("A generator produced no source; check its inputs.");
        }
    }

    [Benchmark(Baseline = true)]
    public int EventCatalogGenerator() => Run(new CatalogGenerator().AsSourceGenerator(), _catalog);

    [Benchmark]
    public int ResxSourceGenerator() => Run(_resxGenerator, _resx);

    [Benchmark]
    public int SystemTextJsonSourceGenerator() => Run(_stjGenerator, System.Array.Empty<AdditionalText>(), _stjCompilation);

    private int Run(ISourceGenerator generator, AdditionalText[] texts, CSharpCompilation? compilation = null)
    {
        compilation ??= _compilation;
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generator }, texts, (CSharpParseOptions)compilation.SyntaxTrees[0].Options, _options);
        GeneratorRunResult result = driver.RunGenerators(compilation).GetRunResult().Results[0];
        if (result.Exception is not null)
        {
            throw new System.InvalidOperationException($"{generator.GetGeneratorType().Name} threw.", result.Exception);
        }

        return result.GeneratedSources.Sum(s => s.SourceText.Length);
    }
}

/// <summary>The IDE's case: an edit to one C# file of a 1,000-file project, with the root catalog present.</summary>
[MemoryDiagnoser]
public class IncrementalGeneratorBenchmarks
{
    private CSharpCompilation _before = null!;
    private CSharpCompilation _after = null!;
    private GeneratorDriver _driver = null!;
    private bool _flip;

    [GlobalSetup]
    public void Setup()
    {
        IEnumerable<SyntaxTree> files = Enumerable.Range(0, 1_000).Select(i =>
            CSharpSyntaxTree.ParseText($"namespace App {{ public static class File{i} {{ public static int Value() => {i}; }} }}", path: $"File{i}.cs"));
        _before = CSharpCompilation.Create("App", files, Inputs.References(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        SyntaxTree edited = CSharpSyntaxTree.ParseText("namespace App { public static class File0 { public static int Value() => 42; } }", path: "File0.cs");
        _after = _before.ReplaceSyntaxTree(_before.SyntaxTrees.First(), edited);
        _driver = CSharpGeneratorDriver.Create(
            new[] { new CatalogGenerator().AsSourceGenerator() },
            new AdditionalText[] { new InMemoryText("/p/events.schema.yaml", Inputs.RootCatalog()) },
            (CSharpParseOptions)_before.SyntaxTrees.First().Options,
            new TestOptions(new Dictionary<string, string>()));
        _driver = _driver.RunGenerators(_before);
    }

    [Benchmark]
    public GeneratorDriver RunAfterUnrelatedEdit()
    {
        _flip = !_flip;
        _driver = _driver.RunGenerators(_flip ? _after : _before);
        return _driver;
    }
}
