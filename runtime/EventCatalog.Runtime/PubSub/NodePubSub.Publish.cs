using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using EventCatalog.Codecs;
using Microsoft.Extensions.Logging;

namespace EventCatalog.PubSub;

/// <summary>The verbs, the frame encoding and the ordered outbound writer.</summary>
public partial class NodePubSub
{
    [ThreadStatic]
    private static PooledBufferWriter? t_buffer;

    /// <summary>One ordered queue, and writer, per shard: a shard whose broker is failing over holds back only its own frames.</summary>
    private readonly Channel<Outbound>[] _outbound;
    private readonly object _admission = new();
    private readonly LinkedList<Waiting> _waiting = new();
    private Task _writer = Task.CompletedTask;
    private IShardedNodeTransport? _sharded;
    private int _shardCount = 1;
    private long[] _shardSequence = new long[1];
    private long[] _handedOver = new long[1];
    private long[] _backFrom = new long[1];
    private int _maxOutbound = NodePubSubOptions.DefaultMaxOutboundQueue;
    private int _maxBatchFrames = NodePubSubOptions.DefaultMaxBatchFrames;
    private FrameCompression _compression;
    private TimeSpan _outboundTimeout = NodePubSubOptions.DefaultOutboundQueueTimeout;
    private long _admitted;
    private long _released;
    private int _waitingCount;
    private long[]? _probeBack;

    /// <summary>
    /// This node's frames on their way now, in frames: queued for the bus's writer, or handed to the broker and not yet back
    /// through this node's own subscription. Publishes wait while it is at <see cref="NodePubSubOptions.MaxOutboundQueue"/>.
    /// </summary>
    public long OutboundQueueDepth => Interlocked.Read(ref _admitted) - Interlocked.Read(ref _released);

    /// <summary>How many shards the bus's frames are spread over: the transport's <see cref="IShardedNodeTransport.ShardCount"/>, else 1.</summary>
    public int ShardCount => _shardCount;

    /// <inheritdoc/>
    /// <remarks>Local subscribers get <paramref name="message"/> itself; one frame goes to the broker for the other nodes. The task completes when both are done.</remarks>
    /// <exception cref="ArgumentException"><paramref name="message"/> cannot travel (not a catalog record, envelope or payload of the codec), its category is not the topic's (EVC100), or its frame is over the frame limit.</exception>
    /// <exception cref="TimeoutException">The broker stayed unreachable for <see cref="NodePubSubOptions.PublishTimeout"/>, or (<see cref="SubscriberQueueFullException"/>) a local subscriber's queue stayed full.</exception>
    public ValueTask BroadcastAsync([TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default) =>
        Publish(FrameKind.Broadcast, topic, message, null, null, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>The frame names <paramref name="from"/>, so the node that holds it (this one or another) leaves it out; every other subscription on every node gets the message.</remarks>
    /// <exception cref="ArgumentException">As for <see cref="BroadcastAsync"/>.</exception>
    /// <exception cref="TimeoutException">As for <see cref="BroadcastAsync"/>.</exception>
    public ValueTask BroadcastFromAsync(ISubscription from, [TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default)
    {
        if (from is null)
        {
            throw new ArgumentNullException(nameof(from));
        }

        return Publish(FrameKind.BroadcastFrom, topic, message, null, from, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>Sends nothing to the broker; <paramref name="message"/> may be any object (a catalog event is still checked against its topic's category).</remarks>
    /// <exception cref="ArgumentException"><paramref name="message"/> is a catalog event and <paramref name="topic"/> a topic of its catalog of another category (EVC100).</exception>
    public ValueTask LocalBroadcastAsync([TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default)
    {
        SubscriptionTable.CheckTopic(topic);
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        ThrowIfDisposed();
        CatalogTopics.Check(topic, message);
        return cancellationToken.IsCancellationRequested ? new ValueTask(Task.FromCanceled(cancellationToken)) : _telemetry.PublishLocal(_table, topic, message, null, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// To this node's own name: delivered locally only, like <see cref="LocalBroadcastAsync"/> (but the message must be able to travel,
    /// so the call means the same wherever the target runs). To another name: one frame that only nodes of that name deliver;
    /// no node of that name is not an error (Phoenix's <c>direct_broadcast/5</c>).
    /// </remarks>
    /// <exception cref="ArgumentException">As for <see cref="BroadcastAsync"/>, or <paramref name="node"/> is empty, over 255 UTF-8 bytes or has a control, line-separator or bidirectional character.</exception>
    /// <exception cref="TimeoutException">As for <see cref="BroadcastAsync"/>.</exception>
    public ValueTask DirectBroadcastAsync(string node, [TopicParameter] string topic, [EventParameter] object message, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(node))
        {
            throw new ArgumentException("A node name must be a non-empty string.", nameof(node));
        }

        if (Encoding.UTF8.GetByteCount(node) > NodeFrame.MaxNodeBytes)
        {
            throw new ArgumentException($"A node name is at most {NodeFrame.MaxNodeBytes} UTF-8 bytes.", nameof(node));
        }

        if (WireText.FindUnsafe(node) >= 0)
        {
            throw new ArgumentException("A node name has no control, line-separator or bidirectional characters.", nameof(node));
        }

        return Publish(FrameKind.Direct, topic, message, node, null, cancellationToken);
    }

    private ValueTask PublishCore(FrameKind kind, string topic, object message, string? target, ISubscription? from, CancellationToken cancellationToken)
    {
        SubscriptionTable.CheckTopic(topic);
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        ThrowIfDisposed();
        PooledFrame frame = Encode(kind, topic, message, target, from as Subscription);
        if (cancellationToken.IsCancellationRequested)
        {
            ArrayPool<byte>.Shared.Return(frame.Array);
            return new ValueTask(Task.FromCanceled(cancellationToken));
        }

        bool toSelf = kind == FrameKind.Direct && string.Equals(target, NodeName, StringComparison.Ordinal);
        Task? remote = null;
        if (!toSelf)
        {
            // Admitted here, synchronously (or put in line behind the publishes already waiting for room), so the outbound
            // order is the call order even for un-awaited calls.
            var outbound = new Outbound(frame.Array, frame.Length, topic, ShardOf(topic, message), Stopwatch.GetTimestamp() + (long)(_publishTimeout.TotalSeconds * Stopwatch.Frequency));
            Admit(outbound);
            remote = outbound.Completion.Task;
        }
        else
        {
            // Encoded only to check that it could travel; delivered here as the object.
            ArrayPool<byte>.Shared.Return(frame.Array);
        }

        ValueTask local = kind == FrameKind.Direct && !toSelf ? default : _telemetry.DeliverLocal(_table, topic, message, from, cancellationToken);
        if (remote is null)
        {
            return local;
        }

        if (local.IsCompletedSuccessfully)
        {
            // Without a token that can fire, the frame's own task is the answer: no wrapper per publish.
            return remote.IsCompleted || !cancellationToken.CanBeCanceled ? new ValueTask(remote) : new ValueTask(WaitAsync(remote, cancellationToken));
        }

        return new ValueTask(BothAsync(local, remote, cancellationToken));
    }

    private static async Task BothAsync(ValueTask local, Task remote, CancellationToken cancellationToken)
    {
        try
        {
            await local.ConfigureAwait(false);
        }
        finally
        {
            // The frame is already on its way: wait for its outcome whatever happened locally, so no failure is unobserved.
            await WaitAsync(remote, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WaitAsync(Task task, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            await task.ConfigureAwait(false);
            return;
        }

        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), cancelled))
        {
            if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
            {
                _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw new OperationCanceledException(cancellationToken);
            }
        }

        await task.ConfigureAwait(false);
    }

    private PooledFrame Encode(FrameKind kind, string topic, object message, string? target, Subscription? except)
    {
        FrameContent content;
        IEventEnvelope envelope;
        IEventPayload? payload = null;
        switch (message)
        {
            case IEventPayload p:
                content = FrameContent.Payload;
                payload = p;
                envelope = p.Event ?? throw new ArgumentException($"The payload {message.GetType().FullName} has no event.", nameof(message));
                break;
            case IEventEnvelope e:
                content = FrameContent.Envelope;
                envelope = e;
                break;
            case ICatalogEvent record:
                content = FrameContent.Record;
                envelope = new EventEnvelope<ICatalogEvent>(EventIds.NewId(), record.EventType, null, NodeName, DateTimeOffset.UtcNow, record);
                PubSubTelemetry.Describe(envelope);
                break;
            default:
                throw new ArgumentException(
                    $"A {message.GetType().FullName} cannot travel between nodes: {_kind} carries catalog event records (ICatalogEvent), envelopes (IEventEnvelope) and payloads (IEventPayload) of its codec's catalogs. LocalBroadcastAsync delivers any object on this node only.",
                    nameof(message));
        }

        if (!_codec.CanHandle(envelope.EventType))
        {
            throw new ArgumentException($"The event type '{envelope.EventType}' ({message.GetType().FullName}) is not one of the bus's codec's event types, so it cannot travel between nodes; add its catalog's codec (EventCodec.Combine).", nameof(message));
        }

        CatalogTopics.Check(topic, message);
        if (Encoding.UTF8.GetByteCount(topic) > NodeFrame.MaxTopicBytes)
        {
            throw new ArgumentException($"A topic that travels between nodes is at most {NodeFrame.MaxTopicBytes} UTF-8 bytes.", nameof(topic));
        }

        if (WireText.FindUnsafe(topic) is int unsafeAt and >= 0)
        {
            throw new ArgumentException($"A topic that travels between nodes has no control, line-separator or bidirectional characters; this one has U+{(int)topic[unsafeAt]:X4} at character {unsafeAt}.", nameof(topic));
        }

        PooledBufferWriter buffer = t_buffer ??= new PooledBufferWriter();
        try
        {
            NodeFrame.WriteHeader(buffer, kind, content, InstanceId, NodeName, topic, target, except?.Owner ?? Guid.Empty, except?.Number ?? 0);
            if (payload is not null)
            {
                _codec.Write(payload, buffer);
            }
            else
            {
                _codec.Write(envelope, buffer);
            }

            int written = buffer.WrittenSpan.Length + (_authentication is null ? 0 : FrameAuthentication.TrailerBytes);
            if (written > _maxFrameBytes)
            {
                string limit = _frameLimitIsOption ? _optionsName + ".MaxFrameBytes" : "the " + _transport.SystemName + " transport's frame limit";
                throw new ArgumentException($"The frame for topic \"{topic}\" ({envelope.EventType}) is {written} bytes, over {limit} ({_maxFrameBytes} bytes); it was not published.", nameof(message));
            }

            return FinishPooled(buffer);
        }
        finally
        {
            buffer.Clear();
        }
    }

    /// <summary>The frame's bytes in an array of their own, with room for the signature trailer and the signed version byte when the bus signs (control frames).</summary>
    private byte[] Finish(PooledBufferWriter buffer)
    {
        if (_authentication is null)
        {
            return buffer.WrittenSpan.ToArray();
        }

        var frame = new byte[buffer.WrittenSpan.Length + FrameAuthentication.TrailerBytes];
        buffer.WrittenSpan.CopyTo(frame);
        frame[2] = FrameAuthentication.SignedVersion;
        return frame;
    }

    /// <summary>
    /// The frame's bytes in an array from <see cref="ArrayPool{T}.Shared"/> (its first <see cref="PooledFrame.Length"/> bytes),
    /// with room for the signature trailer and the signed version byte when the bus signs (the writer signs once the sequence
    /// number is in). The writer returns the array once the frame has reached the broker (<see cref="Outbound.Release"/>).
    /// </summary>
    private PooledFrame FinishPooled(PooledBufferWriter buffer)
    {
        int length = buffer.WrittenSpan.Length + (_authentication is null ? 0 : FrameAuthentication.TrailerBytes);
        byte[] frame = ArrayPool<byte>.Shared.Rent(length);
        buffer.WrittenSpan.CopyTo(frame);
        if (_authentication is not null)
        {
            frame[2] = FrameAuthentication.SignedVersion;
        }

        return new PooledFrame(frame, length);
    }

    private Channel<Outbound>[] CreateOutboundQueues()
    {
        var queues = new Channel<Outbound>[_shardCount];
        for (int i = 0; i < queues.Length; i++)
        {
            queues[i] = Channel.CreateUnbounded<Outbound>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
        }

        return queues;
    }

    private Task StartWriters()
    {
        var writers = new Task[_outbound.Length];
        for (int i = 0; i < writers.Length; i++)
        {
            ChannelReader<Outbound> reader = _outbound[i].Reader;
            writers[i] = Task.Run(() => WriteAsync(reader));
        }

        return writers.Length == 1 ? writers[0] : Task.WhenAll(writers);
    }

    private void CompleteOutbound()
    {
        foreach (Channel<Outbound> queue in _outbound)
        {
            queue.Writer.TryComplete();
        }
    }

    private IEnumerable<Outbound> DrainOutbound()
    {
        foreach (Channel<Outbound> queue in _outbound)
        {
            while (queue.Reader.TryRead(out Outbound? left))
            {
                yield return left;
            }
        }
    }

    private async Task WriteAsync(ChannelReader<Outbound> reader)
    {
        var batch = new List<Outbound>(256);
        var messages = new List<(int Start, int Count)>();
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < 1024 && reader.TryRead(out Outbound? next))
                {
                    batch.Add(next);
                }

                await ReceivingOwnAsync(batch[0].Shard).ConfigureAwait(false);
                await SendAsync(batch, messages).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "{Kind} {Bus} node {Node}: the outbound writer stopped.", _kind, _busName, NodeName);
            foreach (Outbound o in batch)
            {
                o.Completion.TrySetException(ex);
            }
        }
    }

    /// <summary>
    /// Publishes the frames taken from one shard's queue in order, pipelined, consecutive ones coalesced into batch frames
    /// (<see cref="NodePubSubOptions.MaxBatchFrames"/>); failed frames are retried, in order and with their sequence numbers,
    /// until their deadline (regrouped: a frame a broker took twice is refused by its number, as a retried lone frame is).
    /// </summary>
    /// <param name="batch">The frames, in queue order.</param>
    /// <param name="messages">The writer's own list for <see cref="GroupMessages"/>, reused from call to call.</param>
    private async Task SendAsync(List<Outbound> batch, List<(int Start, int Count)> messages)
    {
        List<Outbound> pending = batch;
        CancellationToken stopping = _stopping.Token;
        while (pending.Count > 0)
        {
            foreach (Outbound o in pending)
            {
                if (o.Sequence == 0)
                {
                    o.Sequence = ++_shardSequence[o.Shard];
                    NodeFrame.SetSequence(o.Frame, o.Sequence);
                    NodeFrame.SetStream(o.Frame, o.Shard);
                    Volatile.Write(ref _handedOver[o.Shard], o.Sequence);
                }
            }

            GroupMessages(pending, messages);
            var sends = new Task[messages.Count];

            // The pooled batch arrays of this attempt, by message (null for a lone frame): returned once the broker has them.
            byte[]?[] rented = new byte[messages.Count][];
            for (int m = 0; m < messages.Count; m++)
            {
                (int first, int count) = messages[m];
                try
                {
                    ReadOnlyMemory<byte> message;
                    if (count == 1)
                    {
                        Outbound o = pending[first];
                        if (_authentication is not null)
                        {
                            if (o.Sent)
                            {
                                // Signed again, into a fresh copy, with the time of the retry: a frame retried across an outage longer than
                                // the receivers' ReplayWindow is not refused as a replay (a timed-out send may still write the old bytes).
                                o.Copy();
                            }

                            _authentication.Sign(o.Frame.AsSpan(0, o.Length), FrameAuthentication.Now());
                        }

                        // The transport holds these very bytes: if this send fails they are never pooled again (a timed-out send may still write them).
                        o.Exposed = true;
                        message = new ReadOnlyMemory<byte>(o.Frame, 0, o.Length);
                    }
                    else
                    {
                        // A fresh array from the pool on every attempt, signed once for the lot with the time of this attempt.
                        int trailer = _authentication is null ? 0 : FrameAuthentication.TrailerBytes;
                        byte[] pooled = NodeBatch.Write(pending, first, count, static o => new ArraySegment<byte>(o.Frame, 0, o.Length), trailer, _authentication is null ? NodeFrame.Version : FrameAuthentication.SignedVersion, out int length);
                        if (_compression == FrameCompression.Brotli && NodeBatch.TryCompress(pooled, length, trailer, out byte[]? compressed, out int compressedLength) && compressed is not null)
                        {
                            // The plain batch never reached the transport: back to the pool at once.
                            ArrayPool<byte>.Shared.Return(pooled);
                            pooled = compressed;
                            length = compressedLength;
                        }

                        rented[m] = pooled;
                        _authentication?.Sign(pooled.AsSpan(0, length), FrameAuthentication.Now());
                        message = new ReadOnlyMemory<byte>(pooled, 0, length);
                    }

                    for (int i = first; i < first + count; i++)
                    {
                        pending[i].Sent = true;
                    }

                    int shard = pending[first].Shard;
                    ValueTask send = _sharded is null ? _transport.PublishAsync(message, stopping) : _sharded.PublishAsync(message, shard, stopping);
                    sends[m] = send.IsCompletedSuccessfully ? Task.CompletedTask : send.AsTask();
                }
                catch (Exception ex)
                {
                    sends[m] = Task.FromException(ex);
                }
            }

            try
            {
                await Task.WhenAll(sends).ConfigureAwait(false);
            }
            catch
            {
                // Each send's outcome is read below.
            }

            List<Outbound>? retry = null;
            Exception? lastError = null;
            long now = Stopwatch.GetTimestamp();
            for (int m = 0; m < messages.Count; m++)
            {
                (int first, int count) = messages[m];
                bool sent = sends[m].Status == TaskStatus.RanToCompletion;
                if (!sent)
                {
                    lastError = sends[m].Exception?.GetBaseException() ?? lastError;
                }
                else if (rented[m] is { } pooled)
                {
                    // Only after a send that completed: a failed or timed-out one may still be written later, so its array is left to the GC.
                    ArrayPool<byte>.Shared.Return(pooled);
                }

                for (int i = first; i < first + count; i++)
                {
                    Outbound o = pending[i];
                    if (sent)
                    {
                        Interlocked.Increment(ref _published);
                        RecordPublished(o.Shard, o.Sequence);
                        _metrics.Published();
                        o.Release();
                        o.Completion.TrySetResult(true);
                    }
                    else
                    {
                        o.Failed();
                        if (stopping.IsCancellationRequested)
                        {
                            o.Completion.TrySetException(new ObjectDisposedException(_kind, "The bus was disposed before the frame reached the broker."));
                        }
                        else if (now >= o.Deadline)
                        {
                            o.Completion.TrySetException(new TimeoutException(
                                $"Publishing to {Destination} (bus \"{_busName}\", node \"{NodeName}\", topic \"{o.Topic}\") failed for {Format(_publishTimeout)} ({_optionsName}.PublishTimeout): {lastError?.Message ?? "no answer"}. Other nodes may not have the message; local subscribers do.",
                                lastError));
                        }
                        else
                        {
                            (retry ??= new List<Outbound>()).Add(o);
                        }
                    }
                }
            }

            if (retry is null)
            {
                return;
            }

            _logger.LogDebug(lastError, "{Kind} {Bus} node {Node}: {Count} frames not published yet; retrying.", _kind, _busName, NodeName, retry.Count);
            try
            {
                await Task.Delay(100, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            pending = retry;
        }
    }

    /// <summary>
    /// Splits the frames into broker messages, in order: runs of frames of one shard with consecutive sequence numbers, each run
    /// at most <see cref="NodePubSubOptions.MaxBatchFrames"/> frames and <see cref="NodeBatch.MaxBytes"/> (and the frame limit) long;
    /// a frame that would not fit with others goes alone. Nothing waits for more frames: only what is queued already is grouped.
    /// </summary>
    private void GroupMessages(List<Outbound> pending, List<(int Start, int Count)> messages)
    {
        messages.Clear();
        int trailer = _authentication is null ? 0 : FrameAuthentication.TrailerBytes;
        int limit = Math.Min(_maxFrameBytes, NodeBatch.MaxBytes);
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < pending.Count; i++)
        {
            int size = NodeBatch.PerFrameBytes + pending[i].Length - trailer;
            bool joins = i > start &&
                i - start < _maxBatchFrames &&
                pending[i].Shard == pending[start].Shard &&
                pending[i].Sequence == pending[i - 1].Sequence + 1 &&
                bytes + size <= limit;
            if (!joins)
            {
                if (i > start)
                {
                    messages.Add((start, i - start));
                }

                start = i;
                bytes = NodeBatch.HeaderBytes + trailer;
            }

            bytes += size;
        }

        if (pending.Count > start)
        {
            messages.Add((start, pending.Count - start));
        }
    }

    /// <summary>Reads the outbound settings and the transport's shards (from the constructor).</summary>
    private void InitOutbound(NodePubSubOptions options)
    {
        _maxOutbound = options.MaxOutboundQueue;
        _maxBatchFrames = options.MaxBatchFrames;
        _compression = options.Compression;
        _outboundTimeout = options.OutboundQueueTimeout;
        if (_transport is IShardedNodeTransport sharded)
        {
            int count = sharded.ShardCount;
            if (count is < 1 or > 256)
            {
                throw new ArgumentException($"The {_transport.SystemName} transport has {count} shards; a bus takes 1 to 256.", "transport");
            }

            _sharded = sharded;
            _shardCount = count;
            _shardSequence = new long[count];
            _handedOver = new long[count];
            _backFrom = new long[count];
            _publishedThrough = new long[count];
        }

        InitProgress(options);
    }

    /// <summary>
    /// The shard, from 0 to <see cref="ShardCount"/> − 1, that <paramref name="message"/> published on <paramref name="topic"/>
    /// takes: its frame carries the shard in its stream byte and is numbered on that shard's sequence (docs/node-frames.md).
    /// Every message of a catalog topic takes the same shard; 0 on a bus without shards.
    /// </summary>
    /// <param name="topic">The topic, as given to the publish verbs.</param>
    /// <param name="message">The event, envelope or payload that would be published (its catalog finds a catalog topic's category).</param>
    /// <returns>The shard index.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="topic"/> or <paramref name="message"/> is null.</exception>
    public int ShardOf(string topic, object message)
    {
        if (topic is null)
        {
            throw new ArgumentNullException(nameof(topic));
        }

        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        return ShardOf(topic, message, _shardCount);
    }

    /// <summary>
    /// The frame's shard, from its topic only, so every frame of a topic takes one shard and keeps its order: a catalog topic
    /// goes by its category, offset by a hash of its store id (one store's categories take consecutive shards, which a
    /// transport spreads over its brokers); any other topic by a hash of the topic.
    /// </summary>
    private static int ShardOf(string topic, object message, int shardCount)
    {
        if (shardCount == 1)
        {
            return 0;
        }

        return ShardOf(topic, CatalogTopics.EventOf(message) is { } data ? CatalogTopics.CatalogOf(data) : null, shardCount);
    }

    /// <summary>
    /// The shard of <paramref name="topic"/> read against <paramref name="catalog"/>'s topic template: the one function behind both the
    /// shard a frame is published on (the message's catalog) and the shards a subscription needs (<see cref="ShardsOf"/>: the codec's catalogs).
    /// </summary>
    private static int ShardOf(string topic, CatalogTopics.Catalog? catalog, int shardCount)
    {
        if (catalog is not null && catalog.Template.TryMatch(topic, out int storeStart, out int storeLength, out int index))
        {
            return (int)((Fnv1a(topic.AsSpan(storeStart, storeLength)) + (uint)index) % (uint)shardCount);
        }

        return (int)(Fnv1a(topic.AsSpan()) % (uint)shardCount);
    }

    /// <summary>FNV-1a over the UTF-16 code units: the same on every node and process (string.GetHashCode is randomized).</summary>
    private static uint Fnv1a(ReadOnlySpan<char> text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }

    /// <summary>Queues the frame for the writer now when the outbound queue has room and nobody waits; else puts it in line.</summary>
    private void Admit(Outbound outbound)
    {
        lock (_admission)
        {
            if (_waiting.Count == 0 && OutboundQueueDepth < _maxOutbound)
            {
                if (!Enqueue(outbound))
                {
                    throw new ObjectDisposedException(_kind);
                }

                return;
            }

            var waiting = new Waiting(outbound, Interlocked.Read(ref _released));
            waiting.Node = _waiting.AddLast(waiting);
            if (Interlocked.Increment(ref _waitingCount) == 1)
            {
                WakeProgress(); // the window is full: if only receivers' reports hold it, they are asked for (NodePubSub.Progress.cs)
            }

            // A frame may have come back between the check above and the count: look again now that releases see the count.
            AdmitWaiting();
            if (waiting.Node is not null)
            {
                waiting.Bus = this;
                waiting.Timer = new Timer(static s => ((Waiting)s!).Bus!.GiveUp((Waiting)s!), waiting, _outboundTimeout, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Hands the frame to the writer; false when the bus is stopping (nothing was queued).</summary>
    private bool Enqueue(Outbound outbound)
    {
        Interlocked.Increment(ref _admitted);
        if (_outbound[outbound.Shard].Writer.TryWrite(outbound))
        {
            return true;
        }

        Interlocked.Decrement(ref _admitted);
        return false;
    }

    /// <summary>Admits waiting publishes, in line, while there is room. Called under <see cref="_admission"/>.</summary>
    private void AdmitWaiting()
    {
        while (_waiting.First is { } first && OutboundQueueDepth < _maxOutbound)
        {
            Waiting waiting = first.Value;
            Remove(waiting);
            if (!Enqueue(waiting.Outbound))
            {
                waiting.Outbound.Completion.TrySetException(new ObjectDisposedException(_kind, "The bus was disposed before the frame reached the broker."));
            }
        }
    }

    private void Remove(Waiting waiting)
    {
        _waiting.Remove(waiting.Node!);
        waiting.Node = null;
        waiting.Timer?.Dispose();
        Interlocked.Decrement(ref _waitingCount);
    }

    /// <summary>A waiting publish's <see cref="NodePubSubOptions.OutboundQueueTimeout"/> ran out: it fails, naming the bus and the depth.</summary>
    private void GiveUp(Waiting waiting)
    {
        long depth;
        bool nothingBack;
        lock (_admission)
        {
            if (waiting.Node is null)
            {
                return;
            }

            // While the link is down the queue is full of frames waiting for the broker: that wait is PublishTimeout's to bound.
            TimeSpan elapsed = TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - waiting.Since) / (double)Stopwatch.Frequency);
            if (State != NodePubSubState.Connected && elapsed < _publishTimeout)
            {
                waiting.Timer!.Change(_publishTimeout - elapsed, Timeout.InfiniteTimeSpan);
                return;
            }

            Remove(waiting);
            depth = OutboundQueueDepth;
            nothingBack = Interlocked.Read(ref _released) == waiting.ReleasedAtStart && !OnlyReceiversHold();
        }

        // The timeout as configured (a timer on a loaded machine fires late; the message names the setting, as the other queue's does).
        TimeSpan waited = _outboundTimeout;
        _logger.LogWarning("{Kind} {Bus} node {Node}: a publish to {Topic} gave up after {Waited} ms: {Depth} frames on their way (MaxOutboundQueue {Max}).", _kind, _busName, NodeName, waiting.Outbound.Topic, (long)waited.TotalMilliseconds, depth, _maxOutbound);
        waiting.Outbound.Completion.TrySetException(new OutboundQueueFullException(_busName, NodeName, waiting.Outbound.Topic, depth, _maxOutbound, waited));
        if (nothingBack)
        {
            // Not one frame came back for the whole wait: those on their way are lost in the broker (the receivers count them), not queued.
            _logger.LogWarning("{Kind} {Bus} node {Node}: none of this node's frames came back through {Destination} for {Waited} ms; the {Depth} on their way are taken as lost.", _kind, _busName, NodeName, Destination, (long)waited.TotalMilliseconds, depth);
            // Only the echo: live receivers still hold the window until they report (the next heartbeat accounts the lost frames for them).
            ReleaseInFlight(forgiveReceivers: false);
        }
    }

    /// <summary>Fails every publish still waiting for room (the bus is stopping).</summary>
    private void FailWaiting()
    {
        var failed = new List<Outbound>();
        lock (_admission)
        {
            while (_waiting.First is { } first)
            {
                failed.Add(first.Value.Outbound);
                Remove(first.Value);
            }
        }

        foreach (Outbound o in failed)
        {
            o.Completion.TrySetException(new ObjectDisposedException(_kind, "The bus was disposed before the frame reached the broker."));
        }
    }

    /// <summary>One of this node's frames came back from the broker (receive path): it and those before it on its stream leave the outbound queue.</summary>
    private void OnOwnFrameBack(byte stream, long sequence)
    {
        if (stream < _shardCount)
        {
            // Never past what was handed to the transport: a forged echo cannot open the window further than that. Nor past
            // what every live receiver has reported (NodePubSub.Progress.cs): the slowest node bounds the window.
            RaiseBack(stream, OwnEcho(stream, Math.Min(sequence, Volatile.Read(ref _handedOver[stream]))));
        }
    }

    /// <summary>
    /// Takes every frame handed to the transport as back (after an outage, or when none came back for a whole wait); after an
    /// outage every receiver's report too (<paramref name="forgiveReceivers"/>: frames that never reached the broker are never reported).
    /// </summary>
    private void ReleaseInFlight(bool forgiveReceivers = true)
    {
        if (forgiveReceivers)
        {
            ForgiveReceivers();
        }

        for (int stream = 0; stream < _shardCount; stream++)
        {
            long handed = Volatile.Read(ref _handedOver[stream]);

            // Without forgiving, only the own echo moves: the window opens no further than the slowest live receiver's report.
            RaiseBack(stream, forgiveReceivers ? handed : OwnEcho(stream, handed));
        }
    }

    private void RaiseBack(int stream, long sequence)
    {
        long current;
        while ((current = Volatile.Read(ref _backFrom[stream])) < sequence)
        {
            if (Interlocked.CompareExchange(ref _backFrom[stream], sequence, current) == current)
            {
                Interlocked.Add(ref _released, sequence - current);
                if (Volatile.Read(ref _waitingCount) > 0)
                {
                    lock (_admission)
                    {
                        AdmitWaiting();
                    }
                }

                return;
            }
        }
    }

    /// <summary>A probe goes to every shard this node receives, each copy naming its shard in its stream byte (signed again when the bus signs).</summary>
    private ValueTask PublishProbeAsync(byte[] probe, CancellationToken cancellationToken)
    {
        if (_sharded is null)
        {
            return _transport.PublishAsync(probe, cancellationToken);
        }

        var sends = new Task[_shardCount];
        for (int shard = 0; shard < sends.Length; shard++)
        {
            if (!ShardInPlace(shard))
            {
                // Not received by this node (ShardSubscription.Needed): its probe would never come back.
                sends[shard] = Task.CompletedTask;
                continue;
            }

            byte[] copy = shard == 0 ? probe : (byte[])probe.Clone();
            if (shard != 0)
            {
                NodeFrame.SetStream(copy, shard);
                _authentication?.Sign(copy, FrameAuthentication.Now());
            }

            sends[shard] = _sharded.PublishAsync(copy, shard, cancellationToken).AsTask();
        }

        return new ValueTask(Task.WhenAll(sends));
    }

    /// <summary>
    /// Whether an own probe that came back confirms the link: at once without shards; with shards only once every shard has
    /// brought back a probe sent since the link went down (a master that failed over must be subscribed again too).
    /// </summary>
    private bool ProbeBackOnEveryShard(in NodeFrame.Header header)
    {
        if (_sharded is null)
        {
            return true;
        }

        if (header.Stream >= _shardCount || !TryProbeNumber(header.Topic, out long number))
        {
            return false;
        }

        long[] back = _probeBack ??= new long[_shardCount];
        back[header.Stream] = Math.Max(back[header.Stream], number);
        long floor = Volatile.Read(ref _probeFloor);
        for (int shard = 0; shard < back.Length; shard++)
        {
            if ((back[shard] < floor || back[shard] == 0) && ShardInPlace(shard))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A publish waiting for room in the outbound queue.</summary>
    private sealed class Waiting
    {
        public Waiting(Outbound outbound, long releasedAtStart)
        {
            Outbound = outbound;
            ReleasedAtStart = releasedAtStart;
        }

        public Outbound Outbound { get; }

        public long Since { get; } = Stopwatch.GetTimestamp();

        public long ReleasedAtStart { get; }

        public LinkedListNode<Waiting>? Node { get; set; }

        public Timer? Timer { get; set; }

        public NodePubSub? Bus { get; set; }
    }

    /// <summary>An encoded frame: the first <see cref="Length"/> bytes of <see cref="Array"/>, which is from <see cref="ArrayPool{T}.Shared"/>.</summary>
    private readonly struct PooledFrame
    {
        public PooledFrame(byte[] array, int length)
        {
            Array = array;
            Length = length;
        }

        public byte[] Array { get; }

        public int Length { get; }
    }

    private sealed class Outbound
    {
        private bool _pooled = true;

        public Outbound(byte[] frame, int length, string topic, int shard, long deadline)
        {
            Frame = frame;
            Length = length;
            Topic = topic;
            Shard = shard;
            Deadline = deadline;
        }

        public int Shard { get; }

        /// <summary>The frame: its first <see cref="Length"/> bytes (the array is from the pool until <see cref="Copy"/>).</summary>
        public byte[] Frame { get; private set; }

        public int Length { get; }

        /// <summary>Whether the transport was handed <see cref="Frame"/> itself (a lone frame) rather than a batch copy of it.</summary>
        public bool Exposed { get; set; }

        public string Topic { get; }

        public long Deadline { get; }

        public long Sequence { get; set; }

        /// <summary>Whether the frame was handed to the transport at least once (a retry signs a fresh copy).</summary>
        public bool Sent { get; set; }

        /// <summary>Moves the frame into a fresh array of its own (never pooled): the old one may still be written by a timed-out send.</summary>
        public void Copy()
        {
            Frame = Frame.AsSpan(0, Length).ToArray();
            _pooled = false;
        }

        /// <summary>
        /// Once the frame has reached the broker: gives its array back to the pool, unless a send that failed was handed the array
        /// itself before (that send may still write it; then the GC takes it).
        /// </summary>
        public void Release()
        {
            if (_pooled && !_failedOnce)
            {
                ArrayPool<byte>.Shared.Return(Frame);
            }

            _pooled = false;
            Frame = System.Array.Empty<byte>();
        }

        /// <summary>Notes that a send including this frame failed.</summary>
        public void Failed()
        {
            if (Exposed)
            {
                _failedOnce = true;
            }
        }

        private bool _failedOnce;

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
