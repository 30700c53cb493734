using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Threading.Tasks;
using EventCatalog.LocalServers;
using ExESDB;
using Microsoft.Extensions.Logging;
using NUnit.Framework;
using StackExchange.Redis;
using static EventCatalog.PubSub.Redis.Tests.TestKit;

namespace EventCatalog.PubSub.Redis.Tests;

/// <summary>
/// Issue 24, case 4: <c>REDIS_URL=redis://user:password@host:port/db</c> as hosted Redis hands it out. ConnectAsync reads
/// <c>redis://</c> and <c>rediss://</c> URIs, or refuses at once with the configuration-string form; no password is in an
/// exception, a log line or a <c>ToString()</c> of the bus. The server is a real redis-server with ACL users (the default
/// user off), so a connection works only with the URI's user and password.
/// </summary>
[NonParallelizable]
public sealed class RedisConnectionStringTests
{
    private const string Password = "s3cret";
    private static RedisServer? s_server;

    private static RedisServer Server => s_server ??= RedisServer.StartWithLogin(
        "admin", "admin-pw",
        "--user", "default", "off",
        "--user", "app", "on", ">" + Password, "~*", "&*", "+@all",
        "--user", "admin", "on", ">admin-pw", "~*", "&*", "+@all");

    [OneTimeTearDown]
    public void StopServer()
    {
        s_server?.Dispose();
        s_server = null;
    }

    private static ConfigurationOptions Parse(string configuration)
    {
        MethodInfo parse = typeof(RedisPubSub).Assembly.GetType("EventCatalog.PubSub.Redis.RedisConnectionString", throwOnError: true)!.GetMethod("Parse")!;
        try
        {
            return (ConfigurationOptions)parse.Invoke(null, new object[] { configuration })!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    [Test]
    public async Task A_redis_URI_with_an_ACL_user_password_and_database_connects_and_carries_events()
    {
        var logs = new LogSink();
        string url = $"redis://app:{Password}@127.0.0.1:{Server.Port}/3";
        await using RedisPubSub a = await Within(RedisPubSub.ConnectAsync(url, RedisFixture.Codec, new RedisPubSubOptions { NodeName = "a@uri", BusName = "uri" }, logs));
        await using RedisPubSub b = await Within(RedisPubSub.ConnectAsync(url, RedisFixture.Codec, new RedisPubSubOptions { NodeName = "b@uri", BusName = "uri" }, logs));
        IAsyncEnumerator<object> reader = b.Subscribe(Events.Topics.Cluster("store_a")).GetAsyncEnumerator();
        await a.BroadcastAsync(Events.Topics.Cluster("store_a"), new NodeDiscovered("n1"));
        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(new object[] { new NodeDiscovered("n1") }));

        Assert.That(a.ToString() + b.ToString() + string.Join("\n", logs.Lines), Does.Not.Contain(Password));
        Assert.That(logs.Lines, Is.Not.Empty, "the bus logged (so the check above looked at something)");
    }

    [TestCase("redis://app:s3cret@example.com:6380/3", "example.com", 6380, "app", "s3cret", 3, false)]
    [TestCase("rediss://app:s3cret@example.com/0", "example.com", 6379, "app", "s3cret", 0, true)]
    [TestCase("redis://:s3cret@10.0.0.5", "10.0.0.5", 6379, null, "s3cret", null, false)]
    [TestCase("redis://app@localhost:7000", "localhost", 7000, "app", null, null, false)]
    [TestCase("REDIS://h", "h", 6379, null, null, null, false)]
    [TestCase("redis://us%40er:p%3Ass%2Fw%40rd@h:1/15", "h", 1, "us@er", "p:ss/w@rd", 15, false)]
    [TestCase("rediss://[::1]:6390/2", "::1", 6390, null, null, 2, true)]
    [TestCase("redis://h/", "h", 6379, null, null, null, false)]
    public void URIs_map_to_user_password_database_TLS_and_endpoint(string uri, string host, int port, string? user, string? password, int? database, bool tls)
    {
        ConfigurationOptions options = Parse(uri);
        Assert.That(options.EndPoints, Has.Count.EqualTo(1));
        EndPoint endPoint = options.EndPoints[0];
        string shown = endPoint switch { DnsEndPoint dns => dns.Host + ":" + dns.Port, IPEndPoint ip => ip.Address + ":" + ip.Port, _ => endPoint.ToString()! };
        Assert.That(shown, Is.EqualTo(host + ":" + port));
        Assert.That(options.User, Is.EqualTo(user));
        Assert.That(options.Password, Is.EqualTo(password));
        Assert.That(options.DefaultDatabase, Is.EqualTo(database));
        Assert.That(options.Ssl, Is.EqualTo(tls));
        if (tls)
        {
            Assert.That(options.SslHost, Is.EqualTo(host));
        }
    }

    [TestCase("redis://app:s3cret@127.0.0.1:notaport/0", "the port 'notaport' is not a number from 1 to 65535", "127.0.0.1:port,user=app,password=*****")]
    [TestCase("redis://app:s3cret@h:6379/db3", "the path '/db3' is not a database number", "h:6379,user=app,password=*****")]
    [TestCase("rediss://app:s3cret@h:6379/1?ssl_cert_reqs=none", "'?ssl_cert_reqs=none': query parameters and fragments are not read", "h:6379,user=app,password=*****,ssl=true")]
    [TestCase("redis://app:s3cret@h1:6379,h2:6379/0", "is not one host name", "host:port,user=app,password=*****")]
    [TestCase("redis://app:s3cret@:6379", "it names no host", "host:port,user=app,password=*****")]
    [TestCase("unix://app:s3cret@/var/run/redis.sock", "the scheme 'unix' is not redis:// or rediss://", "host:port,user=name,password=…,ssl=true,defaultDatabase=0")]
    public void A_URI_that_cannot_be_mapped_is_refused_at_once_showing_the_configuration_string_form(string uri, string problem, string form)
    {
        var clock = Stopwatch.StartNew();
        var ex = Assert.ThrowsAsync<ArgumentException>(async () => await RedisPubSub.ConnectAsync(uri, RedisFixture.Codec, new RedisPubSubOptions { NodeName = "bad@uri" }));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "refused at once, not after a connect timeout");
        Assert.That(ex!.ParamName, Is.EqualTo("configuration"));
        Assert.That(ex.Message, Does.Contain(problem));
        Assert.That(ex.Message, Does.Contain("or write the StackExchange.Redis configuration string: " + form));
        Assert.That(ex.ToString(), Does.Not.Contain(Password));
    }

    [Test]
    public void A_configuration_string_StackExchange_Redis_refuses_is_reported_without_its_password()
    {
        var ex = Assert.ThrowsAsync<ArgumentException>(async () => await RedisPubSub.ConnectAsync("h:6379,password=s3cret,notAnOption=1", RedisFixture.Codec));
        Assert.That(ex!.Message, Does.Contain("h:6379,password=*****,notAnOption=1"));
        Assert.That(ex.ToString(), Does.Not.Contain(Password));
    }

    [TestCase("redis://app:wrong-s3cret@127.0.0.1:{0}/0", "wrong-s3cret")]
    [TestCase("127.0.0.1:{0},user=app,password=wrong-s3cret", "wrong-s3cret")]
    [TestCase("redis://app:s3cret@127.0.0.1:1/0", Password)]
    public void A_failed_connection_shows_no_password_in_its_exception_or_log_lines(string configuration, string secret)
    {
        var logs = new LogSink();
        string text = string.Format(System.Globalization.CultureInfo.InvariantCulture, configuration, Server.Port);
        Exception? ex = Assert.CatchAsync(async () => await Within(RedisPubSub.ConnectAsync(text, RedisFixture.Codec, new RedisPubSubOptions { NodeName = "denied@uri", PublishTimeout = TimeSpan.FromSeconds(1) }, logs)));
        Assert.That(ex, Is.InstanceOf<TimeoutException>().Or.InstanceOf<RedisException>(), ex?.ToString());
        Assert.That(ex!.ToString(), Does.Not.Contain(secret));
        Assert.That(string.Join("\n", logs.Lines), Does.Not.Contain(secret));
    }

    /// <summary>Every log line the bus writes, formatted with its exception, kept for the test to search.</summary>
    private sealed class LogSink : ILoggerFactory, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(logLevel + ": " + formatter(state, exception) + (exception is null ? string.Empty : "\n" + exception));
    }
}
