namespace EventCatalog.Contract;

/// <summary>
/// The type of a CloudEvents member's value, from the CloudEvents 1.0 type system (as cloudevents/sdk-csharp's
/// <c>CloudEventAttributeType</c>), plus the two members of the JSON event format that carry the data.
/// </summary>
internal enum CloudEventAttributeType
{
    /// <summary>A CloudEvents String: a JSON string (no control characters where the attribute says so).</summary>
    String,

    /// <summary>A CloudEvents URI-reference, as a JSON string.</summary>
    UriReference,

    /// <summary>A CloudEvents Timestamp: an RFC 3339 date-time, as a JSON string.</summary>
    Timestamp,

    /// <summary>A CloudEvents Integer: a JSON number from -2^31 to 2^31-1.</summary>
    Integer,

    /// <summary>The JSON format's <c>data</c> member: the event's data as a JSON value (an object for catalog events).</summary>
    Json,

    /// <summary>The JSON format's <c>data_base64</c> member: binary data as base64 (catalog codecs refuse it).</summary>
    Binary,
}

/// <summary>The members of a structured-mode CloudEvents JSON event that the catalog codecs know, in <see cref="CloudEventAttributes.All"/>'s order.</summary>
internal enum CloudEventMember
{
    SpecVersion,
    Id,
    Source,
    Type,
    Time,
    DataContentType,
    StoreId,
    Category,
    Wrapper,
    Data,
    DataBase64,
    DataVersion,
    TraceParent,
    TraceState,
}

/// <summary>
/// One member of a structured-mode CloudEvents JSON event as the catalog codecs write and read it: its name, its value's type,
/// whether every frame must carry it, and whether it is an extension attribute. <see cref="Member"/> says which it is; <see cref="Ordinal"/> is its index in
/// <see cref="CloudEventAttributes.All"/>.
/// </summary>
internal sealed class CloudEventAttribute
{
    public CloudEventAttribute(CloudEventMember member, string name, CloudEventAttributeType type, bool required = false, bool extension = false, bool lenient = false)
    {
        Member = member;
        Name = name;
        Type = type;
        Required = required;
        IsExtension = extension;
        Lenient = lenient;
    }

    /// <summary>Which member it is.</summary>
    public CloudEventMember Member { get; }

    /// <summary>The attribute's index in <see cref="CloudEventAttributes.All"/> (and its bit in a set of attributes).</summary>
    public int Ordinal => (int)Member;

    /// <summary>The member name, lower-case ASCII letters and digits (and <c>data_base64</c>'s underscore).</summary>
    public string Name { get; }

    /// <summary>The type of the value.</summary>
    public CloudEventAttributeType Type { get; }

    /// <summary>Every frame carries it (<c>specversion</c>, <c>id</c>, <c>source</c>, <c>type</c>); any other is optional, and JSON <c>null</c> reads as absent.</summary>
    public bool Required { get; }

    /// <summary>An extension attribute (not a core context attribute of CloudEvents 1.0).</summary>
    public bool IsExtension { get; }

    /// <summary>A bad value (or a second one) is dropped and reported, never failing the event (the W3C Trace Context attributes).</summary>
    public bool Lenient { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>
/// The CloudEvents 1.0 members of the wire format (SPEC §7), stated once: the runtime's codec reads frames over this table,
/// <c>EventCatalog.CloudEventNames</c> publishes the names, and the tool's exports describe the same attributes from it.
/// Part of the contract (this folder, owned by the runtime and linked into the generator, the analyzers and so the tool).
/// </summary>
/// <remarks>
/// Sources: CloudEvents 1.0.2 core spec (context attributes and type system; extension names are lower-case ASCII letters and
/// digits), its JSON event format (structured and batched mode, <c>data</c>/<c>data_base64</c>) and its distributed-tracing extension.
/// </remarks>
internal static class CloudEventAttributes
{
    public const string SpecVersionName = "specversion";
    public const string IdName = "id";
    public const string SourceName = "source";
    public const string TypeName = "type";
    public const string TimeName = "time";
    public const string DataContentTypeName = "datacontenttype";
    public const string StoreIdName = "storeid";
    public const string CategoryName = "category";
    public const string WrapperName = "wrapper";
    public const string DataName = "data";
    public const string DataBase64Name = "data_base64";
    public const string DataVersionName = "dataversion";
    public const string TraceParentName = "traceparent";
    public const string TraceStateName = "tracestate";

    /// <summary>The only <c>specversion</c> the codecs write and read.</summary>
    public const string SpecVersionValue = "1.0";

    /// <summary>The media type of <c>data</c>: what <c>datacontenttype</c> says.</summary>
    public const string JsonContentType = "application/json";

    /// <summary>The media type of one event in structured mode.</summary>
    public const string StructuredContentType = "application/cloudevents+json";

    /// <summary>The media type of a batch (a JSON array of events).</summary>
    public const string BatchContentType = "application/cloudevents-batch+json";

    public static readonly CloudEventAttribute SpecVersion = new(CloudEventMember.SpecVersion, SpecVersionName, CloudEventAttributeType.String, required: true);
    public static readonly CloudEventAttribute Id = new(CloudEventMember.Id, IdName, CloudEventAttributeType.String, required: true);
    public static readonly CloudEventAttribute Source = new(CloudEventMember.Source, SourceName, CloudEventAttributeType.UriReference, required: true);
    public static readonly CloudEventAttribute Type = new(CloudEventMember.Type, TypeName, CloudEventAttributeType.String, required: true);
    public static readonly CloudEventAttribute Time = new(CloudEventMember.Time, TimeName, CloudEventAttributeType.Timestamp);
    public static readonly CloudEventAttribute DataContentType = new(CloudEventMember.DataContentType, DataContentTypeName, CloudEventAttributeType.String);
    public static readonly CloudEventAttribute StoreId = new(CloudEventMember.StoreId, StoreIdName, CloudEventAttributeType.String, extension: true);
    public static readonly CloudEventAttribute Category = new(CloudEventMember.Category, CategoryName, CloudEventAttributeType.String, extension: true);
    public static readonly CloudEventAttribute Wrapper = new(CloudEventMember.Wrapper, WrapperName, CloudEventAttributeType.String, extension: true);
    public static readonly CloudEventAttribute Data = new(CloudEventMember.Data, DataName, CloudEventAttributeType.Json);
    public static readonly CloudEventAttribute DataBase64 = new(CloudEventMember.DataBase64, DataBase64Name, CloudEventAttributeType.Binary);
    public static readonly CloudEventAttribute DataVersion = new(CloudEventMember.DataVersion, DataVersionName, CloudEventAttributeType.Integer, extension: true);
    public static readonly CloudEventAttribute TraceParent = new(CloudEventMember.TraceParent, TraceParentName, CloudEventAttributeType.String, extension: true, lenient: true);
    public static readonly CloudEventAttribute TraceState = new(CloudEventMember.TraceState, TraceStateName, CloudEventAttributeType.String, extension: true, lenient: true);

    /// <summary>Every member, at the index of its <see cref="CloudEventAttribute.Ordinal"/>; the required ones first, in the order a missing one is reported.</summary>
    public static readonly CloudEventAttribute[] All =
    {
        SpecVersion, Id, Source, Type, Time, DataContentType, StoreId, Category, Wrapper, Data, DataBase64, DataVersion, TraceParent, TraceState,
    };
}
