using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Tasks;
using EventCatalog.LocalServers;
using ExESDB;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace EventCatalog.PubSub.Nats.Tests;

/// <summary>
/// <c>nats://user:password@host:port</c> (issue 24 case 4, the NATS side): accepted, and the password appears in no
/// exception, log line or <c>ToString()</c> the library produces — on success, a refused password, an unreachable
/// server and a malformed URL.
/// </summary>
[NonParallelizable]
public sealed class CredentialTests
{
    private const string User = "app";
    private const string Password = "s3cret-Pa55word";
    private NatsServer _server = null!;

    [OneTimeSetUp]
    public void StartServer() => _server = NatsServer.Start(new NatsServerOptions { User = User, Password = Password });

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

    [Test]
    public async Task A_url_with_user_and_password_connects_and_nothing_the_bus_says_holds_the_password()
    {
        var logs = new CapturingLoggerFactory();
        var options = new NatsPubSubOptions { BusName = "creds", NodeName = "a@test" };
        await using (NatsPubSub a = await NatsPubSub.ConnectAsync($"nats://{User}:{Password}@{_server.Endpoint}", ExESDB.Events.Codec, options, logs))
        await using (NatsPubSub b = await NatsPubSub.ConnectAsync($"nats://{User}:{Password}@{_server.Endpoint}", ExESDB.Events.Codec, new NatsPubSubOptions { BusName = "creds", NodeName = "b@test" }, logs))
        {
            using ISubscription subscription = b.Subscribe(Events.Topics.Cluster("s"));
            await a.BroadcastAsync(Events.Topics.Cluster("s"), Events.BuildPayload(new NodeDiscovered("x"), "s"));
            Assert.That(await NatsPubSubTests.Next(subscription), Is.InstanceOf<IEventPayload>());
            foreach (string text in new[] { a.ToString()!, a.Destination, a.Subject, options.ToString()!, a.GetStatistics().ToString() })
            {
                Assert.That(text, Does.Not.Contain(Password));
            }
        }

        Assert.That(logs.Lines, Is.Not.Empty, "the bus logged nothing, so the check below checked nothing");
        Assert.That(logs.Lines, Has.None.Contains(Password));
    }

    [Test]
    public void A_refused_password_fails_within_the_timeout_without_showing_it()
    {
        const string wrong = "not-the-Pa55word";
        var ex = Assert.ThrowsAsync<TimeoutException>(async () => await NatsPubSub.ConnectAsync(
            $"nats://{User}:{wrong}@{_server.Endpoint}", ExESDB.Events.Codec, new NatsPubSubOptions { PublishTimeout = TimeSpan.FromSeconds(1) }));
        Assert.That(ex!.ToString(), Does.Not.Contain(wrong).And.Not.Contain(Password));
        Assert.That(ex.Message, Does.Contain(_server.Endpoint), "the message names the server");
    }

    [Test]
    public void An_unreachable_server_fails_within_the_timeout_without_showing_the_password()
    {
        int closed = LocalServer.FreePort();
        var ex = Assert.ThrowsAsync<TimeoutException>(async () => await NatsPubSub.ConnectAsync(
            $"nats://{User}:{Password}@127.0.0.1:{closed.ToString(CultureInfo.InvariantCulture)}", ExESDB.Events.Codec, new NatsPubSubOptions { PublishTimeout = TimeSpan.FromSeconds(1) }));
        Assert.That(ex!.ToString(), Does.Not.Contain(Password));
        Assert.That(ex.Message, Does.Contain("nats://127.0.0.1:" + closed.ToString(CultureInfo.InvariantCulture)));
    }

    [TestCase("nats://app:s3cret-Pa55word@127.0.0.1:notaport")]
    [TestCase("http://app:s3cret-Pa55word@127.0.0.1:4222")]
    [TestCase("nats://app:s3cret-Pa55word@127.0.0.1:4222/path")]
    [TestCase("nats://127.0.0.1:4222,nats://app:s3cret-Pa55word@:4222")]
    public void A_malformed_url_is_refused_at_once_without_repeating_it(string url)
    {
        var ex = Assert.ThrowsAsync<ArgumentException>(async () => await NatsPubSub.ConnectAsync(url, ExESDB.Events.Codec));
        Assert.That(ex!.ToString(), Does.Not.Contain(Password));
        Assert.That(ex.Message, Does.Contain("not a NATS URL").And.Contain("[user:password@]host"));
        Assert.That(ex.ParamName, Is.EqualTo("url"));
    }

    [Test]
    public async Task A_url_encoded_password_and_a_list_of_servers_are_accepted()
    {
        using NatsServer special = NatsServer.Start(new NatsServerOptions { User = "u", Password = "p@ss:w/rd" });
        string url = $"nats://u:{Uri.EscapeDataString("p@ss:w/rd")}@{special.Endpoint}, {special.Endpoint}";
        await using NatsPubSub bus = await NatsPubSub.ConnectAsync(url, ExESDB.Events.Codec, new NatsPubSubOptions { BusName = "special" });
        Assert.That(bus.State, Is.EqualTo(NodePubSubState.Connected));
    }

    private sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
    }
}
