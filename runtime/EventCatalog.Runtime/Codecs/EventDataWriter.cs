using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace EventCatalog.Codecs;

/// <summary>
/// Writes an event's <c>data</c> fields for generated codecs: a property writer and a value writer per
/// catalog field type, and list and map writers over element writers. A value that cannot be written
/// (a required value that is null, a <c>double</c> NaN or infinity) stops the write with an
/// <see cref="ArgumentException"/> from the codec that names the event and the field's JSON path.
/// </summary>
/// <remarks>Generated code uses it; it is hidden from IntelliSense. Forms: see the README's "Wire format" section.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class EventDataWriter
{
    /// <summary>Writes a string property.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value; null is refused (a required field).</param>
    /// <exception cref="ArgumentException">The value is null.</exception>
    public static void WriteString(Utf8JsonWriter writer, JsonEncodedText name, string value)
    {
        if (value is null)
        {
            throw new CodecWriteException("." + name.ToString(), "null, but the field is required");
        }

        writer.WriteString(name, value);
    }

    /// <summary>Writes a boolean property.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public static void WriteBoolean(Utf8JsonWriter writer, JsonEncodedText name, bool value) => writer.WriteBoolean(name, value);

    /// <summary>Writes an <see cref="int"/> property as a JSON number.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public static void WriteInt32(Utf8JsonWriter writer, JsonEncodedText name, int value) => writer.WriteNumber(name, value);

    /// <summary>Writes a <see cref="long"/> property as a JSON number.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public static void WriteInt64(Utf8JsonWriter writer, JsonEncodedText name, long value) => writer.WriteNumber(name, value);

    /// <summary>Writes a <see cref="double"/> property as the shortest JSON number that reads back to the same double.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value; NaN and infinities are refused (JSON has no such numbers).</param>
    /// <exception cref="ArgumentException">The value is NaN or an infinity.</exception>
    public static void WriteDouble(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new CodecWriteException("." + name.ToString(), NotANumber(value));
        }

        writer.WriteNumber(name, value);
    }

    /// <summary>Writes a <see cref="decimal"/> property as a JSON number exactly as the decimal prints (its scale kept: 1.50m is <c>1.50</c>).</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public static void WriteDecimal(Utf8JsonWriter writer, JsonEncodedText name, decimal value) => writer.WriteNumber(name, value);

    /// <summary>Writes a <see cref="Guid"/> property as its "D" string.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public static void WriteGuid(Utf8JsonWriter writer, JsonEncodedText name, Guid value) => writer.WriteString(name, value);

    /// <summary>Writes a timestamp property as an RFC 3339 date-time with its own offset (<c>2024-05-01T12:30:00.5+02:00</c>).</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public static void WriteTimestamp(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset value) => writer.WriteString(name, value);

    /// <summary>Writes a duration property as an ISO 8601 duration (<c>P1DT2H3M4.5S</c>; days are 24 hours).</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public static void WriteDuration(Utf8JsonWriter writer, JsonEncodedText name, TimeSpan value)
    {
        Span<byte> buffer = stackalloc byte[WireText.MaxDurationLength];
        writer.WriteString(name, buffer.Slice(0, WireText.FormatDuration(value, buffer)));
    }

    /// <summary>Writes a bytes property as a base64 string (RFC 4648 §4, padded).</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value; null is refused (a required field).</param>
    /// <exception cref="ArgumentException">The value is null.</exception>
    public static void WriteBytes(Utf8JsonWriter writer, JsonEncodedText name, byte[] value) =>
        writer.WriteBase64String(name, value ?? throw Required("." + name.ToString()));

    /// <summary>Writes a URI property as the URI's text (<see cref="Uri.OriginalString"/> when it is absolute as written, else <see cref="Uri.AbsoluteUri"/>).</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value; null and relative URIs are refused.</param>
    /// <exception cref="ArgumentException">The value is null or not absolute.</exception>
    public static void WriteUri(Utf8JsonWriter writer, JsonEncodedText name, Uri value) =>
        writer.WriteString(name, UriText(value, "." + name.ToString()));

    /// <summary>Writes a date property as an RFC 3339 full-date (<c>yyyy-MM-dd</c>).</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The date; a time of day other than midnight is refused (it would be lost).</param>
    /// <exception cref="ArgumentException">The value has a time of day.</exception>
    public static void WriteDate(Utf8JsonWriter writer, JsonEncodedText name, DateTime value) =>
        writer.WriteString(name, DateText(value, "." + name.ToString()));

    /// <summary>Writes a bytes value as a base64 string.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value; null is refused.</param>
    /// <exception cref="ArgumentException">The value is null.</exception>
    public static void WriteBytesValue(Utf8JsonWriter writer, byte[] value) =>
        writer.WriteBase64StringValue(value ?? throw Required(string.Empty));

    /// <summary>Writes a URI value (see <see cref="WriteUri"/>).</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value; null and relative URIs are refused.</param>
    /// <exception cref="ArgumentException">The value is null or not absolute.</exception>
    public static void WriteUriValue(Utf8JsonWriter writer, Uri value) => writer.WriteStringValue(UriText(value, string.Empty));

    /// <summary>Writes a date value as <c>yyyy-MM-dd</c>.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The date; a time of day other than midnight is refused.</param>
    /// <exception cref="ArgumentException">The value has a time of day.</exception>
    public static void WriteDateValue(Utf8JsonWriter writer, DateTime value) => writer.WriteStringValue(DateText(value, string.Empty));

    private static CodecWriteException Required(string path) => new(path, "null, but the value is required");

    private static string UriText(Uri value, string path) =>
        WireText.FormatAbsoluteUri(value ?? throw Required(path))
        ?? throw new CodecWriteException(path, $"the relative URI '{value.OriginalString}', but the value must be an absolute URI");

    private static string DateText(DateTime value, string path) =>
        value.TimeOfDay == TimeSpan.Zero
            ? value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : throw new CodecWriteException(path, $"a date with the time of day {value.TimeOfDay.ToString("c", CultureInfo.InvariantCulture)}, but a date has none (it would be lost)");

    /// <summary>Writes a list property as a JSON array.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The list; null is refused (a required field).</param>
    /// <param name="element">Writes one element.</param>
    /// <exception cref="ArgumentException">The list is null, or an element cannot be written.</exception>
    public static void WriteList<T>(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyList<T> value, Action<Utf8JsonWriter, T> element)
    {
        writer.WritePropertyName(name);
        try
        {
            WriteListValue(writer, value, element);
        }
        catch (CodecWriteException ex)
        {
            throw ex.Under("." + name.ToString());
        }
    }

    /// <summary>Writes a map property as a JSON object, its keys as property names.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The map; null is refused (a required field).</param>
    /// <param name="element">Writes one value.</param>
    /// <exception cref="ArgumentException">The map is null, or a value cannot be written.</exception>
    public static void WriteMap<T>(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyDictionary<string, T> value, Action<Utf8JsonWriter, T> element)
    {
        writer.WritePropertyName(name);
        try
        {
            WriteMapValue(writer, value, element);
        }
        catch (CodecWriteException ex)
        {
            throw ex.Under("." + name.ToString());
        }
    }

    /// <summary>Writes a string value (a list element or map value).</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value; null is refused.</param>
    /// <exception cref="ArgumentException">The value is null.</exception>
    public static void WriteStringValue(Utf8JsonWriter writer, string value)
    {
        if (value is null)
        {
            throw new CodecWriteException(string.Empty, "null, but the value is required");
        }

        writer.WriteStringValue(value);
    }

    /// <summary>Writes a boolean value.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteBooleanValue(Utf8JsonWriter writer, bool value) => writer.WriteBooleanValue(value);

    /// <summary>Writes an <see cref="int"/> value.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteInt32Value(Utf8JsonWriter writer, int value) => writer.WriteNumberValue(value);

    /// <summary>Writes a <see cref="long"/> value.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteInt64Value(Utf8JsonWriter writer, long value) => writer.WriteNumberValue(value);

    /// <summary>Writes a finite <see cref="double"/> value.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value; NaN and infinities are refused.</param>
    /// <exception cref="ArgumentException">The value is NaN or an infinity.</exception>
    public static void WriteDoubleValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new CodecWriteException(string.Empty, NotANumber(value));
        }

        writer.WriteNumberValue(value);
    }

    /// <summary>Writes a <see cref="decimal"/> value, its scale kept.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteDecimalValue(Utf8JsonWriter writer, decimal value) => writer.WriteNumberValue(value);

    /// <summary>Writes a <see cref="Guid"/> value as its "D" string.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteGuidValue(Utf8JsonWriter writer, Guid value) => writer.WriteStringValue(value);

    /// <summary>Writes a timestamp value as an RFC 3339 date-time with its offset.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteTimestampValue(Utf8JsonWriter writer, DateTimeOffset value) => writer.WriteStringValue(value);

    /// <summary>Writes a duration value as an ISO 8601 duration.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteDurationValue(Utf8JsonWriter writer, TimeSpan value)
    {
        Span<byte> buffer = stackalloc byte[WireText.MaxDurationLength];
        writer.WriteStringValue(buffer.Slice(0, WireText.FormatDuration(value, buffer)));
    }

    /// <summary>Writes a value of a value type that may be null (JSON <c>null</c> then).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value, or null.</param>
    /// <param name="element">Writes the value when it is not null.</param>
    public static void WriteNullableValue<T>(Utf8JsonWriter writer, T? value, Action<Utf8JsonWriter, T> element)
        where T : struct
    {
        if (value.HasValue)
        {
            element(writer, value.GetValueOrDefault());
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>Writes an enum property as its wire value.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The enum member's number.</param>
    /// <param name="values">The enum's wire values, in member order.</param>
    /// <exception cref="ArgumentException">The number is not a member of the enum.</exception>
    public static void WriteEnum(Utf8JsonWriter writer, JsonEncodedText name, int value, JsonEncodedText[] values) =>
        writer.WriteString(name, EnumText(value, values, "." + name.ToString()));

    /// <summary>Writes an enum value as its wire value.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The enum member's number.</param>
    /// <param name="values">The enum's wire values, in member order.</param>
    /// <exception cref="ArgumentException">The number is not a member of the enum.</exception>
    public static void WriteEnumValue(Utf8JsonWriter writer, int value, JsonEncodedText[] values) =>
        writer.WriteStringValue(EnumText(value, values, string.Empty));

    /// <summary>Writes a property whose value is an object of a catalog type.</summary>
    /// <typeparam name="T">The type's record.</typeparam>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value; null is refused (a required field).</param>
    /// <param name="write">Writes the object.</param>
    /// <exception cref="ArgumentException">The value is null, or one of its fields cannot be written.</exception>
    public static void WriteObject<T>(Utf8JsonWriter writer, JsonEncodedText name, T value, Action<Utf8JsonWriter, T> write)
        where T : class
    {
        writer.WritePropertyName(name);
        try
        {
            WriteObjectValue(writer, value, write);
        }
        catch (CodecWriteException ex)
        {
            throw ex.Under("." + name.ToString());
        }
    }

    /// <summary>Writes an object of a catalog type (a list element or map value).</summary>
    /// <typeparam name="T">The type's record.</typeparam>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value; null is refused.</param>
    /// <param name="write">Writes the object.</param>
    /// <exception cref="ArgumentException">The value is null, or one of its fields cannot be written.</exception>
    public static void WriteObjectValue<T>(Utf8JsonWriter writer, T value, Action<Utf8JsonWriter, T> write)
        where T : class =>
        write(writer, value ?? throw Required(string.Empty));

    private static JsonEncodedText EnumText(int value, JsonEncodedText[] values, string path) =>
        (uint)value < (uint)values.Length
            ? values[value]
            : throw new CodecWriteException(path, $"the number {value.ToString(CultureInfo.InvariantCulture)}, which is not a value of the enum");

    /// <summary>Writes a value of a reference type that may be null (JSON <c>null</c> then).</summary>
    /// <typeparam name="T">The reference type.</typeparam>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value, or null.</param>
    /// <param name="element">Writes the value when it is not null.</param>
    public static void WriteNullableReferenceValue<T>(Utf8JsonWriter writer, T? value, Action<Utf8JsonWriter, T> element)
        where T : class
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            element(writer, value);
        }
    }

    /// <summary>Writes a list value as a JSON array.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The list; null is refused.</param>
    /// <param name="element">Writes one element.</param>
    /// <exception cref="ArgumentException">The list is null, or an element cannot be written.</exception>
    public static void WriteListValue<T>(Utf8JsonWriter writer, IReadOnlyList<T> value, Action<Utf8JsonWriter, T> element)
    {
        if (value is null)
        {
            throw new CodecWriteException(string.Empty, "null, but the list is required");
        }

        writer.WriteStartArray();
        for (int i = 0; i < value.Count; i++)
        {
            try
            {
                element(writer, value[i]);
            }
            catch (CodecWriteException ex)
            {
                throw ex.Under("[" + i.ToString(CultureInfo.InvariantCulture) + "]");
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a map value as a JSON object.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The map; null is refused.</param>
    /// <param name="element">Writes one value.</param>
    /// <exception cref="ArgumentException">The map is null, or a value cannot be written.</exception>
    public static void WriteMapValue<T>(Utf8JsonWriter writer, IReadOnlyDictionary<string, T> value, Action<Utf8JsonWriter, T> element)
    {
        if (value is null)
        {
            throw new CodecWriteException(string.Empty, "null, but the map is required");
        }

        writer.WriteStartObject();
        foreach (KeyValuePair<string, T> entry in value)
        {
            writer.WritePropertyName(entry.Key);
            try
            {
                element(writer, entry.Value);
            }
            catch (CodecWriteException ex)
            {
                throw ex.Under("['" + entry.Key + "']");
            }
        }

        writer.WriteEndObject();
    }

    private static string NotANumber(double value) =>
        value.ToString(CultureInfo.InvariantCulture) + " is not a JSON number (JSON has no NaN or infinities)";
}
