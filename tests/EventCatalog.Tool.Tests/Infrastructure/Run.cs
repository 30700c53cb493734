using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace EventCatalog.Tool.Tests.Infrastructure;

/// <summary>What a process did: exit code and its two streams.</summary>
internal sealed record RunResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The last line of check and lint ("1 catalog checked: 0 errors, 0 warnings"), or null.</summary>
    public string? Summary => StdoutLines.Length > 0 && SummaryLine.IsMatch(StdoutLines[^1]) ? StdoutLines[^1] : null;

    /// <summary>Standard output's lines without check's or lint's summary line: the diagnostics.</summary>
    public string[] DiagnosticLines => Summary is null ? StdoutLines : StdoutLines[..^1];

    private static readonly System.Text.RegularExpressions.Regex SummaryLine = new(@"^\d+ catalogs? (checked|linted): \d+ errors?, \d+ warnings?$");

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs real processes with a time limit; a process still running then is killed and the test fails.</summary>
internal static class Run
{
    /// <summary>Runs the built tool: <c>dotnet eventcatalog.dll args</c>.</summary>
    public static RunResult Tool(string workingDirectory, params string[] args)
    {
        var all = new List<string> { Repo.ToolDll };
        all.AddRange(args);
        return Process("dotnet", workingDirectory, TimeSpan.FromMinutes(3), all.ToArray());
    }

    public static RunResult Process(string fileName, string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using System.Diagnostics.Process process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("could not start " + fileName);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {timeout}.");
        }

        process.WaitForExit();
        return new RunResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>True when <paramref name="program"/> is on the PATH.</summary>
    public static bool OnPath(string program)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, program)))
            {
                return true;
            }
        }

        return false;
    }
}
