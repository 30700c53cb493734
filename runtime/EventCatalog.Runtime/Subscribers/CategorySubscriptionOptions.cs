using System;
using System.Threading.Tasks;

namespace EventCatalog.Subscribers;

/// <summary>How a <see cref="CategorySubscription"/> or a <see cref="CategoryStream{TEvent}"/> treats messages it cannot hand to the category's handler and handlers that throw.</summary>
public sealed class CategorySubscriptionOptions
{
    /// <summary>What happens after a handler throws; <see cref="HandlerErrorPolicy.Stop"/> by default. Streams have no handler and ignore it.</summary>
    public HandlerErrorPolicy ErrorPolicy { get; set; } = HandlerErrorPolicy.Stop;

    /// <summary>
    /// Called (on the subscription's loop, before <see cref="ErrorPolicy"/> applies) with each handler failure:
    /// the exception names the topic, the event type and id, and holds the handler's exception as its
    /// <see cref="Exception.InnerException"/>. An exception thrown by this hook ends the subscription as <see cref="HandlerErrorPolicy.Stop"/> does.
    /// </summary>
    public Func<EventHandlerException, ValueTask>? OnHandlerError { get; set; }

    /// <summary>
    /// Called with each message on the topic that is not an event of the category: another category's
    /// record, envelope or payload, a payload whose wrapper is not the category's, an envelope whose event
    /// type does not match its data, an earlier version's record, or any other object. Such messages are always
    /// counted (<see cref="CategorySubscription.Unrecognized"/>, <see cref="CategoryStream{TEvent}.Unrecognized"/>);
    /// when this hook is null each one is also written to <see cref="System.Diagnostics.Trace"/> as a warning,
    /// so none is lost silently. An exception thrown by the hook ends a subscription as <see cref="HandlerErrorPolicy.Stop"/> does and ends a stream's enumeration.
    /// </summary>
    public Func<UnrecognizedMessage, ValueTask>? OnUnrecognizedMessage { get; set; }
}
