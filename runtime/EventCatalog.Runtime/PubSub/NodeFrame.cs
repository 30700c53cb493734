using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace EventCatalog.PubSub;

/// <summary>What a frame asks of its receivers.</summary>
internal enum FrameKind : byte
{
    Broadcast = 1,
    BroadcastFrom = 2,
    Direct = 3,
    Probe = 4,

    /// <summary>Several event frames of one origin and stream, consecutive in its sequence, as one broker message (<see cref="NodeBatch"/>).</summary>
    Batch = 5,

    /// <summary>A node's periodic announcement: its start time, heartbeat interval, last sequence number and recently departed peers (NodePubSub.Announce.cs).</summary>
    Heartbeat = 6,

    /// <summary>A node's last announcement, sent when it is disposed: the same body as a heartbeat.</summary>
    Goodbye = 7,

    /// <summary>How far the sender has received each origin's frames on the frame's stream (<see cref="NodeProgress"/>, NodePubSub.Progress.cs): back-pressure against the slowest receiver.</summary>
    Progress = 8,
}

/// <summary>What the codec bytes of a frame stand for, so the receiver hands back the same shape.</summary>
internal enum FrameContent : byte
{
    None = 0,
    Envelope = 1,
    Payload = 2,
    Record = 3,
}

/// <summary>
/// The node frame, format version 1 (docs/node-frames.md), shared by every node bus whatever its transport. All integers little-endian; strings UTF-8 with a
/// 16-bit length. Everything from the broker is hostile: each length is checked against what is left and
/// against its own bound before it is read, and <see cref="TryRead(ReadOnlyMemory{byte}, out Header, out FrameRejectReason, out string)"/> never throws.
/// <code>
/// 0   2  magic "EC" (0x45 0x43)
/// 2   1  version = 1
/// 3   1  kind (1 broadcast, 2 broadcast-from, 3 direct, 4 probe, 5 batch: <see cref="NodeBatch"/>, 6 heartbeat, 7 goodbye, 8 progress: <see cref="NodeProgress"/>)
/// 4   1  content (0 none, 1 envelope, 2 payload, 3 record)
/// 5   1  stream: the shard the frame was published on (0 on a transport without shards); each (origin, stream) has its own sequence
/// 6   2  reserved, 0
/// 8  16  origin instance id (Guid.ToByteArray order)
/// 24  8  sequence number (per origin instance and stream, from 1; 0 for probes and progress frames, which are not sequenced; heartbeat and goodbye: the origin's last sequence number on the frame's stream, from 0)
/// 32  2+n origin node (1..255 bytes)
/// ..  2+n topic (1..4096 bytes; a probe carries its probe id here)
/// ..  2+n target node (direct: 1..255 bytes; else 0)
/// ..  24 broadcast-from only: the excluded subscription's owner instance (16) and number (8)
/// ..  rest: the codec's CloudEvents JSON (content != none); a heartbeat's or goodbye's announcement (<see cref="NodeAnnouncement"/>); a progress frame's positions (<see cref="NodeProgress"/>); else empty
/// </code>
/// Phoenix.PubSub's Redis adapter (phoenix_pubsub_redis, lib/phoenix_pubsub_redis/redis_server.ex) carries
/// <c>{vsn, mode, node, topic, message, dispatcher}</c> as an Erlang term and drops other versions silently;
/// this format carries the same facts plus the origin instance and sequence, and counts what it drops.
/// </summary>
internal static class NodeFrame
{
    public const byte Version = 1;
    public const int MaxNodeBytes = 255;
    public const int MaxTopicBytes = 4096;
    public const int SequenceOffset = 24;
    public const int StreamOffset = 5;
    private const int FixedHeader = 32;

    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void WriteHeader(IBufferWriter<byte> output, FrameKind kind, FrameContent content, Guid origin, string originNode, string topic, string? targetNode, Guid exceptInstance, long exceptSubscription)
    {
        Span<byte> head = output.GetSpan(FixedHeader);
        head[0] = (byte)'E';
        head[1] = (byte)'C';
        head[2] = Version;
        head[3] = (byte)kind;
        head[4] = (byte)content;
        head[5] = head[6] = head[7] = 0;
#if NET
        origin.TryWriteBytes(head.Slice(8, 16));
#else
        origin.ToByteArray().CopyTo(head.Slice(8, 16));
#endif
        BinaryPrimitives.WriteInt64LittleEndian(head.Slice(SequenceOffset, 8), 0);
        output.Advance(FixedHeader);
        WriteString(output, originNode);
        WriteString(output, topic);
        WriteString(output, targetNode ?? string.Empty);
        if (kind == FrameKind.BroadcastFrom)
        {
            Span<byte> except = output.GetSpan(24);
#if NET
            exceptInstance.TryWriteBytes(except.Slice(0, 16));
#else
            exceptInstance.ToByteArray().CopyTo(except.Slice(0, 16));
#endif
            BinaryPrimitives.WriteInt64LittleEndian(except.Slice(16, 8), exceptSubscription);
            output.Advance(24);
        }
    }

    /// <summary>Probes, heartbeats, goodbyes and progress frames: frames about the bus itself, carrying no event and no place in their origin's sequence.</summary>
    public static bool IsControl(FrameKind kind) => kind is FrameKind.Probe or FrameKind.Heartbeat or FrameKind.Goodbye or FrameKind.Progress;

    public static void SetSequence(byte[] frame, long sequence) => BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(SequenceOffset, 8), sequence);

    public static void SetStream(byte[] frame, int stream) => frame[StreamOffset] = (byte)stream;

    private static void WriteString(IBufferWriter<byte> output, string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        Span<byte> span = output.GetSpan(2 + count);
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)count);
#if NET
        Encoding.UTF8.GetBytes(value, span.Slice(2));
#else
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        bytes.CopyTo(span.Slice(2));
#endif
        output.Advance(2 + count);
    }

    /// <summary>Reads a frame's header. Never throws; on failure says why in <paramref name="problem"/>.</summary>
    public static bool TryRead(ReadOnlyMemory<byte> frame, out Header header, out FrameRejectReason reason, out string problem)
    {
        var node = default(RecentText);
        var topic = default(RecentText);
        return TryRead(frame, out header, out reason, out problem, ref node, ref topic);
    }

    /// <summary>
    /// Reads a frame's header, reusing the origin node and topic strings of the frame read before (<paramref name="recentNode"/>,
    /// <paramref name="recentTopic"/>, updated here) when their bytes are the same: the inner frames of a batch share their origin
    /// and mostly their topic, so most of them decode no string. Never throws.
    /// </summary>
    public static bool TryRead(ReadOnlyMemory<byte> frame, out Header header, out FrameRejectReason reason, out string problem, ref RecentText recentNode, ref RecentText recentTopic)
    {
        header = default;
        reason = FrameRejectReason.Malformed;
        ReadOnlySpan<byte> span = frame.Span;
        if (span.Length < 3 || span[0] != (byte)'E' || span[1] != (byte)'C')
        {
            problem = "not an EventCatalog frame (no \"EC\" magic)";
            return false;
        }

        if (span[2] != Version && span[2] != FrameAuthentication.SignedVersion)
        {
            reason = FrameRejectReason.UnknownFrameVersion;
            problem = "frame version " + span[2] + ", this node reads versions " + Version + " and " + FrameAuthentication.SignedVersion;
            return false;
        }

        if (span.Length < FixedHeader)
        {
            problem = "frame of " + span.Length + " bytes is shorter than the 32-byte header";
            return false;
        }

        var kind = (FrameKind)span[3];
        var content = (FrameContent)span[4];
        if (kind is not (FrameKind.Broadcast or FrameKind.BroadcastFrom or FrameKind.Direct or FrameKind.Probe or FrameKind.Heartbeat or FrameKind.Goodbye or FrameKind.Progress))
        {
            problem = "unknown frame kind " + span[3];
            return false;
        }

        bool control = IsControl(kind);
        if (content > FrameContent.Record || control != (content == FrameContent.None))
        {
            problem = "content " + span[4] + " does not fit frame kind " + kind;
            return false;
        }

        var origin = ReadGuid(span.Slice(8, 16));
        long sequence = BinaryPrimitives.ReadInt64LittleEndian(span.Slice(SequenceOffset, 8));
        if (kind is FrameKind.Probe or FrameKind.Progress ? sequence != 0 : control ? sequence < 0 : sequence < 1)
        {
            problem = "sequence number " + sequence + " is out of range for a " + kind + " frame";
            return false;
        }

        int position = FixedHeader;
        var noTarget = default(RecentText);
        if (!TryReadString(frame, ref position, MaxNodeBytes, "origin node", ref recentNode, out string originNode, out problem) ||
            !TryReadString(frame, ref position, MaxTopicBytes, "topic", ref recentTopic, out string topic, out problem) ||
            !TryReadString(frame, ref position, MaxNodeBytes, "target node", ref noTarget, out string target, out problem))
        {
            return false;
        }

        if (originNode.Length == 0 || topic.Length == 0 || (target.Length == 0) == (kind == FrameKind.Direct))
        {
            problem = "an empty or unexpected origin node, topic or target node for a " + kind + " frame";
            return false;
        }

        Guid exceptInstance = Guid.Empty;
        long exceptSubscription = 0;
        if (kind == FrameKind.BroadcastFrom)
        {
            if (span.Length - position < 24)
            {
                problem = "a broadcast-from frame ends inside its excluded subscription";
                return false;
            }

            exceptInstance = ReadGuid(span.Slice(position, 16));
            exceptSubscription = BinaryPrimitives.ReadInt64LittleEndian(span.Slice(position + 16, 8));
            position += 24;
        }

        if (kind == FrameKind.Probe && position != span.Length)
        {
            problem = "a probe frame carries " + (span.Length - position) + " bytes after its header";
            return false;
        }

        if (kind != FrameKind.Probe && position == span.Length)
        {
            problem = control ? "a " + kind + " frame carries no body" : "the frame carries no event";
            return false;
        }

        header = new Header(kind, content, origin, sequence, originNode, topic, target.Length == 0 ? null : target, exceptInstance, exceptSubscription, frame.Slice(position), span[StreamOffset]);
        problem = string.Empty;
        return true;
    }

    private static bool TryReadString(ReadOnlyMemory<byte> frame, ref int position, int max, string what, ref RecentText recent, out string value, out string problem)
    {
        ReadOnlySpan<byte> span = frame.Span;
        value = string.Empty;
        if (span.Length - position < 2)
        {
            problem = "the frame ends before the length of its " + what;
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(position, 2));
        position += 2;
        if (length > max)
        {
            problem = "the " + what + " is " + length + " bytes, over its bound of " + max;
            return false;
        }

        if (span.Length - position < length)
        {
            problem = "the " + what + " of " + length + " bytes runs past the end of the frame";
            return false;
        }

        if (length == 0)
        {
            problem = string.Empty;
            return true;
        }

        if (recent.Text is not null && span.Slice(position, length).SequenceEqual(recent.Utf8.Span))
        {
            // The same bytes as the string read before, which passed the checks below.
            value = recent.Text;
            position += length;
            problem = string.Empty;
            return true;
        }

        try
        {
#if NET
            value = StrictUtf8.GetString(span.Slice(position, length));
#else
            value = StrictUtf8.GetString(span.Slice(position, length).ToArray());
#endif
        }
        catch (DecoderFallbackException)
        {
            problem = "the " + what + " is not valid UTF-8";
            return false;
        }

        if (WireText.FindUnsafe(value) is int at and >= 0)
        {
            problem = $"the {what} has a control, line-separator or bidirectional character (U+{(int)value[at]:X4}) at character {at}";
            return false;
        }

        recent = new RecentText(frame.Slice(position, length), value);
        position += length;
        problem = string.Empty;
        return true;
    }

    /// <summary>A string read from a frame and the bytes it was read from (<see cref="TryRead(ReadOnlyMemory{byte}, out Header, out FrameRejectReason, out string, ref RecentText, ref RecentText)"/>).</summary>
    internal readonly struct RecentText
    {
        public RecentText(ReadOnlyMemory<byte> utf8, string text)
        {
            Utf8 = utf8;
            Text = text;
        }

        public ReadOnlyMemory<byte> Utf8 { get; }

        public string? Text { get; }
    }

#if NET
    internal static Guid ReadGuid(ReadOnlySpan<byte> bytes) => new(bytes);
#else
    internal static Guid ReadGuid(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());
#endif

    internal readonly struct Header
    {
        public Header(FrameKind kind, FrameContent content, Guid origin, long sequence, string originNode, string topic, string? targetNode, Guid exceptInstance, long exceptSubscription, ReadOnlyMemory<byte> body, byte stream = 0)
        {
            Stream = stream;
            Kind = kind;
            Content = content;
            Origin = origin;
            Sequence = sequence;
            OriginNode = originNode;
            Topic = topic;
            TargetNode = targetNode;
            ExceptInstance = exceptInstance;
            ExceptSubscription = exceptSubscription;
            Body = body;
        }

        public FrameKind Kind { get; }

        public FrameContent Content { get; }

        public Guid Origin { get; }

        public long Sequence { get; }

        public string OriginNode { get; }

        public string Topic { get; }

        public string? TargetNode { get; }

        public Guid ExceptInstance { get; }

        public long ExceptSubscription { get; }

        public ReadOnlyMemory<byte> Body { get; }

        /// <summary>The shard the frame was published on (0 without shards): each origin numbers each stream from 1.</summary>
        public byte Stream { get; }

        /// <summary>
        /// Whose sequence the frame's number belongs to: the origin itself on stream 0, else the origin with its last byte
        /// mixed with the stream (another origin could only collide by forging, which it can as any origin without keys).
        /// </summary>
        public Guid SequenceKey => KeyOf(Origin, Stream);
    }

    /// <summary>Whose sequence a frame of <paramref name="origin"/> on <paramref name="stream"/> belongs to (<see cref="Header.SequenceKey"/>).</summary>
    public static Guid KeyOf(Guid origin, int stream)
    {
        if (stream == 0)
        {
            return origin;
        }

#if NET
        Span<byte> bytes = stackalloc byte[16]; // on every received frame of a sharded bus: no array
        origin.TryWriteBytes(bytes);
#else
        byte[] bytes = origin.ToByteArray();
#endif
        bytes[15] ^= (byte)stream;
        bytes[14] ^= 0x5A;
        return new Guid(bytes);
    }
}
