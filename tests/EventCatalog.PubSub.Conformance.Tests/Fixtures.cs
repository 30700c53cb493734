using System;
using System.Threading.Tasks;
using EventCatalog.PubSub.Redis;
using EventCatalog.PubSub.Redis.Tests;
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

/// <summary>The conformance suite on the Redis bus, against a real redis-server; every frame also goes through Redis and comes back as a self-echo that must be dropped.</summary>
[TestFixture]
public sealed class RedisPubSubConformance : NodeBusConformance
{
    protected override NodePubSubOptions NewOptions() => new RedisPubSubOptions();

    protected override async Task<NodePubSub> StartBusAsync(NodePubSubOptions options) =>
        await RedisPubSub.ConnectAsync(RedisFixture.Server.Endpoint, RedisFixture.Codec, (RedisPubSubOptions)options);

    protected override async Task InjectAsync(NodePubSub bus, byte[] frame)
    {
        await using ConnectionMultiplexer raw = await ConnectionMultiplexer.ConnectAsync(RedisFixture.Server.Endpoint);
        await raw.GetSubscriber().PublishAsync(RedisChannel.Literal(((RedisPubSub)bus).ChannelName), frame);
    }
}

/// <summary>Stops the shared servers the fixtures started (the launcher's own set-up fixture covers only its namespace).</summary>
[SetUpFixture]
public sealed class ConformanceServers
{
    [OneTimeTearDown]
    public void Stop() => new RedisFixture().StopServer();
}
