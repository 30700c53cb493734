using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace EventCatalog.Benchmarks;

/// <summary>
/// Runs every benchmark: <c>dotnet run -c Release --project benchmarks/EventCatalog.Benchmarks</c>.
/// <c>--quick</c> runs each once (a smoke run, no meaningful timing); any other arguments go to
/// BenchmarkDotNet (e.g. <c>--filter *PubSub*</c>). <c>--redis-pubsub</c> and <c>--nats-pubsub</c> run a bus-versus-raw-client
/// harness instead (<see cref="RedisPubSubHarness"/>, <see cref="NatsPubSubHarness"/>: messages per second and latency
/// percentiles; with <c>--quick</c>, a smoke run).
/// <c>--analyzer-ratio [pairs]</c> gives PublishAnalyzer's cost over the empty analyzer with a 95 % interval (<see cref="AnalyzerRatioHarness"/>).
/// <c>--pubsub-profile redis|nats|redis-signed|nats-signed|redis-raw|nats-raw|memory|memory-signed [seconds] [--allocations]</c> runs one side's throughput alone, round after round, for a profiler (<see cref="BusHarness.ProfileAsync"/>), with the types allocated most (<see cref="AllocationSampler"/>).
/// <c>--generator-profile [events] [runs]</c> runs the generator in a loop for a profiler (<see cref="GeneratorProfileHarness"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        bool quick = args.Contains("--quick");
        int window = Array.IndexOf(args, "--window");
        if (window >= 0)
        {
            BusHarness.Window = NumberAfter(args, window, 1) is int w and >= 1 ? w : throw new ArgumentException("--window takes a number of publishes in flight, at least 1.");
        }

        if (args.Contains("--redis-pubsub"))
        {
            // Throughput and latency percentiles, which BenchmarkDotNet's time per operation does not give: RedisPubSubHarness.
            return quick
                ? RedisPubSubHarness.RunAsync(messages: 2_000, latencyMessages: 500, ratePerSecond: 2_000, rounds: 1, Console.Out).GetAwaiter().GetResult()
                : RedisPubSubHarness.RunAsync(messages: 100_000, latencyMessages: 20_000, ratePerSecond: 5_000, rounds: 5, Console.Out, BusHarness.SweepRates).GetAwaiter().GetResult();
        }

        if (args.Contains("--nats-pubsub"))
        {
            // The same on NATS: NatsPubSubHarness.
            return quick
                ? NatsPubSubHarness.RunAsync(messages: 2_000, latencyMessages: 500, ratePerSecond: 2_000, rounds: 1, Console.Out).GetAwaiter().GetResult()
                : NatsPubSubHarness.RunAsync(messages: 100_000, latencyMessages: 20_000, ratePerSecond: 5_000, rounds: 5, Console.Out, BusHarness.SweepRates).GetAwaiter().GetResult();
        }

        int busProfile = Array.IndexOf(args, "--pubsub-profile");
        if (busProfile >= 0)
        {
            // The bus side's throughput alone, round after round, for perf / dotnet-trace: BusHarness.ProfileAsync.
            string engine = args.Length > busProfile + 1 ? args[busProfile + 1] : "redis";
            int seconds = NumberAfter(args, busProfile, 2) ?? 30;
            if (args.Contains("--codec"))
            {
                (double encode, double decode, double encodeBytes, double decodeBytes) = BusHarness.CodecCost(200_000);
                Console.WriteLine(FormattableString.Invariant($"encode {encode:0.00} µs {encodeBytes:N0} B, decode {decode:0.00} µs {decodeBytes:N0} B"));
                return 0;
            }

            if (!args.Contains("--allocations"))
            {
                return BusHarness.ProfileAsync(engine, seconds, Console.Out).GetAwaiter().GetResult();
            }

            using var sampler = new AllocationSampler();
            int code = BusHarness.ProfileAsync(engine, seconds, Console.Out).GetAwaiter().GetResult();
            sampler.Print(Console.Out);
            return code;
        }

        int profile = Array.IndexOf(args, "--generator-profile");
        if (profile >= 0)
        {
            // A loop for dotnet-trace / dotnet-counters, with its own per-event medians: GeneratorProfileHarness.
            int events = NumberAfter(args, profile, 1) ?? 2_000;
            int runs = NumberAfter(args, profile, 2) ?? 20;
            return GeneratorProfileHarness.Run(events, runs, Console.Out);
        }

        int ratio = Array.IndexOf(args, "--analyzer-ratio");
        if (ratio >= 0)
        {
            // PublishAnalyzer / empty analyzer, alternated run by run, with a bootstrap interval: AnalyzerRatioHarness.
            int pairs = NumberAfter(args, ratio, 1) ?? 15;
            return AnalyzerRatioHarness.Run(quick ? 1 : pairs, Console.Out);
        }

        string[] rest = args.Where(a => a != "--quick").ToArray();

        // In-process: no child project builds, the same process measures what it loaded.
        Job job = (quick ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        if (quick)
        {
            job = job.WithId("Quick");
        }

        IConfig config = DefaultConfig.Instance
            .AddJob(job)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | (quick ? ConfigOptions.JoinSummary : ConfigOptions.Default));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest.Length == 0 ? new[] { "--filter", "*" } : rest, config);
        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }

    /// <summary>The number <paramref name="offset"/> places after the option at <paramref name="option"/>, or null when there is none there (another option, or the end).</summary>
    private static int? NumberAfter(string[] args, int option, int offset) =>
        args.Length > option + offset && int.TryParse(args[option + offset], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value)
            ? value
            : null;
}
