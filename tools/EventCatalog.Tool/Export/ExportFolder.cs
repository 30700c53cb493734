using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventCatalog.Tool.Export;

/// <summary>
/// Writes a set of generated files into a folder that may hold files of its own, keeping a manifest
/// (<see cref="ManifestName"/>) of what it wrote: a re-run rewrites only what changed and removes what it wrote before
/// and no longer writes; a file it would write that is there and is not in the manifest (the user's) makes it refuse,
/// before it changes anything, naming the files; every other file in the folder is left alone.
/// </summary>
internal static class ExportFolder
{
    /// <summary>The manifest's file name in the folder.</summary>
    public const string ManifestName = ".eventcatalog-export.json";

    /// <summary>What a write did: files written (new or changed), unchanged, and removed (written before, not now).</summary>
    public sealed record Result(int Written, int Unchanged, int Removed);

    /// <summary>Writes <paramref name="files"/> (relative '/'-separated path → text) into <paramref name="folder"/>.</summary>
    /// <param name="folder">The folder; created when missing.</param>
    /// <param name="files">The files, each a path relative to the folder.</param>
    /// <param name="command">The command that writes them, recorded in the manifest.</param>
    /// <exception cref="ToolException">The folder is a file; the manifest cannot be read or names a path outside the folder; a file to write is there and was not written by an earlier run.</exception>
    public static Result Write(string folder, IReadOnlyDictionary<string, string> files, string command)
    {
        if (folder.Length == 0)
        {
            throw new ToolException("--output is empty: name the folder to write.");
        }

        if (File.Exists(folder))
        {
            throw new ToolException($"{folder}: is a file; --output names the folder to write the catalog to.");
        }

        // A path to write is checked as the manifest's are: a bug that builds one from a name never writes outside the folder.
        if (files.Keys.FirstOrDefault(path => !IsInside(path)) is { } outside)
        {
            throw new ToolException($"{folder}: the export would write '{outside}', which is not a relative path inside the folder. Nothing was written.");
        }

        string root = Path.GetFullPath(folder);
        string manifestPath = Path.Combine(root, ManifestName);
        HashSet<string> previous = ReadManifest(folder, manifestPath, root);

        var conflicts = files.Keys
            .Where(path => !previous.Contains(path) && (File.Exists(Full(root, path)) || Directory.Exists(Full(root, path))))
            .ToList();
        if (Directory.Exists(manifestPath))
        {
            conflicts.Add(ManifestName);
        }

        if (conflicts.Count > 0)
        {
            throw new ToolException(
                $"{folder}: {conflicts.Count} of the files to write {(conflicts.Count == 1 ? "is" : "are")} already there and {(conflicts.Count == 1 ? "was" : "were")} not written by an earlier export (no {ManifestName} lists {(conflicts.Count == 1 ? "it" : "them")}): "
                + string.Join(", ", conflicts.Take(5)) + (conflicts.Count > 5 ? $" and {conflicts.Count - 5} more" : "")
                + ". Nothing was written: move them away, or export into another folder.");
        }

        int written = 0, unchanged = 0, removed = 0;
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        foreach ((string path, string text) in files)
        {
            string full = Full(root, path);
            if (File.Exists(full) && File.ReadAllText(full, utf8) == text)
            {
                unchanged++;
                continue;
            }

            JsonFiles.WriteText(full, text);
            written++;
        }

        foreach (string stale in previous.Where(p => !files.ContainsKey(p)).OrderBy(p => p, StringComparer.Ordinal))
        {
            string full = Full(root, stale);
            if (File.Exists(full))
            {
                File.Delete(full);
                removed++;
            }

            // The folders the stale file was in, when nothing else is left in them.
            for (string? dir = Path.GetDirectoryName(full); dir is not null && dir.Length > root.Length && Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any(); dir = Path.GetDirectoryName(dir))
            {
                Directory.Delete(dir);
            }
        }

        var manifest = new JsonObject
        {
            ["writtenBy"] = command,
            ["about"] = "The files this command wrote into this folder: it rewrites them on each run and removes those it no longer writes. Any other file here is yours and is left alone.",
            ["files"] = new JsonArray(files.Keys.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray()),
        };
        JsonFiles.WriteText(manifestPath, manifest.ToJsonString(JsonFiles.Indented) + "\n");
        return new Result(written, unchanged, removed);
    }

    /// <summary>The paths the manifest lists, each checked to be a relative path inside the folder.</summary>
    private static HashSet<string> ReadManifest(string folder, string manifestPath, string root)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(manifestPath))
        {
            return paths;
        }

        string where = Path.Combine(folder, ManifestName);
        JsonArray list;
        try
        {
            list = JsonNode.Parse(File.ReadAllText(manifestPath))?["files"] as JsonArray
                ?? throw new ToolException($"{where}: not a manifest of this tool (no \"files\" list); remove it or export into another folder.");
        }
        catch (JsonException ex)
        {
            throw new ToolException($"{where}: not valid JSON ({ex.Message}); remove it or export into another folder.");
        }
        catch (InvalidOperationException)
        {
            throw new ToolException($"{where}: not a manifest of this tool (no \"files\" list); remove it or export into another folder.");
        }

        foreach (JsonNode? item in list)
        {
            string? path = item is JsonValue value && value.TryGetValue(out string? text) ? text : null;
            if (path is null || !IsInside(path))
            {
                throw new ToolException($"{where}: lists {(item is null ? "null" : item.ToJsonString())}, which is not a relative path inside the folder; remove the manifest or export into another folder.");
            }

            paths.Add(path);
        }

        return paths;
    }

    /// <summary>
    /// Whether <paramref name="path"/> is a '/'-separated path relative to the folder and inside it: not rooted, no
    /// '\\', ':' or control character, and no empty, <c>.</c> or <c>..</c> segment.
    /// </summary>
    private static bool IsInside(string path) =>
        path.Length > 0 && !Path.IsPathRooted(path) && !path.Any(c => c is '\\' or ':' || char.IsControl(c))
        && path.Split('/').All(part => part is not ("" or "." or ".."));

    private static string Full(string root, string relative) => Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
}
