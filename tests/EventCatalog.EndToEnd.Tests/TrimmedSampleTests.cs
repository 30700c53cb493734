using System;
using System.IO;
using NUnit.Framework;

namespace EventCatalog.EndToEnd.Tests;

/// <summary>
/// The sample published trimmed (IL trimming, as Native AOT does before compiling) with warnings as errors: the
/// trim analysis of the runtime, the generated code and its codec finds nothing (no IL2xxx/IL3xxx), and the
/// published binary round-trips every event of the root catalog through <c>Events.Codec</c>. The full Native
/// AOT publish (`-p:EventCatalogAot=true`, which needs clang) is in the README; it takes minutes, so it is not here.
/// </summary>
public class TrimmedSampleTests
{
    [Test]
    public void The_trimmed_sample_publishes_without_trim_warnings_and_round_trips_every_event()
    {
        string output = Path.Combine(Path.GetTempPath(), "eventcatalog-trimmed-" + Guid.NewGuid().ToString("N"));
        try
        {
            DotNet.Result publish = DotNet.Run(
                PackageFeed.RepoRoot,
                "publish", "samples/ExESDB.ControlPlane/ExESDB.ControlPlane.csproj", "-c", "Release", "-r", "linux-x64", "--self-contained",
                "-p:EventCatalogTrim=true", "-p:TreatWarningsAsErrors=true", "-o", output, "-nodeReuse:false", "-p:UseSharedCompilation=false").ShouldSucceed();
            Assert.That(publish.Output, Does.Not.Match(@"(warning|error) IL\d{4}"), "trim analysis warnings");

            string binary = Path.Combine(output, "ExESDB.ControlPlane");
            DotNet.Result run = DotNet.RunProgram(binary, output, "--quiet", "--codec-check");
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
            Assert.That(run.Output, Does.Contain("events round-tripped through Events.Codec, 63 of 63 event types, 0 mismatches"));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
