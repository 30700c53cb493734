using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// A rolling upgrade (issue 15, SPEC §10): two real compilations of two catalogs, each with the generator, emitted and loaded
/// into its own collectible <see cref="AssemblyLoadContext"/> (as two nodes would run them, sharing only the runtime). The old
/// node's catalog has <c>node_joined</c> at version 1; the new node's has it at version 2, with version 1's shape and an upcast.
/// Bytes the old node writes are read by the new node as the upcast record; bytes the new node writes are
/// <see cref="EventReadStatus.UnknownVersion"/> on the old node, never a misread.
/// </summary>
public class RollingUpgradeTests
{
    private const string OldCatalog = """
        namespace: Fleet
        class: FleetEvents
        topic: "fleet:{store}:{category}"
        type_prefix: io.example.fleet.
        categories:
          cluster:
            wrapper: cluster_event
            events:
              node_joined:
                data: { node: string }
        """;

    private const string NewCatalog = """
        namespace: Fleet
        class: FleetEvents
        topic: "fleet:{store}:{category}"
        type_prefix: io.example.fleet.
        categories:
          cluster:
            wrapper: cluster_event
            events:
              node_joined:
                version: 2
                data: { via_node: string, term: long }
                versions:
                  1: { data: { node: string } }
        """;

    private const string NewUpcast = """
        namespace Fleet;

        public sealed partial record NodeJoined
        {
            public static partial NodeJoined Upcast(NodeJoinedV1 previous) => new(previous.Node.ToUpperInvariant(), Term: 1);
        }
        """;

    private const string Id = "5f0c3a9e8b7d4c21a0e9f8d7c6b5a493";
    private static readonly DateTimeOffset s_time = new(2026, 11, 29, 22, 2, 9, 123, TimeSpan.Zero);

    [Test]
    public void An_old_nodes_event_is_read_by_the_new_node_as_the_upcast_record_and_the_new_nodes_is_UnknownVersion_on_the_old_node()
    {
        using Node oldNode = Node.Compile("old", OldCatalog);
        using Node newNode = Node.Compile("new", NewCatalog, NewUpcast);

        byte[] fromOld = oldNode.Codec.Serialize(oldNode.Payload("Fleet.NodeJoined", "exesdb@node-2"));
        Assert.That(Encoding.UTF8.GetString(fromOld), Is.EqualTo(
            "{\"specversion\":\"1.0\",\"id\":\"5f0c3a9e8b7d4c21a0e9f8d7c6b5a493\",\"source\":\"urn:eventcatalog:node:old-node\"," +
            "\"type\":\"io.example.fleet.node_joined\",\"time\":\"2026-11-29T22:02:09.123+00:00\",\"datacontenttype\":\"application/json\"," +
            "\"storeid\":\"store_1\",\"category\":\"cluster\",\"wrapper\":\"cluster_event\",\"data\":{\"node\":\"exesdb@node-2\"}}"),
            "a version-1 event's frame is what it was before versions existed");

        EventReadResult onNew = newNode.Codec.Read(fromOld);
        Assert.That(onNew.Status, Is.EqualTo(EventReadStatus.Ok), onNew.ToString());
        object upcast = onNew.Payload!.Event.Data!;
        Assert.That(upcast.GetType().Assembly, Is.SameAs(newNode.Assembly), "the new node's record");
        Assert.That(upcast.GetType().FullName, Is.EqualTo("Fleet.NodeJoined"));
        Assert.That(upcast.GetType().GetProperty("ViaNode")!.GetValue(upcast), Is.EqualTo("EXESDB@NODE-2"));
        Assert.That(upcast.GetType().GetProperty("Term")!.GetValue(upcast), Is.EqualTo(1L));
        Assert.That(upcast.ToString(), Is.EqualTo("NodeJoined { ViaNode = EXESDB@NODE-2, Term = 1 }"));
        Assert.That(onNew.Payload.Wrapper, Is.EqualTo("cluster_event"));
        Assert.That(onNew.Envelope!.EventId, Is.EqualTo(Id));
        Assert.That(onNew.Envelope.StoreId, Is.EqualTo("store_1"));
        Assert.That(onNew.Envelope.Node, Is.EqualTo("old-node"));

        byte[] fromNew = newNode.Codec.Serialize(newNode.Payload("Fleet.NodeJoined", "exesdb@node-3", 7L));
        Assert.That(Encoding.UTF8.GetString(fromNew), Does.EndWith("\"wrapper\":\"cluster_event\",\"dataversion\":2,\"data\":{\"via_node\":\"exesdb@node-3\",\"term\":7}}"));
        EventReadResult onOld = oldNode.Codec.Read(fromNew);
        Assert.That(onOld.Status, Is.EqualTo(EventReadStatus.UnknownVersion));
        Assert.That(onOld.EventType, Is.EqualTo("node_joined"));
        Assert.That(onOld.Envelope, Is.Null);
        Assert.That(onOld.Error, Is.EqualTo("$.dataversion: version 2 of event 'node_joined' is newer than this catalog's (version 1); the node that wrote it runs a later catalog"));

        EventReadResult ownFrame = newNode.Codec.Read(fromNew);
        Assert.That(ownFrame.Payload!.Event.Data!.ToString(), Is.EqualTo("NodeJoined { ViaNode = exesdb@node-3, Term = 7 }"));
    }

    private const string ThreeVersions = """
        namespace: Fleet
        class: FleetEvents
        topic: "fleet:{store}:{category}"
        categories:
          cluster:
            events:
              node_joined:
                version: 3
                data: { via_node: string, term: long, leader: string? }
                versions:
                  1: { data: { node: string } }
                  2: { data: { via_node: string, term: int, tags: "list<string>?" } }
        """;

    private const string ThreeUpcasts = """
        namespace Fleet
        {
            public sealed partial record NodeJoinedV2
            {
                public static partial NodeJoinedV2 Upcast(NodeJoinedV1 previous) => new(previous.Node, 0, null);
            }

            public sealed partial record NodeJoined
            {
                public static partial NodeJoined Upcast(NodeJoinedV2 previous) => new(previous.ViaNode, previous.Term, null);
            }
        }
        """;

    [TestCase(Target.Net80, LanguageVersion.CSharp12)]
    [TestCase(Target.Net80, LanguageVersion.CSharp9)]
    [TestCase(Target.NetStandard20, LanguageVersion.CSharp9)]
    public void The_codec_of_a_three_version_event_compiles_with_no_diagnostics_for_every_consumer_target(Target target, LanguageVersion version)
    {
        GeneratorOutcome outcome = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText("/project/events.schema.yaml", ThreeVersions) }, target, "Consumer", version, ThreeUpcasts);
        Assert.That(outcome.OutputDiagnostics(), Is.Empty);
        string source = outcome.SourceOf(outcome.HintNames.Single(h => h != "EventCatalog.IsExternalInit.g.cs"));
        Assert.Multiple(() =>
        {
            Assert.That(source, Does.Contain("private static readonly int[] s_dataVersions = new int[] { 3 };"));
            Assert.That(source, Does.Contain("switch (header.DataVersion)"));
            Assert.That(source, Does.Contain("return Read0v1(ref reader, out global::Fleet.NodeJoinedV1? e0v1) ? Upcast0(e0v1!, ref reader, in header) : reader.Failure();"));
            Assert.That(source, Does.Contain("return Read0v2(ref reader, out global::Fleet.NodeJoinedV2? e0v2) ? Upcast0(e0v2!, ref reader, in header) : reader.Failure();"));
            Assert.That(source, Does.Contain("return reader.UpcastFailed(1, 3, ex);"));
            Assert.That(source, Does.Contain("return reader.UpcastFailed(2, 3, ex);"));
        });
    }

    /// <summary>One node: a catalog compiled with the generator into its own assembly, loaded into its own collectible context.</summary>
    private sealed class Node : IDisposable
    {
        private readonly NodeContext _context;

        private Node(string name, NodeContext context, Assembly assembly)
        {
            Name = name + "-node";
            _context = context;
            Assembly = assembly;
            Codec = (IEventCodec)assembly.GetType("Fleet.FleetEvents")!.GetProperty("Codec")!.GetValue(null)!;
        }

        public string Name { get; }

        public Assembly Assembly { get; }

        public IEventCodec Codec { get; }

        public static Node Compile(string name, string catalog, params string[] sources)
        {
            GeneratorOutcome outcome = GeneratorHarness.Generate(new[] { new InMemoryAdditionalText("/project/events.schema.yaml", catalog) }, Target.Net80, "Consumer", null, sources);
            Assert.That(outcome.CompilerDiagnostics, Is.Empty, name);
            Assert.That(outcome.OutputDiagnostics(), Is.Empty, name);
            Compilation compilation = outcome.Output.WithAssemblyName("Fleet." + name);
            using var image = new MemoryStream();
            EmitResult emit = compilation.Emit(image);
            Assert.That(emit.Success, Is.True, () => string.Join("\n", emit.Diagnostics));
            image.Position = 0;
            var context = new NodeContext(name);
            return new Node(name, context, context.LoadFromStream(image));
        }

        /// <summary>A payload of record <paramref name="recordType"/> made from <paramref name="arguments"/>, as this node publishes it.</summary>
        public IEventPayload Payload(string recordType, params object[] arguments)
        {
            Type record = Assembly.GetType(recordType)!;
            object data = Activator.CreateInstance(record, arguments)!;
            object envelope = Activator.CreateInstance(typeof(EventEnvelope<>).MakeGenericType(record), Id, ((ICatalogEvent)data).EventType, "store_1", Name, s_time, data)!;
            return (IEventPayload)Activator.CreateInstance(typeof(EventPayload<>).MakeGenericType(record), "cluster_event", envelope)!;
        }

        public void Dispose() => _context.Unload();
    }

    /// <summary>Loads one node's assembly; everything else (the runtime, the BCL) comes from the default context, shared as a process shares it.</summary>
    private sealed class NodeContext : AssemblyLoadContext
    {
        public NodeContext(string name)
            : base(name, isCollectible: true)
        {
        }

        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }
}
