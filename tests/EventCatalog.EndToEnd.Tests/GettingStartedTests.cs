using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace EventCatalog.EndToEnd.Tests;

/// <summary>
/// The README's "Getting started", followed literally on a clean folder whose only package source is the local feed:
/// its shell blocks run with bash, its <c>file=NAME</c> blocks are written, and each <c>text output</c> block must
/// appear in what the shell block before it printed. The <c>sh repository</c> block is the pack command
/// <see cref="PackageFeed"/> ran. It ends with the event handled and the diagnostic shown.
/// </summary>
[NonParallelizable]
public class GettingStartedTests
{
    private sealed record Block(string Info, string Text);

    private static IReadOnlyList<Block> Section()
    {
        string readme = File.ReadAllText(Path.Combine(PackageFeed.RepoRoot, "README.md"));
        int start = readme.IndexOf("\n## Getting started\n", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "the README has a '## Getting started' section");
        int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        string section = readme.Substring(start, end - start);
        return Regex.Matches(section, "^```(?<info>[^\\n]*)\\n(?<text>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)
            .Select(m => new Block(m.Groups["info"].Value.Trim(), m.Groups["text"].Value))
            .ToList();
    }

    [Test]
    public void The_getting_started_is_the_first_section_and_packs_with_the_tests_command()
    {
        string readme = File.ReadAllText(Path.Combine(PackageFeed.RepoRoot, "README.md"));
        Assert.That(Regex.Matches(readme, "^## .*$", RegexOptions.Multiline).First().Value, Is.EqualTo("## Getting started"));
        Block repository = Section().First();
        Assert.That(repository.Info, Is.EqualTo("sh repository"));
        string pack = repository.Text.Split('\n').First(l => l.StartsWith("dotnet pack", StringComparison.Ordinal));
        Assert.That(pack.Split('#')[0].Trim(), Is.EqualTo("dotnet " + string.Join(' ', PackageFeed.PackCommand)), "the test packs with the README's command");
        Assert.That(repository.Text, Does.Contain("export EVENTCATALOG_FEED=\"$PWD/artifacts/packages\""));
    }

    [Test]
    public void Following_the_getting_started_literally_ends_with_the_event_handled_and_the_diagnostic_shown()
    {
        string folder = Path.Combine(PackageFeed.Root, "getting-started");
        Directory.CreateDirectory(folder);

        // The local feed only: <clear/> drops every other source (the private packages folder of PackageFeed stays).
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="eventcatalog-local" value="{PackageFeed.Feed}" />
              </packageSources>
            </configuration>
            """);

        string cwd = folder;
        string? lastOutput = null;
        int ran = 0;
        var environment = new Dictionary<string, string> { ["EVENTCATALOG_FEED"] = PackageFeed.Feed };
        foreach (Block block in Section().Skip(1))
        {
            if (block.Info == "sh")
            {
                string marker = Path.Combine(PackageFeed.Root, "getting-started.cwd");
                string script = "set -o pipefail\n" + block.Text + "\npwd > '" + marker + "'\n";
                DotNet.Result result = DotNet.RunWith("bash", cwd, environment, "-c", script);
                lastOutput = result.Output;
                cwd = File.ReadAllText(marker).Trim();
                ran++;
            }
            else if (block.Info.Contains("file=", StringComparison.Ordinal))
            {
                string name = Regex.Match(block.Info, @"file=(\S+)").Groups[1].Value;
                File.WriteAllText(Path.Combine(cwd, name), block.Text);
            }
            else if (block.Info == "text output")
            {
                Assert.That(lastOutput, Is.Not.Null, "an output block follows a shell block");
                foreach (string line in block.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l != "..."))
                {
                    Assert.That(lastOutput, Does.Contain(line), $"the README says this output appears:\n{line}\nbut the commands printed:\n{lastOutput}");
                }
            }
        }

        Assert.That(ran, Is.GreaterThanOrEqualTo(3));
        Assert.That(Directory.GetFiles(Path.Combine(PackageFeed.Root, "packages"), "*.nupkg", SearchOption.AllDirectories).Select(Path.GetFileName),
            Does.Contain($"eventcatalog.{PackageFeed.Version}.nupkg"), "EventCatalog came from the local feed into the private packages folder");

        // One mistake, one error: the build shows EVC005 and no C# error (the code does not use order_shipped).
        Assert.That(lastOutput, Does.Not.Match(@"error CS\d{4}"));
    }
}
