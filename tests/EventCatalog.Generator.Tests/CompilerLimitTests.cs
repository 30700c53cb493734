using System.IO;
using System.Linq;
using EventCatalog.Generator.Parsing;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// Issue 24, held-back kind (b): a catalog the generator accepts must compile, and emit, with no error in generated code. The
/// compiler limit a catalog reaches is the 1,024-byte limit on names in metadata (CS7013, reported only when the assembly is
/// emitted, in generated code the user cannot edit): names and the namespace are bounded in the validator, with the
/// diagnostic at the YAML line, and catalogs at the bounds compile and emit.
/// </summary>
public class CompilerLimitTests
{
    private static readonly string LongestName = "e" + new string('x', CatalogLimits.MaxNameLength - 1);

    private static string LongestNamespace()
    {
        // Two segments, 512 bytes in all (a 2-byte letter included).
        string first = "N" + new string('x', 253) + "é";
        return first + "." + "M" + new string('y', CatalogLimits.MaxNamespaceBytes - System.Text.Encoding.UTF8.GetByteCount(first) - 2);
    }

    [Test]
    public void A_catalog_at_every_name_bound_compiles_and_emits_with_no_diagnostic()
    {
        string ns = LongestNamespace();
        Assert.That(System.Text.Encoding.UTF8.GetByteCount(ns), Is.EqualTo(CatalogLimits.MaxNamespaceBytes));
        string category = "c" + new string('y', CatalogLimits.MaxNameLength - 1);
        string wrapper = "w" + new string('z', CatalogLimits.MaxNameLength - 1);
        string field = "f" + new string('q', CatalogLimits.MaxNameLength - 1);
        string yaml = $"namespace: {ns}\nclass: C{new string('k', CatalogLimits.MaxNameLength - 1)}\ncategories:\n  {category}:\n    wrapper: {wrapper}\n    events:\n      {LongestName}:\n        data:\n          {field}: list<map<string?>>\n          other: int\n      e2: {{}}\n";
        GeneratorOutcome outcome = GeneratorHarness.Generate(yaml);
        Assert.That(outcome.GeneratorErrors, Is.Empty);
        Assert.That(GeneratorHarness.Analyze(yaml).Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(GeneratorHarness.Describe), Is.Empty);
        Assert.That(outcome.OutputDiagnostics().Select(GeneratorHarness.Describe), Is.Empty);
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = outcome.Output.Emit(stream);
        Assert.That(emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(GeneratorHarness.Describe), Is.Empty);
        Assert.That(emitted.Success, Is.True);
    }

    [TestCase("categories:\n  c:\n    events:\n      {0}: {{}}\n", 4, "event name")]
    [TestCase("categories:\n  {0}:\n    events:\n      e: {{}}\n", 2, "category name")]
    [TestCase("categories:\n  c:\n    wrapper: {0}\n    events:\n      e: {{}}\n", 3, "wrapper name")]
    [TestCase("categories:\n  c:\n    events:\n      e:\n        data:\n          {0}: int\n", 6, "field name")]
    public void A_name_one_past_the_bound_is_one_error_at_its_line_never_CS7013(string template, int line, string what)
    {
        string yaml = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, LongestName + "x");
        Diagnostic[] errors = GeneratorHarness.Analyze(yaml).Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.That(errors, Has.Length.EqualTo(1), string.Join("\n", errors.Select(GeneratorHarness.Describe)));
        Assert.That(errors[0].Id, Is.EqualTo("EVC002"));
        Assert.That(errors[0].Location.GetLineSpan().StartLinePosition.Line + 1, Is.EqualTo(line));
        Assert.That(errors[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), Does.StartWith($"The {what} 'exxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' is 201 characters long; the limit is 200 characters"));
        GeneratorOutcome outcome = GeneratorHarness.Generate(yaml);
        Assert.That(outcome.OutputDiagnostics().Where(d => d.Id.StartsWith("CS", System.StringComparison.Ordinal)), Is.Empty, "no compiler error in generated code");
    }

    [Test]
    public void A_namespace_or_class_past_the_bound_is_one_error_at_its_line()
    {
        string ns = LongestNamespace() + "y";
        Diagnostic[] errors = GeneratorHarness.Analyze($"namespace: {ns}\ncategories:\n  c:\n    events:\n      e: {{}}\n").Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.That(errors.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1)), Is.EqualTo(new[] { ("EVC002", 1) }));
        Assert.That(errors[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), Does.Contain("is 513 bytes (UTF-8) long; the limit is 512 bytes (UTF-8)").And.Contain("CS7013"));

        Diagnostic[] classErrors = GeneratorHarness.Analyze($"class: C{new string('k', CatalogLimits.MaxNameLength)}\ncategories:\n  c:\n    events:\n      e: {{}}\n").Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.That(classErrors.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1)), Is.EqualTo(new[] { ("EVC002", 1) }));
    }
}
