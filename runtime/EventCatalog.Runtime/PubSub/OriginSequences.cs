using System;
using System.Collections.Generic;

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
    /// <param name="last">The last sequence number seen from the origin before this frame; 0 for a new origin.</param>
    /// <param name="gap">How many frames of the origin are missing before this one (0 for a new origin).</param>
    /// <returns>False for a replay (the number is not above the last one); the state is then unchanged.</returns>
    public bool TryAdvance(Guid origin, long sequence, out long last, out long gap)
    {
        gap = 0;
        if (_origins.TryGetValue(origin, out LinkedListNode<Origin>? node))
        {
            last = node.Value.Last;
            if (sequence <= last)
            {
                return false;
            }

            gap = sequence - last - 1;
            Advance(node, sequence);
            return true;
        }

        last = 0;
        if (_probationary.Count >= ProbationaryCapacity)
        {
            Forget(_probationary.Last!);
        }

        _origins[origin] = _probationary.AddFirst(new Origin(origin, sequence));
        return true;
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

    private sealed class Origin
    {
        public Origin(Guid id, long last)
        {
            Id = id;
            Last = last;
        }

        public Guid Id { get; }

        public long Last { get; set; }
    }
}
