using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace EventCatalog.Codecs;

/// <summary>
/// Reads an event's <c>data</c> object for generated codecs: one method per catalog field type, each at the
/// current JSON token, each returning false with the problem and the JSON path below <c>$.data</c> instead of throwing.
/// Limits (depth, string length) come from the codec's <see cref="EventCodecOptions"/>.
/// </summary>
/// <remarks>Generated code uses it; it is hidden from IntelliSense. Every <c>Read…</c> method starts at the value's first token and leaves the reader at its last token.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct EventDataReader
{
    private Utf8JsonReader _json;
    private readonly int _maxDepth;
    private readonly int _maxStringBytes;
    private readonly int _depthOffset;
    private readonly string _root;
    private readonly string _eventType;
    private string? _problem;
    private string _path;

    internal EventDataReader(ReadOnlySpan<byte> data, EventCodecOptions options, int depthOffset, string root, string eventType)
    {
        _json = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = options.MaxDepth + 1 });
        _maxDepth = options.MaxDepth;
        _maxStringBytes = options.MaxStringBytes;
        _depthOffset = depthOffset;
        _root = root;
        _eventType = eventType;
        _problem = null;
        _path = string.Empty;
        _json.Read();
    }

    /// <summary>True when the current token is JSON <c>null</c>.</summary>
    public readonly bool IsNull => _json.TokenType == JsonTokenType.Null;

    /// <summary>The failed read as a result: <see cref="EventReadStatus.Malformed"/> with <c>$.data</c>, the path and the problem.</summary>
    /// <returns>The result to return from <c>Read</c>.</returns>
    public readonly EventReadResult Failure() =>
        EventReadResult.Failed(EventReadStatus.Malformed, _root + ".data" + _path + ": " + (_problem ?? "unreadable"), _eventType);

    /// <summary>
    /// The result for a frame of an earlier data version whose upcast threw: the data was read into the record of
    /// <paramref name="fromVersion"/>, but the user's <c>Upcast</c> (SPEC §10) refused it. A receiving node must not crash on
    /// another node's event, so the exception becomes <see cref="EventReadStatus.Malformed"/> with <c>$.data</c> and what was thrown.
    /// </summary>
    /// <param name="fromVersion">The data version the frame carried.</param>
    /// <param name="toVersion">The event's current version.</param>
    /// <param name="exception">What the upcast threw.</param>
    /// <returns>A <see cref="EventReadStatus.Malformed"/> result, e.g. <c>$.data: the upcast of event 'cluster_joined' from data version 1 to 3 threw ArgumentException: …</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public readonly EventReadResult UpcastFailed(int fromVersion, int toVersion, Exception exception)
    {
        if (exception is null)
        {
            throw new ArgumentNullException(nameof(exception));
        }

        // The message is the upcaster's text, maybe built from the frame's data: bounded like the codec's other excerpts.
        string message = exception.Message.Length <= 200 ? exception.Message : exception.Message.Substring(0, 200) + "…";
        return EventReadResult.Failed(
            EventReadStatus.Malformed,
            _root + ".data: the upcast of event '" + _eventType + "' from data version " + fromVersion.ToString(CultureInfo.InvariantCulture)
                + " to " + toVersion.ToString(CultureInfo.InvariantCulture) + " threw " + exception.GetType().Name + ": " + message,
            _eventType);
    }

    /// <summary>Checks that the current token opens an object (within the depth limit).</summary>
    /// <returns>True when it does; false with the problem.</returns>
    public bool ReadObjectStart()
    {
        if (_json.TokenType != JsonTokenType.StartObject)
        {
            return Fail("expected an object, found " + JsonLimits.Describe(_json.TokenType));
        }

        return JsonLimits.Level(ref _json, _depthOffset) <= _maxDepth || Fail(JsonLimits.TooDeep(_maxDepth));
    }

    /// <summary>Moves to the next property of the current object, skipping (with the limits checked) those not in <paramref name="names"/>.</summary>
    /// <param name="names">The UTF-8 names of the properties the caller reads.</param>
    /// <returns>The index in <paramref name="names"/> of the property found, the reader at its value; -1 at the end of the object; -2 on a problem.</returns>
    public int NextProperty(byte[][] names)
    {
        while (true)
        {
            _json.Read();
            if (_json.TokenType == JsonTokenType.EndObject)
            {
                return -1;
            }

            int length = JsonLimits.TokenLength(ref _json);
            if (length > _maxStringBytes)
            {
                Fail(JsonLimits.TooLong(length, _maxStringBytes) + " (a property name)");
                return -2;
            }

            int index = Match(ref _json, names);
            if (index >= 0)
            {
                _json.Read();
                return index;
            }

            string name = _json.GetString() ?? string.Empty;
            _json.Read();
            string? problem = JsonLimits.SkipChecked(ref _json, _maxDepth, _maxStringBytes, _depthOffset, out string inner);
            if (problem is not null)
            {
                Fail(problem);
                InProperty(name + inner);
                return -2;
            }
        }
    }

    /// <summary>Records that property <paramref name="name"/> appeared twice.</summary>
    /// <param name="name">The property's name.</param>
    /// <returns>False, always.</returns>
    public bool Duplicate(string name)
    {
        Fail("duplicate property");
        return InProperty(name);
    }

    /// <summary>
    /// Marks a property as read, for generated readers: the first time sets <paramref name="seen"/> and returns true; a second
    /// time records a duplicate property and returns false, so that <c>if (!reader.Once(ref h0) || !reader.ReadString(out f0)) return reader.InProperty("name");</c>
    /// reports either problem at the property (as <see cref="Duplicate"/> followed by the name).
    /// </summary>
    /// <param name="seen">The property's flag: false until it is read.</param>
    /// <returns>True the first time; false (with the problem recorded) when the property was read before.</returns>
    public bool Once(ref bool seen)
    {
        if (seen)
        {
            Fail("duplicate property");
            return false;
        }

        seen = true;
        return true;
    }

    /// <summary>Records that the required field <paramref name="name"/> is absent.</summary>
    /// <param name="name">The field's name.</param>
    /// <returns>False, always.</returns>
    public bool Missing(string name)
    {
        Fail("missing required field");
        return InProperty(name);
    }

    /// <summary>Puts the problem inside property <paramref name="name"/> (prepends <c>.name</c>, or <c>['name']</c> for a name that is not plain, to the path).</summary>
    /// <param name="name">The property's name.</param>
    /// <returns>False, always, so that generated code can <c>return reader.InProperty("field");</c>.</returns>
    public bool InProperty(string name)
    {
        _path = (IsPlain(name) ? "." + name : "['" + name.Replace("\\", "\\\\").Replace("'", "\\'") + "']") + _path;
        return false;
    }

    /// <summary>Reads a JSON string.</summary>
    /// <param name="value">The string.</param>
    /// <returns>True when read; false with the problem (another JSON type, over the string limit).</returns>
    public bool ReadString(out string value)
    {
        value = null!;
        if (!IsShortString())
        {
            return false;
        }

        value = _json.GetString()!;
        return true;
    }

    /// <summary>True when the current token is a string within the string limit; else false with the problem.</summary>
    private bool IsShortString()
    {
        if (_json.TokenType != JsonTokenType.String)
        {
            return Expected("a string");
        }

        int length = JsonLimits.TokenLength(ref _json);
        return length <= _maxStringBytes || Fail(JsonLimits.TooLong(length, _maxStringBytes));
    }

    /// <summary>Reads a JSON <c>true</c> or <c>false</c>.</summary>
    /// <param name="value">The boolean.</param>
    /// <returns>True when read; false with the problem.</returns>
    public bool ReadBoolean(out bool value)
    {
        switch (_json.TokenType)
        {
            case JsonTokenType.True:
                value = true;
                return true;
            case JsonTokenType.False:
                value = false;
                return true;
            default:
                value = false;
                return Expected("a boolean");
        }
    }

    /// <summary>Reads a JSON number that is an integer in <see cref="int"/>'s range.</summary>
    /// <param name="value">The number.</param>
    /// <returns>True when read (also when written with a zero fraction or an exponent, <c>3.0</c>, <c>1e3</c>); false with the problem (not a number, a fraction, out of range).</returns>
    public bool ReadInt32(out int value)
    {
        value = 0;
        return _json.TokenType != JsonTokenType.Number ? Expected("a number")
            : _json.TryGetInt32(out value) || (TryGetIntegral(int.MinValue, int.MaxValue, out long integral) && (value = (int)integral) == integral)
                || Fail($"expected an integer from {int.MinValue} to {int.MaxValue}, found {JsonLimits.Excerpt(ref _json)}");
    }

    /// <summary>
    /// Reads an integer other producers write with a zero fraction or an exponent (<c>3.0</c>, <c>1e3</c>, <c>1.5E1</c>): JSON Schema's
    /// <c>integer</c> (and so the exported schema) is any number whose fraction is zero, and JavaScript and Python write some that way.
    /// </summary>
    private bool TryGetIntegral(long min, long max, out long value)
    {
        value = 0;
        if (!_json.TryGetDecimal(out decimal number) || decimal.Truncate(number) != number || number < min || number > max)
        {
            return false;
        }

        value = (long)number;
        return true;
    }

    /// <summary>Reads a JSON number that is an integer in <see cref="long"/>'s range.</summary>
    /// <param name="value">The number.</param>
    /// <returns>True when read (also when written with a zero fraction or an exponent, <c>3.0</c>, <c>1e3</c>); false with the problem (not a number, a fraction, out of range).</returns>
    public bool ReadInt64(out long value)
    {
        value = 0;
        return _json.TokenType != JsonTokenType.Number ? Expected("a number")
            : _json.TryGetInt64(out value) || TryGetIntegral(long.MinValue, long.MaxValue, out value)
                || Fail($"expected an integer from {long.MinValue} to {long.MaxValue}, found {JsonLimits.Excerpt(ref _json)}");
    }

    /// <summary>Reads a JSON number as a finite <see cref="double"/>.</summary>
    /// <param name="value">The number.</param>
    /// <returns>True when read; false with the problem (not a number, beyond double's range).</returns>
    public bool ReadDouble(out double value)
    {
        value = 0;
        if (_json.TokenType != JsonTokenType.Number)
        {
            return Expected("a number");
        }

        return (_json.TryGetDouble(out value) && !double.IsInfinity(value) && !double.IsNaN(value))
            || Fail($"the number {JsonLimits.Excerpt(ref _json)} is beyond the range of a double");
    }

    /// <summary>Reads a JSON number as a <see cref="decimal"/>, keeping its scale (<c>1.50</c> reads as 1.50m).</summary>
    /// <param name="value">The number.</param>
    /// <returns>True when read; false with the problem (not a number, beyond decimal's range).</returns>
    public bool ReadDecimal(out decimal value)
    {
        value = 0;
        return _json.TokenType != JsonTokenType.Number ? Expected("a number")
            : _json.TryGetDecimal(out value) || Fail($"the number {JsonLimits.Excerpt(ref _json)} is beyond the range of a decimal");
    }

    /// <summary>Reads a JSON string holding a GUID in the "D" form (<c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c>).</summary>
    /// <param name="value">The GUID.</param>
    /// <returns>True when read; false with the problem.</returns>
    public bool ReadGuid(out Guid value)
    {
        value = Guid.Empty;
        return _json.TokenType != JsonTokenType.String ? Expected("a string")
            : _json.TryGetGuid(out value) || Fail($"expected a GUID such as 0f8fad5b-d9cb-469f-a165-70867728950e, found \"{JsonLimits.Excerpt(ref _json)}\"");
    }

    /// <summary>Reads a JSON string holding an RFC 3339 date-time with its offset, which is kept.</summary>
    /// <param name="value">The timestamp, with the offset written.</param>
    /// <returns>True when read; false with the problem.</returns>
    public bool ReadTimestamp(out DateTimeOffset value)
    {
        value = default;
        if (_json.TokenType != JsonTokenType.String)
        {
            return Expected("a string");
        }

        Span<byte> buffer = stackalloc byte[64];
        if (!TryCopyShort(ref _json, buffer, out int length))
        {
            return Fail("expected an RFC 3339 date-time, found a long string");
        }

        return WireText.TryParseTimestamp(buffer.Slice(0, length), out value, out string? problem) || Fail(problem!);
    }

    /// <summary>Reads a JSON string holding an ISO 8601 duration (<c>P1DT2H3M4.5S</c>, <c>-PT1S</c>).</summary>
    /// <param name="value">The duration.</param>
    /// <returns>True when read; false with the problem.</returns>
    public bool ReadDuration(out TimeSpan value)
    {
        value = default;
        if (_json.TokenType != JsonTokenType.String)
        {
            return Expected("a string");
        }

        Span<byte> buffer = stackalloc byte[64];
        if (!TryCopyShort(ref _json, buffer, out int length))
        {
            return Fail("expected an ISO 8601 duration, found a long string");
        }

        return WireText.TryParseDuration(buffer.Slice(0, length), out value, out string? problem) || Fail(problem!);
    }

    /// <summary>Reads a JSON string holding standard base64 (RFC 4648 §4, padded) as bytes.</summary>
    /// <param name="value">The bytes.</param>
    /// <returns>True when read; false with the problem (another JSON type, over the string limit, not base64).</returns>
    public bool ReadBytes(out byte[] value)
    {
        value = null!;
        return IsShortString() && (_json.TryGetBytesFromBase64(out value!) || Fail($"expected base64 (RFC 4648, padded), found \"{JsonLimits.Excerpt(ref _json)}\""));
    }

    /// <summary>Reads a JSON string holding an absolute URI (a scheme, then <c>:</c>), kept as written (<see cref="Uri.OriginalString"/>).</summary>
    /// <param name="value">The URI.</param>
    /// <returns>True when read; false with the problem (another JSON type, over the string limit, not an absolute URI).</returns>
    public bool ReadUri(out Uri value)
    {
        value = null!;
        if (!ReadString(out string text))
        {
            return false;
        }

        return (WireText.TryParseAbsoluteUri(text, out Uri? uri) && (value = uri!) is not null)
            || Fail($"expected an absolute URI such as https://example.com/a, found \"{JsonLimits.Excerpt(ref _json)}\"");
    }

    /// <summary>Reads a JSON string holding an RFC 3339 full-date (<c>yyyy-MM-dd</c>) as a <see cref="DateTime"/> at midnight, of kind <see cref="DateTimeKind.Unspecified"/>.</summary>
    /// <param name="value">The date, at 00:00:00.</param>
    /// <returns>True when read; false with the problem.</returns>
    public bool ReadDate(out DateTime value)
    {
        value = default;
        if (_json.TokenType != JsonTokenType.String)
        {
            return Expected("a string");
        }

        Span<byte> buffer = stackalloc byte[16];
        return (TryCopyShort(ref _json, buffer, out int length) && WireText.TryParseDate(buffer.Slice(0, length), out value))
            || Fail($"expected a date such as 2024-02-29 (yyyy-MM-dd), found \"{JsonLimits.Excerpt(ref _json)}\"");
    }

    /// <summary>Reads a JSON string that is one of an enum's wire values (exactly, case-sensitive).</summary>
    /// <param name="values">The enum's values in UTF-8, in member order.</param>
    /// <param name="value">The index of the value in <paramref name="values"/> (the generated enum member's number).</param>
    /// <returns>True when read; false with the problem (another JSON type, a value the enum does not have).</returns>
    public bool ReadEnum(byte[][] values, out int value)
    {
        value = -1;
        if (_json.TokenType != JsonTokenType.String)
        {
            return Expected("a string");
        }

        value = Match(ref _json, values);
        if (value >= 0)
        {
            return true;
        }

        var known = new System.Text.StringBuilder();
        for (int i = 0; i < values.Length && i < 20; i++)
        {
            known.Append(i == 0 ? string.Empty : ", ").Append(System.Text.Encoding.UTF8.GetString(values[i]));
        }

        return Fail($"expected one of {known}{(values.Length > 20 ? ", …" : string.Empty)}, found \"{JsonLimits.Excerpt(ref _json)}\"");
    }

    /// <summary>Reads a value of a value type that may be JSON <c>null</c>.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="element">Reads the value when it is not null.</param>
    /// <param name="value">The value, or null.</param>
    /// <returns>True when read; false with the problem.</returns>
    public bool ReadNullable<T>(JsonValueReader<T> element, out T? value)
        where T : struct
    {
        value = null;
        if (IsNull)
        {
            return true;
        }

        T read = default!;
        if (!element(ref this, ref read))
        {
            return false;
        }

        value = read;
        return true;
    }

    /// <summary>Reads a value of a reference type that may be JSON <c>null</c>.</summary>
    /// <typeparam name="T">The reference type.</typeparam>
    /// <param name="element">Reads the value when it is not null.</param>
    /// <param name="value">The value, or null.</param>
    /// <returns>True when read; false with the problem.</returns>
    public bool ReadNullableReference<T>(JsonValueReader<T> element, out T? value)
        where T : class
    {
        value = null;
        if (IsNull)
        {
            return true;
        }

        T read = default!;
        if (!element(ref this, ref read))
        {
            return false;
        }

        value = read;
        return true;
    }

    /// <summary>Reads a JSON array into a read-only list.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="element">Reads one element.</param>
    /// <param name="value">The list (a <see cref="List{T}"/> behind <see cref="IReadOnlyList{T}"/>).</param>
    /// <returns>True when read; false with the problem and the element's index in the path.</returns>
    public bool ReadList<T>(JsonValueReader<T> element, out IReadOnlyList<T> value)
    {
        value = null!;
        if (_json.TokenType != JsonTokenType.StartArray)
        {
            return Expected("an array");
        }

        if (JsonLimits.Level(ref _json, _depthOffset) > _maxDepth)
        {
            return Fail(JsonLimits.TooDeep(_maxDepth));
        }

        var list = new List<T>();
        while (true)
        {
            _json.Read();
            if (_json.TokenType == JsonTokenType.EndArray)
            {
                value = list;
                return true;
            }

            T item = default!;
            if (!element(ref this, ref item))
            {
                _path = "[" + list.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]" + _path;
                return false;
            }

            list.Add(item);
        }
    }

    /// <summary>Reads a JSON object into a read-only dictionary with ordinal keys; a key that appears twice is a problem.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="element">Reads one value.</param>
    /// <param name="value">The map (a <see cref="Dictionary{TKey, TValue}"/> behind <see cref="IReadOnlyDictionary{TKey, TValue}"/>).</param>
    /// <returns>True when read; false with the problem and the key in the path.</returns>
    public bool ReadMap<T>(JsonValueReader<T> element, out IReadOnlyDictionary<string, T> value)
    {
        value = null!;
        if (_json.TokenType != JsonTokenType.StartObject)
        {
            return Expected("an object");
        }

        if (JsonLimits.Level(ref _json, _depthOffset) > _maxDepth)
        {
            return Fail(JsonLimits.TooDeep(_maxDepth));
        }

        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        while (true)
        {
            _json.Read();
            if (_json.TokenType == JsonTokenType.EndObject)
            {
                value = map;
                return true;
            }

            int length = JsonLimits.TokenLength(ref _json);
            if (length > _maxStringBytes)
            {
                return Fail(JsonLimits.TooLong(length, _maxStringBytes) + " (a key)");
            }

            string key = _json.GetString()!;
            if (map.ContainsKey(key))
            {
                Fail("duplicate key");
                return InProperty(key);
            }

            _json.Read();
            T item = default!;
            if (!element(ref this, ref item))
            {
                return InProperty(key);
            }

            map.Add(key, item);
        }
    }

    private bool Expected(string what) => Fail("expected " + what + ", found " + JsonLimits.Describe(_json.TokenType));

    private bool Fail(string problem)
    {
        _problem = problem;
        _path = string.Empty;
        return false;
    }

    private static bool IsPlain(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The index of the current property name in <paramref name="names"/>, unescaping it when it was written with escapes; -1 when absent.</summary>
    internal static int Match(ref Utf8JsonReader reader, byte[][] names)
    {
        ReadOnlySpan<byte> name = reader.HasValueSequence ? default : reader.ValueSpan;
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            Span<byte> buffer = stackalloc byte[128];
            if (!TryCopyShort(ref reader, buffer, out int length))
            {
                return -1;
            }

            return IndexOf(buffer.Slice(0, length), names);
        }

        return IndexOf(name, names);
    }

    private static int IndexOf(ReadOnlySpan<byte> name, byte[][] names)
    {
        for (int i = 0; i < names.Length; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Copies the current string token, unescaped, into <paramref name="buffer"/>; false when it does not fit.</summary>
    internal static bool TryCopyShort(ref Utf8JsonReader reader, scoped Span<byte> buffer, out int length)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            ReadOnlySpan<byte> raw = reader.ValueSpan;
            length = raw.Length;
            if (raw.Length > buffer.Length)
            {
                return false;
            }

            raw.CopyTo(buffer);
            return true;
        }

        length = 0;
        if (JsonLimits.TokenLength(ref reader) > buffer.Length * 6)
        {
            return false;
        }

        // An unescaped value is never longer than its escaped text; a longer buffer is needed only for the raw text.
        if (JsonLimits.TokenLength(ref reader) > buffer.Length)
        {
            byte[] large = new byte[JsonLimits.TokenLength(ref reader)];
            length = reader.CopyString(large);
            if (length > buffer.Length)
            {
                return false;
            }

            large.AsSpan(0, length).CopyTo(buffer);
            return true;
        }

        length = reader.CopyString(buffer);
        return true;
    }
}
