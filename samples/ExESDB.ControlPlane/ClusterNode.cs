using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog;
using EventCatalog.PubSub;
using EventCatalog.Subscribers;

namespace ExESDB.ControlPlane;

/// <summary>
/// One node process of the cluster demo (<c>--node I</c>, started by <see cref="ClusterRunner"/>): a
/// <see cref="NodePubSub"/> (Redis or NATS, <see cref="ClusterBus"/>) named <c>nodeI@store</c>, a subscriber on each of the seven topics, and the workers the
/// <see cref="ClusterPlan"/> gives this node. It says <see cref="ClusterProtocol.Ready"/> once subscribed, publishes
/// only after the parent's <see cref="ClusterProtocol.Go"/>, waits (at most <see cref="SimulationOptions.Timeout"/>)
/// until every node's events have arrived, and prints what it received from each origin node.
/// </summary>
internal sealed class ClusterNode
{
    private readonly SimulationOptions _options;
    private readonly TextWriter _output;
    private readonly TextReader _input;
    private readonly ClusterPlan _plan;
    private readonly object _outputLock = new();
    private readonly ConcurrentDictionary<string, OriginTally> _origins = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _expectedTotal;
    private int _receivedTotal;
    private Func<string>? _traceReport;

    public ClusterNode(SimulationOptions options, TextWriter output, TextReader input)
    {
        _options = options;
        _output = output;
        _input = input;
        _plan = new ClusterPlan(options.Cluster, options.Store);
        for (int node = 1; node <= _plan.Nodes; node++)
        {
            _origins[_plan.NodeName(node)] = new OriginTally(node, _plan.ExpectedFrom(node, options.EventsPerCategory));
        }

        _expectedTotal = _origins.Values.Sum(o => o.Expected);
        if (_expectedTotal == 0)
        {
            _allArrived.TrySetResult();
        }
    }

    private string Name => _plan.NodeName(_options.Node);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        string store = _options.Store;
        EventNode.Current = Name;

        // --trace: a real OpenTelemetry tracer provider in this process, its spans kept in memory and reported to the parent.
        var exported = new ClusterTrace.Spans();
        using OpenTelemetry.Trace.TracerProvider? tracing = _options.Trace ? ClusterTrace.Start(Name, exported) : null;
        _traceReport = tracing is null ? null : () =>
        {
            return ClusterTrace.Format(Name, tracing, exported);
        };
        var commands = new Commands(_input);
        string engine = ClusterBus.Engine(_options);
        NodePubSub bus;
        try
        {
            bus = await ClusterBus.ConnectAsync(_options, Name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ClusterBus.IsConnectFailure(ex))
        {
            return await ReportAsync(null, 0, $"could not connect to {engine} at {_options.Server}: {ex.Message}").ConfigureAwait(false);
        }

        if (HardenedBus.DescribeNode(Name) is { } hardened)
        {
            Write(hardened);
        }

        await using (bus.ConfigureAwait(false))
        {
            bus.ConnectionLost += (_, e) => Write($"{Name}: {engine} connection lost ({e.Connection})");
            bus.ConnectionRestored += (_, e) => Write($"{Name}: {engine} connection restored after {e.Outage.TotalMilliseconds:0} ms");

            // One generated handler per category; dispose = unsubscribe (see StopReadingAsync).
            var handlerOptions = new CategorySubscriptionOptions { OnUnrecognizedMessage = Unrecognized };
            CategorySubscription[] subscriptions = CategoryHandlers.SubscribeAll(bus, store, Receive, handlerOptions);

            Write(ClusterProtocol.Ready);
            Task<bool> go = commands.Go;
            if (await Task.WhenAny(go, Task.Delay(_options.Timeout, cancellationToken)).ConfigureAwait(false) != go || !await go.ConfigureAwait(false))
            {
                await StopReadingAsync(subscriptions).ConfigureAwait(false);
                return await ReportAsync(bus, 0, go.IsCompleted
                    ? "stopped by the cluster before the start signal"
                    : $"no start signal from the cluster within {_options.Timeout.TotalSeconds:0} s").ConfigureAwait(false);
            }

            IReadOnlyList<Events.Category> workers = _plan.Workers(_options.Node);
            var publishers = workers.Select(_ => new CategoryPublisher(bus, store, Name, _options.EventsPerCategory)).ToArray();
            string? error = null;

            // A stop (another node died) ends publishing too: the node reports what it has at once.
            using var stopPublishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, commands.Stopped);
            try
            {
                await Task.WhenAll(workers.Select((c, i) => Task.Run(() => ControlPlaneSimulation.WorkerFor(c)(publishers[i], stopPublishing.Token), stopPublishing.Token))).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopPublishing.IsCancellationRequested)
            {
                error = "stopped by the cluster while publishing";
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or ArgumentException)
            {
                error = "publishing failed: " + ex.Message;
            }

            int published = publishers.Sum(p => p.Published);
            Task stop = commands.Stop;
            Task arrived = _allArrived.Task;
            Task finished = await Task.WhenAny(arrived, stop, Task.Delay(_options.Timeout, cancellationToken)).ConfigureAwait(false);
            if (finished != arrived && error is null)
            {
                error = finished == stop
                    ? "stopped by the cluster before every event arrived"
                    : $"not every event arrived within {_options.Timeout.TotalSeconds:0} s";
            }

            error ??= await StopReadingAsync(subscriptions).ConfigureAwait(false);
            return await ReportAsync(bus, published, error).ConfigureAwait(false);
        }
    }

    /// <summary>One event from a category's generated handler: checked and counted against its origin node.</summary>
    private ValueTask Receive(Events.Category category, IEventEnvelope evt)
    {
        IReadOnlyList<string> problems = ControlPlaneSimulation.Check(_options.Store, category, evt);
        Count(evt.Node, problems.Count > 0, () => ControlPlaneSimulation.Describe(category, evt, problems));
        return default;
    }

    /// <summary>Anything on a topic that is not an event of its category: counted as invalid, from an unknown origin.</summary>
    private ValueTask Unrecognized(UnrecognizedMessage message)
    {
        Events.TryParseCategory(message.Category, out Events.Category category);
        string origin = message.Message is IEventPayload payload ? payload.Event.Node : message.Message is IEventEnvelope envelope ? envelope.Node : "?";
        Count(origin, invalid: true, () => ControlPlaneSimulation.Describe(category, message.Message, [message.Reason]));
        return default;
    }

    private void Count(string origin, bool invalid, Func<string> describe)
    {
        OriginTally tally = _origins.GetOrAdd(origin, _ => new OriginTally(0, 0));
        tally.Add(invalid);
        if (invalid)
        {
            Write($"{Name}: from {origin}: " + describe());
        }

        if (Interlocked.Increment(ref _receivedTotal) >= _expectedTotal && _origins.Values.All(o => o.Received >= o.Expected))
        {
            _allArrived.TrySetResult();
        }
    }

    /// <summary>Unsubscribes every handler; a handler that failed is the run's error.</summary>
    private static async Task<string?> StopReadingAsync(CategorySubscription[] subscriptions)
    {
        string? error = null;
        foreach (CategorySubscription subscription in subscriptions)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            if (subscription.Completion.Exception?.InnerException is { } failure)
            {
                error ??= $"the {subscription.Category} handler failed: {failure.Message}";
            }
        }

        return error;
    }

    /// <summary>
    /// Prints what this node published, the per-origin table and the result line; returns the exit code. One meaning
    /// throughout: "published" is what this node's bus sent (the bus line's count, and the parent's table's),
    /// "missing" what this node expected from an origin and did not get (events a stopped origin never published
    /// included), and "lost" only what was published and did not arrive: the bus's sequence gaps here, and in the
    /// parent's table each origin's published count against what arrived from it (<see cref="NodeResult.ReceivedFrom"/>).
    /// </summary>
    private async Task<int> ReportAsync(NodePubSub? bus, int published, string? error)
    {
        // A loaded machine can hold the last echoes back for longer than half a second: 2 s without progress, 5 s in all.
        NodePubSubStatistics? stats = bus is null ? null : await ClusterBus.AwaitOwnEchoesAsync(bus, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        if (stats is not null)
        {
            // The bus's count: a publish cut short by a stop can have left the bus without reaching the worker's tally.
            published = (int)stats.Published;
        }

        OriginTally[] origins = _origins.OrderBy(o => o.Value.Node == 0 ? int.MaxValue : o.Value.Node).ThenBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Value.Named(o.Key)).ToArray();
        int received = origins.Sum(o => o.Received);
        int missing = origins.Sum(o => o.Missing);
        int invalid = origins.Sum(o => o.Invalid);
        int unexpected = origins.Sum(o => Math.Max(0, o.Received - o.Expected));
        Write($"{Name} published {published} events.");
        Write($"{Name} received, by origin node (* this node, served locally):");
        Write($"{"origin",-20} {"workers",-32} {"received",9} {"expected",9} {"missing",8} {"invalid",7}");
        foreach (OriginTally o in origins)
        {
            string label = o.Name + (o.Name == Name ? " *" : string.Empty);
            string workers = o.Node == 0 ? "(not a node of this run)" : _plan.Describe(o.Node);
            Write($"{label,-20} {workers,-32} {o.Received,9} {o.Expected,9} {o.Missing,8} {o.Invalid,7}");
        }

        Write($"{"total",-20} {string.Empty,-32} {received,9} {_expectedTotal,9} {missing,8} {invalid,7}");
        if (bus is not null && stats is not null)
        {
            Write($"bus {ClusterBus.Name(bus)}: {stats.Published} published, {stats.Received} received from {ClusterBus.Engine(_options)}, "
                + $"{stats.Lost} lost (sequence gaps), {stats.Dropped} dropped, {stats.Rejected.Values.Sum()} rejected, {stats.SelfEchoes} self-echoes ignored");
        }

        if (error is null && (missing > 0 || invalid > 0 || unexpected > 0))
        {
            error = $"{missing} missing, {invalid} invalid, {unexpected} unexpected";
        }

        bool succeeded = error is null;
        Write(succeeded
            ? $"OK: {Name} received all {received} events of the {_plan.Nodes} nodes, all valid."
            : $"FAILED: {Name}: {error}.");
        if (_traceReport is not null)
        {
            Write(_traceReport());
        }

        var receivedFrom = origins.ToDictionary(o => o.Name, o => o.Received, StringComparer.Ordinal);
        Write(ClusterProtocol.FormatResult(new NodeResult(Name, published, received, _expectedTotal, missing, invalid, succeeded, error, receivedFrom)));
        return succeeded ? 0 : 1;
    }

    private void Write(string line)
    {
        lock (_outputLock)
        {
            _output.WriteLine(line);
            _output.Flush();
        }
    }

    /// <summary>What arrived from one origin node.</summary>
    private sealed class OriginTally
    {
        private int _received;
        private int _invalid;

        public OriginTally(int node, int expected)
        {
            Node = node;
            Expected = expected;
        }

        /// <summary>1-based node number; 0 for a sender that is not a node of this run.</summary>
        public int Node { get; }

        public int Expected { get; }

        public string Name { get; private init; } = string.Empty;

        public int Received => Volatile.Read(ref _received);

        public int Invalid => Volatile.Read(ref _invalid);

        /// <summary>Expected from this origin and not received: lost in transit, or never published (the origin stopped).</summary>
        public int Missing => Math.Max(0, Expected - Received);

        public void Add(bool invalid)
        {
            Interlocked.Increment(ref _received);
            if (invalid)
            {
                Interlocked.Increment(ref _invalid);
            }
        }

        public OriginTally Named(string name) => new(Node, Expected) { Name = name, _received = Received, _invalid = Invalid };
    }

    /// <summary>The parent's lines on standard input; its end (the parent is gone) counts as <see cref="ClusterProtocol.Stop"/>.</summary>
    private sealed class Commands
    {
        private readonly TaskCompletionSource<bool> _go = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _stopped = new();

        public Commands(TextReader input)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    string? line;
                    while ((line = await input.ReadLineAsync().ConfigureAwait(false)) is not null)
                    {
                        if (line == ClusterProtocol.Go)
                        {
                            _go.TrySetResult(true);
                        }
                        else if (line == ClusterProtocol.Stop)
                        {
                            break;
                        }
                    }
                }
                catch (IOException)
                {
                    // A broken pipe is the parent gone: stop.
                }

                _go.TrySetResult(false);
                _stop.TrySetResult();
                _stopped.Cancel();
            });
        }

        /// <summary>True on the start signal; false when stopped first.</summary>
        public Task<bool> Go => _go.Task;

        public Task Stop => _stop.Task;

        /// <summary>Cancelled on stop; lives as long as the process.</summary>
        public CancellationToken Stopped => _stopped.Token;
    }
}
