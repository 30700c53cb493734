using NUnit.Framework;

namespace EventCatalog.EndToEnd.Tests;

/// <summary>
/// The benchmarks keep compiling and running: every benchmark once, in quick mode. No timing is
/// asserted here; numbers come from the full run (docs/benchmarks.md).
/// </summary>
public class BenchmarkSmokeTests
{
    [Test]
    public void Every_benchmark_runs_once_in_quick_mode()
    {
        DotNet.Result run = DotNet.Run(PackageFeed.RepoRoot, "run", "-c", "Release", "--project", "benchmarks/EventCatalog.Benchmarks", "--", "--quick").ShouldSucceed();
        foreach (string benchmark in new[] { "RuntimeBenchmarks", "GeneratorBenchmarks", "IncrementalGeneratorBenchmarks", "AnalyzerBenchmarks", "PubSubBenchmarks" })
        {
            Assert.That(run.Output, Does.Contain("| " + benchmark), benchmark);
        }

        Assert.That(run.Output, Does.Not.Contain("Benchmarks with issues"));
    }
}
