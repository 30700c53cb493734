using System;
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
/// with an analyzer that registers the same operation callback and does nothing (the baseline: the cost of
/// any operation analyzer being there), and with none (compiler diagnostics only). Each run starts from a
/// fresh clone, so no binding is cached. Every run checks its diagnostic count against the count the inputs
/// imply (<see cref="ExpectedWrongCategory"/>), so an analyzer that stopped finding problems cannot look fast.
/// </summary>
/// <remarks>
/// On a shared 2-core machine BenchmarkDotNet's sequential runs drift with the load between them; the ratio
/// with a confidence band comes from <c>--analyzer-ratio</c> (<see cref="AnalyzerRatioHarness"/>), which
/// alternates the two analyzers run by run on this same input.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class AnalyzerBenchmarks
{
    /// <summary>The topic forms of the publish sites, with the category each resolves to in the root catalog.</summary>
    private static readonly (string Code, string Category)[] s_topics =
    {
        ("Events.Topics.Cluster(store)", "cluster"),
        ("Events.Topics.Persistence(store)", "persistence"),
        ("$\"exesdb:control:{store}:gateway\"", "gateway"),
        ("\"exesdb:control:main:cluster\"", "cluster"),
        ("Events.BuildTopic(store, Events.Category.System)", "system"),
    };

    /// <summary>The published messages, with their event's category in the root catalog (null: not a catalog event, never reported).</summary>
    private static readonly (string Code, string? Category)[] s_events =
    {
        ("new ClusterJoined(\"n\")", "cluster"),
        ("new EventsPersisted(\"s\", 1)", "persistence"),
        ("Events.BuildPayload(new GatewayWorkerStarted(\"w\"))", "gateway"),
        ("new SystemReady(\"s\", new string[0])", "system"),
        ("(object)\"opaque\"", null),
    };

    /// <summary>
    /// The subscribed topics of the reader each file also has (issue 22), with the EVC104 and EVC105 each gives: the reader
    /// tests ClusterJoined and EventsPersisted in a switch and GatewayWorkerStarted with <c>is</c>. In the root catalog
    /// (ExESDB's) cluster and persistence have more events than the switch handles, so it misses some there (one EVC105);
    /// on gateway and system topics the switch handles none of the topic's events (no EVC105).
    /// </summary>
    private static readonly (string Code, int ImpossibleTests, int MissingCases)[] s_reads =
    {
        ("Events.Topics.Cluster(store)", 2, 1),
        ("Events.Topics.Persistence(store)", 2, 1),
        ("$\"exesdb:control:{store}:gateway\"", 2, 0),
        ("Events.BuildTopic(store, Events.Category.System)", 3, 0),
    };

    private CSharpCompilation _compilation = null!;
    private int _compilerDiagnostics;

    /// <summary>
    /// EVC100 diagnostics the input must produce: one per site whose event is a catalog event of another category
    /// than its topic's, counted from the tables above as the files are written (6,000 of the 10,000 sites).
    /// </summary>
    public int ExpectedWrongCategory { get; private set; }

    /// <summary>EVC104 and EVC105 diagnostics the input must produce, counted from <see cref="s_reads"/> as the files are written.</summary>
    public (int ImpossibleTests, int MissingCases) ExpectedSubscribers { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        (_compilation, ExpectedWrongCategory, ExpectedSubscribers) = Build();
        _compilerDiagnostics = _compilation.Clone().GetDiagnostics().Length;
        if (_compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            // csc drops analyzer diagnostics when C# errors exist: the input must compile.
            throw new InvalidOperationException("The benchmark input does not compile: " + _compilation.GetDiagnostics().First(d => d.Severity == DiagnosticSeverity.Error));
        }
    }

    /// <summary>The compilation (root catalog generated in, 1,000 publisher files) and the EVC100 count it implies.</summary>
    public static (CSharpCompilation Compilation, int ExpectedWrongCategory, (int ImpossibleTests, int MissingCases) ExpectedSubscribers) Build()
    {
        CSharpCompilation empty = CSharpCompilation.Create("App", new[] { CSharpSyntaxTree.ParseText("namespace App { }") }, Inputs.References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new CatalogGenerator().AsSourceGenerator() },
            new AdditionalText[] { new InMemoryText("/p/events.schema.yaml", Inputs.RootCatalog()) });
        driver.RunGeneratorsAndUpdateCompilation(empty, out Compilation withCatalog, out _);

        int expected = 0;
        int impossible = 0;
        int missing = 0;
        var files = new List<SyntaxTree>();
        for (int f = 0; f < 1_000; f++)
        {
            var calls = new List<string>();
            for (int i = 0; i < 10; i++)
            {
                var topic = s_topics[(f + i) % s_topics.Length];
                var evt = s_events[(f * 3 + i) % s_events.Length];
                calls.Add($"        await bus.BroadcastAsync({topic.Code}, {evt.Code});");
                if (evt.Category is not null && evt.Category != topic.Category)
                {
                    expected++;
                }
            }

            var read = s_reads[f % s_reads.Length];
            impossible += read.ImpossibleTests;
            missing += read.MissingCases;
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

                        public static async Task Read(IPubSub bus, string store)
                        {
                            await foreach (object message in bus.Subscribe({{read.Code}}))
                            {
                                switch (message)
                                {
                                    case ClusterJoined joined:
                                        break;
                                    case EventPayload<EventsPersisted> persisted:
                                        break;
                                }

                                if (message is GatewayWorkerStarted)
                                {
                                }
                            }
                        }
                    }
                }
                """, (CSharpParseOptions)empty.SyntaxTrees[0].Options, $"Publisher{f}.cs"));
        }

        return ((CSharpCompilation)withCatalog.AddSyntaxTrees(files), expected, (impossible, missing));
    }

    [Benchmark]
    public int NoAnalyzer() => Check("no analyzer", _compilation.Clone().GetDiagnostics(), expectedFromAnalyzer: 0);

    [Benchmark(Baseline = true)]
    public int EmptyAnalyzer() => Check("the empty analyzer", Analyze(_compilation, new EmptyOperationAnalyzer()), expectedFromAnalyzer: 0);

    [Benchmark]
    public int EventCatalogAnalyzer() => Check("PublishAnalyzer", Analyze(_compilation, new PublishAnalyzer()), ExpectedWrongCategory);

    [Benchmark]
    public int SubscriberAnalyzer() => Check("SubscriptionAnalyzer", Analyze(_compilation, new SubscriptionAnalyzer()), ExpectedSubscribers);

    /// <summary>All diagnostics (the compiler's and the analyzer's) of a fresh clone of <paramref name="compilation"/>.</summary>
    public static ImmutableArray<Diagnostic> Analyze(CSharpCompilation compilation, DiagnosticAnalyzer analyzer)
    {
        CompilationWithAnalyzers analysis = compilation.Clone().WithAnalyzers(ImmutableArray.Create(analyzer));
        return analysis.GetAllDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Throws unless the run gave the compiler's diagnostics plus exactly <paramref name="expectedFromAnalyzer"/> EVC100s.</summary>
    private int Check(string what, ImmutableArray<Diagnostic> diagnostics, int expectedFromAnalyzer)
    {
        int wrongCategory = diagnostics.Count(d => d.Id == "EVC100");
        if (wrongCategory != expectedFromAnalyzer || diagnostics.Length != _compilerDiagnostics + expectedFromAnalyzer)
        {
            throw new InvalidOperationException(
                $"With {what}: {diagnostics.Length} diagnostics ({wrongCategory} EVC100), expected {_compilerDiagnostics + expectedFromAnalyzer} ({expectedFromAnalyzer} EVC100).");
        }

        return diagnostics.Length;
    }

    /// <summary>Throws unless the run gave the compiler's diagnostics plus exactly the expected EVC104s and EVC105s.</summary>
    private int Check(string what, ImmutableArray<Diagnostic> diagnostics, (int ImpossibleTests, int MissingCases) expected) =>
        CheckSubscribers(what, diagnostics, _compilerDiagnostics, expected);

    /// <summary>The subscriber analyzer's exact count: <paramref name="compilerDiagnostics"/> plus the expected EVC104s and EVC105s, nothing else.</summary>
    public static int CheckSubscribers(string what, ImmutableArray<Diagnostic> diagnostics, int compilerDiagnostics, (int ImpossibleTests, int MissingCases) expected)
    {
        int impossible = diagnostics.Count(d => d.Id == "EVC104");
        int missing = diagnostics.Count(d => d.Id == "EVC105");
        if (impossible != expected.ImpossibleTests || missing != expected.MissingCases || diagnostics.Length != compilerDiagnostics + impossible + missing)
        {
            throw new InvalidOperationException(
                $"With {what}: {diagnostics.Length} diagnostics ({impossible} EVC104, {missing} EVC105), expected {compilerDiagnostics + expected.ImpossibleTests + expected.MissingCases} ({expected.ImpossibleTests} EVC104, {expected.MissingCases} EVC105).");
        }

        return diagnostics.Length;
    }

    /// <summary>Registers what the publish analyzer registers, and does nothing: the cost of being there.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    internal sealed class EmptyOperationAnalyzer : DiagnosticAnalyzer
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
