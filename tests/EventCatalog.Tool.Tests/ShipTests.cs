using System.IO;
using EventCatalog.Tool.Tests.Infrastructure;
using NUnit.Framework;

namespace EventCatalog.Tool.Tests;

/// <summary>
/// <c>eventcatalog ship</c>: writes or updates each catalog's compatibility lock, refusing (exit code 1, nothing written)
/// on a breaking change; <c>check</c> reports the same breaking changes (EVC017) at their YAML lines.
/// </summary>
public class ShipTests
{
    private const string Shipped = "categories:\n  cluster:\n    events:\n      cluster_joined:\n        data: { via_node: string, term: long }\n";

    private const string ShippedLock = """
        {
          "eventcatalog_lock": 1,
          "topic": "{store}:{category}",
          "categories": {
            "cluster": {
              "events": {
                "cluster_joined": {
                  "version": 1,
                  "data": {
                    "term": "long",
                    "via_node": "string"
                  }
                }
              }
            }
          }
        }

        """;

    private static string Folder(string name, string catalog, string? lockText = null)
    {
        string folder = Repo.NewTempFolder(name);
        File.WriteAllText(Path.Combine(folder, "events.schema.yaml"), catalog);
        if (lockText is not null)
        {
            File.WriteAllText(Path.Combine(folder, "events.schema.lock.json"), lockText);
        }

        return folder;
    }

    [Test]
    public void Ship_writes_the_lock_beside_the_catalog()
    {
        string folder = Folder("ship-write", Shipped);
        RunResult result = Run.Tool(folder, "ship", "events.schema.yaml");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.StdoutLines, Is.EqualTo(new[] { "events.schema.lock.json: written" }), result.ToString());
        Assert.That(File.ReadAllText(Path.Combine(folder, "events.schema.lock.json")), Is.EqualTo(ShippedLock.Replace("\r\n", "\n")));
    }

    [Test]
    public void Ship_again_without_changes_leaves_the_lock_alone()
    {
        string folder = Folder("ship-same", Shipped, ShippedLock.Replace("\r\n", "\n"));
        RunResult result = Run.Tool(folder, "ship");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.StdoutLines, Is.EqualTo(new[] { "events.schema.lock.json: up to date" }), result.ToString());
    }

    [Test]
    public void Ship_records_an_additive_change()
    {
        string folder = Folder("ship-update", Shipped.Replace("term: long }", "term: long, leader: string? }"), ShippedLock);
        RunResult result = Run.Tool(folder, "ship", "events.schema.yaml");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.StdoutLines, Is.EqualTo(new[] { "events.schema.lock.json: updated" }), result.ToString());
        Assert.That(File.ReadAllText(Path.Combine(folder, "events.schema.lock.json")), Does.Contain("\"leader\": \"string?\",\n            \"term\": \"long\","));
    }

    [Test]
    public void Ship_refuses_a_breaking_change_and_writes_nothing()
    {
        string folder = Folder("ship-refuse", Shipped.Replace("term: long", "term: int"), ShippedLock);
        RunResult result = Run.Tool(folder, "ship", "events.schema.yaml");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StdoutLines, Is.EqualTo(new[]
        {
            "events.schema.yaml(5,35): error EVC017: Field 'term' of event 'cluster_joined' changed type from 'long' to 'int': nodes on each side misread the other's data. Restore 'long', or bump the event instead: 'version: 2', the shipped data as version 1 in 'versions', and an upcaster. (https://github.com/eventcatalog-dotnet/EventCatalog/blob/main/docs/diagnostics/EVC017.md)",
        }), result.ToString());
        Assert.That(result.Stderr.Trim(), Is.EqualTo("eventcatalog: not shipped, no lock written: 1 breaking change without a version bump (EVC017)."));
        Assert.That(File.ReadAllText(Path.Combine(folder, "events.schema.lock.json")), Is.EqualTo(ShippedLock));
    }

    [Test]
    public void Ship_refuses_to_overwrite_a_lock_it_cannot_read()
    {
        string folder = Folder("ship-unreadable", Shipped, "{ \"eventcatalog_lock\": 9 }");
        RunResult result = Run.Tool(folder, "ship");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StdoutLines, Has.Length.EqualTo(1).And.All.StartWith("events.schema.lock.json(1,24): warning EVC019: "), result.ToString());
        Assert.That(File.ReadAllText(Path.Combine(folder, "events.schema.lock.json")), Is.EqualTo("{ \"eventcatalog_lock\": 9 }"));
    }

    [Test]
    public void Check_reports_a_breaking_change_against_the_lock_and_exits_1()
    {
        string folder = Folder("check-lock", Shipped.Replace(", term: long", ""), ShippedLock);
        RunResult result = Run.Tool(folder, "check", "events.schema.yaml");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.DiagnosticLines, Is.EqualTo(new[]
        {
            "events.schema.yaml(5,9): error EVC017: Field 'term' (long) of event 'cluster_joined' shipped at version 1 but is no longer in its data (removed or renamed): nodes on the shipped catalog require it in what this one writes. Restore it, or bump the event instead: 'version: 2', the shipped data as version 1 in 'versions', and an upcaster. (https://github.com/eventcatalog-dotnet/EventCatalog/blob/main/docs/diagnostics/EVC017.md)",
        }), result.ToString());
    }

    [Test]
    public void The_committed_root_lock_is_what_ship_writes_for_the_root_catalog()
    {
        string folder = Repo.NewTempFolder("ship-root");
        File.Copy(Repo.Combine("events.schema.yaml"), Path.Combine(folder, "events.schema.yaml"));
        RunResult result = Run.Tool(folder, "ship", "events.schema.yaml");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(File.ReadAllText(Path.Combine(folder, "events.schema.lock.json")), Is.EqualTo(File.ReadAllText(Repo.Combine("events.schema.lock.json"))));
    }

    [Test]
    public void Ship_with_project_finds_the_projects_linked_catalog_and_its_lock()
    {
        RunResult result = Run.Tool(Repo.Root, "ship", "--project", Path.Combine("samples", "ExESDB.ControlPlane", "ExESDB.ControlPlane.csproj"));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.StdoutLines, Is.EqualTo(new[] { "events.schema.lock.json: up to date" }), result.ToString());
    }
}
