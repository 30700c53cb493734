using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Codecs;
using Microsoft.Extensions.Logging;

namespace EventCatalog.PubSub;

/// <summary>
/// Link state and probes: the transport says when its link goes down and up; the bus believes it is up again only when
/// its own probe frame has come back through the broker (a resubscription the broker made by itself says nothing about
/// what was lost meanwhile). Also the report of another live bus answering to this node's name.
/// </summary>
public partial class NodePubSub
{
    private readonly SemaphoreSlim _probeWanted = new(0, 1);
    private readonly TaskCompletionSource<bool> _firstConfirmation = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _linkGate = new();
    private readonly ConcurrentQueue<Action> _events = new();
    private int _dispatching;
    private Task _prober = Task.CompletedTask;
    private long _probeNumber;
    private long _probeFloor;
    private int _state = (int)NodePubSubState.Connecting;
    private long _notConnectedSince = Stopwatch.GetTimestamp();
    private long _connectedSince;

    /// <summary>
    /// The transport's link failed. State changes and their events happen under one lock and are raised in that order, so
    /// <see cref="ConnectionLost"/> always comes before its <see cref="ConnectionRestored"/>, once per outage however many
    /// connections (Redis has two) report the failure; the outage is measured from the first report.
    /// </summary>
    private void OnLinkDown(string reason)
    {
        long at = Stopwatch.GetTimestamp();
        lock (_linkGate)
        {
            // Only a probe sent after this moment proves the link works again; the first of them to come back confirms it
            // (accepting only the newest one starves the confirmation when the round trip is longer than the probe interval).
            Volatile.Write(ref _probeFloor, Interlocked.Read(ref _probeNumber) + 1);
            int previous = Interlocked.CompareExchange(ref _state, (int)NodePubSubState.Disconnected, (int)NodePubSubState.Connected);
            if (previous == (int)NodePubSubState.Disposed)
            {
                return;
            }

            if (previous != (int)NodePubSubState.Connected)
            {
                // Already down (or not yet up): one outage, one event.
                _logger.LogInformation("{Kind} {Bus} node {Node}: the link to {Destination} is still down ({Reason}).", _kind, _busName, NodeName, Destination, reason);
            }
            else
            {
                Volatile.Write(ref _notConnectedSince, at);
                _logger.LogWarning("{Kind} {Bus} node {Node}: the link to {Destination} failed ({Reason}); frames from other nodes are lost until it is restored.", _kind, _busName, NodeName, Destination, reason);
                Enqueue(ConnectionLost, new NodeConnectionEventArgs(NodePubSubState.Disconnected, _transport.SystemName, DateTimeOffset.UtcNow, TimeSpan.Zero, reason));
            }
        }

        DrainEvents();
        WantProbe();
    }

    private void OnLinkUp()
    {
        if (State == NodePubSubState.Disposed)
        {
            return;
        }

        _logger.LogInformation("{Kind} {Bus} node {Node}: the link to {Destination} is back; confirming the subscription with a probe.", _kind, _busName, NodeName, Destination);
        WantProbe();
    }

    /// <summary>Asks the prober for a round trip; any number of asks before it runs make one (the semaphore holds at most one).</summary>
    private void WantProbe()
    {
        try
        {
            if (_probeWanted.CurrentCount == 0)
            {
                _probeWanted.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Asked already.
        }
    }

    /// <summary>Raises an event after those already queued, in the order queued, on one thread at a time (call <see cref="DrainEvents"/> after).</summary>
    private void Enqueue<T>(EventHandler<T>? handler, T args)
    {
        if (handler is not null)
        {
            _events.Enqueue(() => Raise(handler, args));
        }
    }

    /// <summary>Queues and raises an event in order with the others (outside any lock).</summary>
    private void Post<T>(EventHandler<T>? handler, T args)
    {
        Enqueue(handler, args);
        DrainEvents();
    }

    private void DrainEvents()
    {
        while (!_events.IsEmpty && Interlocked.CompareExchange(ref _dispatching, 1, 0) == 0)
        {
            try
            {
                while (_events.TryDequeue(out Action? raise))
                {
                    raise();
                }
            }
            finally
            {
                Volatile.Write(ref _dispatching, 0);
            }
        }
    }

    /// <summary>Sends probe frames until one comes back through the subscription, whenever a confirmation is wanted.</summary>
    private async Task ProbeAsync()
    {
        CancellationToken stopping = _stopping.Token;
        var buffer = new PooledBufferWriter();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await _probeWanted.WaitAsync(stopping).ConfigureAwait(false);
                do
                {
                    long number = Interlocked.Increment(ref _probeNumber);
                    NodeFrame.WriteHeader(buffer, FrameKind.Probe, FrameContent.None, InstanceId, NodeName, ProbeId(number), null, Guid.Empty, 0);
                    byte[] probe = Finish(buffer);
                    buffer.Clear();
                    _authentication?.Sign(probe, FrameAuthentication.Now());
                    try
                    {
                        await PublishProbeAsync(probe, stopping).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        _logger.LogDebug(ex, "{Kind} {Bus} node {Node}: probe {Probe} not published.", _kind, _busName, NodeName, number);
                    }

                    // The next probe after a short while, or at once when the transport says its link is back: the outage
                    // reported is then the real one plus at most this interval, not a fixed 100 ms step.
                    await _probeWanted.WaitAsync(ProbeInterval, stopping).ConfigureAwait(false);
                }
                while (State != NodePubSubState.Connected && !stopping.IsCancellationRequested);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private const string ProbePrefix = "probe-";

    /// <summary>How often probes go out while the link is not confirmed: small frames, so the confirmation follows the real recovery closely.</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(20);

    private static string ProbeId(long number) => ProbePrefix + number.ToString(CultureInfo.InvariantCulture);

    private static bool TryProbeNumber(string probe, out long number)
    {
        number = 0;
        return probe.StartsWith(ProbePrefix, StringComparison.Ordinal) &&
            long.TryParse(probe.Substring(ProbePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    private void OnOwnProbe(string probe)
    {
        if (!TryProbeNumber(probe, out long number) || number < Volatile.Read(ref _probeFloor))
        {
            return;
        }

        long at = Stopwatch.GetTimestamp();
        lock (_linkGate)
        {
            int previous = Volatile.Read(ref _state);
            if (previous is (int)NodePubSubState.Connected or (int)NodePubSubState.Disposed ||
                number < Volatile.Read(ref _probeFloor) ||
                Interlocked.CompareExchange(ref _state, (int)NodePubSubState.Connected, previous) != previous)
            {
                return;
            }

            Volatile.Write(ref _connectedSince, at);
            Interlocked.CompareExchange(ref _startedAt, FrameAuthentication.Now(), 0);
            _firstConfirmation.TrySetResult(true);
            if (previous == (int)NodePubSubState.Disconnected)
            {
                ReleaseInFlight(); // frames sent before the outage that never came back are the receivers' counted loss, not queue depth

                TimeSpan outage = TimeSpan.FromSeconds((at - Volatile.Read(ref _notConnectedSince)) / (double)Stopwatch.Frequency);
                _logger.LogWarning("{Kind} {Bus} node {Node}: subscribed to {Destination} again after {Outage}; lost frames are counted as each origin's next frame or heartbeat arrives.", _kind, _busName, NodeName, Destination, Format(outage));
                Enqueue(ConnectionRestored, new NodeConnectionEventArgs(NodePubSubState.Connected, "probe", DateTimeOffset.UtcNow, outage, null));
            }
        }

        DrainEvents();
    }

    /// <summary>At most this many duplicate-node reports (event and error log) a minute, each instance at most once a minute.</summary>
    internal const int DuplicateReportsPerMinute = 8;

    private readonly object _duplicateGate = new();
    private readonly Dictionary<Guid, long> _duplicatesReported = new();
    private long _duplicateWindow = long.MinValue / 2;
    private int _duplicateReportsInWindow;
    private long _duplicatesSuppressed;

    /// <summary>
    /// A frame of another instance with this node's name: reported at most once a minute per instance and
    /// <see cref="DuplicateReportsPerMinute"/> times a minute in all, the rest summed up in one log line; memory is bounded
    /// by the reports (2 × <see cref="DuplicateReportsPerMinute"/> instances), whatever arrives.
    /// </summary>
    private void OnSameNodeName(Guid other)
    {
        long now = Stopwatch.GetTimestamp();
        long minute = 60 * Stopwatch.Frequency;
        long suppressed = 0;
        lock (_duplicateGate)
        {
            if (now - _duplicateWindow >= minute)
            {
                suppressed = _duplicatesSuppressed;
                _duplicatesSuppressed = 0;
                _duplicateReportsInWindow = 0;
                _duplicateWindow = now;
                var stale = new List<Guid>();
                foreach (KeyValuePair<Guid, long> reported in _duplicatesReported)
                {
                    if (now - reported.Value >= minute)
                    {
                        stale.Add(reported.Key);
                    }
                }

                stale.ForEach(key => _duplicatesReported.Remove(key));
            }

            if (_duplicatesReported.ContainsKey(other))
            {
                return;
            }

            if (_duplicateReportsInWindow >= DuplicateReportsPerMinute)
            {
                _duplicatesSuppressed++;
                return;
            }

            _duplicatesReported[other] = now;
            _duplicateReportsInWindow++;
        }

        if (suppressed > 0)
        {
            _logger.LogError("{Kind} {Bus}: {Count} further frames of other instances with this node's name {Node} were not reported in the last minute (at most {Limit} reports a minute).", _kind, _busName, suppressed, NodeName, DuplicateReportsPerMinute);
        }

        Interlocked.Increment(ref _duplicateNodes);
        _logger.LogError("{Kind} {Bus}: another live bus (instance {Other}) uses this node's name {Node} on {Destination}; direct broadcasts to {Node} reach both. Give each node its own NodeName.", _kind, _busName, other, NodeName, Destination, NodeName);
        Post(DuplicateNodeDetected, new DuplicateNodeEventArgs(NodeName, other));
        WantProbe(); // Answer with a probe, so the other bus learns of us too.
    }
}
