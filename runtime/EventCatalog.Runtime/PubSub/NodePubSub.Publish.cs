using System;
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

    private readonly Channel<Outbound> _outbound;
    private Task _writer = Task.CompletedTask;
    private long _sequence;

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
    /// <exception cref="ArgumentException">As for <see cref="BroadcastAsync"/>, or <paramref name="node"/> is empty or over 255 UTF-8 bytes.</exception>
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
        byte[] frame = Encode(kind, topic, message, target, from as Subscription);
        if (cancellationToken.IsCancellationRequested)
        {
            return new ValueTask(Task.FromCanceled(cancellationToken));
        }

        bool toSelf = kind == FrameKind.Direct && string.Equals(target, NodeName, StringComparison.Ordinal);
        Task? remote = null;
        if (!toSelf)
        {
            // Queued here, synchronously, so the outbound order is the call order even for un-awaited calls.
            var outbound = new Outbound(frame, topic, Stopwatch.GetTimestamp() + (long)(_publishTimeout.TotalSeconds * Stopwatch.Frequency));
            if (!_outbound.Writer.TryWrite(outbound))
            {
                throw new ObjectDisposedException(_kind);
            }

            remote = outbound.Completion.Task;
        }

        ValueTask local = kind == FrameKind.Direct && !toSelf ? default : _telemetry.DeliverLocal(_table, topic, message, from, cancellationToken);
        if (remote is null)
        {
            return local;
        }

        if (local.IsCompletedSuccessfully)
        {
            return remote.IsCompleted ? new ValueTask(remote) : new ValueTask(WaitAsync(remote, cancellationToken));
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

    private byte[] Encode(FrameKind kind, string topic, object message, string? target, Subscription? except)
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

            return Finish(buffer);
        }
        finally
        {
            buffer.Clear();
        }
    }

    /// <summary>The frame's bytes, with room for the signature trailer and the signed version byte when the bus signs (the writer signs once the sequence number is in).</summary>
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

    private async Task WriteAsync()
    {
        ChannelReader<Outbound> reader = _outbound.Reader;
        var batch = new List<Outbound>(256);
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < 1024 && reader.TryRead(out Outbound? next))
                {
                    batch.Add(next);
                }

                await SendAsync(batch).ConfigureAwait(false);
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

    /// <summary>Publishes the batch in order, pipelined; failed frames are retried, in order and with their sequence numbers, until their deadline.</summary>
    private async Task SendAsync(List<Outbound> batch)
    {
        List<Outbound> pending = batch;
        CancellationToken stopping = _stopping.Token;
        while (pending.Count > 0)
        {
            var sends = new Task[pending.Count];
            for (int i = 0; i < pending.Count; i++)
            {
                Outbound o = pending[i];
                if (o.Sequence == 0)
                {
                    o.Sequence = ++_sequence;
                    NodeFrame.SetSequence(o.Frame, o.Sequence);
                    _authentication?.Sign(o.Frame, FrameAuthentication.Now());
                }

                try
                {
                    ValueTask send = _transport.PublishAsync(o.Frame, stopping);
                    sends[i] = send.IsCompletedSuccessfully ? Task.CompletedTask : send.AsTask();
                }
                catch (Exception ex)
                {
                    sends[i] = Task.FromException(ex);
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
            for (int i = 0; i < pending.Count; i++)
            {
                Outbound o = pending[i];
                if (sends[i].Status == TaskStatus.RanToCompletion)
                {
                    Interlocked.Increment(ref _published);
                    RecordPublished(o.Sequence);
                    _metrics.Published();
                    o.Completion.TrySetResult(true);
                    continue;
                }

                lastError = sends[i].Exception?.GetBaseException() ?? lastError;
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

    private sealed class Outbound
    {
        public Outbound(byte[] frame, string topic, long deadline)
        {
            Frame = frame;
            Topic = topic;
            Deadline = deadline;
        }

        public byte[] Frame { get; }

        public string Topic { get; }

        public long Deadline { get; }

        public long Sequence { get; set; }

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
