using EventCatalog.Tool.Tests.Infrastructure;
using NUnit.Framework;

namespace EventCatalog.Tool.Tests;

/// <summary><c>eventcatalog lint</c>: the smells as warnings, in the compiler's format.</summary>
public class LintCommandTests
{
    [Test]
    public void The_root_catalog_has_six_smells_and_exits_0()
    {
        RunResult result = Run.Tool(Repo.Root, "lint", "events.schema.yaml");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.StdoutLines, Has.Length.EqualTo(6), result.ToString());
        Assert.That(result.StdoutLines[0], Is.EqualTo("events.schema.yaml(111,7): warning EVC200: Event 'cluster_joined_successfully' is event 'cluster_joined' (line 63) with 'successfully' added: one event under two names, or two that need clearer names? (https://github.com/eventcatalog-dotnet/EventCatalog/blob/main/docs/diagnostics/EVC200.md)"));
        Assert.That(result.StdoutLines[4], Is.EqualTo("events.schema.yaml(276,7): warning EVC201: Event 'subscription_started' is in category 'coordination' but its name says 'subscriptions': move it, or rename it (https://github.com/eventcatalog-dotnet/EventCatalog/blob/main/docs/diagnostics/EVC201.md)"));
    }
}
