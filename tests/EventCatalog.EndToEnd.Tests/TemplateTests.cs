using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace EventCatalog.EndToEnd.Tests;

/// <summary>
/// The <c>dotnet new eventcatalog</c> template from the local feed, in a template hive of its own: installed, a
/// solution created, its test project run, its app run; and the feed holds a package for every packable project.
/// </summary>
[NonParallelizable]
public class TemplateTests
{
    [Test]
    public void The_feed_holds_every_packable_project_of_the_solution()
    {
        string[] packageIds = Directory.GetFiles(PackageFeed.RepoRoot, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}content{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .Where(text => text.Contains("<IsPackable>true</IsPackable>", StringComparison.Ordinal))
            .Select(text => Regex.Match(text, "<PackageId>([^<]+)</PackageId>").Groups[1].Value)
            .ToArray();
        Assert.That(packageIds, Is.SupersetOf(new[] { "EventCatalog", "EventCatalog.PubSub.Redis", "EventCatalog.Tool", "EventCatalog.Templates" }));
        Assert.That(Directory.GetFiles(PackageFeed.Feed, "*.nupkg").Select(Path.GetFileName),
            Is.SupersetOf(packageIds.Select(id => $"{id}.{PackageFeed.Version}.nupkg")));
    }

    [Test]
    public void The_template_installs_creates_a_solution_whose_test_passes_and_whose_app_handles_the_event()
    {
        string work = Path.Combine(PackageFeed.Root, "template");
        string hive = Path.Combine(work, "hive");
        Directory.CreateDirectory(work);
        string nupkg = Path.Combine(PackageFeed.Feed, $"EventCatalog.Templates.{PackageFeed.Version}.nupkg");
        using (ZipArchive zip = ZipFile.OpenRead(nupkg))
        {
            Assert.That(zip.Entries.Select(e => e.FullName), Is.SupersetOf(new[]
            {
                "content/EventCatalogApp/.template.config/template.json",
                "content/EventCatalogApp/EventCatalogApp/events.schema.yaml",
                "content/EventCatalogApp/EventCatalogApp/OrderPublisher.cs",
                "content/EventCatalogApp/EventCatalogApp/OrderHandler.cs",
                "content/EventCatalogApp/EventCatalogApp.Tests/OrderTests.cs",
                "README.md",
            }));
        }

        DotNet.Run(work, "new", "install", nupkg, "--debug:custom-hive", hive).ShouldSucceed();
        DotNet.Run(work, "new", "eventcatalog", "-n", "Shop", "-o", "Shop", "--debug:custom-hive", hive).ShouldSucceed();
        string solution = Path.Combine(work, "Shop");
        Assert.That(File.ReadAllText(Path.Combine(solution, "Shop", "Shop.csproj")), Does.Contain($"<PackageReference Include=\"EventCatalog\" Version=\"{PackageFeed.Version}\" />"),
            "the created project references the EventCatalog packed beside the template");

        DotNet.Result test = DotNet.Run(solution, "test", "-nodeReuse:false", "-p:UseSharedCompilation=false").ShouldSucceed();
        Assert.That(test.Output, Does.Contain("Passed!").And.Contain("Passed:     2"));
        Assert.That(test.Output, Does.Not.Match(@"(error|warning) CS\d{4}"));

        DotNet.Result run = DotNet.Run(solution, "run", "--project", "Shop").ShouldSucceed();
        Assert.That(run.Output.Trim().Split('\n').Last().Trim(), Is.EqualTo("handled order_placed: order o-1, total 12.50"));
    }
}
