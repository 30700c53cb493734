using System;
using System.Collections.Generic;

namespace EventCatalog;

/// <summary>
/// One subscriber's view of a topic: the messages, in arrival order, as an async stream.
/// Disposing it unsubscribes; so does ending its enumeration (normally, by <c>break</c>, or by an
/// exception in the loop), the way a crashed Phoenix process is unsubscribed. It can be enumerated once.
/// </summary>
/// <remarks>
/// The enumeration waits for the next message until one arrives, the subscription is disposed (from any
/// thread: the stream then ends after the queued messages), or the token given to
/// <see cref="IAsyncEnumerable{T}.GetAsyncEnumerator"/> (or <c>WithCancellation</c>) is cancelled, which
/// throws <see cref="OperationCanceledException"/>. Enumerating a second time throws
/// <see cref="InvalidOperationException"/> naming the topic.
/// </remarks>
public interface ISubscription : IAsyncEnumerable<object>, IAsyncDisposable, IDisposable
{
    /// <summary>The subscribed topic.</summary>
    string Topic { get; }

    /// <summary>False once unsubscribed (disposed, enumeration ended, or disconnected by <see cref="FullQueuePolicy.Disconnect"/>).</summary>
    bool IsActive { get; }

    /// <summary>How many messages a dropping <see cref="FullQueuePolicy"/> dropped for this subscriber, since it subscribed.</summary>
    long Dropped { get; }
}
