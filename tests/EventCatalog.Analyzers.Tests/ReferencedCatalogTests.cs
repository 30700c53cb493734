using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace EventCatalog.Analyzers.Tests;

/// <summary>A catalog generated in a referenced project works like a local one: the analyzer reads symbols only.</summary>
public class ReferencedCatalogTests
{
    private static MetadataReference CatalogAssembly()
    {
        MetadataReference runtime = MetadataReference.CreateFromFile(typeof(ICatalogEvent).Assembly.Location);
        CSharpCompilation library = CSharpCompilation.Create(
            "ControlPlane.Contracts",
            new[] { CSharpSyntaxTree.ParseText(Catalogs.ExESDB) },
            Basic.Reference.Assemblies.Net80.References.All.Append(runtime),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = library.Emit(image);
        Assert.That(result.Success, Is.True, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    [Test]
    public async Task Catalog_in_a_metadata_reference()
    {
        var test = new CSharpAnalyzerTest<PublishAnalyzer, DefaultVerifier>
        {
            TestCode = Verifier.Usings + """
                class Node
                {
                    async Task Run(IPubSub bus, string store)
                    {
                        await bus.BroadcastAsync({|EVC100:Events.Topics.Cluster(store)|}, new EventsPersisted("orders", 5));
                        await bus.BroadcastAsync({|EVC100:$"exesdb:control:{store}:gateway"|}, new EventsPersisted("orders", 5));
                        await bus.BroadcastAsync(Events.Topics.Persistence(store), new EventsPersisted("orders", 5));
                        Events.IsValidEvent("cluster", {|EVC103:"cluster_joind"|});
                    }
                }
                """,
        };
        test.TestState.ReferenceAssemblies = ReferenceAssemblies.Net.Net80;
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(ICatalogEvent).Assembly.Location));
        test.TestState.AdditionalReferences.Add(CatalogAssembly());
        await test.RunAsync();
    }

    [Test]
    public async Task A_look_alike_attribute_without_the_runtime_is_ignored()
    {
        var test = new CSharpAnalyzerTest<PublishAnalyzer, DefaultVerifier>
        {
            TestCode = """
                class TopicParameterAttribute : System.Attribute { }
                class Bus { public void Publish([TopicParameter] string topic, object message) { } }
                class Node { void Run(Bus bus) => bus.Publish("exesdb:control:main:cluster", new object()); }
                """,
        };
        test.TestState.ReferenceAssemblies = ReferenceAssemblies.Net.Net80;
        await test.RunAsync();
    }
}
