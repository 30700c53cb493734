using System;
using System.Collections.Generic;
using System.Text;

namespace EventCatalog.PubSub;

/// <summary>
/// Settings every node bus has, whatever its transport (<c>RedisPubSubOptions</c> and <c>NatsPubSubOptions</c> add their
/// broker's own); read once when the bus is created.
/// </summary>
public class NodePubSubOptions
{
    /// <summary>The default of <see cref="MaxFrameBytes"/>: 1 MiB (1,048,576 bytes).</summary>
    public const int DefaultMaxFrameBytes = 1024 * 1024;

    /// <summary>The default of <see cref="PublishTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultPublishTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The bus's name: nodes with the same bus name (and the same broker destination, which transports derive from it) form
    /// one bus. Default <c>eventcatalog</c>. Not empty; at most 200 characters.
    /// </summary>
    public string BusName { get; set; } = "eventcatalog";

    /// <summary>
    /// The name this node answers to in <see cref="INodePubSub.DirectBroadcastAsync"/>, or null (the default)
    /// for <see cref="EventNode.Current"/> as it is when the bus is created. At most 255 UTF-8 bytes, without control,
    /// line-separator or bidirectional characters (other nodes refuse frames carrying them).
    /// Two live buses with the same name on one bus are reported (<see cref="NodePubSub.DuplicateNodeDetected"/>).
    /// </summary>
    public string? NodeName { get; set; }

    /// <summary>
    /// The largest frame, in bytes, this node publishes or accepts: header, topic and the codec's event together.
    /// The bus uses the smaller of this and the transport's own limit (<see cref="INodeTransport.MaxFrameBytes"/>).
    /// A larger publish throws <see cref="ArgumentException"/>; a larger frame received is dropped unread and
    /// counted as <see cref="FrameRejectReason.Oversize"/>. Default <see cref="DefaultMaxFrameBytes"/> (1 MiB); at least 1024.
    /// </summary>
    public int MaxFrameBytes { get; set; } = DefaultMaxFrameBytes;

    /// <summary>
    /// How long a publish waits for the broker (reconnecting, retrying) before it throws <see cref="TimeoutException"/>.
    /// Default <see cref="DefaultPublishTimeout"/> (5 s); positive and at most <see cref="int.MaxValue"/> milliseconds.
    /// It also bounds the wait for the bus's first subscription round trip when it starts.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = DefaultPublishTimeout;

    /// <summary>The default of <see cref="MaxOutboundQueue"/>: 2,048 frames.</summary>
    public const int DefaultMaxOutboundQueue = 2048;

    /// <summary>The default of <see cref="OutboundQueueTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultOutboundQueueTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Back-pressure: how many of this node's frames may be on their way at once, in frames — queued for the bus's writer,
    /// or handed to the broker and not yet seen back through this node's own subscription (every transport echoes a node's
    /// frames to itself, and the echo arrives after the broker has queued the frame for every subscriber). A publish that finds
    /// the queue full waits, in call order, for room (<see cref="OutboundQueueTimeout"/>), so a publisher runs at the speed at which
    /// its own node receives, instead of filling the broker's buffers until the broker disconnects a slow subscriber
    /// (Redis's <c>client-output-buffer-limit pubsub</c>, 32 MB by default; NATS's slow-consumer limit). With nodes that receive
    /// at about the same speed, the broker holds at most this many frames per publishing node for each subscriber.
    /// Default <see cref="DefaultMaxOutboundQueue"/> (2,048 frames: 2 MiB of 1 KiB events); from 16 to 1,048,576.
    /// </summary>
    public int MaxOutboundQueue { get; set; } = DefaultMaxOutboundQueue;

    /// <summary>
    /// How long a publish waits for room in a full outbound queue (<see cref="MaxOutboundQueue"/>) before it throws
    /// <see cref="OutboundQueueFullException"/> (a <see cref="TimeoutException"/> naming the bus and the queue's depth); the message
    /// is then not published to other nodes (local subscribers have it). When no frame of this node came back during the whole
    /// wait, the frames on their way are taken as lost in the broker (receivers count them) and the queue is emptied, so the bus
    /// never stays blocked. While the bus's link to the broker is down, a publish waits up to the larger of this and
    /// <see cref="PublishTimeout"/> (the outage is what <see cref="PublishTimeout"/> bounds).
    /// Default <see cref="DefaultOutboundQueueTimeout"/> (5 s); positive and at most <see cref="int.MaxValue"/> milliseconds.
    /// </summary>
    public TimeSpan OutboundQueueTimeout { get; set; } = DefaultOutboundQueueTimeout;

    /// <summary>
    /// Whether <see cref="MaxOutboundQueue"/> also counts this node's frames that some other live node has not received yet
    /// (true, the default), or only those not yet back through this node's own subscription (false). Every node reports, per
    /// stream, how far it has received each origin's frames (progress frames, docs/node-frames.md "Progress": after every
    /// <see cref="MaxOutboundQueue"/> / 4 frames received on a stream, or within 25 ms); with true a publisher's frame leaves
    /// the outbound queue only once its own echo and every live node's report have passed it, so one slow node slows every
    /// publisher to its speed instead of being disconnected by the broker when its backlog outgrows the broker's buffer
    /// (Redis's <c>client-output-buffer-limit pubsub</c>, NATS's slow-consumer limit). A node counts from its
    /// <see cref="NodePubSub.NodeUp"/> (at what this node had sent then; after five <see cref="HeartbeatInterval"/>s without a report,
    /// a node that predates progress frames, only once it reports) and stops counting at its <see cref="NodePubSub.NodeDown"/>
    /// (goodbye, or five silent <see cref="HeartbeatInterval"/>s), so a node that died holds publishers at most that long. False: the slow node is the one that pays (it may be cut off,
    /// its loss exactly reported); nodes keep sending progress frames either way. Default true.
    /// </summary>
    public bool WaitForSlowestReceiver { get; set; } = true;

    /// <summary>The default of <see cref="MaxBatchFrames"/>: 64 frames.</summary>
    public const int DefaultMaxBatchFrames = 64;

    /// <summary>
    /// Frame coalescing: when several of this node's frames for one shard are already waiting in the outbound queue, the bus's
    /// writer sends up to this many as one broker message (a batch frame, docs/node-frames.md "Batches") of at most 64 KiB and
    /// the frame limit, signed once when the bus signs (<see cref="SigningKey"/>). A lone frame is never held back waiting for
    /// company (there is no linger time: only frames already queued are coalesced); every inner frame keeps its own origin,
    /// stream and sequence number, so receivers count loss exactly as for frames sent alone. <c>1</c> turns coalescing off: set it
    /// while nodes that predate batches are on the bus (they drop a batch as <see cref="FrameRejectReason.Malformed"/> and count
    /// its frames as lost). Default <see cref="DefaultMaxBatchFrames"/> (64); from 1 to 256.
    /// </summary>
    public int MaxBatchFrames { get; set; } = DefaultMaxBatchFrames;

    /// <summary>
    /// Whether the batch frames this node sends are compressed (<see cref="FrameCompression"/>). Default
    /// <see cref="FrameCompression.Brotli"/> on .NET 8 and later: a batch of at least 2 KiB whose inner frames shrink by at least a
    /// tenth travels compressed, signed (<see cref="SigningKey"/>) over its compressed bytes, so a receiver checks the signature
    /// before it decompresses anything. Set <see cref="FrameCompression.None"/> while nodes that predate compression, or run the
    /// netstandard2.0 build (default <see cref="FrameCompression.None"/> there, where Brotli is refused), are on the bus: they drop
    /// a compressed batch as <see cref="FrameRejectReason.Malformed"/> and count its frames as lost.
    /// </summary>
    public FrameCompression Compression { get; set; } =
#if NET
        FrameCompression.Brotli;
#else
        FrameCompression.None;
#endif

    /// <summary>How many messages each local subscriber's queue holds, in messages. At least 1. Default 1024.</summary>
    public int SubscriberCapacity { get; set; } = 1024;

    /// <summary>
    /// What happens when a local subscriber's queue is full. For messages published on this node it is
    /// exactly <see cref="InMemoryPubSub"/>'s policy. For frames from other nodes the bus never waits (one slow
    /// subscriber must not stall the node, and a broker disconnects a subscriber that stops reading):
    /// <see cref="EventCatalog.FullQueuePolicy.Wait"/> degrades to dropping the incoming frame for that subscriber,
    /// counted in <see cref="ISubscription.Dropped"/> and <see cref="NodePubSubStatistics.Dropped"/>. Default <see cref="EventCatalog.FullQueuePolicy.Wait"/>.
    /// </summary>
    public FullQueuePolicy FullQueuePolicy { get; set; } = FullQueuePolicy.Wait;

    /// <summary>
    /// Under <see cref="EventCatalog.FullQueuePolicy.Wait"/>, the longest time a local publish waits for room in a
    /// local subscriber's queue, as <see cref="InMemoryPubSubOptions.FullQueueTimeout"/>. Default 5 seconds.
    /// </summary>
    public TimeSpan FullQueueTimeout { get; set; } = InMemoryPubSubOptions.DefaultFullQueueTimeout;

    /// <summary>The default of <see cref="ReplayWindow"/>: 2 minutes.</summary>
    public static readonly TimeSpan DefaultReplayWindow = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The key this node signs its frames with (HMAC-SHA256, RFC 2104; at least 32 bytes, e.g. 32 random bytes kept in a secret
    /// store and passed as base64 through an environment variable: <c>Convert.FromBase64String(...)</c>). When set, every frame
    /// this node sends carries the key's id, its send time and an HMAC over all its bytes (format version 2, docs/node-frames.md),
    /// and only frames signed with this key or one of <see cref="VerificationKeys"/> are accepted: anything else is dropped,
    /// unread, as <see cref="FrameRejectReason.Unauthenticated"/>. Null (the default): frames are not signed and any frame
    /// is accepted — only for a broker where everyone who can publish on the bus's destination is trusted.
    /// The key is copied when the bus is created and never logged or put in an exception's text.
    /// </summary>
    public byte[]? SigningKey { get; set; }

    /// <summary>
    /// Further keys accepted on receipt (each at least 32 bytes), for rotation: to rotate, give every node the new key here,
    /// then make it every node's <see cref="SigningKey"/> (the old one moving here), then remove the old one — no frame is
    /// refused at any step. Empty by default; needs <see cref="SigningKey"/>.
    /// </summary>
    public IList<byte[]> VerificationKeys { get; set; } = new List<byte[]>();

    /// <summary>
    /// With <see cref="SigningKey"/>: a signed frame whose send time is further than this from the receiver's clock (either way)
    /// is dropped as <see cref="FrameRejectReason.OutsideReplayWindow"/>, so captured frames cannot be replayed to a node (a
    /// restarted one included) once the window has passed. Within the window a node that has seen the origin refuses a replay
    /// by its sequence number; a node that restarted has not, so the window is the residual risk. Assumes the nodes' clocks
    /// agree to well within the window (NTP). Default <see cref="DefaultReplayWindow"/> (2 minutes); from 1 second to 1 day, and longer than
    /// <see cref="PublishTimeout"/> (a frame the broker took after the window would be refused after its publish succeeded).
    /// </summary>
    public TimeSpan ReplayWindow { get; set; } = DefaultReplayWindow;

    /// <summary>The default of <see cref="HeartbeatInterval"/>: 2 seconds.</summary>
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(2);

    /// <summary>The default of <see cref="MaxSequenceGap"/>: 10,000,000 frames (about 14 minutes of one node publishing 12,000 frames a second).</summary>
    public const long DefaultMaxSequenceGap = 10_000_000;

    /// <summary>
    /// How often the bus announces itself to the other nodes: a heartbeat frame (signed like any frame) with its start time,
    /// this interval and its last sequence number; a goodbye with its last number when it is disposed. Receivers use them
    /// to count loss at an origin's edges (the first frames of a node that started while they were cut off, the last frames
    /// of one that stopped or went quiet) and to raise <see cref="NodePubSub.NodeUp"/> and <see cref="NodePubSub.NodeDown"/>
    /// (down after five intervals without a heartbeat, or at its goodbye). Default <see cref="DefaultHeartbeatInterval"/>
    /// (2 s); from 100 ms to 1 hour.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = DefaultHeartbeatInterval;

    /// <summary>
    /// The largest gap in an origin's sequence numbers believed to be loss. A frame further ahead is refused as
    /// <see cref="FrameRejectReason.SequenceJump"/> and the origin's baseline stays where it was (a single forged or corrupt
    /// number cannot silence a node or invent a huge loss); if the origin's next frame continues from the refused one, the
    /// sequence really moved on and the bus follows it, counting the numbers passed over as <see cref="NodePubSubStatistics.Skipped"/>,
    /// not as lost. Default <see cref="DefaultMaxSequenceGap"/>; at least 1.
    /// </summary>
    public long MaxSequenceGap { get; set; } = DefaultMaxSequenceGap;

    /// <summary>
    /// Which shards of a sharded transport (<see cref="IShardedNodeTransport"/>: Redis sharded channels, NATS subjects) this node
    /// subscribes to. <see cref="PubSub.ShardSubscription.All"/> (the default) subscribes every shard for the bus's life, so a
    /// <see cref="NodePubSub.Subscribe"/> gets other nodes' frames at once. <see cref="PubSub.ShardSubscription.Needed"/> subscribes
    /// a shard only while a local subscription's topic maps to it, the node publishes on it (its own frames must come back for
    /// <see cref="MaxOutboundQueue"/>), or it is shard 0 (heartbeats, <see cref="NodePubSub.NodeUp"/>/<see cref="NodePubSub.NodeDown"/>);
    /// a node interested in k of S shards then receives about k/S of the bus's traffic (docs/scale.md). Under
    /// <see cref="PubSub.ShardSubscription.Needed"/>, <see cref="NodePubSub.SubscribeAsync"/> waits until the topic's shards are
    /// subscribed. Without effect on a transport with one shard or one that cannot subscribe per shard (<see cref="IShardSubscriptionTransport"/>).
    /// </summary>
    public ShardSubscription ShardSubscription { get; set; } = ShardSubscription.All;

    /// <summary>Checks the settings; messages name the options' own type (<c>RedisPubSubOptions.BusName ...</c>).</summary>
    internal void Validate()
    {
        string name = GetType().Name;
        if (string.IsNullOrEmpty(BusName) || BusName.Length > 200)
        {
            throw new ArgumentException(name + ".BusName must be 1 to 200 characters.", "options");
        }

        if (NodeName is not null && (string.IsNullOrWhiteSpace(NodeName) || Encoding.UTF8.GetByteCount(NodeName) > NodeFrame.MaxNodeBytes || WireText.FindUnsafe(NodeName) >= 0))
        {
            throw new ArgumentException($"{name}.NodeName must be null (for EventNode.Current) or a name that is not white space, of at most {NodeFrame.MaxNodeBytes} UTF-8 bytes, without control, line-separator or bidirectional characters.", "options");
        }

        if (WireText.FindUnsafe(BusName) >= 0)
        {
            throw new ArgumentException(name + ".BusName must not contain control, line-separator or bidirectional characters.", "options");
        }

        if (MaxFrameBytes < 1024)
        {
            throw new ArgumentOutOfRangeException("options", MaxFrameBytes, name + ".MaxFrameBytes must be at least 1024 bytes.");
        }

        if (PublishTimeout <= TimeSpan.Zero || PublishTimeout > SubscriptionTable.LongestTimeout)
        {
            throw new ArgumentOutOfRangeException("options", PublishTimeout, name + ".PublishTimeout must be positive and at most int.MaxValue milliseconds.");
        }

        if (MaxOutboundQueue is < 16 or > 1 << 20)
        {
            throw new ArgumentOutOfRangeException("options", MaxOutboundQueue, name + ".MaxOutboundQueue must be from 16 to 1,048,576 frames.");
        }

        if (OutboundQueueTimeout <= TimeSpan.Zero || OutboundQueueTimeout > SubscriptionTable.LongestTimeout)
        {
            throw new ArgumentOutOfRangeException("options", OutboundQueueTimeout, name + ".OutboundQueueTimeout must be positive and at most int.MaxValue milliseconds.");
        }

        if (MaxBatchFrames is < 1 or > NodeBatch.MaxFrames)
        {
            throw new ArgumentOutOfRangeException("options", MaxBatchFrames, $"{name}.MaxBatchFrames must be from 1 (no coalescing) to {NodeBatch.MaxFrames} frames.");
        }

        if (Compression is < FrameCompression.None or > FrameCompression.Brotli)
        {
            throw new ArgumentOutOfRangeException("options", Compression, name + ".Compression is not a FrameCompression value.");
        }

#if !NET
        if (Compression == FrameCompression.Brotli)
        {
            throw new ArgumentException(name + ".Compression Brotli needs .NET 8 or later (System.IO.Compression.BrotliEncoder); this is the netstandard2.0 build.", "options");
        }
#endif

        if (ShardSubscription is < ShardSubscription.All or > ShardSubscription.Needed)
        {
            throw new ArgumentOutOfRangeException("options", ShardSubscription, name + ".ShardSubscription is not a ShardSubscription value.");
        }

        SubscriptionTable.Validate(name, SubscriberCapacity, FullQueuePolicy, FullQueueTimeout, null);
        if (SigningKey is not null && SigningKey.Length < FrameAuthentication.MinKeyBytes)
        {
            throw new ArgumentException($"{name}.SigningKey is {SigningKey.Length} bytes; an HMAC-SHA256 key needs at least {FrameAuthentication.MinKeyBytes} (RFC 2104).", "options");
        }

        if (VerificationKeys is null)
        {
            throw new ArgumentException(name + ".VerificationKeys must not be null (empty for none).", "options");
        }

        for (int i = 0; i < VerificationKeys.Count; i++)
        {
            if (VerificationKeys[i] is not { Length: >= FrameAuthentication.MinKeyBytes })
            {
                throw new ArgumentException($"{name}.VerificationKeys[{i}] is null or shorter than {FrameAuthentication.MinKeyBytes} bytes.", "options");
            }
        }

        if (VerificationKeys.Count > 0 && SigningKey is null)
        {
            throw new ArgumentException(name + ".VerificationKeys needs a SigningKey: a node either authenticates every frame or none.", "options");
        }

        if (HeartbeatInterval < TimeSpan.FromMilliseconds(100) || HeartbeatInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException("options", HeartbeatInterval, name + ".HeartbeatInterval must be from 100 ms to 1 hour.");
        }

        if (MaxSequenceGap < 1)
        {
            throw new ArgumentOutOfRangeException("options", MaxSequenceGap, name + ".MaxSequenceGap must be at least 1.");
        }

        if (ReplayWindow < TimeSpan.FromSeconds(1) || ReplayWindow > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException("options", ReplayWindow, name + ".ReplayWindow must be from 1 second to 1 day.");
        }

        if (SigningKey is not null && PublishTimeout >= ReplayWindow)
        {
            // A frame is signed when first sent; the broker takes it within PublishTimeout or the publisher is told it failed. A
            // longer timeout could report success for a frame every receiver refuses as outside the window.
            throw new ArgumentException($"{name}.PublishTimeout ({PublishTimeout}) must be shorter than {name}.ReplayWindow ({ReplayWindow}) when frames are signed: a frame the broker took later than the window would be refused by every receiver after its publish succeeded.", "options");
        }
    }

    /// <summary>The frame authentication these options ask for, or null for none.</summary>
    internal FrameAuthentication? CreateAuthentication() =>
        SigningKey is null ? null : new FrameAuthentication(SigningKey, VerificationKeys, ReplayWindow);
}
