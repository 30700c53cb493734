using System;

namespace EventCatalog;

/// <summary>Limits a codec applies to the frames it reads, so that hostile input costs bounded time and memory.</summary>
/// <remarks>Pass to a catalog's <c>Events.CreateCodec(options)</c>; <c>Events.Codec</c> uses <see cref="Default"/>.</remarks>
public sealed class EventCodecOptions
{
    /// <summary>The default frame limit: 1 MiB (1,048,576 bytes).</summary>
    public const int DefaultMaxFrameBytes = 1024 * 1024;

    /// <summary>The default nesting limit: 64 levels of objects and arrays, the event object counted as 1 (as System.Text.Json's default).</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>The default string limit: 262,144 bytes (256 KiB) of JSON text per string, escapes counted as written.</summary>
    public const int DefaultMaxStringBytes = 256 * 1024;

    private readonly int _maxFrameBytes = DefaultMaxFrameBytes;
    private readonly int _maxDepth = DefaultMaxDepth;
    private readonly int _maxStringBytes = DefaultMaxStringBytes;

    /// <summary>The defaults: <see cref="DefaultMaxFrameBytes"/>, <see cref="DefaultMaxDepth"/>, <see cref="DefaultMaxStringBytes"/>.</summary>
    public static EventCodecOptions Default { get; } = new();

    /// <summary>The largest frame (one event, or one batch) read, in bytes; a larger one is <see cref="EventReadStatus.TooLarge"/> and is not parsed.</summary>
    /// <value>At least 2.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 2.</exception>
    public int MaxFrameBytes
    {
        get => _maxFrameBytes;
        init => _maxFrameBytes = value >= 2 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A frame limit must be at least 2 bytes ('{}').");
    }

    /// <summary>The deepest nesting of JSON objects and arrays, the event object counted as 1 (a batch's array adds 1); deeper is <see cref="EventReadStatus.Malformed"/>.</summary>
    /// <value>From 2 (an event and its <c>data</c> object) to 1000.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 2..1000.</exception>
    public int MaxDepth
    {
        get => _maxDepth;
        init => _maxDepth = value is >= 2 and <= 1000 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A depth limit must be from 2 to 1000.");
    }

    /// <summary>The longest JSON string (a value or a property name), in bytes of JSON text as written (escapes count as their bytes); longer is <see cref="EventReadStatus.Malformed"/>.</summary>
    /// <value>At least 1.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxStringBytes
    {
        get => _maxStringBytes;
        init => _maxStringBytes = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A string limit must be at least 1 byte.");
    }
}
