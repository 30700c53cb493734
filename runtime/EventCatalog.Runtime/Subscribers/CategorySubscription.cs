using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace EventCatalog.Subscribers;

/// <summary>
/// A handler running on a category's topic: every event of the category that arrives is handed to the
/// handler's <c>HandleAsync</c> overload for its type, one at a time, in arrival order. Made by the catalog's
/// <c>Subscribe</c> methods; dispose it to unsubscribe.
/// </summary>
/// <remarks>
/// <para>Records, <see cref="EventEnvelope{T}"/>s and <see cref="EventPayload{T}"/>s (with the category's wrapper) all
/// reach the handler as envelopes; anything else goes to <see cref="CategorySubscriptionOptions.OnUnrecognizedMessage"/>
/// and is counted in <see cref="Unrecognized"/>. A handler that throws is handled by
/// <see cref="CategorySubscriptionOptions.ErrorPolicy"/>: by default the subscription stops and <see cref="Completion"/>
/// faults with an <see cref="EventHandlerException"/>.</para>
/// <para>The loop runs on the thread pool. The handler's <c>cancellationToken</c> is cancelled when the subscription is
/// disposed; an <see cref="OperationCanceledException"/> from the handler then ends the loop quietly.</para>
/// </remarks>
public sealed class CategorySubscription : IAsyncDisposable, IDisposable
{
    private readonly ISubscription _subscription;
    private readonly IBoundHandler _handler;
    private readonly CategorySubscriptionOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private long _handled;
    private long _unrecognized;
    private long _failed;

    internal CategorySubscription(ISubscription subscription, IBoundHandler handler, CategorySubscriptionOptions options)
    {
        _subscription = subscription;
        _handler = handler;
        _options = options;
        Completion = Task.Run(RunAsync);
    }

    /// <summary>The subscribed topic.</summary>
    public string Topic => _subscription.Topic;

    /// <summary>The category's wire name, e.g. <c>cluster</c>.</summary>
    public string Category => _handler.Category;

    /// <summary>
    /// Completes when the subscription ends: after disposal (successfully), when the bus ends the subscription
    /// (successfully), or when a handler failure stops it (faulted with the <see cref="EventHandlerException"/>),
    /// or when an <see cref="CategorySubscriptionOptions.OnUnrecognizedMessage"/> or
    /// <see cref="CategorySubscriptionOptions.OnHandlerError"/> hook throws (faulted with that exception).
    /// </summary>
    public Task Completion { get; }

    /// <summary>How many events the handler handled without throwing.</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <summary>How many messages on the topic were not events of the category.</summary>
    public long Unrecognized => Interlocked.Read(ref _unrecognized);

    /// <summary>How many events the handler threw on.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Unsubscribes and cancels the handler's token, without waiting for the loop (see <see cref="DisposeAsync"/>).</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _subscription.Dispose();
    }

    /// <summary>
    /// Unsubscribes, cancels the handler's token and waits for the event in progress to finish. It does not throw a
    /// handler's failure: <see cref="Completion"/> holds it. Do not await it from inside the handler (that waits for itself); call <see cref="Dispose"/> there.
    /// </summary>
    /// <returns>A task that completes when the loop has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        await _subscription.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Completion keeps the failure for whoever watches it; disposal itself succeeds.
        }
    }

    /// <summary>The topic, the category and the counts.</summary>
    /// <returns>One line of text.</returns>
    public override string ToString() =>
        $"CategorySubscription '{Category}' on '{Topic}' ({_handler.HandlerName}): {Handled} handled, {Failed} failed, {Unrecognized} unrecognized";

    private async Task RunAsync()
    {
        CancellationToken stopping = _stopping.Token;
        try
        {
            await foreach (object message in _subscription.WithCancellation(stopping).ConfigureAwait(false))
            {
                IEventEnvelope? evt = _handler.Read(message, out string? reason);
                if (evt is null)
                {
                    await UnrecognizedAsync(message, reason!).ConfigureAwait(false);
                    continue;
                }

                bool dispatched;
                Activity? span = HandlerTelemetry.Start(Topic, Category, _handler.HandlerName, message, evt, out Activity? previous);
                try
                {
                    dispatched = _handler.TryDispatch(evt, stopping, out ValueTask handled);
                    if (dispatched)
                    {
                        await handled.ConfigureAwait(false);
                        Interlocked.Increment(ref _handled);
                    }
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception)
                {
                    HandlerTelemetry.Fail(span, exception);
                    HandlerTelemetry.End(span, previous);
                    span = null;
                    Interlocked.Increment(ref _failed);
                    var failure = new EventHandlerException(Topic, _handler.HandlerName, evt, exception);
                    if (_options.OnHandlerError is { } onError)
                    {
                        await onError(failure).ConfigureAwait(false);
                    }

                    if (_options.ErrorPolicy == HandlerErrorPolicy.Continue)
                    {
                        continue;
                    }

                    throw failure;
                }
                finally
                {
                    HandlerTelemetry.End(span, previous);
                }

                if (!dispatched)
                {
                    await UnrecognizedAsync(message, $"{evt.GetType()} is not an EventEnvelope of the record's own type").ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed: the loop ends quietly.
        }
        finally
        {
            await _subscription.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ValueTask UnrecognizedAsync(object message, string reason)
    {
        Interlocked.Increment(ref _unrecognized);
        var unrecognized = new UnrecognizedMessage(Topic, Category, message, reason);
        return Report(_options, unrecognized);
    }

    /// <summary>Hands an unrecognised message to the hook, or to <see cref="Trace"/> when there is none.</summary>
    internal static ValueTask Report(CategorySubscriptionOptions options, UnrecognizedMessage unrecognized)
    {
        if (options.OnUnrecognizedMessage is { } hook)
        {
            return hook(unrecognized);
        }

        Trace.TraceWarning(unrecognized.ToString());
        return default;
    }
}
