using System;
using System.Collections.Generic;
using System.Threading;
using EventCatalog;

namespace ExESDB.ControlPlane;

/// <summary>
/// <c>--codec-check</c>: every payload the simulation publishes is also written with <c>Events.Codec</c>, read back, and
/// written again; the two frames must be byte-equal (a deep comparison that needs no reflection, so it holds in a
/// trimmed or Native AOT binary), and every event type of the catalog must have been checked.
/// </summary>
internal static class CodecCheck
{
    private static readonly HashSet<string> s_types = new(StringComparer.Ordinal);
    private static readonly List<string> s_mismatches = new();
    private static int s_checked;

    public static bool Enabled { get; set; }

    public static void RoundTrip(IEventPayload payload)
    {
        byte[] frame = Events.Codec.Serialize(payload);
        EventReadResult read = Events.Codec.Read(frame);
        string? problem = read.Status != EventReadStatus.Ok ? read.ToString()
            : read.Payload is null ? "no payload read back"
            : !frame.AsSpan().SequenceEqual(Events.Codec.Serialize(read.Payload)) ? "the frame written again differs"
            : null;
        lock (s_types)
        {
            s_checked++;
            s_types.Add(payload.Event.EventType);
            if (problem is not null)
            {
                s_mismatches.Add(payload.Event.EventType + ": " + problem);
            }
        }
    }

    /// <summary>Prints the outcome; true when every event round-tripped and every event type was seen.</summary>
    public static bool Report(System.IO.TextWriter output)
    {
        int catalogTypes = 0;
        foreach (IReadOnlyList<string> types in Events.AllEvents.Values)
        {
            catalogTypes += types.Count;
        }

        output.WriteLine($"codec check: {Volatile.Read(ref s_checked)} events round-tripped through Events.Codec, {s_types.Count} of {catalogTypes} event types, {s_mismatches.Count} mismatches");
        foreach (string mismatch in s_mismatches)
        {
            output.WriteLine("  mismatch: " + mismatch);
        }

        return s_mismatches.Count == 0 && s_types.Count == catalogTypes;
    }
}
