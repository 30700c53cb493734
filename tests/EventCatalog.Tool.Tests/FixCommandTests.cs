using System;
using System.IO;
using System.Linq;
using EventCatalog.Tool.Tests.Infrastructure;
using NUnit.Framework;

namespace EventCatalog.Tool.Tests;

/// <summary>
/// <c>eventcatalog fix</c>: the code fixes an editor offers, applied from the command line on a real project
/// (MSBuildWorkspace, the generator, the project's own analyzers and code fixes), then a real <c>dotnet build</c>:
/// "Implement the upcast" (EVC016, on the YAML: <c>dotnet format</c> cannot apply it), "Write the lock" (EVC018) and
/// "publish to the event's own category" (EVC100).
/// </summary>
public class FixCommandTests
{
    private const string Catalog = """
        namespace: Shop
        class: ShopEvents
        categories:
          orders:
            events:
              order_placed:
                version: 2
                data:
                  order_id: string
                versions:
                  1: { data: { order_id: string, note: string } }
          billing:
            events:
              invoice_sent:
                data:
                  order_id: string
        """;

    private const string Program = """
        using EventCatalog;
        using Shop;

        var bus = new InMemoryPubSub();
        await bus.BroadcastAsync(ShopEvents.Topics.Billing("eu"), new OrderPlaced("o-1"));
        """;

    [Test]
    public void Fix_implements_the_upcast_writes_the_lock_and_moves_the_publish_and_the_project_then_builds()
    {
        string project = ConsumerProject.Write("Shop", Catalog, Program, withCodeFixes: true);
        string folder = Path.GetDirectoryName(project)!;

        RunResult fix = Run.Tool(folder, "fix", "--project", "Shop.csproj");
        Assert.That(fix.ExitCode, Is.EqualTo(0), fix.ToString());
        Assert.That(fix.StdoutLines, Has.Some.StartsWith("fixed EVC016 at ").And.Some.StartsWith("fixed EVC018 at ").And.Some.StartsWith("fixed EVC100 at "), fix.ToString());
        Assert.That(fix.StdoutLines.Last(), Is.EqualTo("3 fixes applied, 0 diagnostics left"), fix.ToString());

        string upcast = File.ReadAllText(Path.Combine(folder, "OrderPlaced.Upcast.cs"));
        Assert.That(upcast, Does.Contain("public static partial OrderPlaced Upcast(OrderPlacedV1 previous)"));
        Assert.That(File.Exists(Path.Combine(folder, "events.schema.lock.json")), Is.True, "the lock is written beside the catalog");
        Assert.That(File.ReadAllText(Path.Combine(folder, "Program.cs")), Does.Contain("ShopEvents.Topics.Orders(\"eu\"), new OrderPlaced(\"o-1\")"));

        // The build that failed with EVC016 before (PackageTests shows that failure) now succeeds.
        RunResult after = Run.Process("dotnet", folder, TimeSpan.FromMinutes(10), "build", "-nologo", "-p:UseSharedCompilation=false");
        Assert.That(after.ExitCode, Is.EqualTo(0), after.ToString());

        RunResult again = Run.Tool(folder, "fix", "--project", "Shop.csproj");
        Assert.That(again.StdoutLines, Is.EqualTo(new[] { "0 fixes applied, 0 diagnostics left" }), again.ToString());
    }

    [Test]
    public void Fix_without_project_is_an_argument_error()
    {
        RunResult result = Run.Tool(Repo.Root, "fix");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr.Trim(), Is.EqualTo("eventcatalog: Option '--project' is required. (see 'eventcatalog fix --help'.)"));
    }
}
