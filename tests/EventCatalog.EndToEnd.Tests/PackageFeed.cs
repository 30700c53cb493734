using System;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace EventCatalog.EndToEnd.Tests;

/// <summary>
/// Packs EventCatalog once per run with a unique version into a local folder feed, beside a
/// nuget.config that adds that feed and a private global packages folder, so a stale cached build of
/// the package can never be what a test restores.
/// </summary>
internal static class PackageFeed
{
    private static readonly Lazy<(string Root, string Version)> s_feed = new(Create);

    /// <summary>The folder the test projects live in (its nuget.config applies to them).</summary>
    public static string Root => s_feed.Value.Root;

    public static string Version => s_feed.Value.Version;

    public static bool IsCreated => s_feed.IsValueCreated;

    public static string RepoRoot => EventCatalog.Generator.Tests.Infrastructure.RepoPaths.Root;

    private static (string Root, string Version) Create()
    {
        string version = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        string root = Path.Combine(Path.GetTempPath(), "eventcatalog-e2e", version);
        string feed = Path.Combine(root, "feed");
        string packages = Path.Combine(root, "packages");
        Directory.CreateDirectory(feed);
        Directory.CreateDirectory(packages);

        string[] pack = { "pack", Path.Combine("runtime", "EventCatalog.Runtime", "EventCatalog.Runtime.csproj"),
            "-c", "Release", "-o", feed, $"-p:Version={version}", "-nodeReuse:false", "-p:UseSharedCompilation=false" };
        DotNet.Result packed = DotNet.Run(RepoRoot, pack);
        if (packed.ExitCode != 0)
        {
            // Seen once right after another build of the repository; show why, and try once more.
            TestContext.Progress.WriteLine("dotnet pack failed, retrying once:\n" + packed.Output);
            packed = DotNet.Run(RepoRoot, pack);
        }

        packed.ShouldSucceed();
        Assert.That(Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName), Does.Contain($"EventCatalog.{version}.nupkg"));

        // No <clear/>: the machine's own package source stays, for everything but EventCatalog.
        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="eventcatalog-e2e" value="{feed}" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{packages}" />
              </config>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(root, "global.json"), File.ReadAllText(Path.Combine(RepoRoot, "global.json")));
        // Keep the repository's Directory.Build.props out of the fresh projects.
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />\n");
        return (root, version);
    }
}
