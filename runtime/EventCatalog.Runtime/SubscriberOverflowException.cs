using System;

namespace EventCatalog;

/// <summary>
/// A subscriber fell so far behind that <see cref="FullQueuePolicy.Disconnect"/> unsubscribed it: its
/// enumeration throws this after the messages that were queued.
/// </summary>
public sealed class SubscriberOverflowException : Exception
{
    /// <summary>Creates the exception for the subscriber of <paramref name="topic"/> whose queue of <paramref name="capacity"/> messages was full.</summary>
    /// <param name="topic">The subscriber's topic.</param>
    /// <param name="capacity">The capacity of the subscriber's queue, in messages.</param>
    public SubscriberOverflowException(string topic, int capacity)
        : base($"The subscriber of topic \"{topic}\" was disconnected: its queue of {capacity} messages was full.")
    {
        Topic = topic;
        Capacity = capacity;
    }

    /// <summary>The subscriber's topic.</summary>
    public string Topic { get; }

    /// <summary>The queue capacity that was exceeded, in messages (<see cref="InMemoryPubSubOptions.SubscriberCapacity"/>).</summary>
    public int Capacity { get; }
}
