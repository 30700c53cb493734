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
public abstract class CatalogCodec : IEventCodec
{
    private const int SpecVersion = 0;
    private const int Id = 1;
    private const int Source = 2;
    private const int Type = 3;
    private const int Time = 4;
    private const int DataContentType = 5;
    private const int StoreId = 6;
    private const int Category = 7;
    private const int Wrapper = 8;
    private const int Data = 9;
    private const int DataBase64 = 10;
    private const int DataVersion = 11;
    private const int TraceParent = 12;
    private const int TraceState = 13;

    private static readonly string[] s_attributeNames =
    {
        CloudEventNames.SpecVersion, CloudEventNames.Id, CloudEventNames.Source, CloudEventNames.Type, CloudEventNames.Time,
        CloudEventNames.DataContentType, CloudEventNames.StoreIdExtension, CloudEventNames.CategoryExtension,
        CloudEventNames.WrapperExtension, CloudEventNames.Data, CloudEventNames.DataBase64, CloudEventNames.DataVersionExtension,
        CloudEventNames.TraceParentExtension, CloudEventNames.TraceStateExtension,
    };

    private static readonly byte[][] s_attributeUtf8 = Array.ConvertAll(s_attributeNames, Encoding.UTF8.GetBytes);
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
    private static readonly byte[] s_emptyObject = { (byte)'{', (byte)'}' };

    private readonly Dictionary<string, EventInfo> _events;

    // The same events by their full CloudEvents type (prefix included), so that a read finds its event with the
    // one string it reads, without cutting the prefix off into a second one.
    private readonly Dictionary<string, EventInfo> _byType;
    private readonly StoreIdRules? _storeIds;

    // The last source and store id read, as UTF-8 with their decoded value: a node mostly reads frames of the same
    // few nodes and stores, so the common frame costs a byte comparison instead of a decode and an allocation.
    private ReadCache? _lastReadSource;
    private ReadCache? _lastReadStoreId;

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

    private EventReadResult ReadGuarded(ReadOnlySpan<byte> utf8, string root, int baseDepth)
    {
        try
        {
            return ReadEvent(utf8, root, baseDepth);
        }
        catch (JsonException ex)
        {
            return EventReadResult.Failed(EventReadStatus.Malformed, root + ": not valid JSON: " + ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader's Get… methods throw this for text they cannot turn into a value.
            return EventReadResult.Failed(EventReadStatus.Malformed, root + ": unreadable value: " + ex.Message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Read never throws for input; anything else is a codec defect, reported rather than thrown (the hostile-input tests count these: there must be none).
            return EventReadResult.Failed(EventReadStatus.Malformed, root + ": internal error " + ex.GetType().Name + ": " + ex.Message);
        }
    }

    private EventReadResult ReadEvent(ReadOnlySpan<byte> utf8, string root, int baseDepth)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = Options.MaxDepth + 2 });
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Malformed(root + ": expected an object (a CloudEvent), found " + JsonLimits.Describe(reader.TokenType));
        }

        int seen = 0;
        string? id = null, source = null, type = null, storeId = null, category = null, wrapper = null, node = null;
        EventInfo? typeInfo = null;
        bool storeIdChecked = false;
        int dataVersion = 1;
        DateTimeOffset time = DateTimeOffset.MinValue; // what Timestamp holds when the frame has no time (optional in CloudEvents)
        int dataStart = -1, dataLength = 0;
        string? dataProblem = null;
        TraceRead trace = default;
        while (true)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            int nameLength = JsonLimits.TokenLength(ref reader);
            if (nameLength > Options.MaxStringBytes)
            {
                return Malformed(root + ": " + JsonLimits.TooLong(nameLength, Options.MaxStringBytes) + " (a property name)");
            }

            int attribute = EventDataReader.Match(ref reader, s_attributeUtf8);
            if (attribute < 0)
            {
                // An extension attribute this codec does not know (or subject, dataschema): ignored, its value checked against the limits.
                string name = reader.GetString()!;
                reader.Read();
                string? problem = JsonLimits.SkipChecked(ref reader, Options.MaxDepth, Options.MaxStringBytes, baseDepth, out string inner);
                if (problem is not null)
                {
                    return Malformed(root + "." + name + inner + ": " + problem);
                }

                continue;
            }

            if (attribute is TraceParent or TraceState)
            {
                // Never fails the event: a bad value (or a second one) is dropped and reported; only the frame limits still apply.
                bool again = (seen & (1 << attribute)) != 0;
                seen |= 1 << attribute;
                reader.Read();
                string? limit = trace.Read(ref reader, attribute == TraceParent, again, Options, baseDepth, out string inner);
                if (limit is not null)
                {
                    return Malformed(root + "." + s_attributeNames[attribute] + inner + ": " + limit);
                }

                continue;
            }

            string at = root + "." + s_attributeNames[attribute];
            if ((seen & (1 << attribute)) != 0)
            {
                return Malformed(at + ": duplicate property");
            }

            seen |= 1 << attribute;
            reader.Read();
            if (attribute == Data)
            {
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    // Reported once the type is known, so that the result names the event.
                    dataProblem = at + ": expected an object, found " + JsonLimits.Describe(reader.TokenType);
                    string? skipProblem = JsonLimits.SkipChecked(ref reader, Options.MaxDepth, Options.MaxStringBytes, baseDepth, out string skipped);
                    if (skipProblem is not null)
                    {
                        return Malformed(at + skipped + ": " + skipProblem);
                    }

                    continue;
                }

                dataStart = (int)reader.TokenStartIndex;

                // Strings inside data are checked by the data reader, which knows their path.
                string? problem = JsonLimits.SkipChecked(ref reader, Options.MaxDepth, int.MaxValue, baseDepth, out string inner);
                if (problem is not null)
                {
                    return Malformed(at + inner + ": " + problem);
                }

                dataLength = (int)reader.BytesConsumed - dataStart;
                continue;
            }

            if (attribute == DataBase64)
            {
                return Malformed(at + ": binary data is not supported; a catalog event's data is JSON in 'data'");
            }

            if (attribute == DataVersion)
            {
                // A CloudEvents Integer is a JSON number from -2^31 to 2^31-1; a data version is one from 1. Null is absent (version 1), as for the other extensions.
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                if (reader.TokenType != JsonTokenType.Number)
                {
                    return Malformed(at + ": expected a positive integer (the data version), found " + JsonLimits.Describe(reader.TokenType));
                }

                if (!reader.TryGetInt32(out dataVersion) || dataVersion < 1)
                {
                    return Malformed(at + ": expected a positive integer (the data version), found " + JsonLimits.Excerpt(ref reader));
                }

                continue;
            }

            if (reader.TokenType == JsonTokenType.Null && attribute is StoreId or Category or Wrapper or DataContentType or Time)
            {
                continue;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                return Malformed(at + ": expected a string, found " + JsonLimits.Describe(reader.TokenType));
            }

            int length = JsonLimits.TokenLength(ref reader);
            if (length > Options.MaxStringBytes)
            {
                return Malformed(at + ": " + JsonLimits.TooLong(length, Options.MaxStringBytes));
            }

            switch (attribute)
            {
                case SpecVersion:
                    if (!reader.ValueTextEquals(CloudEventNames.SpecVersionValue))
                    {
                        return Malformed(at + ": expected '1.0', found '" + JsonLimits.Excerpt(ref reader) + "'");
                    }

                    break;
                case Id:
                    id = reader.GetString();
                    break;
                case Source:
                {
                    ReadCache? cached = _lastReadSource;
                    if (cached is not null && reader.ValueTextEquals(cached.Utf8))
                    {
                        source = CachedSourceMarker;
                        node = cached.Value;
                    }
                    else
                    {
                        source = reader.GetString();
                    }

                    break;
                }

                case Type:
                    type = reader.GetString();
                    if (type is not null && _byType.TryGetValue(type, out EventInfo? known))
                    {
                        typeInfo = known;
                    }

                    break;
                case Time:
                {
                    Span<byte> buffer = stackalloc byte[64];
                    if (!EventDataReader.TryCopyShort(ref reader, buffer, out int timeLength))
                    {
                        return Malformed(at + ": expected an RFC 3339 date-time, found a long string");
                    }

                    if (!WireText.TryParseTimestamp(buffer.Slice(0, timeLength), out time, out string? problem))
                    {
                        return Malformed(at + ": " + problem);
                    }

                    break;
                }

                case DataContentType:
                    string contentType = reader.GetString()!;
                    if (!EventCatalog.Contract.JsonMediaType.Is(contentType))
                    {
                        return Malformed(at + ": expected a JSON media type ('application/json', '…/json' or '…/…+json'), found '" + Short(contentType) + "'");
                    }

                    break;
                case StoreId:
                {
                    ReadCache? cached = _lastReadStoreId;
                    if (cached is not null && reader.ValueTextEquals(cached.Utf8))
                    {
                        storeId = cached.Value;
                        storeIdChecked = true;
                    }
                    else
                    {
                        storeId = reader.GetString();
                    }

                    break;
                }

                case Category:
                    // The frames this codec writes name the type first: then the category is compared, not read.
                    category = typeInfo is not null && reader.ValueTextEquals(typeInfo.CategoryText.EncodedUtf8Bytes) ? typeInfo.Category : reader.GetString();
                    break;
                case Wrapper:
                    wrapper = reader.GetString();
                    break;
            }
        }

        // Anything after the event's closing brace (other than white space) makes the reader throw: not one JSON value.
        reader.Read();

        string? missing =
            (seen & (1 << SpecVersion)) == 0 ? CloudEventNames.SpecVersion
            : id is null ? CloudEventNames.Id
            : source is null ? CloudEventNames.Source
            : type is null ? CloudEventNames.Type
            : null;
        if (missing is not null)
        {
            return Malformed(root + "." + missing + ": missing required attribute");
        }

        // CloudEvents 1.0: the id is any non-empty String. Ours are 32 hex characters; other producers' (a hyphenated UUID from
        // the C# SDK, the spec's "A234-1234-1234") are kept as they are. The String type excludes control characters.
        string? idProblem = CheckForeignId(id!);
        if (idProblem is not null)
        {
            return Malformed(root + ".id: " + idProblem);
        }

        if (!ReferenceEquals(source, CachedSourceMarker))
        {
            if (!CloudEventSource.TryGetNode(source, out node, out string? sourceProblem))
            {
                return Malformed(root + ".source: " + sourceProblem);
            }

            _lastReadSource = new ReadCache(Encoding.UTF8.GetBytes(source!), node!);
        }

        if (!type!.StartsWith(TypePrefix, StringComparison.Ordinal))
        {
            return EventReadResult.Failed(EventReadStatus.UnknownType, $"{root}.type: '{Short(type)}' does not start with this catalog's type prefix '{TypePrefix}'", type);
        }

        EventInfo? info = typeInfo;
        if (info is null)
        {
            string unknown = type.Substring(TypePrefix.Length);
            return EventReadResult.Failed(EventReadStatus.UnknownType, $"{root}.type: '{Short(type)}' is not an event type of this catalog", unknown);
        }

        string eventType = info.EventType;

        if (category is not null && !string.Equals(category, info.Category, StringComparison.Ordinal))
        {
            return Malformed($"{root}.category: '{Short(category)}' is not the category of event '{eventType}' (it is '{info.Category}')", eventType);
        }

        if (storeId is not null && !storeIdChecked)
        {
            if (_storeIds is not null && !_storeIds.IsValid(storeId))
            {
                return Malformed($"{root}.storeid: '{Short(storeId)}' is not a valid store id for the topic template '{_storeIds.Template}'", eventType);
            }

            _lastReadStoreId = new ReadCache(Encoding.UTF8.GetBytes(storeId), storeId);
        }

        if (wrapper is not null && wrapper.Length == 0)
        {
            return Malformed(root + ".wrapper: empty", eventType);
        }

        if (dataProblem is not null)
        {
            return Malformed(dataProblem, eventType);
        }

        if (dataVersion > info.DataVersion)
        {
            return EventReadResult.Failed(
                EventReadStatus.UnknownVersion,
                $"{root}.dataversion: version {dataVersion.ToString(CultureInfo.InvariantCulture)} of event '{eventType}' is newer than this catalog's (version {info.DataVersion.ToString(CultureInfo.InvariantCulture)}); the node that wrote it runs a later catalog",
                eventType);
        }

        var header = trace.Any
            ? new CloudEventHeader(id!, eventType, storeId, node!, time, wrapper, dataVersion, trace.TraceParent, trace.TraceState, trace.Problem(root))
            : new CloudEventHeader(id!, eventType, storeId, node!, time, wrapper, dataVersion);
        ReadOnlySpan<byte> data = dataStart < 0 ? s_emptyObject : utf8.Slice(dataStart, dataLength);
        var dataReader = new EventDataReader(data, Options, baseDepth + 1, root, eventType);
        return ReadData(eventType, ref dataReader, in header);
    }

    /// <summary>
    /// The <c>traceparent</c> and <c>tracestate</c> of a frame as they are read: kept when well-formed, else dropped with the first problem
    /// (a <c>tracestate</c> is kept only beside a kept <c>traceparent</c>, as W3C Trace Context says). Each dropped attribute is counted.
    /// </summary>
    private struct TraceRead
    {
        private string? _traceParent;
        private string? _traceState;
        private string? _problem;
        private string? _problemAttribute;
        private bool _parentBad;
        private bool _stateBad;

        public readonly bool Any => _traceParent is not null || _problem is not null;

        public readonly string? TraceParent => _parentBad ? null : _traceParent;

        public readonly string? TraceState => _parentBad || _stateBad || _traceParent is null ? null : _traceState;

        public readonly string? Problem(string root) => _problem is null ? null : root + "." + _problemAttribute + ": ignored: " + _problem;

        /// <summary>Reads one attribute's value; returns a frame-limit problem (the frame is malformed) or null.</summary>
        public string? Read(ref Utf8JsonReader reader, bool parent, bool again, EventCodecOptions options, int baseDepth, out string inner)
        {
            inner = string.Empty;
            string name = parent ? CloudEventNames.TraceParentExtension : CloudEventNames.TraceStateExtension;
            string? problem;
            string? value = null;
            if (reader.TokenType == JsonTokenType.String)
            {
                int length = JsonLimits.TokenLength(ref reader);
                if (length > options.MaxStringBytes)
                {
                    return JsonLimits.TooLong(length, options.MaxStringBytes);
                }

                value = reader.GetString()!;
                problem = again ? "given twice"
                    : parent ? TraceContextRules.TraceParentProblem(value)
                    : TraceContextRules.TraceStateProblem(value);
            }
            else if (reader.TokenType == JsonTokenType.Null && !again)
            {
                // JSON null is an absent attribute (the CloudEvents JSON format).
                return null;
            }
            else
            {
                JsonTokenType found = reader.TokenType;
                string? limit = JsonLimits.SkipChecked(ref reader, options.MaxDepth, options.MaxStringBytes, baseDepth, out inner);
                if (limit is not null)
                {
                    return limit;
                }

                problem = again ? "given twice" : "expected a string, found " + JsonLimits.Describe(found);
            }

            if (problem is null)
            {
                if (parent)
                {
                    _traceParent = value;
                }
                else
                {
                    _traceState = value;
                }

                return null;
            }

            if (parent)
            {
                _parentBad = true;
            }
            else
            {
                _stateBad = true;
            }

            _problem ??= problem;
            _problemAttribute ??= name;
            CodecTelemetry.Ignored(name);
            return null;
        }
    }


    /// <summary>Why a read <c>id</c> is not a CloudEvents id (null when it is one): empty, or holding a control character.</summary>
    internal static string? CheckForeignId(string id)
    {
        if (id.Length == 0)
        {
            return "empty (a CloudEvents id is a non-empty string)";
        }

        for (int i = 0; i < id.Length; i++)
        {
            char c = id[i];
            if (c < ' ' || (c >= '\u007F' && c <= '\u009F'))
            {
                return "'" + Short(id).Replace(c, '?') + "' holds the control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
                    + " at index " + i.ToString(CultureInfo.InvariantCulture) + " (a CloudEvents String has none)";
            }
        }

        return null;
    }

    /// <summary>Stands for a source read from <see cref="_lastReadSource"/>: the node is already decoded.</summary>
    private static readonly string CachedSourceMarker = new('s', 1);

    private static EventReadResult Malformed(string error, string? eventType = null) => EventReadResult.Failed(EventReadStatus.Malformed, error, eventType);

    private static string Short(string text) => text.Length <= 80 ? text : text.Substring(0, 80) + "…";

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

    /// <summary>A value read before, as the UTF-8 text it came as and what it decoded to (an immutable pair, swapped whole).</summary>
    private sealed class ReadCache
    {
        public ReadCache(byte[] utf8, string value)
        {
            Utf8 = utf8;
            Value = value;
        }

        public byte[] Utf8 { get; }

        public string Value { get; }
    }
}
