using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace EventCatalog.PubSub.Conformance.Tests;

/// <summary>Builds frames of format version 1 by hand, from docs/node-frames.md, as a forger would.</summary>
public static class Frame
{
    public static byte[] Build(Guid origin, long sequence, string node, string topic, string? target, byte[] body)
    {
        var bytes = new List<byte> { (byte)'E', (byte)'C', 1, (byte)(target is null ? 1 : 3), 3, 0, 0, 0 };
        bytes.AddRange(origin.ToByteArray());
        var seq = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(seq, sequence);
        bytes.AddRange(seq);
        foreach (string text in new[] { node, topic, target ?? string.Empty })
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            bytes.Add((byte)(utf8.Length & 0xFF));
            bytes.Add((byte)(utf8.Length >> 8));
            bytes.AddRange(utf8);
        }

        bytes.AddRange(body);
        return bytes.ToArray();
    }

    /// <summary>
    /// Appends to <paramref name="frames"/> the frames of <paramref name="origins"/> new forged origins ("forger@test", topic
    /// "flood"), each sending sequence numbers 1 to <paramref name="framesEach"/> in a row.
    /// </summary>
    public static List<byte[]> AddForgedOrigins(this List<byte[]> frames, int origins, int framesEach, byte[] body)
    {
        for (int i = 0; i < origins; i++)
        {
            Guid forged = Guid.NewGuid();
            for (long sequence = 1; sequence <= framesEach; sequence++)
            {
                frames.Add(Build(forged, sequence, "forger@test", "flood", null, body));
            }
        }

        return frames;
    }

    /// <summary>
    /// A batch frame (kind 5, docs/node-frames.md "Batches") by hand: the 32-byte header with <paramref name="origin"/>, stream
    /// <paramref name="stream"/> and <paramref name="first"/>, the count (<paramref name="count"/>, else the number of frames), then each
    /// frame behind its 4-byte length (<paramref name="lengthOf"/> may lie about one).
    /// </summary>
    public static byte[] Batch(Guid origin, long first, IReadOnlyList<byte[]> frames, int? count = null, byte stream = 0, Func<int, int, int>? lengthOf = null)
    {
        var bytes = new List<byte> { (byte)'E', (byte)'C', 1, 5, 0, stream, 0, 0 };
        bytes.AddRange(origin.ToByteArray());
        var number = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(number, first);
        bytes.AddRange(number);
        int n = count ?? frames.Count;
        bytes.Add((byte)(n & 0xFF));
        bytes.Add((byte)(n >> 8));
        for (int i = 0; i < frames.Count; i++)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, lengthOf?.Invoke(i, frames[i].Length) ?? frames[i].Length);
            bytes.AddRange(length);
            bytes.AddRange(frames[i]);
        }

        return bytes.ToArray();
    }

    /// <summary>
    /// A compressed batch (content 1, docs/node-frames.md "Batches") made from the plain batch <paramref name="batch"/> as a
    /// forger would: its header with content 1, the declared length of its inner frames (<paramref name="declared"/>, else the
    /// true one) and their Brotli stream (<paramref name="stream"/>, else Brotli quality 1 of the true inner frames).
    /// </summary>
    public static byte[] Compress(byte[] batch, int? declared = null, byte[]? stream = null)
    {
        byte[] inner = batch.AsSpan(34).ToArray();
        stream ??= Brotli(inner);
        var bytes = new byte[38 + stream.Length];
        batch.AsSpan(0, 34).CopyTo(bytes);
        bytes[4] = 1;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(34), declared ?? inner.Length);
        stream.CopyTo(bytes, 38);
        return bytes;
    }

    /// <summary>Brotli (quality 1, a window of 2^<paramref name="windowBits"/> bytes: 64 KiB unless said) of <paramref name="bytes"/>.</summary>
    public static byte[] Brotli(byte[] bytes, int windowBits = 16)
    {
        var output = new byte[BrotliEncoder.GetMaxCompressedLength(bytes.Length)];
        if (!BrotliEncoder.TryCompress(bytes, output, out int written, 1, windowBits))
        {
            throw new InvalidOperationException("Brotli failed.");
        }

        return output.AsSpan(0, written).ToArray();
    }

    /// <summary>The plain batch of a batch as a receiver reads it: a compressed one (content 1) decompressed (its trailer, if signed, <paramref name="trailer"/> bytes, left off).</summary>
    public static byte[] Plain(byte[] batch, int trailer = 0)
    {
        if (batch[4] != 1)
        {
            return batch;
        }

        int declared = BinaryPrimitives.ReadInt32LittleEndian(batch.AsSpan(34));
        var plain = new byte[34 + declared];
        batch.AsSpan(0, 34).CopyTo(plain);
        plain[4] = 0;
        if (!BrotliDecoder.TryDecompress(batch.AsSpan(38, batch.Length - 38 - trailer), plain.AsSpan(34), out int written) || written != declared)
        {
            throw new InvalidOperationException("Not a compressed batch of " + declared + " bytes.");
        }

        return plain;
    }

    /// <summary>Signs a version-1 frame as docs/node-frames.md says: version byte 2, then key id, send time and HMAC-SHA256 over all bytes before the MAC.</summary>
    public static byte[] Sign(byte[] frame, byte[] key, DateTimeOffset sentAt)
    {
        var bytes = new List<byte>(frame);
        bytes[2] = 2;
        bytes.AddRange(SHA256.HashData(key).Take(8));
        var time = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(time, sentAt.ToUnixTimeMilliseconds());
        bytes.AddRange(time);
        bytes.AddRange(HMACSHA256.HashData(key, bytes.ToArray()));
        return bytes.ToArray();
    }
}
