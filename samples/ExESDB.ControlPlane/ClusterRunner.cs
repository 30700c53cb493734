using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.LocalServers;
using EventCatalog.PubSub.Nats;
using EventCatalog.PubSub.Redis;

namespace ExESDB.ControlPlane;

/// <summary>
/// The cluster demo's parent (<c>--cluster N</c>): starts Redis or NATS if asked (<c>--redis auto</c>, <c>--nats auto</c>), re-runs this very
/// program N times as <c>--node I</c>, releases them together once all are subscribed, and exits 0 only if every
/// node received every event. Every wait is bounded by <see cref="SimulationOptions.Timeout"/>: a node that never
/// gets ready, dies, or never finishes fails the run with a message naming it.
/// </summary>
internal sealed class ClusterRunner
{
    private static readonly TimeSpan s_grace = TimeSpan.FromSeconds(10);
    private readonly SimulationOptions _options;
    private readonly TextWriter _output;

    public ClusterRunner(SimulationOptions options, TextWriter output)
    {
        _options = options;
        _output = output;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // --redis auto / --nats auto: a server of the run's own (tools/EventCatalog.LocalServers), stopped at the end.
        bool nats = _options.Transport == SimulationOptions.NatsTransport;
        string engine = nats ? "NATS" : "Redis";
        string option = nats ? "--nats" : "--redis";
        LocalServer? own = null;
        HardenedBus? hardened = null;
        string? hardening = null;
        string server;
        string run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        string bus = ClusterBus.BusName(run);
        if (_options.Server == SimulationOptions.AutoRedis)
        {
            try
            {
                // Our own server runs hardened: a per-run key and password, one user allowed only the bus, the payload limit at the frame limit.
                hardened = new HardenedBus();
                string destination = nats ? new NatsPubSubOptions { BusName = bus }.Subject : new RedisPubSubOptions { BusName = bus }.ChannelName;
                own = nats ? hardened.StartNats(destination) : hardened.StartRedis(destination);
                hardening = HardenedBus.DescribeServer(destination);
            }
            catch (LocalServerException ex)
            {
                Write($"FAILED: {option} auto: {ex.Message} Or pass {option} HOST:PORT of a running server.");
                return 1;
            }

            server = own is NatsServer n ? n.Endpoint : ((RedisServer)own).Endpoint;
        }
        else
        {
            server = _options.Server!;
            if (nats ? !NatsServer.Ping(server) : !RedisServer.Ping(server))
            {
                Write(nats
                    ? $"FAILED: the NATS server at {server} (--nats) does not answer (no INFO). Start it, or pass --nats auto to start one from the PATH."
                    : $"FAILED: the Redis server at {server} (--redis) does not answer PING. Start it, or pass --redis auto to start one from the PATH.");
                return 1;
            }
        }

        try
        {
            return await RunNodesAsync(engine, option, server, own, run, hardened, hardening, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            own?.Dispose();
        }
    }

    private async Task<int> RunNodesAsync(string engine, string option, string server, LocalServer? own, string run, HardenedBus? hardened, string? hardening, CancellationToken cancellationToken)
    {
        var plan = new ClusterPlan(_options.Cluster, _options.Store);
        int perNode = Enumerable.Range(1, plan.Nodes).Sum(n => plan.ExpectedFrom(n, _options.EventsPerCategory));
        Write($"ExESDB control plane cluster: store {_options.Store}, {plan.Nodes} nodes, {_options.EventsPerCategory} events per category, run {run}");
        Write(own is null
            ? $"{engine} {server} (given with {option})"
            : $"{engine} {server} ({System.IO.Path.GetFileName(own.Program)} pid {own.ProcessId}, started for this run, stopped at the end)");
        if (hardening is not null)
        {
            Write("  " + hardening);
        }

        for (int n = 1; n <= plan.Nodes; n++)
        {
            Write($"  {plan.NodeName(n),-20} workers: {plan.Describe(n)}");
        }

        Write($"Every node subscribes to all 7 topics and should receive {perNode} events.");
        var nodes = new List<NodeProcess>();
        var failures = new List<string>();
        try
        {
            (string program, string[] prefix) = SelfCommand();
            for (int n = 1; n <= plan.Nodes; n++)
            {
                var args = new List<string>(prefix)
                {
                    "--node", n.ToString(CultureInfo.InvariantCulture), "--cluster", plan.Nodes.ToString(CultureInfo.InvariantCulture),
                    "--transport", _options.Transport!, option, server, "--run", run, "--store", _options.Store,
                    "--events", _options.EventsPerCategory.ToString(CultureInfo.InvariantCulture),
                    "--timeout", ((int)_options.Timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                };
                if (_options.Trace)
                {
                    args.Add("--trace");
                }

                NodeProcess node = NodeProcess.Start(n, plan.NodeName(n), program, args, hardened?.Environment);
                nodes.Add(node);
                Write($"{node.Name} started (pid {node.ProcessId})");
            }

            // Barrier: nobody publishes until every node has subscribed.
            Task allReady = Task.WhenAll(nodes.Select(n => n.Ready));
            Task anyExited = Task.WhenAny(nodes.Select(n => n.Exited));
            Task readyBound = Task.Delay(_options.Timeout, cancellationToken);
            Task firstOut = await Task.WhenAny(allReady, anyExited, readyBound).ConfigureAwait(false);
            if (firstOut != allReady)
            {
                // A node that died is the cause; the others are only named when the bound itself ran out.
                foreach (NodeProcess node in nodes.Where(n => n.Exited.IsCompleted || (firstOut == readyBound && !n.Ready.IsCompleted)))
                {
                    failures.Add(node.Exited.IsCompleted
                        ? $"{node.Name} (pid {node.ProcessId}) exited with {node.DescribeExit()} before it was ready"
                        : $"{node.Name} (pid {node.ProcessId}) was not ready (subscribed) within {_options.Timeout.TotalSeconds:0} s");
                }

                await StopAllAsync(nodes).ConfigureAwait(false);
                return Finish(plan, nodes, failures);
            }

            Write($"All {plan.Nodes} nodes subscribed: start signal sent.");
            foreach (NodeProcess node in nodes)
            {
                node.Send(ClusterProtocol.Go);
            }

            // Each node bounds its own wait by the timeout; the grace covers its report and exit.
            var deadline = Task.Delay(_options.Timeout + s_grace, cancellationToken);
            var running = nodes.ToList();
            bool stopped = false;
            while (running.Count > 0)
            {
                Task first = await Task.WhenAny(running.Select(n => n.Exited).Append(deadline)).ConfigureAwait(false);
                if (first == deadline)
                {
                    foreach (NodeProcess node in running)
                    {
                        failures.Add($"{node.Name} (pid {node.ProcessId}) did not finish within --timeout {_options.Timeout.TotalSeconds:0} s of the start signal (nor in {s_grace.TotalSeconds:0} s more for its report); killed");
                        node.Kill();
                    }

                    break;
                }

                NodeProcess exited = running.First(n => n.Exited == first);
                running.Remove(exited);
                await exited.Drained.ConfigureAwait(false);
                if (exited.Result is null)
                {
                    failures.Add($"{exited.Name} (pid {exited.ProcessId}) exited with {exited.DescribeExit()} before it reported");
                    if (!stopped)
                    {
                        // Its events will never come: the others report now instead of waiting out the timeout.
                        stopped = true;
                        foreach (NodeProcess other in running)
                        {
                            other.Send(ClusterProtocol.Stop);
                        }
                    }
                }
            }

            return Finish(plan, nodes, failures);
        }
        finally
        {
            foreach (NodeProcess node in nodes)
            {
                node.Kill();
                node.Dispose();
            }
        }
    }

    private async Task StopAllAsync(List<NodeProcess> nodes)
    {
        foreach (NodeProcess node in nodes)
        {
            node.Send(ClusterProtocol.Stop);
        }

        Task all = Task.WhenAll(nodes.Select(n => n.Exited));
        await Task.WhenAny(all, Task.Delay(s_grace)).ConfigureAwait(false);
        foreach (NodeProcess node in nodes)
        {
            node.Kill();
        }

        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
    }

    /// <summary>Prints each node's own output, then the cluster's table; returns the exit code.</summary>
    private int Finish(ClusterPlan plan, List<NodeProcess> nodes, List<string> failures)
    {
        foreach (NodeProcess node in nodes)
        {
            Write(string.Empty);
            Write($"── {node.Name} (pid {node.ProcessId}, {(node.Exited.IsCompleted ? node.DescribeExit() : "still running")}) ──");
            foreach (string line in node.Lines)
            {
                Write(line);
            }
        }

        // What each origin published: its own report (its bus's count); for a node that never reported, at least what
        // any node received from it. "lost" is only that, less what arrived; events never published are not lost.
        var publishedBy = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (NodeProcess node in nodes)
        {
            publishedBy[node.Name] = node.Result?.Published
                ?? nodes.Select(n => n.Result?.ReceivedFrom is { } from && from.TryGetValue(node.Name, out int got) ? got : 0).DefaultIfEmpty(0).Max();
        }

        Write(string.Empty);
        Write($"{"node",-20} {"workers",-32} {"published",9} {"received",9} {"expected",9} {"lost",5} {"invalid",7}  result");
        foreach (NodeProcess node in nodes)
        {
            NodeResult? r = node.Result;
            int lost = r?.ReceivedFrom is { } receivedFrom
                ? publishedBy.Sum(p => Math.Max(0, p.Value - (receivedFrom.TryGetValue(p.Key, out int got) ? got : 0)))
                : 0;
            string counts = r is null
                ? $"{"-",9} {"-",9} {"-",9} {"-",5} {"-",7}"
                : $"{r.Published,9} {r.Received,9} {r.Expected,9} {lost,5} {r.Invalid,7}";
            string verdict = r is null ? "no report" : r.Succeeded ? "ok" : "FAILED: " + r.Error;
            Write($"{node.Name,-20} {plan.Describe(node.Index),-32} {counts}  {verdict}");
        }

        foreach (NodeProcess node in nodes.Where(n => n.Result is { Succeeded: false }))
        {
            failures.Add($"{node.Name}: {node.Result!.Error}");
        }

        if (_options.Trace && ClusterTrace.Report(plan.NodeName(1), nodes.Select(n => (n.Name, n.TraceLine is null ? null : ClusterTrace.Parse(n.TraceLine))).ToArray(), Write) is { } traceFailure)
        {
            failures.Add(traceFailure);
        }

        Write(string.Empty);
        if (failures.Count == 0 && nodes.Count == plan.Nodes && nodes.All(n => n.Result is { Succeeded: true } && n.ExitCode == 0))
        {
            int each = nodes[0].Result!.Expected;
            Write($"OK: {plan.Nodes} node{(plan.Nodes == 1 ? string.Empty : "s")}, each received all {each} events of the cluster ({each * plan.Nodes} deliveries), all valid, nothing lost.");
            return 0;
        }

        Write("FAILED: " + string.Join("; ", failures.Distinct()) + ".");
        return 1;
    }

    /// <summary>How to start this program again: its apphost, or <c>dotnet</c> with its assembly (<c>dotnet ExESDB.ControlPlane.dll</c>).</summary>
    private static (string Program, string[] Prefix) SelfCommand()
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown, so its nodes cannot be started.");
        if (string.Equals(Path.GetFileNameWithoutExtension(process), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            // Under `dotnet <dll>` the program is a file beside the app (a native AOT or single-file build runs as its own process instead).
            return (process, new[] { Path.Combine(AppContext.BaseDirectory, typeof(ClusterRunner).Assembly.GetName().Name + ".dll") });
        }

        return (process, Array.Empty<string>());
    }

    private void Write(string line)
    {
        _output.WriteLine(line);
        _output.Flush();
    }

    /// <summary>One node process: its output lines, its protocol state, its exit.</summary>
    private sealed class NodeProcess : IDisposable
    {
        private readonly Process _process;
        private readonly object _lock = new();
        private readonly List<string> _lines = new();
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private NodeProcess(int index, string name, Process process)
        {
            Index = index;
            Name = name;
            _process = process;
            ProcessId = process.Id;
            Task stdout = PumpAsync(process.StandardOutput, string.Empty);
            Task stderr = PumpAsync(process.StandardError, "stderr: ");
            Exited = process.WaitForExitAsync();
            Drained = Task.WhenAll(stdout, stderr, Exited);
        }

        public int Index { get; }

        public string Name { get; }

        public int ProcessId { get; }

        public Task Ready => _ready.Task;

        public Task Exited { get; }

        /// <summary>The process has exited and all its output has been read.</summary>
        public Task Drained { get; }

        public NodeResult? Result { get; private set; }

        /// <summary>The node's <see cref="ClusterTrace.Prefix"/> line (<c>--trace</c>), or null.</summary>
        public string? TraceLine { get; private set; }

        public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lock)
                {
                    return _lines.ToArray();
                }
            }
        }

        /// <summary>Starts a node; <paramref name="environment"/> (the hardened bus's secrets) goes into its environment only.</summary>
        public static NodeProcess Start(int index, string name, string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
        {
            var info = new ProcessStartInfo(program)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            foreach (KeyValuePair<string, string> variable in environment ?? new Dictionary<string, string>())
            {
                info.Environment[variable.Key] = variable.Value;
            }

            Process process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start for {name}.");
            return new NodeProcess(index, name, process);
        }

        public string DescribeExit()
        {
            int code = _process.ExitCode;

            // On Unix a process ended by a signal reports 128 + the signal's number.
            return code > 128 && code < 160 && !OperatingSystem.IsWindows()
                ? $"code {code} (killed by signal {code - 128})"
                : $"code {code}";
        }

        public void Send(string line)
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.StandardInput.WriteLine(line);
                    _process.StandardInput.Flush();
                }
            }
            catch (IOException)
            {
                // The node is gone; its exit is reported on its own.
            }
        }

        public void Kill()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }
        }

        public void Dispose() => _process.Dispose();

        private async Task PumpAsync(StreamReader reader, string prefix)
        {
            string? line;
            while ((line = await reader.ReadLineAsync().ConfigureAwait(false)) is not null)
            {
                if (line == ClusterProtocol.Ready)
                {
                    _ready.TrySetResult();
                }
                else if (line.StartsWith(ClusterProtocol.Result, StringComparison.Ordinal))
                {
                    Result = ClusterProtocol.ParseResult(line);
                }
                else if (line.StartsWith(ClusterTrace.Prefix, StringComparison.Ordinal))
                {
                    TraceLine = line;
                }
                else
                {
                    lock (_lock)
                    {
                        _lines.Add(prefix + line);
                    }
                }
            }
        }
    }
}
