using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using EventCatalog.Generator.Tests.Infrastructure;
using Json.Schema;
using NUnit.Framework;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EventCatalog.Generator.Tests;

/// <summary>docs/events.schema.json, which editors use to complete and check catalogs, agrees with the generator.</summary>
public class JsonSchemaTests
{
    // Built once: the library registers a schema by its $id and refuses to register it twice.
    private static readonly System.Lazy<JsonSchema> s_schema = new(() => JsonSchema.FromText(File.ReadAllText(RepoPaths.Combine("docs", "events.schema.json"))));

    private static JsonSchema Schema => s_schema.Value;

    private static bool IsValid(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        JsonNode? json = ToJson(stream.Documents[0].RootNode);
        using System.Text.Json.JsonDocument document = System.Text.Json.JsonDocument.Parse(json?.ToJsonString() ?? "null");
        return Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid;
    }

    // Plain scalars keep the YAML meaning the generator gives them (and an editor's YAML 1.2 core schema):
    // true/false are booleans, ~ or nothing is null, decimal digits are integers.
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => new System.Collections.Generic.KeyValuePair<string, JsonNode?>(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" } => JsonValue.Create(true),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "false" } => JsonValue.Create(false),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" } => null,
        YamlScalarNode { Style: ScalarStyle.Plain } plain when long.TryParse(plain.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long number) => JsonValue.Create(number),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    [Test]
    public void The_root_catalog_is_valid() =>
        Assert.That(IsValid(File.ReadAllText(RepoPaths.Combine("events.schema.yaml"))), Is.True);

    [TestCase("categories:\n  cluster:\n    events: [cluster_joined]\n")]
    [TestCase("categories:\n  cluster: {}\n")]
    [TestCase("topic: \"exesdb:control:{store}:{category}\"\ncategories:\n  c:\n    events: [a]\n")]
    [TestCase("topic: \"{category}_{store}/x\"\ncategories:\n  c:\n    events: [a]\n")]
    [TestCase("categories:\n  c:\n    events:\n      e:\n        data:\n          f: map<list<string?>>?\n          g: { type: timestamp, optional: true }\n")]
    [TestCase("types:\n  status: { enum: [pending, paid] }\n  address: { description: A place., fields: { city: string, zip: { type: string?, description: Postal code. } } }\ncategories:\n  c:\n    events:\n      e:\n        data: { s: status, a: list<address?>, b: bytes, u: uri?, d: date }\n")]
    [TestCase("categories:\n  cluster:\n    events:\n      cluster_joined:\n        version: 2\n        data: { via_node: string, term: long }\n        versions:\n          1: { data: { via_node: string } }\n")]
    public void Catalogs_the_generator_accepts_are_valid(string yaml)
    {
        Assert.That(GeneratorHarness.Analyze(yaml), Is.Empty, "the generator accepts it");
        Assert.That(IsValid(yaml), Is.True);
    }

    [TestCase("categories:\n  Cluster:\n    events: [a]\n", "EVC003")]
    [TestCase("categories:\n  c:\n    events:\n      e:\n        data:\n          f: List<string>\n", "EVC005")]
    [TestCase("types:\n  date: { enum: [a] }\ncategories:\n  c:\n    events: [a]\n", "EVC004")]
    [TestCase("types:\n  t: { enum: [a], fields: { b: int } }\ncategories:\n  c:\n    events: [a]\n", "EVC002")]
    [TestCase("types:\n  t: { enum: [Paid] }\ncategories:\n  c:\n    events: [a]\n", "EVC003")]
    [TestCase("topic: \"x:{store}\"\ncategories:\n  c:\n    events: [a]\n", "EVC006")]
    [TestCase("topic: \"{store}{category}\"\ncategories:\n  c:\n    events: [a]\n", "EVC006")]
    [TestCase("topic: \"{category}v1{store}\"\ncategories:\n  c:\n    events: [a]\n", "EVC006")]
    [TestCase("topic: \"a.*.{store}.{category}\"\ncategories:\n  c:\n    events: [a]\n", "EVC006")]
    [TestCase("topic: \"{store} {category}\"\ncategories:\n  c:\n    events: [a]\n", "EVC006")]
    [TestCase("categories:\n  c:\n    descripton: x\n    events: [a]\n", "EVC008")]
    [TestCase("namespace: Shop\n", "EVC002")]
    [TestCase("categories:\n  c:\n    events:\n      e:\n        version: 0\n", "EVC015")]
    [TestCase("categories:\n  c:\n    events:\n      e:\n        version: 2\n        versions:\n          x1: {}\n", "EVC015")]
    [TestCase("categories:\n  c:\n    events:\n      e:\n        version: 2\n        versions:\n          1: { dat: {} }\n", "EVC008")]
    public void Catalogs_the_generator_rejects_are_invalid(string yaml, string id)
    {
        Assert.That(GeneratorHarness.Analyze(yaml).Select(d => d.Id), Does.Contain(id));
        Assert.That(IsValid(yaml), Is.False);
    }
}
