using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EventCatalog.Contract;

namespace EventCatalog.Codecs;

/// <summary>
/// The read side of the codec: one frame is read in phases over one attribute table (<see cref="CloudEventAttributes"/>, as
/// cloudevents/sdk-csharp keeps its <c>CloudEventAttribute</c>s), in one pass over the bytes and never throwing for input:
/// <list type="number">
/// <item><description>scan: each member is matched to its row, refused when given twice, and read by its row's type (String,
/// URI-reference, Timestamp, Integer, the JSON data, refused binary data; JSON <c>null</c> is absent for an optional attribute;
/// a lenient one, the W3C Trace Context, is dropped rather than failing the event); unknown members are skipped within the limits;</description></item>
/// <item><description>required: the first required row the frame lacks is reported;</description></item>
/// <item><description>resolve: the values against each other and the catalog (id, source, type prefix and event, category, store id,
/// wrapper, data version), then the generated part reads <c>data</c>.</description></item>
/// </list>
/// </summary>
public abstract partial class CatalogCodec
{
    private static readonly byte[][] s_attributeUtf8 = Array.ConvertAll(CloudEventAttributes.All, a => Encoding.UTF8.GetBytes(a.Name));
    private static readonly byte[] s_emptyObject = { (byte)'{', (byte)'}' };

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

        // Phase 1: scan every member once.
        var frame = new FrameRead { DataVersion = 1, DataStart = -1 };
        EventReadResult? failure = ScanAttributes(ref reader, ref frame, root, baseDepth);
        if (failure is not null)
        {
            return failure;
        }

        // Anything after the event's closing brace (other than white space) makes the reader throw: not one JSON value.
        reader.Read();

        // Phase 2: the required attributes, in the table's order.
        foreach (CloudEventAttribute attribute in CloudEventAttributes.All)
        {
            if (attribute.Required && !frame.Has(attribute))
            {
                return Malformed(root + "." + attribute.Name + ": missing required attribute");
            }
        }

        // Phase 3: the values against each other and the catalog, then the data.
        return Resolve(utf8, ref frame, root, baseDepth);
    }

    /// <summary>Phase 1: reads the members up to the event's closing brace; a failure ends the read.</summary>
    private EventReadResult? ScanAttributes(ref Utf8JsonReader reader, ref FrameRead frame, string root, int baseDepth)
    {
        while (true)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return null;
            }

            int nameLength = JsonLimits.TokenLength(ref reader);
            if (nameLength > Options.MaxStringBytes)
            {
                return Malformed(root + ": " + JsonLimits.TooLong(nameLength, Options.MaxStringBytes) + " (a property name)");
            }

            int ordinal = EventDataReader.Match(ref reader, s_attributeUtf8);
            EventReadResult? failure;
            if (ordinal < 0)
            {
                // An extension attribute this codec does not know (or subject, dataschema): ignored, its value checked against the limits.
                string name = reader.GetString()!;
                reader.Read();
                string? problem = JsonLimits.SkipChecked(ref reader, Options.MaxDepth, Options.MaxStringBytes, baseDepth, out string inner);
                failure = problem is null ? null : Malformed(root + "." + name + inner + ": " + problem);
            }
            else
            {
                CloudEventAttribute attribute = CloudEventAttributes.All[ordinal];
                failure = attribute.Lenient ? ReadLenient(ref reader, attribute, ref frame, root, baseDepth) : ReadAttribute(ref reader, attribute, ref frame, root, baseDepth);
            }

            if (failure is not null)
            {
                return failure;
            }
        }
    }

    /// <summary>A lenient attribute (the W3C Trace Context): a bad value, or a second one, is dropped and reported; only the frame limits still apply.</summary>
    private EventReadResult? ReadLenient(ref Utf8JsonReader reader, CloudEventAttribute attribute, ref FrameRead frame, string root, int baseDepth)
    {
        bool again = frame.Mark(attribute);
        reader.Read();
        string? limit = frame.Trace.Read(ref reader, attribute, again, Options, baseDepth, out string inner);
        return limit is null ? null : Malformed(root + "." + attribute.Name + inner + ": " + limit);
    }

    /// <summary>One attribute by its row: at most once, then by its type; the value is kept in <paramref name="frame"/>.</summary>
    private EventReadResult? ReadAttribute(ref Utf8JsonReader reader, CloudEventAttribute attribute, ref FrameRead frame, string root, int baseDepth)
    {
        // The path is built only for a problem: this runs for every attribute of every frame.
        string At() => root + "." + attribute.Name;
        if (frame.Mark(attribute))
        {
            return Malformed(At() + ": duplicate property");
        }

        reader.Read();
        if (attribute.Type == CloudEventAttributeType.Binary)
        {
            return Malformed(At() + ": binary data is not supported; a catalog event's data is JSON in 'data'");
        }

        if (reader.TokenType == JsonTokenType.Null && !attribute.Required)
        {
            // The JSON format reads null as an absent attribute.
            return null;
        }

        switch (attribute.Type)
        {
            case CloudEventAttributeType.Json:
                return ReadDataMember(ref reader, ref frame, root, attribute.Name, baseDepth);
            case CloudEventAttributeType.Integer:
                // A CloudEvents Integer is a JSON number from -2^31 to 2^31-1; a data version is one from 1.
                if (reader.TokenType != JsonTokenType.Number)
                {
                    return Malformed(At() + ": expected a positive integer (the data version), found " + JsonLimits.Describe(reader.TokenType));
                }

                return reader.TryGetInt32(out frame.DataVersion) && frame.DataVersion >= 1
                    ? null
                    : Malformed(At() + ": expected a positive integer (the data version), found " + JsonLimits.Excerpt(ref reader));
        }

        // String, URI-reference and Timestamp are JSON strings.
        if (reader.TokenType != JsonTokenType.String)
        {
            return Malformed(At() + ": expected a string, found " + JsonLimits.Describe(reader.TokenType));
        }

        int length = JsonLimits.TokenLength(ref reader);
        if (length > Options.MaxStringBytes)
        {
            return Malformed(At() + ": " + JsonLimits.TooLong(length, Options.MaxStringBytes));
        }

        return ReadString(ref reader, attribute.Member, ref frame, root, attribute.Name);
    }

    /// <summary><c>data</c>: an object, kept as the span the generated reader reads in phase 3; anything else is reported once the event is known.</summary>
    private EventReadResult? ReadDataMember(ref Utf8JsonReader reader, ref FrameRead frame, string root, string name, int baseDepth)
    {
        string At() => root + "." + name;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            // Reported once the type is known, so that the result names the event.
            frame.DataProblem = At() + ": expected an object, found " + JsonLimits.Describe(reader.TokenType);
            string? skipProblem = JsonLimits.SkipChecked(ref reader, Options.MaxDepth, Options.MaxStringBytes, baseDepth, out string skipped);
            return skipProblem is null ? null : Malformed(At() + skipped + ": " + skipProblem);
        }

        frame.DataStart = (int)reader.TokenStartIndex;

        // Strings inside data are checked by the data reader, which knows their path.
        string? problem = JsonLimits.SkipChecked(ref reader, Options.MaxDepth, int.MaxValue, baseDepth, out string inner);
        if (problem is not null)
        {
            return Malformed(At() + inner + ": " + problem);
        }

        frame.DataLength = (int)reader.BytesConsumed - frame.DataStart;
        return null;
    }

    /// <summary>The value of a string attribute, read as its member needs (compared with what was read before where that saves a decode).</summary>
    private EventReadResult? ReadString(ref Utf8JsonReader reader, CloudEventMember member, ref FrameRead frame, string root, string name)
    {
        string At() => root + "." + name;
        switch (member)
        {
            case CloudEventMember.SpecVersion:
                return reader.ValueTextEquals(CloudEventAttributes.SpecVersionValue)
                    ? null
                    : Malformed(At() + ": expected '1.0', found '" + JsonLimits.Excerpt(ref reader) + "'");
            case CloudEventMember.Id:
                frame.Id = reader.GetString();
                return null;
            case CloudEventMember.Source:
            {
                ReadCache? cached = _lastReadSource;
                if (cached is not null && reader.ValueTextEquals(cached.Utf8))
                {
                    frame.Source = CachedSourceMarker;
                    frame.Node = cached.Value;
                }
                else
                {
                    frame.Source = reader.GetString();
                }

                return null;
            }

            case CloudEventMember.Type:
            {
                // Most frames carry the type of the frame before: compared as bytes, not decoded and looked up again.
                EventInfo? last = _lastReadType;
                if (last is not null && reader.ValueTextEquals(last.Type.EncodedUtf8Bytes))
                {
                    frame.Type = last.Type.Value;
                    frame.TypeInfo = last;
                    return null;
                }

                frame.Type = reader.GetString();
                if (frame.Type is not null && _byType.TryGetValue(frame.Type, out EventInfo? known))
                {
                    frame.TypeInfo = known;
                    _lastReadType = known;
                }

                return null;
            }

            case CloudEventMember.Time:
            {
                Span<byte> buffer = stackalloc byte[64];
                if (!EventDataReader.TryCopyShort(ref reader, buffer, out int timeLength))
                {
                    return Malformed(At() + ": expected an RFC 3339 date-time, found a long string");
                }

                return WireText.TryParseTimestamp(buffer.Slice(0, timeLength), out frame.Time, out string? problem) ? null : Malformed(At() + ": " + problem);
            }

            case CloudEventMember.DataContentType:
            {
                // What this codec writes, compared without a string; any other value is read and checked.
                if (reader.ValueTextEquals(s_json.EncodedUtf8Bytes))
                {
                    return null;
                }

                string contentType = reader.GetString()!;
                return EventCatalog.Contract.JsonMediaType.Is(contentType)
                    ? null
                    : Malformed(At() + ": expected a JSON media type ('application/json', '…/json' or '…/…+json'), found '" + Short(contentType) + "'");
            }

            case CloudEventMember.StoreId:
            {
                ReadCache? cached = _lastReadStoreId;
                if (cached is not null && reader.ValueTextEquals(cached.Utf8))
                {
                    frame.StoreId = cached.Value;
                    frame.StoreIdChecked = true;
                }
                else
                {
                    frame.StoreId = reader.GetString();
                }

                return null;
            }

            case CloudEventMember.Category:
                // The frames this codec writes name the type first: then the category is compared, not read.
                EventInfo? typeInfo = frame.TypeInfo;
                frame.Category = typeInfo is not null && reader.ValueTextEquals(typeInfo.CategoryText.EncodedUtf8Bytes) ? typeInfo.Category : reader.GetString();
                return null;
            case CloudEventMember.Wrapper:
            {
                // Frames of one event type carry one wrapper: compared with the last one's bytes, not decoded again.
                ReadCache? cached = _lastReadWrapper;
                if (cached is not null && reader.ValueTextEquals(cached.Utf8))
                {
                    frame.Wrapper = cached.Value;
                    return null;
                }

                frame.Wrapper = reader.GetString();
                if (frame.Wrapper is { Length: > 0 and <= 256 } wrapper)
                {
                    _lastReadWrapper = new ReadCache(Encoding.UTF8.GetBytes(wrapper), wrapper);
                }

                return null;
            }

            default:
                return null;
        }
    }

    /// <summary>Phase 3: the attributes read, checked against each other and the catalog; then the generated part reads the data.</summary>
    private EventReadResult Resolve(ReadOnlySpan<byte> utf8, ref FrameRead frame, string root, int baseDepth)
    {
        // CloudEvents 1.0: the id is any non-empty String. Ours are 32 hex characters; other producers' (a hyphenated UUID from
        // the C# SDK, the spec's "A234-1234-1234") are kept as they are. The String type excludes control characters.
        string? idProblem = CheckForeignId(frame.Id!);
        if (idProblem is not null)
        {
            return Malformed(root + ".id: " + idProblem);
        }

        string? node = frame.Node;
        if (!ReferenceEquals(frame.Source, CachedSourceMarker))
        {
            if (!CloudEventSource.TryGetNode(frame.Source, out node, out string? sourceProblem))
            {
                return Malformed(root + ".source: " + sourceProblem);
            }

            _lastReadSource = new ReadCache(Encoding.UTF8.GetBytes(frame.Source!), node!);
        }

        string type = frame.Type!;
        if (!type.StartsWith(TypePrefix, StringComparison.Ordinal))
        {
            return EventReadResult.Failed(EventReadStatus.UnknownType, $"{root}.type: '{Short(type)}' does not start with this catalog's type prefix '{TypePrefix}'", type);
        }

        EventInfo? info = frame.TypeInfo;
        if (info is null)
        {
            string unknown = type.Substring(TypePrefix.Length);
            return EventReadResult.Failed(EventReadStatus.UnknownType, $"{root}.type: '{Short(type)}' is not an event type of this catalog", unknown);
        }

        string eventType = info.EventType;
        if (frame.Category is not null && !string.Equals(frame.Category, info.Category, StringComparison.Ordinal))
        {
            return Malformed($"{root}.category: '{Short(frame.Category)}' is not the category of event '{eventType}' (it is '{info.Category}')", eventType);
        }

        string? storeId = frame.StoreId;
        if (storeId is not null && !frame.StoreIdChecked)
        {
            if (_storeIds is not null && !_storeIds.IsValid(storeId))
            {
                return Malformed($"{root}.storeid: '{Short(storeId)}' is not a valid store id for the topic template '{_storeIds.Template}'", eventType);
            }

            _lastReadStoreId = new ReadCache(Encoding.UTF8.GetBytes(storeId), storeId);
        }

        if (frame.Wrapper is not null && frame.Wrapper.Length == 0)
        {
            return Malformed(root + ".wrapper: empty", eventType);
        }

        if (frame.DataProblem is not null)
        {
            return Malformed(frame.DataProblem, eventType);
        }

        if (frame.DataVersion > info.DataVersion)
        {
            return EventReadResult.Failed(
                EventReadStatus.UnknownVersion,
                $"{root}.dataversion: version {frame.DataVersion.ToString(CultureInfo.InvariantCulture)} of event '{eventType}' is newer than this catalog's (version {info.DataVersion.ToString(CultureInfo.InvariantCulture)}); the node that wrote it runs a later catalog",
                eventType);
        }

        TraceRead trace = frame.Trace;
        var header = trace.Any
            ? new CloudEventHeader(frame.Id!, eventType, storeId, node!, frame.Time, frame.Wrapper, frame.DataVersion, trace.TraceParent, trace.TraceState, trace.Problem(root))
            : new CloudEventHeader(frame.Id!, eventType, storeId, node!, frame.Time, frame.Wrapper, frame.DataVersion);
        ReadOnlySpan<byte> data = frame.DataStart < 0 ? s_emptyObject : utf8.Slice(frame.DataStart, frame.DataLength);
        var dataReader = new EventDataReader(data, Options, baseDepth + 1, root, eventType);
        return ReadData(eventType, ref dataReader, in header);
    }

    /// <summary>
    /// What phase 1 read of one frame: the set of attributes seen (a bit per row of <see cref="CloudEventAttributes.All"/>) and
    /// each attribute's value. <see cref="Time"/> stays <see cref="DateTimeOffset.MinValue"/> when the frame has no time
    /// (optional in CloudEvents).
    /// </summary>
    private struct FrameRead
    {
        public string? Id;
        public string? Source;
        public string? Node;
        public string? Type;
        public EventInfo? TypeInfo;
        public string? StoreId;
        public bool StoreIdChecked;
        public string? Category;
        public string? Wrapper;
        public DateTimeOffset Time;
        public int DataVersion;
        public int DataStart;
        public int DataLength;
        public string? DataProblem;
        public TraceRead Trace;
        private int _seen;

        public readonly bool Has(CloudEventAttribute attribute) => (_seen & (1 << attribute.Ordinal)) != 0;

        /// <summary>Marks <paramref name="attribute"/> seen; true when it already was (given twice).</summary>
        public bool Mark(CloudEventAttribute attribute)
        {
            bool again = Has(attribute);
            _seen |= 1 << attribute.Ordinal;
            return again;
        }
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
        public string? Read(ref Utf8JsonReader reader, CloudEventAttribute attribute, bool again, EventCodecOptions options, int baseDepth, out string inner)
        {
            inner = string.Empty;
            bool parent = attribute.Member == CloudEventMember.TraceParent;
            string name = attribute.Name;
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
