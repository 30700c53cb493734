using System;
using System.Threading;
using System.Threading.Tasks;

namespace EventCatalog.PubSub;

/// <summary>
/// The seam between a node bus (<see cref="NodePubSub"/>) and a broker: it moves opaque frames, nothing else.
/// The .NET form of Phoenix.PubSub's adapter (phoenix_pubsub <c>lib/phoenix/pubsub/adapter.ex</c>: start, broadcast,
/// direct broadcast, node name): topics, local dispatch, sequencing, loss accounting, probes and metrics stay in the bus.
/// Implement it to carry a bus over a broker of your own; <c>EventCatalog.PubSub.Redis</c> and <c>EventCatalog.PubSub.Nats</c>
/// are two implementations.
/// </summary>
/// <remarks>
/// <para>
/// <b>What the bus relies on.</b> Every frame published reaches every node of the bus, this one included, at most once
/// (a self-echo is expected and dropped by the bus); frames from one publisher arrive in the order published; nothing
/// that a wildcard or pattern could widen is subscribed (derive the broker's channel or subject from the bus name only,
/// never from topics). Loss is allowed (the bus counts it from sequence gaps) but must be reported through
/// <see cref="INodeTransportReceiver.OnLinkDown"/> when the transport knows of it.
/// </para>
/// <para>
/// <b>How the bus calls it.</b> <see cref="StartAsync"/> once (again only after it threw: the bus retries it until its
/// publish timeout); then <see cref="PublishAsync"/> from its ordered writer, possibly before the previous call completed
/// (pipelining: the transport keeps the call order), and concurrently from its probes, heartbeats and goodbye; <see cref="IAsyncDisposable.DisposeAsync"/>
/// once, last. After <c>DisposeAsync</c> completes the transport calls its receiver no more, and it releases what it owns
/// (a connection it made; not one the application lent it).
/// </para>
/// </remarks>
public interface INodeTransport : IAsyncDisposable
{
    /// <summary>The broker's name as OpenTelemetry's <c>messaging.system</c> attribute gives it: <c>redis</c>, <c>nats</c>, or the user's own.</summary>
    string SystemName { get; }

    /// <summary>
    /// What logs and error messages name as the place frames go, with its kind, for example <c>Redis channel "eventcatalog:pubsub:orders"</c>
    /// or <c>NATS subject "eventcatalog.pubsub.orders"</c>. Never a secret (no password, no credentials in a URI).
    /// </summary>
    string Destination { get; }

    /// <summary>
    /// The broker's own limit on one message's payload, in bytes (Redis: 512 MiB; NATS: the server's <c>max_payload</c>).
    /// The bus keeps every frame at or under the smaller of this and <see cref="NodePubSubOptions.MaxFrameBytes"/>.
    /// </summary>
    int MaxFrameBytes { get; }

    /// <summary>Subscribes to the bus's frames and starts handing them to <paramref name="receiver"/>; the subscription is in place when the task completes.</summary>
    /// <param name="receiver">Where frames and link changes go; the bus's own, valid until the transport is disposed.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes once subscribed.</returns>
    /// <exception cref="Exception">Any exception when the broker cannot be reached or refuses the subscription; the bus retries until its publish timeout, then throws a <see cref="TimeoutException"/> carrying it.</exception>
    Task StartAsync(INodeTransportReceiver receiver, CancellationToken cancellationToken);

    /// <summary>Publishes one frame to every node of the bus.</summary>
    /// <param name="frame">The frame's bytes; the bus keeps them unchanged until the returned task completes, and may reuse the memory once it completed successfully (copy them to keep them longer); after a failed or cancelled send it never reuses them.</param>
    /// <param name="cancellationToken">Cancelled when the bus stops.</param>
    /// <returns>A task that completes when the broker accepted the frame.</returns>
    /// <exception cref="Exception">Any exception when the broker could not take the frame; the bus retries, in order, until its publish timeout.</exception>
    ValueTask PublishAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);
}

/// <summary>
/// A transport that spreads a bus over several broker destinations, its shards (Redis Cluster's sharded channels, one per
/// shard; NATS subjects), so that each carries a share of the traffic. The bus picks each frame's shard from its topic alone
/// (<see cref="NodePubSub"/>: a catalog topic's category within its store, else a hash of the topic), so every frame of a
/// topic takes one shard and keeps its order; each shard has its own sequence numbers (the frame's stream byte,
/// docs/node-frames.md), so loss is counted exactly per origin and shard.
/// </summary>
/// <remarks>
/// What the bus relies on, beyond <see cref="INodeTransport"/>'s: every node subscribes to every shard (unless the transport is
/// an <see cref="IShardSubscriptionTransport"/> and the node asks for <see cref="ShardSubscription.Needed"/>), whose destinations
/// are derived from the bus name and the shard's index only; frames published to one shard arrive in the order published
/// (frames on different shards may overtake one another). The bus publishes its probe frames to every shard it receives, and
/// the link is confirmed when a probe has come back on each. <see cref="INodeTransport.PublishAsync"/> is then not called by the bus.
/// </remarks>
public interface IShardedNodeTransport : INodeTransport
{
    /// <summary>How many shards the bus has, from 1 to 256; fixed for the transport's life, and the same on every node of the bus.</summary>
    int ShardCount { get; }

    /// <summary>Publishes one frame to shard <paramref name="shard"/>, for every node of the bus.</summary>
    /// <param name="frame">The frame's bytes; the bus keeps them unchanged until the returned task completes, and may reuse the memory once it completed successfully (copy them to keep them longer); after a failed or cancelled send it never reuses them.</param>
    /// <param name="shard">The shard, from 0 to <see cref="ShardCount"/> − 1.</param>
    /// <param name="cancellationToken">Cancelled when the bus stops.</param>
    /// <returns>A task that completes when the broker accepted the frame.</returns>
    /// <exception cref="Exception">Any exception when the broker could not take the frame; the bus retries, in order, until its publish timeout.</exception>
    ValueTask PublishAsync(ReadOnlyMemory<byte> frame, int shard, CancellationToken cancellationToken);
}

/// <summary>What a <see cref="INodeTransport"/> reports to its bus: frames as they arrive, and its link to the broker going down and up.</summary>
public interface INodeTransportReceiver
{
    /// <summary>
    /// One frame as the broker delivered it: hostile bytes, checked by the bus before anything else. Call it for one
    /// frame at a time, in arrival order; it never blocks and never throws. The memory is read only during the call.
    /// </summary>
    /// <param name="frame">The message's bytes, any length (an empty or null message is an empty frame).</param>
    void OnFrame(ReadOnlyMemory<byte> frame);

    /// <summary>The link to the broker failed: frames may be lost until it is back. Call it once per failure seen; repeated calls are harmless.</summary>
    /// <param name="reason">What failed, for logs and <see cref="NodeConnectionEventArgs.Error"/>; no secrets.</param>
    void OnLinkDown(string reason);

    /// <summary>The link is back, as far as the transport can tell; the bus confirms it by sending its own probe frame through the broker.</summary>
    void OnLinkUp();
}
