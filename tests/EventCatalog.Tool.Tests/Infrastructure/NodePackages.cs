using System;
using System.IO;
using System.Threading;
using NUnit.Framework;

namespace EventCatalog.Tool.Tests.Infrastructure;

/// <summary>
/// The npm packages of tests/EventCatalog.Tool.Tests/node (package.json + package-lock.json, committed), installed
/// once per test run with <c>npm ci --ignore-scripts</c> from the npm registry, so a fresh machine needs only Node 20
/// and npm. Without npm the test fails with the reason; it is never skipped.
/// </summary>
internal static class NodePackages
{
    private static readonly Lazy<string> s_folder = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Folder => s_folder.Value;

    private static string Install()
    {
        string folder = Repo.Combine("tests", "EventCatalog.Tool.Tests", "node");
        if (!Run.OnPath("node") || !Run.OnPath("npm"))
        {
            Assert.Fail("These tests run the official AsyncAPI parser and EventCatalog.dev's linter on Node.js: install Node 20 or later with npm (Debian: apt-get install -y nodejs npm).");
        }

        // Each package of package.json: a node_modules from before one was added is installed again.
        if (!File.Exists(Path.Combine(folder, "node_modules", "@asyncapi", "parser", "package.json"))
            || !File.Exists(Path.Combine(folder, "node_modules", "@eventcatalog", "linter", "package.json")))
        {
            RunResult install = Run.Process("npm", folder, TimeSpan.FromMinutes(8), "ci", "--ignore-scripts", "--no-audit", "--no-fund");
            if (install.ExitCode != 0)
            {
                Assert.Fail("npm ci failed in " + folder + ":\n" + install);
            }
        }

        return folder;
    }
}
