using System.Text;
using EventCatalog.Runtime.Tests.Wire;
using NUnit.Framework;
using static EventCatalog.Runtime.Tests.Codec.CodecRoundTripTests;

namespace EventCatalog.Runtime.Tests.Codec;

/// <summary>Read never throws: each kind of bad frame gets its status and an error with the JSON path and the problem.</summary>
public class CodecReadErrorTests
{
    private static EventReadResult Read(byte[] frame) => WireEvents.Codec.Read(frame);

    private static EventReadResult Read(string frame) => WireEvents.Codec.Read(Encoding.UTF8.GetBytes(frame));

    [TestCase("{\"count\":\"three\"}", "$.data.count: expected a number, found a string")]
    [TestCase("{\"count\":1.5}", "$.data.count: expected an integer from -2147483648 to 2147483647, found 1.5")]
    [TestCase("{\"count\":2147483648}", "$.data.count: expected an integer from -2147483648 to 2147483647, found 2147483648")]
    [TestCase("{\"total\":99999999999999999999}", "$.data.total: expected an integer from -9223372036854775808 to 9223372036854775807, found 99999999999999999999")]
    [TestCase("{\"ratio\":1e400}", "$.data.ratio: the number 1e400 is beyond the range of a double")]
    [TestCase("{\"amount\":1e40}", "$.data.amount: the number 1e40 is beyond the range of a decimal")]
    [TestCase("{\"flag\":\"true\"}", "$.data.flag: expected a boolean, found a string")]
    [TestCase("{\"key\":\"not-a-guid\"}", "$.data.key: expected a GUID such as 0f8fad5b-d9cb-469f-a165-70867728950e, found \"not-a-guid\"")]
    [TestCase("{\"at\":\"2024-05-01T12:30:00\"}", "$.data.at: the date-time has no offset (RFC 3339 needs 'Z' or ±HH:mm)")]
    [TestCase("{\"at\":\"2023-02-29T00:00:00Z\"}", "$.data.at: not a calendar date and time")]
    [TestCase("{\"took\":\"P1M\"}", "$.data.took: years and months have no fixed length; write the duration in days (D), hours, minutes and seconds")]
    [TestCase("{\"took\":\"1 hour\"}", "$.data.took: expected an ISO 8601 duration such as P1DT2H30M or PT0.5S")]
    [TestCase("{\"tags\":[\"a\",3]}", "$.data.tags[1]: expected a string, found a number")]
    [TestCase("{\"labels\":{\"a\":1,\"a\":2}}", "$.data.labels.a: duplicate key")]
    [TestCase("{\"labels\":{\"odd key\":true}}", "$.data.labels['odd key']: expected a number, found a boolean")]
    [TestCase("{\"count\":1,\"count\":2}", "$.data.count: duplicate property")]
    [TestCase("[]", "$.data: expected an object, found an array")]
    public void A_wrong_data_value_is_malformed_with_its_path(string data, string error)
    {
        EventReadResult result = Read(Frame("every_optional", data));
        Assert.That(result.Status, Is.EqualTo(EventReadStatus.Malformed));
        Assert.That(result.Error, Is.EqualTo(error));
        Assert.That(result.EventType, Is.EqualTo("every_optional"));
    }

    [Test]
    public void A_missing_required_field_and_a_null_required_field_are_named()
    {
        Assert.That(Read(Frame("old_thing", "{}")).Error, Is.EqualTo("$.data.note: missing required field"));
        Assert.That(Read(Frame("old_thing", "{\"note\":null}")).Error, Is.EqualTo("$.data.note: expected a string, found null"));
        Assert.That(Read(Frame("collections", "{\"tags\":[],\"maybe_tags\":[null],\"scores\":{},\"rows\":[{\"x\":1}],\"nested\":{\"k\":[null,\"bad\"]}}")).Error,
            Is.EqualTo("$.data.nested.k[1]: expected an RFC 3339 date-time such as 2024-05-01T12:30:00.5+02:00"));
    }

    [Test]
    public void Bad_attributes_are_malformed_with_their_name()
    {
        Assert.That(Read(Frame("every_optional", "{}", id: "")).Error, Is.EqualTo("$.id: empty (a CloudEvents id is a non-empty string)"));
        Assert.That(Read(Frame("every_optional", "{}", id: "a\\u0007b")).Error, Is.EqualTo("$.id: 'a?b' holds the control character U+0007 at index 1 (a CloudEvents String has none)"));
        Assert.That(Read(Frame("every_optional", "{}", time: "2026-12-06T10:15:30.123456789")).Error, Is.EqualTo("$.time: the date-time has no offset (RFC 3339 needs 'Z' or ±HH:mm)"));
        Assert.That(Read(Frame("every_optional", "{}", time: "yesterday")).Error, Is.EqualTo("$.time: expected an RFC 3339 date-time such as 2024-05-01T12:30:00.5+02:00"));
        Assert.That(Read(Frame("every_optional", "{}", extra: "\"id\":\"0123456789abcdef0123456789abcdef\",")).Error, Is.EqualTo("$.id: duplicate property"));
        Assert.That(Read(Frame("every_optional", "{}", extra: "\"category\":\"legacy\",")).Error, Is.EqualTo("$.category: 'legacy' is not the category of event 'every_optional' (it is 'shapes')"));
        Assert.That(Read(Frame("every_optional", "{}", extra: "\"storeid\":\"a:b\",")).Error, Is.EqualTo("$.storeid: 'a:b' is not a valid store id for the topic template 'wire:{store}:{category}'"));
        Assert.That(Read(Frame("every_optional", "{}", extra: "\"storeid\":7,")).Error, Is.EqualTo("$.storeid: expected a string, found a number"));
        Assert.That(Read(Frame("every_optional", "{}", extra: "\"data_base64\":\"AA==\",")).Error, Is.EqualTo("$.data_base64: binary data is not supported; a catalog event's data is JSON in 'data'"));
        Assert.That(Read(Encoding.UTF8.GetString(Frame("every_optional", "{}")).Replace("\"1.0\"", "\"0.3\"")).Error, Is.EqualTo("$.specversion: expected '1.0', found '0.3'"));
        Assert.That(Read("{\"specversion\":\"1.0\",\"id\":\"0123456789abcdef0123456789abcdef\",\"type\":\"x\",\"time\":\"2026-01-01T00:00:00Z\"}").Error, Is.EqualTo("$.source: missing required attribute"));
        Assert.That(Read(Encoding.UTF8.GetString(Frame("every_optional", "{}")).Replace("\"application/json\"", "\"text/xml\"")).Error, Is.EqualTo("$.datacontenttype: expected a JSON media type ('application/json', '…/json' or '…/…+json'), found 'text/xml'"));
    }

    [Test]
    public void An_unknown_type_is_UnknownType_with_the_type_named_so_that_an_older_node_does_not_crash()
    {
        EventReadResult newer = Read(Frame("added_in_v2", "{\"anything\":1}"));
        Assert.That(newer.Status, Is.EqualTo(EventReadStatus.UnknownType));
        Assert.That(newer.EventType, Is.EqualTo("added_in_v2"));
        Assert.That(newer.Error, Is.EqualTo("$.type: 'io.eventcatalog.tests.wire.added_in_v2' is not an event type of this catalog"));

        EventReadResult foreign = WireEvents.Codec.Read(ExESDB.Events.Codec.Serialize(ExESDB.Events.BuildEvent(new ExESDB.ClusterJoined("n"))));
        Assert.That(foreign.Status, Is.EqualTo(EventReadStatus.UnknownType));
        Assert.That(foreign.Error, Is.EqualTo("$.type: 'io.exesdb.control.cluster_joined' does not start with this catalog's type prefix 'io.eventcatalog.tests.wire.'"));
    }

    [Test]
    public void Bytes_that_are_not_one_JSON_object_are_malformed()
    {
        Assert.That(Read(new byte[0]).Error, Is.EqualTo("$: the event frame is empty"));
        Assert.That(Read(new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' }).Error, Is.EqualTo("$: the event frame is not valid UTF-8 (JSON text must be UTF-8: RFC 8259 section 8.1)"));
        Assert.That(Read("[1]").Error, Is.EqualTo("$: expected an object (a CloudEvent), found an array"));
        Assert.That(Read("{\"specversion\":").Error, Does.StartWith("$: not valid JSON: "));
        Assert.That(Read(Encoding.UTF8.GetString(Frame("every_optional", "{}")) + "{}").Error, Does.StartWith("$: not valid JSON: "));
    }

    [Test]
    public void Limits_on_depth_and_string_length_are_reported_where_they_are_crossed()
    {
        IEventCodec codec = WireEvents.CreateCodec(new EventCodecOptions { MaxDepth = 4, MaxStringBytes = 50 });
        Assert.That(codec.Read(Frame("every_optional", "{\"text\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}")).Error, Is.EqualTo("$.data.text: a string of 51 bytes is over the limit of 50 bytes"));
        Assert.That(codec.Read(Frame("every_optional", "{\"unknown\":[[[1]]]}")).Error, Is.EqualTo("$.data (inside): nested deeper than the limit of 4 levels"));
        Assert.That(codec.Read(Frame("every_optional", "{\"labels\":{\"a\":1}}")).Status, Is.EqualTo(EventReadStatus.Ok), "event, data and labels: 3 levels");
        Assert.That(codec.Read(Frame("every_optional", "{}", extra: "\"ext\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",")).Error, Is.EqualTo("$.ext: a string of 51 bytes is over the limit of 50 bytes"));

        string deep = new string('[', 5000) + new string(']', 5000);
        Assert.That(WireEvents.Codec.Read(Frame("every_optional", "{\"x\":" + deep + "}")).Error, Is.EqualTo("$.data (inside): nested deeper than the limit of 64 levels"));
    }
}
