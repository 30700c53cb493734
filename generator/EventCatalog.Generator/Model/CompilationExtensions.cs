using Microsoft.CodeAnalysis;

namespace EventCatalog.Generator.Model;

/// <summary>Type look-ups that stay right when several assemblies declare a type of the same name.</summary>
internal static class CompilationExtensions
{
    /// <summary>
    /// The type of <paramref name="metadataName"/> that code in <paramref name="compilation"/> sees: its own
    /// declaration if it has one, else the one accessible declaration among the references; null when there
    /// is none or more than one. <see cref="Compilation.GetTypeByMetadataName"/> returns null as soon as two
    /// references declare the name (a polyfill copied into many libraries, say), even when only one is
    /// accessible; it is banned in this repository (BannedSymbols.txt) for this helper.
    /// </summary>
    /// <remarks>After Roslyn's own <c>GetBestTypeByMetadataName</c> (Microsoft.CodeAnalysis.Analyzers' utilities), as every analyzer anchor uses it.</remarks>
    /// <param name="compilation">The compilation whose view counts.</param>
    /// <param name="metadataName">A metadata name such as <c>EventCatalog.EventEnvelope`1</c>.</param>
    /// <returns>The best type, or null.</returns>
    public static INamedTypeSymbol? GetBestTypeByMetadataName(this Compilation compilation, string metadataName)
    {
        INamedTypeSymbol? best = null;
        foreach (INamedTypeSymbol candidate in compilation.GetTypesByMetadataName(metadataName))
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
            {
                return candidate;
            }

            if (!compilation.IsSymbolAccessibleWithin(candidate, compilation.Assembly))
            {
                continue;
            }

            if (best is not null)
            {
                return null;
            }

            best = candidate;
        }

        return best;
    }
}
