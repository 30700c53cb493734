using System;
using System.Collections.Generic;
using System.Text;
using EventCatalog.Runtime.Tests.Wire;
using NUnit.Framework;
using static EventCatalog.Runtime.Tests.Codec.CodecRoundTripTests;

namespace EventCatalog.Runtime.Tests.Codec;

/// <summary>bytes, uri, date, enums and object types (SPEC §13) on the wire: exact JSON, and each bad value malformed with its path.</summary>
public class TypeFrameTests
{
    private static EventReadResult Read(byte[] frame) => WireEvents.Codec.Read(frame);

    private static readonly Address Home = new("1 Main St", "Utrecht", null, new Country("nl", "Netherlands"));

    private static string DataOf(IEventEnvelope envelope)
    {
        string json = Encoding.UTF8.GetString(WireEvents.Codec.Serialize(envelope));
        int start = json.IndexOf("\"data\":", StringComparison.Ordinal) + 7;
        return json.Substring(start, json.Length - start - 1);
    }

    [Test]
    public void Bytes_uri_and_date_are_written_as_base64_the_uri_as_written_and_yyyy_MM_dd()
    {
        var data = new NewerScalars(new byte[] { 1, 2, 3, 255 }, new Uri("HTTP://Example.COM/a?b=1"), new DateOnly(2024, 2, 29), null, null, null,
            new[] { Array.Empty<byte>() }, new Dictionary<string, DateOnly?> { ["k"] = null }, new Uri?[] { null });
        Assert.That(DataOf(WireEvents.BuildEvent(data)), Is.EqualTo(
            "{\"blob\":\"AQID/w==\",\"link\":\"HTTP://Example.COM/a?b=1\",\"day\":\"2024-02-29\",\"blobs\":[\"\"],\"days\":{\"k\":null},\"maybe_links\":[null]}"));
    }

    [Test]
    public void Enums_are_written_as_their_snake_case_values_and_objects_as_objects()
    {
        var data = new TypedOrder(OrderStatus.OnHold, null, new[] { OrderStatus.Pending }, Home, null, Array.Empty<Address>(), new Address?[] { null },
            new Dictionary<string, IReadOnlyList<Address>>(), new[] { new Line("s", 1, OrderStatus.Paid, null) });
        Assert.That(DataOf(WireEvents.BuildEvent(data)), Is.EqualTo(
            "{\"status\":\"on_hold\",\"statuses\":[\"pending\"],\"ship_to\":{\"street\":\"1 Main St\",\"city\":\"Utrecht\",\"country\":{\"code\":\"nl\",\"name\":\"Netherlands\"}},"
            + "\"stops\":[],\"maybe_stops\":[null],\"by_zone\":{},\"lines\":[{\"sku\":\"s\",\"quantity\":1,\"status\":\"paid\"}]}"));
    }

    [TestCase("{\"blob\":\"not base64!\"}", "$.data.blob: expected base64 (RFC 4648, padded), found \"not base64!\"")]
    [TestCase("{\"blob\":\"AQI\"}", "$.data.blob: expected base64 (RFC 4648, padded), found \"AQI\"")]
    [TestCase("{\"link\":\"/etc/passwd\"}", "$.data.link: expected an absolute URI such as https://example.com/a, found \"/etc/passwd\"")]
    [TestCase("{\"link\":\"relative/path\"}", "$.data.link: expected an absolute URI such as https://example.com/a, found \"relative/path\"")]
    [TestCase("{\"link\":3}", "$.data.link: expected a string, found a number")]
    [TestCase("{\"day\":\"2023-02-29\"}", "$.data.day: expected a date such as 2024-02-29 (yyyy-MM-dd), found \"2023-02-29\"")]
    [TestCase("{\"day\":\"2024-02-29T00:00:00Z\"}", "$.data.day: expected a date such as 2024-02-29 (yyyy-MM-dd), found \"2024-02-29T00:00:00Z\"")]
    [TestCase("{\"day\":\"24-2-29\"}", "$.data.day: expected a date such as 2024-02-29 (yyyy-MM-dd), found \"24-2-29\"")]
    public void A_bad_bytes_uri_or_date_is_malformed_with_its_path(string data, string error)
    {
        EventReadResult result = Read(Frame("newer_scalars", data));
        Assert.That(result.Status, Is.EqualTo(EventReadStatus.Malformed));
        Assert.That(result.Error, Is.EqualTo(error));
    }

    [TestCase("{\"status\":\"PAID\"}", "$.data.status: expected one of pending, paid, shipped, on_hold, found \"PAID\"")]
    [TestCase("{\"status\":1}", "$.data.status: expected a string, found a number")]
    [TestCase("{\"status\":\"paid\",\"statuses\":[\"paid\",\"lost\"]}", "$.data.statuses[1]: expected one of pending, paid, shipped, on_hold, found \"lost\"")]
    [TestCase("{\"status\":\"paid\",\"statuses\":[],\"ship_to\":{\"street\":\"s\"}}", "$.data.ship_to.city: missing required field")]
    [TestCase("{\"status\":\"paid\",\"statuses\":[],\"ship_to\":{\"street\":\"s\",\"city\":\"c\",\"country\":{\"code\":1}}}", "$.data.ship_to.country.code: expected a string, found a number")]
    [TestCase("{\"status\":\"paid\",\"statuses\":[],\"ship_to\":[]}", "$.data.ship_to: expected an object, found an array")]
    [TestCase("{\"status\":\"paid\",\"statuses\":[],\"ship_to\":null}", "$.data.ship_to: expected an object, found null")]
    [TestCase("{\"status\":\"paid\",\"statuses\":[],\"ship_to\":{\"street\":\"s\",\"city\":\"c\"},\"stops\":[{\"street\":\"s\",\"city\":\"c\",\"street\":\"t\"}]}", "$.data.stops[0].street: duplicate property")]
    public void A_bad_enum_or_object_is_malformed_with_its_path(string data, string error)
    {
        EventReadResult result = Read(Frame("typed_order", data));
        Assert.That(result.Status, Is.EqualTo(EventReadStatus.Malformed));
        Assert.That(result.Error, Is.EqualTo(error));
    }

    [Test]
    public void An_undefined_enum_number_or_a_null_nested_object_is_refused_on_write_with_its_path()
    {
        var undefined = new TypedOrder((OrderStatus)42, null, Array.Empty<OrderStatus>(), Home, null, Array.Empty<Address>(), Array.Empty<Address?>(),
            new Dictionary<string, IReadOnlyList<Address>>(), Array.Empty<Line>());
        var ex = Assert.Throws<ArgumentException>(() => WireEvents.Codec.Serialize(WireEvents.BuildEvent(undefined)));
        Assert.That(ex!.Message, Does.Contain("$.data.status: the number 42, which is not a value of the enum"));
        Assert.That(undefined.Validate(), Is.EqualTo(new[] { "status is not a value of order_status." }));

        var nullStop = undefined with { Status = OrderStatus.Paid, Stops = new Address[] { null! } };
        ex = Assert.Throws<ArgumentException>(() => WireEvents.Codec.Serialize(WireEvents.BuildEvent(nullStop)));
        Assert.That(ex!.Message, Does.Contain("$.data.stops[0]: null, but the value is required"));
        Assert.That(nullStop.Validate(), Is.EqualTo(new[] { "stops[0] is required but null." }));
    }

    [Test]
    public void A_relative_uri_is_refused_on_write_and_by_Validate()
    {
        var data = new NewerScalars(Array.Empty<byte>(), new Uri("a/b", UriKind.Relative), new DateOnly(2024, 1, 1), null, null, null,
            Array.Empty<byte[]>(), new Dictionary<string, DateOnly?>(), Array.Empty<Uri?>());
        var ex = Assert.Throws<ArgumentException>(() => WireEvents.Codec.Serialize(WireEvents.BuildEvent(data)));
        Assert.That(ex!.Message, Does.Contain("$.data.link: the relative URI 'a/b', but the value must be an absolute URI"));
        Assert.That(data.Validate(), Is.EqualTo(new[] { "link must be an absolute URI." }));
    }

    [Test]
    public void The_DateTime_form_of_date_for_netstandard_consumers_refuses_a_time_of_day_and_reads_midnight()
    {
        using var stream = new System.IO.MemoryStream();
        using var writer = new System.Text.Json.Utf8JsonWriter(stream);
        writer.WriteStartObject();
        var ex = Assert.Catch<ArgumentException>(() => EventCatalog.Codecs.EventDataWriter.WriteDate(writer, System.Text.Json.JsonEncodedText.Encode("due_on"), new DateTime(2024, 1, 1, 12, 0, 0)));
        Assert.That(ex!.Message, Does.Contain("$.data.due_on: a date with the time of day 12:00:00, but a date has none (it would be lost)"));
        EventCatalog.Codecs.EventDataWriter.WriteDate(writer, System.Text.Json.JsonEncodedText.Encode("due_on"), new DateTime(2024, 2, 29));
        writer.WriteEndObject();
        writer.Flush();
        Assert.That(Encoding.UTF8.GetString(stream.ToArray()), Is.EqualTo("{\"due_on\":\"2024-02-29\"}"));
    }
}
