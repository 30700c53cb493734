using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using NUnit.Framework;

namespace EventCatalog.Tool.Tests.Infrastructure;

/// <summary>
/// Headless Chromium, the Debian package <c>chromium</c> (/usr/bin/chromium). When it is missing and the tests
/// run as root, it is installed once with <c>apt-get install -y chromium</c> (after <c>apt-get update</c> if the
/// first try fails); otherwise the test fails saying how to install it. Never skipped.
/// </summary>
internal static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    private static readonly Lazy<string> s_binary = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Takes a screenshot of <paramref name="page"/> (a file) into <paramref name="png"/> at the given window size.</summary>
    public static RunResult Screenshot(string page, string png, int width, int height) =>
        Run(page, "--screenshot=" + png, $"--window-size={width},{height}", "--hide-scrollbars");

    /// <summary>The DOM of <paramref name="page"/> after its scripts ran, as Chromium serialises it (stdout).</summary>
    public static RunResult DumpDom(string page, int width, int height) =>
        Run(page, "--dump-dom", $"--window-size={width},{height}");

    private static RunResult Run(string page, params string[] extra)
    {
        string binary = s_binary.Value;
        string profile = Repo.NewTempFolder("chromium-profile");
        var args = new List<string>
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + profile,
        };
        args.AddRange(extra);
        args.Add(new Uri(System.IO.Path.GetFullPath(page)).AbsoluteUri);
        RunResult result = Infrastructure.Run.Process(binary, System.IO.Path.GetDirectoryName(page)!, TimeSpan.FromSeconds(60), args.ToArray());
        if (result.ExitCode != 0)
        {
            Assert.Fail("chromium failed:\n" + result);
        }

        return result;
    }

    private static string Install()
    {
        if (File.Exists(Path))
        {
            return Path;
        }

        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
        {
            Assert.Fail($"The docs page is tested in headless Chromium, which was not found at {Path}: install Chromium there (Debian: apt-get install -y chromium).");
        }

        if (Environment.UserName != "root")
        {
            Assert.Fail($"The docs page is tested in headless Chromium, which was not found at {Path}; the tests install it only as root. Run: sudo apt-get install -y chromium");
        }

        RunResult install = AptGet("install", "-y", "--no-install-recommends", "chromium", "fonts-dejavu-core");
        if (install.ExitCode != 0)
        {
            // A fresh container has no package lists yet. DejaVu Sans Mono is the font the page names first for its diagram.
            RunResult update = AptGet("update");
            install = AptGet("install", "-y", "--no-install-recommends", "chromium", "fonts-dejavu-core");
            if (install.ExitCode != 0)
            {
                Assert.Fail("apt-get install -y chromium failed:\n" + update + "\n" + install);
            }
        }

        if (!File.Exists(Path))
        {
            Assert.Fail($"apt-get installed chromium but {Path} is missing:\n{install}");
        }

        return Path;
    }

    private static RunResult AptGet(params string[] args)
    {
        Environment.SetEnvironmentVariable("DEBIAN_FRONTEND", "noninteractive");
        return Infrastructure.Run.Process("apt-get", "/", TimeSpan.FromMinutes(15), args);
    }
}
