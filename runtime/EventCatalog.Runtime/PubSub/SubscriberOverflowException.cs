using System;

namespace EventCatalog;

/// <summary>A subscriber fell so far behind that <see cref="FullQueuePolicy.Disconnect"/> unsubscribed it.</summary>
public sealed class SubscriberOverflowException : Exception
{
    /// <summary>Creates the exception for <paramref name="topic"/> and <paramref name="capacity"/>.</summary>
    public SubscriberOverflowException(string topic, int capacity)
        : base($"The subscriber of topic \"{topic}\" was disconnected: its queue of {capacity} messages was full.")
    {
        Topic = topic;
        Capacity = capacity;
    }

    /// <summary>The subscriber's topic.</summary>
    public string Topic { get; }

    /// <summary>The queue capacity that was exceeded.</summary>
    public int Capacity { get; }
}
