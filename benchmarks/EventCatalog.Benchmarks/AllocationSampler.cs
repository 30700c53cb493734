using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.IO;
using System.Linq;

namespace EventCatalog.Benchmarks;

/// <summary>
/// The runtime's own allocation sampling (<c>GCAllocationTick</c>: one event per ~100 KB allocated, naming the type of the
/// object that crossed the mark), read in-process with an <see cref="EventListener"/>: which types a loop allocates most,
/// as shares of the samples. Used by <c>--pubsub-profile … --allocations</c>.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is not null && e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) && e.Payload is { } payload && e.PayloadNames is { } names)
        {
            int typeAt = names.IndexOf("TypeName");
            int amountAt = names.IndexOf("AllocationAmount64");
            string type = typeAt >= 0 ? payload[typeAt]?.ToString() ?? "?" : "?";
            long amount = amountAt >= 0 ? Convert.ToInt64(payload[amountAt], CultureInfo.InvariantCulture) : 100_000;
            _bytes.AddOrUpdate(type, amount, (_, b) => b + amount);
        }
    }

    /// <summary>Prints the <paramref name="top"/> types by sampled bytes, each with its share of all sampled bytes.</summary>
    public void Print(TextWriter output, int top = 25)
    {
        double total = _bytes.Values.Sum();
        foreach ((string type, long bytes) in _bytes.OrderByDescending(p => p.Value).Take(top))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{100 * bytes / total,6:0.0} %  {type}"));
        }
    }
}
