using System;
using System.Collections.Generic;
using System.Linq;
using EventCatalog.Generator.Diagnostics;

namespace EventCatalog.Generator.Parsing;

/// <summary>
/// The checks across a project's catalogs: two catalogs must not declare the same namespace-level type.
/// The catalog whose path sorts first keeps the name; each later one gets one EVC007 (at its first colliding type,
/// counting the others: one mistake, one error) and generates nothing.
/// </summary>
internal static class CatalogSet
{
    public static IEnumerable<DiagnosticInfo> FindCollisions(IEnumerable<(string Path, IEnumerable<DeclaredType> Types)> catalogs)
    {
        var owners = new Dictionary<string, (string Path, DeclaredType Type)>(StringComparer.Ordinal);
        foreach (var catalog in catalogs.OrderBy(c => c.Path, StringComparer.Ordinal))
        {
            var mine = new List<DeclaredType>();
            (DeclaredType Type, (string Path, DeclaredType Type) Owner)? first = null;
            int more = 0;
            foreach (DeclaredType type in catalog.Types)
            {
                if (owners.TryGetValue(type.FullName, out var owner) && owner.Path != catalog.Path)
                {
                    if (first is null)
                    {
                        first = (type, owner);
                    }
                    else
                    {
                        more++;
                    }
                }
                else
                {
                    mine.Add(type);
                }
            }

            if (first is { } collision)
            {
                string others = more == 0 ? string.Empty : $" ({more} more of its types collide the same way)";
                yield return DiagnosticInfo.Create(
                    DiagnosticDescriptors.NameCollision,
                    collision.Type.Location,
                    $"The C# type '{collision.Type.FullName}' ({collision.Type.Description}) is also declared by catalog '{collision.Owner.Path}' ({collision.Owner.Type.Description}, line {collision.Owner.Type.Location.StartLine + 1}){others}; give one catalog another 'namespace' or rename it.");
            }

            foreach (DeclaredType type in mine)
            {
                owners[type.FullName] = (catalog.Path, type);
            }
        }
    }
}
