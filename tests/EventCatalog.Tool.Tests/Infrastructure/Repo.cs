using System;
using System.IO;

namespace EventCatalog.Tool.Tests.Infrastructure;

/// <summary>Paths in the repository and the tool's build output, found from the test binaries.</summary>
internal static class Repo
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

    /// <summary>The root catalog, events.schema.yaml.</summary>
    public static string RootCatalog => Combine("events.schema.yaml");

    /// <summary>The catalog that uses every feature of the format.</summary>
    public static string EveryFeatureCatalog => Combine("tests", "EventCatalog.Tool.Tests", "Catalogs", "every-feature.events.yaml");

    /// <summary>
    /// The built tool, in the configuration these tests were built in (bin/&lt;Configuration&gt;/net10.0 of the test
    /// project names it).
    /// </summary>
    public static string ToolDll
    {
        get
        {
            string dll = Combine("tools", "EventCatalog.Tool", "bin", Configuration, "net10.0", "eventcatalog.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("The tool is not built; build tests/EventCatalog.Tool.Tests first.", dll);
        }
    }

    /// <summary>The configuration these tests were built in (bin/&lt;Configuration&gt;/net10.0 names it).</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>A new empty folder under the system's temp folder, for one test.</summary>
    public static string NewTempFolder(string name)
    {
        string path = Path.Combine(Path.GetTempPath(), "eventcatalog-tool-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
