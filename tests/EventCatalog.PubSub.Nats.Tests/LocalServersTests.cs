using System;
using System.IO;
using System.Linq;
using EventCatalog.LocalServers;
using NUnit.Framework;

namespace EventCatalog.PubSub.Nats.Tests;

/// <summary>tools/EventCatalog.LocalServers, which the tests, the sample and the benchmarks share: it starts real servers and leaves nothing behind.</summary>
[NonParallelizable]
public sealed class LocalServersTests
{
    [Test]
    public void Each_server_kind_answers_then_leaves_no_process_file_or_folder_after_dispose()
    {
        int natsPid;
        int redisPid;
        int natsPort;
        int redisPort;
        string natsFolder;
        string redisFolder;
        using (NatsServer nats = NatsServer.Start())
        using (RedisServer redis = RedisServer.Start())
        {
            Assert.That(NatsServer.Ping(nats.Endpoint), Is.True);
            Assert.That(RedisServer.Ping(redis.Endpoint), Is.True);
            Assert.That(redis.Command("SET", "k", "a value with spaces"), Is.EqualTo("OK"));
            Assert.That(redis.Command("GET", "k"), Is.EqualTo("a value with spaces"));
            natsPort = nats.Port;
            redisPort = redis.Port;
            natsPid = nats.ProcessId;
            redisPid = redis.ProcessId;
            natsFolder = nats.Directory;
            redisFolder = redis.Directory;
            Assert.That(Directory.Exists(natsFolder) && Directory.Exists(redisFolder), Is.True);
        }

        Assert.That(Running(natsPid) || Running(redisPid), Is.False);
        Assert.That(Directory.Exists(natsFolder) || Directory.Exists(redisFolder), Is.False);
        Assert.That(Leftovers(natsPort, redisPort), Is.Empty, "something was left in the temp folder");
    }

    [Test]
    public void A_stopped_server_restarts_on_its_port()
    {
        using NatsServer nats = NatsServer.Start();
        nats.Stop();
        Assert.That(NatsServer.Ping(nats.Endpoint), Is.False);
        nats.Restart();
        Assert.That(NatsServer.Ping(nats.Endpoint), Is.True);
    }

    [Test]
    public void A_missing_program_is_named_with_how_to_install_it()
    {
        var ex = Assert.Throws<LocalServerException>(() => LocalServer.FindProgram("no-such-server-xyz", "no-such-package"));
        Assert.That(ex!.Message, Does.Contain("no-such-server-xyz is not on the PATH").And.Contain("apt-get install no-such-package").And.Contain("bash .ci/test.sh"));
    }

    [Test]
    public void A_nats_cluster_of_three_routes_every_server_to_the_others_and_cleans_up()
    {
        string[] folders;
        using (NatsCluster cluster = NatsCluster.Start(3))
        {
            folders = cluster.Servers.Select(s => s.Directory).ToArray();
            Assert.That(cluster.Servers, Has.Count.EqualTo(3));
            foreach (NatsServer server in cluster.Servers)
            {
                string info = NatsServer.Info(server.Host, server.Port)!;
                foreach (NatsServer other in cluster.Servers.Where(o => o != server))
                {
                    Assert.That(info, Does.Contain("127.0.0.1:" + other.Port), $"{server} does not advertise {other}");
                }
            }
        }

        Assert.That(folders.Where(Directory.Exists), Is.Empty);
    }

    [Test]
    public void A_redis_cluster_of_three_masters_and_three_replicas_is_ok_and_cleans_up()
    {
        string[] folders;
        using (RedisCluster cluster = RedisCluster.Start(3, 1))
        {
            folders = cluster.Servers.Select(s => s.Directory).ToArray();
            Assert.That(cluster.Servers, Has.Count.EqualTo(6));
            string nodes = cluster.Servers[0].Command("CLUSTER", "NODES");
            Assert.That(nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("master", StringComparison.Ordinal)), Is.EqualTo(3), nodes);
            Assert.That(nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("slave", StringComparison.Ordinal)), Is.EqualTo(3), nodes);
        }

        Assert.That(folders.Where(Directory.Exists), Is.Empty);
    }

    /// <summary>Anything in the temp folder that names redis or nats and one of the servers' ports (a log, a folder, a dump).</summary>
    private static string[] Leftovers(params int[] ports) =>
        Directory.GetFileSystemEntries(Path.GetTempPath())
            .Select(Path.GetFileName)
            .Where(n => (n!.Contains("redis", StringComparison.OrdinalIgnoreCase) || n.Contains("nats", StringComparison.OrdinalIgnoreCase))
                && ports.Any(port => n.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)))
            .ToArray()!;

    private static bool Running(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
