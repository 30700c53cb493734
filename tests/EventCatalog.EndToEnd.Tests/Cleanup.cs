using System;
using System.IO;
using NUnit.Framework;

namespace EventCatalog.EndToEnd.Tests;

/// <summary>Removes the run's feed, packages folder and projects (set EVENTCATALOG_KEEP_E2E=1 to inspect them).</summary>
[SetUpFixture]
public class Cleanup
{
    [OneTimeTearDown]
    public void RemoveWorkFolder()
    {
        if (Environment.GetEnvironmentVariable("EVENTCATALOG_KEEP_E2E") == "1" || !PackageFeed.IsCreated)
        {
            return;
        }

        try
        {
            Directory.Delete(PackageFeed.Root, recursive: true);
        }
        catch (IOException ex)
        {
            TestContext.Progress.WriteLine($"Could not remove {PackageFeed.Root}: {ex.Message}");
        }
    }
}
