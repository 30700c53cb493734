using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog;
using EventCatalog.PubSub;

namespace ExESDB.ControlPlane;

/// <summary>
/// The sample's second node role (<c>--load-node</c>, internal): one node of the distributed tests
/// (tests/EventCatalog.PubSub.Distributed.Tests), on the same <see cref="ClusterBus"/> as the cluster demo's <see cref="ClusterNode"/>.
/// It publishes <c>--publish N</c> sequence-stamped events (<c>"&lt;origin node&gt;#&lt;sequence&gt;"</c> in their one string field, on the
/// seven category topics in turn, at most <c>--rate</c> a second and <c>--window</c> in flight, padded by <c>--field-bytes</c>) and
/// accounts, per origin node, for what arrived: count, gaps, duplicates and order per topic.
/// </summary>
/// <remarks>
/// Arguments: <c>--transport redis|nats --server ENDPOINT --node NAME [--bus NAME] [--publish N] [--rate N] [--window N]
/// [--field-bytes N] [--publish-timeout S] [--seconds S] [--wait-for-slowest true|false] [--max-outbound N]</c> (<c>--max-outbound</c>: <see cref="NodePubSubOptions.MaxOutboundQueue"/>; <c>--wait-for-slowest</c>: <see cref="NodePubSubOptions.WaitForSlowestReceiver"/>, default true; <c>--seconds</c>: stop publishing after S seconds even if fewer than N were
/// published; the report then carries the deepest outbound queue seen and how many publishes failed with <see cref="OutboundQueueFullException"/>). Protocol, one line each — standard output: <c>READY</c> | <c>EVENT lost &lt;utc-ms&gt;</c> |
/// <c>EVENT restored &lt;utc-ms&gt; &lt;outage-ms&gt;</c> | <c>PUBLISHED &lt;n&gt; &lt;failed&gt;</c> | <c>REPORT &lt;json&gt;</c>; standard input:
/// <c>GO</c> (start publishing) | <c>REPORT [utc-ms]</c> | <c>EXIT</c>.
/// </remarks>
internal sealed class LoadNode
{
    /// <summary>The option that selects this role: the first argument.</summary>
    public const string Option = "--load-node";

    private const string Store = "store_a";

    private static readonly Events.Category[] s_categories = Enum.GetValues<Events.Category>();

    private readonly TextWriter _output;
    private readonly TextReader _input;
    private readonly object _outputLock = new();
    private readonly ConcurrentDictionary<string, Origin> _origins = new(StringComparer.Ordinal);
    private readonly string _transport;
    private readonly string _server;
    private readonly string _node;
    private readonly string _busName;
    private readonly int _count;
    private readonly int _fieldBytes;
    private readonly int _perSecond;
    private readonly int _window;
    private readonly TimeSpan _publishTimeout;
    private readonly double _seconds;
    private readonly bool _waitForSlowest;
    private readonly int _maxOutbound;
    private long _queueFull;
    private long _deepestQueue;
    private readonly long[] _startedAt;
    private long _restoredAt;
    private long _published;
    private long _failed;
    private long _firstAfterRestore;

    private LoadNode(Dictionary<string, string> arguments, TextWriter output, TextReader input)
    {
        _output = output;
        _input = input;
        _transport = arguments.GetValueOrDefault("--transport", SimulationOptions.RedisTransport);
        _server = arguments["--server"];
        _node = arguments["--node"];
        _busName = arguments.GetValueOrDefault("--bus", "distributed");
        _count = int.Parse(arguments.GetValueOrDefault("--publish", "0"), CultureInfo.InvariantCulture);
        _fieldBytes = int.Parse(arguments.GetValueOrDefault("--field-bytes", "0"), CultureInfo.InvariantCulture);
        _perSecond = int.Parse(arguments.GetValueOrDefault("--rate", "0"), CultureInfo.InvariantCulture);
        _window = int.Parse(arguments.GetValueOrDefault("--window", "64"), CultureInfo.InvariantCulture);
        _publishTimeout = TimeSpan.FromSeconds(double.Parse(arguments.GetValueOrDefault("--publish-timeout", "5"), CultureInfo.InvariantCulture));
        _seconds = double.Parse(arguments.GetValueOrDefault("--seconds", "0"), CultureInfo.InvariantCulture);
        _waitForSlowest = bool.Parse(arguments.GetValueOrDefault("--wait-for-slowest", "true"));
        _maxOutbound = int.Parse(arguments.GetValueOrDefault("--max-outbound", NodePubSubOptions.DefaultMaxOutboundQueue.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        _startedAt = new long[_count];
    }

    /// <summary>Runs the role with <paramref name="args"/> (after <see cref="Option"/>) until <c>EXIT</c> or the end of <paramref name="input"/>.</summary>
    /// <exception cref="KeyNotFoundException"><c>--server</c> or <c>--node</c> is missing.</exception>
    /// <exception cref="FormatException">A number is not one.</exception>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextReader input)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            arguments[args[i]] = args[i + 1];
        }

        return new LoadNode(arguments, output, input).RunAsync();
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private async Task<int> RunAsync()
    {
        EventNode.Current = _node;
        await using NodePubSub bus = await ClusterBus.ConnectAsync(_transport, _server, _busName, _node, _publishTimeout, CancellationToken.None, o =>
        {
            o.WaitForSlowestReceiver = _waitForSlowest;
            o.MaxOutboundQueue = _maxOutbound;
        }).ConfigureAwait(false);
        bus.ConnectionLost += (_, e) => Say($"EVENT lost {Now()} {e.Connection}");
        bus.NodeDown += (_, e) => Say($"EVENT nodedown {Now()} {e.NodeName} {e.Reason}");
        bus.ConnectionRestored += (_, e) =>
        {
            Volatile.Write(ref _restoredAt, Now());
            Say($"EVENT restored {Now()} {(long)e.Outage.TotalMilliseconds}");
        };

        foreach (Events.Category category in s_categories)
        {
            ISubscription subscription = bus.Subscribe(Events.BuildTopic(Store, category));
            _ = Task.Run(async () =>
            {
                await foreach (object message in ((IAsyncEnumerable<object>)subscription).ConfigureAwait(false))
                {
                    string field = Field(((IEventPayload)message).Event.Data!);
                    int hash = field.IndexOf('#', StringComparison.Ordinal);
                    int end = field.IndexOf('|', hash);
                    long sequence = long.Parse(end < 0 ? field.AsSpan(hash + 1) : field.AsSpan(hash + 1, end - hash - 1), CultureInfo.InvariantCulture);
                    _origins.GetOrAdd(field.Substring(0, hash), _ => new Origin()).Add(sequence, category);
                }
            });
        }

        Say("READY");
        Task? publishing = null;
        string? line;
        while ((line = await _input.ReadLineAsync().ConfigureAwait(false)) is not null)
        {
            if (line == "GO")
            {
                publishing = Task.Run(() => PublishAllAsync(bus));
            }
            else if (line.StartsWith("REPORT", StringComparison.Ordinal))
            {
                if (publishing is not null)
                {
                    await publishing.ConfigureAwait(false);
                }

                // "REPORT <utc-ms>": also say which of this node's messages was the first published at or after that time.
                long since = line.Length > 7 ? long.Parse(line.AsSpan(7), CultureInfo.InvariantCulture) : 0;
                Say("REPORT " + await ReportAsync(bus, since).ConfigureAwait(false));
            }
            else if (line == "EXIT")
            {
                break;
            }
        }

        return 0;
    }

    private async Task<string> ReportAsync(NodePubSub bus, long since)
    {
        long firstSince = since <= 0 ? 0 : Array.FindIndex(_startedAt, at => at >= since) + 1;

        // After a fault some echoes never come: 0.5 s without progress ends the wait (10 s in all).
        NodePubSubStatistics stats = await ClusterBus.AwaitOwnEchoesAsync(bus, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);

        // One task per category reads this node's subscriptions: what the bus has delivered may still wait in their queues (a
        // burst of batches on a loaded machine). The report waits until reading settles (0.3 s without a new message, 10 s at
        // most), so "received" is what the bus delivered, not what the readers had got to when the report was asked for.
        await ClusterBus.WhileProgressingAsync(() => _origins.Values.Sum(o => o.Received), static () => false, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(300)).ConfigureAwait(false);
        stats = bus.GetStatistics();
        var report = new LoadReport(
            _node,
            _published,
            _failed,
            _firstAfterRestore,
            firstSince,
            stats.Lost,
            stats.Dropped,
            stats.SelfEchoes,
            stats.Rejected.Sum(r => r.Value),
            stats.Rejected.Where(r => r.Value > 0).ToDictionary(r => r.Key.ToString(), r => r.Value),
            stats.DuplicateNodes,
            bus.State.ToString(),
            _origins.ToDictionary(o => o.Key, o => o.Value.Snapshot()),
            _queueFull,
            _deepestQueue);
        return JsonSerializer.Serialize(report, LoadJson.Default.LoadReport);
    }

    private async Task PublishAllAsync(NodePubSub bus)
    {
        var pending = new Queue<Task>();
        var clock = Stopwatch.StartNew();
        string pad = _fieldBytes > 0 ? "|" + new string('x', _fieldBytes) : string.Empty;
        for (long sequence = 1; sequence <= _count; sequence++)
        {
            if (_seconds > 0 && clock.Elapsed.TotalSeconds >= _seconds)
            {
                break;
            }

            if (_perSecond > 0)
            {
                double wait = (sequence * 1000.0 / _perSecond) - clock.Elapsed.TotalMilliseconds;
                if (wait > 1)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait)).ConfigureAwait(false);
                }
            }

            if (_firstAfterRestore == 0 && Volatile.Read(ref _restoredAt) != 0)
            {
                _firstAfterRestore = sequence;
            }

            _startedAt[sequence - 1] = Now();
            string text = _node + "#" + sequence.ToString(CultureInfo.InvariantCulture) + pad;
            pending.Enqueue(Publish(bus, s_categories[(int)(sequence % s_categories.Length)], text));
            _deepestQueue = Math.Max(_deepestQueue, bus.OutboundQueueDepth);
            while (pending.Count >= _window)
            {
                await AwaitPublish(pending.Dequeue()).ConfigureAwait(false);
            }
        }

        while (pending.Count > 0)
        {
            await AwaitPublish(pending.Dequeue()).ConfigureAwait(false);
        }

        Say($"PUBLISHED {_published} {_failed}");
    }

    private async Task AwaitPublish(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
            _published++;
        }
        catch (TimeoutException ex)
        {
            _failed++;
            if (ex is OutboundQueueFullException)
            {
                _queueFull++;
            }

            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
        }
    }

    private static Task Publish(NodePubSub bus, Events.Category category, string text) => category switch
    {
        Events.Category.System => bus.BroadcastAsync(Events.Topics.System(Store), Events.BuildPayload(new SubsystemStarting(text), Store)).AsTask(),
        Events.Category.Cluster => bus.BroadcastAsync(Events.Topics.Cluster(Store), Events.BuildPayload(new NodeDiscovered(text), Store)).AsTask(),
        Events.Category.Leadership => bus.BroadcastAsync(Events.Topics.Leadership(Store), Events.BuildPayload(new LeaderDetected(text), Store)).AsTask(),
        Events.Category.Persistence => bus.BroadcastAsync(Events.Topics.Persistence(Store), Events.BuildPayload(new PersistenceRequested(text), Store)).AsTask(),
        Events.Category.Gateway => bus.BroadcastAsync(Events.Topics.Gateway(Store), Events.BuildPayload(new GatewayWorkerStarted(text), Store)).AsTask(),
        Events.Category.Coordination => bus.BroadcastAsync(Events.Topics.Coordination(Store), Events.BuildPayload(new CoordinatorWaiting(text), Store)).AsTask(),
        _ => bus.BroadcastAsync(Events.Topics.Subscriptions(Store), Events.BuildPayload(new SubscriptionRegistered(text), Store)).AsTask(),
    };

    private static string Field(object data) => data switch
    {
        SubsystemStarting d => d.Subsystem,
        NodeDiscovered d => d.Node,
        LeaderDetected d => d.Leader,
        PersistenceRequested d => d.StreamId!,
        GatewayWorkerStarted d => d.Worker,
        CoordinatorWaiting d => d.Node,
        SubscriptionRegistered d => d.SubscriptionName,
        _ => throw new InvalidOperationException("unexpected " + data.GetType()),
    };

    private void Say(string line)
    {
        lock (_outputLock)
        {
            _output.WriteLine(line);
            _output.Flush();
        }
    }

    /// <summary>What one receiver saw of one origin: each topic's subscriber must see the origin's sequence strictly increasing.</summary>
    private sealed class Origin
    {
        private readonly object _gate = new();
        private readonly HashSet<long> _seen = new();
        private readonly Dictionary<Events.Category, long> _lastByTopic = new();
        private long _received;
        private long _max;
        private long _outOfOrder;
        private long _duplicates;

        /// <summary>How many messages of this origin were read so far.</summary>
        public long Received
        {
            get
            {
                lock (_gate)
                {
                    return _received;
                }
            }
        }

        public void Add(long sequence, Events.Category category)
        {
            lock (_gate)
            {
                _received++;
                if (!_seen.Add(sequence))
                {
                    _duplicates++;
                }

                if (_lastByTopic.TryGetValue(category, out long last) && sequence <= last)
                {
                    _outOfOrder++;
                }

                _lastByTopic[category] = sequence;
                _max = Math.Max(_max, sequence);
            }
        }

        public OriginReport Snapshot()
        {
            lock (_gate)
            {
                var gaps = new List<long[]>();
                long? start = null;
                for (long s = 1; s <= _max + 1; s++)
                {
                    bool missing = s <= _max && !_seen.Contains(s);
                    if (missing && start is null)
                    {
                        start = s;
                    }
                    else if (!missing && start is not null)
                    {
                        gaps.Add(new[] { start.Value, s - 1 });
                        start = null;
                    }
                }

                return new OriginReport(_received, _max, _outOfOrder, _duplicates, gaps.ToArray());
            }
        }
    }
}

/// <summary>A <see cref="LoadNode"/>'s report: what it published, its bus's counters, and what arrived from each origin.</summary>
internal sealed record LoadReport(
    string Node, long Published, long Failed, long FirstAfterRestore, long FirstSince, long Lost, long Dropped, long SelfEchoes, long Rejected,
    Dictionary<string, long> RejectedBy, long DuplicateNodes, string State, Dictionary<string, OriginReport> Origins, long QueueFull, long DeepestQueue);

/// <summary>What a <see cref="LoadNode"/> received from one origin: the count, the highest sequence, order and duplicates, gaps as [from, to].</summary>
internal sealed record OriginReport(long Received, long Max, long OutOfOrder, long Duplicates, long[][] Gaps);

/// <summary>The report's JSON (camelCase, as the tests read it), by System.Text.Json's source generator: the sample stays trim- and AOT-clean.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LoadReport))]
internal sealed partial class LoadJson : JsonSerializerContext
{
}
