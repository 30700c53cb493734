using System;
using System.IO;
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
        Assert.That(result.DiagnosticLines, Has.Length.EqualTo(6), result.ToString());
        Assert.That(result.DiagnosticLines[0], Is.EqualTo($"events.schema.yaml({Line("cluster_joined_successfully:")},7): warning EVC200: Event 'cluster_joined_successfully' is event 'cluster_joined' (line {Line("cluster_joined:")}) with 'successfully' added: one event under two names, or two that need clearer names? (https://github.com/eventcatalog-dotnet/EventCatalog/blob/main/docs/diagnostics/EVC200.md)"));
        Assert.That(result.DiagnosticLines[4], Is.EqualTo($"events.schema.yaml({Line("subscription_started:")},7): warning EVC201: Event 'subscription_started' is in category 'coordination' but its name says 'subscriptions': move it, or rename it (https://github.com/eventcatalog-dotnet/EventCatalog/blob/main/docs/diagnostics/EVC201.md)"));
    }

    /// <summary>The 1-based line of the root catalog whose text, trimmed, is <paramref name="key"/>: read, not hard-coded, so editing the catalog moves the expectation with it.</summary>
    private static int Line(string key) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(Repo.Root, "events.schema.yaml")), l => l.Trim() == key) + 1 is var line && line > 0
            ? line
            : throw new InvalidOperationException($"'{key}' is not a line of the root catalog");
}
