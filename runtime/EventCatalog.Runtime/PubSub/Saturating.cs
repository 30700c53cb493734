using System.Threading;

namespace EventCatalog.PubSub;

/// <summary>Counters that stop at <see cref="long.MaxValue"/> instead of wrapping to negative values.</summary>
internal static class Saturating
{
    /// <summary>Adds a non-negative <paramref name="amount"/> to <paramref name="counter"/> atomically, stopping at <see cref="long.MaxValue"/>.</summary>
    public static void Add(ref long counter, long amount)
    {
        if (amount <= 0)
        {
            return;
        }

        long current = Volatile.Read(ref counter);
        while (true)
        {
            long next = current > long.MaxValue - amount ? long.MaxValue : current + amount;
            long seen = Interlocked.CompareExchange(ref counter, next, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
