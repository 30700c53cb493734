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

    [Test]
    public void Analyzer_ratio_harness_runs_one_checked_pair_in_quick_mode()
    {
        // Each run throws unless PublishAnalyzer reports exactly the 6,000 EVC100 and SubscriptionAnalyzer the 2,250 EVC104
        // and 500 EVC105 its input implies.
        DotNet.Result run = DotNet.Run(PackageFeed.RepoRoot, "run", "-c", "Release", "--project", "benchmarks/EventCatalog.Benchmarks", "--", "--analyzer-ratio", "--quick").ShouldSucceed();
        Assert.That(run.Output, Does.Contain("1 pairs on 6,000 expected EVC100 and 2,250 EVC104 + 500 EVC105 (checked every run), compiler diagnostics 0"));
        Assert.That(run.Output, Does.Contain("ratio (median of per-pair ratios): "));
    }

    [Test]
    public void Generator_profile_loop_runs_and_reports_per_event_figures()
    {
        DotNet.Result run = DotNet.Run(PackageFeed.RepoRoot, "run", "-c", "Release", "--project", "benchmarks/EventCatalog.Benchmarks", "--", "--generator-profile", "20", "2").ShouldSucceed();
        Assert.That(run.Output, Does.Contain("events=20 runs=2 generated="));
        Assert.That(run.Output, Does.Contain("full driver run:"));
        Assert.That(run.Output, Does.Contain("parse of generated text:"));
    }

    [Test]
    public void Redis_pubsub_harness_runs_once_in_quick_mode_on_its_own_redis_server()
    {
        // Needs redis-server on the PATH (or EVENTCATALOG_REDIS), as the Redis tests do: `bash .ci/test.sh` installs it.
        DotNet.Result run = DotNet.Run(PackageFeed.RepoRoot, "run", "-c", "Release", "--project", "benchmarks/EventCatalog.Benchmarks", "--", "--redis-pubsub", "--quick").ShouldSucceed();
        Assert.That(run.Output, Does.Contain("| What (median of 1 rounds) | messages/s | p50 µs | p99 µs | max µs |"));
        Assert.That(run.Output, Does.Contain("| RedisPubSub | "));
        Assert.That(run.Output, Does.Contain("| raw StackExchange.Redis | "));
        Assert.That(run.Output, Does.Contain("| ratio bus / raw | "));
    }
}
