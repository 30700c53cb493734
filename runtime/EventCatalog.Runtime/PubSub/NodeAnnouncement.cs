using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace EventCatalog.PubSub;

/// <summary>
/// The body of a heartbeat or goodbye frame (docs/node-frames.md, "Heartbeats and goodbyes"); the frame's sequence field
/// carries the sender's last sequence number. All integers little-endian:
/// <code>
/// 0   8  the sender's start (Unix ms: when its first probe came back)
/// 8   4  the sender's heartbeat interval (ms, 1..86,400,000)
/// 12  2  departed count (0..64)
/// 14  .. departed peers: instance (16), start (8, Unix ms), last sequence number (8, from 0), node (2+n, 1..255 bytes)
/// </code>
/// A departed peer is one whose goodbye the sender received lately: relayed so that a node cut off when it was sent
/// still learns the peer's last number (its missing last frames) and that it left.
/// </summary>
internal readonly struct NodeAnnouncement
{
    public const int MaxDeparted = 64;
    private const int Fixed = 14;

    public NodeAnnouncement(long startedAt, int intervalMs, IReadOnlyList<DepartedPeer> departed)
    {
        StartedAt = startedAt;
        IntervalMs = intervalMs;
        Departed = departed;
    }

    public long StartedAt { get; }

    public int IntervalMs { get; }

    public IReadOnlyList<DepartedPeer> Departed { get; }

    public void Write(IBufferWriter<byte> output)
    {
        Span<byte> head = output.GetSpan(Fixed);
        BinaryPrimitives.WriteInt64LittleEndian(head, StartedAt);
        BinaryPrimitives.WriteInt32LittleEndian(head.Slice(8), IntervalMs);
        int count = Math.Min(Departed.Count, MaxDeparted);
        BinaryPrimitives.WriteUInt16LittleEndian(head.Slice(12), (ushort)count);
        output.Advance(Fixed);
        for (int i = 0; i < count; i++)
        {
            DepartedPeer peer = Departed[i];
            byte[] node = Encoding.UTF8.GetBytes(peer.Node);
            Span<byte> entry = output.GetSpan(34 + node.Length);
            peer.Instance.ToByteArray().CopyTo(entry);
            BinaryPrimitives.WriteInt64LittleEndian(entry.Slice(16), peer.StartedAt);
            BinaryPrimitives.WriteInt64LittleEndian(entry.Slice(24), peer.Last);
            BinaryPrimitives.WriteUInt16LittleEndian(entry.Slice(32), (ushort)node.Length);
            node.CopyTo(entry.Slice(34));
            output.Advance(34 + node.Length);
        }
    }

    /// <summary>Reads an announcement; never throws, every length checked before it is read.</summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out NodeAnnouncement announcement, out string problem)
    {
        announcement = default;
        if (body.Length < Fixed)
        {
            problem = "an announcement of " + body.Length + " bytes is shorter than its 14-byte head";
            return false;
        }

        long startedAt = BinaryPrimitives.ReadInt64LittleEndian(body);
        int interval = BinaryPrimitives.ReadInt32LittleEndian(body.Slice(8));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(body.Slice(12));
        if (startedAt <= 0 || interval < 1 || interval > 86_400_000 || count > MaxDeparted)
        {
            problem = "an announcement with start " + startedAt + ", interval " + interval + " ms or " + count + " departed peers out of range";
            return false;
        }

        var departed = new List<DepartedPeer>(count);
        int position = Fixed;
        for (int i = 0; i < count; i++)
        {
            if (body.Length - position < 34)
            {
                problem = "an announcement ends inside departed peer " + i;
                return false;
            }

            var instance = new Guid(body.Slice(position, 16).ToArray());
            long started = BinaryPrimitives.ReadInt64LittleEndian(body.Slice(position + 16));
            long last = BinaryPrimitives.ReadInt64LittleEndian(body.Slice(position + 24));
            int length = BinaryPrimitives.ReadUInt16LittleEndian(body.Slice(position + 32));
            position += 34;
            if (started <= 0 || last < 0 || length < 1 || length > NodeFrame.MaxNodeBytes || body.Length - position < length)
            {
                problem = "departed peer " + i + " has a start, last sequence number or node name out of range";
                return false;
            }

            string node;
            try
            {
                node = NodeFrame.StrictUtf8.GetString(body.Slice(position, length).ToArray());
            }
            catch (DecoderFallbackException)
            {
                problem = "departed peer " + i + "'s node name is not valid UTF-8";
                return false;
            }

            if (WireText.FindUnsafe(node) >= 0)
            {
                problem = "departed peer " + i + "'s node name has a control, line-separator or bidirectional character";
                return false;
            }

            position += length;
            departed.Add(new DepartedPeer(instance, node, started, last));
        }

        if (position != body.Length)
        {
            problem = "an announcement carries " + (body.Length - position) + " bytes after its departed peers";
            return false;
        }

        announcement = new NodeAnnouncement(startedAt, interval, departed);
        problem = string.Empty;
        return true;
    }
}

/// <summary>A peer that said goodbye, as heartbeats relay it.</summary>
internal sealed class DepartedPeer
{
    public DepartedPeer(Guid instance, string node, long startedAt, long last)
    {
        Instance = instance;
        Node = node;
        StartedAt = startedAt;
        Last = last;
    }

    public Guid Instance { get; }

    public string Node { get; }

    public long StartedAt { get; }

    public long Last { get; }
}

/// <summary>
/// The body of a progress frame (kind 8, docs/node-frames.md "Progress"): how far the sender has received each origin's
/// frames on the frame's stream, and whether it asks for the others' reports. The frame's sequence field is 0 (progress
/// frames are not sequenced). Little-endian:
/// <code>
/// 0   1  flags: bit 0 "request" (the sender holds publishes for the others' reports: a node with unreported frames on this
///        stream reports at once); the other bits 0
/// 1   2  count (0..256; 0 only in a request)
/// 3   .. count × (origin instance (16, Guid.ToByteArray order), highest sequence number received from it on this stream (8, from 1))
/// </code>
/// </summary>
internal static class NodeProgress
{
    /// <summary>At most this many positions per frame; a receiver that heard more origins on a stream sends several frames.</summary>
    public const int MaxEntries = 256;

    public const int EntryBytes = 24;

    public const byte RequestFlag = 1;

    /// <summary>
    /// The position a node reports on a stream it does not receive (<see cref="ShardSubscription.Needed"/>): a publisher then
    /// does not count it on that stream until it reports a real position there (no real sequence number reaches it).
    /// </summary>
    public const long NotReceived = long.MaxValue;

    private const int Head = 3;

    public static int BodyBytes(int count) => Head + (count * EntryBytes);

    public static void Write(IBufferWriter<byte> output, bool request, IReadOnlyList<(Guid Origin, long Last)> entries, int start, int count)
    {
        Span<byte> span = output.GetSpan(BodyBytes(count));
        span[0] = request ? RequestFlag : (byte)0;
        BinaryPrimitives.WriteUInt16LittleEndian(span.Slice(1), (ushort)count);
        for (int i = 0; i < count; i++)
        {
            (Guid origin, long last) = entries[start + i];
            Span<byte> entry = span.Slice(Head + (i * EntryBytes), EntryBytes);
#if NET
            origin.TryWriteBytes(entry);
#else
            origin.ToByteArray().CopyTo(entry);
#endif
            BinaryPrimitives.WriteInt64LittleEndian(entry.Slice(16), last);
        }

        output.Advance(BodyBytes(count));
    }

    /// <summary>
    /// Checks a progress body whole (flags, count, exact length, every position at least 1) and finds the position reported for
    /// <paramref name="origin"/> (the highest when listed more than once; 0 when not listed). Never throws.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> body, Guid origin, out long position, out bool request, out string problem)
    {
        position = 0;
        request = false;
        if (body.Length < Head)
        {
            problem = "a progress frame's body of " + body.Length + " bytes is shorter than its 3-byte head";
            return false;
        }

        if ((body[0] & ~RequestFlag) != 0)
        {
            problem = "a progress frame with flags " + body[0] + " (only bit 0, request, is defined)";
            return false;
        }

        request = body[0] == RequestFlag;
        int count = BinaryPrimitives.ReadUInt16LittleEndian(body.Slice(1));
        if (count > MaxEntries || (count == 0 && !request))
        {
            problem = "a progress frame with " + count + " positions, outside " + (request ? "0" : "1") + ".." + MaxEntries;
            return false;
        }

        if (body.Length != BodyBytes(count))
        {
            problem = "a progress frame of " + count + " positions is " + body.Length + " bytes, not " + BodyBytes(count);
            return false;
        }

        long found = 0;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> entry = body.Slice(Head + (i * EntryBytes), EntryBytes);
            long last = BinaryPrimitives.ReadInt64LittleEndian(entry.Slice(16));
            if (last < 1)
            {
                problem = "position " + i + " of a progress frame is " + last + ", not a sequence number";
                return false;
            }

            if (last > found && NodeFrame.ReadGuid(entry.Slice(0, 16)) == origin)
            {
                found = last;
            }
        }

        position = found;
        problem = string.Empty;
        return true;
    }
}
