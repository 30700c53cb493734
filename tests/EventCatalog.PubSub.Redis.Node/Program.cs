using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog;
using EventCatalog.PubSub;
using EventCatalog.PubSub.Redis;
using ExESDB;

// One node of the distributed tests. Protocol (one line each):
//   stdout: READY | EVENT lost <utc-ms> | EVENT restored <utc-ms> <outage-ms> | PUBLISHED <n> <failed> | REPORT <json>
//   stdin:  GO (start publishing) | REPORT | EXIT
// Every message carries "<origin node>#<sequence>" in its one string field, on the seven category topics in turn.
var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 0; i + 1 < args.Length; i += 2)
{
    arguments[args[i]] = args[i + 1];
}

string redis = arguments["--redis"];
string node = arguments["--node"];
int count = int.Parse(arguments.GetValueOrDefault("--publish", "0"), CultureInfo.InvariantCulture);
int fieldBytes = int.Parse(arguments.GetValueOrDefault("--field-bytes", "0"), CultureInfo.InvariantCulture);
int perSecond = int.Parse(arguments.GetValueOrDefault("--rate", "0"), CultureInfo.InvariantCulture);
int window = int.Parse(arguments.GetValueOrDefault("--window", "64"), CultureInfo.InvariantCulture);
double publishTimeout = double.Parse(arguments.GetValueOrDefault("--publish-timeout", "5"), CultureInfo.InvariantCulture);
const string Store = "store_a";
EventNode.Current = node;

var codec = Events.Codec;
var options = new RedisPubSubOptions
{
    BusName = arguments.GetValueOrDefault("--bus", "distributed"),
    NodeName = node,
    PublishTimeout = TimeSpan.FromSeconds(publishTimeout),
    SubscriberCapacity = 1 << 16,
};

object outputLock = new();
void Say(string line)
{
    lock (outputLock)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}

long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
await using RedisPubSub bus = await RedisPubSub.ConnectAsync(redis, codec, options);
long restoredAt = 0;
bus.ConnectionLost += (_, e) => Say($"EVENT lost {Now()} {e.Connection}");
bus.ConnectionRestored += (_, e) =>
{
    Volatile.Write(ref restoredAt, Now());
    Say($"EVENT restored {Now()} {(long)e.Outage.TotalMilliseconds}");
};

// Per origin: received count, last sequence, out-of-order and duplicate counts, gaps as [from, to] ranges.
var origins = new ConcurrentDictionary<string, Origin>(StringComparer.Ordinal);
var categories = Enum.GetValues<Events.Category>();
var readers = new List<Task>();
foreach (Events.Category category in categories)
{
    ISubscription subscription = bus.Subscribe(Events.BuildTopic(Store, category));
    readers.Add(Task.Run(async () =>
    {
        await foreach (object message in subscription)
        {
            var payload = (IEventPayload)message;
            string field = Field(payload.Event.Data!);
            int hash = field.IndexOf('#');
            string origin = field.Substring(0, hash);
            int end = field.IndexOf('|', hash);
            long sequence = long.Parse(end < 0 ? field.Substring(hash + 1) : field.Substring(hash + 1, end - hash - 1), CultureInfo.InvariantCulture);
            origins.GetOrAdd(origin, _ => new Origin()).Add(sequence, category);
        }
    }));
}

Say("READY");
long published = 0;
long failed = 0;
long firstAfterRestore = 0;
long[] startedAt = new long[count];
Task? publishing = null;
string? line;
while ((line = Console.In.ReadLine()) is not null)
{
    if (line == "GO")
    {
        publishing = Task.Run(PublishAllAsync);
    }
    else if (line.StartsWith("REPORT", StringComparison.Ordinal))
    {
        // "REPORT <utc-ms>": also say which of this node's messages was the first published at or after that time.
        long since = line.Length > 7 ? long.Parse(line.Substring(7), CultureInfo.InvariantCulture) : 0;
        long firstSince = 0;
        for (int i = 0; i < startedAt.Length && since > 0; i++)
        {
            if (startedAt[i] >= since)
            {
                firstSince = i + 1;
                break;
            }
        }

        if (publishing is not null)
        {
            await publishing;
        }

        // Local subscribers get this node's own messages directly, so it can have received everything while the
        // last of its own frames are still on their way back from Redis (to be dropped as self-echoes). Wait for
        // them while they keep coming (at most 10 s; 0.5 s without progress ends it: after a fault some never come).
        var echoWait = System.Diagnostics.Stopwatch.StartNew();
        long lastEchoes = -1;
        var sinceProgress = System.Diagnostics.Stopwatch.StartNew();
        while (echoWait.Elapsed < TimeSpan.FromSeconds(10))
        {
            long echoes = bus.GetStatistics().SelfEchoes;
            if (echoes >= published)
            {
                break;
            }

            if (echoes != lastEchoes)
            {
                lastEchoes = echoes;
                sinceProgress.Restart();
            }
            else if (sinceProgress.Elapsed > TimeSpan.FromMilliseconds(500))
            {
                break;
            }

            await Task.Delay(20);
        }

        NodePubSubStatistics stats = bus.GetStatistics();
        var report = new
        {
            node,
            published,
            failed,
            firstAfterRestore,
            firstSince,
            lost = stats.Lost,
            dropped = stats.Dropped,
            selfEchoes = stats.SelfEchoes,
            rejected = stats.Rejected.Sum(r => r.Value),
            duplicateNodes = stats.DuplicateNodes,
            state = bus.State.ToString(),
            origins = origins.ToDictionary(o => o.Key, o => o.Value.Snapshot()),
        };
        Say("REPORT " + JsonSerializer.Serialize(report));
    }
    else if (line == "EXIT")
    {
        break;
    }
}

return 0;

async Task PublishAllAsync()
{
    var pending = new Queue<Task>();
    var clock = Stopwatch.StartNew();
    string pad = fieldBytes > 0 ? "|" + new string('x', fieldBytes) : string.Empty;
    for (long sequence = 1; sequence <= count; sequence++)
    {
        if (perSecond > 0)
        {
            double due = sequence * 1000.0 / perSecond;
            double wait = due - clock.Elapsed.TotalMilliseconds;
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            }
        }

        if (firstAfterRestore == 0 && Volatile.Read(ref restoredAt) != 0)
        {
            firstAfterRestore = sequence;
        }

        startedAt[sequence - 1] = Now();
        string text = node + "#" + sequence.ToString(CultureInfo.InvariantCulture) + pad;
        Events.Category category = categories[(int)(sequence % categories.Length)];
        pending.Enqueue(Publish(category, text));
        while (pending.Count >= window)
        {
            await Await(pending.Dequeue());
        }
    }

    while (pending.Count > 0)
    {
        await Await(pending.Dequeue());
    }

    Say($"PUBLISHED {published} {failed}");
}

async Task Await(Task task)
{
    try
    {
        await task;
        published++;
    }
    catch (TimeoutException ex)
    {
        failed++;
        Console.Error.WriteLine(ex.Message);
    }
}

Task Publish(Events.Category category, string text) => category switch
{
    Events.Category.System => bus.BroadcastAsync(Events.Topics.System(Store), Events.BuildPayload(new SubsystemStarting(text), Store)).AsTask(),
    Events.Category.Cluster => bus.BroadcastAsync(Events.Topics.Cluster(Store), Events.BuildPayload(new NodeDiscovered(text), Store)).AsTask(),
    Events.Category.Leadership => bus.BroadcastAsync(Events.Topics.Leadership(Store), Events.BuildPayload(new LeaderDetected(text), Store)).AsTask(),
    Events.Category.Persistence => bus.BroadcastAsync(Events.Topics.Persistence(Store), Events.BuildPayload(new PersistenceRequested(text), Store)).AsTask(),
    Events.Category.Gateway => bus.BroadcastAsync(Events.Topics.Gateway(Store), Events.BuildPayload(new GatewayWorkerStarted(text), Store)).AsTask(),
    Events.Category.Coordination => bus.BroadcastAsync(Events.Topics.Coordination(Store), Events.BuildPayload(new CoordinatorWaiting(text), Store)).AsTask(),
    _ => bus.BroadcastAsync(Events.Topics.Subscriptions(Store), Events.BuildPayload(new SubscriptionRegistered(text), Store)).AsTask(),
};

static string Field(object data) => data switch
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

/// <summary>What one receiver saw of one origin: each topic's subscriber must see the origin's sequence strictly increasing.</summary>
internal sealed class Origin
{
    private readonly object _gate = new();
    private readonly HashSet<long> _seen = new();
    private readonly Dictionary<Events.Category, long> _lastByTopic = new();
    private long _received;
    private long _max;
    private long _outOfOrder;
    private long _duplicates;

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

    public object Snapshot()
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

            return new { received = _received, max = _max, outOfOrder = _outOfOrder, duplicates = _duplicates, gaps = gaps.ToArray() };
        }
    }
}
