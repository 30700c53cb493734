using System;
using System.Collections.Generic;
using System.Linq;

namespace EventCatalog.Generator.Model;

/// <summary>The catalog's scalar field types; <see cref="ScalarTypes"/> has one row per kind.</summary>
internal enum ScalarKind
{
    String,
    Bool,
    Int,
    Long,
    Double,
    Decimal,
    Guid,
    Timestamp,
    Duration,
    Bytes,
    Uri,
    Date,
}

/// <summary>
/// A check <c>Validate()</c> makes on a present value of a scalar: <see cref="InvalidWhen"/> is a C# condition over
/// <c>{0}</c> (the value), true when the value is invalid; <see cref="Problem"/> follows the field's path in the problem text.
/// </summary>
/// <param name="InvalidWhen">The condition, e.g. <c>{0}.Length == 0</c>.</param>
/// <param name="Problem">The problem, e.g. <c>must not be empty.</c></param>
/// <param name="WhenOptional">True when an optional field's present value is checked too (an empty optional text is allowed).</param>
internal sealed record ValueCheck(string InvalidWhen, string Problem, bool WhenOptional);

/// <summary>
/// How a scalar is written in JSON (the codec's format), as JSON Schema says it: <c>type</c>, and <c>format</c>,
/// <c>pattern</c>, <c>contentEncoding</c>, <c>minimum</c>/<c>maximum</c> where they apply.
/// </summary>
internal sealed record JsonSchemaType(
    string Type,
    string? Format = null,
    string? Pattern = null,
    string? ContentEncoding = null,
    long? Minimum = null,
    long? Maximum = null);

/// <summary>
/// Everything each stage knows about one scalar kind: the parser (name, aliases), the records (C# type), the codec
/// (the runtime's <c>EventDataReader.Read&lt;Method&gt;</c> and <c>EventDataWriter.Write&lt;Method&gt;</c>/<c>…Value</c>),
/// <c>Validate()</c>, the JSON Schema and AsyncAPI exports, and the lock (which writes <see cref="Name"/>).
/// A test checks each row against the runtime's helpers and <c>docs/events.schema.json</c>.
/// </summary>
/// <param name="Kind">The kind.</param>
/// <param name="Name">The catalog name, also the lock's text.</param>
/// <param name="Aliases">Spellings users reach for, offered as "did you mean" (never accepted: one spelling per type).</param>
/// <param name="CSharp">The C# type, with <c>global::</c> (a keyword for C#'s built-in types).</param>
/// <param name="IsValueType">True when <see cref="CSharp"/> is a value type (the codec's nullable helpers differ).</param>
/// <param name="Method">The runtime codec helpers' suffix, e.g. <c>Int32</c>.</param>
/// <param name="CodecCSharp">The type the runtime's helpers take, when it is not <see cref="CSharp"/> (null: the same).</param>
/// <param name="FallbackCSharp">The C# type on a target without <see cref="CSharp"/> (null: every target has it).</param>
/// <param name="ToCodec">Converts a <see cref="CSharp"/> value <c>{0}</c> to <see cref="CodecCSharp"/> (with <see cref="CodecCSharp"/> set).</param>
/// <param name="FromCodec">Converts a <see cref="CodecCSharp"/> value <c>{0}</c> to <see cref="CSharp"/> (with <see cref="CodecCSharp"/> set).</param>
/// <param name="Check">What <c>Validate()</c> checks on a present value, beyond a required reference's null check.</param>
/// <param name="FallbackCheck">The check on <see cref="FallbackCSharp"/> values, when they can hold what the type cannot.</param>
/// <param name="Schema">The JSON Schema of a value.</param>
/// <param name="Description">A short description for docs and the editor schema.</param>
internal sealed record ScalarType(
    ScalarKind Kind,
    string Name,
    EquatableArray<string> Aliases,
    string CSharp,
    bool IsValueType,
    string Method,
    string? CodecCSharp,
    string? FallbackCSharp,
    string? ToCodec,
    string? FromCodec,
    ValueCheck? Check,
    ValueCheck? FallbackCheck,
    JsonSchemaType Schema,
    string Description);

/// <summary>The scalar types, one row per <see cref="ScalarKind"/>: the only place a scalar type is described.</summary>
internal static class ScalarTypes
{
    private static EquatableArray<string> A(params string[] aliases) => new(aliases);

    /// <summary>The rows in <see cref="ScalarKind"/> order.</summary>
    public static IReadOnlyList<ScalarType> All { get; } = new ScalarType[]
    {
        new(ScalarKind.String, "string", A("str", "text", "varchar", "char"), "string", false, "String", null, null, null, null,
            new ValueCheck("{0}.Length == 0", "must not be empty.", WhenOptional: false), null,
            new JsonSchemaType("string"), "a text"),
        new(ScalarKind.Bool, "bool", A("boolean"), "bool", true, "Boolean", null, null, null, null, null, null,
            new JsonSchemaType("boolean"), "true or false"),
        new(ScalarKind.Int, "int", A("integer", "int32", "short", "byte"), "int", true, "Int32", null, null, null, null, null, null,
            new JsonSchemaType("integer", Format: "int32", Minimum: int.MinValue, Maximum: int.MaxValue), "a 32-bit integer"),
        new(ScalarKind.Long, "long", A("int64", "bigint"), "long", true, "Int64", null, null, null, null, null, null,
            new JsonSchemaType("integer", Format: "int64", Minimum: long.MinValue, Maximum: long.MaxValue), "a 64-bit integer"),
        new(ScalarKind.Double, "double", A("float", "number", "real", "float64"), "double", true, "Double", null, null, null, null, null, null,
            new JsonSchemaType("number", Format: "double"), "a finite double"),
        new(ScalarKind.Decimal, "decimal", A("money", "numeric"), "decimal", true, "Decimal", null, null, null, null, null, null,
            new JsonSchemaType("number"), "a decimal number, its scale kept"),
        new(ScalarKind.Guid, "guid", A("uuid"), "global::System.Guid", true, "Guid", null, null, null, null, null, null,
            new JsonSchemaType("string", Format: "uuid"), "a GUID"),
        new(ScalarKind.Timestamp, "timestamp", A("datetime", "datetimeoffset", "time", "instant"), "global::System.DateTimeOffset", true, "Timestamp", null, null, null, null, null, null,
            new JsonSchemaType("string", Format: "date-time"), "an RFC 3339 date-time with its offset"),

        // Not format "duration": JSON Schema's (RFC 3339 appendix A) has no sign and no fraction, so a validator asserting
        // formats would refuse durations the codec writes (-PT1S, PT0.5S). The pattern is the grammar the codec reads.
        new(ScalarKind.Duration, "duration", A("timespan", "interval"), "global::System.TimeSpan", true, "Duration", null, null, null, null, null, null,
            new JsonSchemaType("string", Pattern: DurationPattern), "an ISO 8601 duration"),
        new(ScalarKind.Bytes, "bytes", A("binary", "blob", "byte[]", "bytearray", "base64"), "byte[]", false, "Bytes", null, null, null, null, null, null,
            new JsonSchemaType("string", Pattern: Base64Pattern, ContentEncoding: "base64"), "bytes, base64 in JSON"),
        new(ScalarKind.Uri, "uri", A("url", "link", "href"), "global::System.Uri", false, "Uri", null, null, null, null,
            new ValueCheck("!{0}.IsAbsoluteUri", "must be an absolute URI.", WhenOptional: true), null,
            new JsonSchemaType("string", Format: "uri"), "an absolute URI"),

        // A calendar date: DateOnly where the consumer's target has it (net6.0+); elsewhere (netstandard2.0, net4x) a DateTime
        // whose time of day must be midnight (Validate() says so, and the codec refuses to write another). The runtime's helpers
        // take a DateTime so that one runtime build serves both (a net6.0/net7.0 consumer has DateOnly and the netstandard2.0 runtime).
        new(ScalarKind.Date, "date", A("dateonly", "day", "localdate"), "global::System.DateOnly", true, "Date", "global::System.DateTime", "global::System.DateTime",
            "{0}.ToDateTime(global::System.TimeOnly.MinValue)", "global::System.DateOnly.FromDateTime({0})",
            null, new ValueCheck("{0}.TimeOfDay != global::System.TimeSpan.Zero", "must be a date: its time of day must be 00:00:00.", WhenOptional: true),
            new JsonSchemaType("string", Format: "date"), "a calendar date (yyyy-MM-dd)"),
    };

    private static readonly Dictionary<string, ScalarType> s_byName = All.ToDictionary(r => r.Name, StringComparer.Ordinal);

    private static readonly Dictionary<string, ScalarType> s_byAlias = All
        .SelectMany(r => r.Aliases.Select(a => (Alias: a, Row: r)))
        .ToDictionary(p => p.Alias, p => p.Row, StringComparer.OrdinalIgnoreCase);

    /// <summary>The ISO 8601 durations the codec reads and writes: an optional sign, weeks and days, then hours, minutes and seconds with a fraction.</summary>
    public const string DurationPattern = "^-?P(?=\\d|T\\d)(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+([.,]\\d+)?S)?)?$";

    /// <summary>Standard base64 (RFC 4648 §4) with padding, as the codec writes and reads it.</summary>
    public const string Base64Pattern = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$";

    /// <summary>The catalog names, in table order.</summary>
    public static IEnumerable<string> Names => All.Select(r => r.Name);

    /// <summary>The row of <paramref name="kind"/>.</summary>
    public static ScalarType Of(ScalarKind kind) => All[(int)kind];

    /// <summary>The row named <paramref name="name"/> (exactly), or null.</summary>
    public static ScalarType? Find(string name) => s_byName.TryGetValue(name, out ScalarType? row) ? row : null;

    /// <summary>The row one of whose aliases is <paramref name="name"/> (any case), or null.</summary>
    public static ScalarType? FindAlias(string name) => s_byAlias.TryGetValue(name, out ScalarType? row) ? row : null;
}
