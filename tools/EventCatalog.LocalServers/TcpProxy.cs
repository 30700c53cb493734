using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace EventCatalog.LocalServers;

/// <summary>
/// A TCP forwarder on a free loopback port in front of a server, for fault tests: <see cref="Cut"/> drops every
/// connection through it at once (what a network failure or a server-side kill of one client looks like to the
/// client), and new connections go through again right after.
/// </summary>
public sealed class TcpProxy : IDisposable
{
    private readonly TcpListener _listener;
    private readonly int _upstreamPort;
    private readonly List<(TcpClient Client, TcpClient Upstream)> _pairs = new();
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Starts forwarding <c>127.0.0.1:<see cref="Port"/></c> to <c>127.0.0.1:<paramref name="upstreamPort"/></c>.</summary>
    /// <param name="upstreamPort">The server's port on loopback.</param>
    public TcpProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(AcceptAsync);
    }

    /// <summary>The port clients connect to.</summary>
    public int Port { get; }

    /// <summary>
    /// While true, the proxy closes every new connection at once (what a client sees while the network or the server is
    /// down); with <see cref="Cut"/> it makes an outage of any length. False by default.
    /// </summary>
    public bool Refusing { get; set; }

    /// <summary>
    /// While true, nothing the server sends reaches the clients (it waits in the proxy and the sockets' buffers, then in the
    /// server's output buffer), while the clients' own traffic still reaches the server: a node that is alive but does not
    /// read, the slowest receiver there can be. False by default; set back to false, everything held flows on in order.
    /// </summary>
    public bool HoldingToClients { get; set; }

    /// <summary>How many client connections are open through the proxy now.</summary>
    public int Connections
    {
        get
        {
            lock (_pairs)
            {
                return _pairs.Count;
            }
        }
    }

    /// <summary>Closes every connection open through the proxy now (both sides, with a reset).</summary>
    /// <returns>How many were closed.</returns>
    public int Cut()
    {
        (TcpClient Client, TcpClient Upstream)[] pairs;
        lock (_pairs)
        {
            pairs = _pairs.ToArray();
            _pairs.Clear();
        }

        foreach ((TcpClient client, TcpClient upstream) in pairs)
        {
            Close(client);
            Close(upstream);
        }

        return pairs.Length;
    }

    /// <summary>Stops listening and closes every connection.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
    }

    private static void Close(TcpClient client)
    {
        try
        {
            // A reset (linger 0), not a graceful close: what a killed connection looks like to its peer.
            Socket? socket = client.Client;
            if (socket is not null)
            {
                socket.LingerState = new LingerOption(true, 0);
            }

            client.Close();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (Refusing)
            {
                Close(client);
                continue;
            }

            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // The server is down: the client sees its connection closed, as it would without the proxy.
                Close(client);
                upstream.Dispose();
                continue;
            }

            client.NoDelay = true;
            upstream.NoDelay = true;
            lock (_pairs)
            {
                _pairs.Add((client, upstream));
            }

            _ = PumpAsync(client, upstream, toClient: false);
            _ = PumpAsync(upstream, client, toClient: true);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool toClient)
    {
        byte[] buffer = new byte[64 * 1024];
        try
        {
            NetworkStream source = from.GetStream();
            NetworkStream target = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer, _stop.Token).ConfigureAwait(false)) > 0)
            {
                while (toClient && HoldingToClients)
                {
                    await Task.Delay(5, _stop.Token).ConfigureAwait(false);
                }

                await target.WriteAsync(buffer.AsMemory(0, read), _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is System.IO.IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }

        lock (_pairs)
        {
            _pairs.RemoveAll(p => p.Client == from || p.Client == to);
        }

        Close(from);
        Close(to);
    }
}
