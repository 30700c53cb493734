using System;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;

namespace EventCatalog.EndToEnd.Tests;

/// <summary>
/// Issue 26 with the real CLI on the packed package: a project whose only catalog is an AsyncAPI 3 document
/// (<c>shop.asyncapi.yaml</c>, picked up by the package's props) builds, publishes and receives its events on the in-process
/// bus, and EVC100 fails the build on a publish to the wrong category's topic; a project of hostile documents (a $ref cycle,
/// a composition the catalog cannot express, 2 MB, 1,000 levels deep, AsyncAPI 2) fails the build with each diagnostic at its
/// line and column, and no compiler error in generated code.
/// </summary>
public class AsyncApiPackageTests
{
    private const string Document = """
        asyncapi: 3.0.0
        info: { title: Shop, version: 1.0.0 }
        x-eventcatalog-namespace: Shop
        channels:
          orders:
            address: 'shop.{store}.orders'
            parameters: { store: { description: The store. } }
            messages:
              order_placed:
                summary: A customer placed an order.
                payload: { type: object, properties: { order_id: { type: string } }, required: [order_id] }
              order_cancelled:
                payload: { type: object, properties: { order_id: { type: string } }, required: [order_id] }
          shipping:
            address: 'shop.{store}.shipping'
            parameters: { store: { description: The store. } }
            messages:
              order_shipped:
                payload: { type: object, properties: { order_id: { type: string }, carrier: { type: [string, 'null'] } }, required: [order_id] }
        """;

    // The subscriber test's handler of both 'orders' events and its program, which publishes both and waits for them.
    private static string Handler => SubscriberPackageTests.Handler.Replace("//CANCELLED", SubscriberPackageTests.Cancelled, StringComparison.Ordinal);

    private static string Program => SubscriberPackageTests.Program + "Console.WriteLine(Events.Topics.Template);\n";

    private const string WrongPublish = """
        await bus.BroadcastAsync(Events.Topics.Shipping(store), new OrderPlaced("o-2"));

        """;

    private static string App => Path.Combine(PackageFeed.Root, "AsyncApiApp");

    private static string Hostile => Path.Combine(PackageFeed.Root, "HostileAsyncApiApp");

    private static (int Line, int Column) Position(string text, string snippet)
    {
        int offset = text.IndexOf(snippet, StringComparison.Ordinal);
        Assert.That(offset, Is.GreaterThanOrEqualTo(0), snippet);
        int line = text.Take(offset).Count(c => c == '\n') + 1;
        int column = offset - (text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1) + 1;
        return (line, column);
    }

    private static void NewApp(string folder, string name)
    {
        DotNet.Run(PackageFeed.Root, "new", "console", "-o", folder, "-n", name, "--framework", "net10.0").ShouldSucceed();
        DotNet.Run(folder, "add", "package", "EventCatalog", "--version", PackageFeed.Version).ShouldSucceed();
        string project = Path.Combine(folder, name + ".csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("<Nullable>enable</Nullable>", "<Nullable>enable</Nullable>\n    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>"));
    }

    [Test]
    [Order(0)]
    public void A_project_whose_only_catalog_is_an_AsyncAPI_document_publishes_and_receives_its_events()
    {
        NewApp(App, "AsyncApiApp");
        File.WriteAllText(Path.Combine(App, "shop.asyncapi.yaml"), Document);
        File.WriteAllText(Path.Combine(App, "Program.cs"), Program);
        File.WriteAllText(Path.Combine(App, "Orders.cs"), Handler);

        DotNet.Run(App, "build", "-p:UseSharedCompilation=false").ShouldSucceed();
        DotNet.Result run = DotNet.Run(App, "run", "--no-build").ShouldSucceed();
        Assert.That(run.Output, Does.Contain("shop.{store}.{category}").And.Contain("placed o-1").And.Contain("cancelled o-1"));
    }

    [Test]
    [Order(1)]
    public void A_wrong_category_publish_fails_the_build_with_EVC100_at_its_place()
    {
        string text = Program + WrongPublish;
        File.WriteAllText(Path.Combine(App, "Program.cs"), text);
        (int line, int column) = Position(text, "Events.Topics.Shipping");

        DotNet.Result build = DotNet.Run(App, "build", "-p:UseSharedCompilation=false").ShouldFail();
        Assert.That(build.Output, Does.Contain($"Program.cs({line},{column}): error EVC100: OrderPlaced is an 'orders' event, but it is published to a topic of category 'shipping'"));
    }

    [Test]
    public void Hostile_documents_fail_the_build_with_each_diagnostic_at_its_line()
    {
        NewApp(Hostile, "HostileAsyncApiApp");
        const string cycle = """
            asyncapi: 3.0.0
            channels:
              orders:
                address: orders
                messages:
                  order_placed: { payload: { type: object, properties: { a: { $ref: '#/components/schemas/loop_a' } } } }
            components:
              schemas:
                loop_a: { $ref: '#/components/schemas/loop_b' }
                loop_b: { $ref: '#/components/schemas/loop_a' }
            """;
        const string unsupported = """
            asyncapi: 3.0.0
            x-eventcatalog-namespace: Unsupported
            channels:
              billing:
                address: billing
                messages:
                  paid:
                    payload:
                      type: object
                      properties:
                        amount: { oneOf: [ { type: number }, { type: string } ] }
                        extra: { type: object, patternProperties: { '^x': { type: string } } }
            """;
        string huge = "{\"asyncapi\":\"3.0.0\",\"x-pad\":\"" + new string('a', 2 * 1024 * 1024) + "\"}";
        string deep = "{\"asyncapi\":\"3.0.0\",\"channels\":{\"c\":{\"address\":\"c\",\"messages\":{\"m\":{\"payload\":"
            + string.Concat(Enumerable.Repeat("{\"type\":\"array\",\"items\":", 1000)) + "{}" + new string('}', 1000) + "}}}}}";
        const string old = "asyncapi: '2.6.0'\nchannels: {}\n";
        File.WriteAllText(Path.Combine(Hostile, "cycle.asyncapi.yaml"), cycle);
        File.WriteAllText(Path.Combine(Hostile, "unsupported.asyncapi.yml"), unsupported);
        File.WriteAllText(Path.Combine(Hostile, "huge.asyncapi.json"), huge);
        File.WriteAllText(Path.Combine(Hostile, "deep.asyncapi.json"), deep);
        File.WriteAllText(Path.Combine(Hostile, "old.asyncapi.yaml"), old);

        DotNet.Result build = DotNet.Run(Hostile, "build", "-p:UseSharedCompilation=false").ShouldFail();
        string output = build.Output;
        (int l, int c) = Position(cycle, "'#/components/schemas/loop_a'");
        Assert.That(output, Does.Contain($"cycle.asyncapi.yaml({l},{c}): error EVC022: The reference '#/components/schemas/loop_a' is part of a cycle: #/components/schemas/loop_a -> #/components/schemas/loop_b -> #/components/schemas/loop_a"));
        (l, c) = Position(unsupported, "[ { type: number }");
        Assert.That(output, Does.Contain($"unsupported.asyncapi.yml({l},{c}): error EVC021"));
        (l, c) = Position(unsupported, "patternProperties");
        Assert.That(output, Does.Contain($"unsupported.asyncapi.yml({l},{c}): error EVC021"));
        Assert.That(output, Does.Contain("huge.asyncapi.json(1,1): error EVC002").And.Contain("the limit is 1,048,576 characters"));
        Assert.That(output, Does.Contain("deep.asyncapi.json(1,").And.Contain("more than 64 levels deep"));
        Assert.That(output, Does.Contain("old.asyncapi.yaml(1,11): error EVC021").And.Contain("AsyncAPI 2.6.0"));
        Assert.That(output, Does.Not.Contain("error CS"), "no compiler error in generated code");
    }
}
