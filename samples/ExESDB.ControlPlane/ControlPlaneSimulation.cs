using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog;
using EventCatalog.Subscribers;

namespace ExESDB.ControlPlane;

/// <summary>
/// One store's control plane on an <see cref="InMemoryPubSub"/>: a worker per category publishes its
/// events with the generated builders; a subscriber per category, on <c>Events.Topics.X(store)</c>,
/// receives, validates and logs them; a summary table closes the run.
/// </summary>
public sealed class ControlPlaneSimulation
{
    private readonly SimulationOptions _options;
    private readonly TextWriter _output;
    private readonly object _outputLock = new();

    public ControlPlaneSimulation(SimulationOptions options, TextWriter output)
    {
        _options = options;
        _output = output;
    }

    public async Task<SimulationReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var bus = new InMemoryPubSub();
        string store = _options.Store;
        string node = EventNode.Current;
        Events.Category[] categories = Enum.GetValues<Events.Category>();

        Write($"ExESDB control plane: store {store}, node {node}");
        Write($"{categories.Length} categories, {Events.AllEvents.Values.Sum(e => e.Count)} event types, {_options.EventsPerCategory} events per category, topics {Events.Topics.Template.Replace("{store}", store)}");
        Write(string.Empty);

        // Subscribe before anyone publishes, as the seed's subscribers do at start-up: one generated handler per category.
        var receivers = categories.ToDictionary(c => c, c => new Receiver(c));
        var handlerOptions = new CategorySubscriptionOptions { OnUnrecognizedMessage = m => Unrecognized(receivers, m) };
        CategorySubscription[] subscriptions = CategoryHandlers.SubscribeAll(bus, store, (category, evt) => Receive(receivers[category], evt), handlerOptions);

        var publishers = categories.ToDictionary(c => c, _ => new CategoryPublisher(bus, store, node, _options.EventsPerCategory));
        await Task.WhenAll(categories.Select(c => Task.Run(() => WorkerFor(c)(publishers[c], cancellationToken), cancellationToken))).ConfigureAwait(false);

        // Every worker's broadcasts have completed, so each marker queues behind all of its topic's events.
        foreach (Events.Category category in categories)
        {
            await bus.BroadcastAsync(Events.BuildTopic(store, category), new EndOfRun(), cancellationToken).ConfigureAwait(false);
        }

        CategoryTally[] received = await Task.WhenAll(categories.Select((c, i) => receivers[c].EndAsync(subscriptions[i], cancellationToken))).ConfigureAwait(false);
        var report = new SimulationReport(received.Select(t => t with { Published = publishers[t.Category].Published }).ToArray());
        WriteSummary(report);
        return report;
    }

    internal static Func<CategoryPublisher, CancellationToken, Task> WorkerFor(Events.Category category) => category switch
    {
        Events.Category.System => Workers.SystemAsync,
        Events.Category.Cluster => Workers.ClusterAsync,
        Events.Category.Leadership => Workers.LeadershipAsync,
        Events.Category.Persistence => Workers.PersistenceAsync,
        Events.Category.Gateway => Workers.GatewayAsync,
        Events.Category.Coordination => Workers.CoordinationAsync,
        Events.Category.Subscriptions => Workers.SubscriptionsAsync,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "No worker for this category."),
    };

    /// <summary>One event from a category's generated handler: counted, checked, and printed unless quiet.</summary>
    private ValueTask Receive(Receiver receiver, IEventEnvelope evt)
    {
        IReadOnlyList<string> problems = Check(_options.Store, receiver.Category, evt);
        receiver.Add(evt.EventType, problems.Count > 0);
        if (!_options.Quiet || problems.Count > 0)
        {
            WriteLogLine(Describe(receiver.Category, evt, problems));
        }

        return default;
    }

    /// <summary>Anything on a topic that is not an event of its category: the end-of-run marker, or an invalid message.</summary>
    private ValueTask Unrecognized(Dictionary<Events.Category, Receiver> receivers, UnrecognizedMessage message)
    {
        Events.TryParseCategory(message.Category, out Events.Category category);
        Receiver receiver = receivers[category];
        if (message.Message is EndOfRun)
        {
            receiver.Ended();
            return default;
        }

        receiver.Add(null, invalid: true);
        WriteLogLine(Describe(category, message.Message, [message.Reason]));
        return default;
    }

    /// <summary>What one category's handler received; each handler runs one event at a time, so no locks.</summary>
    private sealed class Receiver(Events.Category category)
    {
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly HashSet<string> _types = new(StringComparer.Ordinal);
        private int _received;
        private int _invalid;

        public Events.Category Category => category;

        public void Add(string? eventType, bool invalid)
        {
            _received++;
            _invalid += invalid ? 1 : 0;
            if (eventType is not null)
            {
                _types.Add(eventType);
            }
        }

        public void Ended() => _ended.TrySetResult();

        /// <summary>Waits for the end-of-run marker (or the handler's failure), unsubscribes, and gives the tally.</summary>
        public async Task<CategoryTally> EndAsync(CategorySubscription subscription, CancellationToken cancellationToken)
        {
            await Task.WhenAny(_ended.Task, subscription.Completion).WaitAsync(cancellationToken).ConfigureAwait(false);
            await subscription.DisposeAsync().ConfigureAwait(false);
            await subscription.Completion.ConfigureAwait(false);
            return new CategoryTally(category, 0, _received, _invalid, _types);
        }
    }

    /// <summary>Everything a subscriber can check about a message: the seed's structure, the catalog, the record's own data.</summary>
    internal static IReadOnlyList<string> Check(string store, Events.Category category, object message)
    {
        var problems = new List<string>();
        if (message is not IEventPayload payload)
        {
            problems.Add($"not an event payload but a {message.GetType().Name}");
            return problems;
        }

        if (payload.Wrapper != Events.GetWrapper(category))
        {
            problems.Add($"wrapper {payload.Wrapper}, expected {Events.GetWrapper(category)}");
        }

        problems.AddRange(Check(store, category, payload.Event));
        return problems;
    }

    /// <summary>Everything a handler can check about an event it received (the generated dispatch checked the wrapper).</summary>
    internal static IReadOnlyList<string> Check(string store, Events.Category category, IEventEnvelope evt)
    {
        var problems = new List<string>();
        if (!Events.IsValidEventStructure(evt.ToMap()))
        {
            problems.Add("a required field is missing");
        }

        if (!Events.IsValidEvent(category, evt.EventType))
        {
            problems.Add($"{evt.EventType} is not a {Events.GetCategoryName(category)} event");
        }

        if (!EventIds.IsWellFormed(evt.EventId))
        {
            problems.Add($"malformed event id {evt.EventId}");
        }

        if (evt.StoreId != store)
        {
            problems.Add($"store {evt.StoreId ?? "nil"}, expected {store}");
        }

        if (evt.Data is IValidatable data)
        {
            problems.AddRange(data.Validate());
        }
        else
        {
            problems.Add("no catalog data");
        }

        return problems;
    }

    /// <summary>
    /// A log line without its time (the writer stamps it): the category, the event type, its fields, and the verdict —
    /// <c>valid</c>; <c>valid, reports a failure</c> for an event that reports one (<see cref="IsFailureEvent"/>), so
    /// that a <c>subsystem_failed</c> is not read as "ok"; or <c>INVALID: …</c> with the problems.
    /// </summary>
    internal static string Describe(Events.Category category, object message, IReadOnlyList<string> problems)
    {
        if (message is not IEventPayload payload)
        {
            return $"{Events.GetCategoryName(category),-13} {"?",-32} INVALID: {string.Join("; ", problems)}";
        }

        return Describe(category, payload.Event, problems);
    }

    internal static string Describe(Events.Category category, IEventEnvelope evt, IReadOnlyList<string> problems)
    {
        string verdict = problems.Count > 0 ? "INVALID: " + string.Join("; ", problems)
            : IsFailureEvent(evt.EventType) ? "valid, reports a failure"
            : "valid";
        return $"{Events.GetCategoryName(category),-13} {evt.EventType,-32} {Fields(evt)}  {verdict}";
    }

    /// <summary>True for an event type that reports a failure: a word of its name is failed, failure, error or lost (subsystem_failed, persistence_error, leadership_lost).</summary>
    internal static bool IsFailureEvent(string eventType) =>
        eventType.Split('_').Any(word => word is "failed" or "failure" or "error" or "lost");

    /// <summary>
    /// The record's fields as <c>wire_name=value</c>, in catalog order, read from the event's CloudEvents
    /// frame (<see cref="Events.Codec"/>): no reflection, so the sample stays trim- and AOT-clean.
    /// </summary>
    private static string Fields(IEventEnvelope evt)
    {
        if (!Events.Codec.CanHandle(evt.EventType))
        {
            return string.Empty;
        }

        using var frame = System.Text.Json.JsonDocument.Parse(Events.Codec.Serialize(evt));
        if (!frame.RootElement.TryGetProperty("data", out System.Text.Json.JsonElement data) || data.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return string.Empty;
        }

        var parts = new List<string>();
        foreach (System.Text.Json.JsonProperty field in data.EnumerateObject())
        {
            parts.Add(field.Name + "=" + Format(field.Value));
        }

        return string.Join(" ", parts);
    }

    private static string Format(System.Text.Json.JsonElement value) => value.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Null => "nil",
        System.Text.Json.JsonValueKind.String => value.GetString() ?? string.Empty,
        System.Text.Json.JsonValueKind.Array => "[" + string.Join(", ", value.EnumerateArray().Select(Format)) + "]",
        System.Text.Json.JsonValueKind.Object => "{" + string.Join(", ", value.EnumerateObject().Select(p => p.Name + ": " + Format(p.Value))) + "}",
        _ => value.GetRawText(),
    };

    private void WriteSummary(SimulationReport report)
    {
        Write(string.Empty);
        Write($"{"category",-14} {"published",9} {"received",9} {"invalid",8} {"lost",5}  event types");
        foreach (CategoryTally tally in report.Categories)
        {
            int known = Events.AllEvents[tally.Category].Count;
            Write($"{Events.GetCategoryName(tally.Category),-14} {tally.Published,9} {tally.Received,9} {tally.Invalid,8} {tally.Lost,5}  {tally.EventTypes.Count}/{known}");
        }

        int seen = report.Categories.Sum(c => c.EventTypes.Count);
        int all = Events.AllEvents.Values.Sum(e => e.Count);
        Write($"{"total",-14} {report.Published,9} {report.Received,9} {report.Invalid,8} {report.Published - report.Received,5}  {seen}/{all}");
        Write(string.Empty);
        Write(report.Succeeded
            ? $"OK: {report.Published} events published, {report.Received} received and valid, nothing lost."
            : $"FAILED: {report.Published - report.Received} lost, {report.Invalid} invalid.");
    }

    private void Write(string line)
    {
        lock (_outputLock)
        {
            _output.WriteLine(line);
        }
    }

    /// <summary>
    /// A live log line, stamped with the time it is written, taken under the output lock: the seven subscribers write
    /// concurrently, so stamping with each event's own timestamp printed the log out of time order.
    /// </summary>
    private void WriteLogLine(string line)
    {
        lock (_outputLock)
        {
            _output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff}  {line}");
        }
    }

    /// <summary>Sent on each topic once every worker is done: the subscriber has everything.</summary>
    private sealed record EndOfRun;
}
