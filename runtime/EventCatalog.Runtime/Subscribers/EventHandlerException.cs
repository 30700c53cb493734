using System;

namespace EventCatalog.Subscribers;

/// <summary>
/// A category handler threw while handling an event: the exception names the topic, the event type and id
/// and the handler, and holds the handler's exception as <see cref="Exception.InnerException"/>.
/// See <see cref="HandlerErrorPolicy"/> for what follows.
/// </summary>
public sealed class EventHandlerException : Exception
{
    /// <summary>Wraps the exception a handler threw for one event.</summary>
    /// <param name="topic">The subscribed topic.</param>
    /// <param name="handler">The handler's type name.</param>
    /// <param name="evt">The event the handler was given.</param>
    /// <param name="innerException">What the handler threw.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public EventHandlerException(string topic, string handler, IEventEnvelope evt, Exception innerException)
        : base(Describe(topic, handler, evt, innerException), innerException)
    {
        Topic = topic;
        Handler = handler;
        Event = evt;
    }

    /// <summary>The subscribed topic.</summary>
    public string Topic { get; }

    /// <summary>The handler's type name.</summary>
    public string Handler { get; }

    /// <summary>The event the handler was given.</summary>
    public IEventEnvelope Event { get; }

    private static string Describe(string topic, string handler, IEventEnvelope evt, Exception innerException)
    {
        if (topic is null)
        {
            throw new ArgumentNullException(nameof(topic));
        }

        if (handler is null)
        {
            throw new ArgumentNullException(nameof(handler));
        }

        if (evt is null)
        {
            throw new ArgumentNullException(nameof(evt));
        }

        if (innerException is null)
        {
            throw new ArgumentNullException(nameof(innerException));
        }

        return $"Handler {handler} threw {innerException.GetType().Name} on event '{evt.EventType}' (id {evt.EventId}) from topic '{topic}': {innerException.Message}";
    }
}
