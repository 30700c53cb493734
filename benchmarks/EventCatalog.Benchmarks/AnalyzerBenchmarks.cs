using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using EventCatalog.Analyzers;
using EventCatalog.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EventCatalog.Benchmarks;

/// <summary>
/// A 1,000-file compilation with 10,000 publish sites, analysed with EventCatalog's publish analyzer,
/// with an analyzer that registers the same operation callback and does nothing, and with none
/// (compiler diagnostics only). Each run starts from a fresh clone, so no binding is cached.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    private CSharpCompilation _compilation = null!;

    [GlobalSetup]
    public void Setup()
    {
        CSharpCompilation empty = CSharpCompilation.Create("App", new[] { CSharpSyntaxTree.ParseText("namespace App { }") }, Inputs.References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new CatalogGenerator().AsSourceGenerator() },
            new AdditionalText[] { new InMemoryText("/p/events.schema.yaml", Inputs.RootCatalog()) });
        driver.RunGeneratorsAndUpdateCompilation(empty, out Compilation withCatalog, out _);

        string[] topics = { "Events.Topics.Cluster(store)", "Events.Topics.Persistence(store)", "$\"exesdb:control:{store}:gateway\"", "\"exesdb:control:main:cluster\"", "Events.BuildTopic(store, Events.Category.System)" };
        string[] events = { "new ClusterJoined(\"n\")", "new EventsPersisted(\"s\", 1)", "Events.BuildPayload(new GatewayWorkerStarted(\"w\"))", "new SystemReady(\"s\", new string[0])", "(object)\"opaque\"" };
        var files = new List<SyntaxTree>();
        for (int f = 0; f < 1_000; f++)
        {
            var calls = Enumerable.Range(0, 10).Select(i => $"        await bus.BroadcastAsync({topics[(f + i) % topics.Length]}, {events[(f * 3 + i) % events.Length]});");
            files.Add(CSharpSyntaxTree.ParseText($$"""
                using System.Threading.Tasks;
                using EventCatalog;
                using ExESDB;
                namespace App
                {
                    public static class Publisher{{f}}
                    {
                        public static async Task Run(IPubSub bus, string store)
                        {
                {{string.Join("\n", calls)}}
                        }
                    }
                }
                """, (CSharpParseOptions)empty.SyntaxTrees[0].Options, $"Publisher{f}.cs"));
        }

        _compilation = (CSharpCompilation)withCatalog.AddSyntaxTrees(files);
    }

    [Benchmark(Baseline = true)]
    public int NoAnalyzer() => _compilation.Clone().GetDiagnostics().Length;

    [Benchmark]
    public int EmptyAnalyzer() => Analyze(new EmptyOperationAnalyzer());

    [Benchmark]
    public int EventCatalogAnalyzer() => Analyze(new PublishAnalyzer());

    private int Analyze(DiagnosticAnalyzer analyzer)
    {
        CompilationWithAnalyzers analysis = _compilation.Clone().WithAnalyzers(ImmutableArray.Create(analyzer));
        return analysis.GetAllDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult().Length;
    }

    /// <summary>Registers what the publish analyzer registers, and does nothing: the cost of being there.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class EmptyOperationAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor s_unused = new("BENCH001", "unused", "unused", "Bench", DiagnosticSeverity.Hidden, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(s_unused);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
        }
    }
}
