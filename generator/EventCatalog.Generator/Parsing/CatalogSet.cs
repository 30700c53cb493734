using System;
using System.Collections.Generic;
using System.Linq;
using EventCatalog.Generator.Diagnostics;

namespace EventCatalog.Generator.Parsing;

/// <summary>
/// The checks across a project's catalogs: two catalogs must not declare the same namespace-level type.
/// The catalog whose path sorts first keeps the name; each later one gets EVC007 and generates nothing.
/// </summary>
internal static class CatalogSet
{
    public static IEnumerable<DiagnosticInfo> FindCollisions(IEnumerable<(string Path, IEnumerable<DeclaredType> Types)> catalogs)
    {
        var owners = new Dictionary<string, (string Path, DeclaredType Type)>(StringComparer.Ordinal);
        foreach (var catalog in catalogs.OrderBy(c => c.Path, StringComparer.Ordinal))
        {
            var mine = new List<DeclaredType>();
            foreach (DeclaredType type in catalog.Types)
            {
                if (owners.TryGetValue(type.FullName, out var owner) && owner.Path != catalog.Path)
                {
                    yield return DiagnosticInfo.Create(
                        DiagnosticDescriptors.NameCollision,
                        type.Location,
                        $"The C# type '{type.FullName}' ({type.Description}) is also declared by catalog '{owner.Path}' ({owner.Type.Description}, line {owner.Type.Location.StartLine + 1}); give one catalog another 'namespace' or rename it.");
                }
                else
                {
                    mine.Add(type);
                }
            }

            foreach (DeclaredType type in mine)
            {
                owners[type.FullName] = (catalog.Path, type);
            }
        }
    }
}
