using EventCatalog.Contract;

namespace EventCatalog;

/// <summary>
/// The CloudEvents 1.0 names the wire format uses: the context attributes of the core spec, the
/// extension attributes EventCatalog adds, and the media types of the JSON event format. Each name
/// is published here (its one definition is the codec's attribute table, <c>EventCatalog.Contract.CloudEventAttributes</c>,
/// which the tool's exports read too); codecs, transports and tests read them from here.
/// </summary>
/// <remarks>
/// Sources: CloudEvents 1.0.2 core spec (context attributes; extension names are lower-case ASCII letters
/// and digits, at most 20 characters recommended) and its JSON event format (structured and batched mode).
/// </remarks>
public static class CloudEventNames
{
    /// <summary>The <c>specversion</c> attribute: the CloudEvents version, always <see cref="SpecVersionValue"/>.</summary>
    public const string SpecVersion = CloudEventAttributes.SpecVersionName;

    /// <summary>The only <c>specversion</c> the codecs write and read: <c>1.0</c>.</summary>
    public const string SpecVersionValue = CloudEventAttributes.SpecVersionValue;

    /// <summary>The <c>id</c> attribute: the envelope's event id (32 lowercase hex characters).</summary>
    public const string Id = CloudEventAttributes.IdName;

    /// <summary>The <c>source</c> attribute: the node that built the event, as a URI reference (see <see cref="CloudEventSource"/>).</summary>
    public const string Source = CloudEventAttributes.SourceName;

    /// <summary>The <c>type</c> attribute: the catalog's <c>type_prefix</c> followed by the event type, e.g. <c>io.exesdb.control.cluster_joined</c>.</summary>
    public const string Type = CloudEventAttributes.TypeName;

    /// <summary>The <c>time</c> attribute: the envelope's timestamp, RFC 3339.</summary>
    public const string Time = CloudEventAttributes.TimeName;

    /// <summary>The <c>datacontenttype</c> attribute: always <see cref="JsonContentType"/>.</summary>
    public const string DataContentType = CloudEventAttributes.DataContentTypeName;

    /// <summary>The <c>data</c> member: the event's fields by their catalog (snake_case) names.</summary>
    public const string Data = CloudEventAttributes.DataName;

    /// <summary>The <c>data_base64</c> member of the JSON format (binary data); the codecs refuse it, as catalog data is JSON.</summary>
    public const string DataBase64 = CloudEventAttributes.DataBase64Name;

    /// <summary>The extension attribute for the envelope's store id (absent when the envelope has none).</summary>
    public const string StoreIdExtension = CloudEventAttributes.StoreIdName;

    /// <summary>The extension attribute for the event's category, e.g. <c>cluster</c>.</summary>
    public const string CategoryExtension = CloudEventAttributes.CategoryName;

    /// <summary>The extension attribute for a payload's wrapper, e.g. <c>cluster_event</c> (absent for a bare envelope).</summary>
    public const string WrapperExtension = CloudEventAttributes.WrapperName;

    /// <summary>
    /// The extension attribute for the version of the event's data (SPEC §10), a CloudEvents Integer written as a JSON number,
    /// e.g. <c>"dataversion":3</c>. Written only for events whose catalog <c>version</c> is above 1, so version-1 frames are
    /// unchanged; absent (or JSON <c>null</c>, which the JSON format treats as absent) means version 1. A reader upcasts an
    /// earlier version to its current record, reports a later one as <see cref="EventReadStatus.UnknownVersion"/>, and
    /// anything but an integer from 1 to 2147483647 as <see cref="EventReadStatus.Malformed"/>.
    /// </summary>
    public const string DataVersionExtension = CloudEventAttributes.DataVersionName;

    /// <summary>
    /// The CloudEvents distributed-tracing extension attribute carrying the W3C Trace Context <c>traceparent</c> of the
    /// event's creation (<c>00-&lt;trace id&gt;-&lt;parent id&gt;-&lt;flags&gt;</c>, 55 characters), e.g.
    /// <c>00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01</c>. Written from the envelope's
    /// <see cref="IEventEnvelope.TraceParent"/>, else from <see cref="System.Diagnostics.Activity.Current"/>; absent when
    /// neither has one, so frames without tracing are unchanged. A value that is not W3C syntax is ignored on read
    /// (<see cref="EventReadResult.TraceContextProblem"/>), never fails the event.
    /// </summary>
    public const string TraceParentExtension = CloudEventAttributes.TraceParentName;

    /// <summary>
    /// The CloudEvents distributed-tracing extension attribute carrying the W3C Trace Context <c>tracestate</c>
    /// (vendor <c>key=value</c> list-members, at most 32 and 512 characters), e.g. <c>congo=t61rcWkgMzE</c>. Written only
    /// beside <see cref="TraceParentExtension"/>; a malformed one is ignored on read, as is any beside a missing or bad <c>traceparent</c>.
    /// </summary>
    public const string TraceStateExtension = CloudEventAttributes.TraceStateName;

    /// <summary>The media type of <c>data</c>: <c>application/json</c>.</summary>
    public const string JsonContentType = CloudEventAttributes.JsonContentType;

    /// <summary>The media type of one event in structured mode: <c>application/cloudevents+json</c>.</summary>
    public const string StructuredContentType = CloudEventAttributes.StructuredContentType;

    /// <summary>The media type of a batch (a JSON array of events): <c>application/cloudevents-batch+json</c>.</summary>
    public const string BatchContentType = CloudEventAttributes.BatchContentType;
}
