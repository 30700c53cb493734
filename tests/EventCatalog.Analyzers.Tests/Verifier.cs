using System.Threading.Tasks;
using EventCatalog.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace EventCatalog.Analyzers.Tests;

/// <summary>The catalogs a test compiles besides ExESDB's (always there).</summary>
[System.Flags]
internal enum With
{
    ExESDBOnly = 0,
    Jobs = 1,

    /// <summary>The Shop catalog, on the default template <c>{store}:{category}</c>.</summary>
    Shop = 2,
}

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

    /// <summary>Usings for code against the Shop catalog (the default template); ExESDB's types stay reachable by their full names.</summary>
    public const string ShopUsings = """
        using System;
        using System.Threading.Tasks;
        using EventCatalog;
        using Shop;

        """;

    /// <summary>A consumer of the Shop catalog with an <c>IPubSub bus</c>, a <c>string store</c> and a <c>string text</c>, around <paramref name="statements"/>.</summary>
    public static string ShopPublish(string statements) => ShopUsings + $$"""
        class Node
        {
            async Task Run(IPubSub bus, string store, string text)
            {
                {{statements}}
            }
        }
        """;

    public static DiagnosticResult Diagnostic(string id) => new(id, id == "EVC100" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning);

    public static Task AnalyzeAsync(string source, params DiagnosticResult[] expected) => AnalyzeAsync(source, With.ExESDBOnly, expected);

    public static async Task AnalyzeAsync(string source, With with, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<PublishAnalyzer, DefaultVerifier> { TestCode = source };
        Configure(test.TestState, with);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>
    /// Applies the code fix one diagnostic at a time, to <paramref name="fixedSource"/>, and as Fix All
    /// (document, project, solution), to <paramref name="batchFixedSource"/> (default: the same).
    /// <paramref name="incremental"/> and <paramref name="fixAll"/>, when given, are the exact numbers of
    /// passes each takes (a Fix All that converges takes one). Markup in the fixed sources marks the
    /// diagnostics that must remain (where no safe fix exists).
    /// </summary>
    public static async Task FixAsync(string source, string fixedSource, With with = With.ExESDBOnly, int? incremental = null, int? fixAll = null, string? batchFixedSource = null)
    {
        var test = new CSharpCodeFixTest<PublishAnalyzer, PublishCodeFixProvider, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
        };
        Configure(test.TestState, with);
        Configure(test.FixedState, with);
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        if (batchFixedSource is not null)
        {
            test.BatchFixedCode = batchFixedSource;
            Configure(test.BatchFixedState, with);
            test.BatchFixedState.MarkupHandling = MarkupMode.Allow;
        }

        if (incremental is { } n)
        {
            test.NumberOfIncrementalIterations = n;
        }

        if (fixAll is { } m)
        {
            test.NumberOfFixAllIterations = m;
            test.NumberOfFixAllInDocumentIterations = m;
            test.NumberOfFixAllInProjectIterations = m;
        }

        await test.RunAsync();
    }

    internal static void Configure(SolutionState state, With with)
    {
        state.ReferenceAssemblies = ReferenceAssemblies.Net.Net80;
        state.Sources.Add(("ExESDB.Events.g.cs", Catalogs.ExESDB));
        if ((with & With.Jobs) != 0)
        {
            state.Sources.Add(("Jobs.JobEvents.g.cs", Catalogs.Jobs));
        }

        if ((with & With.Shop) != 0)
        {
            state.Sources.Add(("Shop.Events.g.cs", Catalogs.Shop));
        }

        state.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(ICatalogEvent).Assembly.Location));
    }
}
