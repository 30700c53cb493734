using System;
using System.Text.Json;

namespace EventCatalog.Codecs;

/// <summary>A buffer and a JSON writer per thread, reused by every write, as System.Text.Json reuses its own writers: a write allocates only what it returns.</summary>
internal sealed class WriterCache
{
    private static readonly JsonWriterOptions s_options = new() { SkipValidation = true };

    [ThreadStatic]
    private static WriterCache? t_cache;

    private bool _inUse;

    private WriterCache()
    {
        Writer = new Utf8JsonWriter(Buffer, s_options);
    }

    public PooledBufferWriter Buffer { get; } = new();

    public Utf8JsonWriter Writer { get; }

    public static WriterCache Rent()
    {
        WriterCache cache = t_cache ??= new WriterCache();
        if (cache._inUse)
        {
            // A write inside a write (a user's property getter that writes another event): give it its own.
            cache = new WriterCache();
        }

        cache._inUse = true;
        cache.Buffer.Clear();
        cache.Writer.Reset(cache.Buffer);
        return cache;
    }

    public void Return()
    {
        Buffer.Clear();
        _inUse = false;
    }
}
