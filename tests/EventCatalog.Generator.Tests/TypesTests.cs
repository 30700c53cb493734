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
}
