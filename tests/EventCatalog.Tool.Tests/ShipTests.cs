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

    /// <summary>Issue 24, case 6: the lock as git leaves it when one branch added 'reason: string?' and another 'node: string?'.</summary>
    private static readonly string ConflictedLock = ShippedLock.Replace("\r\n", "\n").Replace(
        "            \"term\": \"long\",\n",
        "<<<<<<< HEAD\n            \"reason\": \"string?\",\n=======\n            \"node\": \"string?\",\n>>>>>>> add-node\n            \"term\": \"long\",\n");

    [Test]
    public void Check_exits_1_while_the_lock_has_an_unresolved_merge_conflict_and_reports_the_retype_the_merge_brought()
    {
        // The merge took both optional fields and retyped term (long -> string).
        string merged = "categories:\n  cluster:\n    events:\n      cluster_joined:\n        data: { via_node: string, term: string, reason: string?, node: string? }\n";
        string folder = Folder("check-conflict", merged, ConflictedLock);
        RunResult result = Run.Tool(folder, "check", "events.schema.yaml");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.DiagnosticLines, Has.Length.EqualTo(2), result.ToString());
        Assert.That(result.Summary, Is.EqualTo("1 catalog checked: 1 error, 1 warning"));
        Assert.That(result.StdoutLines[0], Does.StartWith("events.schema.lock.json(10,1): warning EVC019: The compatibility lock 'events.schema.lock.json' has an unresolved merge conflict (the marker at line 10)"));
        Assert.That(result.StdoutLines[0], Does.Contain("Do not delete the lock to get rid of the conflict"));
        Assert.That(result.StdoutLines[1], Does.StartWith("events.schema.yaml(5,35): error EVC017: Field 'term' of event 'cluster_joined' changed type from 'long' to 'string'"));

        // Without the retype: no error, but the lock still cannot be read as it is, so the gate stays shut.
        string additive = Folder("check-conflict-additive", merged.Replace("term: string", "term: long"), ConflictedLock);
        RunResult onlyConflict = Run.Tool(additive, "check");
        Assert.That(onlyConflict.ExitCode, Is.EqualTo(1), onlyConflict.ToString());
        Assert.That(onlyConflict.DiagnosticLines, Has.Length.EqualTo(1).And.All.Contain("warning EVC019"), onlyConflict.ToString());

        RunResult unreadable = Run.Tool(Folder("check-unreadable", Shipped, "{ \"eventcatalog_lock\": 9 }"), "check");
        Assert.That(unreadable.ExitCode, Is.EqualTo(1), unreadable.ToString());
    }

    [Test]
    public void Ship_merges_a_conflict_whose_sides_only_add_and_refuses_one_that_came_with_a_retype()
    {
        string merged = "categories:\n  cluster:\n    events:\n      cluster_joined:\n        data: { via_node: string, term: long, reason: string?, node: string? }\n";
        string folder = Folder("ship-conflict", merged, ConflictedLock);
        RunResult shipped = Run.Tool(folder, "ship");
        Assert.That(shipped.ExitCode, Is.EqualTo(0), shipped.ToString());
        Assert.That(shipped.StdoutLines, Is.EqualTo(new[] { "events.schema.lock.json: merge conflict resolved (both sides only added; the catalog checked against both), updated" }), shipped.ToString());
        string written = File.ReadAllText(Path.Combine(folder, "events.schema.lock.json"));
        Assert.That(written, Does.Not.Contain("<<<<<<<").And.Contain("\"node\": \"string?\"").And.Contain("\"reason\": \"string?\""));
        Assert.That(Run.Tool(folder, "check").ExitCode, Is.EqualTo(0));

        string retyped = Folder("ship-conflict-retype", merged.Replace("term: long", "term: string"), ConflictedLock);
        RunResult refused = Run.Tool(retyped, "ship");
        Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
        Assert.That(refused.Stdout, Does.Contain("error EVC017: Field 'term' of event 'cluster_joined' changed type from 'long' to 'string'"));
        Assert.That(File.ReadAllText(Path.Combine(retyped, "events.schema.lock.json")), Is.EqualTo(ConflictedLock), "nothing written");

        string notAdditive = ShippedLock.Replace("\r\n", "\n").Replace("            \"term\": \"long\",\n", "<<<<<<< HEAD\n            \"term\": \"long\",\n=======\n            \"term\": \"string\",\n>>>>>>> retype\n");
        string both = Folder("ship-conflict-both", Shipped, notAdditive);
        RunResult bothRefused = Run.Tool(both, "ship");
        Assert.That(bothRefused.ExitCode, Is.EqualTo(1), bothRefused.ToString());
        Assert.That(bothRefused.Stdout, Does.Contain("It cannot be merged by itself (field 'term' of event 'cluster_joined' is 'long' on one side and 'string' on the other)"));
        Assert.That(File.ReadAllText(Path.Combine(both, "events.schema.lock.json")), Is.EqualTo(notAdditive));
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
