using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace EventCatalog.PubSub;

/// <summary>
/// A sharded transport that can subscribe to its shards one at a time, so that a node receives only the shards it needs
/// (<see cref="NodePubSubOptions.ShardSubscription"/> <see cref="ShardSubscription.Needed"/>). <c>EventCatalog.PubSub.Redis</c>
/// (<c>SSUBSCRIBE</c>/<c>SUNSUBSCRIBE</c> per sharded channel) and <c>EventCatalog.PubSub.Nats</c> (<c>SUB</c>/<c>UNSUB</c> per
/// subject) implement it.
/// </summary>
/// <remarks>
/// What the bus relies on, beyond <see cref="IShardedNodeTransport"/>'s: a shard's frames reach the receiver only while it is
/// subscribed, and <b>none after <see cref="UnsubscribeAsync"/> has completed</b> (not even one the transport had already
/// queued), so the bus can start every origin's sequence on that shard afresh when it subscribes again. The bus calls
/// <see cref="SubscribeAsync"/> and <see cref="UnsubscribeAsync"/> from one task at a time, never for shard 0, and only after
/// <see cref="StartAsync(INodeTransportReceiver, IReadOnlyCollection{int}, CancellationToken)"/> completed; subscriptions in place
/// survive a reconnect as the transport's other subscriptions do.
/// </remarks>
public interface IShardSubscriptionTransport : IShardedNodeTransport
{
    /// <summary>As <see cref="INodeTransport.StartAsync"/>, subscribing to <paramref name="shards"/> only (shard 0 always among them).</summary>
    /// <param name="receiver">Where frames and link changes go.</param>
    /// <param name="shards">The shards to subscribe to now, each from 0 to <see cref="IShardedNodeTransport.ShardCount"/> − 1.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes once those shards are subscribed.</returns>
    /// <exception cref="System.Exception">As for <see cref="INodeTransport.StartAsync"/>: the bus retries until its publish timeout.</exception>
    Task StartAsync(INodeTransportReceiver receiver, IReadOnlyCollection<int> shards, CancellationToken cancellationToken);

    /// <summary>Subscribes to shard <paramref name="shard"/>; nothing when it is subscribed already.</summary>
    /// <param name="shard">The shard, from 1 to <see cref="IShardedNodeTransport.ShardCount"/> − 1.</param>
    /// <param name="cancellationToken">Cancels the wait (the subscription may still be made).</param>
    /// <returns>A task that completes when the broker has the subscription in place: a frame published after that reaches this node.</returns>
    /// <exception cref="System.Exception">Any exception when the broker cannot be reached or refuses the subscription; the bus tries again.</exception>
    Task SubscribeAsync(int shard, CancellationToken cancellationToken);

    /// <summary>Unsubscribes from shard <paramref name="shard"/>; nothing when it is not subscribed.</summary>
    /// <param name="shard">The shard, from 1 to <see cref="IShardedNodeTransport.ShardCount"/> − 1.</param>
    /// <param name="cancellationToken">Cancels the wait for the broker (the transport hands the receiver no more of the shard's frames either way).</param>
    /// <returns>A task that completes when no frame of the shard reaches the receiver any more.</returns>
    Task UnsubscribeAsync(int shard, CancellationToken cancellationToken);
}
