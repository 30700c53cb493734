using System.Collections.Generic;
using System.Linq;
using EventCatalog.Generator.Parsing;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// The generator's list of the framework's type names that C# projects import implicitly
/// (<see cref="ImplicitTypeNames"/>) is the real one: read here from .NET 8's reference assemblies.
/// </summary>
public class ImplicitTypeNamesTests
{
    [Test]
    public void The_list_is_every_public_top_level_type_of_the_implicitly_imported_namespaces_of_net8()
    {
        CSharpCompilation compilation = CSharpCompilation.Create("names", references: References.Net80);
        var names = new SortedSet<string>(System.StringComparer.Ordinal);
        foreach (string ns in ImplicitTypeNames.Namespaces)
        {
            INamespaceSymbol? symbol = compilation.GlobalNamespace;
            foreach (string part in ns.Split('.'))
            {
                symbol = symbol?.GetNamespaceMembers().FirstOrDefault(n => n.Name == part);
            }

            Assert.That(symbol, Is.Not.Null, ns);
            foreach (INamedTypeSymbol type in symbol!.GetTypeMembers().Where(t => t.DeclaredAccessibility == Accessibility.Public))
            {
                names.Add(type.Name);
            }
        }

        TestContext.Out.WriteLine(string.Join(" ", names));
        Assert.That(ImplicitTypeNames.All.OrderBy(n => n, System.StringComparer.Ordinal), Is.EqualTo(names));
    }
}
