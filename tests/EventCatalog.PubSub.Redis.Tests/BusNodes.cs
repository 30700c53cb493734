using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ExESDB;
using NUnit.Framework;
using static EventCatalog.PubSub.Redis.Tests.TestKit;

namespace EventCatalog.PubSub.Redis.Tests;

/// <summary>
/// Three buses (nodes) in this process, each subscribed to the seven category topics of one store and counting what it
/// receives from each origin, so a test compares each bus's reported loss with what it really missed.
/// </summary>
internal sealed class BusNodes : IAsyncDisposable
{
    private static readonly Events.Category[] s_categories = Enum.GetValues<Events.Category>();
    private readonly ConcurrentDictionary<(int Receiver, string Origin), long> _received = new();
    private readonly List<Task> _readers = new();
    private readonly long[] _published = new long[3];
    private long _failed;

    private BusNodes(List<NodePubSub> buses)
    {
        Buses = buses;
        Restored = new long[buses.Count];
    }

    public List<NodePubSub> Buses { get; }

    public long[] Restored { get; }

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Starts three buses with <paramref name="connect"/> (node index, node name -> a started bus).</summary>
    public static async Task<BusNodes> StartAsync(string bus, Func<int, string, Task<NodePubSub>> connect)
    {
        var buses = new List<NodePubSub>();
        for (int i = 0; i < 3; i++)
        {
            buses.Add(await connect(i, $"n{i}-{bus}@test"));
        }

        var nodes = new BusNodes(buses);
        for (int i = 0; i < buses.Count; i++)
        {
            int index = i;
            buses[i].ConnectionRestored += (_, _) => nodes.Restored[index] = Environment.TickCount64;
            foreach (Events.Category category in s_categories)
            {
                ISubscription subscription = buses[i].Subscribe(Events.BuildTopic("store_a", category));
                nodes._readers.Add(Task.Run(async () =>
                {
                    await foreach (object message in subscription)
                    {
                        string node = Origin(((IEventPayload)message).Event.Data!);
                        nodes._received.AddOrUpdate((index, node), 1, (_, n) => n + 1);
                    }
                }));
            }
        }

        return nodes;
    }

    public long RestoredAfter(int index, long at) => Restored[index] == 0 ? -1 : Restored[index] - at;

    /// <summary>The nodes publish <paramref name="total"/> events between them round the seven topics (each <paramref name="perSecond"/>, or 256 in flight when 0).</summary>
    public Task PublishAsync(int total, int perSecond) => Task.WhenAll(Buses.Select((bus, index) => Task.Run(async () =>
    {
        var pending = new Queue<Task>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int share = total / Buses.Count + (index < total % Buses.Count ? 1 : 0);
        for (int n = 0; n < share; n++)
        {
            if (perSecond > 0 && n * 1000.0 / perSecond > clock.Elapsed.TotalMilliseconds + 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(n * 1000.0 / perSecond - clock.Elapsed.TotalMilliseconds));
            }

            Events.Category category = s_categories[n % s_categories.Length];
            object payload = Payload(category, bus.NodeName);
            pending.Enqueue(bus.BroadcastAsync(Events.BuildTopic("store_a", category), payload).AsTask());
            while (pending.Count >= 256)
            {
                await Count(pending.Dequeue(), index);
            }
        }

        while (pending.Count > 0)
        {
            await Count(pending.Dequeue(), index);
        }
    })));

    /// <summary>Frames from the others that receiver <paramref name="index"/> has not received.</summary>
    public long Missing(int index) => Enumerable.Range(0, Buses.Count).Where(o => o != index)
        .Sum(o => _published[o] - _received.GetValueOrDefault((index, Buses[o].NodeName)));

    public async Task WaitForAllAsync() =>
        Assert.That(await Eventually(() => Enumerable.Range(0, Buses.Count).All(i => Missing(i) == 0), 30), Is.True, "every node received every other node's frames");

    /// <summary>Waits until nothing more arrives (late frames of the others).</summary>
    public async Task SettleAsync()
    {
        long last = -1;
        while (true)
        {
            long now = _received.Values.Sum();
            if (now == last && Buses.All(b => b.OutboundQueueDepth == 0))
            {
                return;
            }

            last = now;
            await Task.Delay(500);
        }
    }

    public void AssertNothingLost()
    {
        foreach (NodePubSub bus in Buses)
        {
            Assert.That(bus.GetStatistics().Lost, Is.Zero, bus.NodeName);
            Assert.That(bus.GetStatistics().Dropped, Is.Zero, bus.NodeName);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (NodePubSub bus in Buses)
        {
            await bus.DisposeAsync();
        }

        await Task.WhenAny(Task.WhenAll(_readers), Task.Delay(5000));
    }

    private async Task Count(Task publish, int index)
    {
        try
        {
            await publish;
            Interlocked.Increment(ref _published[index]);
        }
        catch (TimeoutException)
        {
            Interlocked.Increment(ref _failed);
        }
    }

    /// <summary>An event of <paramref name="category"/> from <paramref name="node"/>, as a payload of <paramref name="store"/>.</summary>
    internal static object Payload(Events.Category category, string node, string store = "store_a") => category switch
    {
        Events.Category.System => Events.BuildPayload(new SubsystemStarting(node), store),
        Events.Category.Cluster => Events.BuildPayload(new NodeDiscovered(node), store),
        Events.Category.Leadership => Events.BuildPayload(new LeaderDetected(node), store),
        Events.Category.Persistence => Events.BuildPayload(new PersistenceRequested(node), store),
        Events.Category.Gateway => Events.BuildPayload(new GatewayWorkerStarted(node), store),
        Events.Category.Coordination => Events.BuildPayload(new CoordinatorWaiting(node), store),
        _ => Events.BuildPayload(new SubscriptionRegistered(node), store),
    };

    /// <summary>The origin node a test event carries: each category's event here has one data field (its record's only constructor parameter), set to the publishing node's name.</summary>
    private static string Origin(object data)
    {
        Type type = data.GetType();
        string field = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters()[0].Name!;
        return (string)type.GetProperty(field)!.GetValue(data)!;
    }
}
