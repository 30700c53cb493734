using System;
using System.IO;
using System.Linq;
using System.Reflection;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>SPEC §13: enums, object types, bytes, uri and date through the generator, for every consumer the SPEC promises.</summary>
public class TypesTests
{
    /// <summary>A catalog with every new type: enums, objects nested in objects, lists and maps, optional objects, bytes, uri, date.</summary>
    public const string Catalog = """
        namespace: Shop
        class: ShopEvents
        types:
          order_status: { enum: [pending, paid, shipped] }
          address:
            description: A postal address.
            fields: { street: string, city: string, zip: string?, country: country? }
          country: { fields: { code: string, name: string } }
          line:
            fields:
              sku: string
              quantity: int
              status: order_status?
              ship_to: list<address>?
        categories:
          orders:
            description: Orders.
            events:
              order_placed:
                description: An order was placed.
                data:
                  status: order_status
                  maybe_status: order_status?
                  statuses: list<order_status>
                  ship_to: address
                  bill_to: address?
                  stops: list<address>
                  maybe_stops: list<address?>
                  by_zone: map<list<address>>
                  lines: list<line>
                  receipt: bytes
                  terms: uri
                  due_on: date
                  maybe_receipt: bytes?
                  maybe_terms: uri?
                  maybe_due_on: date?
                  days: map<date?>
        """;

    private const string Usage = """
        using System;
        using System.Collections.Generic;
        using Shop;

        namespace Consumer
        {
            /// <summary>Uses the types.</summary>
            public static class Usage
            {
                /// <summary>Builds an order and returns its problems.</summary>
                /// <returns>The problems.</returns>
                public static IReadOnlyList<string> Run()
                {
                    var home = new Address("1 Main St", "", null, new Country("nl", "Netherlands"));
                    var order = new OrderPlaced(
                        OrderStatus.Paid, null, new[] { OrderStatus.Pending, OrderStatus.Shipped }, home, null,
                        new[] { home }, new Address?[] { null, home }, new Dictionary<string, IReadOnlyList<Address>> { ["z1"] = new[] { home } },
                        new[] { new Line("sku-1", 2, OrderStatus.Paid, null) },
                        new byte[] { 1, 2, 3 }, new Uri("https://example.com/terms"), default, null, null, null, new Dictionary<string, DATE?>());
                    return order.Validate();
                }
            }
        }
        """;

    private static string UsageFor(Target target) => Usage.Replace("DATE", target == Target.Net80 ? "DateOnly" : "DateTime");

    [TestCase(Target.Net80, LanguageVersion.CSharp12)]
    [TestCase(Target.Net80, LanguageVersion.CSharp9)]
    [TestCase(Target.NetStandard20, LanguageVersion.CSharp9)]
    public void A_catalog_with_every_new_type_compiles_with_no_diagnostics_under_nullable_and_warnings_as_errors(Target target, LanguageVersion version)
    {
        GeneratorOutcome outcome = GeneratorHarness.Generate(
            new[] { new InMemoryAdditionalText("/project/events.schema.yaml", Catalog) }, target, "Consumer", version, UsageFor(target));

        Assert.That(GeneratorHarness.Analyze(Catalog), Is.Empty, "the analyzer accepts it");
        Assert.That(outcome.CompilerDiagnostics, Is.Empty, "the generator reports nothing itself");
        Assert.That(outcome.OutputDiagnostics().Select(d => d.ToString()), Is.Empty);
        using var stream = new MemoryStream();
        var emit = outcome.Output.Emit(stream);
        Assert.That(emit.Success, Is.True, string.Join("\n", emit.Diagnostics));
    }

    [TestCase(Target.Net80, "global::System.DateOnly DueOn")]
    [TestCase(Target.NetStandard20, "global::System.DateTime DueOn")]
    public void A_date_is_a_DateOnly_where_the_target_has_it_and_a_DateTime_elsewhere(Target target, string parameter)
    {
        GeneratorOutcome outcome = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText("/project/events.schema.yaml", Catalog) }, target, "Consumer", null, UsageFor(target));
        Assert.That(outcome.SourceOf("Shop.ShopEvents.g.cs"), Does.Contain(parameter));
    }

    [Test]
    public void Validate_reports_nested_problems_with_the_field_path()
    {
        GeneratorOutcome outcome = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText("/project/events.schema.yaml", Catalog) }, Target.Net80, "Consumer", null, UsageFor(Target.Net80));
        using var stream = new MemoryStream();
        Assert.That(outcome.Output.Emit(stream).Success, Is.True);
        Assembly assembly = Assembly.Load(stream.ToArray());
        var problems = (System.Collections.Generic.IReadOnlyList<string>)assembly.GetType("Consumer.Usage")!.GetMethod("Run")!.Invoke(null, null)!;
        Assert.That(problems, Is.EquivalentTo(new[]
        {
            "ship_to.city must not be empty.",
            "stops[0].city must not be empty.",
            "maybe_stops[1].city must not be empty.",
            "by_zone['z1'][0].city must not be empty.",
        }));
    }

    private const string Head = "namespace: Shop\ntypes:\n";

    private const string Orders = "categories:\n  orders:\n    events:\n      order_placed:\n        data:\n";

    [TestCase("  status: { enum: [pending, paid, paid] }\n", "          s: status\n", "EVC004", 3, "Value 'paid' appears twice in enum 'status' (first at line 3).")]
    [TestCase("  status: { enum: [pending, Paid] }\n", "          s: status\n", "EVC003", 3, "Enum value name 'Paid' is not lower snake_case; did you mean 'paid'?")]
    [TestCase("  status: { enum: [a_1, a1] }\n", "          s: status\n", "EVC007", 3, "Value 'a1' of enum 'status' becomes the C# member 'A1', but value 'a_1' also becomes 'A1'.")]
    [TestCase("  status: { enum: [] }\n", "          s: status\n", "EVC002", 3, "'enum' of type 'status' must be a list of at least one snake_case value ([pending, paid]), but it is empty.")]
    [TestCase("  order_status: { enum: [a] }\n", "          s: order_stats\n", "EVC005", 9, "Field 's' of event 'order_placed' has unknown type 'order_stats'; did you mean 'order_status'?")]
    [TestCase("  address: { fields: { city: string } }\n", "          s: list<adress>?\n", "EVC005", 9, "Field 's' of event 'order_placed' has unknown type 'list<adress>?'")]
    [TestCase("  address: { fields: { city: strng } }\n", "          s: address\n", "EVC005", 3, "Field 'city' of type 'address' has unknown type 'strng'; did you mean 'string'?")]
    [TestCase("  date: { enum: [a] }\n", "          s: date\n", "EVC004", 3, "Type 'date' has the name of the built-in type 'date'; types and the built-in types share one set of names. Rename it.")]
    [TestCase("  Address: { fields: { city: string } }\n", "          s: string\n", "EVC003", 3, "Type name 'Address' is not lower snake_case; did you mean 'address'?")]
    [TestCase("  node: { fields: { next: node? } }\n", "          s: node\n", "EVC020", 3, "Type 'node' contains itself (node -> node): a value could never end. Make the link an id (e.g. a string or guid field) instead of the type.")]
    [TestCase("  a: { fields: { b: list<b> } }\n  b: { fields: { a: map<a?> } }\n", "          s: string\n", "EVC020", 3, "Type 'a' contains itself (a -> b -> a): a value could never end. Make the link an id (e.g. a string or guid field) instead of the type.")]
    [TestCase("  status: { enum: [a], fields: { b: int } }\n", "          s: string\n", "EVC002", 3, "Type 'status' has both 'enum' and 'fields': a type is an enum or an object type, not both.")]
    [TestCase("  order_placed: { fields: { b: int } }\n", "          s: string\n", "EVC007", 7, "Event 'order_placed' becomes the C# name 'OrderPlaced', but type 'order_placed' also becomes 'OrderPlaced'.")]
    public void One_mistake_in_types_gives_one_error_at_its_line_and_the_rest_compiles(string types, string fields, string id, int line, string message)
    {
        string yaml = Head + types + Orders + fields + "      order_shipped:\n        data: { at: timestamp }\n";
        var errors = GeneratorHarness.Analyze(yaml).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.That(errors.Select(GeneratorHarness.Describe).ToList(), Has.Count.EqualTo(1), string.Join("\n", errors.Select(GeneratorHarness.Describe)));
        Assert.That(errors[0].Id, Is.EqualTo(id));
        Assert.That(errors[0].Location.GetLineSpan().StartLinePosition.Line + 1, Is.EqualTo(line));
        Assert.That(errors[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), Does.StartWith(message));

        GeneratorOutcome outcome = GeneratorHarness.Generate(yaml);
        Assert.That(outcome.OutputDiagnostics().Select(d => d.ToString()), Is.Empty, "what the error does not touch compiles");
        Assert.That(outcome.SourceOf("Shop.Events.g.cs"), Does.Contain("record OrderShipped("));
    }

    [Test]
    public void An_unused_type_is_EVC204_at_its_line()
    {
        string yaml = Head + "  used: { enum: [a] }\n  spare: { fields: { b: used } }\n  lonely: { enum: [x] }\n" + Orders + "          s: used\n";
        var unused = GeneratorHarness.Analyze(new[] { new InMemoryAdditionalText("/project/events.schema.yaml", yaml) }, includeLint: true).Where(d => d.Id == "EVC204").Select(GeneratorHarness.Describe);
        Assert.That(unused, Is.EquivalentTo(new[]
        {
            "EVC204 Info /project/events.schema.yaml: (3,2)-(3,7) Type 'spare' is not the type of any field: remove it, or use it",
            "EVC204 Info /project/events.schema.yaml: (4,2)-(4,8) Type 'lonely' is not the type of any field: remove it, or use it",
        }));
    }
}
