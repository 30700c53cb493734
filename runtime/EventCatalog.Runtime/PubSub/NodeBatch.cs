using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace EventCatalog.PubSub;

/// <summary>
/// The batch frame (kind 5, docs/node-frames.md "Batches"): several event frames of one origin and stream, with consecutive
/// sequence numbers, carried as one broker message, so a busy writer pays the broker's per-message cost (and, with keys,
/// the HMAC) once for the lot. Only frames already waiting in the outbound queue are coalesced: a lone frame is never held back.
/// <code>
/// 0   2  magic "EC"
/// 2   1  version: 1, or 2 when signed (the batch's one trailer follows the last inner frame)
/// 3   1  kind = 5 (batch)
/// 4   1  content: 0, or 1 when the inner frames are Brotli-compressed (FrameCompression.Brotli; then:)
/// 5   1  stream: the shard of every inner frame
/// 6   2  reserved, 0
/// 8  16  origin instance id: that of every inner frame
/// 24  8  sequence number of the first inner frame (from 1); the k-th inner frame carries first + k
/// 32  2  inner frame count, 1..MaxFrames
/// 34  .. per inner frame: its length (4 bytes, at least 32) and its bytes: a version-1 (unsigned) broadcast, broadcast-from or direct frame
/// </code>
/// A compressed batch (content 1) carries at 34 the length of those inner frames uncompressed (4 bytes, 36 to 65,502) and at 38
/// their Brotli stream (RFC 7932); a signed one signs the compressed bytes. A receiver verifies the signature, then checks the
/// declared length before it decompresses, into exactly that many bytes, and reads the result as a plain batch.
/// A receiver checks all of it — the count, every length against what is left, each inner frame's header, its version,
/// kind, origin, stream and number, and that nothing follows the last one — before any inner frame changes any state;
/// a batch that fails any check is dropped whole as <see cref="FrameRejectReason.Malformed"/>.
/// </summary>
internal static class NodeBatch
{
    /// <summary>The most inner frames one batch carries (a receiver refuses more).</summary>
    public const int MaxFrames = 256;

    /// <summary>The most bytes a sender puts in one batch (and never more than the bus's frame limit): a batch larger than this gains nothing more.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The batch header's size: the frame's 32 bytes and the 2-byte count.</summary>
    public const int HeaderBytes = 34;

    /// <summary>Bytes an inner frame adds to a batch besides its own: its 4-byte length.</summary>
    public const int PerFrameBytes = 4;

    private const int MinInnerBytes = 32;

    /// <summary>Whether the bytes are a batch frame (magic, a version this node reads, and kind; everything else is checked by <see cref="TryRead"/>).</summary>
    /// <remarks>A frame of a version this node does not read is not a batch here: <see cref="NodeFrame.TryRead(ReadOnlyMemory{byte}, out NodeFrame.Header, out FrameRejectReason, out string)"/> reports its version.</remarks>
    public static bool IsBatch(ReadOnlySpan<byte> frame) =>
        frame.Length > 3 && frame[0] == (byte)'E' && frame[1] == (byte)'C' && frame[2] is NodeFrame.Version or FrameAuthentication.SignedVersion && frame[3] == (byte)FrameKind.Batch;

    /// <summary>
    /// Writes a batch of the frames <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1 of
    /// <paramref name="items"/> (each frame's bytes given by <paramref name="frameOf"/>, of which the first <c>Count - trailerBytes</c>
    /// are the frame: a signed bus builds its frames with room for a trailer) into an array rented from <see cref="ArrayPool{T}.Shared"/>,
    /// its first <paramref name="length"/> bytes, with room for the signature trailer when <paramref name="trailerBytes"/> is not 0 (the
    /// caller signs it, and returns the array to the pool once nothing reads it). Each inner frame's version byte is written as 1.
    /// </summary>
    public static byte[] Write<T>(IReadOnlyList<T> items, int start, int count, Func<T, ArraySegment<byte>> frameOf, int trailerBytes, byte version, out int length)
    {
        int size = HeaderBytes + trailerBytes;
        for (int i = start; i < start + count; i++)
        {
            size += PerFrameBytes + frameOf(items[i]).Count - trailerBytes;
        }

        byte[] batch = ArrayPool<byte>.Shared.Rent(size);
        ArraySegment<byte> first = frameOf(items[start]);

        // The batch header is the first frame's first 32 bytes (magic, stream, origin, sequence) with its own version, kind and content.
        Buffer.BlockCopy(first.Array!, first.Offset, batch, 0, 32);
        batch[2] = version;
        batch[3] = (byte)FrameKind.Batch;
        batch[4] = (byte)FrameContent.None;
        BinaryPrimitives.WriteUInt16LittleEndian(batch.AsSpan(32, 2), (ushort)count);
        int position = HeaderBytes;
        for (int i = start; i < start + count; i++)
        {
            ArraySegment<byte> frame = frameOf(items[i]);
            int inner = frame.Count - trailerBytes;
            BinaryPrimitives.WriteInt32LittleEndian(batch.AsSpan(position, 4), inner);
            Buffer.BlockCopy(frame.Array!, frame.Offset, batch, position + 4, inner);
            batch[position + 4 + 2] = NodeFrame.Version;
            position += 4 + inner;
        }

        length = size;
        return batch;
    }

    /// <summary>The content byte of a batch whose inner frames are Brotli-compressed (<see cref="FrameCompression.Brotli"/>).</summary>
    public const byte BrotliContent = 1;

    /// <summary>The smallest run of inner frames (their lengths and bytes) a sender compresses: below it Brotli's cost outweighs the bytes saved.</summary>
    public const int CompressMinBytes = 2048;

    /// <summary>A compressed batch's header: the batch header and the 4-byte length of its inner frames uncompressed.</summary>
    public const int CompressedHeaderBytes = HeaderBytes + 4;

    /// <summary>The most bytes of inner frames a batch carries (<see cref="MaxBytes"/> less its header): a compressed batch declaring more is refused unread.</summary>
    public const int MaxInnerBytes = MaxBytes - HeaderBytes;

    /// <summary>Brotli quality 1 of 0–11: within a few percent of the best ratio on batches of similar frames, at several hundred MB/s.</summary>
    private const int BrotliQuality = 1;

    /// <summary>Brotli's window, as a power of two: 64 KiB, a whole batch.</summary>
    private const int BrotliWindowBits = 16;

    /// <summary>
    /// The largest window a received stream may ask for, as a power of two: 256 KiB, what Brotli's encoder writes at qualities 0
    /// and 1 whatever window it is given (it never uses less than 2^18 there); a larger one would only make the decoder reserve more.
    /// </summary>
    private const int MaxStreamWindowBits = 18;

    /// <summary>
    /// Compresses the inner frames of <paramref name="batch"/> (its first <paramref name="length"/> bytes as <see cref="Write"/>
    /// made them, the last <paramref name="trailerBytes"/> room for the signature trailer) into a new array from
    /// <see cref="ArrayPool{T}.Shared"/>: the same 34-byte header with content <see cref="BrotliContent"/>, the inner frames'
    /// length (4 bytes), the Brotli stream, and room for the trailer. False (nothing rented) when the inner frames are under
    /// <see cref="CompressMinBytes"/>, would not shrink by a tenth, or Brotli is not available (the netstandard2.0 build).
    /// </summary>
    public static bool TryCompress(byte[] batch, int length, int trailerBytes, out byte[]? compressed, out int compressedLength)
    {
        compressed = null;
        compressedLength = 0;
#if NET
        int inner = length - trailerBytes - HeaderBytes;
        if (inner < CompressMinBytes)
        {
            return false;
        }

        int room = inner - (inner / 10);
        byte[] output = ArrayPool<byte>.Shared.Rent(CompressedHeaderBytes + room + trailerBytes);
        if (!System.IO.Compression.BrotliEncoder.TryCompress(batch.AsSpan(HeaderBytes, inner), output.AsSpan(CompressedHeaderBytes, room), out int written, BrotliQuality, BrotliWindowBits))
        {
            // Not a tenth smaller (the room ran out) or Brotli failed: the batch goes as it is.
            ArrayPool<byte>.Shared.Return(output);
            return false;
        }

        Buffer.BlockCopy(batch, 0, output, 0, HeaderBytes);
        output[4] = BrotliContent;
        BinaryPrimitives.WriteInt32LittleEndian(output.AsSpan(HeaderBytes, 4), inner);
        compressed = output;
        compressedLength = CompressedHeaderBytes + written + trailerBytes;
        return true;
#else
        return false;
#endif
    }

    /// <summary>
    /// A batch (its trailer already verified and cut off) with its inner frames readable: a plain batch (content other than
    /// <see cref="BrotliContent"/>; <see cref="TryRead"/> checks the rest) is <paramref name="batch"/> itself. A compressed one is
    /// checked before anything is decompressed — its declared length against <see cref="MaxInnerBytes"/> and, with its header, against
    /// <paramref name="maxBatchBytes"/> (the receiver's frame limit: <see cref="FrameRejectReason.Oversize"/>), its stream's length
    /// against Brotli's bound for that many bytes, its window (at most 256 KiB, as senders write) — then decompressed into an array
    /// from <see cref="ArrayPool{T}.Shared"/> (<paramref name="rented"/>, which the caller returns once nothing reads the frames) of
    /// exactly the declared length: the stream must end there, with no byte after it. Never throws; on failure nothing is rented and
    /// <paramref name="reason"/> and <paramref name="problem"/> say why.
    /// </summary>
    public static bool TryDecompress(ReadOnlyMemory<byte> batch, int maxBatchBytes, out ReadOnlyMemory<byte> plain, out byte[]? rented, out FrameRejectReason reason, out string problem)
    {
        ReadOnlySpan<byte> span = batch.Span;
        rented = null;
        plain = batch;
        reason = FrameRejectReason.Malformed;
        problem = string.Empty;
        if (span.Length < HeaderBytes || span[4] != BrotliContent)
        {
            return true;
        }

#if NET
        if (span.Length < CompressedHeaderBytes + 1)
        {
            problem = "a compressed batch frame of " + span.Length + " bytes is shorter than its 38-byte header and a Brotli stream";
            return false;
        }

        int inner = BinaryPrimitives.ReadInt32LittleEndian(span.Slice(HeaderBytes, 4));
        if (inner < PerFrameBytes + MinInnerBytes || inner > MaxInnerBytes)
        {
            problem = "a compressed batch frame declaring " + inner + " bytes of inner frames (a batch carries " + (PerFrameBytes + MinInnerBytes) + " to " + MaxInnerBytes + ")";
            return false;
        }

        if (HeaderBytes + inner > maxBatchBytes)
        {
            reason = FrameRejectReason.Oversize;
            problem = "a compressed batch frame of " + (HeaderBytes + inner) + " bytes once decompressed, over the frame limit (" + maxBatchBytes + ")";
            return false;
        }

        ReadOnlySpan<byte> stream = span.Slice(CompressedHeaderBytes);
        if (stream.Length > System.IO.Compression.BrotliEncoder.GetMaxCompressedLength(inner))
        {
            problem = "a compressed batch frame whose Brotli stream of " + stream.Length + " bytes is longer than any stream of the " + inner + " bytes it declares";
            return false;
        }

        if (WindowBits(stream) is not (>= 10 and <= MaxStreamWindowBits))
        {
            problem = "a compressed batch frame whose Brotli stream asks for a window over 256 KiB (a batch is at most 64 KiB)";
            return false;
        }

        byte[] output = ArrayPool<byte>.Shared.Rent(HeaderBytes + inner);
        System.Buffers.OperationStatus status;
        int consumed;
        int written;
        try
        {
            using var decoder = new System.IO.Compression.BrotliDecoder();
            status = decoder.Decompress(stream, output.AsSpan(HeaderBytes, inner), out consumed, out written);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            status = System.Buffers.OperationStatus.InvalidData;
            consumed = 0;
            written = 0;
        }

        if (status != System.Buffers.OperationStatus.Done || consumed != stream.Length || written != inner)
        {
            ArrayPool<byte>.Shared.Return(output);
            problem = status switch
            {
                System.Buffers.OperationStatus.DestinationTooSmall => "a compressed batch frame whose inner frames decompress to more than the " + inner + " bytes it declares",
                System.Buffers.OperationStatus.NeedMoreData => "a compressed batch frame whose Brotli stream is cut short",
                System.Buffers.OperationStatus.Done when consumed != stream.Length => "a compressed batch frame with " + (stream.Length - consumed) + " bytes after its Brotli stream",
                System.Buffers.OperationStatus.Done => "a compressed batch frame whose inner frames decompress to " + written + " bytes where it declares " + inner,
                _ => "a compressed batch frame whose Brotli stream is not valid",
            };
            return false;
        }

        span.Slice(0, HeaderBytes).CopyTo(output);
        output[4] = (byte)FrameContent.None;
        rented = output;
        plain = new ReadOnlyMemory<byte>(output, 0, HeaderBytes + inner);
        return true;
#else
        problem = "a compressed batch frame (content 1, Brotli): the netstandard2.0 build of the bus cannot decompress it; set Compression None on the senders, or run this node on .NET 8 or later";
        return false;
#endif
    }

    /// <summary>The window a Brotli stream asks for, as a power of two, from its first bits (RFC 7932 §9.1); −1 for a large-window or invalid header.</summary>
    internal static int WindowBits(ReadOnlySpan<byte> stream)
    {
        int bits = stream.Length > 1 ? stream[0] | (stream[1] << 8) : stream.Length == 1 ? stream[0] : 0;
        if ((bits & 1) == 0)
        {
            return 16;
        }

        int n = (bits >> 1) & 7;
        if (n != 0)
        {
            return 17 + n;
        }

        int m = (bits >> 4) & 7;
        return m == 1 ? -1 : m != 0 ? 8 + m : 17;
    }

    /// <summary>
    /// Reads and checks a whole batch (its trailer already verified and cut off) into <paramref name="headers"/>; never throws.
    /// On failure nothing is added and <paramref name="problem"/> says what is wrong and where.
    /// </summary>
    public static bool TryRead(ReadOnlyMemory<byte> batch, List<NodeFrame.Header> headers, out string problem)
    {
        ReadOnlySpan<byte> span = batch.Span;
        if (span.Length < HeaderBytes)
        {
            problem = "a batch frame of " + span.Length + " bytes is shorter than its 34-byte header";
            return false;
        }

        if (span[4] != (byte)FrameContent.None)
        {
            problem = "a batch frame with content " + span[4] + " (a batch carries frames: content 0, or 1 compressed)";
            return false;
        }

        byte stream = span[NodeFrame.StreamOffset];
        Guid origin = NodeFrame.ReadGuid(span.Slice(8, 16));
        long first = BinaryPrimitives.ReadInt64LittleEndian(span.Slice(NodeFrame.SequenceOffset, 8));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(32, 2));
        if (count is < 1 or > MaxFrames)
        {
            problem = "a batch frame of " + count + " inner frames (a batch carries 1 to " + MaxFrames + ")";
            return false;
        }

        if (first < 1 || first > long.MaxValue - count)
        {
            problem = "a batch frame whose first sequence number " + first + " is out of range";
            return false;
        }

        int start = headers.Count;
        int position = HeaderBytes;
        var node = default(NodeFrame.RecentText);
        var topic = default(NodeFrame.RecentText);
        for (int k = 0; k < count; k++)
        {
            if (!TryReadInner(batch, ref position, k, stream, origin, first + k, ref node, ref topic, out NodeFrame.Header header, out problem))
            {
                headers.RemoveRange(start, headers.Count - start);
                return false;
            }

            headers.Add(header);
        }

        if (position != span.Length)
        {
            headers.RemoveRange(start, headers.Count - start);
            problem = "a batch frame with " + (span.Length - position) + " bytes after its " + count + " inner frames";
            return false;
        }

        problem = string.Empty;
        return true;
    }

    private static bool TryReadInner(ReadOnlyMemory<byte> batch, ref int position, int k, byte stream, Guid origin, long sequence, ref NodeFrame.RecentText node, ref NodeFrame.RecentText topic, out NodeFrame.Header header, out string problem)
    {
        header = default;
        ReadOnlySpan<byte> span = batch.Span;

        // Named only in a problem: this runs for every inner frame.
        string Where() => "inner frame " + (k + 1) + " of the batch";
        if (span.Length - position < PerFrameBytes)
        {
            problem = "the batch ends before the length of its " + Where();
            return false;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(span.Slice(position, 4));
        position += PerFrameBytes;
        if (length < MinInnerBytes || length > span.Length - position)
        {
            problem = "the length " + length + " of " + Where() + (length < MinInnerBytes ? " is under a frame header's 32 bytes" : " runs past the end of the batch");
            return false;
        }

        ReadOnlyMemory<byte> inner = batch.Slice(position, length);
        position += length;
        ReadOnlySpan<byte> bytes = inner.Span;
        if (bytes[0] == (byte)'E' && bytes[1] == (byte)'C' && bytes[3] == (byte)FrameKind.Batch)
        {
            problem = Where() + " is itself a batch (batches do not nest)";
            return false;
        }

        if (bytes[0] == (byte)'E' && bytes[1] == (byte)'C' && bytes[2] != NodeFrame.Version)
        {
            problem = Where() + " has frame version " + bytes[2] + " (inner frames are version 1: the batch carries the one signature)";
            return false;
        }

        if (!NodeFrame.TryRead(inner, out header, out _, out string innerProblem, ref node, ref topic))
        {
            problem = Where() + ": " + innerProblem;
            return false;
        }

        if (NodeFrame.IsControl(header.Kind))
        {
            problem = Where() + " is a " + header.Kind + " frame (a batch carries broadcast, broadcast-from and direct frames only)";
            return false;
        }

        if (header.Origin != origin || header.Stream != stream)
        {
            problem = Where() + " is of another origin or stream than the batch (one batch is one origin's frames on one stream)";
            return false;
        }

        if (header.Sequence != sequence)
        {
            problem = Where() + " has sequence number " + header.Sequence + " where the batch says " + sequence;
            return false;
        }

        problem = string.Empty;
        return true;
    }
}
