using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EventCatalog.LocalServers;
using NUnit.Framework;

namespace EventCatalog.PubSub.Distributed.Tests;

/// <summary>
/// A broker of the test's own for the node processes, and the faults the tests inflict on it, for each engine: what
/// differs between Redis and NATS lives here, so each test has one body.
/// </summary>
internal abstract class Engine : IDisposable
{
    /// <summary>The engines every distributed test runs on (NUnit's <c>[TestCaseSource]</c>).</summary>
    public static readonly string[] All = { "redis", "nats" };

    /// <summary>The node program's <c>--transport</c>.</summary>
    public abstract string Transport { get; }

    public static Engine Start(string transport) => transport switch
    {
        "redis" => new RedisEngine(),
        "nats" => new NatsEngine(),
        _ => throw new ArgumentException("unknown engine " + transport, nameof(transport)),
    };

    /// <summary>
    /// Whether a node subscribes on a connection of its own (Redis: a subscribed connection can do nothing else), so that
    /// killing it loses nothing the node publishes; on NATS one connection carries both, and frames in flight on it are
    /// lost with it (and counted by every receiver).
    /// </summary>
    public abstract bool SubscribesOnItsOwnConnection { get; }

    /// <summary>The node program's <c>--server</c> for node <paramref name="index"/> (0-based).</summary>
    public abstract string ServerFor(int index);

    /// <summary>Stops the server (a clean shutdown).</summary>
    public abstract void Stop();

    /// <summary>Starts it again on the same port.</summary>
    public abstract void Restart();

    /// <summary>Drops the subscribing connection of node <paramref name="index"/> named <paramref name="name"/>, from the server's side.</summary>
    public abstract void KillSubscriberOf(int index, string name);

    public abstract void Dispose();

    /// <summary>How many clients the server has cut off for not reading fast enough, from its log (Redis: output buffer limits; NATS: slow consumers).</summary>
    public abstract int SlowClientsCut();

    /// <summary>The server's log lines about clients cut off for not reading fast enough.</summary>
    public abstract string SlowClientLines();

    protected static string Lines(string log, string marker) => string.Join("\n", log.Split('\n').Where(l => l.Contains(marker, StringComparison.OrdinalIgnoreCase)).Take(5));

    /// <summary>The lines of <paramref name="log"/> that contain <paramref name="marker"/>.</summary>
    protected static int Count(string log, string marker) => log.Split('\n').Count(l => l.Contains(marker, StringComparison.OrdinalIgnoreCase));

    private sealed class RedisEngine : Engine
    {
        private readonly RedisServer _server = RedisServer.Start();

        public override string Transport => "redis";

        public override bool SubscribesOnItsOwnConnection => true;

        public override string ServerFor(int index) => _server.Endpoint;

        public override void Stop() => _server.Stop();

        public override void Restart() => _server.Restart();

        public override void KillSubscriberOf(int index, string name)
        {
            // RedisPubSub names its connections after the node (CLIENT SETNAME): kill only its subscriber connection.
            string clients = _server.Command("CLIENT", "LIST", "TYPE", "pubsub");
            string? line = clients.Split('\n').FirstOrDefault(l => l.Contains(" name=" + name + " ", StringComparison.Ordinal));
            Assert.That(line, Is.Not.Null, "no pubsub connection named " + name + " in:\n" + clients);
            string id = line!.Split(' ')[0].Split('=')[1];
            Assert.That(_server.Command("CLIENT", "KILL", "ID", id, "TYPE", "pubsub"), Is.EqualTo("1"), clients);
        }

        public override void Dispose() => _server.Dispose();

        public override int SlowClientsCut() => Count(_server.Output, "overcoming of output buffer limits");

        public override string SlowClientLines() => Lines(_server.Output, "overcoming of output buffer limits");
    }

    /// <summary>
    /// nats-server 2.9 has no command that drops one client, so each node connects through a proxy of its own
    /// (<see cref="TcpProxy"/>), and killing a node's connection is cutting its proxy: the same reset a server kill gives.
    /// </summary>
    private sealed class NatsEngine : Engine
    {
        private readonly NatsServer _server = NatsServer.Start();
        private readonly Dictionary<int, TcpProxy> _proxies = new();

        public override string Transport => "nats";

        public override bool SubscribesOnItsOwnConnection => false;

        public override string ServerFor(int index)
        {
            if (!_proxies.TryGetValue(index, out TcpProxy? proxy))
            {
                _proxies[index] = proxy = new TcpProxy(_server.Port);
            }

            return "nats://127.0.0.1:" + proxy.Port.ToString(CultureInfo.InvariantCulture);
        }

        public override void Stop() => _server.Stop();

        public override void Restart() => _server.Restart();

        public override void KillSubscriberOf(int index, string name) =>
            Assert.That(_proxies[index].Cut(), Is.EqualTo(1), $"{name} had not exactly one connection to NATS");

        public override int SlowClientsCut() => Count(_server.Output, "Slow Consumer");

        public override string SlowClientLines() => Lines(_server.Output, "Slow Consumer");

        public override void Dispose()
        {
            foreach (TcpProxy proxy in _proxies.Values)
            {
                proxy.Dispose();
            }

            _server.Dispose();
        }
    }
}
