using System;
using System.Collections.Generic;

namespace EventCatalog.PubSub;

/// <summary>
/// Per-origin sequencing and loss accounting: every frame carries its origin instance and a sequence number from 1,
/// so a gap is a count of lost frames and a number not above the last one is a replay. Used from the bus's receive
/// path only, one frame at a time, so it takes no lock.
/// </summary>
internal sealed class OriginSequences
{
    /// <summary>How many origin instances are remembered before the table is forgotten (forged origins must not grow memory without bound).</summary>
    public const int MaxOrigins = 10_000;

    private readonly Dictionary<Guid, long> _last = new();

    /// <summary>Places <paramref name="sequence"/> in <paramref name="origin"/>'s sequence.</summary>
    /// <param name="origin">The frame's origin instance.</param>
    /// <param name="sequence">The frame's sequence number (at least 1).</param>
    /// <param name="last">The last sequence number seen from the origin before this frame; 0 for a new origin.</param>
    /// <param name="gap">How many frames of the origin are missing before this one (0 for a new origin).</param>
    /// <param name="forgotten">True when the table was full and has been forgotten to make room.</param>
    /// <returns>False for a replay (the number is not above the last one); the state is then unchanged.</returns>
    public bool TryAdvance(Guid origin, long sequence, out long last, out long gap, out bool forgotten)
    {
        gap = 0;
        forgotten = false;
        if (_last.TryGetValue(origin, out last))
        {
            if (sequence <= last)
            {
                return false;
            }

            gap = sequence - last - 1;
        }
        else if (_last.Count >= MaxOrigins)
        {
            // Forgetting the baselines can only hide gaps, never invent them.
            _last.Clear();
            forgotten = true;
        }

        _last[origin] = sequence;
        return true;
    }

    /// <summary>
    /// Places a frame that could not be read (no keys, so not known to be authentic) only when it is the very next number of
    /// an origin already seen: a garbage frame can then neither move the baseline nor hide or invent a loss.
    /// </summary>
    /// <returns>True when the frame took its place.</returns>
    public bool TryAdvanceByOne(Guid origin, long sequence)
    {
        if (!_last.TryGetValue(origin, out long last) || last == long.MaxValue || sequence != last + 1)
        {
            return false;
        }

        _last[origin] = sequence;
        return true;
    }
}
