using System;
using System.IO;
using EventCatalog.Tool.Tests.Infrastructure;
using NUnit.Framework;

namespace EventCatalog.Tool.Tests;

/// <summary>
/// Removes the run's temp folder (test catalogs, exports, Chromium profiles, the built test projects) after the
/// last test; set EVENTCATALOG_KEEP_TEMP=1 to inspect it.
/// </summary>
[SetUpFixture]
public sealed class TempCleanup
{
    [OneTimeTearDown]
    public void RemoveTempRoot()
    {
        if (Environment.GetEnvironmentVariable("EVENTCATALOG_KEEP_TEMP") == "1" || !Directory.Exists(Repo.TempRoot))
        {
            return;
        }

        try
        {
            Directory.Delete(Repo.TempRoot, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TestContext.Progress.WriteLine($"Could not remove {Repo.TempRoot}: {ex.Message}");
        }
    }
}
