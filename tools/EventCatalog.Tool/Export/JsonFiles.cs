using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace EventCatalog.Tool.Export;

/// <summary>Writing the tool's text outputs: indented JSON, UTF-8 without BOM, to a file or standard output.</summary>
internal static class JsonFiles
{
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> (its folder created), or to standard output when null.</summary>
    public static void WriteText(string? path, string text)
    {
        if (path is null)
        {
            Console.Out.Write(text);
            return;
        }

        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
