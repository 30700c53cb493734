using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace ExESDB.ControlPlane;

/// <summary>
/// <c>--redis auto</c>: a redis-server from the PATH on a free loopback port, without persistence, stopped
/// (<c>SHUTDOWN NOSAVE</c>) when disposed. Also answers whether a given server responds to PING.
/// </summary>
internal sealed class LocalRedisServer : IDisposable
{
    private static readonly TimeSpan s_startBound = TimeSpan.FromSeconds(10);
    private readonly Process _process;
    private readonly string _logPath;

    private LocalRedisServer(Process process, int port, string logPath)
    {
        _process = process;
        Port = port;
        _logPath = logPath;
    }

    public int Port { get; }

    public string Endpoint => "127.0.0.1:" + Port;

    public int ProcessId => _process.Id;

    /// <summary>Starts the server and waits (at most 10 s) until it answers PING; on failure says why in <paramref name="error"/>.</summary>
    public static LocalRedisServer? Start(out string? error)
    {
        string? program = FindOnPath("redis-server");
        if (program is null)
        {
            error = "--redis auto needs redis-server on the PATH, and there is none. Install it (Debian/Ubuntu: apt-get install redis-server; "
                + "the README's test command `bash .ci/test.sh` does so where it can) or pass --redis HOST:PORT of a running server.";
            return null;
        }

        int port = FreePort();
        string log = Path.Combine(Path.GetTempPath(), $"exesdb-controlplane-redis-{port}.log");
        var info = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (string arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--logfile", log, "--daemonize", "no" })
        {
            info.ArgumentList.Add(arg);
        }

        Process process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start.");
        var server = new LocalRedisServer(process, port, log);
        var clock = Stopwatch.StartNew();
        while (!Ping(server.Endpoint))
        {
            if (process.HasExited || clock.Elapsed > s_startBound)
            {
                string text = File.Exists(log) ? File.ReadAllText(log) : "(no log)";
                error = $"redis-server ({program}) on port {port} did not answer PING within {s_startBound.TotalSeconds:0} s "
                    + (process.HasExited ? $"(it exited with code {process.ExitCode})" : "(it is still running; stopped now)") + ". Its log:\n" + text;
                server.Dispose();
                return null;
            }

            Thread.Sleep(20);
        }

        error = null;
        return server;
    }

    /// <summary>True when <paramref name="endpoint"/> (<c>host:port</c>) answers PING with PONG within 2 s.</summary>
    public static bool Ping(string endpoint)
    {
        int colon = endpoint.LastIndexOf(':');
        try
        {
            using var client = new TcpClient();
            if (!client.ConnectAsync(endpoint.Substring(0, colon), int.Parse(endpoint.Substring(colon + 1), System.Globalization.CultureInfo.InvariantCulture)).Wait(2000))
            {
                return false;
            }

            client.ReceiveTimeout = 2000;
            NetworkStream stream = client.GetStream();
            byte[] ping = Encoding.ASCII.GetBytes("PING\r\n");
            stream.Write(ping, 0, ping.Length);
            return new StreamReader(stream, Encoding.ASCII).ReadLine() == "+PONG";
        }
        catch (Exception ex) when (ex is IOException or SocketException or AggregateException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                byte[] shutdown = Encoding.ASCII.GetBytes("SHUTDOWN NOSAVE\r\n");
                client.GetStream().Write(shutdown, 0, shutdown.Length);
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                // Not answering: the kill below ends it.
            }

            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }

        _process.Dispose();
        try
        {
            File.Delete(_logPath);
        }
        catch (IOException)
        {
            // The log is only kept for a failed start; a leftover one in the temp folder is harmless.
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
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
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
