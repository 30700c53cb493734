using EventCatalog.LocalServers;
using NUnit.Framework;

namespace EventCatalog.PubSub.Redis.Tests;

/// <summary>
/// One Redis for the whole test run (the fault tests start their own with <see cref="RedisServer.Start"/>): the server
/// named by <c>EVENTCATALOG_REDIS=host:port</c>, else a redis-server of our own on a free loopback port
/// (tools/EventCatalog.LocalServers). Without either the tests fail (never skip), saying how to install redis-server.
/// </summary>
[SetUpFixture]
public sealed class RedisFixture
{
    private static Shared? s_server;

    public static Shared Server => s_server ??= new Shared();

    public static IEventCodec Codec { get; } = ExESDB.Events.Codec;

    [OneTimeTearDown]
    public void StopServer()
    {
        s_server?.Own?.Dispose();
        s_server = null;
    }

    /// <summary>The shared server: its endpoint, and our own process when we started it.</summary>
    public sealed class Shared
    {
        internal Shared()
        {
            string? external = RedisServer.ExternalEndpoint();
            if (external is null)
            {
                Own = RedisServer.Start();
                Endpoint = Own.Endpoint;
            }
            else
            {
                Endpoint = external;
            }
        }

        public string Endpoint { get; }

        public RedisServer? Own { get; }
    }
}
