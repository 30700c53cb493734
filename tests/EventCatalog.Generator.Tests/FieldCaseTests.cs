using System.Collections.Immutable;
using System.Linq;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// Inputs from real-world reports against generators and YAML tools (issue 10), each with the value it
/// must give, and further inputs of the same kind: YAML the reader could silently misread (YAML 1.1
/// words, tags, merge keys), templates whose topics could be forged, catalogs not picked up, project
/// names that are not namespaces, and a catalog class that a namespace hides.
/// </summary>
public class FieldCaseTests
{
    private const string Path = "/project/events.schema.yaml";

    private static Diagnostic Single(string yaml, string path = Path) => DiagnosticAssert.Single(yaml, path);

    private static void AssertAt(Diagnostic diagnostic, string id, DiagnosticSeverity severity, int line, int column, string path = Path) =>
        DiagnosticAssert.At(diagnostic, id, severity, line, column, path);

    private static string Generated(string yaml)
    {
        GeneratorOutcome outcome = GeneratorHarness.Generate(yaml, Path);
        Assert.That(outcome.OutputDiagnostics(), Is.Empty, "the generated code compiles without a warning");
        return outcome.SourceOf(outcome.HintNames.Single(h => h != "EventCatalog.IsExternalInit.g.cs"));
    }

    // ---- Case 3: YAML 1.1 words, and other YAML constructs that must mean what a YAML user expects ----

    [TestCase("no")]
    [TestCase("off")]
    [TestCase("NO")]
    [TestCase("n")]
    [TestCase("Off")]
    public void Deprecated_no_is_false_with_a_warning_at_the_value_not_an_Obsolete_message(string word)
    {
        string yaml = $"""
            categories:
              orders:
                events:
                  order_placed:
                    deprecated: {word}
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC010", DiagnosticSeverity.Warning, 5, 21);
        Assert.That(d.GetMessage(), Is.EqualTo($"'deprecated: {word}' of event 'order_placed' is read as false (a YAML 1.1 boolean), not as a message: write false, or quote the message (deprecated: \"{word}\")."));
        Assert.That(Generated(yaml), Does.Not.Contain("Obsolete"));
    }

    [TestCase("yes")]
    [TestCase("on")]
    [TestCase("Y")]
    public void Deprecated_yes_is_true_with_a_warning(string word)
    {
        string yaml = $"""
            categories:
              orders:
                events:
                  order_placed:
                    deprecated: {word}
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC010", DiagnosticSeverity.Warning, 5, 21);
        Assert.That(d.GetMessage(), Does.Contain("is read as true").And.Contain("write true, or quote the message"));
        Assert.That(Generated(yaml), Does.Contain("[global::System.Obsolete(\"The event 'order_placed' is deprecated.\")]"));
    }

    [TestCase("\"no\"")]
    [TestCase("'no'")]
    [TestCase("!!str no")]
    public void A_quoted_or_str_tagged_word_is_the_message(string value)
    {
        string yaml = $"""
            categories:
              orders:
                events:
                  order_placed:
                    deprecated: {value}
            """;
        Assert.That(GeneratorHarness.Analyze(yaml, Path), Is.Empty);
        Assert.That(Generated(yaml), Does.Contain("[global::System.Obsolete(\"no\")]"));
    }

    [TestCase("true", false)]
    [TestCase("false", false)]
    [TestCase("True", false)]
    public void Deprecated_true_and_false_need_no_warning(string word, bool unused)
    {
        string yaml = $"""
            categories:
              orders:
                events:
                  order_placed:
                    deprecated: {word}
            """;
        Assert.That(GeneratorHarness.Analyze(yaml, Path), Is.Empty);
        Assert.That(Generated(yaml).Contains("Obsolete"), Is.EqualTo(word != "false"));
    }

    [TestCase("yes", true)]
    [TestCase("On", true)]
    [TestCase("Y", true)]
    [TestCase("no", false)]
    [TestCase("OFF", false)]
    [TestCase("n", false)]
    public void Optional_reads_every_YAML_boolean_word(string word, bool optional)
    {
        string yaml = $$"""
            categories:
              orders:
                events:
                  order_placed:
                    data:
                      note: { type: string, optional: {{word}} }
            """;
        Assert.That(GeneratorHarness.Analyze(yaml, Path), Is.Empty);
        Assert.That(Generated(yaml), Does.Contain(optional ? "string? Note" : "string Note"));
    }

    [Test]
    public void Optional_quoted_word_is_an_error_that_says_to_remove_the_quotes()
    {
        const string yaml = """
            categories:
              orders:
                events:
                  order_placed:
                    data:
                      note: { type: string, optional: "yes" }
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC002", DiagnosticSeverity.Error, 6, 43);
        Assert.That(d.GetMessage(), Is.EqualTo("'optional' of field 'note' of event 'order_placed' must be true or false, but it is the quoted text \"yes\"; remove the quotes."));
    }

    [Test]
    public void A_description_that_YAML_reads_as_a_boolean_is_kept_as_text_with_a_warning()
    {
        const string yaml = """
            categories:
              orders:
                description: yes
                events: [order_placed]
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC010", DiagnosticSeverity.Warning, 3, 18);
        Assert.That(d.GetMessage(), Is.EqualTo("The description of category 'orders' is the unquoted word 'yes', which YAML reads as a boolean; it is used as the text \"yes\": quote it to say so."));
    }

    [Test]
    public void An_unknown_tag_is_named_in_one_error()
    {
        const string yaml = """
            categories:
              orders:
                events:
                  order_placed:
                    description: !secret hush
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC002", DiagnosticSeverity.Error, 5, 22);
        Assert.That(d.GetMessage(), Is.EqualTo("The YAML tag '!secret' on a scalar has no meaning in a catalog (only the core schema's tags such as !!str are understood); remove the tag."));
    }

    [Test]
    public void A_core_tag_a_catalog_cannot_hold_is_named()
    {
        const string yaml = """
            categories:
              orders: !!set { a, b }
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC002", DiagnosticSeverity.Error, 2, 11);
        Assert.That(d.GetMessage(), Is.EqualTo("The YAML tag '!!set' on a mapping is not something a catalog can hold; remove the tag."));
    }

    [Test]
    public void Merge_keys_copy_the_fields_an_event_does_not_set_itself()
    {
        const string yaml = """
            common: &common
              node: string
              at: timestamp
            categories:
              cluster:
                events:
                  node_joined:
                    data:
                      <<: *common
                      at: { type: timestamp, optional: true }
            """;
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Analyze(yaml, Path);
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "EVC008" }), "the anchor's holder is an unknown key, nothing else");
        string code = Generated(yaml);
        Assert.That(code, Does.Contain("record NodeJoined(global::System.DateTimeOffset? At, string Node)"), "explicit 'at' wins; merged 'node' follows");
    }

    [Test]
    public void A_list_of_merged_mappings_gives_the_first_precedence()
    {
        const string yaml = """
            categories:
              cluster:
                events:
                  node_joined:
                    data:
                      <<: [ { node: string }, { node: int, term: long } ]
            """;
        Assert.That(GeneratorHarness.Analyze(yaml, Path), Is.Empty);
        Assert.That(Generated(yaml), Does.Contain("record NodeJoined(string Node, long Term)"));
    }

    [Test]
    public void A_merge_key_on_a_scalar_is_named()
    {
        const string yaml = """
            categories:
              cluster:
                events:
                  node_joined:
                    data:
                      <<: node
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC002", DiagnosticSeverity.Error, 6, 15);
        Assert.That(d.GetMessage(), Does.StartWith("The merge key '<<' takes a mapping or a list of mappings"));
    }

    [Test]
    public void A_value_tagged_bool_that_is_no_boolean_is_named_not_read_as_a_message()
    {
        // Before: [Obsolete("hello")], no diagnostic.
        Diagnostic d = Single("categories:\n  orders:\n    events:\n      order_placed:\n        deprecated: !!bool hello\n");
        AssertAt(d, "EVC002", DiagnosticSeverity.Error, 5, 21);
        Assert.That(d.GetMessage(), Is.EqualTo("The value 'hello' is tagged '!!bool' but is not a boolean (true or false; yes/no/on/off/y/n in YAML 1.1); remove the tag or write a boolean."));
    }

    [Test]
    public void A_quoted_value_tagged_bool_is_the_boolean()
    {
        const string yaml = "categories:\n  orders:\n    events:\n      order_placed:\n        data:\n          note: { type: string, optional: !!bool \"true\" }\n";
        Assert.That(GeneratorHarness.Analyze(yaml, Path), Is.Empty);
        Assert.That(Generated(yaml), Does.Contain("string? Note"));
    }

    [Test]
    public void A_value_tagged_null_is_null_even_when_quoted()
    {
        // Before: deprecated: !!null "" made the event [Obsolete] with the default message.
        const string yaml = "categories:\n  orders:\n    events:\n      order_placed:\n        deprecated: !!null \"\"\n";
        Assert.That(GeneratorHarness.Analyze(yaml, Path), Is.Empty);
        Assert.That(Generated(yaml), Does.Not.Contain("Obsolete"));

        Diagnostic d = Single("categories:\n  orders:\n    events:\n      order_placed:\n        description: !!null text\n");
        AssertAt(d, "EVC002", DiagnosticSeverity.Error, 5, 22);
        Assert.That(d.GetMessage(), Is.EqualTo("The value 'text' is tagged '!!null' but is not null (~, null or nothing); remove the tag or the value."));
    }

    [TestCase("!!str true", "!!str")]
    [TestCase("! yes", "!")]
    public void A_flag_made_a_text_by_a_tag_names_the_tag_not_quotes(string value, string tag)
    {
        // Before: "... but it is the quoted text "true"; remove the quotes." for a value with no quotes.
        Diagnostic d = Single($"categories:\n  orders:\n    events:\n      order_placed:\n        data:\n          note: {{ type: string, optional: {value} }}\n");
        AssertAt(d, "EVC002", DiagnosticSeverity.Error, 6, 43);
        string word = value.Substring(value.IndexOf(' ') + 1);
        Assert.That(d.GetMessage(), Is.EqualTo($"'optional' of field 'note' of event 'order_placed' must be true or false, but the tag '{tag}' makes it the text \"{word}\"; remove the tag."));
    }

    // ---- Case 4: a template whose topics a store id could forge ----

    [Test]
    public void A_template_without_a_separator_between_store_and_category_is_EVC006_at_the_topic()
    {
        const string yaml = """
            topic: "{store}{category}"
            categories:
              orders:
                events: [order_placed]
              payment_orders:
                events: [payment_order_placed]
            """;
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC006", DiagnosticSeverity.Error, 1, 8);
        Assert.That(d.GetMessage(), Is.EqualTo(
            "The topic template \"{store}{category}\" has nothing between {store} and {category}: a store id could run into the category name and forge another category's topic "
            + "(store \"acmepayment_\" + category \"orders\" reads as store \"acme\" + category \"payment_orders\"); separate them with punctuation such as ':' (\"{store}:{category}\")."));
    }

    [TestCase("{store}x{category}", "only letters or digits (\"x\")")]
    [TestCase("{category}{store}", "nothing")]
    [TestCase("t:{category}v2{store}", "only letters or digits (\"v2\")")]
    public void Any_template_whose_store_can_run_into_the_category_is_refused(string template, string between)
    {
        Diagnostic d = Single($"topic: \"{template}\"\ncategories:\n  orders:\n    events: [a]\n");
        AssertAt(d, "EVC006", DiagnosticSeverity.Error, 1, 8);
        Assert.That(d.GetMessage(), Does.Contain($"has {between} between {{store}} and {{category}}"));
    }

    [TestCase("{store}:{category}")]
    [TestCase("{store}_{category}")]
    [TestCase("{category}.{store}")]
    [TestCase("exesdb:control:{store}:{category}")]
    [TestCase("{store}/v1/{category}")]
    [TestCase("orders{category}")]
    public void Templates_with_a_separator_are_accepted(string template)
    {
        Assert.That(GeneratorHarness.Analyze($"topic: \"{template}\"\ncategories:\n  orders:\n    events: [a]\n", Path), Is.Empty);
    }

    [TestCase("events.*:{category}", '*', 7)]
    [TestCase("{store}:{category}:>", '>', 19)]
    [TestCase("a#{store}:{category}", '#', 1)]
    [TestCase("a+{store}:{category}", '+', 1)]
    [TestCase("[x]{store}:{category}", '[', 0)]
    [TestCase("x?{store}:{category}", '?', 1)]
    public void A_template_that_brings_in_a_broker_pattern_character_is_refused(string template, char character, int position)
    {
        Diagnostic d = Single($"topic: \"{template}\"\ncategories:\n  orders:\n    events: [a]\n");
        AssertAt(d, "EVC006", DiagnosticSeverity.Error, 1, 8);
        Assert.That(d.GetMessage(), Does.Contain($"holds '{character}' at position {position}: brokers read it as a pattern or escape"));
    }

    [Test]
    public void A_template_with_white_space_is_refused()
    {
        Diagnostic d = Single("topic: \"{store} {category}\"\ncategories:\n  orders:\n    events: [a]\n");
        Assert.That(d.GetMessage(), Does.Contain("holds 'white space' at position 7"));
    }

    // ---- Case 5: a catalog that is not picked up ----

    [TestCase("/project/Events.Schema.yaml")]
    [TestCase("/project/EVENTS.SCHEMA.YAML")]
    [TestCase("/project/events.schema.yml")]
    [TestCase("/project/Orders.Events.yml")]
    [TestCase("/project/sub/dir/events.schema.yaml")]
    public void Catalog_names_in_any_casing_and_with_yml_generate(string path)
    {
        GeneratorOutcome outcome = GeneratorHarness.Generate("categories:\n  orders:\n    events: [order_placed]\n", path);
        Assert.That(outcome.HintNames, Has.Some.StartsWith("Consumer.Events"));
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
    }

    [TestCase("/project/events.yaml", "events.schema.yaml")]
    [TestCase("/project/order-events.yml", "order.events.yaml")]
    [TestCase("/project/catalog.yaml", "events.schema.yaml")]
    [TestCase("/project/shop.yaml", "shop.events.yaml")]
    public void A_YAML_file_shaped_like_a_catalog_but_named_otherwise_is_named_in_EVC011(string path, string suggestion)
    {
        const string yaml = "namespace: Shop\ncategories:\n  orders:\n    events: [order_placed]\n";
        Diagnostic d = Single(yaml, path);
        AssertAt(d, "EVC011", DiagnosticSeverity.Warning, 1, 1, path);
        Assert.That(d.GetMessage(), Is.EqualTo(
            $"'{System.IO.Path.GetFileName(path)}' looks like an event catalog (it has 'categories' with 'events') but is not read as one: a catalog is named events.schema.yaml or ends in .events.yaml (.yml works too). Rename it to '{suggestion}'."));

        // The build's copy comes from the generator, so that it survives the C# errors the missing types cause.
        GeneratorOutcome outcome = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText(path, yaml) }, sources: "namespace Consumer { static class Use { static string T() => Shop.Events.Topics.Orders(\"s\"); } }");
        Assert.That(outcome.CompilerDiagnostics.Select(x => x.Id), Is.EqualTo(new[] { "EVC011" }));
        Assert.That(outcome.HintNames, Is.Empty);
    }

    [TestCase("/project/docker-compose.yml", "services:\n  redis:\n    image: redis\n")]
    [TestCase("/project/.github/ci.yaml", "on: push\njobs:\n  build:\n    events: x\n")]
    [TestCase("/project/config.yaml", "categories: [a, b]\n")]
    public void Other_YAML_files_are_left_alone(string path, string yaml)
    {
        Assert.That(GeneratorHarness.Analyze(yaml, path), Is.Empty);
        Assert.That(GeneratorHarness.Generate(yaml, path).CompilerDiagnostics, Is.Empty);
    }

    [Test]
    public void A_catalog_passed_twice_under_one_path_generates_once_and_is_reported_once()
    {
        // The package's auto-include (build/EventCatalog.props, imported before the project body) plus an
        // explicit <AdditionalFiles Include="events.schema.yaml" /> in the project pass the file twice.
        // Before: both copies added the hint name Consumer.Events.g.cs; the generator threw (CS8785) and
        // every generated type was lost.
        const string yaml = "categories:\n  orders:\n    events:\n      order_placed:\n        description: yes\n";
        var twice = new[] { new InMemoryAdditionalText(Path, yaml), new InMemoryAdditionalText(Path, yaml) };
        GeneratorOutcome outcome = GeneratorHarness.Generate(twice);
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
        Assert.That(outcome.HintNames, Is.EqualTo(new[] { "Consumer.Events.g.cs" }));
        Assert.That(outcome.Output.GetTypeByMetadataName("Consumer.OrderPlaced"), Is.Not.Null);
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Analyze(twice);
        Assert.That(diagnostics.Select(x => x.Id), Is.EqualTo(new[] { "EVC010" }), "one warning, not one per copy");
    }

    // ---- Case 6: a project name that is not a namespace ----

    [TestCase("order-service", "order_service")]
    [TestCase("1password", "_1password")]
    [TestCase("My.App-2.Api", "My.App_2.Api")]
    [TestCase("Contoso.Shop.class", "Contoso.Shop._class")]
    [TestCase("über-service", "über_service")]
    [TestCase("a+b.c#d", "a_b.c_d")]
    [TestCase(".api", "_api")]
    [TestCase("api.", "api_")]
    [TestCase("\U00020000app", "_app")]
    [TestCase("\U0001F680.app", "_.app")]
    [TestCase("a..b", "a._.b")]
    [TestCase("nameof", "_nameof")]
    [TestCase("Shop.nameof.Api", "Shop._nameof.Api")]
    [TestCase("record", "record")]
    [TestCase("var.async.partial", "var.async.partial")]
    public void A_RootNamespace_is_formed_the_way_dotnet_new_forms_it(string rootNamespace, string expected)
    {
        GeneratorOutcome outcome = GeneratorHarness.Generate(
            new[] { new InMemoryAdditionalText(Path, "categories:\n  orders:\n    events: [order_placed]\n") },
            rootNamespace: rootNamespace);
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
        Assert.That(outcome.Output.GetTypeByMetadataName(expected + ".Events"), Is.Not.Null, $"the catalog class is {expected}.Events");
        Assert.That(GeneratorHarness.Analyze(new[] { new InMemoryAdditionalText(Path, "categories:\n  orders:\n    events: [order_placed]\n") }, rootNamespace), Is.Empty);
    }

    [TestCase("namespace: nameof", 12)]
    [TestCase("class: nameof", 8)]
    public void A_namespace_or_class_named_nameof_is_refused_because_it_hides_the_operator_from_the_generated_code(string line, int column)
    {
        // Before: accepted, and the generated nameof(...) calls failed with CS0118.
        Diagnostic d = Single(line + "\ncategories:\n  orders:\n    events: [a]\n");
        AssertAt(d, "EVC002", DiagnosticSeverity.Error, 1, column);
    }

    [Test]
    public void An_explicit_namespace_is_not_reformed()
    {
        Diagnostic d = Single("namespace: order-service\ncategories:\n  orders:\n    events: [a]\n");
        AssertAt(d, "EVC002", DiagnosticSeverity.Error, 1, 12);
        Assert.That(d.GetMessage(), Does.StartWith("'namespace: order-service' is not a valid C# namespace"));
    }

    // ---- Case 7: a catalog class named like its namespace ----

    private const string UserCodeBesideTheCatalog = """
        using Contoso.Events;

        namespace Contoso.Orders
        {
            internal static class Publisher
            {
                internal static string Topic(string store) => Events.Topics.Orders(store);
            }
        }
        """;

    [Test]
    public void A_class_named_like_its_namespace_gets_EVC012_that_explains_the_CS0234()
    {
        const string yaml = "namespace: Contoso.Events\ncategories:\n  orders:\n    events: [order_placed]\n";
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC012", DiagnosticSeverity.Warning, 1, 12);
        Assert.That(d.GetMessage(), Is.EqualTo(
            "The catalog class 'Events' has the name of the namespace 'Contoso.Events': code in a namespace beside it (such as 'Contoso.Orders') that writes 'Events.Topics' "
            + "finds the namespace first and fails with CS0234, even with 'using Contoso.Events;'. Set 'class: EventsCatalog' (or another name that is not a namespace)."));

        // What the warning explains: the user's code fails exactly so, and the generator's copy survives it.
        GeneratorOutcome outcome = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText(Path, yaml) }, sources: UserCodeBesideTheCatalog);
        Assert.That(outcome.Output.GetDiagnostics().Select(x => x.Id), Does.Contain("CS0234"));
        Assert.That(outcome.CompilerDiagnostics.Select(x => x.Id), Is.EqualTo(new[] { "EVC012" }));

        // The suggested name works.
        GeneratorOutcome fixedOutcome = GeneratorHarness.Generate(
            new[] { new InMemoryAdditionalText(Path, "class: EventsCatalog\n" + yaml) },
            sources: UserCodeBesideTheCatalog.Replace("Events.Topics", "EventsCatalog.Topics"));
        Assert.That(fixedOutcome.OutputDiagnostics(), Is.Empty);
        Assert.That(GeneratorHarness.Analyze("class: EventsCatalog\n" + yaml, Path), Is.Empty);
    }

    [Test]
    public void The_warning_stands_at_the_file_start_when_the_namespace_comes_from_the_project()
    {
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Analyze(
            new[] { new InMemoryAdditionalText(Path, "categories:\n  orders:\n    events: [a]\n") },
            rootNamespace: "Contoso.Events");
        Assert.That(diagnostics, Has.Length.EqualTo(1));
        AssertAt(diagnostics[0], "EVC012", DiagnosticSeverity.Warning, 1, 1);
    }

    [Test]
    public void A_class_named_like_the_first_segment_is_shadowed_everywhere()
    {
        Diagnostic d = Single("namespace: Orders.Api\nclass: Orders\ncategories:\n  shipping:\n    events: [a]\n");
        AssertAt(d, "EVC012", DiagnosticSeverity.Warning, 2, 8);
        Assert.That(d.GetMessage(), Does.Contain("code in any other namespace that writes 'Orders.Topics'"));
    }

    [Test]
    public void An_event_record_named_like_a_namespace_segment_gets_EVC012_at_the_event()
    {
        const string yaml = "namespace: Contoso.Shop\ncategories:\n  orders:\n    events:\n      shop: {}\n";
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC012", DiagnosticSeverity.Warning, 5, 7);
        Assert.That(d.GetMessage(), Does.StartWith("The record 'Shop' of event 'shop' has the name of the namespace 'Contoso.Shop': code in a namespace beside it (such as 'Contoso.Orders') that writes 'Shop.EventType' finds the namespace first"));
    }

    // ---- Kind 7, another shape: a generated type hides a framework type of the implicit usings ----

    private const string UserCodeInTheCatalogsNamespace = """
        using System;
        using System.Threading.Tasks;

        namespace Consumer.Api
        {
            internal static class Worker
            {
                internal static async Task RunAsync() => await Task.Yield();

                internal static Guid NewId() => Guid.NewGuid();
            }
        }
        """;

    [TestCase("task", "Task")]
    [TestCase("guid", "Guid")]
    public void A_record_named_like_a_framework_type_gets_EVC014_that_explains_the_errors_it_causes(string eventName, string typeName)
    {
        string yaml = $"categories:\n  jobs:\n    events:\n      {eventName}: {{}}\n";
        Diagnostic d = Single(yaml);
        AssertAt(d, "EVC014", DiagnosticSeverity.Warning, 4, 7);
        Assert.That(d.GetMessage(), Is.EqualTo(
            $"The record '{typeName}' of event '{eventName}' has the name of the framework type '{typeName}' (in a namespace that projects import implicitly): code in namespace 'Consumer' and the namespaces below it "
            + $"that means the framework's '{typeName}' gets this type instead, and fails with errors such as CS0117 or CS1983. Rename the event, or qualify the framework type there (global::System...)."));

        // What it explains: ordinary code below the catalog's namespace breaks, and the generator's copy survives the C# errors.
        GeneratorOutcome outcome = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText(Path, yaml) }, sources: UserCodeInTheCatalogsNamespace);
        Assert.That(outcome.Output.GetDiagnostics().Where(x => x.Severity == DiagnosticSeverity.Error).Select(x => x.Id), Is.Not.Empty);
        Assert.That(outcome.CompilerDiagnostics.Select(x => x.Id), Is.EqualTo(new[] { "EVC014" }));

        // Renamed, the same code compiles.
        GeneratorOutcome renamed = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText(Path, yaml.Replace(eventName + ":", eventName + "_queued:")) }, sources: UserCodeInTheCatalogsNamespace);
        Assert.That(renamed.OutputDiagnostics(), Is.Empty);
    }

    [Test]
    public void A_catalog_class_named_like_a_framework_type_gets_EVC014_at_the_class()
    {
        Diagnostic d = Single("class: Console\ncategories:\n  jobs:\n    events: [job_queued]\n");
        AssertAt(d, "EVC014", DiagnosticSeverity.Warning, 1, 8);
        Assert.That(d.GetMessage(), Does.StartWith("The catalog class 'Console' has the name of the framework type 'Console'").And.EndWith("Set 'class:' to another name, or qualify the framework type there (global::System...)."));
    }
}
