namespace EventCatalog.PubSub;

/// <summary>
/// How a node bus compresses the batch frames it sends (<see cref="NodePubSubOptions.Compression"/>, docs/node-frames.md
/// "Compressed batches"). Receiving does not depend on it: a node on .NET 8 or later reads compressed and plain batches alike.
/// </summary>
public enum FrameCompression
{
    /// <summary>Batches travel as they are (content byte 0).</summary>
    None = 0,

    /// <summary>
    /// Brotli (RFC 7932, quality 1, asking for a 64 KiB window, which Brotli's encoder writes as 256 KiB at that quality; .NET's
    /// <c>System.IO.Compression.BrotliEncoder</c>): the inner frames of a
    /// batch of at least 2 KiB are compressed when that saves at least a tenth of them (content byte 1). The frames of one batch
    /// share their origin, topic and most CloudEvents attributes, so they shrink several times over: the broker and every
    /// receiver's connection carry that much less. Needs .NET 8 or later on the sender; a receiver that predates it, or runs
    /// the netstandard2.0 build, drops such a batch as <see cref="FrameRejectReason.Malformed"/>.
    /// </summary>
    Brotli = 1,
}
