using System.IO;
using NUnit.Framework;

namespace EventCatalog.EndToEnd.Tests;

/// <summary>
/// Issue 10's field cases that only the real SDK shows, with the packed EventCatalog and the dotnet CLI on
/// Linux: MSBuild globs are case-sensitive here, the SDK keeps a hyphen in RootNamespace, and csc drops
/// analyzer diagnostics once C# errors exist.
/// </summary>
[NonParallelizable]
public class FieldCasePackageTests
{
    private const string Catalog = """
        categories:
          orders:
            events:
              order_placed:
                data:
                  order_id: string
        """;

    private static string Project(string name, string framework = "net10.0") => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>{framework}</TargetFramework>
            <AssemblyName>{name}</AssemblyName>
            <Nullable>enable</Nullable>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="EventCatalog" Version="{PackageFeed.Version}" />
          </ItemGroup>
        </Project>
        """;

    [Test]
    public void A_hyphenated_project_with_a_Windows_cased_catalog_builds_and_runs_on_Linux()
    {
        string app = Path.Combine(PackageFeed.Root, "order-service");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "order-service.csproj"), Project("order-service"));
        File.WriteAllText(Path.Combine(app, "Events.Schema.yaml"), Catalog);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            System.Console.WriteLine(order_service.Events.Topics.Orders("s1") + " " + order_service.OrderPlaced.EventType);

            """);

        DotNet.Run(app, "build", "-p:UseSharedCompilation=false").ShouldSucceed();
        DotNet.Result run = DotNet.Run(app, "run", "--no-build").ShouldSucceed();
        Assert.That(run.Output, Does.Contain("s1:orders order_placed"));

        // A lookalike name is not a catalog, but it is named in a warning that survives the C# errors.
        // (--no-incremental: a renamed file keeps its time stamp, and MSBuild's up-to-date check does not
        // notice an AdditionalFiles item that is gone.)
        File.Move(Path.Combine(app, "Events.Schema.yaml"), Path.Combine(app, "events.yaml"));
        try
        {
            DotNet.Result build = DotNet.Run(app, "build", "--no-incremental", "-p:UseSharedCompilation=false", "-p:TreatWarningsAsErrors=false").ShouldFail();
            Assert.That(build.Output, Does.Contain("events.yaml(1,1): warning EVC011: 'events.yaml' looks like an event catalog"));
            Assert.That(build.Output, Does.Contain("error CS0103: The name 'order_service' does not exist"));
        }
        finally
        {
            File.Move(Path.Combine(app, "events.yaml"), Path.Combine(app, "Events.Schema.yaml"));
        }
    }

    [Test]
    public void A_class_named_like_its_namespace_is_explained_beside_the_CS0234()
    {
        string app = Path.Combine(PackageFeed.Root, "Contoso.Events");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "Contoso.Events.csproj"), Project("Contoso.Events"));
        File.WriteAllText(Path.Combine(app, "events.schema.yaml"), Catalog);
        File.WriteAllText(Path.Combine(app, "Program.cs"), "System.Console.WriteLine(Contoso.Orders.Publisher.Topic(\"s1\"));\n");
        File.WriteAllText(Path.Combine(app, "Publisher.cs"), """
            using Contoso.Events;

            namespace Contoso.Orders
            {
                internal static class Publisher
                {
                    internal static string Topic(string store) => Events.Topics.Orders(store);
                }
            }

            """);

        DotNet.Result build = DotNet.Run(app, "build", "-p:UseSharedCompilation=false", "-p:TreatWarningsAsErrors=false").ShouldFail();
        Assert.That(build.Output, Does.Contain("error CS0234"));
        Assert.That(build.Output, Does.Contain("events.schema.yaml(1,1): warning EVC012: The catalog class 'Events' has the name of the namespace 'Contoso.Events'"));

        File.WriteAllText(Path.Combine(app, "events.schema.yaml"), "class: EventsCatalog\n" + Catalog);
        File.WriteAllText(Path.Combine(app, "Publisher.cs"), File.ReadAllText(Path.Combine(app, "Publisher.cs")).Replace("Events.Topics", "EventsCatalog.Topics"));
        DotNet.Run(app, "build", "-p:UseSharedCompilation=false").ShouldSucceed();
        Assert.That(DotNet.Run(app, "run", "--no-build").ShouldSucceed().Output, Does.Contain("s1:orders"));
    }
}
