using System;
using System.Collections.Generic;
using System.Linq;

namespace EventCatalog.PubSub;

/// <summary>
/// Per-origin sequencing and loss accounting: every frame carries its origin instance and a sequence number from 1,
/// so a gap is a count of lost frames and a number not above the last one is a replay. Used from the bus's receive
/// path only, one frame at a time, so it takes no lock.
/// </summary>
/// <remarks>
/// The table is bounded as a segmented LRU: an origin seen once waits in a probationary segment; its second accepted
/// frame moves it to a protected segment of established origins. A new origin can only push out the least recently
/// seen probationary one, so a flood of forged one-frame origins churns the probationary segment and never evicts a
/// live node's state (which would let its replays through and hide or invent loss). With keys, no forged origin gets in.
/// An origin that is forgotten all the same starts again as new when it next sends: a loss can then go uncounted,
/// never be invented.
/// </remarks>
internal sealed class OriginSequences
{
    /// <summary>How many origins wait in the probationary segment.</summary>
    public const int ProbationaryCapacity = 8192;

    /// <summary>How many established origins (two frames or more) are kept; far more node instances than a bus has live.</summary>
    public const int ProtectedCapacity = 2048;

    private readonly Dictionary<Guid, LinkedListNode<Origin>> _origins = new();
    private readonly LinkedList<Origin> _probationary = new();
    private readonly LinkedList<Origin> _protected = new();

    /// <summary>How many origins have been forgotten to keep the table bounded.</summary>
    public long Forgotten { get; private set; }

    /// <summary>Places <paramref name="sequence"/> in <paramref name="origin"/>'s sequence.</summary>
    /// <param name="origin">The frame's origin instance.</param>
    /// <param name="sequence">The frame's sequence number (at least 1).</param>
    /// <param name="maxGap">The largest gap believed to be loss (<see cref="NodePubSubOptions.MaxSequenceGap"/>).</param>
    /// <param name="last">The last sequence number of the origin before this frame; 0 for a new origin.</param>
    /// <param name="gap">Accepted: how many frames of the origin are missing before this one (0 for a new origin). Rebased: how many numbers were skipped.</param>
    /// <returns>
    /// <see cref="SequenceOutcome.Accepted"/>; <see cref="SequenceOutcome.Replayed"/> (not above the last number) and
    /// <see cref="SequenceOutcome.Jumped"/> (a gap over <paramref name="maxGap"/>) leave the baseline unchanged; the second
    /// consecutive number past the same jump is <see cref="SequenceOutcome.Rebased"/>: the origin's sequence really moved on.
    /// </returns>
    public SequenceOutcome TryAdvance(Guid origin, long sequence, long maxGap, out long last, out long gap)
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
        Add(new Origin(origin, sequence) { First = sequence, StartAccounted = sequence == 1 });
        return SequenceOutcome.Accepted;
    }

    /// <summary>The origin's state, adding it (with last sequence 0, nothing seen) when it is new; a heartbeat keeps it established.</summary>
    public Origin Announced(Guid origin, out bool added)
    {
        if (_origins.TryGetValue(origin, out LinkedListNode<Origin>? node))
        {
            added = false;
            Advance(node, node.Value.Last);
            return node.Value;
        }

        added = true;
        var o = new Origin(origin, 0);
        Add(o);
        return o;
    }

    /// <summary>The origin's state, or null when it is not in the table.</summary>
    public Origin? Find(Guid origin) => _origins.TryGetValue(origin, out LinkedListNode<Origin>? node) ? node.Value : null;

    /// <summary>Every origin in the table (for the heartbeat-timeout scan; the caller holds the bus's lock).</summary>
    public IEnumerable<Origin> All => _origins.Values.Select(static n => n.Value);

    private void Add(Origin origin)
    {
        if (_probationary.Count >= ProbationaryCapacity)
        {
            Forget(_probationary.Last!);
        }

        _origins[origin.Id] = _probationary.AddFirst(origin);
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

    private void Advance(LinkedListNode<Origin> node, long sequence)
    {
        node.Value.Last = sequence;
        node.List!.Remove(node);
        if (_protected.Count >= ProtectedCapacity)
        {
            // The least recently seen established origin goes back to probation, as in a segmented LRU.
            LinkedListNode<Origin> demoted = _protected.Last!;
            _protected.RemoveLast();
            if (_probationary.Count >= ProbationaryCapacity)
            {
                Forget(_probationary.Last!);
            }

            _probationary.AddFirst(demoted);
        }

        _protected.AddFirst(node);
    }

    private void Forget(LinkedListNode<Origin> node)
    {
        node.List!.Remove(node);
        _origins.Remove(node.Value.Id);
        Forgotten++;
    }

    /// <summary>What the bus knows of one origin instance.</summary>
    internal sealed class Origin
    {
        public Origin(Guid id, long last)
        {
            Id = id;
            Last = last;
        }

        public Guid Id { get; }

        /// <summary>The highest sequence number seen or accounted for (a heartbeat's last number counts the ones before it as lost).</summary>
        public long Last { get; set; }

        /// <summary>The first sequence number seen from the origin; 0 for none yet.</summary>
        public long First { get; set; }

        /// <summary>A number past a jump over the bound, refused; the next number after it rebases the origin.</summary>
        public long JumpedTo { get; set; }

        /// <summary>Whether the frames before <see cref="First"/> have been accounted for (lost, or not owed to this node).</summary>
        public bool StartAccounted { get; set; }

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
}
