using System;
using System.Diagnostics;
using EventCatalog.PubSub;

namespace EventCatalog.Subscribers;

/// <summary>
/// The CONSUMER span of one handler dispatch (<c>docs/tracing.md</c>): <c>process {destination}</c> on
/// <see cref="EventCatalogTelemetry.ActivitySourceName"/>, current while the handler runs, so the handler's own spans are its children.
/// </summary>
/// <remarks>
/// <para>Its parent is the delivery's CONSUMER span on this node when one was recorded for the message (so publish, delivery and
/// handling read as one tree in one trace), else the envelope's creation context (<see cref="IEventEnvelope.TraceParent"/>), else none
/// (a new trace: the subscription loop's ambient activity, captured when it subscribed, is never the parent). It links to the message's
/// creation context, as the messaging conventions ask of a process span. Attributes: the delivery span's, with
/// <c>eventcatalog.handler</c> (the handler's type) and <c>eventcatalog.category</c>.</para>
/// <para>Nothing is created or read when nothing listens: <see cref="Start"/> returns null after one <see cref="ActivitySource.HasListeners"/>.</para>
/// </remarks>
internal static class HandlerTelemetry
{
    private const string Process = "process";

    /// <summary>Starts the span of dispatching <paramref name="evt"/> (read from <paramref name="message"/>) to a handler and makes it current.</summary>
    /// <param name="topic">The subscription's topic.</param>
    /// <param name="category">The category's wire name.</param>
    /// <param name="handler">The handler's type name.</param>
    /// <param name="message">The message as the bus delivered it (the key of its delivery span).</param>
    /// <param name="evt">Its envelope.</param>
    /// <param name="previous">The activity current before it, to restore in <see cref="End"/>.</param>
    /// <returns>The span, or null when nothing listens or the sampler drops it.</returns>
    public static Activity? Start(string topic, string category, string handler, object message, IEventEnvelope evt, out Activity? previous)
    {
        previous = null;
        if (!PubSubTelemetry.Source.HasListeners())
        {
            return null;
        }

        previous = Activity.Current;
        PubSubTelemetry.Delivered? delivery = PubSubTelemetry.DeliveryOf(message) ?? (message is IEventPayload payload && payload.Event is { } wrapped ? PubSubTelemetry.DeliveryOf(wrapped) : null);
        ActivityContext creation = delivery?.Creation ?? default;
        if (creation == default && evt.TraceParent is { } traceParent)
        {
            creation = TraceContextRules.ToContext(traceParent, evt.TraceState);
        }

        ActivityContext parent = delivery?.Context ?? creation;
        ActivityLink[]? links = creation == default ? null : new[] { new ActivityLink(creation) };
        string? template = PubSubTelemetry.TemplateOf(evt, topic);

        // A default parent means "Activity.Current": clear it, so the loop's ambient activity does not adopt the span.
        Activity.Current = null;
        Activity? activity = PubSubTelemetry.Source.StartActivity(ActivityKind.Consumer, parent, null, links, default, Process + " " + (template ?? topic));
        if (activity is null)
        {
            Activity.Current = previous;
            return null;
        }

        PubSubTelemetry.Describe(activity, delivery?.System, delivery?.Node, Process, Process, topic, template, evt);
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("eventcatalog.handler", handler);
            activity.SetTag("eventcatalog.category", category);
        }

        return activity;
    }

    /// <summary>Marks <paramref name="activity"/> failed by <paramref name="error"/> (status <c>Error</c>, <c>error.type</c>).</summary>
    public static void Fail(Activity? activity, Exception error)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.SetTag("error.type", error.GetType().FullName);
        }
    }

    /// <summary>Ends <paramref name="activity"/> and makes <paramref name="previous"/> current again.</summary>
    public static void End(Activity? activity, Activity? previous)
    {
        if (activity is not null)
        {
            activity.Stop();
            Activity.Current = previous;
        }
    }
}
