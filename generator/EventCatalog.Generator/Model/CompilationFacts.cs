using Microsoft.CodeAnalysis;

namespace EventCatalog.Generator.Model;

/// <summary>The few compilation facts the generator needs, read once into plain values.</summary>
internal static class CompilationFacts
{
    public const string RootNamespaceProperty = "build_property.RootNamespace";

    /// <summary>True when records would not compile without an <c>IsExternalInit</c> of our own.</summary>
    public static bool NeedsIsExternalInit(Compilation compilation)
    {
        INamedTypeSymbol? type = compilation.GetBestTypeByMetadataName("System.Runtime.CompilerServices.IsExternalInit");
        return type is null || !compilation.IsSymbolAccessibleWithin(type, compilation.Assembly);
    }
}
