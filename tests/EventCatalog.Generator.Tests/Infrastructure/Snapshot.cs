using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot checks in Verify's file convention: <c>Name.verified.cs</c> is committed; on a mismatch
/// <c>Name.received.cs</c> is written beside it and the test fails with a line diff. Accepting a
/// change means copying received over verified — by hand, or with EVENTCATALOG_ACCEPT=1 on a
/// developer machine. Under CI (CI=true) nothing is ever accepted.
/// The generator's version in <c>[GeneratedCode]</c> is scrubbed to <see cref="FixedVersion"/> first
/// (as NetEscapades.EnumGenerators' snapshot settings do), so that a version bump rewrites no snapshot.
/// </summary>
internal static class Snapshot
{
    private const int Context = 3;
    private const int MaxDiffLines = 150;

    /// <summary>What every snapshot shows in place of the generator's assembly version.</summary>
    public const string FixedVersion = "FIXED_VERSION";

    private static readonly Regex s_generatedCodeVersion = new(
        @"(\[global::System\.CodeDom\.Compiler\.GeneratedCode\(""EventCatalog\.Generator"", "")[^""]*(""\)\])",
        RegexOptions.CultureInvariant);

    public static string Folder => RepoPaths.Combine("tests", "EventCatalog.Generator.Tests", "Snapshots");

    public static void Verify(string actual, string name)
    {
        string verifiedPath = Path.Combine(Folder, name + ".verified.cs");
        string receivedPath = Path.Combine(Folder, name + ".received.cs");
        actual = Scrub(Normalize(actual));
        string? verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (verified == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(Folder);
        File.WriteAllText(receivedPath, actual);
        bool inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!inCi && Environment.GetEnvironmentVariable("EVENTCATALOG_ACCEPT") == "1")
        {
            File.Copy(receivedPath, verifiedPath, overwrite: true);
            File.Delete(receivedPath);
            Assert.Warn($"Snapshot {name} accepted (EVENTCATALOG_ACCEPT=1).");
            return;
        }

        string message = verified is null
            ? $"No verified snapshot {verifiedPath}. Review {receivedPath} and rename it to .verified.cs to accept it."
            : $"Snapshot {name} differs. Received: {receivedPath}\n" + Diff(verified, actual);
        Assert.Fail(message);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    /// <summary>Replaces the version in every <c>[GeneratedCode("EventCatalog.Generator", ...)]</c> with <see cref="FixedVersion"/>.</summary>
    public static string Scrub(string generated) => s_generatedCodeVersion.Replace(generated, "${1}" + FixedVersion + "${2}");

    /// <summary>A unified-style line diff (- verified, + received) with a few lines of context.</summary>
    public static string Diff(string expected, string actual)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        int prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        int suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        int n = a.Length - prefix - suffix;
        int m = b.Length - prefix - suffix;
        var edits = new List<(char Kind, string Line, int Index)>();
        if ((long)n * m > 4_000_000)
        {
            // Too large to align: show both middles whole.
            for (int i = 0; i < n; i++)
            {
                edits.Add(('-', a[prefix + i], prefix + i));
            }

            for (int j = 0; j < m; j++)
            {
                edits.Add(('+', b[prefix + j], prefix + j));
            }
        }
        else
        {
            int[,] lcs = new int[n + 1, m + 1];
            for (int i = n - 1; i >= 0; i--)
            {
                for (int j = m - 1; j >= 0; j--)
                {
                    lcs[i, j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
                }
            }

            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && a[prefix + x] == b[prefix + y])
                {
                    edits.Add((' ', a[prefix + x], prefix + x));
                    x++;
                    y++;
                }
                else if (y < m && (x == n || lcs[x, y + 1] >= lcs[x + 1, y]))
                {
                    edits.Add(('+', b[prefix + y], prefix + y));
                    y++;
                }
                else
                {
                    edits.Add(('-', a[prefix + x], prefix + x));
                    x++;
                }
            }
        }

        var output = new StringBuilder();
        for (int i = Math.Max(0, prefix - Context); i < prefix; i++)
        {
            output.Append("  ").AppendLine(a[i]);
        }

        int written = 0;
        foreach (var (kind, line, index) in edits)
        {
            if (kind == ' ')
            {
                continue;
            }

            if (++written > MaxDiffLines)
            {
                output.AppendLine($"... ({edits.Count - MaxDiffLines} more changed lines)");
                break;
            }

            output.Append(kind).Append(' ').Append($"{index + 1,5}: ").AppendLine(line);
        }

        return output.ToString();
    }
}
