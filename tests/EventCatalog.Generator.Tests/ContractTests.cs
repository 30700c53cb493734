using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using EventCatalog.Contract;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// The contract (runtime/EventCatalog.Runtime/Contract, linked into the generator and the analyzers) against
/// the code the generator emits for the root catalog. No name is written here by hand: every name is read
/// from <see cref="CatalogContract"/>, so renaming one there (say <see cref="CatalogContract.WrapperParameter"/>)
/// without the emitter following breaks this test instead of silently switching off EVC102.
/// </summary>
public class ContractTests
{
    private static readonly System.Lazy<(Compilation Output, INamedTypeSymbol Catalog)> s_root = new(() =>
    {
        string yaml = File.ReadAllText(RepoPaths.Combine("events.schema.yaml"));
        GeneratorOutcome outcome = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText("/repo/events.schema.yaml", yaml) });
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
        INamedTypeSymbol? catalog = outcome.Output.GetTypeByMetadataName("ExESDB." + CatalogContract.DefaultClassName);
        Assert.That(catalog, Is.Not.Null, "the root catalog's class has the contract's default name");
        return (outcome.Output, catalog!);
    });

    private static Compilation Output => s_root.Value.Output;

    private static INamedTypeSymbol Catalog => s_root.Value.Catalog;

    /// <summary>Every string constant of the contract, by field name: what the analyzers can look up.</summary>
    private static Dictionary<string, string> Constants() => typeof(CatalogContract)
        .GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    [Test]
    public void The_catalog_class_declares_every_member_the_contract_names()
    {
        string[] missing = CatalogContract.CatalogClassMembers.Where(name => Catalog.GetMembers(name).IsEmpty).ToArray();
        Assert.That(missing, Is.Empty, "members of the contract that the emitted catalog class lacks");
        Assert.That(CatalogContract.CheckedLookups, Is.SubsetOf(CatalogContract.CatalogClassMembers));
    }

    [Test]
    public void The_nested_types_the_analyzers_read_exist_with_their_members()
    {
        INamedTypeSymbol topics = Catalog.GetTypeMembers(CatalogContract.TopicsClass).Single();
        Assert.That(topics.GetMembers(CatalogContract.TopicsTemplate), Is.Not.Empty);
        Assert.That(topics.GetMembers(CatalogContract.TopicsTryParse), Is.Not.Empty);
        Assert.That(Catalog.GetTypeMembers(CatalogContract.CategoryEnum).Single().TypeKind, Is.EqualTo(TypeKind.Enum));
        Assert.That(Catalog.GetTypeMembers(CatalogContract.TypesClass), Has.Length.EqualTo(1));
        Assert.That(Catalog.GetTypeMembers(CatalogContract.CategoriesClass), Has.Length.EqualTo(1));
        Assert.That(Catalog.GetMembers("Cluster" + CatalogContract.CategoryEventsSuffix), Is.Not.Empty, "a category's event list: <Category><suffix>");
    }

    [Test]
    public void The_parameters_the_analyzers_read_by_name_are_declared()
    {
        IEnumerable<IMethodSymbol> payloads = Catalog.GetMembers(CatalogContract.BuildPayload).OfType<IMethodSymbol>();
        Assert.That(payloads.Any(m => m.Parameters.Any(p => p.Name == CatalogContract.WrapperParameter)), Is.True,
            $"BuildPayload has a parameter '{CatalogContract.WrapperParameter}' (EVC102 reads it)");
        Assert.That(payloads.All(m => m.Parameters.Any(p => p.Name == CatalogContract.DataParameter)), Is.True);

        IMethodSymbol buildTopic = Catalog.GetMembers(CatalogContract.BuildTopic).OfType<IMethodSymbol>().Single();
        Assert.That(buildTopic.Parameters.Select(p => p.Name), Is.EqualTo(new[] { CatalogContract.StoreIdParameter, CatalogContract.CategoryParameter }));

        IEnumerable<IMethodSymbol> lookups = Catalog.GetMembers(CatalogContract.IsValidEvent).OfType<IMethodSymbol>();
        Assert.That(lookups.All(m => m.Parameters.Select(p => p.Name).SequenceEqual(new[] { CatalogContract.CategoryParameter, CatalogContract.EventTypeParameter })), Is.True);
    }

    [Test]
    public void Every_record_declares_the_contracts_record_members_and_carries_the_metadata()
    {
        INamedTypeSymbol clusterJoined = Output.GetTypeByMetadataName("ExESDB.ClusterJoined")!;
        Assert.That(clusterJoined.GetMembers(CatalogContract.RecordEventType), Is.Not.Empty);
        Assert.That(clusterJoined.GetMembers(CatalogContract.RecordCategory), Is.Not.Empty);
        Assert.That(clusterJoined.GetMembers(CatalogContract.RecordValidate), Is.Not.Empty);

        string[] attributes = Catalog.GetAttributes().Concat(clusterJoined.GetAttributes()).Concat(Output.Assembly.GetAttributes())
            .Select(a => a.AttributeClass!.ToDisplayString()).ToArray();
        Assert.That(attributes, Does.Contain(CatalogContract.EventCatalogAttribute));
        Assert.That(attributes, Does.Contain(CatalogContract.CatalogEventAttribute));
        Assert.That(attributes, Does.Contain(CatalogContract.EventCatalogTypeAttribute));
        Assert.That(
            Catalog.GetTypeMembers(CatalogContract.CategoryEnum).Single().GetMembers().SelectMany(m => m.GetAttributes())
                .Select(a => a.AttributeClass!.ToDisplayString()),
            Does.Contain(CatalogContract.CatalogCategoryAttribute));
    }

    [Test]
    public void The_runtime_types_the_analyzers_look_up_exist_by_the_contracts_metadata_names()
    {
        foreach (string name in new[]
        {
            CatalogContract.EventCatalogAttribute, CatalogContract.CatalogCategoryAttribute, CatalogContract.CatalogEventAttribute,
            CatalogContract.EventCatalogTypeAttribute, CatalogContract.TopicParameterAttribute, CatalogContract.EventParameterAttribute,
            CatalogContract.EventEnvelopeType, CatalogContract.EventPayloadType,
        })
        {
            Assert.That(typeof(EventCatalog.IPubSub).Assembly.GetType(name), Is.Not.Null, name);
        }

        INamedTypeSymbol categoryAttribute = Output.GetTypeByMetadataName(CatalogContract.CatalogCategoryAttribute)!;
        Assert.That(categoryAttribute.GetMembers(CatalogContract.WrapperNamedArgument), Is.Not.Empty);
    }

    [Test]
    public void The_defaults_are_the_ones_the_runtime_applies()
    {
        Dictionary<string, string> constants = Constants();
        Assert.That(constants, Does.ContainKey(nameof(CatalogContract.DefaultTopicTemplate)));
        Assert.That(EventCatalog.TopicTemplate.Check(CatalogContract.DefaultTopicTemplate), Is.Null);
        Assert.That(EventCatalog.StoreIds.IsValid("a" + CatalogContract.StoreIdPunctuation, "x/" + CatalogContract.DefaultTopicTemplate.Replace(":", "/")), Is.True,
            "every punctuation of the contract is allowed when the template does not use it");

        // The default wrapper, as the generated code applies it to a category that names none.
        string yaml = "categories:\n  orders:\n    events: [order_placed]\n";
        GeneratorOutcome outcome = GeneratorHarness.Generate(yaml);
        Assert.That(outcome.SourceOf(outcome.HintNames.Single(h => h.StartsWith("Consumer."))), Does.Contain('"' + CatalogContract.DefaultWrapper("orders") + '"'));
    }

    /// <summary>
    /// The CloudEvents attribute table (<see cref="CloudEventAttributes"/>) is the one list of the wire format's members: the runtime's
    /// public <c>CloudEventNames</c> publishes exactly its names and media types, each row sits at its ordinal, and the required rows
    /// come first (the codec reports a missing one in that order).
    /// </summary>
    [Test]
    public void The_CloudEvents_attribute_table_is_what_CloudEventNames_publishes()
    {
        string[] published = typeof(EventCatalog.CloudEventNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();
        string[] table = CloudEventAttributes.All.Select(a => a.Name)
            .Concat(new[] { CloudEventAttributes.SpecVersionValue, CloudEventAttributes.JsonContentType, CloudEventAttributes.StructuredContentType, CloudEventAttributes.BatchContentType })
            .ToArray();
        Assert.That(published, Is.EquivalentTo(table));
        for (int i = 0; i < CloudEventAttributes.All.Length; i++)
        {
            CloudEventAttribute attribute = CloudEventAttributes.All[i];
            Assert.That(attribute.Ordinal, Is.EqualTo(i), attribute.Name);
            Assert.That(attribute.Name, Does.Match("^[a-z0-9_]+$"), "CloudEvents member names are lower-case ASCII");
            Assert.That(!attribute.IsExtension || System.Text.RegularExpressions.Regex.IsMatch(attribute.Name, "^[a-z0-9]{1,20}$"), Is.True, attribute.Name + ": an extension name is lower-case letters and digits, at most 20");
        }

        Assert.That(CloudEventAttributes.All.TakeWhile(a => a.Required).Count(), Is.EqualTo(CloudEventAttributes.All.Count(a => a.Required)), "the required rows come first");
        Assert.That(CloudEventAttributes.All.Where(a => a.Required).Select(a => a.Name), Is.EqualTo(new[] { "specversion", "id", "source", "type" }), "CloudEvents 1.0's REQUIRED attributes");
    }

    /// <summary>The store-id alphabet is computed in one place (<see cref="StoreIdAlphabet"/>) and the runtime's rule is it, character by character.</summary>
    [TestCase("{store}:{category}")]
    [TestCase("exesdb.control.{store}.{category}")]
    [TestCase("a-{store}_{category}@x")]
    [TestCase("x/{store}/{category}")]
    public void The_store_id_alphabet_is_the_runtimes_rule(string template)
    {
        bool[] table = StoreIdAlphabet.Table(template);
        for (char c = '\0'; c < 160; c++)
        {
            bool allowed = c < table.Length && table[c];
            Assert.That(EventCatalog.StoreIds.IsValid("a" + c, template), Is.EqualTo(allowed), $"U+{(int)c:X4} under {template}");
        }

        Assert.That(StoreIdAlphabet.Punctuation(template), Is.EqualTo(new string(CatalogContract.StoreIdPunctuation.Where(p => template.IndexOf(p) < 0).ToArray())));
    }
}
