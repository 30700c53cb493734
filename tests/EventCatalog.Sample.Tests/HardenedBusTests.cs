using System;
using System.Threading.Tasks;
using EventCatalog.LocalServers;
using ExESDB.ControlPlane;
using NATS.Client.Core;
using NUnit.Framework;
using StackExchange.Redis;

namespace EventCatalog.Sample.Tests;

/// <summary>
/// The servers the cluster demo's <c>--redis auto</c> / <c>--nats auto</c> start (<see cref="HardenedBus"/>), checked on the
/// server itself: the payload limit at the bus's frame limit, the default user off, and the bus's user refused anything but its
/// channel or subject. The demo runs on them end to end in <see cref="ClusterDemoTests"/>.
/// </summary>
[NonParallelizable]
public sealed class HardenedBusTests
{
    private const string Channel = "eventcatalog:pubsub:exesdb-controlplane-test";
    private const string Subject = "eventcatalog.pubsub.exesdb-controlplane-test";

    [Test]
    public async Task The_auto_redis_server_limits_bulk_strings_to_the_frame_limit_and_its_bus_user_to_the_bus_channel()
    {
        var hardened = new HardenedBus();
        using RedisServer server = hardened.StartRedis(Channel);
        Assert.That(server.Command("CONFIG", "GET", "proto-max-bulk-len"), Is.EqualTo("proto-max-bulk-len\n" + HardenedBus.FrameLimit));
        Assert.That(hardened.Environment[HardenedBus.KeyVariable], Has.Length.EqualTo(44), "32 bytes, base64");
        Assert.That(hardened.ToString(), Does.Not.Contain(hardened.Environment[HardenedBus.PasswordVariable]));

        string password = hardened.Environment[HardenedBus.PasswordVariable];
        await using ConnectionMultiplexer bus = await ConnectionMultiplexer.ConnectAsync($"{server.Endpoint},user={HardenedBus.User},password={password},tiebreaker=,configChannel=");
        Assert.That(await bus.GetSubscriber().PublishAsync(RedisChannel.Literal(Channel), "x"), Is.Zero, "the bus's channel is allowed");
        var other = Assert.ThrowsAsync<RedisServerException>(async () => await bus.GetSubscriber().PublishAsync(RedisChannel.Literal("eventcatalog:pubsub:other"), "x"));
        Assert.That(other!.Message, Does.StartWith("NOPERM"));
        var key = Assert.ThrowsAsync<RedisServerException>(async () => await bus.GetDatabase().StringSetAsync("k", "v"));
        Assert.That(key!.Message, Does.StartWith("NOPERM"));

        // The default user is off: an anonymous client is refused everything.
        await using ConnectionMultiplexer anonymous = await ConnectionMultiplexer.ConnectAsync(server.Endpoint + ",abortConnect=false,connectTimeout=2000");
        Assert.CatchAsync<Exception>(async () => await anonymous.GetSubscriber().PublishAsync(RedisChannel.Literal(Channel), "x"));
    }

    [Test]
    public async Task The_auto_nats_server_has_max_payload_at_the_frame_limit_and_its_bus_user_only_the_bus_subject()
    {
        var hardened = new HardenedBus();
        using NatsServer server = hardened.StartNats(Subject);
        Assert.That(NatsServer.Info("127.0.0.1", server.Port), Does.Contain($"\"max_payload\":{HardenedBus.FrameLimit}").And.Contain("\"auth_required\":true"));

        string password = hardened.Environment[HardenedBus.PasswordVariable];
        await using var bus = new NatsConnection(NatsOpts.Default with { Url = server.Url, AuthOpts = NatsAuthOpts.Default with { Username = HardenedBus.User, Password = password } });
        await bus.PublishAsync(Subject, new byte[] { 1 });
        await bus.PublishAsync("eventcatalog.pubsub.other", new byte[] { 1 });
        await bus.PingAsync();
        for (int i = 0; i < 100 && !server.Output.Contains("Publish Violation", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
        }

        Assert.That(server.Output, Does.Contain("Publish Violation").And.Contain("eventcatalog.pubsub.other"));
        Assert.That(server.Output, Does.Not.Contain("Publish Violation - User \"bus\", Subject \"" + Subject + "\""));
        Assert.That(server.Output, Does.Not.Contain(password));
    }
}
