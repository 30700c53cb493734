using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using EventCatalog.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EventCatalog.Benchmarks;

/// <summary>
/// <c>--analyzer-ratio [pairs]</c>: PublishAnalyzer against the empty operation analyzer on
/// <see cref="AnalyzerBenchmarks"/>' 10,000-site compilation, as a ratio with a confidence band that a shared
/// machine cannot blur. The two run alternately (which goes first swaps every pair), each on a fresh clone, so a
/// change of load hits both sides of a pair alike; the result is the median of the per-pair time ratios with a
/// 95 % bootstrap interval of that median. Every run's diagnostics are checked as in the benchmark.
/// </summary>
internal static class AnalyzerRatioHarness
{
    public static int Run(int pairs, TextWriter output)
    {
        (CSharpCompilation compilation, int expected, (int ImpossibleTests, int MissingCases) subscribers) = AnalyzerBenchmarks.Build();
        int compilerDiagnostics = compilation.Clone().GetDiagnostics().Length;

        double Measure(DiagnosticAnalyzerKind kind)
        {
            var watch = Stopwatch.StartNew();
            ImmutableArray<Diagnostic> diagnostics = AnalyzerBenchmarks.Analyze(compilation,
                kind switch
                {
                    DiagnosticAnalyzerKind.Empty => new AnalyzerBenchmarks.EmptyOperationAnalyzer(),
                    DiagnosticAnalyzerKind.Subscription => new SubscriptionAnalyzer(),
                    _ => new PublishAnalyzer(),
                });
            watch.Stop();
            if (kind == DiagnosticAnalyzerKind.Subscription)
            {
                AnalyzerBenchmarks.CheckSubscribers("SubscriptionAnalyzer", diagnostics, compilerDiagnostics, subscribers);
                return watch.Elapsed.TotalMilliseconds;
            }

            int wanted = kind == DiagnosticAnalyzerKind.Empty ? 0 : expected;
            int found = diagnostics.Count(d => d.Id == "EVC100");
            if (found != wanted || diagnostics.Length != compilerDiagnostics + wanted)
            {
                throw new InvalidOperationException($"{kind}: {diagnostics.Length} diagnostics ({found} EVC100), expected {compilerDiagnostics + wanted} ({wanted} EVC100). Others: " + string.Join("; ", diagnostics.Where(d => d.Id != "EVC100").Take(5)));
            }

            return watch.Elapsed.TotalMilliseconds;
        }

        // Warm-up: JIT, and the metadata both share.
        Measure(DiagnosticAnalyzerKind.Empty);
        Measure(DiagnosticAnalyzerKind.Publish);
        Measure(DiagnosticAnalyzerKind.Subscription);

        var empty = new List<double>();
        var publish = new List<double>();
        var ratios = new List<double>();
        var subscription = new List<double>();
        var subscriptionRatios = new List<double>();
        for (int i = 0; i < pairs; i++)
        {
            double e, p;
            if (i % 2 == 0)
            {
                e = Measure(DiagnosticAnalyzerKind.Empty);
                p = Measure(DiagnosticAnalyzerKind.Publish);
            }
            else
            {
                p = Measure(DiagnosticAnalyzerKind.Publish);
                e = Measure(DiagnosticAnalyzerKind.Empty);
            }

            empty.Add(e);
            publish.Add(p);
            ratios.Add(p / e);

            // The subscriber analyzer (issue 22) against a fresh empty run of its own, in the same alternation.
            double e2, s2;
            if (i % 2 == 0)
            {
                e2 = Measure(DiagnosticAnalyzerKind.Empty);
                s2 = Measure(DiagnosticAnalyzerKind.Subscription);
            }
            else
            {
                s2 = Measure(DiagnosticAnalyzerKind.Subscription);
                e2 = Measure(DiagnosticAnalyzerKind.Empty);
            }

            subscription.Add(s2);
            subscriptionRatios.Add(s2 / e2);
        }

        output.WriteLine(FormattableString.Invariant($"{pairs} pairs on {expected:N0} expected EVC100 and {subscribers.ImpossibleTests:N0} EVC104 + {subscribers.MissingCases:N0} EVC105 (checked every run), compiler diagnostics {compilerDiagnostics}"));
        output.WriteLine(FormattableString.Invariant($"empty analyzer:        median {Median(empty),9:N1} ms  (min {empty.Min(),9:N1}, max {empty.Max(),9:N1})"));
        output.WriteLine(FormattableString.Invariant($"PublishAnalyzer:       median {Median(publish),9:N1} ms  (min {publish.Min(),9:N1}, max {publish.Max(),9:N1})"));
        output.WriteLine("PublishAnalyzer " + Interval(ratios));
        output.WriteLine(FormattableString.Invariant($"SubscriptionAnalyzer:  median {Median(subscription),9:N1} ms  (min {subscription.Min(),9:N1}, max {subscription.Max(),9:N1})"));
        output.WriteLine("SubscriptionAnalyzer " + Interval(subscriptionRatios));
        return 0;
    }

    /// <summary>The median of per-pair ratios with a 95 % bootstrap interval of that median.</summary>
    private static string Interval(List<double> ratios)
    {
        var random = new Random(13);
        var medians = new List<double>();
        for (int b = 0; b < 10_000; b++)
        {
            var sample = new double[ratios.Count];
            for (int k = 0; k < sample.Length; k++)
            {
                sample[k] = ratios[random.Next(ratios.Count)];
            }

            medians.Add(Median(sample));
        }

        medians.Sort();
        return FormattableString.Invariant($"ratio (median of per-pair ratios): {Median(ratios):F3}, 95 % bootstrap interval [{medians[250]:F3}, {medians[9_750]:F3}]");
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private enum DiagnosticAnalyzerKind
    {
        Empty,
        Publish,
        Subscription,
    }
}
