using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Generator.Parsing;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// The generator's promise: every catalog it accepts produces code that compiles with no diagnostic
/// under nullable + warnings-as-errors (+ XML doc checks), on net8.0 and on netstandard2.0 with C# 9;
/// every catalog it would not, it rejects with an EVC error and generates nothing for.
/// </summary>
public class CompilePropertyTests
{
    private const int Seed = 20261127;
    private const int RequiredAccepted = 500;
    private const int MaxAttempts = 2500;

    [Test]
    public void Random_catalogs_compile_cleanly_or_are_rejected_with_a_diagnostic()
    {
        // EVENTCATALOG_SEED explores other seeds locally; CI always runs the fixed one.
        int seed = int.TryParse(System.Environment.GetEnvironmentVariable("EVENTCATALOG_SEED"), out int chosen) ? chosen : Seed;
        var generator = new RandomCatalogs(seed);
        var catalogs = new List<string>();
        int accepted = 0;
        var rejectedBy = new ConcurrentDictionary<string, int>();
        while (accepted < RequiredAccepted && catalogs.Count < MaxAttempts)
        {
            string yaml = generator.Next();
            catalogs.Add(yaml);
            CatalogParseResult parsed = CatalogParser.Parse("/p/events.schema.yaml", SourceText.From(yaml), "Consumer", CancellationToken.None);
            if (parsed.HasErrors)
            {
                foreach (string id in parsed.Diagnostics.Where(d => d.IsError).Select(d => d.Id).Distinct())
                {
                    rejectedBy.AddOrUpdate(id, 1, (_, n) => n + 1);
                }
            }
            else
            {
                accepted++;
            }
        }

        TestContext.Out.WriteLine($"seed {seed}: {catalogs.Count} random catalogs, {accepted} accepted; rejected by: " +
            string.Join(", ", rejectedBy.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")));
        Assert.That(accepted, Is.GreaterThanOrEqualTo(RequiredAccepted), "the random catalogs should mostly be valid");
        Assert.That(rejectedBy.Keys, Is.SupersetOf(new[] { "EVC002", "EVC003", "EVC004", "EVC005", "EVC006", "EVC007" }), "the hostile names reach every rejection path");

        var failures = new ConcurrentBag<string>();
        Parallel.ForEach(catalogs, new ParallelOptions { MaxDegreeOfParallelism = 2 }, yaml =>
        {
            string? failure = Check(yaml);
            if (failure is not null)
            {
                failures.Add(failure);
            }
        });

        Assert.That(failures, Is.Empty, "first failures:\n" + string.Join("\n=====\n", failures.Take(3)));
    }

    private static string? Check(string yaml)
    {
        var catalogs = new[] { new InMemoryAdditionalText("/p/events.schema.yaml", yaml) };
        CatalogParseResult parsed = CatalogParser.Parse("/p/events.schema.yaml", SourceText.From(yaml), "Consumer", CancellationToken.None);
        foreach ((Target target, LanguageVersion version) in new[] { (Target.Net80, LanguageVersion.CSharp12), (Target.NetStandard20, LanguageVersion.CSharp9) })
        {
            GeneratorOutcome outcome = GeneratorHarness.Generate(catalogs, target, "Consumer", version);
            string[] expected = parsed.Diagnostics.Where(d => d.IsReportedByGenerator).Select(d => d.Id).OrderBy(id => id).ToArray();
            string[] reported = outcome.CompilerDiagnostics.Select(d => d.Id).OrderBy(id => id).ToArray();
            if (!expected.SequenceEqual(reported))
            {
                return $"the generator's errors [{string.Join(", ", reported)}] are not the parser's [{string.Join(", ", expected)}]:\n{yaml}";
            }

            // One mistake, one error: a rejected catalog generates what its errors do not touch (parsed.Generated), and
            // that compiles with no diagnostic either, so no compiler error ever points into generated code.
            if (parsed.HasErrors && parsed.Generated is null && outcome.HintNames.Any(h => h != "EventCatalog.IsExternalInit.g.cs"))
            {
                return $"a catalog broken in its own keys generated code:\n{yaml}";
            }

            var diagnostics = outcome.OutputDiagnostics();
            if (diagnostics.Length > 0)
            {
                return $"{target} / C# {version.ToDisplayString()}:\n{yaml}\n{string.Join("\n", diagnostics.Take(5))}";
            }
        }

        return null;
    }
}
