using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EventCatalog.LocalServers;
using EventCatalog.PubSub.Nats;
using EventCatalog.PubSub.Redis;
using ExESDB;
using NATS.Client.Core;
using NATS.NKeys;
using NUnit.Framework;
using StackExchange.Redis;
using static EventCatalog.PubSub.Redis.Tests.TestKit;

namespace EventCatalog.PubSub.Conformance.Tests;

/// <summary>
/// The bus on hardened servers, as README "Running the bus securely" sets them up: a Redis ACL user allowed only the
/// bus's channel, Redis over TLS with a test CA made by openssl now, Redis refusing one huge PUBLISH at
/// <c>proto-max-bulk-len</c>, a NATS user allowed only the bus's subject, and NATS over TLS. Every bus also signs.
/// </summary>
[NonParallelizable]
public sealed class HardenedServerTests
{
    private const string BusName = "hard";
    private static readonly byte[] s_key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private readonly List<IAsyncDisposable> _buses = new();

    private static string Cluster => Events.Topics.Cluster("store_a");

    [TearDown]
    public async Task DisposeBuses()
    {
        // Last made, first disposed: a bus before the connection it was lent.
        foreach (IAsyncDisposable bus in Enumerable.Reverse(_buses))
        {
            await bus.DisposeAsync();
        }

        _buses.Clear();
    }

    private T Track<T>(T bus)
        where T : IAsyncDisposable
    {
        _buses.Add(bus);
        return bus;
    }

    private static async Task CarriesAsync(NodePubSub a, NodePubSub b)
    {
        IAsyncEnumerator<object> reader = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        await a.BroadcastAsync(Cluster, new NodeDiscovered("hardened"));
        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(new[] { new NodeDiscovered("hardened") }));
        Assert.That(b.GetStatistics().Rejected.Values.Sum(), Is.Zero, b.GetStatistics().ToString());
    }

    [Test]
    public async Task Redis_with_an_ACL_user_allowed_only_the_bus_channel_carries_the_bus_and_refuses_that_user_any_other_channel()
    {
        using RedisServer server = RedisServer.StartWithLogin(
            "admin", "admin-pw",
            ["--user", "default", "off", .. RedisServer.ChannelOnlyUser("bus", ">bus-pw", "eventcatalog:pubsub:" + BusName), "--user", "admin", "on", ">admin-pw", "~*", "&*", "+@all"]);
        string configuration = $"127.0.0.1:{server.Port},user=bus,password=bus-pw,tiebreaker=,configChannel=";
        RedisPubSub a = Track(await RedisPubSub.ConnectAsync(configuration, Events.Codec, new RedisPubSubOptions { BusName = BusName, NodeName = "a@hard", SigningKey = s_key }));
        RedisPubSub b = Track(await RedisPubSub.ConnectAsync(configuration, Events.Codec, new RedisPubSubOptions { BusName = BusName, NodeName = "b@hard", SigningKey = s_key }));
        await CarriesAsync(a, b);

        await using ConnectionMultiplexer raw = await ConnectionMultiplexer.ConnectAsync(configuration);
        var publish = Assert.ThrowsAsync<RedisServerException>(async () => await raw.GetSubscriber().PublishAsync(RedisChannel.Literal("eventcatalog:pubsub:other"), "x"));
        Assert.That(publish!.Message, Does.StartWith("NOPERM"));
        var key = Assert.ThrowsAsync<RedisServerException>(async () => await raw.GetDatabase().StringSetAsync("k", "v"));
        Assert.That(key!.Message, Does.StartWith("NOPERM"));
    }

    [Test]
    public async Task Redis_over_TLS_with_a_test_CA_carries_the_bus()
    {
        using TestCertificates certificates = TestCertificates.Create();
        using RedisServer server = RedisServer.StartTls(certificates);
        async Task<RedisPubSub> Connect(string node)
        {
            var config = new ConfigurationOptions { Ssl = true, SslHost = "127.0.0.1", AbortOnConnectFail = false };
            config.EndPoints.Add("127.0.0.1", server.TlsPort);
            config.TrustIssuer(certificates.CaFile);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            ConnectionMultiplexer connection = Track(await ConnectionMultiplexer.ConnectAsync(config));
            TestContext.Out.WriteLine($"{node}: TLS connection in {clock.ElapsedMilliseconds} ms");
            return Track(await RedisPubSub.CreateAsync(connection, Events.Codec, new RedisPubSubOptions { BusName = BusName, NodeName = node, SigningKey = s_key }));
        }

        RedisPubSub a = await Connect("a@tls");
        RedisPubSub b = await Connect("b@tls");
        await CarriesAsync(a, b);
        Assert.That(server.Command("CLIENT", "LIST"), Does.Contain("laddr=127.0.0.1:" + server.TlsPort), "the buses' connections are on the TLS port");
    }

    [Test]
    public async Task One_huge_PUBLISH_from_anyone_is_refused_by_Redis_at_proto_max_bulk_len_and_cuts_no_subscriber_off()
    {
        using RedisServer server = RedisServer.Start("--proto-max-bulk-len", "1mb");
        var options = new RedisPubSubOptions { BusName = BusName, NodeName = "b@bulk", SigningKey = s_key, MaxFrameBytes = 1024 * 1024 };
        RedisPubSub b = Track(await RedisPubSub.ConnectAsync(server.Endpoint, Events.Codec, options));
        RedisPubSub a = Track(await RedisPubSub.ConnectAsync(server.Endpoint, Events.Codec, new RedisPubSubOptions { BusName = BusName, NodeName = "a@bulk", SigningKey = s_key }));
        int lost = 0;
        b.ConnectionLost += (_, _) => lost++;

        // 40 MB: over Redis's default pubsub output-buffer hard limit (32 MB), which would drop every subscriber.
        await using ConnectionMultiplexer raw = await ConnectionMultiplexer.ConnectAsync(server.Endpoint + ",abortConnect=false");
        Assert.CatchAsync<Exception>(async () => await raw.GetSubscriber().PublishAsync(RedisChannel.Literal(b.ChannelName), new byte[40 * 1024 * 1024]), "the server refuses the bulk string");
        await CarriesAsync(a, b);
        Assert.That(lost, Is.Zero, "no subscriber was cut off");
        Assert.That(b.State, Is.EqualTo(NodePubSubState.Connected));
    }

    [Test]
    public async Task NATS_with_a_user_allowed_only_the_bus_subject_carries_the_bus_and_the_server_refuses_that_user_any_other_subject()
    {
        const string subject = "eventcatalog.pubsub." + BusName;
        using NatsServer server = NatsServer.Start(new NatsServerOptions
        {
            Extra = NatsServerOptions.SubjectOnlyUser("user: bus, password: \"bus-pw\"", subject),
        });
        string url = $"nats://bus:bus-pw@127.0.0.1:{server.Port}";
        NatsPubSub a = Track(await NatsPubSub.ConnectAsync(url, Events.Codec, new NatsPubSubOptions { BusName = BusName, NodeName = "a@hard", SigningKey = s_key }));
        NatsPubSub b = Track(await NatsPubSub.ConnectAsync(url, Events.Codec, new NatsPubSubOptions { BusName = BusName, NodeName = "b@hard", SigningKey = s_key }));
        await CarriesAsync(a, b);

        await using var raw = new NatsConnection(NatsOpts.Default with { Url = $"nats://127.0.0.1:{server.Port}", AuthOpts = NatsAuthOpts.Default with { Username = "bus", Password = "bus-pw" } });
        await raw.PublishAsync("eventcatalog.pubsub.other", new byte[] { 1 });
        await raw.PingAsync();
        Assert.That(await Eventually(() => server.Output.Contains("Publish Violation", StringComparison.Ordinal) && server.Output.Contains("eventcatalog.pubsub.other", StringComparison.Ordinal)), Is.True, server.Output);
        Assert.That(server.Output, Does.Not.Contain("bus-pw"));
    }

    [Test]
    public async Task NATS_with_an_nkey_user_allowed_only_the_bus_subject_carries_the_bus_and_refuses_a_client_without_that_key()
    {
        // A user nkey pair made now (NATS.NKeys, which NATS.Client.Core brings): the server knows only the public key.
        const string subject = "eventcatalog.pubsub." + BusName;
        using KeyPair user = KeyPair.CreatePair(PrefixByte.User);
        string publicKey = user.GetPublicKey();
        using NatsServer server = NatsServer.Start(new NatsServerOptions
        {
            Extra = NatsServerOptions.SubjectOnlyUser("nkey: " + publicKey, subject),
        });
        string url = $"nats://127.0.0.1:{server.Port}";
        NatsOpts nkey = NatsOpts.Default with { AuthOpts = NatsAuthOpts.Default with { NKey = publicKey, Seed = user.GetSeed() } };
        NatsPubSub a = Track(await NatsPubSub.ConnectAsync(url, Events.Codec, new NatsPubSubOptions { BusName = BusName, NodeName = "a@nkey", SigningKey = s_key, ConnectionOptions = nkey }));
        NatsPubSub b = Track(await NatsPubSub.ConnectAsync(url, Events.Codec, new NatsPubSubOptions { BusName = BusName, NodeName = "b@nkey", SigningKey = s_key, ConnectionOptions = nkey }));
        await CarriesAsync(a, b);

        // No credentials, and another user's key: refused by the server (the bus's connect gives up at its publish timeout).
        using KeyPair stranger = KeyPair.CreatePair(PrefixByte.User);
        NatsOpts strangers = NatsOpts.Default with { AuthOpts = NatsAuthOpts.Default with { NKey = stranger.GetPublicKey(), Seed = stranger.GetSeed() } };
        foreach ((string node, NatsOpts? opts) in new[] { ("anonymous@nkey", (NatsOpts?)null), ("stranger@nkey", strangers) })
        {
            var refused = Assert.ThrowsAsync<TimeoutException>(async () => await NatsPubSub.ConnectAsync(url, Events.Codec, new NatsPubSubOptions { BusName = BusName, NodeName = node, PublishTimeout = TimeSpan.FromSeconds(2), ConnectionOptions = opts }));
            Assert.That(refused, Is.Not.Null, node + " is refused");
        }

        // nats-server's own word for each refusal (2.9 logs "authentication error" with the nkey offered).
        Assert.That(await Eventually(() => server.Output.Contains("authentication error - Nkey \"\"", StringComparison.Ordinal)
            && server.Output.Contains("authentication error - Nkey \"" + stranger.GetPublicKey() + "\"", StringComparison.Ordinal)), Is.True, server.Output);
        Assert.That(server.Output, Does.Not.Contain(user.GetSeed()), "the seed never reaches the server");
    }

    [Test]
    public async Task NATS_over_TLS_with_a_test_CA_carries_the_bus()
    {
        using TestCertificates certificates = TestCertificates.Create();
        using NatsServer server = NatsServer.Start(new NatsServerOptions { Tls = certificates });
        NatsOpts tls = NatsOpts.Default with { TlsOpts = new NatsTlsOpts { CaFile = certificates.CaFile, Mode = TlsMode.Require } };
        string url = $"tls://127.0.0.1:{server.Port}";
        NatsPubSub a = Track(await NatsPubSub.ConnectAsync(url, Events.Codec, new NatsPubSubOptions { BusName = BusName, NodeName = "a@tls", SigningKey = s_key, ConnectionOptions = tls }));
        NatsPubSub b = Track(await NatsPubSub.ConnectAsync(url, Events.Codec, new NatsPubSubOptions { BusName = BusName, NodeName = "b@tls", SigningKey = s_key, ConnectionOptions = tls }));
        await CarriesAsync(a, b);

        var plain = Assert.ThrowsAsync<TimeoutException>(async () => await NatsPubSub.ConnectAsync($"nats://127.0.0.1:{server.Port}", Events.Codec, new NatsPubSubOptions { BusName = BusName, NodeName = "plain@tls", PublishTimeout = TimeSpan.FromSeconds(2) }));
        Assert.That(plain, Is.Not.Null, "a client without TLS is refused");
    }
}
