using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using NUnit.Framework;

namespace EventCatalog.EndToEnd.Tests;

/// <summary>The dotnet CLI, run in a folder, with its output kept for assertions.</summary>
internal static class DotNet
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(8);

    public sealed record Result(int ExitCode, string Output, string Command)
    {
        public Result ShouldSucceed()
        {
            Assert.That(ExitCode, Is.Zero, $"`{Command}` failed:\n{Output}");
            return this;
        }

        public Result ShouldFail()
        {
            Assert.That(ExitCode, Is.Not.Zero, $"`{Command}` should have failed:\n{Output}");
            return this;
        }
    }

    public static Result Run(string workingDirectory, params string[] arguments) => Run(workingDirectory, null, arguments);

    public static Result Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Start("dotnet", workingDirectory, environment, arguments);

    /// <summary>Runs the dotnet CLI with a bound of its own (packing every package builds them all in Release).</summary>
    public static Result RunWithin(TimeSpan timeout, string workingDirectory, params string[] arguments) =>
        Start("dotnet", workingDirectory, null, arguments, timeout);

    /// <summary>Runs another program (bash with a README's commands) the same way, with extra environment variables.</summary>
    public static Result RunWith(string program, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Start(program, workingDirectory, environment, arguments);

    /// <summary>Runs another program (a published app) the same way, with the same bound and environment.</summary>
    public static Result RunProgram(string program, string workingDirectory, params string[] arguments) =>
        Start(program, workingDirectory, null, arguments);

    private static Result Start(string program, string workingDirectory, IReadOnlyDictionary<string, string>? environment, string[] arguments, TimeSpan? timeout = null)
    {
        TimeSpan bound = timeout ?? s_timeout;
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        // The outer `dotnet test` sets these for its own build; a nested build must not inherit them.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("VSTEST_HOST_DEBUG");
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(bound))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{program} {string.Join(' ', arguments)}` did not finish in {bound}:\n{output}");
        }

        process.WaitForExit();
        string command = (program == "dotnet" ? "dotnet" : Path.GetFileName(program)) + " " + string.Join(' ', arguments);
        TestContext.Progress.WriteLine($"[{Path.GetFileName(workingDirectory)}] {command} -> {process.ExitCode}");
        return new Result(process.ExitCode, output.ToString(), command);
    }
}
