using System.Threading;
using EventCatalog.Generator.Emit;
using EventCatalog.Generator.Parsing;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;

namespace EventCatalog.Analyzers.Tests;

/// <summary>Catalogs the tests publish against, emitted by the real generator code.</summary>
internal static class Catalogs
{
    public const string ExESDBYaml = """
        namespace: ExESDB
        class: Events
        topic: "exesdb:control:{store}:{category}"
        categories:
          cluster:
            wrapper: cluster_event
            events:
              cluster_joined:
                data:
                  via_node: string
              cluster_left: {}
          persistence:
            wrapper: persistence_event
            events:
              events_persisted:
                data:
                  stream_id: string
                  event_count: int
          gateway:
            events: [gateway_worker_started]
        """;

    public const string JobsYaml = """
        namespace: Jobs
        class: JobEvents
        topic: "jobs.{category}"
        categories:
          scheduling:
            events: [job_scheduled]
          running:
            events: [job_started]
        """;

    /// <summary>The default template, <c>{store}:{category}</c>: its only literal text is the separator, as in Phoenix-style chat topics.</summary>
    public const string ShopYaml = """
        namespace: Shop
        class: Events
        categories:
          orders:
            events:
              order_placed:
                data:
                  order_id: string
          payments:
            events:
              payment_captured:
                data:
                  order_id: string
          inventory:
            events: [stock_reserved]
        """;

    public static string ExESDB { get; } = Emit(ExESDBYaml, "/p/events.schema.yaml");

    public static string Shop { get; } = Emit(ShopYaml, "/p/shop.events.yaml");

    public static string Jobs { get; } = Emit(JobsYaml, "/p/jobs.events.yaml");

    private static string Emit(string yaml, string path)
    {
        CatalogParseResult parsed = CatalogParser.Parse(path, SourceText.From(yaml), "Consumer", CancellationToken.None);
        Assert.That(parsed.Spec, Is.Not.Null, string.Join("\n", parsed.Diagnostics));
        return CatalogEmitter.Emit(parsed.Spec!);
    }
}
