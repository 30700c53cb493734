using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EventCatalog.Codecs;

/// <summary>
/// The CloudEvents JSON codec of one catalog: the envelope attributes, the limits, batches and error
/// reporting, around the generated code that writes and reads each event's <c>data</c>. Each catalog's
/// generated <c>Events.Codec</c> is one; <c>Events.CreateCodec(options)</c> makes one with other limits.
/// </summary>
/// <remarks>
/// <para>Written: <c>specversion</c> "1.0", <c>id</c>, <c>source</c> (<see cref="CloudEventSource"/>), <c>type</c> (<see cref="TypePrefix"/> + event type),
/// <c>time</c> (RFC 3339), <c>datacontenttype</c> "application/json", the extensions <c>storeid</c> (when set), <c>category</c>,
/// <c>wrapper</c> (payloads only), <c>dataversion</c> (events above version 1, <see cref="CloudEventNames.DataVersionExtension"/>) and the distributed-tracing
/// <c>traceparent</c>/<c>tracestate</c> (from the envelope, else from <see cref="System.Diagnostics.Activity.Current"/>; absent when neither has a W3C context), then <c>data</c>.</para>
/// <para>Read: the attributes in any order; unknown extension attributes (and <c>subject</c>, <c>dataschema</c>) are ignored, not kept;
/// unknown <c>data</c> properties are ignored (a newer node may add fields). A <c>traceparent</c> or <c>tracestate</c> that is not W3C Trace Context syntax
/// (or not a string, or given twice) is dropped and reported in <see cref="EventReadResult.TraceContextProblem"/>, never failing the event. Reads never throw for bad input.</para>
/// <para>From other CloudEvents producers: any non-empty <c>id</c> without control characters (a hyphenated UUID, <c>A234-1234-1234</c>),
/// kept as it is in <see cref="IEventEnvelope.EventId"/>; <c>time</c> with any number of fraction digits (RFC3339Nano's 9), truncated
/// to the 100 ns a <see cref="DateTimeOffset"/> holds; no <c>time</c> at all, read as <see cref="DateTimeOffset.MinValue"/> in
/// <see cref="IEventEnvelope.Timestamp"/> (the producer said nothing, and the codec invents no time); a time without an offset stays malformed.
/// This codec writes 32-hex ids only and always writes <c>time</c>, with at most 7 fraction digits.</para>
/// <para>Generated code derives from it; it is hidden from IntelliSense. Use it as an <see cref="IEventCodec"/>.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract partial class CatalogCodec : IEventCodec
{
    private static readonly JsonEncodedText s_specVersion = JsonEncodedText.Encode(CloudEventNames.SpecVersion);
    private static readonly JsonEncodedText s_specVersionValue = JsonEncodedText.Encode(CloudEventNames.SpecVersionValue);
    private static readonly JsonEncodedText s_id = JsonEncodedText.Encode(CloudEventNames.Id);
    private static readonly JsonEncodedText s_source = JsonEncodedText.Encode(CloudEventNames.Source);
    private static readonly JsonEncodedText s_type = JsonEncodedText.Encode(CloudEventNames.Type);
    private static readonly JsonEncodedText s_time = JsonEncodedText.Encode(CloudEventNames.Time);
    private static readonly JsonEncodedText s_dataContentType = JsonEncodedText.Encode(CloudEventNames.DataContentType);
    private static readonly JsonEncodedText s_json = JsonEncodedText.Encode(CloudEventNames.JsonContentType);
    private static readonly JsonEncodedText s_storeId = JsonEncodedText.Encode(CloudEventNames.StoreIdExtension);
    private static readonly JsonEncodedText s_category = JsonEncodedText.Encode(CloudEventNames.CategoryExtension);
    private static readonly JsonEncodedText s_wrapper = JsonEncodedText.Encode(CloudEventNames.WrapperExtension);
    private static readonly JsonEncodedText s_data = JsonEncodedText.Encode(CloudEventNames.Data);
    private static readonly JsonEncodedText s_dataVersion = JsonEncodedText.Encode(CloudEventNames.DataVersionExtension);
    private static readonly JsonEncodedText s_traceParent = JsonEncodedText.Encode(CloudEventNames.TraceParentExtension);
    private static readonly JsonEncodedText s_traceState = JsonEncodedText.Encode(CloudEventNames.TraceStateExtension);

    private readonly Dictionary<string, EventInfo> _events;

    // The same events by their full CloudEvents type (prefix included), so that a read finds its event with the
    // one string it reads, without cutting the prefix off into a second one.
    private readonly Dictionary<string, EventInfo> _byType;
    private readonly StoreIdRules? _storeIds;

    // The last source and store id read, as UTF-8 with their decoded value: a node mostly reads frames of the same
    // few nodes and stores, so the common frame costs a byte comparison instead of a decode and an allocation.
    private ReadCache? _lastReadSource;
    private ReadCache? _lastReadStoreId;
    private EventInfo? _lastReadType;
    private ReadCache? _lastReadWrapper;

    // The source of the last node written, so that a node's URN is encoded once, not per event.
    private SourceCache? _lastSource;

    /// <summary>Sets up the codec of a catalog.</summary>
    /// <param name="typePrefix">The catalog's <c>type_prefix</c> (e.g. <c>io.exesdb.control.</c>), or empty.</param>
    /// <param name="eventTypes">The catalog's event types.</param>
    /// <param name="categories">The category of each event type, at the same index.</param>
    /// <param name="storeIds">The catalog's store-id rule, checked on write and read; null to accept any store id.</param>
    /// <param name="options">The read limits; null for <see cref="EventCodecOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="typePrefix"/>, <paramref name="eventTypes"/> or <paramref name="categories"/> is null.</exception>
    /// <exception cref="ArgumentException">The arrays differ in length, or an event type appears twice.</exception>
    protected CatalogCodec(string typePrefix, string[] eventTypes, string[] categories, StoreIdRules? storeIds, EventCodecOptions? options)
        : this(typePrefix, eventTypes, categories, null, storeIds, options)
    {
    }

    /// <summary>Sets up the codec of a catalog whose events have data versions (SPEC §10).</summary>
    /// <param name="typePrefix">The catalog's <c>type_prefix</c> (e.g. <c>io.exesdb.control.</c>), or empty.</param>
    /// <param name="eventTypes">The catalog's event types.</param>
    /// <param name="categories">The category of each event type, at the same index.</param>
    /// <param name="dataVersions">
    /// The current data version of each event type, at the same index (the catalog's <c>version</c>, 1 to 100); null when every
    /// event is at version 1. An event above 1 is written with the <c>dataversion</c> extension; a frame above it reads as
    /// <see cref="EventReadStatus.UnknownVersion"/>.
    /// </param>
    /// <param name="storeIds">The catalog's store-id rule, checked on write and read; null to accept any store id.</param>
    /// <param name="options">The read limits; null for <see cref="EventCodecOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="typePrefix"/>, <paramref name="eventTypes"/> or <paramref name="categories"/> is null.</exception>
    /// <exception cref="ArgumentException">The arrays differ in length, an event type appears twice, or a data version is below 1.</exception>
    protected CatalogCodec(string typePrefix, string[] eventTypes, string[] categories, int[]? dataVersions, StoreIdRules? storeIds, EventCodecOptions? options)
    {
        TypePrefix = typePrefix ?? throw new ArgumentNullException(nameof(typePrefix));
        if (eventTypes is null)
        {
            throw new ArgumentNullException(nameof(eventTypes));
        }

        if (categories is null)
        {
            throw new ArgumentNullException(nameof(categories));
        }

        if (eventTypes.Length != categories.Length)
        {
            throw new ArgumentException("Every event type needs its category.", nameof(categories));
        }

        if (dataVersions is not null && dataVersions.Length != eventTypes.Length)
        {
            throw new ArgumentException("Every event type needs its data version.", nameof(dataVersions));
        }

        _events = new Dictionary<string, EventInfo>(eventTypes.Length, StringComparer.Ordinal);
        _byType = new Dictionary<string, EventInfo>(eventTypes.Length, StringComparer.Ordinal);
        for (int i = 0; i < eventTypes.Length; i++)
        {
            if (_events.ContainsKey(eventTypes[i]))
            {
                throw new ArgumentException($"The event type '{eventTypes[i]}' appears twice.", nameof(eventTypes));
            }

            int dataVersion = dataVersions is null ? 1 : dataVersions[i];
            if (dataVersion < 1)
            {
                throw new ArgumentException($"The data version of '{eventTypes[i]}' is {dataVersion}; versions start at 1.", nameof(dataVersions));
            }

            var info = new EventInfo(eventTypes[i], categories[i], JsonEncodedText.Encode(typePrefix + eventTypes[i]), JsonEncodedText.Encode(categories[i]), dataVersion);
            _events.Add(eventTypes[i], info);
            _byType.Add(typePrefix + eventTypes[i], info);
        }

        _storeIds = storeIds;
        Options = options ?? EventCodecOptions.Default;
        EventTypes = Array.AsReadOnly((string[])eventTypes.Clone());
    }

    /// <summary>The catalog's <c>type_prefix</c>: the CloudEvents <c>type</c> of an event is this followed by its event type.</summary>
    public string TypePrefix { get; }

    /// <summary>The limits this codec reads with.</summary>
    public EventCodecOptions Options { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<string> EventTypes { get; }

    /// <inheritdoc />
    public bool CanHandle(string eventType) => eventType is not null && _events.ContainsKey(eventType);

    /// <inheritdoc />
    public void Write(IEventEnvelope envelope, IBufferWriter<byte> output) => WriteFrame(envelope, null, output, nameof(envelope));

    /// <inheritdoc />
    public void Write(IEventPayload payload, IBufferWriter<byte> output) => WriteFrame(payload?.Event!, payload, output, nameof(payload));

    /// <inheritdoc />
    public byte[] Serialize(IEventEnvelope envelope) => WriteFrame(envelope, null, null, nameof(envelope))!;

    /// <inheritdoc />
    public byte[] Serialize(IEventPayload payload) => WriteFrame(payload?.Event!, payload, null, nameof(payload))!;

    /// <inheritdoc />
    public void WriteBatch(IEnumerable<IEventEnvelope> envelopes, IBufferWriter<byte> output) => WriteBatchFrame(envelopes, static e => (e, null), output, nameof(envelopes));

    /// <inheritdoc />
    public void WriteBatch(IEnumerable<IEventPayload> payloads, IBufferWriter<byte> output) => WriteBatchFrame(payloads, static p => (p?.Event!, p), output, nameof(payloads));

    /// <inheritdoc />
    public EventReadResult Read(ReadOnlySpan<byte> utf8)
    {
        EventReadResult? failure = FrameChecks.Check(utf8, Options, "event");
        return failure ?? ReadGuarded(utf8, "$", 0);
    }

    /// <inheritdoc />
    public IReadOnlyList<EventReadResult> ReadBatch(ReadOnlySpan<byte> utf8)
    {
        var items = new List<(int Start, int Length)>();
        EventReadResult? failure = CloudEventBatch.TrySplit(utf8, Options, items);
        if (failure is not null)
        {
            return new[] { failure };
        }

        var results = new EventReadResult[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            results[i] = ReadGuarded(utf8.Slice(items[i].Start, items[i].Length), "$[" + i.ToString(CultureInfo.InvariantCulture) + "]", 1);
        }

        return results;
    }

    /// <summary>Writes the data object of <paramref name="data"/> (the generated part: a switch over the catalog's records).</summary>
    /// <param name="data">The envelope's data: a record of this catalog, checked to be of the envelope's event type.</param>
    /// <param name="writer">The JSON writer, after the <c>data</c> property name.</param>
    /// <exception cref="ArgumentException">A field's value cannot be written.</exception>
    protected abstract void WriteData(ICatalogEvent data, Utf8JsonWriter writer);

    /// <summary>Reads the data object of an event of type <paramref name="eventType"/> (the generated part).</summary>
    /// <param name="eventType">One of this codec's event types.</param>
    /// <param name="reader">The reader, at the first token of <c>data</c> (an empty object when the frame had none).</param>
    /// <param name="header">The frame's checked attributes.</param>
    /// <returns><see cref="CloudEventHeader.Ok{T}(T)"/> with the record read, or <see cref="EventDataReader.Failure"/>.</returns>
    protected abstract EventReadResult ReadData(string eventType, ref EventDataReader reader, in CloudEventHeader header);

    private byte[]? WriteFrame(IEventEnvelope envelope, IEventPayload? payload, IBufferWriter<byte>? output, string parameterName)
    {
        if (envelope is null)
        {
            throw new ArgumentNullException(parameterName);
        }

        WriterCache cache = WriterCache.Rent();
        try
        {
            WriteEvent(cache.Writer, envelope, payload, parameterName);
            cache.Writer.Flush();
            ReadOnlySpan<byte> written = cache.Buffer.WrittenSpan;
            if (output is null)
            {
                return written.ToArray();
            }

            written.CopyTo(output.GetSpan(written.Length));
            output.Advance(written.Length);
            return null;
        }
        finally
        {
            cache.Return();
        }
    }

    private void WriteBatchFrame<TItem>(IEnumerable<TItem> items, Func<TItem, (IEventEnvelope Envelope, IEventPayload? Payload)> parts, IBufferWriter<byte> output, string parameterName)
    {
        if (items is null)
        {
            throw new ArgumentNullException(parameterName);
        }

        if (output is null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        WriterCache cache = WriterCache.Rent();
        try
        {
            Utf8JsonWriter writer = cache.Writer;
            writer.WriteStartArray();
            int index = 0;
            foreach (TItem item in items)
            {
                (IEventEnvelope envelope, IEventPayload? payload) = parts(item);
                if (envelope is null)
                {
                    throw new ArgumentException($"The item at index {index} is null.", parameterName);
                }

                WriteEvent(writer, envelope, payload, parameterName);
                index++;
            }

            writer.WriteEndArray();
            writer.Flush();
            ReadOnlySpan<byte> written = cache.Buffer.WrittenSpan;
            written.CopyTo(output.GetSpan(written.Length));
            output.Advance(written.Length);
        }
        finally
        {
            cache.Return();
        }
    }

    private void WriteEvent(Utf8JsonWriter writer, IEventEnvelope envelope, IEventPayload? payload, string parameterName)
    {
        string eventType = envelope.EventType;
        if (eventType is null || !_events.TryGetValue(eventType, out EventInfo? info))
        {
            throw new ArgumentException($"The event type '{eventType}' is not one of this catalog's; combine codecs (EventCodec.Combine) to write several catalogs' events.", parameterName);
        }

        if (envelope.Data is not ICatalogEvent data || !string.Equals(data.EventType, eventType, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The envelope's event type is '{eventType}' but its data is {(envelope.Data is ICatalogEvent other ? "a '" + other.EventType + "' event" : envelope.Data is null ? "null" : "a " + envelope.Data.GetType().Name)}.", parameterName);
        }

        if (!EventIds.IsWellFormed(envelope.EventId))
        {
            // The reader takes any non-empty id from other producers; this writer writes only ids such as EventIds.NewId makes.
            throw new ArgumentException($"The envelope's event id '{envelope.EventId}' is not 32 lowercase hex characters; this codec writes only ids made by EventIds.NewId (it reads any non-empty CloudEvents id).", parameterName);
        }

        if (envelope.StoreId is not null && _storeIds is not null && !_storeIds.IsValid(envelope.StoreId))
        {
            _storeIds.Validate(envelope.StoreId, parameterName);
        }

        string? wrapper = payload?.Wrapper;
        if (payload is not null && string.IsNullOrEmpty(wrapper))
        {
            throw new ArgumentException("The payload's wrapper is null or empty.", parameterName);
        }

        writer.WriteStartObject();
        writer.WriteString(s_specVersion, s_specVersionValue);
        writer.WriteString(s_id, envelope.EventId);
        writer.WriteString(s_source, SourceOf(envelope.Node, parameterName));
        writer.WriteString(s_type, info.Type);
        writer.WriteString(s_time, envelope.Timestamp);
        writer.WriteString(s_dataContentType, s_json);
        if (envelope.StoreId is not null)
        {
            writer.WriteString(s_storeId, envelope.StoreId);
        }

        writer.WriteString(s_category, info.CategoryText);
        if (wrapper is not null)
        {
            writer.WriteString(s_wrapper, wrapper);
        }

        // Version 1 writes no attribute, so frames of unversioned events stay as they were before versions existed.
        if (info.DataVersion > 1)
        {
            writer.WriteNumber(s_dataVersion, info.DataVersion);
        }

        WriteTraceContext(writer, envelope);
        writer.WritePropertyName(s_data);
        try
        {
            WriteData(data, writer);
        }
        catch (CodecWriteException ex)
        {
            throw new ArgumentException($"Cannot write event '{eventType}': {ex.Message}", parameterName, ex);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// The creation context: the envelope's own (checked when it was set), else the current activity's when it has a W3C id.
    /// An activity's <c>tracestate</c> is set by code that does not check it, so a malformed one is left out.
    /// </summary>
    private static void WriteTraceContext(Utf8JsonWriter writer, IEventEnvelope envelope)
    {
        string? traceParent = envelope.TraceParent;
        string? traceState;
        if (traceParent is not null)
        {
            traceState = envelope.TraceState;
        }
        else
        {
            Activity? current = Activity.Current;
            if (current is null || current.IdFormat != ActivityIdFormat.W3C)
            {
                return;
            }

            traceParent = current.Id!;
            traceState = current.TraceStateString;
            if (traceState is not null && (traceState.Length == 0 || TraceContextRules.TraceStateProblem(traceState) is not null))
            {
                traceState = null;
            }
        }

        writer.WriteString(s_traceParent, traceParent);
        if (traceState is not null)
        {
            writer.WriteString(s_traceState, traceState);
        }
    }

    private string SourceOf(string node, string parameterName)
    {
        SourceCache? last = _lastSource;
        if (last is not null && ReferenceEquals(last.Node, node))
        {
            return last.Source;
        }

        if (string.IsNullOrEmpty(node))
        {
            throw new ArgumentException("The envelope's node is null or empty; the source attribute would name no node.", parameterName);
        }

        string source = CloudEventSource.FromNode(node);
        _lastSource = new SourceCache(node, source);
        return source;
    }

    private sealed class EventInfo
    {
        public EventInfo(string eventType, string category, JsonEncodedText type, JsonEncodedText categoryText, int dataVersion)
        {
            DataVersion = dataVersion;
            EventType = eventType;
            Category = category;
            Type = type;
            CategoryText = categoryText;
        }

        public string EventType { get; }

        public string Category { get; }

        public JsonEncodedText Type { get; }

        public JsonEncodedText CategoryText { get; }

        /// <summary>The event's current data version: written when above 1, the highest read.</summary>
        public int DataVersion { get; }
    }

    private sealed class SourceCache
    {
        public SourceCache(string node, string source)
        {
            Node = node;
            Source = source;
        }

        public string Node { get; }

        public string Source { get; }
    }
}
