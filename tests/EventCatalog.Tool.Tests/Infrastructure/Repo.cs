using System;
using System.IO;

namespace EventCatalog.Tool.Tests.Infrastructure;

/// <summary>Paths in the repository and the tool's build output, found from the test binaries.</summary>
internal static class Repo
{
    /// <summary>The repository's root (the shared finder of the other test projects).</summary>
    public static string Root => EventCatalog.Generator.Tests.Infrastructure.RepoPaths.Root;

    public static string Combine(params string[] parts) => EventCatalog.Generator.Tests.Infrastructure.RepoPaths.Combine(parts);

    /// <summary>The root catalog, events.schema.yaml.</summary>
    public static string RootCatalog => Combine("events.schema.yaml");

    /// <summary>The catalog that uses every feature of the format.</summary>
    public static string EveryFeatureCatalog => Combine("tests", "EventCatalog.Tool.Tests", "Catalogs", "every-feature.events.yaml");

    /// <summary>The catalog with every type of SPEC §13 in one event, compiled into the test assembly (<c>Acme.Shipping.Shipments</c>).</summary>
    public static string AllTypesCatalog => Combine("tests", "EventCatalog.Tool.Tests", "Catalogs", "all-types.events.yaml");

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

    /// <summary>This run's folder under the system's temp folder; <see cref="TempCleanup"/> removes it after the run.</summary>
    public static string TempRoot { get; } = Path.Combine(Path.GetTempPath(), "eventcatalog-tool-tests-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>A new empty folder under <see cref="TempRoot"/>, for one test.</summary>
    public static string NewTempFolder(string name)
    {
        string path = Path.Combine(TempRoot, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
