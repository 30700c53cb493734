using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests.Infrastructure;

/// <summary>Catalog diagnostics as an editor shows them: one diagnostic, its ID, severity, 1-based line and column, and help link.</summary>
internal static class DiagnosticAssert
{
    public const string CatalogPath = "/project/events.schema.yaml";

    /// <summary>The one diagnostic the catalog analyzer reports for <paramref name="yaml"/>; fails listing them when there are others.</summary>
    public static Diagnostic Single(string yaml, string path = CatalogPath)
    {
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Analyze(yaml, path);
        Assert.That(diagnostics, Has.Length.EqualTo(1), string.Join("\n", diagnostics));
        return diagnostics[0];
    }

    /// <summary>Asserts the diagnostic's ID, severity, file, 1-based line and column, and its docs page link.</summary>
    public static void At(Diagnostic diagnostic, string id, DiagnosticSeverity severity, int line, int column, string path = CatalogPath)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        Assert.Multiple(() =>
        {
            Assert.That(diagnostic.Id, Is.EqualTo(id), diagnostic.ToString());
            Assert.That(diagnostic.Severity, Is.EqualTo(severity));
            Assert.That(span.Path, Is.EqualTo(path));
            Assert.That((span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1), Is.EqualTo((line, column)), diagnostic.ToString());
            Assert.That(diagnostic.Descriptor.HelpLinkUri, Does.EndWith($"docs/diagnostics/{id}.md"));
        });
    }
}
