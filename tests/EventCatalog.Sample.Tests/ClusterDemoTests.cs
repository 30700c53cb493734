using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using ExESDB;
using ExESDB.ControlPlane;
using NUnit.Framework;

namespace EventCatalog.Sample.Tests;

/// <summary>
/// The sample as a cluster (issue 12 item 5), for real: the sample's own executable as parent and node processes,
/// on a redis-server or nats-server it starts itself (<c>--redis auto</c>, <c>--nats auto</c>: they must be on the PATH, as the README's
/// test command <c>bash .ci/test.sh</c> ensures).
/// </summary>
[NonParallelizable]
public class ClusterDemoTests
{
    private static readonly TimeSpan s_runBound = TimeSpan.FromSeconds(120);

    // One body per engine: the README's forms `--cluster 3 --redis auto` and `--cluster 3 --transport nats --nats auto`.
    [TestCase("redis", "Redis", "eventcatalog:pubsub:", "redis-server", "--redis", "auto")]
    [TestCase("nats", "NATS", "eventcatalog.pubsub.", "nats-server", "--transport", "nats", "--nats", "auto")]
    public async Task Three_nodes_on_their_own_server_each_receive_every_event_from_every_node(string transport, string engine, string destinationPrefix, string serverProgram, params string[] serverArgs)
    {
        Run run = await Run.StartAsync(new[] { "--cluster", "3" }.Concat(serverArgs).Concat(new[] { "--timeout", "60" }).ToArray());
        await run.ExitAsync();

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
        string[] lines = run.Lines;
        Assert.That(lines, Does.Contain("  node1@my_store       workers: system, cluster, subscriptions"));
        Assert.That(lines, Does.Contain("  node2@my_store       workers: leadership, persistence"));
        Assert.That(lines, Does.Contain("  node3@my_store       workers: gateway, coordination"));
        Assert.That(lines, Does.Contain("Every node subscribes to all 7 topics and should receive 105 events."));
        Assert.That(lines, Does.Contain("All 3 nodes subscribed: start signal sent."));

        // The auto server runs hardened: one user allowed only the bus, the payload limit at the frame limit, every node signing
        // with the run's key and logging in; no secret printed (the variables are named, never their values).
        string runId = Regex.Match(run.Output, @", run (\S+)").Groups[1].Value;
        Assert.That(lines, Does.Contain($"  hardened: user 'bus' may only publish/subscribe on {destinationPrefix}exesdb-controlplane-{runId}; frames signed (HMAC-SHA256) with a per-run 32-byte key; server payload limit 1048576 bytes, the bus's frame limit"), run.Output);
        for (int node = 1; node <= 3; node++)
        {
            Assert.That(lines, Does.Contain($"node{node}@my_store: signs and verifies every frame with the key from EXESDB_BUS_KEY; logs in as 'bus' (EXESDB_BUS_USER, EXESDB_BUS_PASSWORD)."), run.Output);
        }

        // Each node's own table: one row per origin node, itself marked, nothing lost or invalid.
        for (int self = 1; self <= 3; self++)
        {
            string[] table = TableOf(lines, $"node{self}@my_store received, by origin node (* this node, served locally):");
            Assert.That(table, Is.EqualTo(new[]
            {
                "origin               workers                           received  expected  missing invalid",
                $"node1@my_store{(self == 1 ? " *" : "  ")}     system, cluster, subscriptions          45        45        0       0",
                $"node2@my_store{(self == 2 ? " *" : "  ")}     leadership, persistence                 30        30        0       0",
                $"node3@my_store{(self == 3 ? " *" : "  ")}     gateway, coordination                   30        30        0       0",
                "total                                                       105       105        0       0",
            }), run.Output);
            Assert.That(lines, Does.Contain($"node{self}@my_store published {(self == 1 ? 45 : 30)} events."), "the node's own count: its bus's, as in the bus line and the final table");
            Assert.That(lines, Does.Contain($"OK: node{self}@my_store received all 105 events of the 3 nodes, all valid."));
        }

        // What each node published reached the two others through the broker; its own copy was served locally.
        Assert.That(lines.Where(l => l.StartsWith("bus " + destinationPrefix + "exesdb-controlplane-", StringComparison.Ordinal)).Select(l => l.Substring(l.IndexOf(": ", StringComparison.Ordinal) + 2)), Is.EqualTo(new[]
        {
            $"45 published, 60 received from {engine}, 0 lost (sequence gaps), 0 dropped, 0 rejected, 45 self-echoes ignored",
            $"30 published, 75 received from {engine}, 0 lost (sequence gaps), 0 dropped, 0 rejected, 30 self-echoes ignored",
            $"30 published, 75 received from {engine}, 0 lost (sequence gaps), 0 dropped, 0 rejected, 30 self-echoes ignored",
        }), transport);

        Assert.That(TableOf(lines, "node                 workers                          published  received  expected  lost invalid  result", includeTitle: true), Is.EqualTo(new[]
        {
            "node                 workers                          published  received  expected  lost invalid  result",
            "node1@my_store       system, cluster, subscriptions          45       105       105     0       0  ok",
            "node2@my_store       leadership, persistence                 30       105       105     0       0  ok",
            "node3@my_store       gateway, coordination                   30       105       105     0       0  ok",
        }));
        Assert.That(lines.Last(), Is.EqualTo("OK: 3 nodes, each received all 105 events of the cluster (315 deliveries), all valid, nothing lost."));

        // --redis auto / --nats auto stopped the server it started.
        int serverPid = int.Parse(Regex.Match(run.Output, serverProgram + @" pid (\d+), started for this run").Groups[1].Value);
        Assert.That(IsRunning(serverPid), Is.False, $"{serverProgram} pid {serverPid} still runs after the demo");
    }

    /// <summary>
    /// Issue 23: real node processes on redis-server or nats-server, each with a real OpenTelemetry tracer provider and the in-memory
    /// exporter (<c>--trace</c>), report their spans to the parent, which prints one event's trace: one trace id across the processes,
    /// a PRODUCER span on the origin, a CONSUMER span on each receiver whose parent (and link) is the PRODUCER span, under each node's
    /// delivery the CONSUMER span of the generated handler that received it, and the messaging attributes of OpenTelemetry's conventions.
    /// </summary>
    [TestCase("redis", "--redis", "auto")]
    [TestCase("nats", "--transport", "nats", "--nats", "auto")]
    public async Task With_trace_one_published_event_is_one_trace_across_the_node_processes(string system, params string[] serverArgs)
    {
        Run run = await Run.StartAsync(new[] { "--cluster", "3" }.Concat(serverArgs).Concat(new[] { "--timeout", "60", "--trace" }).ToArray());
        await run.ExitAsync();

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
        string[] lines = run.Lines;
        Assert.That(lines.Any(l => l.Contains("@@ TRACE", StringComparison.Ordinal)), Is.False, "the spans travel on the node protocol, not in the output");
        int at = Array.IndexOf(lines, "Trace of one event across the cluster (OpenTelemetry, ActivitySource \"EventCatalog\", in-memory exporter in each node process):");
        Assert.That(at, Is.GreaterThan(0), run.Output);

        Match header = Regex.Match(lines[at + 1], @"^event ([0-9a-f]{32}) \((\w+)\) published by node1@my_store on exesdb:control:my_store:(\w+), trace ([0-9a-f]{32})$");
        Assert.That(header.Success, Is.True, lines[at + 1]);
        string id = header.Groups[1].Value, type = header.Groups[2].Value, category = header.Groups[3].Value, trace = header.Groups[4].Value;
        string handler = "ExESDB.ControlPlane." + char.ToUpperInvariant(category[0]) + category.Substring(1) + "Handler";

        // The origin: a root PRODUCER span; then per node (the origin first) the CONSUMER span of the delivery to its local subscribers
        // (on the others a child of the PRODUCER span) and the handler's CONSUMER span, a child of that delivery.
        Match producer = Regex.Match(lines[at + 2], $@"^  node1@my_store\s+PRODUCER send exesdb:control:\{{store\}}:{category}\s+trace {trace} span ([0-9a-f]{{16}}) root$");
        Assert.That(producer.Success, Is.True, lines[at + 2]);
        string span = producer.Groups[1].Value;
        Assert.That(lines[at + 3], Is.EqualTo(
            $"      messaging.system={system} messaging.operation.name=send messaging.operation.type=send messaging.destination.name=exesdb:control:my_store:{category} " +
            $"messaging.destination.template=exesdb:control:{{store}}:{category} messaging.message.id={id} messaging.client.id=node1@my_store cloudevents.event_type={type}"));
        for (int node = 1; node <= 3; node++)
        {
            int line = at + 4 + ((node - 1) * 4);
            string local = node == 1 ? @" \(local subscribers\)" : string.Empty;
            Match delivery = Regex.Match(lines[line], $@"^  node{node}@my_store\s+CONSUMER process exesdb:control:\{{store\}}:{category}\s+trace {trace} span ([0-9a-f]{{16}}) parent {span}, link {trace}-{span}{local}$");
            Assert.That(delivery.Success, Is.True, run.Output);
            string attributes = $"      messaging.system={system} messaging.operation.name=process messaging.operation.type=process messaging.destination.name=exesdb:control:my_store:{category} " +
                $"messaging.destination.template=exesdb:control:{{store}}:{category} messaging.message.id={id} messaging.client.id=node{node}@my_store cloudevents.event_type={type}";
            Assert.That(lines[line + 1], Is.EqualTo(attributes));
            Assert.That(lines[line + 2], Does.Match($@"^  node{node}@my_store\s+CONSUMER process exesdb:control:\{{store\}}:{category}\s+trace {trace} span [0-9a-f]{{16}} parent {delivery.Groups[1].Value}, link {trace}-{span} \(handler {Regex.Escape(handler)}\)$"), run.Output);
            Assert.That(lines[line + 3], Is.EqualTo(attributes + " eventcatalog.handler=" + handler));
        }

        Assert.That(lines[at + 16], Is.EqualTo($"OK: one trace id {trace} across 3 nodes: a PRODUCER span on node1@my_store, a CONSUMER span (its child, linked to it) on node2@my_store and node3@my_store, and on every node the handler's CONSUMER span under the delivery."));
        Assert.That(lines.Last(), Is.EqualTo("OK: 3 nodes, each received all 105 events of the cluster (315 deliveries), all valid, nothing lost."));
    }

    [Test]
    public async Task A_node_killed_mid_run_fails_the_cluster_naming_it_and_the_others_report_their_loss()
    {
        // A million events per category keeps every node publishing long after the kill.
        Run run = await Run.StartAsync("--cluster", "3", "--redis", "auto", "--events", "1000000", "--timeout", "60");
        await run.WaitForLineAsync(l => l == "All 3 nodes subscribed: start signal sent.");
        int victim = int.Parse(Regex.Match(run.Output, @"node2@my_store started \(pid (\d+)\)").Groups[1].Value);
        var clock = Stopwatch.StartNew();
        Process.GetProcessById(victim).Kill();
        await run.ExitAsync();

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "the others were told to stop instead of waiting out --timeout");
        string[] lines = run.Lines;
        Assert.That(lines, Does.Contain($"── node2@my_store (pid {victim}, code 137 (killed by signal 9)) ──"));
        Assert.That(lines, Does.Contain("node2@my_store       leadership, persistence                  -         -         -     -       -  no report"));
        Assert.That(lines, Does.Contain("FAILED: node1@my_store: stopped by the cluster while publishing."));
        Assert.That(lines, Does.Contain("FAILED: node3@my_store: stopped by the cluster while publishing."));
        Assert.That(lines.Last(), Is.EqualTo(
            $"FAILED: node2@my_store (pid {victim}) exited with code 137 (killed by signal 9) before it reported; "
            + "node1@my_store: stopped by the cluster while publishing; node3@my_store: stopped by the cluster while publishing."));

        // The survivors' own tables count what never came from the dead node as missing (it was never published, mostly);
        // the final table's "lost" is only what was published and did not arrive, and each "published" is one number:
        // the node's own line, its bus line and the final table agree.
        foreach (string survivor in new[] { "node1", "node3" })
        {
            string[] table = TableOf(lines, $"{survivor}@my_store received, by origin node (* this node, served locally):");
            string[] node2 = table.Single(l => l.StartsWith("node2@my_store ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int received = int.Parse(node2[^4]);
            Assert.That((int.Parse(node2[^3]), int.Parse(node2[^2])), Is.EqualTo((2_000_000, 2_000_000 - received)), survivor);

            int published = int.Parse(Regex.Match(run.Output, $@"{survivor}@my_store published (\d+) events\.").Groups[1].Value);
            Assert.That(lines.Where(l => l.StartsWith("bus ", StringComparison.Ordinal) && l.Contains($": {published} published,", StringComparison.Ordinal)), Is.Not.Empty, $"{survivor}: its bus line says the same published count");
            string[] row = lines.Single(l => l.StartsWith($"{survivor}@my_store ", StringComparison.Ordinal) && l.EndsWith("FAILED: stopped by the cluster while publishing", StringComparison.Ordinal))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int finalPublished = int.Parse(row[^12]);
            int lost = int.Parse(row[^9]);
            Assert.That(finalPublished, Is.EqualTo(published), $"{survivor}: the final table's published is the node's own");
            Assert.That(lost, Is.LessThan(2_000_000 - received), $"{survivor}: events never published are not lost");
        }
    }

    [Test]
    public async Task A_node_killed_before_it_is_ready_fails_the_cluster_before_anyone_publishes()
    {
        Run run = await Run.StartAsync("--cluster", "3", "--redis", "auto", "--timeout", "60");
        string started = await run.WaitForLineAsync(l => l.StartsWith("node3@my_store started (pid ", StringComparison.Ordinal));
        int victim = int.Parse(Regex.Match(started, @"\(pid (\d+)\)").Groups[1].Value);

        // The runtime has not even loaded yet: the node cannot have subscribed.
        Process.GetProcessById(victim).Kill();
        await run.ExitAsync();

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        string[] lines = run.Lines;
        Assert.That(lines, Does.Not.Contain("All 3 nodes subscribed: start signal sent."));
        // The others were stopped before the start signal (or, if still starting after the grace, killed without a report).
        Assert.That(lines.Last(), Does.StartWith($"FAILED: node3@my_store (pid {victim}) exited with code 137 (killed by signal 9) before it was ready"));
        Assert.That(lines, Has.Some.EqualTo("FAILED: node1@my_store: stopped by the cluster before the start signal.")
            .Or.Some.EqualTo("node1@my_store       system, cluster, subscriptions           -         -         -     -       -  no report"));
    }

    [Test]
    public async Task A_redis_address_that_does_not_answer_fails_at_once_with_the_address()
    {
        int port = FreePort();
        Run run = await Run.StartAsync("--cluster", "2", "--redis", $"127.0.0.1:{port}");
        await run.ExitAsync();

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Lines, Is.EqualTo(new[]
        {
            $"FAILED: the Redis server at 127.0.0.1:{port} (--redis) does not answer PING. Start it, or pass --redis auto to start one from the PATH.",
        }));
    }

    [TestCase("--help")]
    [TestCase("-h")]
    public async Task Help_prints_the_usage_and_exits_0(string flag)
    {
        Run run = await Run.StartAsync(flag);
        await run.ExitAsync();
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
        Assert.That(run.Lines[0], Does.StartWith("Usage: dotnet run --project samples/ExESDB.ControlPlane -- "));
        Assert.That(run.Output, Does.Contain("--timeout S").And.Contain("'valid, reports a failure'").And.Contain("'lost' what an origin published that did not arrive"));
    }

    [Test]
    public async Task A_nats_address_that_does_not_answer_fails_at_once_with_the_address()
    {
        int port = FreePort();
        Run run = await Run.StartAsync("--cluster", "2", "--transport", "nats", "--nats", $"127.0.0.1:{port}");
        await run.ExitAsync();

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Lines, Is.EqualTo(new[]
        {
            $"FAILED: the NATS server at 127.0.0.1:{port} (--nats) does not answer (no INFO). Start it, or pass --nats auto to start one from the PATH.",
        }));
    }

    [Test]
    public void Transport_options_pick_the_engine_and_its_server()
    {
        SimulationOptions nats = SimulationOptions.Parse(new[] { "--cluster", "3", "--transport", "nats" }, out _)!;
        Assert.That((nats.Cluster, nats.Transport, nats.Nats, nats.Redis, nats.Server), Is.EqualTo((3, "nats", "auto", (string?)null, "auto")));
        SimulationOptions given = SimulationOptions.Parse(new[] { "--nats", "10.0.0.5:4223" }, out _)!;
        Assert.That((given.Cluster, given.Transport, given.Server), Is.EqualTo((1, "nats", "10.0.0.5:4223")));
        SimulationOptions redis = SimulationOptions.Parse(new[] { "--cluster", "2" }, out _)!;
        Assert.That((redis.Transport, redis.Server), Is.EqualTo(("redis", "auto")));
    }

    [TestCase(new[] { "--transport", "kafka" }, "--transport takes 'redis' or 'nats', not 'kafka'.")]
    [TestCase(new[] { "--transport", "nats", "--redis", "h:1" }, "--redis is for --transport redis; with --transport nats give --nats HOST:PORT or --nats auto.")]
    [TestCase(new[] { "--transport", "redis", "--nats", "h:1" }, "--nats is for --transport nats; give --transport nats with it, or --redis HOST:PORT for Redis.")]
    [TestCase(new[] { "--nats", "nats://h:1" }, "--nats takes HOST:PORT (a port from 1 to 65535) or 'auto', not 'nats://h:1'.")]
    [TestCase(new[] { "--nats" }, "--nats needs a value.")]
    public void Bad_transport_options_are_explained(string[] args, string message)
    {
        Assert.That(SimulationOptions.Parse(args, out string? error), Is.Null);
        Assert.That(error, Is.EqualTo(message));
    }

    [Test]
    public void Cluster_options_parse_and_each_implies_the_other()
    {
        SimulationOptions cluster = SimulationOptions.Parse(new[] { "--cluster", "3" }, out _)!;
        Assert.That((cluster.Cluster, cluster.Redis, cluster.Node, cluster.Timeout), Is.EqualTo((3, "auto", 0, TimeSpan.FromSeconds(30))));
        SimulationOptions redis = SimulationOptions.Parse(new[] { "--redis", "10.0.0.5:6380", "--timeout", "7" }, out _)!;
        Assert.That((redis.Cluster, redis.Redis, redis.Timeout), Is.EqualTo((1, "10.0.0.5:6380", TimeSpan.FromSeconds(7))));
        SimulationOptions node = SimulationOptions.Parse(new[] { "--node", "2", "--cluster", "3", "--redis", "127.0.0.1:6379", "--run", "r1" }, out _)!;
        Assert.That((node.Node, node.Cluster, node.Run), Is.EqualTo((2, 3, "r1")));
        Assert.That(SimulationOptions.Parse(new string[0], out _)!.Cluster, Is.EqualTo(0), "the embedded default stays embedded");
    }

    [TestCase(new[] { "--cluster", "0" }, "--cluster takes a whole number of nodes from 1 to 16, not '0'.")]
    [TestCase(new[] { "--cluster", "17" }, "--cluster takes a whole number of nodes from 1 to 16, not '17'.")]
    [TestCase(new[] { "--cluster" }, "--cluster needs a value.")]
    [TestCase(new[] { "--redis", "localhost" }, "--redis takes HOST:PORT (a port from 1 to 65535) or 'auto', not 'localhost'.")]
    [TestCase(new[] { "--redis", "h:70000" }, "--redis takes HOST:PORT (a port from 1 to 65535) or 'auto', not 'h:70000'.")]
    [TestCase(new[] { "--timeout", "0" }, "--timeout takes a whole number of seconds from 1 to 3600, not '0'.")]
    [TestCase(new[] { "--node", "1", "--cluster", "3" }, "--node is internal to the cluster demo: its parent passes --node I --cluster N --transport T --redis|--nats HOST:PORT --run ID, with I <= N.")]
    [TestCase(new[] { "--node", "4", "--cluster", "3", "--redis", "h:1", "--run", "r" }, "--node is internal to the cluster demo: its parent passes --node I --cluster N --transport T --redis|--nats HOST:PORT --run ID, with I <= N.")]
    public void Bad_cluster_options_are_explained(string[] args, string message)
    {
        Assert.That(SimulationOptions.Parse(args, out string? error), Is.Null);
        Assert.That(error, Is.EqualTo(message));
    }

    [Test]
    public void Workers_go_two_by_two_round_robin_up_to_four_nodes_then_one_by_one()
    {
        string Plan(int nodes)
        {
            var plan = new ClusterPlan(nodes, "s");
            return string.Join(" | ", Enumerable.Range(1, nodes).Select(plan.Describe));
        }

        Assert.That(Plan(1), Is.EqualTo("system, cluster, leadership, persistence, gateway, coordination, subscriptions"));
        Assert.That(Plan(2), Is.EqualTo("system, cluster, gateway, coordination | leadership, persistence, subscriptions"));
        Assert.That(Plan(3), Is.EqualTo("system, cluster, subscriptions | leadership, persistence | gateway, coordination"));
        Assert.That(Plan(4), Is.EqualTo("system, cluster | leadership, persistence | gateway, coordination | subscriptions"));
        Assert.That(Plan(8), Is.EqualTo("system | cluster | leadership | persistence | gateway | coordination | subscriptions | -"));
        var three = new ClusterPlan(3, "my_store");
        Assert.That((three.NodeName(2), three.ExpectedFrom(1, 15), three.ExpectedFrom(2, 15)), Is.EqualTo(("node2@my_store", 45, 30)));
        Assert.That(Enumerable.Range(1, 8).SelectMany(n => new ClusterPlan(8, "s").Workers(n)), Is.EquivalentTo(Enum.GetValues<Events.Category>()), "every worker runs exactly once");
    }

    /// <summary>The lines after <paramref name="title"/> up to the next empty line or result line.</summary>
    private static string[] TableOf(string[] lines, string title, bool includeTitle = false)
    {
        int start = Array.IndexOf(lines, title);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"no line '{title}' in:\n{string.Join("\n", lines)}");
        return lines.Skip(includeTitle ? start : start + 1)
            .TakeWhile(l => l.Length > 0 && !l.StartsWith("bus ", StringComparison.Ordinal) && !l.StartsWith("OK:", StringComparison.Ordinal) && !l.StartsWith("FAILED:", StringComparison.Ordinal))
            .ToArray();
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
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

    /// <summary>The sample run as a user runs it (<c>dotnet ExESDB.ControlPlane.dll ...</c>), its output read as it comes.</summary>
    private sealed class Run
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly object _lock = new();
        private readonly Task _drained;
        private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = new();

        private Run(Process process)
        {
            _process = process;
            _drained = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
        }

        public int ExitCode => _process.ExitCode;

        public string Output
        {
            get
            {
                lock (_lock)
                {
                    return _output.ToString();
                }
            }
        }

        public string[] Lines => Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray().TrimTrailingEmpty();

        public static Task<Run> StartAsync(params string[] args)
        {
            string sample = typeof(ControlPlaneSimulation).Assembly.Location;
            var info = new ProcessStartInfo("dotnet")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.ArgumentList.Add(sample);
            foreach (string arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            return Task.FromResult(new Run(Process.Start(info)!));
        }

        public async Task<string> WaitForLineAsync(Func<string, bool> match)
        {
            var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                string? seen = Lines.FirstOrDefault(match);
                if (seen is not null)
                {
                    return seen;
                }

                _waiters.Add((match, found));
            }

            if (await Task.WhenAny(found.Task, _drained, Task.Delay(s_runBound)) != found.Task)
            {
                _process.Kill(entireProcessTree: true);
                Assert.Fail("The expected line never came. Output:\n" + Output);
            }

            return await found.Task;
        }

        public async Task ExitAsync()
        {
            using var bound = new CancellationTokenSource(s_runBound);
            try
            {
                await _process.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                Assert.Fail($"The sample did not end within {s_runBound.TotalSeconds:0} s; killed. Output:\n" + Output);
            }

            await _drained;
        }

        private async Task PumpAsync(StreamReader reader)
        {
            string? line;
            while ((line = await reader.ReadLineAsync()) is not null)
            {
                lock (_lock)
                {
                    _output.Append(line).Append('\n');
                    foreach (var waiter in _waiters.Where(w => w.Match(line)).ToArray())
                    {
                        _waiters.Remove(waiter);
                        waiter.Found.TrySetResult(line);
                    }
                }
            }
        }
    }
}

internal static class LineArrays
{
    public static string[] TrimTrailingEmpty(this string[] lines)
    {
        int end = lines.Length;
        while (end > 0 && lines[end - 1].Length == 0)
        {
            end--;
        }

        return lines[..end];
    }
}
