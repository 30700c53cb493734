using System;
using System.Buffers;
using System.Collections.Generic;

namespace EventCatalog;

/// <summary>
/// Writes a catalog's events as CloudEvents 1.0 JSON (structured mode) and reads them back: the wire
/// format that transports (the Redis bus, webhooks, any broker) share. Each generated catalog exposes
/// one as <c>Events.Codec</c>; <see cref="EventCodec.Combine(IEventCodec[])"/> joins several catalogs'.
/// </summary>
/// <remarks>
/// Source of the format: CloudEvents 1.0.2 core spec and its JSON event format (structured content mode,
/// <c>application/cloudevents+json</c>). Implementations never use reflection and never throw for bad
/// input bytes: <see cref="Read(ReadOnlySpan{byte})"/> returns a result that names the problem.
/// </remarks>
public interface IEventCodec
{
    /// <summary>The event types (catalog wire names, such as <c>cluster_joined</c>) this codec reads and writes.</summary>
    IReadOnlyCollection<string> EventTypes { get; }

    /// <summary>True when <paramref name="eventType"/> is one of <see cref="EventTypes"/>.</summary>
    /// <param name="eventType">A catalog event type (not the CloudEvents <c>type</c>, which may carry a prefix).</param>
    /// <returns>Whether this codec can write and read events of that type.</returns>
    bool CanHandle(string eventType);

    /// <summary>Writes <paramref name="envelope"/> as one CloudEvents JSON event (UTF-8) to <paramref name="output"/>.</summary>
    /// <param name="envelope">An envelope of one of this codec's event types.</param>
    /// <param name="output">Where the UTF-8 JSON bytes go; nothing is written when an exception is thrown.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The envelope's data is not one of this codec's events or not of its event type, its id is not 32 lowercase hex characters, its node is empty, its store id breaks the catalog's rule, or a value cannot be written (a required value that is null, a <c>double</c> NaN or infinity; the message names the event and the field's JSON path).</exception>
    void Write(IEventEnvelope envelope, IBufferWriter<byte> output);

    /// <summary>Writes <paramref name="payload"/> (an envelope and its wrapper) as one CloudEvents JSON event, the wrapper in an extension attribute.</summary>
    /// <param name="payload">A payload of one of this codec's event types.</param>
    /// <param name="output">Where the UTF-8 JSON bytes go.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Write(IEventEnvelope, IBufferWriter{byte})"/>.</exception>
    void Write(IEventPayload payload, IBufferWriter<byte> output);

    /// <summary>Writes <paramref name="envelope"/> to a new array.</summary>
    /// <param name="envelope">An envelope of one of this codec's event types.</param>
    /// <returns>The UTF-8 JSON bytes of one CloudEvents event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="envelope"/> is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Write(IEventEnvelope, IBufferWriter{byte})"/>.</exception>
    byte[] Serialize(IEventEnvelope envelope);

    /// <summary>Writes <paramref name="payload"/> to a new array.</summary>
    /// <param name="payload">A payload of one of this codec's event types.</param>
    /// <returns>The UTF-8 JSON bytes of one CloudEvents event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="payload"/> is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Write(IEventEnvelope, IBufferWriter{byte})"/>.</exception>
    byte[] Serialize(IEventPayload payload);

    /// <summary>Writes <paramref name="envelopes"/> as one CloudEvents JSON batch (<c>application/cloudevents-batch+json</c>: a JSON array of events), for transports that coalesce.</summary>
    /// <param name="envelopes">Envelopes of this codec's event types, in order; an empty sequence writes <c>[]</c>.</param>
    /// <param name="output">Where the UTF-8 JSON bytes go; nothing is written when an exception is thrown.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An item is null, or as for <see cref="Write(IEventEnvelope, IBufferWriter{byte})"/>.</exception>
    void WriteBatch(IEnumerable<IEventEnvelope> envelopes, IBufferWriter<byte> output);

    /// <summary>Writes <paramref name="payloads"/> as one CloudEvents JSON batch, each wrapper in its event's extension attribute.</summary>
    /// <param name="payloads">Payloads of this codec's event types, in order.</param>
    /// <param name="output">Where the UTF-8 JSON bytes go; nothing is written when an exception is thrown.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An item is null, or as for <see cref="Write(IEventEnvelope, IBufferWriter{byte})"/>.</exception>
    void WriteBatch(IEnumerable<IEventPayload> payloads, IBufferWriter<byte> output);

    /// <summary>
    /// Reads a CloudEvents JSON batch. Never throws for bad input. When the frame as a whole cannot be read (over the size
    /// limit, not UTF-8 or JSON, not an array of objects, over a depth or string limit) the list is that one failure, its
    /// <see cref="EventReadResult.Error"/> starting with <c>$</c>; otherwise it has one result per event, in order, each error
    /// starting with the event's index (<c>$[2].data.event_count: …</c>), so one bad event does not lose the others.
    /// </summary>
    /// <param name="utf8">The UTF-8 bytes of a JSON array of events, untrusted.</param>
    /// <returns>The results, in the batch's order (empty for <c>[]</c>).</returns>
    IReadOnlyList<EventReadResult> ReadBatch(ReadOnlySpan<byte> utf8);

    /// <summary>
    /// Reads one CloudEvents JSON event. Never throws for bad input: the result says <see cref="EventReadStatus.Ok"/>,
    /// <see cref="EventReadStatus.UnknownType"/> (a newer node's event), <see cref="EventReadStatus.UnknownVersion"/> (a known event in a later data version: the <c>dataversion</c> attribute),
    /// <see cref="EventReadStatus.Malformed"/> or <see cref="EventReadStatus.TooLarge"/>, with the JSON path and the problem.
    /// </summary>
    /// <param name="utf8">The UTF-8 bytes of one event, untrusted.</param>
    /// <returns>The outcome; <see cref="EventReadResult.Envelope"/> is set when it is <see cref="EventReadStatus.Ok"/>.</returns>
    EventReadResult Read(ReadOnlySpan<byte> utf8);
}
