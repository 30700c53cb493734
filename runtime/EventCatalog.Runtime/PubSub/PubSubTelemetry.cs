using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace EventCatalog.PubSub;

/// <summary>
/// The spans and the OpenTelemetry messaging metrics of one bus (SPEC §12, <c>docs/tracing.md</c>): a PRODUCER span
/// <c>send {destination}</c> per publish, whose context the codec writes as <c>traceparent</c>, and a CONSUMER span
/// <c>process {destination}</c> per delivery on a node: a child of the message's creation context (its <c>traceparent</c>
/// when it came from another node, the PRODUCER span when it was published here), with a link to it as the messaging
/// conventions ask of a process span. <c>{destination}</c> is the catalog's topic template with the category filled in
/// (<c>{store}:cluster</c>) when the topic is a catalog topic, else the topic.
/// </summary>
/// <remarks>
/// Nothing is created, measured or allocated when nothing listens: each span waits for
/// <see cref="ActivitySource.HasListeners"/> and each measurement for its instrument's <see cref="Instrument.Enabled"/>.
/// The metrics go on one meter per engine (<see cref="MeterNameOf"/>), beside that engine's own counters.
/// </remarks>
internal sealed class PubSubTelemetry
{
    /// <summary>The source of every bus's spans: <see cref="EventCatalogTelemetry.ActivitySourceName"/>.</summary>
    internal static readonly ActivitySource Source = new(EventCatalogTelemetry.ActivitySourceName, "0.1.0");

    private const string Send = "send";
    private const string Process = "process";

    private static readonly ConcurrentDictionary<string, Instruments> s_instruments = new(StringComparer.Ordinal);

    /// <summary>The last CONSUMER span that delivered each message object (written only while a listener samples it): a handler's span is its child.</summary>
    private static readonly ConditionalWeakTable<object, Delivery> s_deliveries = new();

    private readonly string _system;
    private readonly string _node;
    private readonly Instruments _meter;

    /// <summary>The telemetry of a bus of engine <paramref name="system"/> on node <paramref name="node"/>.</summary>
    /// <param name="system">OpenTelemetry's <c>messaging.system</c>: <c>redis</c>, <c>nats</c>, or <see cref="InMemorySystem"/>.</param>
    /// <param name="meterName">The engine's meter (<see cref="MeterNameOf"/>).</param>
    /// <param name="node">The bus's node name, as <c>messaging.client.id</c>.</param>
    public PubSubTelemetry(string system, string meterName, string node)
    {
        _system = system;
        _node = node;
        _meter = s_instruments.GetOrAdd(meterName, static name => new Instruments(name));
    }

    /// <summary>
    /// The <c>messaging.system</c> of the in-process bus. OpenTelemetry's registry names brokers only (kafka, rabbitmq, ...), none
    /// for an in-process bus, and the attribute's values are open: this one names the engine, as <c>redis</c> and <c>nats</c> do.
    /// </summary>
    public const string InMemorySystem = "eventcatalog_inmemory";

    /// <summary>The meter of an engine: <c>EventCatalog.PubSub.</c> + its name with a capital (<c>InMemory</c>, <c>Redis</c>, <c>Nats</c>).</summary>
    /// <param name="engine">The engine's name (<c>InMemory</c>, or a transport's <c>SystemName</c>: <c>redis</c>).</param>
    /// <returns>The meter name.</returns>
    public static string MeterNameOf(string engine) =>
        "EventCatalog.PubSub." + (engine.Length == 0 ? engine : char.ToUpperInvariant(engine[0]) + engine.Substring(1));

    /// <summary>
    /// Runs a publish in a PRODUCER span, current while <paramref name="publish"/> runs synchronously (so the codec writes its context
    /// and a local delivery is its child) and ended when the returned task completes; with nothing listening, just <paramref name="publish"/>.
    /// </summary>
    public ValueTask Publish<TState>(string topic, object message, TState state, Func<TState, ValueTask> publish)
    {
        if (!IsEnabled)
        {
            return publish(state);
        }

        return StartSend(topic, message).Run(state, publish);
    }

    /// <summary>Publishes on this node only, as the in-process bus does: a PRODUCER span around the CONSUMER span of <see cref="DeliverLocal"/>.</summary>
    public ValueTask PublishLocal(SubscriptionTable table, string topic, object message, ISubscription? except, CancellationToken cancellationToken) =>
        Publish(topic, message, (this, table, topic, message, except, cancellationToken), static s => s.Item1.DeliverLocal(s.table, s.topic, s.message, s.except, s.cancellationToken));

    /// <summary>Delivers a message published on this node to its local subscribers, in a CONSUMER span that is a child of the current (PRODUCER) span.</summary>
    public ValueTask DeliverLocal(SubscriptionTable table, string topic, object message, ISubscription? except, CancellationToken cancellationToken)
    {
        int subscribers = IsEnabled ? table.Count(topic) - (except is Subscription s && s.Owner == table.Owner && s.Topic == topic ? 1 : 0) : 0;
        if (subscribers <= 0)
        {
            return table.Deliver(topic, message, except, cancellationToken);
        }

        return StartProcess(topic, message, remote: null, subscribers).Run(
            (table, topic, message, except, cancellationToken), static s => s.table.Deliver(s.topic, s.message, s.except, s.cancellationToken));
    }

    /// <summary>Delivers a message another node sent, in a CONSUMER span whose parent (and link) is the envelope's creation context.</summary>
    /// <returns>How many subscribers got it.</returns>
    public int DeliverRemote(SubscriptionTable table, string topic, object message, IEventEnvelope envelope, Guid exceptOwner, long exceptNumber)
    {
        if (!IsEnabled)
        {
            return table.DeliverRemote(topic, message, exceptOwner, exceptNumber);
        }

        Operation process = StartProcess(topic, message, envelope, 0);
        try
        {
            int delivered = table.DeliverRemote(topic, message, exceptOwner, exceptNumber);
            process.Consumed(delivered);
            process.End(default);
            return delivered;
        }
        catch (Exception ex)
        {
            process.Fail(ex);
            throw;
        }
        finally
        {
            process.Detach();
        }
    }

    /// <summary>True when a span or a measurement would be taken.</summary>
    public bool IsEnabled => Source.HasListeners() || _meter.AnyEnabled;

    /// <summary>
    /// Starts the PRODUCER span of a publish and makes it current, so that the codec writes its context; the caller ends it with
    /// <see cref="Operation.End"/> when the publish completes and calls <see cref="Operation.Detach"/> before returning.
    /// </summary>
    public Operation StartSend(string topic, object message)
    {
        IEventEnvelope? envelope = EnvelopeOf(message);
        string? template = TemplateOf(message, topic);
        Activity? activity = null;
        Activity? previous = Activity.Current;
        if (Source.HasListeners())
        {
            // A creation context the publisher gave the envelope is kept on the wire; the send span links to it (the conventions' publish span).
            ActivityLink[]? links = envelope?.TraceParent is { } traceParent ? new[] { new ActivityLink(TraceContextRules.ToContext(traceParent, envelope.TraceState)) } : null;
            activity = Source.StartActivity(ActivityKind.Producer, default, null, links, default, Send + " " + (template ?? topic));
            if (activity is not null)
            {
                Describe(activity, Send, Send, topic, template, envelope);
            }
        }

        return new Operation(this, activity, previous, _meter.OperationDuration.Enabled || _meter.Sent.Enabled ? Stopwatch.GetTimestamp() : 0, Send, topic, template);
    }

    /// <summary>Adds the message's id and type to the current PRODUCER span once the bus has built its envelope (a bare record gets one when it is encoded).</summary>
    public static void Describe(IEventEnvelope envelope)
    {
        Activity? current = Activity.Current;
        if (current is not null && current.Kind == ActivityKind.Producer && ReferenceEquals(current.Source, Source) && current.IsAllDataRequested && current.GetTagItem("messaging.message.id") is null)
        {
            DescribeMessage(current, envelope);
        }
    }

    private Operation StartProcess(string topic, object message, IEventEnvelope? remote, int subscribers)
    {
        IEventEnvelope? envelope = remote ?? EnvelopeOf(message);
        string? template = TemplateOf(message, topic);
        Activity? activity = null;
        Activity? previous = Activity.Current;
        if (Source.HasListeners())
        {
            // A message from another node: its creation context is the parent (one trace across the nodes) and the link the conventions
            // ask of a process span. Published here: the current PRODUCER span is the parent, and the creation context too.
            ActivityContext parent = default;
            ActivityLink[]? links = null;
            if (remote?.TraceParent is { } traceParent)
            {
                parent = TraceContextRules.ToContext(traceParent, remote.TraceState);
                links = new[] { new ActivityLink(parent) };
            }
            else if (remote is null && previous is not null && previous.Kind == ActivityKind.Producer)
            {
                links = new[] { new ActivityLink(previous.Context) };
            }

            activity = Source.StartActivity(ActivityKind.Consumer, parent, null, links, default, Process + " " + (template ?? topic));
            if (activity is not null)
            {
                Describe(activity, Process, Process, topic, template, envelope);
                s_deliveries.GetValue(message, static _ => new Delivery()).Set(activity.Context, links is null ? default : links[0].Context, _system, _node);
            }
        }

        var operation = new Operation(this, activity, previous, _meter.ProcessDuration.Enabled ? Stopwatch.GetTimestamp() : 0, Process, topic, template);
        if (subscribers > 0)
        {
            operation.Consumed(subscribers);
        }

        return operation;
    }

    private void Describe(Activity activity, string operationName, string operationType, string topic, string? template, IEventEnvelope? envelope) =>
        Describe(activity, _system, _node, operationName, operationType, topic, template, envelope);

    /// <summary>Sets the messaging attributes of a span, when it records them; <paramref name="system"/> and <paramref name="node"/> are left out when unknown.</summary>
    internal static void Describe(Activity activity, string? system, string? node, string operationName, string operationType, string topic, string? template, IEventEnvelope? envelope)
    {
        if (!activity.IsAllDataRequested)
        {
            return;
        }

        if (system is not null)
        {
            activity.SetTag("messaging.system", system);
        }

        activity.SetTag("messaging.operation.name", operationName);
        activity.SetTag("messaging.operation.type", operationType);
        activity.SetTag("messaging.destination.name", topic);
        if (template is not null)
        {
            activity.SetTag("messaging.destination.template", template);
        }

        if (node is not null)
        {
            activity.SetTag("messaging.client.id", node);
        }

        if (envelope is not null)
        {
            DescribeMessage(activity, envelope);
        }
    }

    /// <summary>The CONSUMER span that last delivered <paramref name="message"/> on this process, or null (none sampled, or nothing listened).</summary>
    internal static Delivered? DeliveryOf(object message) => s_deliveries.TryGetValue(message, out Delivery? delivery) ? delivery.Last : null;

    private static void DescribeMessage(Activity activity, IEventEnvelope envelope)
    {
        activity.SetTag("messaging.message.id", envelope.EventId);
        activity.SetTag("cloudevents.event_id", envelope.EventId);
        activity.SetTag("cloudevents.event_type", envelope.EventType);
        activity.SetTag("cloudevents.event_source", CloudEventSource.FromNode(envelope.Node));
        activity.SetTag("cloudevents.event_spec_version", CloudEventNames.SpecVersionValue);
        if (envelope.StoreId is not null)
        {
            activity.SetTag("eventcatalog.store_id", envelope.StoreId);
        }
    }

    private static IEventEnvelope? EnvelopeOf(object message) => message switch
    {
        IEventEnvelope envelope => envelope,
        IEventPayload payload => payload.Event,
        _ => null,
    };

    internal static string? TemplateOf(object message, string topic) =>
        CatalogTopics.EventOf(message) is { } data ? CatalogTopics.DestinationTemplate(data, topic) : null;

    /// <summary>
    /// One send or process operation: its span (or none), the activity that was current before it, and the start of its duration
    /// (0 when no histogram listens). A struct: nothing is allocated for an operation nobody observes.
    /// </summary>
    internal readonly struct Operation
    {
        private readonly PubSubTelemetry _owner;
        private readonly Activity? _activity;
        private readonly Activity? _previous;
        private readonly long _start;
        private readonly string _name;
        private readonly string _topic;
        private readonly string? _template;

        public Operation(PubSubTelemetry owner, Activity? activity, Activity? previous, long start, string name, string topic, string? template)
        {
            _owner = owner;
            _activity = activity;
            _previous = previous;
            _start = start;
            _name = name;
            _topic = topic;
            _template = template;
        }

        /// <summary>Makes the activity that was current before the span current again (the span goes on until <see cref="End"/>).</summary>
        public void Detach()
        {
            if (_activity is not null)
            {
                Activity.Current = _previous;
            }
        }

        /// <summary>Counts messages handed to local subscribers (<c>messaging.client.consumed.messages</c>).</summary>
        public void Consumed(int count)
        {
            if (count > 0 && _owner._meter.Consumed.Enabled)
            {
                _owner._meter.Consumed.Add(count, Tags(null));
            }

            _activity?.SetTag("eventcatalog.subscribers", count);
        }

        /// <summary>Runs <paramref name="body"/> in this operation: ended when its task is, failed when it throws; the span is current only while it runs synchronously.</summary>
        public ValueTask Run<TState>(TState state, Func<TState, ValueTask> body)
        {
            try
            {
                return End(body(state));
            }
            catch (Exception ex)
            {
                Fail(ex);
                throw;
            }
            finally
            {
                Detach();
            }
        }

        /// <summary>Ends the operation when <paramref name="task"/> does: at once when it has, else in a continuation that records its outcome.</summary>
        public ValueTask End(ValueTask task)
        {
            if (task.IsCompletedSuccessfully)
            {
                Complete(null);
                return task;
            }

            return new ValueTask(EndAsync(task));
        }

        /// <summary>Ends the operation as failed by <paramref name="error"/>.</summary>
        public void Fail(Exception error) => Complete(error);

        private async Task EndAsync(ValueTask task)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Complete(ex);
                throw;
            }

            Complete(null);
        }

        private void Complete(Exception? error)
        {
            Instruments meter = _owner._meter;
            bool send = ReferenceEquals(_name, Send);
            if (send && meter.Sent.Enabled)
            {
                meter.Sent.Add(1, Tags(error));
            }

            if (_start != 0)
            {
                Histogram<double> duration = send ? meter.OperationDuration : meter.ProcessDuration;
                if (duration.Enabled)
                {
                    duration.Record((Stopwatch.GetTimestamp() - _start) / (double)Stopwatch.Frequency, Tags(error));
                }
            }

            if (_activity is not null)
            {
                if (error is not null)
                {
                    _activity.SetStatus(ActivityStatusCode.Error, error.Message);
                    _activity.SetTag("error.type", error.GetType().FullName);
                }

                _activity.Stop();
            }
        }

        private TagList Tags(Exception? error)
        {
            var tags = new TagList
            {
                { "messaging.system", _owner._system },
                { "messaging.operation.name", _name },
                { "messaging.operation.type", _name },
            };
            if (_template is not null)
            {
                tags.Add("messaging.destination.template", _template);
            }

            if (error is not null)
            {
                tags.Add("error.type", error.GetType().FullName);
            }

            return tags;
        }
    }

    /// <summary>
    /// Where a message object was last delivered on this process: one message may be delivered more than once (published again, or by
    /// two buses), and the last delivery wins.
    /// </summary>
    internal sealed class Delivery
    {
        private Delivered? _last;

        public Delivered? Last => Volatile.Read(ref _last);

        public void Set(ActivityContext context, ActivityContext creation, string system, string node) =>
            Volatile.Write(ref _last, new Delivered(context, creation, system, node));
    }

    /// <summary>One delivery: the CONSUMER span's context, the message's creation context it links to (default when none), the bus's engine and node.</summary>
    internal sealed record Delivered(ActivityContext Context, ActivityContext Creation, string System, string Node);

    /// <summary>One engine's meter and its four OpenTelemetry messaging instruments.</summary>
    private sealed class Instruments
    {
        public Instruments(string meterName)
        {
            var meter = new Meter(meterName, "0.1.0");
            Sent = meter.CreateCounter<long>("messaging.client.sent.messages", "{message}", "Number of messages the bus attempted to send (one per publish, whatever its outcome).");
            Consumed = meter.CreateCounter<long>("messaging.client.consumed.messages", "{message}", "Number of messages handed to local subscribers (one per subscriber).");
            OperationDuration = meter.CreateHistogram<double>("messaging.client.operation.duration", "s", "Duration of a publish, until the broker accepted its frame and local subscribers have it.");
            ProcessDuration = meter.CreateHistogram<double>("messaging.process.duration", "s", "Duration of a delivery to a node's local subscribers.");
        }

        public Counter<long> Sent { get; }

        public Counter<long> Consumed { get; }

        public Histogram<double> OperationDuration { get; }

        public Histogram<double> ProcessDuration { get; }

        public bool AnyEnabled => Sent.Enabled || Consumed.Enabled || OperationDuration.Enabled || ProcessDuration.Enabled;
    }
}
