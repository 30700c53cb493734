using System.Threading.Tasks;
using EventCatalog.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace EventCatalog.Analyzers.Tests;

/// <summary>Runs PublishAnalyzer (and its code fix) with Microsoft.CodeAnalysis.Testing over a consumer of the test catalogs.</summary>
internal static class Verifier
{
    public const string Usings = """
        using System.Threading.Tasks;
        using EventCatalog;
        using ExESDB;

        """;

    /// <summary>A consumer method with an <c>IPubSub bus</c> and a <c>string store</c>, around <paramref name="statements"/>.</summary>
    public static string Publish(string statements) => Usings + $$"""
        class Node
        {
            async Task Run(IPubSub bus, string store)
            {
                {{statements}}
            }
        }
        """;

    public static DiagnosticResult Diagnostic(string id) => new(id, id == "EVC100" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning);

    public static Task AnalyzeAsync(string source, params DiagnosticResult[] expected) => AnalyzeAsync(source, withJobs: false, expected);

    public static async Task AnalyzeAsync(string source, bool withJobs, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<PublishAnalyzer, DefaultVerifier> { TestCode = source };
        Configure(test.TestState, withJobs);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    public static async Task FixAsync(string source, string fixedSource, int? iterations = null)
    {
        var test = new CSharpCodeFixTest<PublishAnalyzer, PublishCodeFixProvider, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
        };
        Configure(test.TestState, withJobs: false);
        Configure(test.FixedState, withJobs: false);
        if (iterations is { } n)
        {
            test.NumberOfFixAllIterations = n;
            test.NumberOfIncrementalIterations = n;
        }

        await test.RunAsync();
    }

    private static void Configure(SolutionState state, bool withJobs)
    {
        state.ReferenceAssemblies = ReferenceAssemblies.Net.Net80;
        state.Sources.Add(("ExESDB.Events.g.cs", Catalogs.ExESDB));
        if (withJobs)
        {
            state.Sources.Add(("Jobs.JobEvents.g.cs", Catalogs.Jobs));
        }

        state.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(ICatalogEvent).Assembly.Location));
    }
}
