using System;
using System.IO;

namespace EventCatalog.Generator.Tests.Infrastructure;

/// <summary>Paths in the repository, found from the test binaries (CallerFilePath is path-mapped in CI builds).</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventCatalog.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EventCatalog.sln was not found above " + AppContext.BaseDirectory);
    });

    public static string Root => s_root.Value;

    public static string Combine(params string[] parts) => Path.Combine(Root, Path.Combine(parts));
}
