using System;
using System.Buffers.Binary;
using System.Collections.Generic;
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
}
