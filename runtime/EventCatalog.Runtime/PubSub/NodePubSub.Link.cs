using System;
using System.Collections.Concurrent;
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
    private readonly SemaphoreSlim _probeWanted = new(0, int.MaxValue);
    private readonly TaskCompletionSource<bool> _firstConfirmation = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<Guid, string> _duplicates = new();
    private Task _prober = Task.CompletedTask;
    private long _probeNumber;
    private long _probeFloor;
    private int _state = (int)NodePubSubState.Connecting;
    private long _notConnectedSince = Stopwatch.GetTimestamp();

    private void OnLinkDown(string reason)
    {
        int previous = Interlocked.CompareExchange(ref _state, (int)NodePubSubState.Disconnected, (int)NodePubSubState.Connected);
        if (previous == (int)NodePubSubState.Disposed)
        {
            return;
        }

        // Only a probe sent after this moment proves the link works again; the first of them to come back confirms it
        // (accepting only the newest one starves the confirmation when the round trip is longer than the probe interval).
        Volatile.Write(ref _probeFloor, Interlocked.Read(ref _probeNumber) + 1);
        _probeWanted.Release();
        if (previous != (int)NodePubSubState.Connected)
        {
            // Already down (or not yet up): one outage, one event.
            _logger.LogInformation("{Kind} {Bus} node {Node}: the link to {Destination} is still down ({Reason}).", _kind, _busName, NodeName, Destination, reason);
            return;
        }

        Volatile.Write(ref _notConnectedSince, Stopwatch.GetTimestamp());
        _logger.LogWarning("{Kind} {Bus} node {Node}: the link to {Destination} failed ({Reason}); frames from other nodes are lost until it is restored.", _kind, _busName, NodeName, Destination, reason);
        Raise(ConnectionLost, new NodeConnectionEventArgs(NodePubSubState.Disconnected, _transport.SystemName, DateTimeOffset.UtcNow, TimeSpan.Zero, reason));
    }

    private void OnLinkUp()
    {
        if (State == NodePubSubState.Disposed)
        {
            return;
        }

        _logger.LogInformation("{Kind} {Bus} node {Node}: the link to {Destination} is back; confirming the subscription with a probe.", _kind, _busName, NodeName, Destination);
        _probeWanted.Release();
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

                    await Task.Delay(100, stopping).ConfigureAwait(false);
                }
                while (State != NodePubSubState.Connected && !stopping.IsCancellationRequested);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private const string ProbePrefix = "probe-";

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

        int previous = Volatile.Read(ref _state);
        if (previous is (int)NodePubSubState.Connected or (int)NodePubSubState.Disposed ||
            Interlocked.CompareExchange(ref _state, (int)NodePubSubState.Connected, previous) != previous)
        {
            return;
        }

        _firstConfirmation.TrySetResult(true);
        if (previous == (int)NodePubSubState.Disconnected)
        {
            ReleaseInFlight(); // frames sent before the outage that never came back are the receivers' counted loss, not queue depth

            TimeSpan outage = TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - Volatile.Read(ref _notConnectedSince)) / (double)Stopwatch.Frequency);
            _logger.LogWarning("{Kind} {Bus} node {Node}: subscribed to {Destination} again after {Outage}; lost frames are counted as each origin's next frame arrives.", _kind, _busName, NodeName, Destination, Format(outage));
            Raise(ConnectionRestored, new NodeConnectionEventArgs(NodePubSubState.Connected, "probe", DateTimeOffset.UtcNow, outage, null));
        }
    }

    private void OnSameNodeName(Guid other)
    {
        if (!_duplicates.TryAdd(other, NodeName))
        {
            return;
        }

        Interlocked.Increment(ref _duplicateNodes);
        _logger.LogError("{Kind} {Bus}: another live bus (instance {Other}) uses this node's name {Node} on {Destination}; direct broadcasts to {Node} reach both. Give each node its own NodeName.", _kind, _busName, other, NodeName, Destination, NodeName);
        Raise(DuplicateNodeDetected, new DuplicateNodeEventArgs(NodeName, other));
        _probeWanted.Release(); // Answer with a probe, so the other bus learns of us too.
    }
}
