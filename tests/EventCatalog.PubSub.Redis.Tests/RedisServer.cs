using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace EventCatalog.PubSub.Redis.Tests;

/// <summary>
/// A real redis-server for the tests: started from the PATH on a free loopback port (no persistence), or, when
/// <c>EVENTCATALOG_REDIS=host:port</c> is set, that existing server. Without either the tests fail (never skip) with
/// a message naming the README's test command, which installs redis-server.
/// </summary>
public sealed class RedisServer : IDisposable
{
    public const string EnvironmentVariable = "EVENTCATALOG_REDIS";
    public const string TestCommand = "bash .ci/test.sh";

    private Process? _process;
    private readonly string? _logPath;

    private RedisServer(string host, int port, bool external)
    {
        Host = host;
        Port = port;
        External = external;
        if (!external)
        {
            _logPath = Path.Combine(Path.GetTempPath(), $"eventcatalog-redis-{port}.log");
        }
    }

    public string Host { get; }

    public int Port { get; }

    public bool External { get; }

    public string Endpoint => Host + ":" + Port;

    /// <summary>The shared server: EVENTCATALOG_REDIS, else a new redis-server.</summary>
    public static RedisServer StartShared()
    {
        string? external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            string[] parts = external.Trim().Split(':');
            if (parts.Length != 2 || !int.TryParse(parts[1], out int port))
            {
                Assert.Fail($"{EnvironmentVariable}='{external}' is not host:port.");
            }

            var server = new RedisServer(parts[0], int.Parse(parts[1]), external: true);
            if (!server.Ping())
            {
                Assert.Fail($"{EnvironmentVariable}={external} does not answer PING. Start that server, unset {EnvironmentVariable}, or run the README's test command `{TestCommand}`.");
            }

            return server;
        }

        return StartOwn();
    }

    /// <summary>A new redis-server of the test's own (tests that stop and restart the server need one).</summary>
    public static RedisServer StartOwn()
    {
        if (FindOnPath("redis-server") is null)
        {
            Assert.Fail($"redis-server is not on the PATH, and {EnvironmentVariable} is not set. The Redis tests need a real Redis: run the README's test command `{TestCommand}` (it installs redis-server with apt-get where it can), install redis-server yourself, or set {EnvironmentVariable}=host:port.");
        }

        var server = new RedisServer("127.0.0.1", FreePort(), external: false);
        server.Start();
        return server;
    }

    public void Start()
    {
        if (External)
        {
            throw new InvalidOperationException("An external server (EVENTCATALOG_REDIS) cannot be started by the tests.");
        }

        var info = new ProcessStartInfo("redis-server")
        {
            UseShellExecute = false,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        foreach (string arg in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--enable-debug-command", "local", "--logfile", _logPath!, "--daemonize", "no" })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        var watch = Stopwatch.StartNew();
        while (!Ping())
        {
            if (_process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(10))
            {
                string log = File.Exists(_logPath) ? File.ReadAllText(_logPath) : "(no log)";
                Assert.Fail($"redis-server on port {Port} did not answer PING within 10 s (exited: {_process.HasExited}). Its log:\n{log}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>SHUTDOWN NOSAVE, then waits for the process to end.</summary>
    public void ShutdownNoSave()
    {
        try
        {
            Command("SHUTDOWN NOSAVE");
        }
        catch (IOException)
        {
            // The server closes the connection as it exits.
        }
        catch (SocketException)
        {
        }

        if (_process is not null && !_process.WaitForExit(10_000))
        {
            _process.Kill();
        }
    }

    /// <summary>Sends one inline command over a fresh connection and returns the first reply line.</summary>
    public string Command(string inline)
    {
        using var client = new TcpClient();
        client.Connect(Host, Port);
        client.ReceiveTimeout = 5000;
        NetworkStream stream = client.GetStream();
        byte[] request = Encoding.UTF8.GetBytes(inline + "\r\n");
        stream.Write(request, 0, request.Length);
        var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadLine() ?? string.Empty;
    }

    public bool Ping()
    {
        try
        {
            return Command("PING") == "+PONG";
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            ShutdownNoSave();
        }

        _process?.Dispose();
        if (_logPath is not null && File.Exists(_logPath))
        {
            // The log is read only when the server fails to start; once it is stopped nothing is left in the temp folder.
            File.Delete(_logPath);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? FindOnPath(string program)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>One redis-server for the whole test run (the fault tests start their own).</summary>
[SetUpFixture]
public sealed class RedisFixture
{
    private static RedisServer? s_server;

    public static RedisServer Server => s_server ??= RedisServer.StartShared();

    public static IEventCodec Codec { get; } = ExESDB.Events.Codec;

    public static string? CategoryOf(string topic) =>
        ExESDB.Events.Topics.TryParse(topic, out _, out ExESDB.Events.Category category) ? ExESDB.Events.GetCategoryName(category) : null;

    [OneTimeTearDown]
    public void StopServer()
    {
        s_server?.Dispose();
        s_server = null;
    }
}
