using System.Collections.Immutable;
using System.Linq;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>The catalog smells (EVC2xx) as the IDE gets them: from the catalog analyzer, at Info severity.</summary>
public class LintTests
{
    private static ImmutableArray<Diagnostic> Smells(string yaml) =>
        GeneratorHarness.Analyze(new[] { new InMemoryAdditionalText("/project/events.schema.yaml", yaml) }, includeLint: true)
            .Where(d => d.Id.StartsWith("EVC2", System.StringComparison.Ordinal)).ToImmutableArray();

    private static string Describe(Diagnostic d)
    {
        var start = d.Location.GetLineSpan().StartLinePosition;
        return $"{d.Id} {d.Severity} ({start.Line + 1},{start.Character + 1}) {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    [Test]
    public void The_seed_smells_are_reported_at_info_severity_where_the_names_are_written()
    {
        const string yaml = """
            categories:
              leadership:
                description: Leadership
                events:
                  leadership_lost: { description: Lost. }
                  leadership_lost_event: { description: Lost again. }
              coordination:
                description: Coordination
                events:
                  subscription_started:
                    description: Started.
                  coordination_started: {}
              subscriptions:
                events:
                  subscription_registered: { description: Registered. }
            """;
        Assert.That(Smells(yaml).Select(Describe), Is.EqualTo(new[]
        {
            "EVC200 Info (6,7) Event 'leadership_lost_event' is event 'leadership_lost' (line 5) with 'event' added: one event under two names, or two that need clearer names?",
            "EVC201 Info (10,7) Event 'subscription_started' is in category 'coordination' but its name says 'subscriptions': move it, or rename it",
            "EVC202 Info (12,7) The event 'coordination_started' has no description: the generated docs, the AsyncAPI export and the docs page show none",
            "EVC202 Info (13,3) The category 'subscriptions' has no description: the generated docs, the AsyncAPI export and the docs page show none",
        }));
    }

    [Test]
    public void A_catalog_with_errors_gets_no_smells()
    {
        Assert.That(Smells("categories:\n  cluster:\n    events:\n      joined:\n        data: { a: strin }\n      joined_again: {}\n"), Is.Empty);
    }

    [Test]
    public void The_root_catalog_has_the_seeds_near_duplicates_and_misplaced_names()
    {
        string yaml = System.IO.File.ReadAllText(RepoPaths.Combine("events.schema.yaml"));
        string[] ids = Smells(yaml).Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Split(' ')[1]).ToArray();
        Assert.That(ids, Is.EqualTo(new[]
        {
            "EVC200 'cluster_joined_successfully'",
            "EVC200 'leadership_lost_event'",
            "EVC201 'cluster_verification_success'",
            "EVC201 'cluster_verification_warning'",
            "EVC201 'subscription_started'",
            "EVC201 'subscription_ended'",
        }));
    }
}
