using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;

namespace EventCatalog;

/// <summary>Joins codecs of several catalogs into one, for transports that carry more than one catalog's events.</summary>
public static class EventCodec
{
    /// <summary>
    /// One codec over the events of every catalog in <paramref name="codecs"/>. Writes go to the codec that
    /// handles the event's type; a read is answered by the first codec that knows the frame's type.
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

        public bool CanHandle(string eventType) => eventType is not null && _owners.ContainsKey(eventType);

        public void Write(IEventEnvelope envelope, IBufferWriter<byte> output) => For(envelope?.EventType, nameof(envelope)).Write(envelope!, output);

        public void Write(IEventPayload payload, IBufferWriter<byte> output) => For(payload?.Event?.EventType, nameof(payload)).Write(payload!, output);

        public byte[] Serialize(IEventEnvelope envelope) => For(envelope?.EventType, nameof(envelope)).Serialize(envelope!);

        public byte[] Serialize(IEventPayload payload) => For(payload?.Event?.EventType, nameof(payload)).Serialize(payload!);

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
