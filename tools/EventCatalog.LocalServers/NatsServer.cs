using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Text;

namespace EventCatalog.LocalServers;

/// <summary>Settings of a <see cref="NatsServer"/>, written into its configuration file.</summary>
public sealed record NatsServerOptions
{
    /// <summary>A user every client must log in as (with <see cref="Password"/>); null for no authorization.</summary>
    public string? User { get; init; }

    /// <summary>That user's password.</summary>
    public string? Password { get; init; }

    /// <summary>The server's <c>max_payload</c> in bytes; null for its default (1 MiB).</summary>
    public int? MaxPayload { get; init; }

    /// <summary>TLS with this server certificate (clients must connect with TLS and trust its authority); null for none.</summary>
    public TestCertificates? Tls { get; init; }

    /// <summary>
    /// An <c>authorization</c> block with one user allowed to publish and subscribe only on <paramref name="subject"/>, for
    /// <see cref="Extra"/>: <paramref name="login"/> is the user's login fields, <c>user: "bus", password: "..."</c> or <c>nkey: U...</c>.
    /// </summary>
    /// <param name="login">The user's login fields in nats-server's configuration syntax.</param>
    /// <param name="subject">The one subject it may use.</param>
    /// <returns>The configuration line.</returns>
    public static string SubjectOnlyUser(string login, string subject) =>
        $"authorization {{ users = [ {{ {login}, permissions: {{ publish: [\"{subject}\"], subscribe: [\"{subject}\"] }} }} ] }}";

    /// <summary>Further lines of nats-server configuration, as they would appear in its file.</summary>
    public string? Extra { get; init; }
}

/// <summary>
/// A nats-server of our own on a free loopback port (optionally one of a routed <see cref="NatsCluster"/>): its
/// configuration file in its own folder under the temp folder, its log kept in memory, stopped with SIGTERM.
/// </summary>
public sealed class NatsServer : LocalServer
{
    private readonly NatsServerOptions _options;
    private readonly string _config;

    internal NatsServer(NatsServerOptions? options, string? name, int clusterPort, IReadOnlyList<int> routes)
        : base("nats-server", "nats-server", FreePort())
    {
        _options = options ?? new NatsServerOptions();
        Name = name ?? "eventcatalog-" + Port.ToString(CultureInfo.InvariantCulture);
        ClusterPort = clusterPort;
        _config = Path.Combine(Directory, "nats-server.conf");
        File.WriteAllText(_config, Configuration(routes));
    }

    /// <summary>The server's name (<c>server_name</c>).</summary>
    public string Name { get; }

    /// <summary>The port other servers of a cluster route to; 0 for a server on its own.</summary>
    public int ClusterPort { get; }

    /// <summary><c>nats://127.0.0.1:port</c>, without credentials.</summary>
    public string Url => "nats://" + Host + ":" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Endpoint => Host + ":" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts a server on its own and waits until it sends its INFO.</summary>
    /// <param name="options">Authorization and limits; null for none.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="LocalServerException">nats-server is missing or did not start; the message says why.</exception>
    public static NatsServer Start(NatsServerOptions? options = null)
    {
        return Started(new NatsServer(options, null, 0, Array.Empty<int>()));
    }

    /// <summary>True when <paramref name="endpoint"/> (<c>host:port</c>) sends a NATS <c>INFO</c> line within 2 s.</summary>
    /// <param name="endpoint">The server.</param>
    /// <returns>Whether it answered as a NATS server.</returns>
    public static bool Ping(string endpoint)
    {
        int colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port))
        {
            return false;
        }

        return Info(endpoint.Substring(0, colon), port) is not null;
    }

    /// <summary>The server's INFO line (JSON after <c>INFO </c>), or null when it does not answer within 2 s.</summary>
    /// <param name="host">The host.</param>
    /// <param name="port">The client port.</param>
    /// <returns>The JSON text, or null.</returns>
    public static string? Info(string host, int port)
    {
        try
        {
            using var client = new TcpClient();
            if (!client.ConnectAsync(host, port).Wait(2000))
            {
                return null;
            }

            client.ReceiveTimeout = 2000;
            using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
            string? line = reader.ReadLine();
            return line is not null && line.StartsWith("INFO ", StringComparison.Ordinal) ? line.Substring(5) : null;
        }
        catch (Exception ex) when (ex is IOException or SocketException or AggregateException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    protected override IEnumerable<string> Arguments() => new[] { "-c", _config };

    /// <inheritdoc/>
    protected override bool Answers() => Info(Host, Port) is not null;

    /// <inheritdoc/>
    protected override void RequestStop(Process process)
    {
        // nats-server ends cleanly on SIGTERM (a "kill" without -9).
        using Process kill = Process.Start(new ProcessStartInfo("kill", "-TERM " + process.Id.ToString(CultureInfo.InvariantCulture)) { UseShellExecute = false })!;
        kill.WaitForExit(5000);
    }

    /// <inheritdoc/>
    protected override string Describe() => $"nats-server {Name} on {Endpoint}";

    private string Configuration(IReadOnlyList<int> routes)
    {
        static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"server_name: {Quote(Name)}")
            .AppendLine("host: 127.0.0.1")
            .AppendLine(CultureInfo.InvariantCulture, $"port: {Port}");
        if (_options.MaxPayload is int max)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"max_payload: {max}");
        }

        if (_options.User is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"authorization {{ user: {Quote(_options.User)}, password: {Quote(_options.Password ?? string.Empty)} }}");
        }

        if (_options.Tls is { } tls)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"tls {{ cert_file: {Quote(tls.CertFile)}, key_file: {Quote(tls.KeyFile)}, timeout: 5 }}");
        }

        if (ClusterPort > 0)
        {
            text.AppendLine("cluster {")
                .AppendLine("  name: eventcatalog")
                .AppendLine(CultureInfo.InvariantCulture, $"  listen: 127.0.0.1:{ClusterPort}")
                .AppendLine("  routes: [");
            foreach (int route in routes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    nats-route://127.0.0.1:{route}");
            }

            text.AppendLine("  ]").AppendLine("}");
        }

        if (_options.Extra is not null)
        {
            text.AppendLine(_options.Extra);
        }

        return text.ToString();
    }
}
