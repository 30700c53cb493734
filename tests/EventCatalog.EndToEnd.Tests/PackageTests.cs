using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace EventCatalog.EndToEnd.Tests;

/// <summary>
/// A new user's path with the packed EventCatalog and the real dotnet CLI: add the package, drop a
/// catalog beside the project, build, run; then the diagnostics, severities, the code fix through
/// `dotnet format`, a catalog in a referenced library, and net8.0 / netstandard2.0 consumers.
/// The steps share one app and run in order.
/// </summary>
[NonParallelizable]
public class PackageTests
{
    private const string Catalog = """
        # yaml-language-server: $schema=../schema/events.schema.json
        namespace: Shop
        topic: "shop:{store}:{category}"
        categories:
          orders:
            description: Order lifecycle
            events:
              order_placed:
                data:
                  order_id: string
                  total: decimal
          shipping:
            events:
              order_shipped:
                data:
                  order_id: string
        """;

    private const string GoodProgram = """
        using System;
        using EventCatalog;
        using Shop;

        var bus = new InMemoryPubSub();
        string store = "shop-1";
        await using ISubscription orders = bus.Subscribe(Events.Topics.Orders(store));
        await bus.BroadcastAsync(Events.Topics.Orders(store), Events.BuildPayload(new OrderPlaced(OrderId: "o-1", Total: 12.5m), store));
        await foreach (object message in orders)
        {
            var payload = (IEventPayload)message;
            Console.WriteLine($"{payload.Wrapper} {payload.Event.EventType} valid={Events.IsValidEventStructure(payload.Event.ToMap())} topic={Events.BuildTopic(store, Events.Category.Orders)}");
            break;
        }

        """;

    private const string WrongPublish = "await bus.BroadcastAsync(Events.Topics.Shipping(store), new OrderPlaced(\"o-2\", 1m));\n";

    private static string App => Path.Combine(PackageFeed.Root, "ShopApp");

    [Test]
    [Order(0)]
    public void The_package_holds_runtime_analyzers_and_props()
    {
        string nupkg = Path.Combine(PackageFeed.Root, "feed", $"EventCatalog.{PackageFeed.Version}.nupkg");
        using ZipArchive zip = ZipFile.OpenRead(nupkg);
        string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
        TestContext.Out.WriteLine($"{nupkg} ({new FileInfo(nupkg).Length:N0} bytes):\n  " + string.Join("\n  ", entries.OrderBy(e => e)));
        Assert.That(entries, Is.SupersetOf(new[]
        {
            "lib/netstandard2.0/EventCatalog.Runtime.dll",
            "lib/net8.0/EventCatalog.Runtime.dll",
            "analyzers/dotnet/cs/EventCatalog.Generator.dll",
            "analyzers/dotnet/cs/EventCatalog.Analyzers.dll",
            "analyzers/dotnet/cs/EventCatalog.CodeFixes.dll",
            "analyzers/dotnet/cs/YamlDotNet.dll",
            "buildTransitive/EventCatalog.props",
            "schema/events.schema.json",
            "README.md",
        }));
        Assert.That(entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal) && e.Contains("Microsoft.CodeAnalysis")), Is.Empty, "the compiler ships Roslyn itself");
        Assert.That(File.Exists(Path.ChangeExtension(nupkg, ".snupkg")), Is.True, "a symbols package");
    }

    [Test]
    [Order(1)]
    public void A_fresh_console_app_with_the_package_and_a_catalog_builds_and_runs()
    {
        DotNet.Run(PackageFeed.Root, "new", "console", "-o", App, "-n", "ShopApp", "--framework", "net10.0").ShouldSucceed();
        DotNet.Run(App, "add", "package", "EventCatalog", "--version", PackageFeed.Version).ShouldSucceed();
        string project = Path.Combine(App, "ShopApp.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("<Nullable>enable</Nullable>", "<Nullable>enable</Nullable>\n    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>"));
        File.WriteAllText(Path.Combine(App, "events.schema.yaml"), Catalog);
        File.WriteAllText(Path.Combine(App, "Program.cs"), GoodProgram);

        DotNet.Run(App, "build", "-p:UseSharedCompilation=false").ShouldSucceed();
        DotNet.Result run = DotNet.Run(App, "run", "--no-build").ShouldSucceed();
        Assert.That(run.Output, Does.Contain("orders_event order_placed valid=True topic=shop:shop-1:orders"));
    }

    [Test]
    [Order(2)]
    public void A_wrong_category_publish_fails_the_build_with_EVC100_at_its_place()
    {
        File.WriteAllText(Path.Combine(App, "Program.cs"), GoodProgram + WrongPublish);
        (int line, int column) = Position(Path.Combine(App, "Program.cs"), "Events.Topics.Shipping");

        DotNet.Result build = DotNet.Run(App, "build", "-p:UseSharedCompilation=false").ShouldFail();
        Assert.That(build.Output, Does.Contain($"Program.cs({line},{column}): error EVC100: OrderPlaced is an 'orders' event, but it is published to a topic of category 'shipping'"));
    }

    [Test]
    [Order(3)]
    public void An_editorconfig_line_lowers_EVC100_to_a_warning()
    {
        string editorconfig = Path.Combine(App, ".editorconfig");
        File.WriteAllText(editorconfig, "root = true\n\n[*.cs]\ndotnet_diagnostic.EVC100.severity = warning\n");
        try
        {
            DotNet.Result build = DotNet.Run(App, "build", "-p:UseSharedCompilation=false", "-p:TreatWarningsAsErrors=false").ShouldSucceed();
            Assert.That(build.Output, Does.Contain("warning EVC100"));
        }
        finally
        {
            File.Delete(editorconfig);
        }
    }

    [Test]
    [Order(4)]
    public void Dotnet_format_applies_the_code_fix_and_the_app_then_builds()
    {
        DotNet.Run(App, "format", "analyzers", "ShopApp.csproj", "--diagnostics", "EVC100", "--severity", "error").ShouldSucceed();
        string program = File.ReadAllText(Path.Combine(App, "Program.cs"));
        Assert.That(program, Does.Contain("await bus.BroadcastAsync(Events.Topics.Orders(store), new OrderPlaced(\"o-2\", 1m));"));
        DotNet.Run(App, "build", "-p:UseSharedCompilation=false").ShouldSucceed();
    }

    [Test]
    [Order(5)]
    public void A_broken_catalog_fails_with_the_right_EVC_at_its_line_and_column()
    {
        string catalog = Path.Combine(App, "events.schema.yaml");
        string program = Path.Combine(App, "Program.cs");
        string originalProgram = File.ReadAllText(program);
        File.WriteAllText(catalog, Catalog.Replace("total: decimal", "total: money"));
        try
        {
            (int line, int column) = Position(catalog, "money");
            string expected = $"events.schema.yaml({line},{column}): error EVC005: Field 'total' of event 'order_placed' has unknown type 'money'";

            // The catalog's types are gone, so the program fails with C# errors too; the catalog error must still show.
            DotNet.Result build = DotNet.Run(App, "build", "-p:UseSharedCompilation=false").ShouldFail();
            Assert.That(build.Output, Does.Contain(expected));

            // Without C# errors both the generator and the analyzer run to the end: still one report. MSBuild
            // may print each diagnostic more than once, so compare with a C# warning of the same build.
            File.WriteAllText(program, "int unused = 1;\nSystem.Console.WriteLine();\n");
            build = DotNet.Run(App, "build", "-p:UseSharedCompilation=false", "-p:TreatWarningsAsErrors=false").ShouldFail();
            string[] lines = build.Output.Split('\n');
            string warning = lines.First(l => l.Contains("warning CS0219")).Trim();
            Assert.That(lines.Count(l => l.Contains(expected)), Is.EqualTo(lines.Count(l => l.Trim() == warning)),
                "reported once, although the generator and the analyzer both know it");
        }
        finally
        {
            File.WriteAllText(catalog, Catalog);
            File.WriteAllText(program, originalProgram);
        }
    }

    [Test]
    [Order(6)]
    public void A_catalog_in_a_netstandard20_library_drives_EVC100_in_a_net80_app()
    {
        string library = Path.Combine(PackageFeed.Root, "Contracts");
        string app = Path.Combine(PackageFeed.Root, "Consumer");
        Directory.CreateDirectory(library);
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(library, "Contracts.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>netstandard2.0</TargetFramework>
                <LangVersion>9</LangVersion>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="EventCatalog" Version="{PackageFeed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(library, "events.schema.yaml"), Catalog.Replace("namespace: Shop", "namespace: Contracts"));
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net8.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../Contracts/Contracts.csproj" />
              </ItemGroup>
            </Project>
            """);
        string wrong = """
            using Contracts;
            using EventCatalog;

            IPubSub bus = new InMemoryPubSub();
            await bus.BroadcastAsync(Events.Topics.Orders("s1"), Events.BuildPayload(new OrderShipped("o-1"), "s1"));

            """;
        File.WriteAllText(Path.Combine(app, "Program.cs"), wrong);
        (int line, int column) = Position(Path.Combine(app, "Program.cs"), "Events.Topics.Orders");

        DotNet.Result failed = DotNet.Run(app, "build", "-p:UseSharedCompilation=false").ShouldFail();
        Assert.That(failed.Output, Does.Contain($"Program.cs({line},{column}): error EVC100"));

        File.WriteAllText(Path.Combine(app, "Program.cs"), wrong.Replace("Events.Topics.Orders(\"s1\")", "Events.Topics.Shipping(\"s1\")")
            + "Console.WriteLine(Events.Topics.Shipping(\"s1\") + \" \" + Events.IsValidEvent(Events.Category.Shipping, OrderShipped.EventType));\n");
        DotNet.Run(app, "build", "-p:UseSharedCompilation=false").ShouldSucceed();

        // The machine may only have a newer runtime than net8.0: roll forward to run it.
        DotNet.Result run = DotNet.Run(app, new Dictionary<string, string> { ["DOTNET_ROLL_FORWARD"] = "Major" }, "run", "--no-build").ShouldSucceed();
        Assert.That(run.Output, Does.Contain("shop:s1:shipping True"));
    }

    [Test]
    [Order(7)]
    public void Auto_include_can_be_turned_off()
    {
        string project = Path.Combine(App, "ShopApp.csproj");
        string original = File.ReadAllText(project);
        try
        {
            File.WriteAllText(project, original.Replace("<Nullable>enable</Nullable>", "<Nullable>enable</Nullable>\n    <EventCatalogAutoInclude>false</EventCatalogAutoInclude>"));
            DotNet.Result build = DotNet.Run(App, "build", "-p:UseSharedCompilation=false").ShouldFail();
            Assert.That(build.Output, Does.Contain("error CS0246").Or.Contain("error CS0103"), "without the catalog, Shop.Events does not exist");
        }
        finally
        {
            File.WriteAllText(project, original);
        }
    }

    /// <summary>
    /// Issue 10, cases 1 and 2, through the real CLI: a default-template catalog on a bus that also carries
    /// chat (no EVC101), and one topic local shared by a right publish and two wrong ones of different
    /// categories. `dotnet format` must fix both wrong ones at their call sites in one run, leaving the
    /// right one on the local, so the app builds with warnings as errors and each event reaches its own
    /// category's subscriber.
    /// </summary>
    [Test]
    [Order(8)]
    public void Dotnet_format_fixes_wrong_publishes_on_a_shared_local_at_their_call_sites()
    {
        string app = Path.Combine(PackageFeed.Root, "SharedTopicApp");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "SharedTopicApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="EventCatalog" Version="{PackageFeed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "events.schema.yaml"), """
            namespace: Shop
            categories:
              orders:
                events:
                  order_placed:
                    data:
                      order_id: string
              payments:
                events:
                  payment_captured:
                    data:
                      order_id: string
              shipping:
                events:
                  order_shipped:
                    data:
                      order_id: string
            """);
        string program = Path.Combine(app, "Program.cs");
        File.WriteAllText(program, """
            using EventCatalog;
            using Shop;

            var bus = new InMemoryPubSub();
            string store = "s1";
            var subscriptions = new[] { "orders", "payments", "shipping" }.Select(c => (Category: c, Subscription: bus.Subscribe($"{store}:{c}"))).ToList();

            // Chat on the same bus: the default template's ':' is no evidence of a catalog topic.
            string text = "hello";
            await bus.BroadcastAsync("room:lobby", text);
            await bus.BroadcastAsync("presence:heartbeat", DateTimeOffset.UtcNow);
            using ISubscription lobby = bus.Subscribe("room:lobby");

            var topic = Events.Topics.Orders(store);
            await bus.BroadcastAsync(topic, new OrderPlaced("o-1"));
            await bus.BroadcastAsync(topic, new PaymentCaptured("o-1"));
            await bus.BroadcastAsync(topic, new OrderShipped("o-1"));

            foreach (var (category, subscription) in subscriptions)
            {
                var received = new List<string>();
                using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                try
                {
                    await foreach (object message in subscription.WithCancellation(quiet.Token))
                    {
                        received.Add(((ICatalogEvent)message).EventType);
                    }
                }
                catch (OperationCanceledException)
                {
                }

                Console.WriteLine($"{category}: [{string.Join(",", received)}]");
            }

            """);
        (int paymentsLine, int paymentsColumn) = Position(program, "topic, new PaymentCaptured");
        (int shippingLine, int shippingColumn) = Position(program, "topic, new OrderShipped");

        DotNet.Result before = DotNet.Run(app, "build", "-p:UseSharedCompilation=false").ShouldFail();
        Assert.That(before.Output, Does.Contain($"Program.cs({paymentsLine},{paymentsColumn}): error EVC100: PaymentCaptured is a 'payments' event, but it is published to a topic of category 'orders'"));
        Assert.That(before.Output, Does.Contain($"Program.cs({shippingLine},{shippingColumn}): error EVC100: OrderShipped is a 'shipping' event, but it is published to a topic of category 'orders'"));
        Assert.That(before.Output, Does.Not.Contain("EVC101"), "chat topics are not catalog topics");

        DotNet.Run(app, "format", "analyzers", "SharedTopicApp.csproj", "--diagnostics", "EVC100", "--severity", "error").ShouldSucceed();
        string fixedProgram = File.ReadAllText(program);
        Assert.That(fixedProgram, Does.Contain("""
            var topic = Events.Topics.Orders(store);
            await bus.BroadcastAsync(topic, new OrderPlaced("o-1"));
            await bus.BroadcastAsync(Events.Topics.Payments(store), new PaymentCaptured("o-1"));
            await bus.BroadcastAsync(Events.Topics.Shipping(store), new OrderShipped("o-1"));
            """));

        DotNet.Result after = DotNet.Run(app, "build", "-p:UseSharedCompilation=false").ShouldSucceed();
        Assert.That(after.Output, Does.Not.Contain("EVC1"));
        DotNet.Result run = DotNet.Run(app, "run", "--no-build").ShouldSucceed();
        Assert.That(run.Output, Does.Contain("orders: [order_placed]"));
        Assert.That(run.Output, Does.Contain("payments: [payment_captured]"));
        Assert.That(run.Output, Does.Contain("shipping: [order_shipped]"));
    }

    [Test]
    [Order(9)]
    public void A_missing_upcast_fails_the_build_with_EVC016_at_the_version_and_writing_it_fixes_the_build()
    {
        string catalog = Path.Combine(App, "events.schema.yaml");
        string upcast = Path.Combine(App, "OrderPlaced.Upcast.cs");
        const string Before = "      order_placed:\n        data:";
        const string After = "      order_placed:\n        version: 2\n        versions: { 1: { data: { order_id: string } } }\n        data:";
        Assert.That(Catalog, Does.Contain(Before));
        File.WriteAllText(catalog, Catalog.Replace(Before, After, StringComparison.Ordinal));
        try
        {
            (int line, int column) = Position(catalog, "version: 2");
            column += "version: ".Length;
            string expected = $"events.schema.yaml({line},{column}): error EVC016: Event 'order_placed' has no upcast from version 1 to version 2: "
                + "in your own 'public sealed partial record OrderPlaced' (in namespace 'Shop') write 'public static partial OrderPlaced Upcast(OrderPlacedV1 previous) => ...'";

            // EVC016 comes from the generator and stands alone: the generated placeholder body keeps CS8795 (an error in
            // generated code) out of the build.
            DotNet.Result build = DotNet.Run(App, "build", "-p:UseSharedCompilation=false").ShouldFail();
            Assert.That(build.Output, Does.Contain(expected));
            Assert.That(build.Output, Does.Not.Contain("error CS"));

            File.WriteAllText(upcast, """
                namespace Shop;

                public sealed partial record OrderPlaced
                {
                    public static partial OrderPlaced Upcast(OrderPlacedV1 previous) => new(previous.OrderId, Total: 0m);
                }
                """);
            build = DotNet.Run(App, "build", "-p:UseSharedCompilation=false").ShouldSucceed();
            Assert.That(build.Output, Does.Not.Contain("EVC016"));
        }
        finally
        {
            File.WriteAllText(catalog, Catalog);
            File.Delete(upcast);
        }
    }

    private static (int Line, int Column) Position(string path, string text)
    {
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            int column = lines[i].IndexOf(text, StringComparison.Ordinal);
            if (column >= 0)
            {
                return (i + 1, column + 1);
            }
        }

        throw new InvalidOperationException($"'{text}' is not in {path}");
    }
}
