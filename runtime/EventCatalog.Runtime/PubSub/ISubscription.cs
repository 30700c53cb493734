using System;
using System.Collections.Generic;

namespace EventCatalog;

/// <summary>
/// One subscriber's view of a topic: the messages, in arrival order, as an async stream.
/// Disposing it unsubscribes; so does ending its enumeration (normally, by <c>break</c>, or by an
/// exception in the loop), the way a crashed Phoenix process is unsubscribed. It can be enumerated once.
/// </summary>
public interface ISubscription : IAsyncEnumerable<object>, IAsyncDisposable, IDisposable
{
    /// <summary>The subscribed topic.</summary>
    string Topic { get; }

    /// <summary>False once unsubscribed.</summary>
    bool IsActive { get; }

    /// <summary>Messages dropped for this subscriber by a dropping <see cref="FullQueuePolicy"/>.</summary>
    long Dropped { get; }
}
