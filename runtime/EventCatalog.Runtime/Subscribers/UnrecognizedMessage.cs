using System;

namespace EventCatalog.Subscribers;

/// <summary>A message on a category's topic that is not an event of that category (see <see cref="CategorySubscriptionOptions.OnUnrecognizedMessage"/>).</summary>
public sealed class UnrecognizedMessage
{
    /// <summary>Describes an unrecognised message.</summary>
    /// <param name="topic">The subscribed topic.</param>
    /// <param name="category">The category's wire name, e.g. <c>cluster</c>.</param>
    /// <param name="message">The message as the bus delivered it.</param>
    /// <param name="reason">Why it is not an event of the category, in one sentence.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public UnrecognizedMessage(string topic, string category, object message, string reason)
    {
        Topic = topic ?? throw new ArgumentNullException(nameof(topic));
        Category = category ?? throw new ArgumentNullException(nameof(category));
        Message = message ?? throw new ArgumentNullException(nameof(message));
        Reason = reason ?? throw new ArgumentNullException(nameof(reason));
    }

    /// <summary>The subscribed topic.</summary>
    public string Topic { get; }

    /// <summary>The category's wire name, e.g. <c>cluster</c>.</summary>
    public string Category { get; }

    /// <summary>The message as the bus delivered it.</summary>
    public object Message { get; }

    /// <summary>Why it is not an event of the category, e.g. <c>payload wrapper 'persistence_event' is not the wrapper 'cluster_event' of category 'cluster'</c>.</summary>
    public string Reason { get; }

    /// <summary>The topic, the message's type and the reason.</summary>
    /// <returns>One line of text.</returns>
    public override string ToString() => $"Unrecognized message {Message.GetType()} on topic '{Topic}' (category '{Category}'): {Reason}.";
}
