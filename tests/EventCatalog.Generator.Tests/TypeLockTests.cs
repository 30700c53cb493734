using System.Collections.Immutable;
using System.Linq;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// The lock's rules for <c>types:</c> (SPEC §13), in Schema Registry terms at one version (FULL compatibility): a renamed type
/// is no change (the wire has no type names); an enum value added or removed, and an object field added or removed, break (EVC017).
/// </summary>
public class TypeLockTests
{
    private const string CatalogPath = "/project/events.schema.yaml";
    private const string LockPath = "/project/events.schema.lock.json";

    private const string Shipped = """
        namespace: Shop
        types:
          order_status: { enum: [pending, paid] }
          address: { fields: { street: string, zip: string? } }
        categories:
          orders:
            events:
              order_placed:
                data:
                  status: order_status
                  ship_to: list<address>
        """;

    private static string LockOf(string yaml) => LockTests.LockOf(yaml);

    private static ImmutableArray<Diagnostic> Check(string yaml) =>
        GeneratorHarness.Analyze(new AdditionalText[] { new InMemoryAdditionalText(CatalogPath, yaml), new InMemoryAdditionalText(LockPath, LockOf(Shipped)) }, includeLockInfo: true)
            .Where(d => d.Id is "EVC017" or "EVC019")
            .ToImmutableArray();

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public void The_lock_writes_types_as_their_wire_shape_and_reads_it_back()
    {
        string text = LockOf(Shipped);
        Assert.That(text, Does.Contain("\"status\": \"enum(pending|paid)\""));
        Assert.That(text, Does.Contain("\"ship_to\": \"list<{street:string,zip:string?}>\""));
        Assert.That(Check(Shipped), Is.Empty, "the shipped catalog against its own lock");
    }

    [Test]
    public void A_renamed_type_with_the_same_shape_is_no_change()
    {
        Assert.That(Check(Shipped.Replace("order_status", "payment_state").Replace("address", "postal_address")), Is.Empty);
    }

    [TestCase("[pending, paid, shipped]", "enum(pending|paid|shipped)")]
    [TestCase("[pending]", "enum(pending)")]
    [TestCase("[paid, pending]", "enum(paid|pending)")]
    public void An_enum_value_added_removed_or_moved_breaks_the_field(string values, string now)
    {
        ImmutableArray<Diagnostic> found = Check(Shipped.Replace("[pending, paid]", values));
        Assert.That(found.Select(d => d.Id), Is.EqualTo(new[] { "EVC017" }));
        Assert.That(Message(found[0]), Does.StartWith($"Field 'status' of event 'order_placed' changed type from 'enum(pending|paid)' to '{now}'"));
        Assert.That(found[0].Location.GetLineSpan().StartLinePosition.Line + 1, Is.EqualTo(10));
    }

    [TestCase("{ street: string }", "list<{street:string}>")]
    [TestCase("{ street: string, zip: string?, city: string? }", "list<{city:string?,street:string,zip:string?}>")]
    [TestCase("{ street: string, zip: string }", "list<{street:string,zip:string}>")]
    public void An_object_field_added_removed_or_changed_breaks_the_field(string fields, string now)
    {
        ImmutableArray<Diagnostic> found = Check(Shipped.Replace("{ street: string, zip: string? }", fields));
        Assert.That(found.Select(d => d.Id), Is.EqualTo(new[] { "EVC017" }));
        Assert.That(Message(found[0]), Does.StartWith($"Field 'ship_to' of event 'order_placed' changed type from 'list<{{street:string,zip:string?}}>' to '{now}'"));
    }

    [TestCase("enum(a|B)")]
    [TestCase("{b:int,a:int}")]
    [TestCase("enum()")]
    [TestCase("{a:strng}")]
    public void A_lock_type_no_catalog_writes_is_EVC019(string type)
    {
        string lockText = LockOf(Shipped).Replace("\"enum(pending|paid)\"", "\"" + type + "\"");
        var found = GeneratorHarness.Analyze(new AdditionalText[] { new InMemoryAdditionalText(CatalogPath, Shipped), new InMemoryAdditionalText(LockPath, lockText) }, includeLockInfo: true);
        Assert.That(found.Select(d => d.Id), Does.Contain("EVC019"));
    }
}
