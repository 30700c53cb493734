using System.Threading.Tasks;
using NUnit.Framework;
using static EventCatalog.Analyzers.Tests.Verifier;

namespace EventCatalog.Analyzers.Tests;

/// <summary>EVC101–EVC103: constants that name nothing in the catalog.</summary>
public class CatalogCallTests
{
    [Test]
    public Task EVC101_constant_topic_with_an_unknown_category() => AnalyzeAsync(Usings + """
        class Node
        {
            async Task Run(IPubSub bus)
            {
                await bus.BroadcastAsync({|EVC101:"exesdb:control:main:clustr"|}, new ClusterJoined("n2"));
            }
        }
        """);

    [Test]
    public Task EVC102_wrapper_of_another_category() => AnalyzeAsync(Usings + """
        class Node
        {
            void Run()
            {
                Events.BuildPayload({|EVC102:"cluster_event"|}, new EventsPersisted("orders", 5));
                Events.BuildPayload("persistence_event", new EventsPersisted("orders", 5));
                Events.BuildPayload(wrapper: {|EVC102:"gateway_event"|}, data: new ClusterJoined("n1"));
            }
        }
        """);

    [Test]
    public Task EVC103_unknown_event_types_and_categories() => AnalyzeAsync(Usings + """
        class Node
        {
            void Run()
            {
                Events.IsValidEvent("cluster", {|EVC103:"cluster_joind"|});
                Events.IsValidEvent({|EVC103:"clustr"|}, "cluster_joined");
                Events.IsValidEvent(Events.Category.Cluster, {|EVC103:"nope"|});
                Events.TryGetCategory({|EVC103:"events_persistd"|}, out _);
                Events.TryParseCategory({|EVC103:"persistance"|}, out _);
                Events.IsValidEvent("cluster", "cluster_joined");
                Events.TryGetCategory(Events.Types.EventsPersisted, out _);
            }
        }
        """);

    [Test]
    public async Task EVC103_message_suggests_the_close_name()
    {
        await AnalyzeAsync(
            Usings + """
            class Node
            {
                void Run() => Events.TryGetCategory("events_persistd", out _);
            }
            """,
            // The second span is where the did-you-mean fix writes.
            Diagnostic("EVC103").WithSpan(6, 41, 6, 58).WithSpan(6, 42, 6, 57).WithArguments("events_persistd", "an event type", "ExESDB.Events", "; did you mean 'events_persisted'?"));
    }
}

/// <summary>Every EVC1xx descriptor documents itself.</summary>
public class DescriptorTests
{
    [Test]
    public void Every_descriptor_has_a_docs_page_and_a_release_entry()
    {
        string root = EventCatalog.Generator.Tests.Infrastructure.RepoPaths.Root;

        string releases = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "analyzers", "EventCatalog.Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor in new PublishAnalyzer().SupportedDiagnostics)
        {
            Assert.That(System.IO.File.Exists(System.IO.Path.Combine(root, "docs", "diagnostics", descriptor.Id + ".md")), Is.True, descriptor.Id);
            Assert.That(descriptor.HelpLinkUri, Does.EndWith($"docs/diagnostics/{descriptor.Id}.md"));
            Assert.That(releases, Does.Contain($"{descriptor.Id} | {descriptor.Category} | {descriptor.DefaultSeverity}"));
        }
    }
}
