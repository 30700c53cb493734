using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace EventCatalog.PubSub;

/// <summary>
/// Which shards this node receives (<see cref="NodePubSubOptions.ShardSubscription"/>). Under <see cref="ShardSubscription.Needed"/>
/// on an <see cref="IShardSubscriptionTransport"/>, a shard is subscribed while it is needed and unsubscribed when it is not:
/// <list type="bullet">
/// <item>shard 0, always: every node's heartbeats and goodbyes on it give <see cref="NodeUp"/>/<see cref="NodeDown"/> and relay departures;</item>
/// <item>a shard a local subscription's topic maps to (<see cref="ShardsOf"/>), while the topic has one;</item>
/// <item>a shard this node has published on, from its first frame there for the bus's life: the node's own frames must come back
/// through its own subscription for <see cref="NodePubSubOptions.MaxOutboundQueue"/> to count them as delivered.</item>
/// </list>
/// One task (the reconciler) brings the transport to the needed set, whatever order subscriptions come and go in. Loss stays exact:
/// a shard's frames reach the bus only while it is subscribed (the transport guarantees none after unsubscribing), every origin's
/// state on a shard is forgotten when the node stops or starts receiving it, so each origin's next frame there is a new baseline;
/// and an origin's first frames on it are owed to this node only when the origin started after the subscription was in place.
/// </summary>
public partial class NodePubSub
{
    /// <summary>Null unless shards are subscribed as needed.</summary>
    private IShardSubscriptionTransport? _selective;

    /// <summary>Per shard: the subscription attempt (<see cref="_inPlace"/>'s task) its writer already waited out once (made by the first writer to time out; a note lost to two writers making it at once costs one more wait).</summary>
    private Task?[]? _waitedOut;
    private readonly object _shardGate = new();
    private CatalogTopics.Catalog?[] _topicCatalogs = Array.Empty<CatalogTopics.Catalog?>();
    private int[] _topicsOn = Array.Empty<int>();
    private bool[] _publishesOn = Array.Empty<bool>();

    /// <summary>1 while the bus reads the shard's frames (set before the transport subscribes, cleared after it unsubscribed).</summary>
    private int[] _open = Array.Empty<int>();

    /// <summary>When the shard's subscription was last in place (Unix ms): an origin started before it owes this node nothing there; long.MaxValue while subscribing.</summary>
    private long[] _openSince = Array.Empty<long>();

    /// <summary>Completed while the shard's subscription is in place.</summary>
    private TaskCompletionSource<bool>[] _inPlace = Array.Empty<TaskCompletionSource<bool>>();
    private readonly SemaphoreSlim _reconcile = new(0);
    private Task _reconciler = Task.CompletedTask;

    /// <summary>
    /// The shards this node receives now, in order: every shard of the bus, unless <see cref="NodePubSubOptions.ShardSubscription"/>
    /// is <see cref="ShardSubscription.Needed"/> on a transport that subscribes per shard; then shard 0 and the shards a local
    /// subscription or this node's own publishing needs, as far as the transport has subscribed them.
    /// </summary>
    public IReadOnlyList<int> ReceivedShards
    {
        get
        {
            var shards = new List<int>(_shardCount);
            for (int shard = 0; shard < _shardCount; shard++)
            {
                if (ShardInPlace(shard))
                {
                    shards.Add(shard);
                }
            }

            return shards;
        }
    }

    /// <summary>
    /// Subscribes to <paramref name="topic"/> as <see cref="Subscribe"/> does, and waits until other nodes' frames on it reach this
    /// node: at once when every shard is received (<see cref="ShardSubscription.All"/>), else until the transport has subscribed
    /// the topic's shards (one broker round trip when they are new).
    /// </summary>
    /// <param name="topic">The exact topic.</param>
    /// <param name="cancellationToken">Cancels the wait; the subscription is then disposed.</param>
    /// <returns>The subscription, receiving from every node.</returns>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">The bus is disposed.</exception>
    /// <exception cref="TimeoutException">The shards were not subscribed within <see cref="NodePubSubOptions.PublishTimeout"/> (the broker is unreachable); the subscription is disposed.</exception>
    public async Task<ISubscription> SubscribeAsync([TopicParameter] string topic, CancellationToken cancellationToken = default)
    {
        ISubscription subscription = Subscribe(topic);
        if (_selective is null)
        {
            return subscription;
        }

        try
        {
            await WhenInPlaceAsync(ShardsOf(topic), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }

        return subscription;
    }

    /// <summary>
    /// The shards a subscription to <paramref name="topic"/> needs: for each catalog of the codec, the shard its frames take when
    /// they are events of that catalog (the same function as at publish); and the topic's hash shard, unless every catalog of the
    /// codec reads the topic as one of its own (events of a catalog that does not take it there by the hash). Every shard when a
    /// part of the codec is no generated catalog's: its events' catalogs, so their shards, cannot be known before a message.
    /// </summary>
    private HashSet<int> ShardsOf(string topic)
    {
        var shards = new HashSet<int>();
        if (Array.IndexOf(_topicCatalogs, null) >= 0)
        {
            for (int shard = 0; shard < _shardCount; shard++)
            {
                shards.Add(shard);
            }

            return shards;
        }

        bool hashed = _topicCatalogs.Length == 0;
        foreach (CatalogTopics.Catalog? catalog in _topicCatalogs)
        {
            if (catalog is not null && catalog.Template.TryMatch(topic, out _, out _, out _))
            {
                shards.Add(ShardOf(topic, catalog, _shardCount));
            }
            else
            {
                hashed = true;
            }
        }

        if (hashed)
        {
            shards.Add(ShardOf(topic, null, _shardCount));
        }

        return shards;
    }

    /// <summary>Sets up subscribing per shard when the options ask for it and the transport can (from the constructor).</summary>
    private void InitShards(NodePubSubOptions options)
    {
        int count = _shardCount;
        if (options.ShardSubscription != ShardSubscription.Needed || count == 1 || _transport is not IShardSubscriptionTransport selective)
        {
            return;
        }

        _selective = selective;
        _topicCatalogs = CatalogTopics.OfCodec(_codec);
        _topicsOn = new int[count];
        _publishesOn = new bool[count];
        _open = new int[count];
        _openSince = new long[count];
        _inPlace = new TaskCompletionSource<bool>[count];
        for (int shard = 0; shard < count; shard++)
        {
            _inPlace[shard] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _openSince[shard] = long.MaxValue;
        }

        _open[0] = 1;
        _openSince[0] = 0;
        _inPlace[0].TrySetResult(true);
        _table.TopicsChanged = OnTopicsChanged;
        if (Array.IndexOf(_topicCatalogs, null) >= 0)
        {
            _logger.LogWarning("{Kind} {Bus} node {Node}: {Options}.ShardSubscription is Needed but the codec ({Codec}) is not a generated catalog's codec or EventCodec.Combine of them, so a topic's shards cannot be known before a message: every subscription takes every shard.", _kind, _busName, NodeName, _optionsName, _codec.GetType().FullName);
        }
    }

    /// <summary>Starts the transport: on shard 0 alone when shards are subscribed as needed (the reconciler adds the rest), else as it is.</summary>
    private Task StartTransportAsync(INodeTransportReceiver receiver, CancellationToken cancellationToken) =>
        _selective is null ? _transport.StartAsync(receiver, cancellationToken) : _selective.StartAsync(receiver, new[] { 0 }, cancellationToken);

    /// <summary>Starts the reconciler once the transport has started (from the start, after the transport's start).</summary>
    private void StartShardReconciler()
    {
        if (_selective is not null)
        {
            _reconciler = Task.Run(ReconcileShardsAsync);
            _reconcile.Release();
        }
    }

    /// <summary>Whether the bus reads frames of <paramref name="stream"/> now (receive path: one array read).</summary>
    private bool ShardOpen(byte stream)
    {
        int[] open = _open;
        return stream >= open.Length || Volatile.Read(ref open[stream]) != 0;
    }

    /// <summary>Whether the transport has <paramref name="shard"/>'s subscription in place (always, unless shards are subscribed as needed).</summary>
    private bool ShardInPlace(int shard) => _selective is null || shard >= _inPlace.Length || Volatile.Read(ref _inPlace[shard]).Task.IsCompleted;

    /// <summary>Since when this node has received <paramref name="stream"/> (Unix ms; 0 when it always has; long.MaxValue when not known or not now).</summary>
    private long ReceivingSince(int stream)
    {
        if (_selective is null)
        {
            return 0;
        }

        return stream < 0 || stream >= _openSince.Length ? long.MaxValue : Volatile.Read(ref _openSince[stream]);
    }

    /// <summary>
    /// The writer is about to publish on <paramref name="shard"/>: under <see cref="ShardSubscription.Needed"/> the node subscribes to
    /// it first (once), so its own frames come back for back-pressure; waits at most the publish timeout, then publishes anyway.
    /// </summary>
    private ValueTask ReceivingOwnAsync(int shard)
    {
        if (_selective is null || shard >= _inPlace.Length || (Volatile.Read(ref _publishesOn[shard]) && ShardInPlace(shard)))
        {
            return default;
        }

        Task inPlace;
        lock (_shardGate)
        {
            if (!_publishesOn[shard])
            {
                Volatile.Write(ref _publishesOn[shard], true);
                _reconcile.Release();
            }

            inPlace = _inPlace[shard].Task;
        }

        // Waited out once already for this subscription attempt (it keeps failing): publish without waiting again, so a shard
        // whose subscription the broker refuses costs one publish timeout, not one per batch.
        bool waitedOut = _waitedOut is { } waited && ReferenceEquals(Volatile.Read(ref waited[shard]), inPlace);
        return inPlace.IsCompleted || waitedOut ? default : new ValueTask(WaitOwnShardAsync(inPlace, shard));
    }

    private async Task WaitOwnShardAsync(Task inPlace, int shard)
    {
        Task done = await Task.WhenAny(inPlace, Task.Delay(_publishTimeout, _stopping.Token)).ConfigureAwait(false);
        if (done != inPlace && !_stopping.IsCancellationRequested)
        {
            Task?[] waited = _waitedOut ??= new Task?[_inPlace.Length];
            Volatile.Write(ref waited[shard], inPlace);
            _logger.LogWarning("{Kind} {Bus} node {Node}: shard {Shard} of {Destination} was not subscribed within {Timeout}; publishing on it without its own echo.", _kind, _busName, NodeName, shard, Destination, Format(_publishTimeout));
        }
    }

    /// <summary>The table's first subscription of a topic came or its last went (under the table's lock): counts its shards' topics.</summary>
    private void OnTopicsChanged(string topic, bool added)
    {
        HashSet<int> shards = ShardsOf(topic);
        lock (_shardGate)
        {
            foreach (int shard in shards)
            {
                _topicsOn[shard] += added ? 1 : -1;
            }
        }

        _reconcile.Release();
    }

    /// <summary>Waits until <paramref name="shards"/> are subscribed, at most the publish timeout.</summary>
    private async Task WhenInPlaceAsync(HashSet<int> shards, CancellationToken cancellationToken)
    {
        var waits = new List<Task>(shards.Count);
        lock (_shardGate)
        {
            foreach (int shard in shards)
            {
                Task task = _inPlace[shard].Task;
                if (!task.IsCompleted)
                {
                    waits.Add(task);
                }
            }
        }

        if (waits.Count == 0)
        {
            return;
        }

        Task all = Task.WhenAll(waits);
        Task done = await Task.WhenAny(all, Task.Delay(_publishTimeout, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        if (done != all)
        {
            throw new TimeoutException($"{_kind} \"{_busName}\" (node \"{NodeName}\") could not subscribe to shards {string.Join(", ", shards)} of {Destination} within {Format(_publishTimeout)}.");
        }
    }

    /// <summary>Whether <paramref name="shard"/> is needed now; the caller holds <see cref="_shardGate"/>.</summary>
    private bool ShardNeeded(int shard) => shard == 0 || _topicsOn[shard] > 0 || _publishesOn[shard];

    /// <summary>
    /// Brings the transport's subscriptions to the needed set, one shard at a time, whenever it changes; a failed subscribe is
    /// tried again after 100 ms. Changes during a pass make another pass, so the set it ends on is the needed set.
    /// </summary>
    private async Task ReconcileShardsAsync()
    {
        CancellationToken stopping = _stopping.Token;
        IShardSubscriptionTransport transport = _selective!;
        try
        {
            while (true)
            {
                await _reconcile.WaitAsync(stopping).ConfigureAwait(false);
                while (_reconcile.Wait(0))
                {
                    // Every change so far is seen by this pass.
                }

                bool failed = false;
                for (int shard = 1; shard < _shardCount; shard++)
                {
                    bool needed;
                    lock (_shardGate)
                    {
                        needed = ShardNeeded(shard);
                    }

                    bool open = Volatile.Read(ref _open[shard]) != 0;
                    if (needed && !open)
                    {
                        failed |= !await OpenShardAsync(transport, shard, stopping).ConfigureAwait(false);
                    }
                    else if (!needed && open)
                    {
                        await CloseShardAsync(transport, shard, stopping).ConfigureAwait(false);
                    }
                }

                if (failed)
                {
                    await Task.Delay(100, stopping).ConfigureAwait(false);
                    _reconcile.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<bool> OpenShardAsync(IShardSubscriptionTransport transport, int shard, CancellationToken stopping)
    {
        // Whatever was known of the shard's origins is stale: each origin's next frame there is a new baseline.
        lock (_sequences)
        {
            _sequences.Forget(shard);
        }

        Volatile.Write(ref _openSince[shard], long.MaxValue);
        Volatile.Write(ref _open[shard], 1);
        try
        {
            await transport.SubscribeAsync(shard, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            // Every 100 ms while the broker is unreachable: a warning only while the link is up (an outage is reported once, as ConnectionLost).
            _logger.Log(State == NodePubSubState.Connected ? LogLevel.Warning : LogLevel.Debug, "{Kind} {Bus} node {Node}: subscribing to shard {Shard} of {Destination} failed ({Error}); trying again.", _kind, _busName, NodeName, shard, Destination, ex.Message);
            try
            {
                await transport.UnsubscribeAsync(shard, stopping).ConfigureAwait(false);
            }
            catch (Exception again) when (again is not OperationCanceledException)
            {
                _logger.LogDebug(again, "{Kind} {Bus} node {Node}: the broker did not confirm unsubscribing from shard {Shard}.", _kind, _busName, NodeName, shard);
            }

            Volatile.Write(ref _open[shard], 0);
            return false;
        }

        Volatile.Write(ref _openSince[shard], FrameAuthentication.Now());
        lock (_shardGate)
        {
            _inPlace[shard].TrySetResult(true);
        }

        _logger.LogDebug("{Kind} {Bus} node {Node}: subscribed to shard {Shard} of {Destination}.", _kind, _busName, NodeName, shard, Destination);
        return true;
    }

    private async Task CloseShardAsync(IShardSubscriptionTransport transport, int shard, CancellationToken stopping)
    {
        lock (_shardGate)
        {
            if (ShardNeeded(shard))
            {
                // A subscription came after this pass decided (and its SubscribeAsync saw the shard in place): it stays open.
                return;
            }

            if (_inPlace[shard].Task.IsCompleted)
            {
                _inPlace[shard] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        try
        {
            await transport.UnsubscribeAsync(shard, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The transport hands over none of the shard's frames after the call, whatever the broker answered.
            _logger.LogDebug(ex, "{Kind} {Bus} node {Node}: the broker did not confirm unsubscribing from shard {Shard}.", _kind, _busName, NodeName, shard);
        }

        Volatile.Write(ref _open[shard], 0);
        Volatile.Write(ref _openSince[shard], long.MaxValue);
        lock (_sequences)
        {
            _sequences.Forget(shard);
        }

        _logger.LogDebug("{Kind} {Bus} node {Node}: unsubscribed from shard {Shard} of {Destination}.", _kind, _busName, NodeName, shard, Destination);
    }
}
