using System;
using System.Buffers;

namespace EventCatalog.Codecs;

/// <summary>An <see cref="IBufferWriter{T}"/> over rented arrays, reused per thread by <c>Serialize</c>, so that a call allocates only its result.</summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>
{
    // Buffers past this size go back to the pool after use rather than stay with the thread.
    private const int KeptCapacity = 64 * 1024;

    private byte[] _buffer = Array.Empty<byte>();
    private int _count;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _count);

    public void Advance(int count)
    {
        if (count < 0 || _count + count > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _count += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_count);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_count);
    }

    public void Clear()
    {
        _count = 0;
        if (_buffer.Length > KeptCapacity)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = Array.Empty<byte>();
        }
    }

    private void Ensure(int sizeHint)
    {
        int needed = _count + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        byte[] next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(_buffer.Length * 2, 512)));
        _buffer.AsSpan(0, _count).CopyTo(next);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = next;
    }
}
