using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace EventCatalog.LocalServers;

/// <summary>A server could not be found or started; the message says which program, why, and what to do.</summary>
public sealed class LocalServerException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    /// <param name="message">What failed and what to do.</param>
    public LocalServerException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// One broker process of ours on loopback: its program found on the PATH, its output kept in memory (the last
/// 200 lines, for a failure message), its files in a folder of its own under the system temp folder, removed
/// with the process on <see cref="Dispose"/>: nothing is left behind.
/// </summary>
public abstract class LocalServer : IDisposable
{
    /// <summary>The README's test command, which installs the brokers where it can.</summary>
    public const string TestCommand = "bash .ci/test.sh";

    private const int KeptLines = 200;
    private static readonly TimeSpan s_startBound = TimeSpan.FromSeconds(15);
    private readonly Queue<string> _output = new();
    private Process? _process;
    private bool _disposed;

    /// <summary>Finds <paramref name="program"/> and makes the server's own folder; starts nothing yet.</summary>
    /// <param name="program">The program's file name, e.g. <c>redis-server</c>.</param>
    /// <param name="package">The Debian package that installs it, for the message when it is missing.</param>
    /// <param name="port">The client port, from <see cref="FreePort"/>.</param>
    protected LocalServer(string program, string package, int port)
    {
        Program = FindProgram(program, package);
        Port = port;
        Directory = System.IO.Directory.CreateTempSubdirectory($"eventcatalog-{program}-{port}-").FullName;
    }

    /// <summary>The program's full path.</summary>
    public string Program { get; }

    /// <summary>Always <c>127.0.0.1</c>: the servers listen on loopback only.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The client port.</summary>
    public int Port { get; }

    /// <summary>The server's own folder (configuration, cluster state); deleted on <see cref="Dispose"/>.</summary>
    public string Directory { get; }

    /// <summary>The process id while it runs; 0 before the first start.</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>Whether the process runs now.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The server's last output lines (its log), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    private static readonly HashSet<int> s_handedOut = new();

    /// <summary>
    /// A loopback port no one listens on now, below the operating system's ephemeral range (Linux
    /// <c>/proc/sys/net/ipv4/ip_local_port_range</c>, 32768 and up by default): a port from that range, which is what binding
    /// port 0 gives, can be taken by any outgoing connection between this choice and the server binding it (seen in CI as a
    /// nats-server route port "address already in use" while other tests connected). Never the same port twice in a process.
    /// Falls back to the operating system's choice where the range is unknown or too low.
    /// </summary>
    /// <returns>The port.</returns>
    public static int FreePort()
    {
        int ephemeralLow = 32768;
        try
        {
            string range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range");
            string[] parts = range.Split(new[] { ' ', '\t', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 1 && int.TryParse(parts[0], out int low))
            {
                ephemeralLow = low;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        const int lowest = 10000;
        if (ephemeralLow - lowest >= 1000)
        {
            for (int attempt = 0; attempt < 200; attempt++)
            {
                int candidate = Random.Shared.Next(lowest, ephemeralLow);
                lock (s_handedOut)
                {
                    if (s_handedOut.Contains(candidate))
                    {
                        continue;
                    }
                }

                if (IsFree(candidate))
                {
                    lock (s_handedOut)
                    {
                        if (s_handedOut.Add(candidate))
                        {
                            return candidate;
                        }
                    }
                }
            }
        }

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The full path of <paramref name="program"/> on the PATH (and in /usr/sbin, where Debian puts nats-server).</summary>
    /// <param name="program">The file name.</param>
    /// <param name="package">The Debian package that installs it.</param>
    /// <returns>The path.</returns>
    /// <exception cref="LocalServerException">It is nowhere; the message says how to install it.</exception>
    public static string FindProgram(string program, string package)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (string dir in (path + Path.PathSeparator + "/usr/sbin" + Path.PathSeparator + "/usr/local/sbin").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new LocalServerException($"{program} is not on the PATH. Install it (Debian/Ubuntu: apt-get install {package}; the README's test command `{TestCommand}` does so where it can).");
    }

    /// <summary>Starts the process again after <see cref="Stop"/> or <see cref="Kill"/>, on the same port and folder, and waits until it answers.</summary>
    /// <exception cref="LocalServerException">It exited or did not answer within 15 s; the message has its output.</exception>
    public void Restart() => Launch();

    /// <summary>Launches <paramref name="server"/>, disposing it (folder and all) when it does not start.</summary>
    /// <typeparam name="T">The server's type.</typeparam>
    /// <param name="server">A server made but not started.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="LocalServerException">It exited or did not answer within 15 s; the message has its output.</exception>
    protected static T Started<T>(T server)
        where T : LocalServer
    {
        try
        {
            server.Launch();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Starts the process and waits until it answers.</summary>
    /// <exception cref="LocalServerException">It exited or did not answer within 15 s; the message has its output.</exception>
    protected internal void Launch()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Describe()} is already running.");
        }

        var info = new ProcessStartInfo(Program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = Directory,
        };
        foreach (string argument in Arguments())
        {
            info.ArgumentList.Add(argument);
        }

        Process process = Process.Start(info) ?? throw new LocalServerException($"{Program} did not start.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process?.Dispose();
        _process = process;
        var clock = Stopwatch.StartNew();
        while (!Answers())
        {
            if (process.HasExited || clock.Elapsed > s_startBound)
            {
                string state = process.HasExited ? $"it exited with code {process.ExitCode}" : "it is still running; stopped now";
                Kill();
                throw new LocalServerException($"{Describe()} did not answer within {s_startBound.TotalSeconds:0} s ({state}). Its output:{Environment.NewLine}{Output}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Stops the process the server's own way (Redis <c>SHUTDOWN NOSAVE</c>, NATS a TERM signal), killing it after 10 s.</summary>
    public void Stop()
    {
        if (!IsRunning)
        {
            return;
        }

        try
        {
            RequestStop(_process!);
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidOperationException)
        {
            // Not answering: the kill below ends it.
        }

        if (!_process!.WaitForExit(10_000))
        {
            Kill();
        }
    }

    /// <summary>Kills the process at once (SIGKILL): a crash, for the fault tests.</summary>
    public void Kill()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    /// <summary>Stops the process and deletes the server's folder.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Stop();
        _process?.Dispose();
        for (int attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (System.IO.Directory.Exists(Directory))
                {
                    System.IO.Directory.Delete(Directory, recursive: true);
                }

                break;
            }
            catch (IOException)
            {
                Thread.Sleep(50);
            }
        }

        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    public override string ToString() => Describe();

    /// <summary>The program's arguments, read at every start.</summary>
    /// <returns>The arguments.</returns>
    protected abstract IEnumerable<string> Arguments();

    /// <summary>Whether the server accepts clients now (a short round trip).</summary>
    /// <returns>True when it answered.</returns>
    protected abstract bool Answers();

    /// <summary>Asks the running process to stop.</summary>
    /// <param name="process">The process.</param>
    protected abstract void RequestStop(Process process);

    /// <summary>The server in a few words, for messages.</summary>
    /// <returns>E.g. <c>redis-server on 127.0.0.1:6379</c>.</returns>
    protected virtual string Describe() => $"{Path.GetFileName(Program)} on {Host}:{Port}";

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > KeptLines)
            {
                _output.Dequeue();
            }
        }
    }
}
