using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace EventCatalog.PubSub;

/// <summary>Disposal: the frames already queued get a short chance to go out, then the transport and every local subscription end.</summary>
public partial class NodePubSub
{
    /// <summary>
    /// Stops the bus: fails frames not yet published with <see cref="ObjectDisposedException"/>, disposes the transport
    /// (which unsubscribes and releases what it owns), and ends every local subscription after its queued messages.
    /// </summary>
    /// <returns>A task that completes when the bus has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, (int)NodePubSubState.Disposed) == (int)NodePubSubState.Disposed)
        {
            return;
        }

        CompleteOutbound();
        FailWaiting();
        _firstConfirmation.TrySetCanceled();
        try
        {
            // Frames already queued get a short chance to go out before the writer is told to give up.
            await Task.WhenAny(_writer, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
            await SayGoodbyeAsync().ConfigureAwait(false);
        }
        finally
        {
            _stopping.Cancel();
        }

        foreach (Outbound left in DrainOutbound())
        {
            left.Completion.TrySetException(new ObjectDisposedException(_kind, "The bus was disposed before the frame reached the broker."));
        }

        await Task.WhenAny(_reconciler, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        try
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "{Kind} {Bus}: disposing the {System} transport failed.", _kind, _busName, _transport.SystemName);
        }

        await Task.WhenAny(Task.WhenAll(_writer, _prober, _heartbeats), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        _table.CompleteAll();
    }
}
