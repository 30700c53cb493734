using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using EventCatalog.Runtime.Tests.Wire;
using NUnit.Framework;

namespace EventCatalog.Runtime.Tests.Codec;

/// <summary>Events.Codec writes every event of a catalog as one CloudEvent and reads it back equal: envelope, payload and batch.</summary>
public class CodecRoundTripTests
{
    [Test]
    public void Every_event_of_both_catalogs_round_trips_as_an_envelope_and_as_a_payload()
    {
        IEventCodec codec = EventCodec.Combine(ExESDB.Events.Codec, WireEvents.Codec);
        int count = 0;
        foreach (IEventEnvelope envelope in CodecSamples.AllEnvelopes())
        {
            EventReadResult read = codec.Read(codec.Serialize(envelope));
            Assert.That(read.Status, Is.EqualTo(EventReadStatus.Ok), read.ToString());
            Assert.That(CodecSamples.Difference(envelope, read.Envelope), Is.Null, envelope.EventType);
            Assert.That(read.Wrapper, Is.Null);
            Assert.That(read.Payload, Is.Null);

            IEventPayload payload = CodecSamples.PayloadOf(envelope, "some_event");
            EventReadResult wrapped = codec.Read(codec.Serialize(payload));
            Assert.That(wrapped.Status, Is.EqualTo(EventReadStatus.Ok), wrapped.ToString());
            Assert.That(CodecSamples.Difference(payload, wrapped.Payload), Is.Null, envelope.EventType);
            Assert.That(wrapped.Wrapper, Is.EqualTo("some_event"));
            count++;
        }

        int events = CodecSamples.RecordsOf(typeof(ExESDB.Events)).Count() + CodecSamples.RecordsOf(typeof(WireEvents)).Count();
        Assert.That(events, Is.EqualTo(63 + 7));
        Assert.That(count, Is.EqualTo(events * 4));
    }

    [Test]
    public void A_root_catalog_envelope_is_written_as_this_exact_frame()
    {
        var envelope = new EventEnvelope<ExESDB.ClusterJoined>(
            "5f0c3a9e8b7d4c21a0e9f8d7c6b5a493", ExESDB.ClusterJoined.EventType, "store_1", "ExESDB.ControlPlane@node-1",
            new DateTimeOffset(2026, 11, 29, 22, 2, 9, 123, TimeSpan.Zero), new ExESDB.ClusterJoined("exesdb@node-2"));
        string frame = Encoding.UTF8.GetString(ExESDB.Events.Codec.Serialize(ExESDB.Events.BuildPayload(envelope.Data) with { Event = envelope }));

        Assert.That(frame, Is.EqualTo(
            "{\"specversion\":\"1.0\",\"id\":\"5f0c3a9e8b7d4c21a0e9f8d7c6b5a493\",\"source\":\"urn:eventcatalog:node:ExESDB.ControlPlane@node-1\"," +
            "\"type\":\"io.exesdb.control.cluster_joined\",\"time\":\"2026-11-29T22:02:09.123+00:00\",\"datacontenttype\":\"application/json\"," +
            "\"storeid\":\"store_1\",\"category\":\"cluster\",\"wrapper\":\"cluster_event\",\"data\":{\"via_node\":\"exesdb@node-2\"}}"));
    }

    [Test]
    public void Every_field_type_is_written_in_its_documented_JSON_form()
    {
        var data = new EveryScalar("a\"b", true, -7, 9_007_199_254_740_993L, 0.1, 1.50m, new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
            new DateTimeOffset(2024, 5, 1, 12, 30, 0, 500, TimeSpan.FromMinutes(330)), new TimeSpan(1, 2, 3, 4, 500));
        Assert.That(DataJson(data),
            Is.EqualTo("{\"text\":\"a\\u0022b\",\"flag\":true,\"count\":-7,\"total\":9007199254740993,\"ratio\":0.1,\"amount\":1.50," +
                       "\"key\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"at\":\"2024-05-01T12:30:00.5+05:30\",\"took\":\"P1DT2H3M4.5S\"}"));

        var collections = new Collections(
            new[] { "x" }, new string?[] { "y", null }, new Dictionary<string, double> { ["s"] = 2.5 },
            new[] { new Dictionary<string, decimal> { ["price"] = 10.00m } },
            new Dictionary<string, IReadOnlyList<DateTimeOffset?>> { ["n"] = new DateTimeOffset?[] { null, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero) } },
            new[] { TimeSpan.Zero, TimeSpan.FromTicks(-1) },
            new IReadOnlyList<int>[] { new[] { 1, 2 }, Array.Empty<int>() },
            new Dictionary<string, IReadOnlyDictionary<string, Guid>> { ["m"] = new Dictionary<string, Guid> { ["g"] = Guid.Empty } },
            new long?[] { 1, null });
        Assert.That(DataJson(collections),
            Is.EqualTo("{\"tags\":[\"x\"],\"maybe_tags\":[\"y\",null],\"scores\":{\"s\":2.5},\"rows\":[{\"price\":10.00}]," +
                       "\"nested\":{\"n\":[null,\"2024-01-01T00:00:00+00:00\"]},\"durations\":[\"PT0S\",\"-PT0.0000001S\"],\"grid\":[[1,2],[]]," +
                       "\"lookup\":{\"m\":{\"g\":\"00000000-0000-0000-0000-000000000000\"}},\"maybe_counts\":[1,null]}"));
    }

    [Test]
    public void Optional_fields_that_are_null_are_omitted_and_read_back_as_null_when_absent_or_null()
    {
        Assert.That(DataJson(new EveryOptional()), Is.EqualTo("{}"));
        Assert.That(DataJson(new EveryOptional(Count: 3)), Is.EqualTo("{\"count\":3}"));

        EventReadResult absent = WireEvents.Codec.Read(Frame("every_optional", "{}"));
        EventReadResult nulls = WireEvents.Codec.Read(Frame("every_optional", "{\"text\":null,\"count\":null,\"tags\":null,\"labels\":null,\"at\":null}"));
        Assert.That(((EventEnvelope<EveryOptional>)absent.Envelope!).Data, Is.EqualTo(new EveryOptional()));
        Assert.That(((EventEnvelope<EveryOptional>)nulls.Envelope!).Data, Is.EqualTo(new EveryOptional()));
    }

    [Test]
    public void Decimals_keep_their_scale_and_timestamps_their_offset()
    {
        EventReadResult read = WireEvents.Codec.Read(Frame("every_optional", "{\"amount\":1.500,\"at\":\"2024-02-29T23:59:59.1234567-08:00\",\"took\":\"P2W\"}"));
        var data = ((EventEnvelope<EveryOptional>)read.Envelope!).Data;
        Assert.That(data.Amount!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo("1.500"));
        Assert.That(data.At!.Value.Offset, Is.EqualTo(TimeSpan.FromHours(-8)));
        Assert.That(data.At.Value.Ticks, Is.EqualTo(new DateTime(2024, 2, 29, 23, 59, 59).Ticks + 1234567));
        Assert.That(data.Took, Is.EqualTo(TimeSpan.FromDays(14)));
    }

    [Test]
    public void Unknown_data_properties_and_unknown_extension_attributes_are_ignored()
    {
        byte[] frame = Frame("every_optional", "{\"count\":1,\"added_later\":{\"deep\":[1,2,{\"x\":null}]}}", extra: "\"traceparent\":\"00-abc\",\"subject\":\"s\",\"priority\":5,");
        EventReadResult read = WireEvents.Codec.Read(frame);
        Assert.That(read.Status, Is.EqualTo(EventReadStatus.Ok), read.ToString());
        Assert.That(((EventEnvelope<EveryOptional>)read.Envelope!).Data, Is.EqualTo(new EveryOptional(Count: 1)));
    }

    [Test]
    public void A_deprecated_event_is_still_written_and_read()
    {
#pragma warning disable CS0618
        var envelope = WireEvents.BuildEvent(new OldThing("n"), "s1");
        EventReadResult read = WireEvents.Codec.Read(WireEvents.Codec.Serialize(envelope));
        Assert.That(((EventEnvelope<OldThing>)read.Envelope!).Data, Is.EqualTo(new OldThing("n")));
#pragma warning restore CS0618
    }

    [Test]
    public void A_batch_is_a_JSON_array_of_events_read_back_in_order()
    {
        IEventEnvelope[] envelopes = CodecSamples.RecordsOf(typeof(WireEvents)).Select(t => CodecSamples.EnvelopeOf(t, 1)).ToArray();
        var output = new ArrayBufferWriter<byte>();
        WireEvents.Codec.WriteBatch(envelopes, output);
        Assert.That(output.WrittenSpan[0], Is.EqualTo((byte)'['));

        IReadOnlyList<EventReadResult> results = WireEvents.Codec.ReadBatch(output.WrittenSpan);
        Assert.That(results.Select(r => r.Status), Is.All.EqualTo(EventReadStatus.Ok));
        for (int i = 0; i < envelopes.Length; i++)
        {
            Assert.That(CodecSamples.Difference(envelopes[i], results[i].Envelope), Is.Null);
        }

        var empty = new ArrayBufferWriter<byte>();
        WireEvents.Codec.WriteBatch(Array.Empty<IEventEnvelope>(), empty);
        Assert.That(Encoding.UTF8.GetString(empty.WrittenSpan), Is.EqualTo("[]"));
        Assert.That(WireEvents.Codec.ReadBatch(empty.WrittenSpan), Is.Empty);
    }

    [Test]
    public void One_bad_event_in_a_batch_does_not_lose_the_others()
    {
        string good = Encoding.UTF8.GetString(Frame("every_optional", "{}"));
        string bad = Encoding.UTF8.GetString(Frame("every_optional", "{\"count\":\"three\"}"));
        IReadOnlyList<EventReadResult> results = WireEvents.Codec.ReadBatch(Encoding.UTF8.GetBytes("[" + good + "," + bad + "," + good + "]"));
        Assert.That(results.Select(r => r.Status), Is.EqualTo(new[] { EventReadStatus.Ok, EventReadStatus.Malformed, EventReadStatus.Ok }));
        Assert.That(results[1].Error, Is.EqualTo("$[1].data.count: expected a number, found a string"));

        Assert.That(WireEvents.Codec.ReadBatch(Encoding.UTF8.GetBytes("{}")).Single().Error, Is.EqualTo("$: expected an array (a CloudEvents batch), found an object"));
        Assert.That(WireEvents.Codec.ReadBatch(Encoding.UTF8.GetBytes("[" + good + ",1]")).Single().Error, Is.EqualTo("$[1]: expected an object (a CloudEvent), found a number"));
    }

    [Test]
    public void Write_refuses_NaN_infinities_and_null_required_values_naming_the_event_and_the_field()
    {
        var nan = WireEvents.BuildEvent(new EveryScalar("t", false, 0, 0, double.NaN, 0, Guid.Empty, CodecSamples.Time, TimeSpan.Zero));
        Assert.That(() => WireEvents.Codec.Serialize(nan), Throws.ArgumentException.With.Message.StartsWith(
            "Cannot write event 'every_scalar': $.data.ratio: NaN is not a JSON number (JSON has no NaN or infinities)"));

        var infinity = WireEvents.BuildEvent(new Collections(new[] { "x" }, new string?[0], new Dictionary<string, double> { ["k"] = double.PositiveInfinity },
            new Dictionary<string, decimal>[0], new Dictionary<string, IReadOnlyList<DateTimeOffset?>>(), new TimeSpan[0], new IReadOnlyList<int>[0],
            new Dictionary<string, IReadOnlyDictionary<string, Guid>>(), new long?[0]));
        Assert.That(() => WireEvents.Codec.Serialize(infinity), Throws.ArgumentException.With.Message.StartsWith(
            "Cannot write event 'collections': $.data.scores['k']: Infinity is not a JSON number"));

        var nullText = WireEvents.BuildEvent(new EveryScalar(null!, false, 0, 0, 0, 0, Guid.Empty, CodecSamples.Time, TimeSpan.Zero));
        Assert.That(() => WireEvents.Codec.Serialize(nullText), Throws.ArgumentException.With.Message.StartsWith(
            "Cannot write event 'every_scalar': $.data.text: null, but the field is required"));

        var output = new ArrayBufferWriter<byte>();
        Assert.That(() => WireEvents.Codec.Write(nan, output), Throws.ArgumentException);
        Assert.That(output.WrittenCount, Is.EqualTo(0), "a failed write leaves the output untouched");
    }

    [Test]
    public void Write_refuses_envelopes_a_reader_would_refuse()
    {
        var data = new EveryOptional();
        Assert.That(() => WireEvents.Codec.Serialize(new EventEnvelope<EveryOptional>("not-an-id", EveryOptional.EventType, null, "n", CodecSamples.Time, data)),
            Throws.ArgumentException.With.Message.StartsWith("The envelope's event id 'not-an-id' is not 32 lowercase hex characters"));
        Assert.That(() => WireEvents.Codec.Serialize(new EventEnvelope<EveryOptional>(EventIds.NewId(), "collections", null, "n", CodecSamples.Time, data)),
            Throws.ArgumentException.With.Message.StartsWith("The envelope's event type is 'collections' but its data is a 'every_optional' event."));
        Assert.That(() => ExESDB.Events.Codec.Serialize(WireEvents.BuildEvent(data)),
            Throws.ArgumentException.With.Message.StartsWith("The event type 'every_optional' is not one of this catalog's"));
        Assert.That(() => WireEvents.Codec.Serialize(new EventEnvelope<EveryOptional>(EventIds.NewId(), EveryOptional.EventType, "a:b", "n", CodecSamples.Time, data)),
            Throws.ArgumentException.With.Message.Contains("':'"));
    }

    [Test]
    public void The_source_reads_back_the_exact_node_name()
    {
        foreach (string node in new[] { "ExESDB@host-1", "a b:c/d%e", "ノード@ホスト", "x" })
        {
            var envelope = new EventEnvelope<EveryOptional>(EventIds.NewId(), EveryOptional.EventType, null, node, CodecSamples.Time, new EveryOptional());
            byte[] frame = WireEvents.Codec.Serialize(envelope);
            Assert.That(WireEvents.Codec.Read(frame).Envelope!.Node, Is.EqualTo(node));
        }

        Assert.That(CloudEventSource.FromNode("a b:c/d%e"), Is.EqualTo("urn:eventcatalog:node:a%20b%3Ac%2Fd%25e"));
        Assert.That(CloudEventSource.TryGetNode("https://example.com/orders", out string? foreign, out _), Is.True);
        Assert.That(foreign, Is.EqualTo("https://example.com/orders"));
    }

    [Test]
    public void CreateCodec_applies_other_limits_and_writes_the_same_bytes()
    {
        IEventCodec strict = WireEvents.CreateCodec(new EventCodecOptions { MaxFrameBytes = 100 });
        IEventEnvelope envelope = CodecSamples.EnvelopeOf(typeof(EveryScalar), 0);
        byte[] frame = WireEvents.Codec.Serialize(envelope);
        Assert.That(strict.Serialize(envelope).Length, Is.EqualTo(frame.Length));
        EventReadResult read = strict.Read(frame);
        Assert.That(read.Status, Is.EqualTo(EventReadStatus.TooLarge));
        Assert.That(read.Error, Is.EqualTo($"$: the event frame is {frame.Length} bytes, over the limit of 100 bytes"));
        Assert.That(() => WireEvents.CreateCodec(null!), Throws.ArgumentNullException);
    }

    internal static string DataJson(ICatalogEvent data)
    {
        Type envelopeType = typeof(EventEnvelope<>).MakeGenericType(data.GetType());
        var envelope = (IEventEnvelope)Activator.CreateInstance(envelopeType, EventIds.NewId(), data.EventType, null, "n", CodecSamples.Time, data)!;
        using JsonDocument document = JsonDocument.Parse(WireEvents.Codec.Serialize(envelope));
        return document.RootElement.GetProperty("data").GetRawText();
    }

    /// <summary>A frame of the wire catalog with the given data text (and extra members before <c>data</c>).</summary>
    internal static byte[] Frame(string eventType, string dataJson, string extra = "", string id = "0123456789abcdef0123456789abcdef", string time = "2026-11-29T22:02:09Z") =>
        Encoding.UTF8.GetBytes(
            $"{{\"specversion\":\"1.0\",\"id\":\"{id}\",\"source\":\"urn:eventcatalog:node:n\",\"type\":\"io.eventcatalog.tests.wire.{eventType}\"," +
            $"\"time\":\"{time}\",\"datacontenttype\":\"application/json\",{extra}\"data\":{dataJson}}}");
}
