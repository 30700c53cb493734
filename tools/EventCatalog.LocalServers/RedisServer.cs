using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Text;

namespace EventCatalog.LocalServers;

/// <summary>
/// A redis-server of our own on a free loopback port: no persistence, its working folder under the temp folder,
/// <c>DEBUG</c> allowed from loopback (the fault tests use <c>DEBUG SLEEP</c>), stopped with <c>SHUTDOWN NOSAVE</c>.
/// </summary>
public sealed class RedisServer : LocalServer
{
    /// <summary>The environment variable naming an existing server (<c>host:port</c>) the tests use instead of their own.</summary>
    public const string EnvironmentVariable = "EVENTCATALOG_REDIS";

    private readonly string[] _extra;
    private readonly string[]? _auth;

    private RedisServer(int port, string[] extra, string[]? auth = null)
        : base("redis-server", "redis-server", port)
    {
        _extra = extra;
        _auth = auth;
    }

    /// <summary><c>127.0.0.1:port</c>, as StackExchange.Redis takes it.</summary>
    public string Endpoint => Host + ":" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts a server and waits until it answers PING.</summary>
    /// <param name="extra">Further redis-server arguments (<c>--cluster-enabled</c>, <c>yes</c>, ...).</param>
    /// <returns>The running server.</returns>
    /// <exception cref="LocalServerException">redis-server is missing or did not start; the message says why.</exception>
    public static RedisServer Start(params string[] extra)
    {
        return Started(new RedisServer(FreePort(), extra));
    }

    /// <summary>
    /// Starts a server whose configuration requires a login (e.g. <c>--requirepass</c>, or ACL users with the default user
    /// off); the launcher's own commands (PING, SHUTDOWN, <see cref="Command"/>) first log in as <paramref name="user"/>.
    /// </summary>
    /// <param name="user">The ACL user the launcher logs in as (<c>default</c> with <c>--requirepass</c>).</param>
    /// <param name="password">That user's password.</param>
    /// <param name="extra">The redis-server arguments that set the login up, and any others.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="LocalServerException">redis-server is missing or did not start; the message says why.</exception>
    public static RedisServer StartWithLogin(string user, string password, params string[] extra)
    {
        return Started(new RedisServer(FreePort(), extra, new[] { "AUTH", user, password }));
    }

    /// <summary>
    /// The redis-server arguments for an ACL user allowed only one pub/sub channel (README "Running the bus securely"): no keys,
    /// every command refused but PUBLISH, SUBSCRIBE, UNSUBSCRIBE and what a StackExchange.Redis connection asks on connect
    /// (PING, ECHO, CLIENT, INFO, HELLO, AUTH, CLUSTER, CONFIG GET). Such a client must turn off its tie-breaker and configuration
    /// channel (<c>tiebreaker=,configChannel=</c>).
    /// </summary>
    /// <param name="user">The user's name.</param>
    /// <param name="password">Its password rule: <c>&gt;plain</c>, or <c>#sha256hex</c> to keep the password itself off the command line.</param>
    /// <param name="channel">The one channel it may publish and subscribe to.</param>
    /// <returns><c>--user</c> and the user's rules, for <see cref="StartWithLogin"/>.</returns>
    public static string[] ChannelOnlyUser(string user, string password, string channel) => new[]
    {
        "--user", user, "on", password, "resetkeys", "resetchannels", "&" + channel, "-@all",
        "+subscribe", "+unsubscribe", "+publish", "+ping", "+echo", "+client", "+info", "+hello", "+auth", "+cluster", "+config|get",
    };

    /// <summary>
    /// Starts a server that also accepts TLS on <see cref="TlsPort"/> with <paramref name="certificates"/>' server
    /// certificate (clients need no certificate of their own). Its plain port stays open on loopback for the launcher's
    /// own commands (PING, SHUTDOWN); clients under test connect to <see cref="TlsPort"/>.
    /// </summary>
    /// <param name="certificates">The authority and server certificate (<see cref="TestCertificates.Create"/>).</param>
    /// <param name="extra">Further redis-server arguments.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="LocalServerException">redis-server is missing, built without TLS, or did not start; the message says why.</exception>
    public static RedisServer StartTls(TestCertificates certificates, params string[] extra)
    {
        int tlsPort = FreePort();
        var arguments = new List<string>
        {
            "--tls-port", tlsPort.ToString(CultureInfo.InvariantCulture), "--tls-cert-file", certificates.CertFile, "--tls-key-file", certificates.KeyFile,
            "--tls-ca-cert-file", certificates.CaFile, "--tls-auth-clients", "no",
        };
        arguments.AddRange(extra);
        return Started(new RedisServer(FreePort(), arguments.ToArray()) { TlsPort = tlsPort });
    }

    /// <summary>The TLS port of a server started with <see cref="StartTls"/>; 0 otherwise.</summary>
    public int TlsPort { get; private init; }

    /// <summary>
    /// The server named by <see cref="EnvironmentVariable"/>, checked: null when the variable is not set.
    /// </summary>
    /// <returns><c>host:port</c>, or null.</returns>
    /// <exception cref="LocalServerException">The variable is not <c>host:port</c>, or that server does not answer PING.</exception>
    public static string? ExternalEndpoint()
    {
        string? external = Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim();
        if (string.IsNullOrEmpty(external))
        {
            return null;
        }

        int colon = external.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(external.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new LocalServerException($"{EnvironmentVariable}='{external}' is not host:port.");
        }

        if (!Ping(external))
        {
            throw new LocalServerException($"{EnvironmentVariable}={external} does not answer PING. Start that server, or unset {EnvironmentVariable} to let the tests start their own.");
        }

        return external;
    }

    /// <summary>True when <paramref name="endpoint"/> (<c>host:port</c>) answers PING with PONG within 2 s.</summary>
    /// <param name="endpoint">The server.</param>
    /// <returns>Whether it answered.</returns>
    public static bool Ping(string endpoint)
    {
        int colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port))
        {
            return false;
        }

        try
        {
            return Reply(endpoint.Substring(0, colon), port, new[] { "PING" }, TimeSpan.FromSeconds(2)) is "PONG";
        }
        catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or AggregateException)
        {
            return false;
        }
    }

    /// <summary>Sends one command (as a RESP array: arguments may hold spaces) over a fresh connection.</summary>
    /// <param name="arguments">The command and its arguments, e.g. <c>"CLIENT", "LIST"</c>.</param>
    /// <returns>The reply: a string for simple, bulk and integer replies (an error's text starts with <c>-</c>), lines joined for an array.</returns>
    public string Command(params string[] arguments) => Reply(Host, Port, arguments, TimeSpan.FromSeconds(10), _auth) ?? string.Empty;

    /// <inheritdoc/>
    protected override IEnumerable<string> Arguments()
    {
        var arguments = new List<string>
        {
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", Directory, "--logfile", "", "--daemonize", "no", "--enable-debug-command", "local",
        };
        arguments.AddRange(_extra);
        return arguments;
    }

    /// <inheritdoc/>
    protected override bool Answers()
    {
        try
        {
            return Reply(Host, Port, new[] { "PING" }, TimeSpan.FromSeconds(2), _auth) is "PONG";
        }
        catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or AggregateException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    protected override void RequestStop(Process process) => Command("SHUTDOWN", "NOSAVE");

    private static string? Reply(string host, int port, string[] arguments, TimeSpan timeout, string[]? auth = null)
    {
        using var client = new TcpClient();
        if (!client.ConnectAsync(host, port).Wait(timeout))
        {
            throw new TimeoutException($"{host}:{port} did not accept a connection within {timeout.TotalSeconds:0} s.");
        }

        client.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        NetworkStream stream = client.GetStream();
        var request = new StringBuilder();
        if (auth is not null)
        {
            AppendCommand(request, auth);
        }

        AppendCommand(request, arguments);
        byte[] bytes = Encoding.UTF8.GetBytes(request.ToString());
        stream.Write(bytes, 0, bytes.Length);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        if (auth is not null && Read(reader) is { } login && login.StartsWith("-", StringComparison.Ordinal))
        {
            return login;
        }

        return Read(reader);
    }

    private static void AppendCommand(StringBuilder request, string[] arguments)
    {
        request.Append('*').Append(arguments.Length).Append("\r\n");
        foreach (string argument in arguments)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n").Append(argument).Append("\r\n");
        }
    }

    private static string? Read(StreamReader reader)
    {
        string? line = reader.ReadLine();
        if (string.IsNullOrEmpty(line))
        {
            return null;
        }

        switch (line[0])
        {
            case '$':
                int length = int.Parse(line.AsSpan(1), CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                var buffer = new char[length];
                int read = 0;
                while (read < length)
                {
                    int n = reader.Read(buffer, read, length - read);
                    if (n == 0)
                    {
                        throw new IOException("The connection closed inside a bulk reply.");
                    }

                    read += n;
                }

                reader.ReadLine();
                return new string(buffer);
            case '*':
                int count = int.Parse(line.AsSpan(1), CultureInfo.InvariantCulture);
                var items = new List<string?>();
                for (int i = 0; i < count; i++)
                {
                    items.Add(Read(reader));
                }

                return string.Join("\n", items);
            case '+':
            case ':':
                return line.Substring(1);
            default:
                return line;
        }
    }
}
