using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using EventCatalog.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Benchmarks;

/// <summary>
/// <c>--generator-profile [events] [runs]</c>: runs the generator's full driver on a synthetic catalog in a loop and
/// prints, per event, the time and bytes of a whole run beside those of merely parsing the generated text (what the
/// driver does with every output and the generator cannot avoid). Meant to run under <c>dotnet-trace</c> and
/// <c>dotnet-counters</c>; not BenchmarkDotNet, so no statistics beyond a median.
/// </summary>
internal static class GeneratorProfileHarness
{
    public static int Run(int events, int runs, TextWriter output)
    {
        CSharpCompilation compilation = CSharpCompilation.Create("Consumer", new[] { CSharpSyntaxTree.ParseText("class Placeholder { }") }, Inputs.References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var catalog = new AdditionalText[] { new InMemoryText("/p/events.schema.yaml", Inputs.SyntheticCatalog(events)) };
        var options = new TestOptions(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Consumer" });
        var parseOptions = (CSharpParseOptions)compilation.SyntaxTrees[0].Options;

        string generated = string.Empty;
        var full = new List<(double Ms, long Bytes)>();
        var parseOnly = new List<(double Ms, long Bytes)>();
        for (int i = 0; i < runs; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new CatalogGenerator().AsSourceGenerator() }, catalog, parseOptions, options);
            GeneratorRunResult result = driver.RunGenerators(compilation).GetRunResult().Results[0];
            watch.Stop();
            full.Add((watch.Elapsed.TotalMilliseconds, GC.GetAllocatedBytesForCurrentThread() - before));
            if (result.Exception is not null || result.GeneratedSources.IsEmpty)
            {
                throw new InvalidOperationException("The generator produced nothing: " + result.Exception);
            }

            generated = result.GeneratedSources[0].SourceText.ToString();

            before = GC.GetAllocatedBytesForCurrentThread();
            watch.Restart();
            SyntaxTree tree = CSharpSyntaxTree.ParseText(SourceText.From(generated, System.Text.Encoding.UTF8), parseOptions);
            _ = tree.GetRoot();
            watch.Stop();
            parseOnly.Add((watch.Elapsed.TotalMilliseconds, GC.GetAllocatedBytesForCurrentThread() - before));
        }

        static (double Ms, long Bytes) Median(List<(double Ms, long Bytes)> samples) =>
            (samples.Select(s => s.Ms).OrderBy(m => m).ElementAt(samples.Count / 2), samples.Select(s => s.Bytes).OrderBy(b => b).ElementAt(samples.Count / 2));

        var (fullMs, fullBytes) = Median(full);
        var (parseMs, parseBytes) = Median(parseOnly);
        output.WriteLine(FormattableString.Invariant($"events={events} runs={runs} generated={generated.Length:N0} chars ({generated.Length / (double)events:N0} per event)"));
        output.WriteLine(FormattableString.Invariant($"full driver run:         {fullMs,10:N2} ms {fullMs * 1000 / events,8:N1} us/event {fullBytes / 1024.0,12:N1} KB {fullBytes / 1024.0 / events,8:N2} KB/event"));
        output.WriteLine(FormattableString.Invariant($"parse of generated text: {parseMs,10:N2} ms {parseMs * 1000 / events,8:N1} us/event {parseBytes / 1024.0,12:N1} KB {parseBytes / 1024.0 / events,8:N2} KB/event"));
        return 0;
    }
}
