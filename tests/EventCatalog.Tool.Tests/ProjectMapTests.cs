using System;
using System.IO;
using System.Linq;
using EventCatalog.Tool.Tests.Infrastructure;
using NUnit.Framework;

namespace EventCatalog.Tool.Tests;

/// <summary>
/// <c>--project</c>: MSBuildWorkspace loads a real project, and the publish analyzer's own site finding and topic
/// resolution say where each event is published and which topics are subscribed; <c>lint</c> reports EVC203 for
/// events nothing publishes, and <c>docs</c> lists the sites and marks those events.
/// </summary>
public class ProjectMapTests
{
    private const string Catalog = """
        namespace: Shop
        class: ShopEvents
        topic: "shop:{store}:{category}"
        categories:
          orders:
            description: Orders and their lifecycle
            events:
              order_placed:
                description: A customer placed an order.
                data:
                  order_id: string
              order_cancelled:
                description: The customer cancelled the order.
                data:
                  order_id: string
          billing:
            description: Invoices and payments
            events:
              invoice_sent:
                description: An invoice was sent.
                data:
                  order_id: string
        """;

    private const string Program = """
        using EventCatalog;
        using Shop;

        var bus = new InMemoryPubSub();
        using ISubscription orders = bus.Subscribe(ShopEvents.Topics.Orders("eu"));
        await bus.BroadcastAsync(ShopEvents.Topics.Orders("eu"), new OrderPlaced("o-1"));
        string billing = ShopEvents.Topics.Billing("eu");
        await bus.BroadcastAsync(billing, new InvoiceSent("o-1"));
        await bus.BroadcastAsync(PickTopic(), new OrderPlaced("o-2"));

        static string PickTopic() => System.Environment.GetEnvironmentVariable("SHOP_TOPIC") ?? "shop:eu:orders";
        """;

    /// <summary>Receive sites (issue 22): one exhaustive handler, one through the opt-out base.</summary>
    private const string Handlers = """
        using System.Threading;
        using System.Threading.Tasks;
        using EventCatalog;

        namespace Shop;

        public sealed class Billing : IBillingHandler
        {
            public ValueTask HandleAsync(EventEnvelope<InvoiceSent> evt, CancellationToken cancellationToken) => default;
        }

        public sealed class Cancellations : OrdersHandlerBase
        {
            public override ValueTask HandleAsync(EventEnvelope<OrderCancelled> evt, CancellationToken cancellationToken) => default;
        }
        """;

    private static readonly Lazy<string> s_project = new(WriteProject);

    [Test]
    public void Lint_with_project_reports_EVC203_at_the_event_no_call_publishes()
    {
        string folder = Path.GetDirectoryName(s_project.Value)!;
        RunResult result = Run.Tool(folder, "lint", "--project", "Shop.csproj");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.DiagnosticLines, Is.EqualTo(new[]
        {
            "events.schema.yaml(12,7): warning EVC203: Event 'order_cancelled' of category 'orders' is never published in Shop.csproj: no call with a [TopicParameter] and an [EventParameter] passes OrderCancelled (https://github.com/eventcatalog-dotnet/EventCatalog/blob/main/docs/diagnostics/EVC203.md)",
        }), result.ToString());
    }

    [Test]
    public void Lint_without_project_reports_no_EVC203()
    {
        string folder = Path.GetDirectoryName(s_project.Value)!;
        RunResult result = Run.Tool(folder, "lint");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.DiagnosticLines, Is.Empty, result.ToString());
    }

    [Test]
    public void Docs_with_project_lists_publish_and_subscribe_sites_and_marks_the_unpublished_event()
    {
        string folder = Path.GetDirectoryName(s_project.Value)!;
        string output = Path.Combine(folder, "site");
        RunResult result = Run.Tool(folder, "docs", "-o", output, "--project", "Shop.csproj");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        string html = File.ReadAllText(Path.Combine(output, "index.html"));
        Assert.Multiple(() =>
        {
            Assert.That(Article(html, "order_placed"), Does.Contain("<span class=\"muted\">Published at:</span> <ul class=\"sites\"><li><code>Program.cs:6</code> <span class=\"muted\">(Shop)</span></li><li><code>Program.cs:9</code> <span class=\"muted\">(Shop)</span></li></ul>"));
            Assert.That(Article(html, "invoice_sent"), Does.Contain("<li><code>Program.cs:8</code> <span class=\"muted\">(Shop)</span></li>"));
            Assert.That(Article(html, "order_cancelled"), Does.Contain("<span class=\"badge never\">never published</span>"));
            Assert.That(Article(html, "order_cancelled"), Does.Contain("<span class=\"muted\">Published at:</span> <span class=\"muted\">nowhere in the code</span>"));
            Assert.That(html, Does.Contain("<rect class=\"event never\""));
            Assert.That(html, Does.Contain(">order_cancelled \u2205</text>"));
            Assert.That(html.Split("badge never").Length - 1, Is.EqualTo(1));
            Assert.That(html, Does.Contain("<dt>Subscribed at</dt><dd class=\"subscriptions\"><ul class=\"sites\"><li><code>Program.cs:5</code> <span class=\"muted\">(Shop)</span></li></ul></dd>"));
            Assert.That(html, Does.Contain("<dt>Subscribed at</dt><dd class=\"subscriptions\"><span class=\"muted\">no subscription to this topic resolved in the code</span></dd>"));
            Assert.That(html, Does.Contain("<li><code>Program.cs:9</code> BroadcastAsync (event <code>order_placed</code>)</li>"));
            Assert.That(html, Does.Contain("<dt>Never published</dt><dd>1 of 3 event types</dd>"));
            Assert.That(html, Does.Contain("<dt>Handled by</dt><dd class=\"handlers\"><ul class=\"sites\"><li><code>Billing</code> (every event) <code>Handlers.cs:7</code> <span class=\"muted\">(Shop)</span></li></ul></dd>"));
            Assert.That(html, Does.Contain("<dt>Handled by</dt><dd class=\"handlers\"><ul class=\"sites\"><li><code>Cancellations</code> (some events, through the base) <code>Handlers.cs:12</code> <span class=\"muted\">(Shop)</span></li></ul></dd>"));
        });

        // The marked page still renders without overlaps (the mark widens the box).
        DocsPageTests.Layout layout = DocsPageTests.Measure(Path.Combine(output, "index.html"));
        DocsPageTests.AssertEverythingShown(layout, CatalogNames.Read(Path.Combine(folder, "events.schema.yaml")));
        DocsPageTests.AssertNoOverlap(layout);
    }

    /// <summary>
    /// Issue 22: with <c>--project</c> the AsyncAPI document's receive operation of each category lists the handlers found in the
    /// code (<c>x-eventcatalog-handlers</c>) and the subscriptions, its send operation the publish sites; the official parser
    /// (@asyncapi/parser) still reports no error and no warning.
    /// </summary>
    [Test]
    public void Export_asyncapi_with_project_lists_the_handlers_on_each_receive_operation_and_the_publish_sites_on_each_send()
    {
        string folder = Path.GetDirectoryName(s_project.Value)!;
        string output = Path.Combine(folder, "asyncapi.json");
        RunResult result = Run.Tool(folder, "export", "asyncapi", "--project", "Shop.csproj", "-o", output);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        System.Text.Json.Nodes.JsonNode operations = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(output))!["operations"]!;
        Assert.Multiple(() =>
        {
            Assert.That(operations["receiveBilling"]!["x-eventcatalog-handlers"]!.ToJsonString(), Is.EqualTo("""[{"type":"Billing","handles":"every event","site":"Handlers.cs:7","project":"Shop"}]"""));
            Assert.That(operations["receiveOrders"]!["x-eventcatalog-handlers"]!.ToJsonString(), Is.EqualTo("""[{"type":"Cancellations","handles":"some events, through the base","site":"Handlers.cs:12","project":"Shop"}]"""));
            Assert.That(operations["receiveOrders"]!["x-eventcatalog-subscriptions"]!.ToJsonString(), Is.EqualTo("""[{"site":"Program.cs:5","project":"Shop"}]"""));
            Assert.That(operations["receiveBilling"]!["x-eventcatalog-subscriptions"]!.ToJsonString(), Is.EqualTo("[]"), "none found: an empty list, not a missing key");
            Assert.That(operations["sendOrders"]!["x-eventcatalog-publish-sites"]!.ToJsonString(), Is.EqualTo(
                """[{"event":"order_placed","site":"Program.cs:6","project":"Shop"},{"event":"order_placed","site":"Program.cs:9","project":"Shop"}]"""));
            Assert.That(operations["sendBilling"]!["x-eventcatalog-publish-sites"]!.ToJsonString(), Is.EqualTo("""[{"event":"invoice_sent","site":"Program.cs:8","project":"Shop"}]"""));
        });

        RunResult parsed = Run.Process("node", NodePackages.Folder, TimeSpan.FromMinutes(2), "validate-asyncapi.mjs", output);
        Assert.That(parsed.StdoutLines, Does.Contain("errors=0 warnings=0"), parsed.ToString());
        Assert.That(parsed.StdoutLines, Does.Contain("channels=2 operations=4 messages=3"), parsed.ToString());

        RunResult without = Run.Tool(folder, "export", "asyncapi", "--format", "json");
        // Without --project the document is the catalog's alone: the catalog's own extensions (wrapper, version, ... that
        // let the generator read the document back), none of the project's sites.
        foreach (string projectOnly in new[] { "x-eventcatalog-handlers", "x-eventcatalog-subscriptions", "x-eventcatalog-publish-sites" })
        {
            Assert.That(without.Stdout, Does.Not.Contain(projectOnly), "without --project the document is the catalog's alone");
        }

        Assert.That(without.Stdout, Does.Contain("x-eventcatalog-wrapper"), "the catalog's own extensions are written either way");
    }

    [Test]
    public void The_sample_publishes_every_event_of_the_root_catalog()
    {
        const string sample = "samples/ExESDB.ControlPlane/ExESDB.ControlPlane.csproj";
        RunResult lint = Run.Tool(Repo.Root, "lint", "events.schema.yaml", "--project", sample);
        Assert.That(lint.ExitCode, Is.EqualTo(0), lint.ToString());
        Assert.That(lint.DiagnosticLines.Where(l => l.Contains("EVC203", StringComparison.Ordinal)), Is.Empty, lint.ToString());
        Assert.That(lint.DiagnosticLines, Has.Length.EqualTo(6), "the six smells of the root catalog, and nothing else");

        string html = File.ReadAllText(DocsPageTests.WriteDocs("events.schema.yaml", "--project", sample));
        string[] workers = File.ReadAllLines(Repo.Combine("samples", "ExESDB.ControlPlane", "Workers.cs"));
        int joined = Array.FindIndex(workers, l => l.Contains("new ClusterJoined(", StringComparison.Ordinal)) + 1;
        Assert.Multiple(() =>
        {
            Assert.That(joined, Is.GreaterThan(0));
            Assert.That(html, Does.Not.Contain("badge never"));
            Assert.That(html, Does.Contain("<dt>Never published</dt><dd>0 of 63 event types</dd>"));
            Assert.That(Article(html, "cluster_joined"), Does.Contain($"<li><code>Workers.cs:{joined}</code> <span class=\"muted\">(ExESDB.ControlPlane)</span></li>"));
            Assert.That(html, Does.Contain("<section class=\"unresolved\" id=\"unresolved\">"));

            // Issue 22: the sample receives through one exhaustive generated handler per category, subscribed with Events.Subscribe.
            string[] handlers = File.ReadAllLines(Repo.Combine("samples", "ExESDB.ControlPlane", "CategoryHandlers.cs"));
            int cluster = Array.FindIndex(handlers, l => l.Contains("class ClusterHandler", StringComparison.Ordinal)) + 1;
            int subscribe = Array.FindIndex(handlers, l => l.Contains("new ClusterHandler(sink)", StringComparison.Ordinal)) + 1;
            Assert.That(html, Does.Contain($"<li><code>ClusterHandler</code> (every event) <code>CategoryHandlers.cs:{cluster}</code> <span class=\"muted\">(ExESDB.ControlPlane)</span></li>"));
            Assert.That(html, Does.Contain($"<li><code>CategoryHandlers.cs:{subscribe}</code> <span class=\"muted\">(ExESDB.ControlPlane)</span></li>"));
            Assert.That(html.Split("(every event)").Length - 1, Is.EqualTo(7), "one handler per category");
        });
    }

    [Test]
    public void A_project_that_is_missing_or_not_a_project_is_exit_2_with_the_path_named()
    {
        RunResult missing = Run.Tool(Repo.Root, "lint", "events.schema.yaml", "--project", "nope.csproj");
        RunResult notProject = Run.Tool(Repo.Root, "docs", "-o", Repo.NewTempFolder("docs"), "events.schema.yaml", "--project", "README.md");
        Assert.Multiple(() =>
        {
            Assert.That(missing.ExitCode, Is.EqualTo(2), missing.ToString());
            Assert.That(missing.Stderr.Trim(), Is.EqualTo("eventcatalog: nope.csproj: the project or solution file does not exist."));
            Assert.That(notProject.ExitCode, Is.EqualTo(2), notProject.ToString());
            Assert.That(notProject.Stderr.Trim(), Is.EqualTo("eventcatalog: README.md: --project takes a .csproj, .sln or .slnx file."));
        });
    }

    /// <summary>The event's &lt;article&gt; on the page.</summary>
    private static string Article(string html, string eventName)
    {
        int start = html.IndexOf($"data-event=\"{eventName}\">", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), eventName + " has an article");
        return html[start..html.IndexOf("</article>", start, StringComparison.Ordinal)];
    }

    /// <summary>The consumer project (<see cref="ConsumerProject"/>) with the handlers beside its program.</summary>
    private static string WriteProject()
    {
        string project = ConsumerProject.Write("Shop", Catalog, Program);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(project)!, "Handlers.cs"), Handlers + "\n");
        return project;
    }
}
