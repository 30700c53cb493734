using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;

namespace EventCatalog.LocalServers;

/// <summary>
/// Several nats-servers routed together on loopback (a full mesh: each names every other as a route), ready once
/// every server's INFO lists the others' client URLs (<c>connect_urls</c>), so a client of one learns them all.
/// </summary>
public sealed class NatsCluster : IDisposable
{
    private static readonly TimeSpan s_routeBound = TimeSpan.FromSeconds(20);

    private NatsCluster(IReadOnlyList<NatsServer> servers)
    {
        Servers = servers;
    }

    /// <summary>The servers, in start order.</summary>
    public IReadOnlyList<NatsServer> Servers { get; }

    /// <summary>Every server's URL, comma-separated, as NATS.Net takes a list of seeds.</summary>
    public string Urls => string.Join(",", Servers.Select(s => s.Url));

    /// <summary>Starts <paramref name="count"/> routed servers and waits until the routes are up.</summary>
    /// <param name="count">How many servers, 2 to 9 (3 by default).</param>
    /// <param name="options">Settings every server gets; null for none.</param>
    /// <returns>The running cluster.</returns>
    /// <exception cref="LocalServerException">A server did not start, or the routes did not form within 20 s.</exception>
    public static NatsCluster Start(int count = 3, NatsServerOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 9);
        int[] clusterPorts = Enumerable.Range(0, count).Select(_ => LocalServer.FreePort()).ToArray();
        var servers = new List<NatsServer>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                servers.Add(new NatsServer(options, $"eventcatalog-n{i + 1}", clusterPorts[i], clusterPorts.Where((_, j) => j != i).ToArray()));
            }

            foreach (NatsServer server in servers)
            {
                server.Launch();
            }

            var cluster = new NatsCluster(servers);
            cluster.WaitForRoutes();
            return cluster;
        }
        catch
        {
            foreach (NatsServer server in servers)
            {
                server.Dispose();
            }

            throw;
        }
    }

    /// <summary>Waits until each running server advertises every other running server's client URL.</summary>
    /// <exception cref="LocalServerException">Not within 20 s.</exception>
    public void WaitForRoutes()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            NatsServer[] running = Servers.Where(s => s.IsRunning).ToArray();
            bool formed = running.All(s =>
            {
                string? info = NatsServer.Info(s.Host, s.Port);
                return info is not null && running.Where(o => o != s).All(o => Regex.IsMatch(info, "\"connect_urls\":\\[[^\\]]*127\\.0\\.0\\.1:" + o.Port + "\""));
            });
            if (formed)
            {
                return;
            }

            if (clock.Elapsed > s_routeBound)
            {
                throw new LocalServerException($"The NATS cluster's routes did not form within {s_routeBound.TotalSeconds:0} s. Output of each server:{Environment.NewLine}"
                    + string.Join(Environment.NewLine, Servers.Select(s => $"--- {s}{Environment.NewLine}{s.Output}")));
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>Stops every server and deletes their folders.</summary>
    public void Dispose()
    {
        foreach (NatsServer server in Servers)
        {
            server.Dispose();
        }
    }
}
