using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Generator;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using NUnit.Framework;

namespace EventCatalog.Analyzers.Tests;

/// <summary>
/// The analyzers over a large body of real C#: this repository's own sources and tests, compiled
/// together (references partly missing, so there are broken and error-typed operations too).
/// No analyzer may throw (AD0001).
/// </summary>
public class RealCodeTests
{
    [Test]
    public async Task Repository_sources_produce_no_AD0001()
    {
        string root = RepoPaths.Root;
        string[] files = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)
                && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar)
                && !f.EndsWith(".verified.cs", StringComparison.Ordinal)
                && !f.EndsWith(".received.cs", StringComparison.Ordinal))
            .ToArray();
        Assert.That(files.Length, Is.GreaterThan(60));

        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        IEnumerable<SyntaxTree> trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f))
            .Append(CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(root, "tests", "EventCatalog.Generator.Tests", "Snapshots", "RootCatalog.verified.cs")), parse, "ExESDB.Events.g.cs"));
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Everything",
            trees,
            Basic.Reference.Assemblies.Net80.References.All.Append(MetadataReference.CreateFromFile(typeof(ICatalogEvent).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var failures = new ConcurrentBag<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, diagnostic) => failures.Add($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: true);
        CompilationWithAnalyzers withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create<DiagnosticAnalyzer>(new PublishAnalyzer(), new CatalogAnalyzer()), options);
        ImmutableArray<Diagnostic> diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);

        Assert.That(failures, Is.Empty);
        Assert.That(diagnostics.Where(d => d.Id == "AD0001"), Is.Empty);

        // The run reached real publish sites: the tests' deliberate, #pragma-suppressed constants.
        Assert.That(diagnostics.Where(d => d.Id == "EVC103" && d.IsSuppressed).Count(), Is.GreaterThanOrEqualTo(3));
        Assert.That(diagnostics.Where(d => d.Id == "EVC101" && d.IsSuppressed), Is.Not.Empty);
        Assert.That(diagnostics.Where(d => d.Id.StartsWith("EVC", StringComparison.Ordinal) && !d.IsSuppressed), Is.Empty,
            "the repository's own code has no unsuppressed EventCatalog diagnostics");
    }
}
