using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using NUnit.Framework;
using static EventCatalog.Runtime.Tests.PubSubTestKit;

namespace EventCatalog.Runtime.Tests;

/// <summary><see cref="INodePubSub"/> on the in-process bus: one node, Phoenix's <c>direct_broadcast/5</c>.</summary>
public class NodePubSubTests
{
    [Test]
    public async Task Direct_broadcast_to_this_node_delivers_like_broadcast_and_to_another_node_reaches_no_one()
    {
        INodePubSub bus = new InMemoryPubSub(new InMemoryPubSubOptions { NodeName = "control@node1" });
        ISubscription first = bus.Subscribe("t");
        ISubscription second = bus.Subscribe("t");
        IAsyncEnumerator<object> firstReader = first.GetAsyncEnumerator();
        IAsyncEnumerator<object> secondReader = second.GetAsyncEnumerator();

        await bus.DirectBroadcastAsync("control@node2", "t", "for node2");
        await bus.DirectBroadcastAsync("Control@Node1", "t", "names are compared ordinally");
        await bus.DirectBroadcastAsync("control@node1", "t", "for node1");
        first.Dispose();
        second.Dispose();

        Assert.That(bus.NodeName, Is.EqualTo("control@node1"));
        Assert.That(await Within(Read(firstReader, 5)), Is.EqualTo(new[] { "for node1" }));
        Assert.That(await Within(Read(secondReader, 5)), Is.EqualTo(new[] { "for node1" }));
    }

    [Test]
    public async Task Node_name_defaults_to_EventNode_Current_when_the_bus_is_created()
    {
        var bus = new InMemoryPubSub();
        Assert.That(bus.NodeName, Is.EqualTo(EventNode.Current));

        ISubscription subscription = bus.Subscribe("t");
        await bus.DirectBroadcastAsync(EventNode.Current, "t", 7);
        Assert.That(await Within(Read(subscription.GetAsyncEnumerator(), 1)), Is.EqualTo(new object[] { 7 }));
    }

    [Test]
    public void Node_name_is_read_once_so_a_later_change_of_EventNode_Current_does_not_rename_the_bus()
    {
        string before = EventNode.Current;
        var bus = new InMemoryPubSub();
        try
        {
            EventNode.Current = "renamed@later";
            Assert.That(bus.NodeName, Is.EqualTo(before));
            Assert.That(new InMemoryPubSub().NodeName, Is.EqualTo("renamed@later"));
        }
        finally
        {
            EventNode.Reset();
        }
    }

    [Test]
    public async Task Direct_broadcast_to_this_node_is_bounded_like_broadcast()
    {
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { NodeName = "n", SubscriberCapacity = 1, FullQueueTimeout = TimeSpan.FromMilliseconds(100) });
        using ISubscription subscription = bus.Subscribe("t");
        await bus.DirectBroadcastAsync("n", "t", 1);
        SubscriberQueueFullException ex = Assert.ThrowsAsync<SubscriberQueueFullException>(async () => await Within(bus.DirectBroadcastAsync("n", "t", 2).AsTask()))!;
        Assert.That(ex.FullSubscribers, Is.EqualTo(new[] { subscription }));
        Assert.That(bus.DirectBroadcastAsync("elsewhere", "t", 3).IsCompletedSuccessfully, Is.True, "another node's message never waits on this node's queues");
    }

    [Test]
    public void Bad_arguments_are_named_whichever_node_is_addressed()
    {
        var bus = new InMemoryPubSub(new InMemoryPubSubOptions { NodeName = "n" });
        Assert.That(Assert.ThrowsAsync<ArgumentException>(async () => await bus.DirectBroadcastAsync("", "t", 1))!.ParamName, Is.EqualTo("node"));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(async () => await bus.DirectBroadcastAsync(null!, "t", 1))!.ParamName, Is.EqualTo("node"));
        foreach (string node in new[] { "n", "other" })
        {
            Assert.That(Assert.ThrowsAsync<ArgumentException>(async () => await bus.DirectBroadcastAsync(node, "", 1))!.ParamName, Is.EqualTo("topic"), node);
            Assert.That(Assert.ThrowsAsync<ArgumentNullException>(async () => await bus.DirectBroadcastAsync(node, "t", null!))!.ParamName, Is.EqualTo("message"), node);
        }

        ArgumentException blank = Assert.Throws<ArgumentException>(() => new InMemoryPubSub(new InMemoryPubSubOptions { NodeName = " " }))!;
        Assert.That(blank.ParamName, Is.EqualTo("options"));
        Assert.That(blank.Message, Does.StartWith("InMemoryPubSubOptions.NodeName must be null (for EventNode.Current) or a name that is not empty or white space."));
    }
}
