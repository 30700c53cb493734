using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.LocalServers;
using EventCatalog.PubSub.Nats;
using EventCatalog.PubSub.Redis;
using EventCatalog.PubSub.Redis.Tests;
using NATS.Client.Core;
using NUnit.Framework;
using StackExchange.Redis;

namespace EventCatalog.PubSub.Conformance.Tests;

/// <summary>The conformance suite on the embedded bus.</summary>
[TestFixture]
public sealed class InMemoryPubSubConformance : PubSubConformance
{
    protected override Task<INodePubSub> CreateBusAsync(string node, int capacity, FullQueuePolicy policy, TimeSpan fullQueueTimeout) =>
        Task.FromResult<INodePubSub>(new InMemoryPubSub(new InMemoryPubSubOptions { NodeName = node, SubscriberCapacity = capacity, FullQueuePolicy = policy, FullQueueTimeout = fullQueueTimeout }));
}

/// <summary>What the Redis fixtures share: buses on the one real redis-server of the Redis tests, directly or through a proxy.</summary>
public abstract class RedisBusConformance : NodeBusConformance
{
    protected override async Task<NodePubSub> StartBusAsync(NodePubSubOptions options) =>
        await RedisPubSub.ConnectAsync(RedisFixture.Server.Endpoint, RedisFixture.Codec, (RedisPubSubOptions)options);

    protected override int ServerPort => int.Parse(RedisFixture.Server.Endpoint.Substring(RedisFixture.Server.Endpoint.LastIndexOf(':') + 1));

    protected override async Task<NodePubSub> StartBusThroughAsync(NodePubSubOptions options, int port) =>
        await RedisPubSub.ConnectAsync("127.0.0.1:" + port, RedisFixture.Codec, (RedisPubSubOptions)options);
}

/// <summary>The conformance suite on the Redis bus, against a real redis-server; every frame also goes through Redis and comes back as a self-echo that must be dropped.</summary>
[TestFixture]
public sealed class RedisPubSubConformance : RedisBusConformance
{
    protected override NodePubSubOptions NewOptions() => new RedisPubSubOptions();

    protected override async Task InjectManyAsync(NodePubSub bus, IReadOnlyList<byte[]> frames)
    {
        await using ConnectionMultiplexer raw = await ConnectionMultiplexer.ConnectAsync(RedisFixture.Server.Endpoint);
        ISubscriber publisher = raw.GetSubscriber();
        RedisChannel channel = RedisChannel.Literal(((RedisPubSub)bus).ChannelName);
        var sends = new Task[frames.Count];
        for (int i = 0; i < frames.Count; i++)
        {
            sends[i] = publisher.PublishAsync(channel, frames[i]);
        }

        await Task.WhenAll(sends);
    }

    protected override async Task<FrameTap> TapAsync(NodePubSub bus)
    {
        ConnectionMultiplexer raw = await ConnectionMultiplexer.ConnectAsync(RedisFixture.Server.Endpoint);
        var tap = new FrameTap(raw);
        await raw.GetSubscriber().SubscribeAsync(RedisChannel.Literal(((RedisPubSub)bus).ChannelName), (_, value) => tap.Add(value!));
        return tap;
    }

    protected override async Task InjectAsync(NodePubSub bus, byte[] frame)
    {
        await using ConnectionMultiplexer raw = await ConnectionMultiplexer.ConnectAsync(RedisFixture.Server.Endpoint);
        await raw.GetSubscriber().PublishAsync(RedisChannel.Literal(((RedisPubSub)bus).ChannelName), frame);
    }
}

/// <summary>
/// The conformance suite on the Redis bus spread over 4 sharded channels (<c>SPUBLISH</c>/<c>SSUBSCRIBE</c>) of one real
/// redis-server 7: every frame takes its topic's shard and is numbered on that shard's stream; probes, heartbeats and goodbyes
/// go to every shard. Injected frames go to shard 0's channel (their stream byte says 0 unless a test captured them elsewhere);
/// the tap hears every shard.
/// </summary>
[TestFixture]
public class ShardedRedisPubSubConformance : RedisBusConformance
{
    protected override NodePubSubOptions NewOptions() => new RedisPubSubOptions { Shards = 4 };

    protected override async Task InjectManyAsync(NodePubSub bus, IReadOnlyList<byte[]> frames)
    {
        await using ConnectionMultiplexer raw = await ConnectionMultiplexer.ConnectAsync(RedisFixture.Server.Endpoint);
        ISubscriber publisher = raw.GetSubscriber();
        IReadOnlyList<string> channels = ((RedisPubSub)bus).Channels;
        Assert.That(channels, Has.Count.EqualTo(4), "the bus is spread over 4 sharded channels");
        var sends = new Task[frames.Count];
        for (int i = 0; i < frames.Count; i++)
        {
            sends[i] = publisher.PublishAsync(RedisChannel.Sharded(channels[ShardRouting.OnTopicsShard(bus, frames[i], channels.Count)]), frames[i]);
        }

        await Task.WhenAll(sends);
    }

    protected override async Task<FrameTap> TapAsync(NodePubSub bus)
    {
        ConnectionMultiplexer raw = await ConnectionMultiplexer.ConnectAsync(RedisFixture.Server.Endpoint);
        var tap = new FrameTap(raw);
        foreach (string channel in ((RedisPubSub)bus).Channels)
        {
            await raw.GetSubscriber().SubscribeAsync(RedisChannel.Sharded(channel), (_, value) => tap.Add(value!));
        }

        return tap;
    }

    protected override Task InjectAsync(NodePubSub bus, byte[] frame) => InjectManyAsync(bus, new[] { frame });
}

/// <summary>What the NATS fixtures share: buses on the one nats-server of the conformance suite, directly or through a proxy.</summary>
public abstract class NatsBusConformance : NodeBusConformance
{
    protected override async Task<NodePubSub> StartBusAsync(NodePubSubOptions options) =>
        await NatsPubSub.ConnectAsync(ConformanceServers.Nats.Url, ExESDB.Events.Codec, (NatsPubSubOptions)options);

    protected override int ServerPort => ConformanceServers.Nats.Port;

    protected override async Task<NodePubSub> StartBusThroughAsync(NodePubSubOptions options, int port) =>
        await NatsPubSub.ConnectAsync("nats://127.0.0.1:" + port, ExESDB.Events.Codec, (NatsPubSubOptions)options);

    protected override Task InjectAsync(NodePubSub bus, byte[] frame) => InjectManyAsync(bus, new[] { frame });
}

/// <summary>
/// The conformance suite on the NATS bus, against a real nats-server on a free loopback port; frames come back to their
/// sender on its own connection (echo) and must be dropped; injected frames are published raw on the bus's subject.
/// </summary>
[TestFixture]
public sealed class NatsPubSubConformance : NatsBusConformance
{
    protected override NodePubSubOptions NewOptions() => new NatsPubSubOptions();

    protected override async Task<FrameTap> TapAsync(NodePubSub bus)
    {
        var raw = new NatsConnection(new NatsOpts { Url = ConformanceServers.Nats.Url });
        var tap = new FrameTap(raw);
        var ready = new TaskCompletionSource();
        tap.Reader = Task.Run(async () =>
        {
            await using var subscription = await raw.SubscribeCoreAsync<byte[]>(((NatsPubSub)bus).Subject);
            ready.TrySetResult();
            await foreach (NatsMsg<byte[]> message in subscription.Msgs.ReadAllAsync(tap.Stopping))
            {
                tap.Add(message.Data ?? Array.Empty<byte>());
            }
        });
        await Task.WhenAny(ready.Task, tap.Reader);
        await raw.PingAsync();
        return tap;
    }

    protected override async Task InjectManyAsync(NodePubSub bus, IReadOnlyList<byte[]> frames)
    {
        await using var raw = new NatsConnection(new NatsOpts { Url = ConformanceServers.Nats.Url });
        foreach (byte[] frame in frames)
        {
            await raw.PublishAsync(((NatsPubSub)bus).Subject, frame);
        }

        // The PONG comes after the server has handled the PUBs: the frames are on their way to the bus.
        await raw.PingAsync();
    }
}

/// <summary>
/// The conformance suite on the NATS bus spread over 4 subjects (<see cref="NatsPubSubOptions.Shards"/>) of one real nats-server:
/// every frame takes its topic's shard and is numbered on that shard's stream; probes, heartbeats and goodbyes go to every
/// shard. Injected frames go to the subject their topic's shard names (<see cref="ShardRouting"/>); the tap hears every subject.
/// </summary>
[TestFixture]
public class ShardedNatsPubSubConformance : NatsBusConformance
{
    protected override NodePubSubOptions NewOptions() => new NatsPubSubOptions { Shards = 4 };

    protected override async Task<FrameTap> TapAsync(NodePubSub bus)
    {
        IReadOnlyList<string> subjects = ((NatsPubSub)bus).Subjects;
        Assert.That(subjects, Has.Count.EqualTo(4), "the bus is spread over 4 subjects");
        var raw = new NatsConnection(new NatsOpts { Url = ConformanceServers.Nats.Url });
        var tap = new FrameTap(raw);
        var readers = new List<Task>();
        foreach (string subject in subjects)
        {
            var ready = new TaskCompletionSource();
            Task reader = Task.Run(async () =>
            {
                await using var subscription = await raw.SubscribeCoreAsync<byte[]>(subject);
                ready.TrySetResult();
                await foreach (NatsMsg<byte[]> message in subscription.Msgs.ReadAllAsync(tap.Stopping))
                {
                    tap.Add(message.Data ?? Array.Empty<byte>());
                }
            });
            await Task.WhenAny(ready.Task, reader);
            readers.Add(reader);
        }

        tap.Reader = Task.WhenAll(readers);
        await raw.PingAsync();
        return tap;
    }

    protected override async Task InjectManyAsync(NodePubSub bus, IReadOnlyList<byte[]> frames)
    {
        IReadOnlyList<string> subjects = ((NatsPubSub)bus).Subjects;
        await using var raw = new NatsConnection(new NatsOpts { Url = ConformanceServers.Nats.Url });
        foreach (byte[] frame in frames)
        {
            await raw.PublishAsync(subjects[ShardRouting.OnTopicsShard(bus, frame, subjects.Count)], frame);
        }

        // The PONG comes after the server has handled the PUBs: the frames are on their way to the bus.
        await raw.PingAsync();
    }
}

/// <summary>
/// The conformance suite on the Redis bus over 4 sharded channels with <see cref="ShardSubscription.Needed"/>: each node subscribes
/// to shard 0, its subscriptions' shards and the shards it publishes on, nothing else (the tests subscribe with
/// <see cref="NodePubSub.SubscribeAsync"/>, which waits for the shard's <c>SSUBSCRIBE</c>).
/// </summary>
[TestFixture]
public sealed class NeededShardsRedisPubSubConformance : ShardedRedisPubSubConformance
{
    protected override NodePubSubOptions NewOptions() => new RedisPubSubOptions { Shards = 4, ShardSubscription = ShardSubscription.Needed };
}

/// <summary>The conformance suite on the NATS bus over 4 subjects with <see cref="ShardSubscription.Needed"/> (as <see cref="NeededShardsRedisPubSubConformance"/>).</summary>
[TestFixture]
public sealed class NeededShardsNatsPubSubConformance : ShardedNatsPubSubConformance
{
    protected override NodePubSubOptions NewOptions() => new NatsPubSubOptions { Shards = 4, ShardSubscription = ShardSubscription.Needed };
}

/// <summary>Where a fixture of a sharded bus injects a frame.</summary>
public static class ShardRouting
{
    /// <summary>
    /// The shard a forged frame goes to: an unsigned (version 1) event frame of stream 0 is moved to the shard its topic takes on
    /// this bus (<see cref="NodePubSub.ShardOf"/>), where the real node's frames of that topic are numbered, so the attack meets
    /// the sequence it aims at; any other frame (signed captures, hand-made malformed bytes) goes to the shard its stream byte names.
    /// </summary>
    public static int OnTopicsShard(NodePubSub bus, byte[] frame, int shards)
    {
        if (frame.Length > 36 && frame[0] == (byte)'E' && frame[1] == (byte)'C' && frame[2] == 1 && frame[3] is >= 1 and <= 3 && frame[5] == 0)
        {
            int nodeLength = frame[32] | (frame[33] << 8);
            int at = 34 + nodeLength;
            if (at + 2 <= frame.Length)
            {
                int topicLength = frame[at] | (frame[at + 1] << 8);
                if (at + 2 + topicLength <= frame.Length)
                {
                    string topic = System.Text.Encoding.UTF8.GetString(frame, at + 2, topicLength);
                    frame[5] = (byte)bus.ShardOf(topic, new ExESDB.NodeDiscovered("any"));
                }
            }
        }

        // A node that receives only the shards it needs (ShardSubscription.Needed) would never see a frame sent on another shard:
        // that one goes to shard 0, which every node receives, and which refuses a frame of a shard the node does not receive.
        int shard = frame.Length > 5 ? frame[5] % shards : 0;
        return System.Linq.Enumerable.Contains(bus.ReceivedShards, shard) ? shard : 0;
}
}

/// <summary>The shared servers of the fixtures, stopped at the end (the launcher's own set-up fixture covers only its namespace).</summary>
[SetUpFixture]
public sealed class ConformanceServers
{
    private static NatsServer? s_nats;

    /// <summary>One nats-server for the NATS fixture, started on first use.</summary>
    public static NatsServer Nats => s_nats ??= NatsServer.Start();

    [OneTimeTearDown]
    public void Stop()
    {
        new RedisFixture().StopServer();
        s_nats?.Dispose();
        s_nats = null;
    }
}

/// <summary>Every raw frame published on a bus's destination, as an eavesdropper with access to the broker records them.</summary>
public sealed class FrameTap : IAsyncDisposable
{
    private readonly IAsyncDisposable _connection;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<byte[]> _frames = new();

    public FrameTap(IAsyncDisposable connection) => _connection = connection;

    public Task Reader { get; set; } = Task.CompletedTask;

    public CancellationToken Stopping => _stopping.Token;

    public void Add(byte[] frame)
    {
        lock (_frames)
        {
            _frames.Add(frame);
        }
    }

    public List<byte[]> Frames
    {
        get
        {
            lock (_frames)
            {
                return new List<byte[]>(_frames);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        try
        {
            await Reader;
        }
        catch (OperationCanceledException)
        {
        }

        await _connection.DisposeAsync();
    }
}
