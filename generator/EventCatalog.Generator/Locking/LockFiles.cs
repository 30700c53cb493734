using System;
using System.IO;

namespace EventCatalog.Generator.Locking;

/// <summary>
/// Where a catalog's compatibility lock lives (SPEC §10): <c>&lt;catalog file name&gt;.lock.json</c> beside the catalog,
/// the catalog's name without its <c>.yaml</c>/<c>.yml</c> extension: <c>events.schema.yaml</c> → <c>events.schema.lock.json</c>,
/// <c>billing.events.yaml</c> → <c>billing.events.lock.json</c>.
/// </summary>
internal static class LockFiles
{
    public const string Suffix = ".lock.json";

    /// <summary>The lock's path for the catalog at <paramref name="catalogPath"/>, in the same folder, spelled as the catalog's path is.</summary>
    public static string LockPathFor(string catalogPath)
    {
        string extension = Path.GetExtension(catalogPath);
        string stem = extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase)
            ? catalogPath.Substring(0, catalogPath.Length - extension.Length)
            : catalogPath;
        return stem + Suffix;
    }

    /// <summary>
    /// True when <paramref name="path"/> is the lock of <paramref name="catalogPath"/>: the same folder (exactly, as the
    /// compiler passes paths) and the same file name ignoring case (a name must not work on Windows and fail on Linux).
    /// </summary>
    public static bool IsLockOf(string path, string catalogPath)
    {
        string expected = LockPathFor(catalogPath);
        return path.Length == expected.Length
            && string.Equals(Path.GetDirectoryName(path), Path.GetDirectoryName(expected), StringComparison.Ordinal)
            && string.Equals(Path.GetFileName(path), Path.GetFileName(expected), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The lock's file name alone, for messages.</summary>
    public static string LockNameFor(string catalogPath) => Path.GetFileName(LockPathFor(catalogPath));
}
