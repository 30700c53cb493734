using System;
using System.Collections.Generic;

namespace EventCatalog.PubSub;

/// <summary>Batches on the receive path (<see cref="NodeBatch"/>): the whole batch is checked, then each inner frame takes the one-frame path.</summary>
public partial class NodePubSub
{
    [ThreadStatic]
    private static List<NodeFrame.Header>? t_batchHeaders;

    /// <summary>
    /// A batch, its signature (if any) already verified and cut off, decompressed first when it is compressed
    /// (<see cref="NodeBatch.TryDecompress"/>): every inner frame's bounds, header, origin, stream and number are checked before
    /// the first one is processed, so a hostile batch is one <see cref="FrameRejectReason.Malformed"/> (or, decompressed past
    /// the frame limit, <see cref="FrameRejectReason.Oversize"/>) and changes nothing; an authentic one is exactly its inner frames received one by one (each counted, sequenced and
    /// rejected on its own, as if it had come alone).
    /// </summary>
    private void ReceiveBatch(ReadOnlyMemory<byte> batch, long signedAt)
    {
        // A compressed batch is checked and decompressed within the frame limit, as if it had come plain (a signed batch's
        // trailer counts toward the limit); the rest of the checks are a plain batch's.
        int limit = _maxFrameBytes - (signedAt != 0 ? FrameAuthentication.TrailerBytes : 0);
        if (!NodeBatch.TryDecompress(batch, limit, out batch, out byte[]? rented, out FrameRejectReason refused, out string unpacked))
        {
            Reject(refused, unpacked, null);
            return;
        }

        // Taken from the thread while in use, so a batch read inside another (never, but cheap to rule out) gets its own list.
        List<NodeFrame.Header> headers = t_batchHeaders ?? new List<NodeFrame.Header>(NodeBatch.MaxFrames);
        t_batchHeaders = null;
        try
        {
            if (!NodeBatch.TryRead(batch, headers, out string problem))
            {
                Reject(FrameRejectReason.Malformed, problem, null);
                return;
            }

            foreach (NodeFrame.Header header in headers)
            {
                try
                {
                    Process(header, signedAt);
                }
                catch (Exception ex)
                {
                    // As for a frame alone (OnFrame): this inner frame is counted, the next one is read.
                    Reject(FrameRejectReason.Malformed, "unexpected error while reading a frame of a batch: " + ex.Message, header);
                }
            }
        }
        finally
        {
            // The headers point into the broker's buffer, or the decompressed batch's pooled array, valid only during this call.
            headers.Clear();
            t_batchHeaders = headers;
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
