using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Generator.Tests.Infrastructure;

/// <summary>
/// The hostile catalogs: whole files built to hurt the reader (HostileInputTests checks each one's diagnostic), and
/// a catalog per kind of mistake inside an otherwise sound catalog (OneMistakeTests). One table, so that a hostile
/// input added here is tried by both.
/// </summary>
public static class HostileCatalogs
{
    /// <summary>A whole file and the diagnostic it must end in.</summary>
    public sealed record HostileFile(string Name, SourceText Text, string ExpectedId)
    {
        public override string ToString() => Name;
    }

    public static SourceText FlowSequences => Utf8("categories: " + new string('[', 100_000) + new string(']', 100_000) + "\n");

    public static SourceText FlowMappings
    {
        get
        {
            var builder = new StringBuilder("categories: ");
            for (int i = 0; i < 100_000; i++)
            {
                builder.Append("{a: ");
            }

            return Utf8(builder.Append("x").Append('}', 100_000).Append('\n').ToString());
        }
    }

    public static SourceText BlockMappings
    {
        get
        {
            var builder = new StringBuilder();
            for (int i = 0; i < 70; i++)
            {
                builder.Append(' ', i).Append("k").Append(i).Append(":\n");
            }

            return Utf8(builder.Append(' ', 70).Append("v\n").ToString());
        }
    }

    /// <summary>"Billion laughs": ten levels of ten aliases each expand to 10^10 nodes.</summary>
    public static SourceText AliasBomb
    {
        get
        {
            var builder = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for (int i = 1; i <= 10; i++)
            {
                builder.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
            }

            return Utf8(builder.Append("categories:\n  cluster:\n    events: *a10\n").ToString());
        }
    }

    public static SourceText FiveMegabytes =>
        Utf8(new StringBuilder("categories:\n  cluster:\n    description: \"").Append('x', 5 * 1024 * 1024).Append("\"\n").ToString());

    public static SourceText InvalidUtf8WithReplacement
    {
        get
        {
            byte[] bytes = Encoding.UTF8.GetBytes("categories:\n  clu").Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes("ster:\n    events: [a]\n")).ToArray();
            return SourceText.From(new MemoryStream(bytes), Encoding.UTF8);
        }
    }

    /// <summary>
    /// The command-line compiler decodes a file that is not valid UTF-8 with a single-byte fallback encoding, so the
    /// bytes arrive as Latin-1 characters: in a name they break the snake_case rule.
    /// </summary>
    public static SourceText InvalidUtf8AsLatin1
    {
        get
        {
            byte[] bytes = Encoding.UTF8.GetBytes("categories:\n  clu").Concat(new byte[] { 0xFF }).Concat(Encoding.UTF8.GetBytes("ster:\n    events: [a]\n")).ToArray();
            return SourceText.From(Encoding.Latin1.GetString(bytes), Encoding.Latin1);
        }
    }

    public static SourceText Empty => Utf8(string.Empty);

    public static SourceText OnlyComments => Utf8("# nothing here\n# at all\n");

    public static SourceText TwoDocuments => Utf8("categories:\n  a:\n    events: [x]\n---\ncategories:\n  b:\n    events: [y]\n");

    public static SourceText BinaryNoise
    {
        get
        {
            byte[] bytes = new byte[4096];
            new Random(1234).NextBytes(bytes);
            return SourceText.From(Encoding.Latin1.GetString(bytes), Encoding.Latin1);
        }
    }

    /// <summary>Every hostile whole file, with the diagnostic it ends in (null: some error, which one depends on the noise).</summary>
    public static IEnumerable<HostileFile> Files()
    {
        yield return new("flow sequences 100,000 deep", FlowSequences, "EVC002");
        yield return new("flow mappings 100,000 deep", FlowMappings, "EVC002");
        yield return new("block mappings past the limit", BlockMappings, "EVC002");
        yield return new("alias bomb", AliasBomb, "EVC002");
        yield return new("five megabytes", FiveMegabytes, "EVC002");
        yield return new("invalid UTF-8, replacement characters", InvalidUtf8WithReplacement, "EVC001");
        yield return new("invalid UTF-8, Latin-1 fallback", InvalidUtf8AsLatin1, "EVC003");
        yield return new("empty file", Empty, "EVC002");
        yield return new("only comments", OnlyComments, "EVC002");
        yield return new("two documents", TwoDocuments, "EVC002");
        yield return new("binary noise", BinaryNoise, null!);
    }

    private static SourceText Utf8(string text) => SourceText.From(text, Encoding.UTF8);
}
