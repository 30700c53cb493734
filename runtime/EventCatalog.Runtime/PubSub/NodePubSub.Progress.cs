using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Codecs;
using Microsoft.Extensions.Logging;

namespace EventCatalog.PubSub;

/// <summary>
/// Back-pressure against the slowest receiver (docs/scale.md §2, docs/node-frames.md "Progress"). Every node reports, per
/// stream, how far it has received each origin's frames (progress frames, kind 8): when it has received
/// <see cref="NodePubSubOptions.MaxOutboundQueue"/> / 4 frames on a stream since its last report, or within
/// <see cref="ProgressInterval"/> of any unreported frame, and all its positions once every heartbeat interval. A publisher
/// takes as "back" on a stream the minimum of its own echo and the positions reported by the live receivers
/// (<see cref="NodePubSubOptions.WaitForSlowestReceiver"/>), so <see cref="NodePubSubOptions.MaxOutboundQueue"/> bounds what the
/// slowest live node has not yet received. A receiver counts from its <see cref="NodeUp"/> (at what was handed over then;
/// without a report within five heartbeat intervals, only once it reports; under <see cref="ShardSubscription.Needed"/>, where a
/// node receives only some shards, on a stream from its first report there) and is dropped at its <see cref="NodeDown"/>
/// (goodbye, or five silent heartbeat intervals). A publisher whose window only receivers hold asks for their reports.
/// </summary>
public partial class NodePubSub
{
    /// <summary>A receiver reports unreported progress at least this often.</summary>
    internal static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>Per stream: what this node has received from each origin, and what it has reported.</summary>
    private ReportStream[] _reports = Array.Empty<ReportStream>();

    /// <summary>Per live receiver (instance): its position for this node's frames, per stream (−1: not counted on that stream).</summary>
    private readonly Dictionary<Guid, PeerWindow> _receivers = new();
    private long[] _echoBack = new long[1];
    private long[] _receiverFloor = { long.MaxValue };
    private bool _waitForSlowest = true;
    private int _reportEvery = NodePubSubOptions.DefaultMaxOutboundQueue / 4;
    private TaskCompletionSource<bool> _progressWake = NewWake();
    private long _progressSent;

    /// <summary>Per stream: when this node last asked the others for their reports (Stopwatch ticks; 0 when answered).</summary>
    private long[] _requestedAt = new long[1];

    private static TaskCompletionSource<bool> NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Reads the back-pressure settings (from <see cref="InitOutbound"/>, once the shard count is known).</summary>
    private void InitProgress(NodePubSubOptions options)
    {
        _waitForSlowest = options.WaitForSlowestReceiver;
        _reportEvery = Math.Max(1, options.MaxOutboundQueue / 4);
        _reports = new ReportStream[_shardCount];
        for (int i = 0; i < _reports.Length; i++)
        {
            _reports[i] = new ReportStream();
        }

        _echoBack = new long[_shardCount];
        _requestedAt = new long[_shardCount];
        _receiverFloor = new long[_shardCount];
        for (int i = 0; i < _receiverFloor.Length; i++)
        {
            _receiverFloor[i] = long.MaxValue;
        }
    }

    /// <summary>How many progress frames this node has sent (every stream, every chunk).</summary>
    internal long ProgressSent => Interlocked.Read(ref _progressSent);

    /// <summary>
    /// The live receivers whose reported positions hold this node's publishers (<see cref="NodePubSubOptions.WaitForSlowestReceiver"/>):
    /// those that reported progress on at least one stream and have not gone down since.
    /// </summary>
    internal int ReceiversCounted
    {
        get
        {
            lock (_receivers)
            {
                return _receivers.Count;
            }
        }
    }

    /// <summary>Receive path: a frame of another origin took its place in its sequence; it is progress to report.</summary>
    private void NoteProgress(in NodeFrame.Header header) => NoteProgress(header.Origin, header.Stream, header.Sequence, urgent: false);

    /// <summary>
    /// An announcement of <paramref name="origin"/> moved its baseline on <paramref name="stream"/> to <paramref name="last"/>: the frames
    /// before it were received or counted lost, and none of them will arrive any more, so that is the position to report, at once. A
    /// receiver whose subscription lost frames would otherwise never report past the gap, and hold the origin's publishers for good.
    /// </summary>
    private void NoteAccountedFor(Guid origin, int stream, long last)
    {
        if (last > 0)
        {
            NoteProgress(origin, stream, last, urgent: true);
        }
    }

    private void NoteProgress(Guid origin, int streamIndex, long sequence, bool urgent)
    {
        if (streamIndex >= _reports.Length)
        {
            return;
        }

        ReportStream stream = _reports[streamIndex];
        bool wake;
        lock (stream)
        {
            if (stream.Recent is not { } entry || stream.RecentOrigin != origin)
            {
                if (!stream.Origins.TryGetValue(origin, out entry))
                {
                    if (stream.Origins.Count >= OriginSequences.DefaultCapacity)
                    {
                        return; // bounded as the origin table is; entries expire after five heartbeat intervals without a frame
                    }

                    entry = new ReportEntry();
                    stream.Origins.Add(origin, entry);
                }

                stream.Recent = entry;
                stream.RecentOrigin = origin;
            }

            if (sequence <= entry.Last)
            {
                return;
            }

            entry.Last = sequence;
            wake = ++stream.Unreported == _reportEvery || (urgent && stream.Unreported < _reportEvery);
        }

        if (wake)
        {
            WakeProgress();
        }
    }

    private void WakeProgress() => Interlocked.Exchange(ref _progressWake, NewWake()).TrySetResult(true);

    /// <summary>Sends progress within <see cref="ProgressInterval"/> of unreported frames (at once after <c>MaxOutboundQueue / 4</c>), and every position once per heartbeat interval.</summary>
    private async Task ProgressAsync()
    {
        CancellationToken stopping = _stopping.Token;
        long refreshTicks = (long)(_heartbeatInterval.TotalSeconds * Stopwatch.Frequency);
        long lastRefresh = Stopwatch.GetTimestamp();
        try
        {
            Task wake = Volatile.Read(ref _progressWake).Task;
            while (!stopping.IsCancellationRequested)
            {
                await Task.WhenAny(wake, Task.Delay(ProgressInterval, stopping)).ConfigureAwait(false);
                stopping.ThrowIfCancellationRequested();

                // Taken before the work: a wake during the work completes this one, so the next wait returns at once (no lost wake).
                wake = Volatile.Read(ref _progressWake).Task;
                if (State != NodePubSubState.Connected)
                {
                    continue;
                }

                long now = Stopwatch.GetTimestamp();
                bool refresh = now - lastRefresh >= refreshTicks;
                if (refresh)
                {
                    lastRefresh = now;
                }

                List<(Guid Origin, long Last)>? notReceived = refresh ? NotReceivedReport() : null;
                for (int shard = 0; shard < _reports.Length; shard++)
                {
                    if (notReceived is not null && !ShardOpen((byte)shard))
                    {
                        // A shard this node does not receive now (ShardSubscription.Needed): every live origin is told so on it,
                        // every heartbeat interval (a lost report heals), so no publisher waits for this node there.
                        await SendProgressAsync(shard, notReceived, request: false, stopping).ConfigureAwait(false);
                        continue;
                    }

                    List<(Guid Origin, long Last)>? positions = TakeReport(_reports[shard], refresh, now);
                    bool request = NeedsReports(shard, now);
                    if (positions is not null || request)
                    {
                        await SendProgressAsync(shard, positions ?? new List<(Guid, long)>(), request, stopping).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "{Kind} {Bus} node {Node}: progress reports stopped.", _kind, _busName, NodeName);
        }
    }

    /// <summary>
    /// Under <see cref="ShardSubscription.Needed"/>: every live node's instance with the position <see cref="NodeProgress.NotReceived"/>,
    /// the report this node sends on the shards it does not receive (a publisher then does not count it there); null otherwise.
    /// </summary>
    private List<(Guid Origin, long Last)>? NotReceivedReport()
    {
        if (_selective is null)
        {
            return null;
        }

        var live = new List<(Guid Origin, long Last)>();
        lock (_sequences)
        {
            foreach (OriginSequences.Origin origin in _sequences.All)
            {
                if (origin.Stream == 0 && origin.Up && !origin.Departed && origin.Id != InstanceId)
                {
                    live.Add((origin.Id, NodeProgress.NotReceived));
                }
            }
        }

        return live.Count == 0 ? null : live;
    }

    /// <summary>Every position of the stream's live origins when there is unreported progress (or <paramref name="refresh"/>); null when nothing is to be sent.</summary>
    private List<(Guid Origin, long Last)>? TakeReport(ReportStream stream, bool refresh, long now)
    {
        long expiry = SilentIntervals * (long)(_heartbeatInterval.TotalSeconds * Stopwatch.Frequency);
        lock (stream)
        {
            if (stream.Unreported == 0 && !refresh)
            {
                return null;
            }

            stream.Unreported = 0;
            List<(Guid, long)>? positions = null;
            List<Guid>? expired = null;
            foreach (KeyValuePair<Guid, ReportEntry> pair in stream.Origins)
            {
                ReportEntry entry = pair.Value;
                if (entry.Last != entry.Reported)
                {
                    entry.Reported = entry.Last;
                    entry.ChangedAt = now;
                }
                else if (now - entry.ChangedAt > expiry)
                {
                    (expired ??= new List<Guid>()).Add(pair.Key);
                    continue;
                }

                (positions ??= new List<(Guid, long)>(stream.Origins.Count)).Add((pair.Key, entry.Last));
            }

            if (expired is not null)
            {
                foreach (Guid origin in expired)
                {
                    stream.Origins.Remove(origin);
                }

                stream.Recent = null;
            }

            return positions;
        }
    }

    /// <summary>
    /// Whether this node should ask the others for their reports on <paramref name="stream"/>: publishes wait, every frame of its
    /// own on the stream is back, and only receivers' reports hold the window (they report every <c>MaxOutboundQueue / 4</c>
    /// frames of their own setting, or 25 ms, which a publisher with a smaller window would otherwise wait for). One request
    /// at a time per stream: another only once one was answered or 25 ms have passed.
    /// </summary>
    private bool NeedsReports(int stream, long now)
    {
        if (!_waitForSlowest || Volatile.Read(ref _waitingCount) == 0)
        {
            return false;
        }

        long echo = Volatile.Read(ref _echoBack[stream]);
        if (echo < Volatile.Read(ref _handedOver[stream]) || Volatile.Read(ref _receiverFloor[stream]) >= echo)
        {
            return false;
        }

        long asked = Volatile.Read(ref _requestedAt[stream]);
        if (asked != 0 && now - asked < (long)(ProgressInterval.TotalSeconds * Stopwatch.Frequency))
        {
            return false;
        }

        Volatile.Write(ref _requestedAt[stream], now);
        return true;
    }

    /// <summary>
    /// Another node asks for reports: the loop runs now, and reports every stream with unreported frames (nothing is sent for a
    /// stream with none, so requests cannot make a node send more reports than the frames it receives; requests that arrive
    /// while the loop works coalesce into one more pass).
    /// </summary>
    private void OnReportsRequested() => WakeProgress();

    /// <summary>One progress frame per <see cref="NodeProgress.MaxEntries"/> positions (fewer when the frame limit is small), signed when the bus signs; a request goes in the first.</summary>
    private async Task SendProgressAsync(int shard, List<(Guid Origin, long Last)> positions, bool request, CancellationToken cancellationToken)
    {
        var buffer = new PooledBufferWriter();
        try
        {
            int start = 0;
            while (start < positions.Count || (request && start == 0))
            {
                NodeFrame.WriteHeader(buffer, FrameKind.Progress, FrameContent.None, InstanceId, NodeName, "progress", null, Guid.Empty, 0);
                int room = _maxFrameBytes - buffer.WrittenSpan.Length - (_authentication is null ? 0 : FrameAuthentication.TrailerBytes) - NodeProgress.BodyBytes(0);
                int count = Math.Min(Math.Min(positions.Count - start, NodeProgress.MaxEntries), Math.Max(1, room / NodeProgress.EntryBytes));
                NodeProgress.Write(buffer, request && start == 0, positions, start, count);
                byte[] frame = Finish(buffer);
                buffer.Clear();
                NodeFrame.SetStream(frame, shard);
                _authentication?.Sign(frame, FrameAuthentication.Now());
                await PublishAnnouncementAsync(frame, shard, FrameKind.Progress, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _progressSent);
                if (count == 0)
                {
                    break;
                }

                start += count;
            }
        }
        finally
        {
            buffer.Clear();
        }
    }

    /// <summary>A progress frame from another instance, authenticated (with keys) and with a readable header: checked whole before it changes anything.</summary>
    private void OnProgress(in NodeFrame.Header header)
    {
        if (!NodeProgress.TryRead(header.Body.Span, InstanceId, out long position, out bool request, out string problem))
        {
            Reject(FrameRejectReason.Malformed, problem, header);
            return;
        }

        int stream = header.Stream;
        if (stream >= _shardCount)
        {
            Reject(FrameRejectReason.Malformed, $"a progress frame on stream {stream}; this bus has {_shardCount} streams", header);
            return;
        }

        if (request)
        {
            OnReportsRequested();
        }

        if (position == 0 || !_waitForSlowest)
        {
            return; // nothing about this node's frames, or this node does not wait for receivers
        }

        lock (_sequences)
        {
            // Only a live node holds publishers: one that is up (its heartbeats heard) and has not said goodbye, so a captured
            // report of a node that went down, replayed inside the window, cannot bring it back into the minimum.
            if (_sequences.Find(header.Origin) is not { Up: true, Departed: false })
            {
                return;
            }
        }

        long floor;
        if (position == NodeProgress.NotReceived)
        {
            // The sender does not receive this stream (ShardSubscription.Needed): it holds no publishes here until it reports a position.
            lock (_receivers)
            {
                if (!_receivers.TryGetValue(header.Origin, out PeerWindow? receiver) || receiver.Positions[stream] < 0)
                {
                    return;
                }

                receiver.Positions[stream] = -1;
                floor = FloorOf(stream);
            }

            RaiseBack(stream, Math.Min(floor, Volatile.Read(ref _echoBack[stream])));
            return;
        }

        // Never past what was handed to the transport (a forged report cannot open the window further than that), never backwards.
        position = Math.Min(position, Volatile.Read(ref _handedOver[stream]));
        lock (_sequences)
        lock (_receivers)
        {
            // Checked again with the table locked: a NodeDown between the check above and here (its ForgetReceiver already run)
            // must not see the node added back, to hold publishers with no NodeDown to come.
            if (_sequences.Find(header.Origin) is not { Up: true, Departed: false })
            {
                return;
            }

            if (!_receivers.TryGetValue(header.Origin, out PeerWindow? receiver))
            {
                receiver = new PeerWindow(_shardCount, -1, 0);
                _receivers.Add(header.Origin, receiver);
            }

            receiver.ReportsUntil = 0; // it reports: counted until its NodeDown
            long[] reported = receiver.Positions;
            if (position <= reported[stream])
            {
                return;
            }

            long before = Volatile.Read(ref _receiverFloor[stream]);
            reported[stream] = position;
            floor = FloorOf(stream);
            if (floor > before)
            {
                // Answered by the receiver that held the window: the next request may go at once. (Another receiver's report does
                // not count, or two publishers held by a third would trade requests and reports as fast as the broker carries them.)
                Volatile.Write(ref _requestedAt[stream], 0);
            }
        }

        RaiseBack(stream, Math.Min(floor, Volatile.Read(ref _echoBack[stream])));
    }

    /// <summary>This node's frame <paramref name="sequence"/> came back through its own subscription: back as far as every live receiver has reported too.</summary>
    private long OwnEcho(int stream, long sequence)
    {
        ref long echo = ref _echoBack[stream];
        long seen = Volatile.Read(ref echo);
        while (sequence > seen)
        {
            long previous = Interlocked.CompareExchange(ref echo, sequence, seen);
            if (previous == seen)
            {
                break;
            }

            seen = previous;
        }

        if (Volatile.Read(ref _waitingCount) > 0 && sequence >= Volatile.Read(ref _handedOver[stream]) && Volatile.Read(ref _receiverFloor[stream]) < sequence)
        {
            WakeProgress(); // publishes wait and only receivers hold them: ask for their reports now (NeedsReports)
        }

        return Math.Min(sequence, Volatile.Read(ref _receiverFloor[stream]));
    }

    /// <summary>The lowest position reported on <paramref name="stream"/> by the counted receivers (<see cref="long.MaxValue"/> if none); stored for the echo path. Under the lock on <see cref="_receivers"/>.</summary>
    private long FloorOf(int stream)
    {
        long floor = long.MaxValue;
        foreach (PeerWindow receiver in _receivers.Values)
        {
            long position = receiver.Positions[stream];
            if (position >= 0 && position < floor)
            {
                floor = position;
            }
        }

        Volatile.Write(ref _receiverFloor[stream], floor);
        return floor;
    }

    /// <summary>
    /// A node came up (its first heartbeat): it holds this node's publishers from now on, at what this node has handed to the
    /// broker so far (it has received none of what follows), so a node that is slow to start (a process starved of CPU, still
    /// compiling) is not run over before its first report. One that has not reported within <see cref="SilentIntervals"/> heartbeat
    /// intervals (a node that predates progress frames) stops counting (<see cref="ExpireSilentReceivers"/>) until it reports.
    /// </summary>
    private void ExpectReceiver(Guid instance)
    {
        // Under ShardSubscription.Needed a node receives only some shards, so it cannot be expected on every stream from its
        // NodeUp (it would hold a stream it never reports on): it counts on a stream from its first report there (OnProgress).
        if (!_waitForSlowest || _selective is not null)
        {
            return;
        }

        long until = Stopwatch.GetTimestamp() + (SilentIntervals * (long)(_heartbeatInterval.TotalSeconds * Stopwatch.Frequency));
        lock (_receivers)
        {
            if (_receivers.ContainsKey(instance))
            {
                return;
            }

            var receiver = new PeerWindow(_shardCount, 0, until);
            for (int stream = 0; stream < _shardCount; stream++)
            {
                receiver.Positions[stream] = Volatile.Read(ref _handedOver[stream]);
            }

            _receivers.Add(instance, receiver);
            for (int stream = 0; stream < _shardCount; stream++)
            {
                FloorOf(stream);
            }
        }
    }

    /// <summary>Drops the nodes expected since their NodeUp that have not reported within <see cref="SilentIntervals"/> heartbeat intervals (from the heartbeat loop).</summary>
    private void ExpireSilentReceivers()
    {
        long now = Stopwatch.GetTimestamp();
        List<Guid>? expired = null;
        lock (_receivers)
        {
            foreach (KeyValuePair<Guid, PeerWindow> pair in _receivers)
            {
                if (pair.Value.ReportsUntil != 0 && now > pair.Value.ReportsUntil)
                {
                    (expired ??= new List<Guid>()).Add(pair.Key);
                }
            }
        }

        foreach (Guid instance in expired ?? new List<Guid>())
        {
            _logger.LogInformation("{Kind} {Bus} node {Node}: instance {Instance} has sent no progress report since it came up; it does not hold this node's publishes until it does (a node that predates progress frames).", _kind, _busName, NodeName, instance);
            ForgetReceiver(instance);
        }
    }

    /// <summary>A node went down (goodbye or silence): it no longer holds this node's publishers.</summary>
    private void ForgetReceiver(Guid instance)
    {
        lock (_receivers)
        {
            if (!_receivers.Remove(instance))
            {
                return;
            }

            for (int stream = 0; stream < _shardCount; stream++)
            {
                FloorOf(stream);
            }
        }

        _logger.LogDebug("{Kind} {Bus} node {Node}: instance {Instance} is down; it no longer holds this node's publishes.", _kind, _busName, NodeName, instance);
        for (int stream = 0; stream < _shardCount; stream++)
        {
            RaiseBack(stream, Math.Min(Volatile.Read(ref _receiverFloor[stream]), Math.Min(Volatile.Read(ref _echoBack[stream]), Volatile.Read(ref _handedOver[stream]))));
        }
    }

    /// <summary>A node that holds this node's publishers: its position per stream, and until when it has to report to stay counted.</summary>
    private sealed class PeerWindow
    {
        public PeerWindow(int streams, long position, long reportsUntil)
        {
            Positions = new long[streams];
            for (int i = 0; i < streams; i++)
            {
                Positions[i] = position;
            }

            ReportsUntil = reportsUntil;
        }

        /// <summary>Per stream: the highest position reported (or, until its first report, what was handed over at its NodeUp); −1: not counted there.</summary>
        public long[] Positions { get; }

        /// <summary>Stopwatch ticks by which an expected node must report; 0 once it has.</summary>
        public long ReportsUntil { get; set; }
    }

    /// <summary>Every frame handed to the transport is taken as back (<see cref="ReleaseInFlight"/>): each receiver's position and the echo move up to it too.</summary>
    private void ForgiveReceivers()
    {
        lock (_receivers)
        {
            for (int stream = 0; stream < _shardCount; stream++)
            {
                long handed = Volatile.Read(ref _handedOver[stream]);
                foreach (PeerWindow receiver in _receivers.Values)
                {
                    if (receiver.Positions[stream] >= 0 && receiver.Positions[stream] < handed)
                    {
                        receiver.Positions[stream] = handed;
                    }
                }

                FloorOf(stream);
                OwnEcho(stream, handed);
            }
        }
    }

    /// <summary>
    /// Whether every frame handed to the transport has come back through this node's own subscription, so only live receivers'
    /// reports hold the window: the broker lost nothing, and the wait is the slowest node's, not a loss to give up on.
    /// </summary>
    private bool OnlyReceiversHold()
    {
        if (!_waitForSlowest)
        {
            return false;
        }

        for (int stream = 0; stream < _shardCount; stream++)
        {
            if (Volatile.Read(ref _echoBack[stream]) < Volatile.Read(ref _handedOver[stream]))
            {
                return false;
            }
        }

        return ReceiversCounted > 0;
    }

    /// <summary>What this node has received on one stream, per origin.</summary>
    private sealed class ReportStream
    {
        public Dictionary<Guid, ReportEntry> Origins { get; } = new();

        /// <summary>The entry of the origin of the last frame (batches and runs of one origin skip the lookup).</summary>
        public ReportEntry? Recent { get; set; }

        public Guid RecentOrigin { get; set; }

        /// <summary>Frames received on the stream since the last report.</summary>
        public int Unreported { get; set; }
    }

    private sealed class ReportEntry
    {
        /// <summary>The highest sequence number received from the origin on the stream.</summary>
        public long Last { get; set; }

        public long Reported { get; set; }

        /// <summary>When <see cref="Last"/> last moved (Stopwatch ticks, as of the report that saw it move): entries expire after five heartbeat intervals.</summary>
        public long ChangedAt { get; set; } = Stopwatch.GetTimestamp();
    }
}
