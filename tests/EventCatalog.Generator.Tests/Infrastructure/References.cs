using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace EventCatalog.Generator.Tests.Infrastructure;

/// <summary>The reference sets a consumer of generated code compiles against.</summary>
internal static class References
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_net80 = new(() =>
        Basic.Reference.Assemblies.Net80.References.All
            .Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(EventCatalog.ICatalogEvent).Assembly.Location))
            .ToImmutableArray());

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_netStandard20 = new(() =>
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "refs", "netstandard2.0");
        string[] files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.dll") : Array.Empty<string>();
        if (!files.Any(f => Path.GetFileName(f) == "netstandard.dll") || !files.Any(f => Path.GetFileName(f) == "EventCatalog.Runtime.dll"))
        {
            throw new InvalidOperationException($"The netstandard2.0 references are missing from {folder}; the test project's CopyNetStandardReferences target should have copied them.");
        }

        return files.Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
    });

    /// <summary>net8.0 reference assemblies and the runtime's net8.0 build.</summary>
    public static ImmutableArray<MetadataReference> Net80 => s_net80.Value;

    /// <summary>netstandard2.0 reference assemblies and the runtime's netstandard2.0 build.</summary>
    public static ImmutableArray<MetadataReference> NetStandard20 => s_netStandard20.Value;
}
