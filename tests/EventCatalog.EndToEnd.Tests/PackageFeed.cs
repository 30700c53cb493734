using System;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace EventCatalog.EndToEnd.Tests;

/// <summary>
/// Packs every package once per run with the README's command (<see cref="PackCommand"/>: every packable project of
/// EventCatalog.sln) and a version of its own into a local folder feed, beside a nuget.config that adds that feed and a
/// private global packages folder, so a stale cached build of a package can never be what a test restores. The version
/// is stable (no prerelease tag: <c>dotnet add package</c> without a version takes the newest stable one, as a user's
/// does) and unique per run; it is the package version only, so assembly versions stay valid.
/// </summary>
internal static class PackageFeed
{
    /// <summary>The README's command that packs every package into the local feed (Getting started).</summary>
    public static readonly string[] PackCommand = { "pack", "-c", "Release", "-o", "artifacts/packages" };

    private static readonly Lazy<(string Root, string Version)> s_feed = new(Create);

    /// <summary>Packing builds every package in Release (the tool with MSBuildWorkspace among them): on a loaded machine that takes a while.</summary>
    private static readonly TimeSpan s_packBound = TimeSpan.FromMinutes(20);

    /// <summary>The folder the test projects live in (its nuget.config applies to them).</summary>
    public static string Root => s_feed.Value.Root;

    public static string Version => s_feed.Value.Version;

    /// <summary>The folder feed every package was packed into.</summary>
    public static string Feed => Path.Combine(Root, "feed");

    public static bool IsCreated => s_feed.IsValueCreated;

    public static string RepoRoot => EventCatalog.Generator.Tests.Infrastructure.RepoPaths.Root;

    /// <summary>The machine's global packages folder (NUGET_PACKAGES, else ~/.nuget/packages).</summary>
    private static string MachinePackages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static (string Root, string Version) Create()
    {
        string version = "0.1." + (long)(DateTime.UtcNow - new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
        string root = Path.Combine(Path.GetTempPath(), "eventcatalog-e2e", version + "-" + Environment.ProcessId);
        string feed = Path.Combine(root, "feed");
        string packages = Path.Combine(root, "packages");
        Directory.CreateDirectory(feed);
        Directory.CreateDirectory(packages);

        // The README's command, with this run's feed and version.
        var pack = PackCommand.Take(PackCommand.Length - 1).Concat(new[] { feed, $"-p:PackageVersion={version}", "-nodeReuse:false", "-p:UseSharedCompilation=false" }).ToArray();
        DotNet.Result packed = DotNet.RunWithin(s_packBound, RepoRoot, pack);
        if (packed.ExitCode != 0)
        {
            // Seen once right after another build of the repository; show why, and try once more.
            TestContext.Progress.WriteLine("dotnet pack failed, retrying once:\n" + packed.Output);
            packed = DotNet.RunWithin(s_packBound, RepoRoot, pack);
        }

        packed.ShouldSucceed();
        Assert.That(Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName), Does.Contain($"EventCatalog.{version}.nupkg"));

        // What the machine has already (NUnit for the template's tests), read and never written: fewer downloads. The
        // run's unique version of EventCatalog is never there.
        string fallback = Directory.Exists(MachinePackages)
            ? $"<fallbackPackageFolders><add key=\"machine\" value=\"{MachinePackages}\" /></fallbackPackageFolders>"
            : string.Empty;

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
            {fallback}
            </configuration>
            """);
        File.WriteAllText(Path.Combine(root, "global.json"), File.ReadAllText(Path.Combine(RepoRoot, "global.json")));
        // Keep the repository's Directory.Build.props out of the fresh projects.
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />\n");
        return (root, version);
    }
}
