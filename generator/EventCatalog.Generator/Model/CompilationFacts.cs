using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

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

    /// <summary>
    /// True when the consumer's target has <c>System.DateOnly</c> (net6.0+), so a catalog <c>date</c> is a <c>DateOnly</c>;
    /// elsewhere it is a <c>DateTime</c> at midnight (SPEC §13).
    /// </summary>
    public static bool HasDateOnly(Compilation compilation) =>
        compilation.GetBestTypeByMetadataName("System.DateOnly") is { } type && compilation.IsSymbolAccessibleWithin(type, compilation.Assembly);

    /// <summary>True when the consumer's C# has UTF-8 string literals (<c>"name"u8</c>, C# 11+).</summary>
    public static bool HasUtf8Literals(Compilation compilation) =>
        compilation is CSharpCompilation { LanguageVersion: >= LanguageVersion.CSharp11 };
}
