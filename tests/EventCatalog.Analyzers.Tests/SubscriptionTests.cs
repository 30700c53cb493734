using System.Threading.Tasks;
using EventCatalog.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace EventCatalog.Analyzers.Tests;

/// <summary>EVC104 and EVC105 (issue 22): type tests and switches over a subscription's messages, with their code fixes.</summary>
public class SubscriptionTests
{
    private static string Read(string subscribe, string body) => Verifier.Usings + $$"""
        using System.Threading;
        using EventCatalog.Subscribers;

        class Node
        {
            async Task Run(IPubSub bus, string store, CancellationToken ct)
            {
                {{subscribe}}
                {
                    {{body}}
                }
            }
        }
        """;

    private static string Cluster(string body) => Read("await foreach (object message in bus.Subscribe(Events.Topics.Cluster(store)))", body);

    private static async Task AnalyzeAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<SubscriptionAnalyzer, DefaultVerifier> { TestCode = source };
        Verifier.Configure(test.TestState, With.ExESDBOnly);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    private static async Task FixAsync(string source, string fixedSource, int codeActionIndex = 0, string? batchFixed = null)
    {
        var test = new CSharpCodeFixTest<SubscriptionAnalyzer, SubscriptionCodeFixProvider, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionIndex = codeActionIndex,
        };
        Verifier.Configure(test.TestState, With.ExESDBOnly);
        Verifier.Configure(test.FixedState, With.ExESDBOnly);
        if (batchFixed is not null)
        {
            test.BatchFixedCode = batchFixed;
            Verifier.Configure(test.BatchFixedState, With.ExESDBOnly);
        }

        await test.RunAsync();
    }

    // ---- EVC104: each recognised form of type test ----

    [Test]
    public Task EVC104_is_type() => AnalyzeAsync(Cluster("if (message is {|EVC104:EventsPersisted|}) { }"));

    [Test]
    public Task EVC104_is_declaration_pattern_on_a_payload() => AnalyzeAsync(Cluster("if (message is {|EVC104:EventPayload<EventsPersisted>|} p) { }"));

    [Test]
    public Task EVC104_as_and_cast_on_envelopes() => AnalyzeAsync(Cluster("""
        var a = message as {|EVC104:EventEnvelope<EventsPersisted>|};
                    var b = ({|EVC104:EventEnvelope<GatewayWorkerStarted>|})message;
        """));

    [Test]
    public Task EVC104_switch_case_and_arm() => AnalyzeAsync(Cluster("""
        switch (message)
                    {
                        case {|EVC104:EventsPersisted|} e:
                            break;
                        default:
                            break;
                    }
                    string s = message switch { {|EVC104:GatewayWorkerStarted|} => "g", _ => "?" };
        """));

    [Test]
    public Task EVC104_or_pattern_and_recursive_pattern() => AnalyzeAsync(Cluster("""
        if (message is ClusterJoined or {|EVC104:EventsPersisted|}) { }
                    if (message is {|EVC104:EventsPersisted|} { EventCount: > 0 }) { }
        """));

    [Test]
    public Task EVC104_message_names_the_event_its_category_and_the_topic() => AnalyzeAsync(
        Cluster("if (message is EventsPersisted) { }"),
        new DiagnosticResult("EVC104", DiagnosticSeverity.Warning).WithSpan(13, 28, 13, 43).WithSpan(11, 70, 11, 77)
            .WithMessage("EventsPersisted is a 'persistence' event, but these messages come from the 'cluster' topic Cluster: this test can never match"));

    [TestCase("var sub = bus.Subscribe(Events.BuildTopic(store, Events.Category.Cluster));\n        await foreach (object message in sub.WithCancellation(ct))")]
    [TestCase("await using ISubscription sub = bus.Subscribe(\"exesdb:control:main:cluster\");\n        await foreach (object message in sub)")]
    [TestCase("await foreach (var message in bus.Subscribe($\"exesdb:control:{store}:cluster\"))")]
    [TestCase("string topic = Events.Topics.Cluster(store);\n        await foreach (object message in bus.Subscribe(topic))")]
    public Task EVC104_every_topic_form_EVC100_resolves(string subscribe) => AnalyzeAsync(Read(subscribe, "if (message is {|EVC104:EventsPersisted|}) { }"));

    [Test]
    public Task EVC104_own_category_and_non_catalog_types_are_fine() => AnalyzeAsync(Cluster("""
        if (message is ClusterJoined or EventPayload<ClusterLeft> or EventEnvelope<ClusterJoined> or string or IEventPayload) { }
        """));

    // ---- no false positives ----

    [TestCase("await foreach (object message in bus.Subscribe(store))")]
    [TestCase("string topic = Events.Topics.Cluster(store);\n        topic = store;\n        await foreach (object message in bus.Subscribe(topic))")]
    [TestCase("await foreach (object message in Messages())")]
    [TestCase("await foreach (object message in bus.Subscribe(\"room:lobby\"))")]
    public Task No_diagnostic_where_the_topic_is_not_resolved(string subscribe) => AnalyzeAsync(Read(subscribe, """
        if (message is EventsPersisted) { }
                    switch (message) { case ClusterJoined: break; }
        """).Replace("class Node\n{", "class Node\n{\n    static async System.Collections.Generic.IAsyncEnumerable<object> Messages() { await Task.Yield(); yield break; }"));

    [Test]
    public Task No_diagnostic_on_a_subscription_passed_in_as_an_object_or_parameter() => AnalyzeAsync(Verifier.Usings + """
        class Node
        {
            async Task Read(ISubscription subscription, object other)
            {
                await foreach (object message in subscription)
                {
                    if (message is EventsPersisted) { }
                    switch (message) { case ClusterJoined: break; }
                }

                if (other is EventsPersisted) { }
            }
        }
        """);

    // ---- EVC105 ----

    [Test]
    public Task EVC105_switch_statement_names_the_missing_events() => AnalyzeAsync(
        Cluster("switch (message) { case ClusterJoined j: break; case string: break; }"),
        new DiagnosticResult("EVC105", DiagnosticSeverity.Warning).WithSpan(13, 13, 13, 19)
            .WithMessage("This switch over the 'cluster' events handles 1 of its 2 event types but not ClusterLeft ('cluster_left'); add the missing cases or a default"));

    [Test]
    public Task EVC105_switch_expression_over_payloads() => AnalyzeAsync(Cluster("""
        string s = message {|EVC105:switch|} { EventPayload<ClusterLeft> => "left", string => "text" };
        """));

    [Test]
    public Task EVC105_typed_stream_data() => AnalyzeAsync(Read("await foreach (EventEnvelope<IClusterEvent> evt in Events.ClusterStream(bus, store))", """
        {|EVC105:switch|} (evt.Data)
                    {
                        case ClusterJoined joined:
                            break;
                    }
        """));

    [TestCase("default: break;")]
    [TestCase("case var other: break;")]
    [TestCase("case IEventPayload p: break;")]
    [TestCase("case ClusterLeft: break;")]
    [TestCase("case EventEnvelope<ClusterLeft>: break;")]
    public Task EVC105_not_when_complete_or_defaulted(string other) => AnalyzeAsync(Cluster($"switch (message) {{ case ClusterJoined j: break; {other} }}"));

    [Test]
    public Task EVC105_not_when_no_event_of_the_category_is_handled() => AnalyzeAsync(Cluster("switch (message) { case string s: break; }"));

    // A catch-all written as a pattern: the switch handles everything, so nothing is missing.
    [TestCase("switch (message) { case ClusterJoined j: break; case not null: break; }")]
    [TestCase("switch (message) { case ClusterJoined j: break; case { }: break; }")]
    [TestCase("switch (message) { case ClusterJoined j: break; case not string: break; }")]
    [TestCase("switch (message) { case ClusterJoined j: break; case not null and not string: break; }")]
    [TestCase("string s = message switch { ClusterJoined => \"j\", not null => \"x\", null => \"n\" };")]
    [TestCase("string s = message switch { ClusterJoined => \"j\", object => \"x\", null => \"n\" };")]
    [TestCase("switch (message) { case ClusterJoined j: break; case ClusterLeft l when l is null: break; }")]
    [TestCase("switch (message) { case ClusterJoined j: break; case ClusterLeft { }: break; }")]
    [TestCase("switch (message) { case IEventPayload { Event.Data: ClusterJoined j }: break; case IEventPayload { Event.Data: var d }: break; }")]
    [TestCase("switch (message) { case IEventPayload { Event.Data: ClusterJoined or ClusterLeft }: break; }")]
    public Task EVC105_not_for_a_catch_all_pattern_or_a_named_guarded_case(string body) => AnalyzeAsync(Cluster(body));

    // A guarded catch-all is not a default: it handles only what its guard lets through.
    [TestCase("{|EVC105:switch|} (message) { case ClusterJoined j: break; case var x when x is string: break; }")]
    [TestCase("string s = message {|EVC105:switch|} { ClusterJoined => \"j\", _ when message is string => \"x\" };")]
    [TestCase("{|EVC105:switch|} (message) { case ClusterJoined j: break; case not null when message is string: break; }")]
    public Task EVC105_a_guarded_catch_all_is_not_a_default(string body) => AnalyzeAsync(Cluster(body));

    // The README's form: a property pattern on the payload or envelope reaching the event inside.
    [TestCase("if (message is IEventPayload { Event.Data: {|EVC104:EventsPersisted|} p }) { }")]
    [TestCase("if (message is IEventPayload { Event: { Data: {|EVC104:EventsPersisted|} } }) { }")]
    [TestCase("if (message is IEventPayload { Event: {|EVC104:EventEnvelope<EventsPersisted>|} }) { }")]
    [TestCase("if (message is IEventEnvelope { Data: {|EVC104:EventsPersisted|} }) { }")]
    [TestCase("if (message is EventPayload<ClusterJoined> { Event.Data: ClusterJoined }) { }")]
    [TestCase("if (message is IEventPayload { Wrapper: \"x\", Event.Data: ClusterJoined }) { }")]
    [TestCase("{|EVC105:switch|} (message) { case IEventPayload { Event.Data: ClusterJoined j }: break; }")]
    public Task EVC104_and_EVC105_see_the_event_inside_a_payload_or_envelope_pattern(string body) => AnalyzeAsync(Cluster(body));

    [Test]
    public Task EVC105_fix_adds_payload_cases_for_a_switch_over_payload_property_patterns() => FixAsync(
        Cluster("""
            {|EVC105:switch|} (message)
                        {
                            case IEventPayload { Event.Data: ClusterLeft left }:
                                break;
                        }
            """),
        Cluster("""
            switch (message)
                        {
                            case IEventPayload { Event.Data: ClusterLeft left }:
                                break;
                            case EventPayload<ClusterJoined>:
                                break;
                        }
            """));

    // ---- code fixes ----

    [Test]
    public Task EVC104_fix_removes_the_dead_switch_section() => FixAsync(
        Cluster("""
            switch (message)
                        {
                            case ClusterJoined:
                                break;
                            case {|EVC104:EventsPersisted|}:
                                break;
                            default:
                                break;
                        }
            """),
        Cluster("""
            switch (message)
                        {
                            case ClusterJoined:
                                break;
                            default:
                                break;
                        }
            """));

    [Test]
    public Task EVC104_fix_removes_the_dead_if() => FixAsync(
        Cluster("""
            if (message is {|EVC104:EventsPersisted|} p)
                        {
                            System.Console.WriteLine(p);
                        }
            """),
        Verifier.Usings + """
        using System.Threading;
        using EventCatalog.Subscribers;

        class Node
        {
            async Task Run(IPubSub bus, string store, CancellationToken ct)
            {
                await foreach (object message in bus.Subscribe(Events.Topics.Cluster(store)))
                {
                }
            }
        }
        """);

    [Test]
    public Task EVC104_fix_subscribes_to_the_events_category() => FixAsync(
        Cluster("if (message is {|EVC104:EventsPersisted|}) { }"),
        Read("await foreach (object message in bus.Subscribe(Events.Topics.Persistence(store)))", "if (message is EventsPersisted) { }"),
        codeActionIndex: 1);

    [Test]
    public Task EVC105_fix_adds_the_missing_cases_in_catalog_order() => FixAsync(
        Cluster("""
            {|EVC105:switch|} (message)
                        {
                            case string:
                                break;
                            case EventPayload<ClusterLeft> left:
                                break;
                        }
            """),
        Cluster("""
            switch (message)
                        {
                            case string:
                                break;
                            case EventPayload<ClusterLeft> left:
                                break;
                            case EventPayload<ClusterJoined>:
                                break;
                        }
            """));

    [Test]
    public Task EVC105_fix_adds_arms_to_a_switch_expression_and_fix_all_fixes_every_switch() => FixAsync(
        Read("await foreach (EventEnvelope<IClusterEvent> evt in Events.ClusterStream(bus, store))", """
            string a = evt.Data {|EVC105:switch|} { ClusterLeft => "left" };
                        string b = evt.Data {|EVC105:switch|} { ClusterJoined => "joined" };
            """),
        Read("await foreach (EventEnvelope<IClusterEvent> evt in Events.ClusterStream(bus, store))", """
            string a = evt.Data switch { ClusterLeft => "left", ClusterJoined => throw new System.NotImplementedException() };
                        string b = evt.Data switch { ClusterJoined => "joined", ClusterLeft => throw new System.NotImplementedException() };
            """));
}
