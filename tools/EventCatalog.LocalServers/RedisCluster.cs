using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace EventCatalog.LocalServers;

/// <summary>
/// A Redis Cluster on loopback: <c>masters</c> × (1 + replicas) redis-servers with <c>cluster-enabled yes</c>, joined
/// and given their slots by <c>redis-cli --cluster create</c>, ready once every node reports <c>cluster_state:ok</c>.
/// </summary>
public sealed class RedisCluster : IDisposable
{
    private static readonly TimeSpan s_readyBound = TimeSpan.FromSeconds(30);

    private readonly int _masters;

    private RedisCluster(IReadOnlyList<RedisServer> servers, int masters)
    {
        Servers = servers;
        _masters = masters;
    }

    /// <summary>Every node, in start order (which nodes are masters is the cluster's choice: ask <c>CLUSTER NODES</c>).</summary>
    public IReadOnlyList<RedisServer> Servers { get; }

    /// <summary>Every node's endpoint, comma-separated: a StackExchange.Redis configuration string.</summary>
    public string Configuration => string.Join(",", Servers.Select(s => s.Endpoint));

    /// <summary>Starts the nodes, creates the cluster and waits until it is ok.</summary>
    /// <param name="masters">Masters, 3 to 9 (Redis Cluster needs 3).</param>
    /// <param name="replicasPerMaster">Replicas of each master, 0 to 2.</param>
    /// <returns>The running cluster.</returns>
    /// <exception cref="LocalServerException">redis-server or redis-cli is missing, or the cluster did not form within 30 s.</exception>
    public static RedisCluster Start(int masters = 3, int replicasPerMaster = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(masters, 3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(masters, 9);
        ArgumentOutOfRangeException.ThrowIfNegative(replicasPerMaster);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicasPerMaster, 2);
        string cli = LocalServer.FindProgram("redis-cli", "redis-tools");
        var servers = new List<RedisServer>();
        try
        {
            for (int i = 0; i < masters * (1 + replicasPerMaster); i++)
            {
                servers.Add(RedisServer.Start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                    // A replica fails over however long it has been apart from its master (a loaded test machine may not have synced it yet).
                    "--cluster-replica-validity-factor", "0",
                    // The cluster bus port, chosen like the client port (else client port + 10000, which no one checked was free).
                    "--cluster-port", LocalServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            var info = new ProcessStartInfo(cli) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add("--cluster");
            info.ArgumentList.Add("create");
            foreach (RedisServer server in servers)
            {
                info.ArgumentList.Add(server.Endpoint);
            }

            info.ArgumentList.Add("--cluster-replicas");
            info.ArgumentList.Add(replicasPerMaster.ToString(System.Globalization.CultureInfo.InvariantCulture));
            info.ArgumentList.Add("--cluster-yes");
            using Process create = Process.Start(info) ?? throw new LocalServerException("redis-cli did not start.");
            var stdout = create.StandardOutput.ReadToEndAsync();
            var stderr = create.StandardError.ReadToEndAsync();
            if (!create.WaitForExit(30_000) || create.ExitCode != 0)
            {
                throw new LocalServerException($"redis-cli --cluster create failed:{Environment.NewLine}{stdout.Result}{stderr.Result}");
            }

            var cluster = new RedisCluster(servers, masters);
            cluster.WaitUntilOk();
            return cluster;
        }
        catch
        {
            foreach (RedisServer server in servers)
            {
                server.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Waits until every running node reports <c>cluster_state:ok</c> and sees the same roles: as many connected masters
    /// as the cluster was made with, every other running node a connected replica (roles spread by gossip after
    /// <c>redis-cli --cluster create</c> and after a failover).
    /// </summary>
    /// <exception cref="LocalServerException">Not within 30 s.</exception>
    public void WaitUntilOk()
    {
        var clock = Stopwatch.StartNew();
        while (!Servers.Where(s => s.IsRunning).All(Agrees))
        {
            if (clock.Elapsed > s_readyBound)
            {
                throw new LocalServerException($"The Redis Cluster was not ok within {s_readyBound.TotalSeconds:0} s: "
                    + string.Join("; ", Servers.Where(s => s.IsRunning).Select(s => s.Endpoint + " " + s.Command("CLUSTER", "INFO").Split('\n')[0].Trim())));
            }

            Thread.Sleep(100);
        }
    }

    private bool Agrees(RedisServer server)
    {
        if (!server.Command("CLUSTER", "INFO").Contains("cluster_state:ok", StringComparison.Ordinal))
        {
            return false;
        }

        string[] nodes = server.Command("CLUSTER", "NODES").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.Contains("fail", StringComparison.Ordinal) && l.Contains(" connected", StringComparison.Ordinal)).ToArray();
        int running = Servers.Count(s => s.IsRunning);
        return nodes.Count(l => l.Contains("master", StringComparison.Ordinal)) == _masters
            && nodes.Count(l => l.Contains("slave", StringComparison.Ordinal)) == running - _masters;
    }

    /// <summary>Stops every node and deletes their folders.</summary>
    public void Dispose()
    {
        foreach (RedisServer server in Servers)
        {
            server.Dispose();
        }
    }
}
