using System.Linq;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// Issue 22: a type of the project's own code named like a type the catalog generates (a subscriber type, a record, the
/// catalog class) in the catalog's namespace. Before, the build failed in generated code (CS0101, CS0260, CS8863); now the
/// catalog generates nothing and the generator reports one EVC007 at the YAML naming the type and where the project declares
/// it. The project's own <c>partial</c> parts of a generated partial type (a record's body, the catalog class) stay welcome.
/// </summary>
public class ProjectTypeClashTests
{
    private const string Yaml = """
        categories:
          orders:
            events:
              order_placed:
                data: { id: string }
              order_sent:
                data: { id: string }
        """;

    [TestCase("internal interface IOrdersHandler { }", "Consumer.IOrdersHandler", "the handler interface of category 'orders'", "1,2")]
    [TestCase("internal interface IOrdersEvent { }", "Consumer.IOrdersEvent", "the marker interface of category 'orders'", "1,2")]
    [TestCase("internal abstract class OrdersHandlerBase { }", "Consumer.OrdersHandlerBase", "the handler base class of category 'orders'", "1,2")]
    [TestCase("internal partial interface IOrdersHandler { }", "Consumer.IOrdersHandler", "the handler interface of category 'orders'", "1,2")]
    [TestCase("internal class IOrdersHandler { }", "Consumer.IOrdersHandler", "the handler interface of category 'orders'", "1,2")]
    [TestCase("internal record OrderPlaced(string Id);", "Consumer.OrderPlaced", "the record of event 'order_placed'", "3,6")]
    [TestCase("internal partial record OrderPlaced(string Id);", "Consumer.OrderPlaced", "the record of event 'order_placed'", "3,6")]
    [TestCase("internal partial record struct OrderPlaced;", "Consumer.OrderPlaced", "the record of event 'order_placed'", "3,6")]
    [TestCase("internal partial class OrderPlaced { }", "Consumer.OrderPlaced", "the record of event 'order_placed'", "3,6")]
    [TestCase("internal partial struct Events { }", "Consumer.Events", "the catalog class", "0,0")]
    public void A_project_type_named_like_a_generated_type_is_one_EVC007_at_the_catalog_and_no_error_in_generated_code(string declaration, string fullName, string what, string position)
    {
        GeneratorOutcome outcome = Generate("namespace Consumer\n{\n    " + declaration + "\n}\n");

        Diagnostic[] errors = outcome.OutputDiagnostics().Concat(outcome.CompilerDiagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Diagnostic clash = errors.Single(d => d.Id == "EVC007");
        Assert.That(errors.Where(d => d.Location.SourceTree?.FilePath.Contains("EventCatalog.Generator") == true).Select(GeneratorHarness.Describe), Is.Empty, "no error in generated code");
        Assert.That(outcome.HintNames.Where(h => h.Contains("Events", System.StringComparison.Ordinal)), Is.Empty, "the clashing catalog generates nothing");
        Assert.That(clash.Location.GetLineSpan().Path, Is.EqualTo("/project/events.schema.yaml"));
        Assert.That(clash.Location.GetLineSpan().StartLinePosition.ToString(), Is.EqualTo(position), "zero-based line,character");
        Assert.That(clash.GetMessage(), Does.StartWith($"The C# type '{fullName}' ({what}) is also declared in the project's code (Source0.cs, line 3)"));
        Assert.That(clash.GetMessage(), Does.EndWith("; rename that type, or give the catalog another 'namespace'."));
    }

    [Test]
    public void Several_clashing_types_are_one_EVC007_counting_the_others()
    {
        GeneratorOutcome outcome = Generate("namespace Consumer\n{\n    internal interface IOrdersEvent { }\n    internal interface IOrdersHandler { }\n    internal sealed class OrderSent { }\n}\n");
        Diagnostic clash = outcome.CompilerDiagnostics.Single(d => d.Id == "EVC007");
        Assert.That(clash.GetMessage(), Does.Contain("(2 more of its types collide the same way)"));
    }

    [Test]
    public void The_projects_partial_parts_of_a_record_and_of_the_catalog_class_are_welcome_and_a_type_elsewhere_is_no_clash()
    {
        const string parts = """
            namespace Consumer
            {
                partial record OrderPlaced
                {
                    /// <summary>The id's length.</summary>
                    public int Length => Id.Length;
                }

                static partial class Events
                {
                    /// <summary>An addition of the project's own.</summary>
                    public static int Answer => 42;
                }
            }

            namespace Elsewhere
            {
                internal interface IOrdersHandler { }
            }
            """;
        GeneratorOutcome outcome = Generate(parts);
        Assert.That(outcome.OutputDiagnostics().Concat(outcome.CompilerDiagnostics).Select(GeneratorHarness.Describe), Is.Empty);
    }

    private static GeneratorOutcome Generate(string source) =>
        GeneratorHarness.Generate(new[] { new InMemoryAdditionalText("/project/events.schema.yaml", Yaml) }, Target.Net80, "Consumer", null, source);
}
