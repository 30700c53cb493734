using System;
using System.IO;

namespace EventCatalog.Generator.Locking;

/// <summary>
/// Where a catalog's compatibility lock lives (SPEC §10): <c>&lt;catalog file name&gt;.lock.json</c> beside the catalog,
/// the catalog's name without its <c>.yaml</c>/<c>.yml</c> extension: <c>events.schema.yaml</c> → <c>events.schema.lock.json</c>,
/// <c>billing.events.yaml</c> → <c>billing.events.lock.json</c>, <c>orders.asyncapi.json</c> → <c>orders.asyncapi.lock.json</c>.
/// </summary>
internal static class LockFiles
{
    public const string Suffix = ".lock.json";

    /// <summary>The lock's path for the catalog at <paramref name="catalogPath"/>, in the same folder, spelled as the catalog's path is.</summary>
    public static string LockPathFor(string catalogPath)
    {
        string extension = Path.GetExtension(catalogPath);
        string stem = extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase)
            || (extension.Equals(".json", StringComparison.OrdinalIgnoreCase) && Parsing.CatalogFiles.IsAsyncApi(catalogPath))
            ? catalogPath.Substring(0, catalogPath.Length - extension.Length)
            : catalogPath;
        return stem + Suffix;
    }

    /// <summary>
    /// True when <paramref name="path"/> is the lock of <paramref name="catalogPath"/>: the same folder and the same file
    /// name ignoring case (a name must not work on Windows and fail on Linux). Folders are compared with their <c>.</c> and
    /// <c>..</c> segments resolved: csc keeps a linked catalog's path as written (<c>/p/app/../../events.schema.yaml</c>)
    /// while the package's props pass its lock by its full path.
    /// </summary>
    public static bool IsLockOf(string path, string catalogPath)
    {
        string expected = LockPathFor(catalogPath);
        return string.Equals(Path.GetFileName(path), Path.GetFileName(expected), StringComparison.OrdinalIgnoreCase)
            && string.Equals(Folder(path), Folder(expected), StringComparison.Ordinal);
    }

    /// <summary>The folder of <paramref name="path"/>, segments resolved as text (no file system access in an analyzer).</summary>
    private static string Folder(string path)
    {
        string folder = Path.GetDirectoryName(path) ?? string.Empty;
        bool rooted = folder.StartsWith("/", StringComparison.Ordinal) || folder.StartsWith("\\", StringComparison.Ordinal);
        var segments = new System.Collections.Generic.List<string>();
        foreach (string segment in folder.Split('/', '\\'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == ".." && segments.Count > 0 && segments[segments.Count - 1] != "..")
            {
                segments.RemoveAt(segments.Count - 1);
            }
            else
            {
                segments.Add(segment);
            }
        }

        return (rooted ? "/" : string.Empty) + string.Join("/", segments);
    }

    /// <summary>The lock's file name alone, for messages.</summary>
    public static string LockNameFor(string catalogPath) => Path.GetFileName(LockPathFor(catalogPath));
}
