using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace EventCatalog.PubSub;

/// <summary>
/// Per-origin sequencing and loss accounting: every frame carries its origin instance (and stream) and a sequence number
/// from 1, so a gap is a count of lost frames and a number not above the last one is a replay. Used from the bus's receive
/// path only, under the bus's lock on this table.
/// </summary>
/// <remarks>
/// <para>
/// The table is bounded (<see cref="DefaultCapacity"/> origin streams) and ordered by when each origin was last heard from:
/// an accepted frame or an announcement (heartbeat, goodbye) of it. An origin heard from within <see cref="LiveFor"/>, or one
/// still up (<see cref="Origin.Up"/>: its heartbeats have not timed out yet), is <em>live</em> and its state is never evicted:
/// a flood of new origins (forged ones without keys, with any number of frames each and any spacing) cannot push it out, so
/// its replays stay refused and its loss stays exact. A new origin takes the place of the least recently heard origin that
/// is no longer live (its state has expired); when every origin in the table is live, the new origin is <em>not tracked</em>:
/// its frames are delivered but counted in <see cref="Untracked"/>, and its gaps, replays and missing first or last frames
/// are not accounted for until a place frees up. It is then tracked as new from its next frame, its earlier frames counted
/// as neither received late nor lost (a loss can go uncounted while the table is full of live origins, never be invented).
/// </para>
/// <para>With keys no forger gets an origin in; the bound is then set at twice the replay window or more (see NodePubSub), so
/// an origin's state outlives every captured frame of it that could still pass the window.</para>
/// </remarks>
internal sealed class OriginSequences
{
    /// <summary>How many origin streams (instance and stream) are kept: far more than a bus has live.</summary>
    public const int DefaultCapacity = 16_384;

    /// <summary>At most this many silent origins still up are stepped over when looking for one whose state expired.</summary>
    private const int EvictionScan = 16;

    private readonly Dictionary<Guid, LinkedListNode<Origin>> _origins = new();
    private readonly LinkedList<Origin> _byHeard = new();
    private readonly int _capacity;
    private readonly long _liveTicks;
    private readonly Func<long> _clock;
    private long _lastUntrackedAt;
    private bool _overflowing;

    /// <summary>Creates the table.</summary>
    /// <param name="liveFor">How long an origin stays live after it was last heard from.</param>
    /// <param name="capacity">How many origin streams are kept at most.</param>
    /// <param name="clock">The time (<see cref="Stopwatch"/> ticks); null for <see cref="Stopwatch.GetTimestamp"/>.</param>
    public OriginSequences(TimeSpan liveFor, int capacity = DefaultCapacity, Func<long>? clock = null)
    {
        LiveFor = liveFor;
        _capacity = capacity;
        _liveTicks = (long)(liveFor.TotalSeconds * Stopwatch.Frequency);
        _clock = clock ?? Stopwatch.GetTimestamp;
        _lastUntrackedAt = long.MinValue / 2;
    }

    /// <summary>How long an origin stays live (its state kept whatever arrives) after it was last heard from.</summary>
    public TimeSpan LiveFor { get; }

    /// <summary>How many origins have been forgotten (their state expired) to make room for new ones.</summary>
    public long Forgotten { get; private set; }

    /// <summary>Frames and announcements of origins not tracked because every origin in the table was live.</summary>
    public long Untracked { get; private set; }

    /// <summary>How many origin streams the table holds.</summary>
    public int Count => _origins.Count;

    /// <summary>Places <paramref name="sequence"/> in <paramref name="origin"/>'s sequence.</summary>
    /// <param name="origin">The frame's origin key (instance and stream).</param>
    /// <param name="sequence">The frame's sequence number (at least 1).</param>
    /// <param name="maxGap">The largest gap believed to be loss (<see cref="NodePubSubOptions.MaxSequenceGap"/>).</param>
    /// <param name="last">The last sequence number of the origin before this frame; 0 for a new origin.</param>
    /// <param name="gap">Accepted: how many frames of the origin are missing before this one (0 for a new origin). Rebased: how many numbers were skipped.</param>
    /// <param name="stream">The frame's stream (shard), kept with a new origin so that <see cref="Forget"/> finds it.</param>
    /// <returns>
    /// <see cref="SequenceOutcome.Accepted"/>; <see cref="SequenceOutcome.Replayed"/> (not above the last number) and
    /// <see cref="SequenceOutcome.Jumped"/> (a gap over <paramref name="maxGap"/>) leave the baseline unchanged; the second
    /// consecutive number past the same jump is <see cref="SequenceOutcome.Rebased"/>: the origin's sequence really moved on.
    /// <see cref="SequenceOutcome.Untracked"/>: a new origin while the table is full of live ones.
    /// </returns>
    public SequenceOutcome TryAdvance(Guid origin, long sequence, long maxGap, out long last, out long gap, int stream = 0)
    {
        gap = 0;
        if (_origins.TryGetValue(origin, out LinkedListNode<Origin>? node))
        {
            Origin o = node.Value;
            last = o.Last;
            if (sequence <= last)
            {
                return SequenceOutcome.Replayed;
            }

            gap = sequence - last - 1;
            if (gap > maxGap)
            {
                if (o.JumpedTo == 0 || sequence != o.JumpedTo + 1)
                {
                    o.JumpedTo = sequence;
                    return SequenceOutcome.Jumped;
                }

                o.JumpedTo = 0;
                o.First = o.First == 0 ? sequence : o.First;
                Advance(node, sequence);
                return SequenceOutcome.Rebased;
            }

            o.JumpedTo = 0;
            if (o.First == 0)
            {
                o.First = sequence;
            }

            Advance(node, sequence);
            return SequenceOutcome.Accepted;
        }

        last = 0;
        return TryAdd(new Origin(origin, sequence) { First = sequence, StartAccounted = sequence == 1, Stream = stream }) ? SequenceOutcome.Accepted : SequenceOutcome.Untracked;
    }

    /// <summary>
    /// The origin's state, adding it (with last sequence 0, nothing seen) when it is new; an announcement keeps it live.
    /// Null when it is new and the table is full of live origins (counted in <see cref="Untracked"/>).
    /// </summary>
    /// <param name="origin">The origin's key (instance and stream).</param>
    /// <param name="added">Whether it was added now.</param>
    /// <param name="stream">The announcement's stream (shard), kept with a new origin so that <see cref="Forget"/> finds it.</param>
    public Origin? Announced(Guid origin, out bool added, int stream = 0)
    {
        if (_origins.TryGetValue(origin, out LinkedListNode<Origin>? node))
        {
            added = false;
            Advance(node, node.Value.Last);
            return node.Value;
        }

        var o = new Origin(origin, 0) { Stream = stream };
        added = TryAdd(o);
        o.Adopt = o.StartAccounted; // added while origins were left untracked: see Origin.Adopt
        return added ? o : null;
    }

    /// <summary>The origin's state, or null when it is not in the table.</summary>
    public Origin? Find(Guid origin) => _origins.TryGetValue(origin, out LinkedListNode<Origin>? node) ? node.Value : null;

    /// <summary>Every origin in the table (for the heartbeat-timeout scan; the caller holds the bus's lock).</summary>
    public IEnumerable<Origin> All => _origins.Values.Select(static n => n.Value);

    /// <summary>
    /// Forgets every origin's state on <paramref name="stream"/> (the node stopped or started receiving that shard): each
    /// origin's next frame or announcement on it starts its sequence afresh, as a first one does.
    /// </summary>
    /// <returns>How many origin streams were forgotten.</returns>
    public int Forget(int stream)
    {
        int forgotten = 0;
        for (LinkedListNode<Origin>? node = _byHeard.First; node is not null;)
        {
            LinkedListNode<Origin>? next = node.Next;
            if (node.Value.Stream == stream)
            {
                _byHeard.Remove(node);
                _origins.Remove(node.Value.Id);
                forgotten++;
            }

            node = next;
        }

        return forgotten;
    }

    /// <summary>Whether a new origin has lately been left untracked (the table full of live origins); true once per such episode.</summary>
    public bool TakeOverflowStarted()
    {
        bool started = _overflowing;
        _overflowing = false;
        return started;
    }

    /// <summary>
    /// Places a frame that could not be read (no keys, so not known to be authentic) only when it is the very next number of
    /// an origin already seen: a garbage frame can then neither move the baseline nor hide or invent a loss.
    /// </summary>
    /// <returns>True when the frame took its place.</returns>
    public bool TryAdvanceByOne(Guid origin, long sequence)
    {
        if (!_origins.TryGetValue(origin, out LinkedListNode<Origin>? node) || node.Value.Last == long.MaxValue || sequence != node.Value.Last + 1)
        {
            return false;
        }

        if (node.Value.First == 0)
        {
            node.Value.First = sequence;
        }

        Advance(node, sequence);
        return true;
    }

    private bool TryAdd(Origin origin)
    {
        long now = _clock();
        if (_origins.Count >= _capacity && !TryForgetOneExpired(now))
        {
            if (now - _lastUntrackedAt > _liveTicks)
            {
                _overflowing = true; // a new episode: the bus logs it once
            }

            _lastUntrackedAt = now;
            Untracked++;
            return false;
        }

        if (now - _lastUntrackedAt <= _liveTicks)
        {
            // Origins were left untracked lately: this one may be one of them, its earlier frames delivered untracked. Its
            // missing first frames are then not counted (a loss may go uncounted, never be invented).
            origin.StartAccounted = true;
        }

        origin.SeenAt = now;
        _origins[origin.Id] = _byHeard.AddFirst(origin);
        return true;
    }

    /// <summary>Forgets the least recently heard origin that is no longer live, stepping over a few silent ones still up.</summary>
    private bool TryForgetOneExpired(long now)
    {
        LinkedListNode<Origin>? candidate = _byHeard.Last;
        for (int i = 0; i < EvictionScan && candidate is not null && now - candidate.Value.SeenAt > _liveTicks; i++)
        {
            if (!candidate.Value.Up)
            {
                _byHeard.Remove(candidate);
                _origins.Remove(candidate.Value.Id);
                Forgotten++;
                return true;
            }

            candidate = candidate.Previous;
        }

        return false;
    }

    private void Advance(LinkedListNode<Origin> node, long sequence)
    {
        node.Value.Last = sequence;
        node.Value.SeenAt = _clock();
        if (node != _byHeard.First)
        {
            _byHeard.Remove(node);
            _byHeard.AddFirst(node);
        }
    }

    /// <summary>What the bus knows of one origin instance (one stream of it).</summary>
    internal sealed class Origin
    {
        public Origin(Guid id, long last)
        {
            Id = id;
            Last = last;
        }

        public Guid Id { get; }

        /// <summary>The stream (shard) this state is of: 0 unless the frame or announcement that added it said otherwise.</summary>
        public int Stream { get; set; }

        /// <summary>The highest sequence number seen or accounted for (a heartbeat's last number counts the ones before it as lost).</summary>
        public long Last { get; set; }

        /// <summary>The first sequence number seen from the origin; 0 for none yet.</summary>
        public long First { get; set; }

        /// <summary>A number past a jump over the bound, refused; the next number after it rebases the origin.</summary>
        public long JumpedTo { get; set; }

        /// <summary>Whether the frames before <see cref="First"/> have been accounted for (lost, or not owed to this node).</summary>
        public bool StartAccounted { get; set; }

        /// <summary>
        /// Added by an announcement while origins were left untracked: its frames so far may have been delivered untracked, so
        /// the announced last number is taken as the baseline, not counted as lost.
        /// </summary>
        public bool Adopt { get; set; }

        /// <summary>When the origin was last heard from: an accepted frame or an announcement (<see cref="Stopwatch"/> ticks).</summary>
        public long SeenAt { get; set; }

        /// <summary>The node name from the origin's announcements; null until one arrived.</summary>
        public string? Node { get; set; }

        /// <summary>When the origin started (its heartbeat says), Unix ms; 0 unknown.</summary>
        public long StartedAt { get; set; }

        /// <summary>The origin's heartbeat interval, ms; 0 unknown.</summary>
        public int IntervalMs { get; set; }

        /// <summary>When this node last heard the origin's heartbeat (<see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
        public long HeardAt { get; set; }

        /// <summary>Whether the origin is up (NodeUp raised, NodeDown not yet).</summary>
        public bool Up { get; set; }

        /// <summary>The signed send time (Unix ms) of the origin's newest heartbeat heard; 0 none or without keys.</summary>
        public long AnnouncedAt { get; set; }

        /// <summary>Whether the origin said goodbye (directly or relayed): it never comes up again.</summary>
        public bool Departed { get; set; }
    }
}

/// <summary>Where a frame's sequence number put it.</summary>
internal enum SequenceOutcome
{
    Accepted,
    Replayed,
    Jumped,
    Rebased,
    Untracked,
}
