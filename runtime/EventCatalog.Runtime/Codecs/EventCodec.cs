using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using EventCatalog.Codecs;

namespace EventCatalog;

/// <summary>Joins codecs of several catalogs into one, for transports that carry more than one catalog's events.</summary>
public static class EventCodec
{
    /// <summary>
    /// One codec over the events of every catalog in <paramref name="codecs"/>. Writes go to the codec that
    /// handles the event's type; a read is answered by the first codec that knows the frame's type. A batch
    /// is split with <see cref="EventCodecOptions.Default"/>'s limits and each event read by its own codec.
    /// </summary>
    /// <param name="codecs">One or more catalogs' codecs (<c>Events.Codec</c>).</param>
    /// <returns><paramref name="codecs"/>[0] when there is one; else a codec over all of them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="codecs"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="codecs"/> is empty, or two codecs handle the same event type (named in the message): a frame of that type could not be read unambiguously.</exception>
    public static IEventCodec Combine(params IEventCodec[] codecs)
    {
        if (codecs is null)
        {
            throw new ArgumentNullException(nameof(codecs));
        }

        if (codecs.Length == 0)
        {
            throw new ArgumentException("At least one codec is needed.", nameof(codecs));
        }

        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < codecs.Length; i++)
        {
            IEventCodec codec = codecs[i] ?? throw new ArgumentNullException(nameof(codecs), $"The codec at index {i} is null.");
            foreach (string type in codec.EventTypes)
            {
                if (owners.TryGetValue(type, out int first))
                {
                    throw new ArgumentException(
                        $"The event type '{type}' is in the codecs at index {first} ({codecs[first].GetType().FullName}) and {i} ({codec.GetType().FullName}); event types must be unique across the combined catalogs.",
                        nameof(codecs));
                }

                owners[type] = i;
            }
        }

        return codecs.Length == 1 ? codecs[0] : new CombinedCodec(codecs, owners);
    }

    /// <summary>The codecs <paramref name="codec"/> joins (each part of a combined codec, parts of parts included), or <paramref name="codec"/> alone.</summary>
    internal static IEnumerable<IEventCodec> Parts(IEventCodec codec)
    {
        if (codec is not CombinedCodec combined)
        {
            yield return codec;
            yield break;
        }

        foreach (IEventCodec part in combined.Codecs)
        {
            foreach (IEventCodec inner in Parts(part))
            {
                yield return inner;
            }
        }
    }

    private sealed class CombinedCodec : IEventCodec
    {
        private readonly IEventCodec[] _codecs;
        private readonly Dictionary<string, int> _owners;

        public CombinedCodec(IEventCodec[] codecs, Dictionary<string, int> owners)
        {
            _codecs = codecs;
            _owners = owners;
            EventTypes = owners.Keys.ToArray();
        }

        public IReadOnlyCollection<string> EventTypes { get; }

        public IEventCodec[] Codecs => _codecs;

        public bool CanHandle(string eventType) => eventType is not null && _owners.ContainsKey(eventType);

        public void Write(IEventEnvelope envelope, IBufferWriter<byte> output) => For(envelope?.EventType, nameof(envelope)).Write(envelope!, output);

        public void Write(IEventPayload payload, IBufferWriter<byte> output) => For(payload?.Event?.EventType, nameof(payload)).Write(payload!, output);

        public byte[] Serialize(IEventEnvelope envelope) => For(envelope?.EventType, nameof(envelope)).Serialize(envelope!);

        public byte[] Serialize(IEventPayload payload) => For(payload?.Event?.EventType, nameof(payload)).Serialize(payload!);

        public void WriteBatch(IEnumerable<IEventEnvelope> envelopes, IBufferWriter<byte> output) =>
            WriteBatchFrame(envelopes, e => For(e?.EventType, nameof(envelopes)).Serialize(e!), output, nameof(envelopes));

        public void WriteBatch(IEnumerable<IEventPayload> payloads, IBufferWriter<byte> output) =>
            WriteBatchFrame(payloads, p => For(p?.Event?.EventType, nameof(payloads)).Serialize(p!), output, nameof(payloads));

        public IReadOnlyList<EventReadResult> ReadBatch(ReadOnlySpan<byte> utf8)
        {
            var items = new List<(int Start, int Length)>();
            EventReadResult? failure = CloudEventBatch.TrySplit(utf8, EventCodecOptions.Default, items);
            if (failure is not null)
            {
                return new[] { failure };
            }

            var results = new EventReadResult[items.Count];
            for (int i = 0; i < items.Count; i++)
            {
                EventReadResult result = Read(utf8.Slice(items[i].Start, items[i].Length));
                results[i] = result.IsOk || result.Error is null || !result.Error.StartsWith("$", StringComparison.Ordinal)
                    ? result
                    : EventReadResult.Failed(result.Status, "$[" + i.ToString(CultureInfo.InvariantCulture) + "]" + result.Error.Substring(1), result.EventType);
            }

            return results;
        }

        public EventReadResult Read(ReadOnlySpan<byte> utf8)
        {
            EventReadResult? unknown = null;
            foreach (IEventCodec codec in _codecs)
            {
                EventReadResult result = codec.Read(utf8);
                if (result.Status != EventReadStatus.UnknownType)
                {
                    return result;
                }

                unknown ??= result;
            }

            return unknown!;
        }

        private static void WriteBatchFrame<TItem>(IEnumerable<TItem> items, Func<TItem, byte[]> serialize, IBufferWriter<byte> output, string parameterName)
        {
            if (items is null)
            {
                throw new ArgumentNullException(parameterName);
            }

            if (output is null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            // Each event is written by its own catalog's codec first, so a failure leaves output untouched.
            var frames = new List<byte[]>();
            foreach (TItem item in items)
            {
                frames.Add(serialize(item));
            }

            using var writer = new Utf8JsonWriter(output);
            writer.WriteStartArray();
            foreach (byte[] frame in frames)
            {
                writer.WriteRawValue(frame, skipInputValidation: true);
            }

            writer.WriteEndArray();
        }

        private IEventCodec For(string? eventType, string parameterName)
        {
            if (eventType is null)
            {
                throw new ArgumentNullException(parameterName);
            }

            return _owners.TryGetValue(eventType, out int index)
                ? _codecs[index]
                : throw new ArgumentException($"No combined codec handles the event type '{eventType}'.", parameterName);
        }
    }
}
