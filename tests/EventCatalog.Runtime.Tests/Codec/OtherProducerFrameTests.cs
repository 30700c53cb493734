using System;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using EventCatalog.Runtime.Tests.Wire;
using NUnit.Framework;
using static EventCatalog.Runtime.Tests.Codec.CodecRoundTripTests;

namespace EventCatalog.Runtime.Tests.Codec;

/// <summary>
/// Issue 24, cases 1 and 2: frames from other CloudEvents producers. Go's SDK writes <c>time</c> with RFC3339Nano (9 fraction
/// digits); the C# SDK's default id is a hyphenated UUID; the spec's own example id is <c>A234-1234-1234</c>; <c>time</c> is optional.
/// </summary>
public class OtherProducerFrameTests
{
    private static EventReadResult Read(byte[] frame) => WireEvents.Codec.Read(frame);

    private static EventEnvelope<EveryOptional> Envelope(EventReadResult result)
    {
        Assert.That(result.Status, Is.EqualTo(EventReadStatus.Ok), result.Error);
        return (EventEnvelope<EveryOptional>)result.Envelope!;
    }

    [Test]
    public void A_Go_RFC3339Nano_time_is_read_and_truncated_to_100_ns()
    {
        EventEnvelope<EveryOptional> read = Envelope(Read(Frame("every_optional", "{}", time: "2026-12-06T10:15:30.123456789Z")));
        Assert.That(read.Timestamp, Is.EqualTo(new DateTimeOffset(2026, 12, 6, 10, 15, 30, TimeSpan.Zero).AddTicks(1_234_567)));
        Assert.That(read.Timestamp.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [TestCase("2026-12-06T10:15:30.123456789Z", 1_234_567L)]
    [TestCase("2026-12-06T10:15:30.999999999Z", 9_999_999L)] // truncated, never rounded up into the next second
    [TestCase("2026-12-06T10:15:30.12345678912345678912345Z", 1_234_567L)]
    [TestCase("2026-12-06T10:15:30.10000000Z", 1_000_000L)]
    [TestCase("2026-12-06T10:15:30.000000099+02:00", 0L)]
    public void Any_number_of_fraction_digits_is_read_in_time_and_in_a_data_timestamp(string time, long fractionTicks)
    {
        TimeSpan offset = time.EndsWith("+02:00", StringComparison.Ordinal) ? TimeSpan.FromHours(2) : TimeSpan.Zero;
        var expected = new DateTimeOffset(2026, 12, 6, 10, 15, 30, offset).AddTicks(fractionTicks);
        EventEnvelope<EveryOptional> read = Envelope(Read(Frame("every_optional", "{\"at\":\"" + time + "\"}", time: time)));
        Assert.That(read.Timestamp, Is.EqualTo(expected));
        Assert.That(read.Timestamp.Offset, Is.EqualTo(offset));
        Assert.That(read.Data.At, Is.EqualTo(expected));
        Assert.That(read.Data.At!.Value.Offset, Is.EqualTo(offset));
    }

    [Test]
    public void A_nanosecond_duration_from_a_Go_time_Duration_is_truncated_to_100_ns()
    {
        EventEnvelope<EveryOptional> read = Envelope(Read(Frame("every_optional", "{\"took\":\"PT1.000000123S\"}")));
        Assert.That(read.Data.Took, Is.EqualTo(TimeSpan.FromSeconds(1) + TimeSpan.FromTicks(1)));
    }

    [Test]
    public void Writing_keeps_at_most_7_fraction_digits()
    {
        EventEnvelope<EveryOptional> read = Envelope(Read(Frame("every_optional", "{\"at\":\"2026-12-06T10:15:30.123456789Z\"}", time: "2026-12-06T10:15:30.123456789Z")));
        var rewritten = new EventEnvelope<EveryOptional>(EventIds.NewId(), read.EventType, null, "n", read.Timestamp, read.Data);
        string json = Encoding.UTF8.GetString(WireEvents.Codec.Serialize(rewritten));
        Assert.That(json, Does.Contain("\"time\":\"2026-12-06T10:15:30.1234567+00:00\""));
        Assert.That(json, Does.Contain("\"at\":\"2026-12-06T10:15:30.1234567+00:00\""));
    }

    [Test]
    public void A_time_without_an_offset_stays_malformed()
    {
        EventReadResult read = Read(Frame("every_optional", "{\"at\":\"2026-12-06T10:15:30.123456789\"}"));
        Assert.That(read.Status, Is.EqualTo(EventReadStatus.Malformed));
        Assert.That(read.Error, Is.EqualTo("$.data.at: the date-time has no offset (RFC 3339 needs 'Z' or ±HH:mm)"));
    }

    [TestCase("5f0c3a9e-8b7d-4c21-a0e9-f8d7c6b5a493")]
    [TestCase("A234-1234-1234")]
    [TestCase("x")]
    [TestCase("urn:uuid:5F0C3A9E-8B7D-4C21-A0E9-F8D7C6B5A493")]
    [TestCase("événement/42 ✓")]
    public void Any_non_empty_id_is_read_and_kept_as_is(string id)
    {
        EventEnvelope<EveryOptional> read = Envelope(Read(Frame("every_optional", "{}", id: id)));
        Assert.That(read.EventId, Is.EqualTo(id));
    }

    [Test]
    public void An_id_at_the_string_limit_is_read_and_one_past_it_is_malformed()
    {
        int limit = EventCodecOptions.Default.MaxStringBytes;
        Assert.That(Envelope(Read(Frame("every_optional", "{}", id: new string('a', limit)))).EventId, Has.Length.EqualTo(limit));
        EventReadResult tooLong = Read(Frame("every_optional", "{}", id: new string('a', limit + 1)));
        Assert.That(tooLong.Status, Is.EqualTo(EventReadStatus.Malformed));
        Assert.That(tooLong.Error, Does.StartWith("$.id: "));
    }

    [Test]
    public void A_frame_without_time_is_read_and_its_Timestamp_is_MinValue()
    {
        string frame = Encoding.UTF8.GetString(Frame("every_optional", "{}")).Replace("\"time\":\"2026-11-29T22:02:09Z\",", string.Empty);
        Assert.That(frame, Does.Not.Contain("time"));
        Assert.That(Envelope(Read(Encoding.UTF8.GetBytes(frame))).Timestamp, Is.EqualTo(DateTimeOffset.MinValue));
        string nullTime = Encoding.UTF8.GetString(Frame("every_optional", "{}")).Replace("\"2026-11-29T22:02:09Z\"", "null");
        Assert.That(Envelope(Read(Encoding.UTF8.GetBytes(nullTime))).Timestamp, Is.EqualTo(DateTimeOffset.MinValue));
    }

    [TestCase("text/json")]
    [TestCase("application/cloudevents+json")]
    [TestCase("application/vnd.acme.order+json; charset=utf-8")]
    [TestCase("APPLICATION/JSON")]
    public void JSON_media_types_other_than_application_json_are_read(string contentType)
    {
        string frame = Encoding.UTF8.GetString(Frame("every_optional", "{}")).Replace("\"application/json\"", "\"" + contentType + "\"");
        Assert.That(Read(Encoding.UTF8.GetBytes(frame)).Status, Is.EqualTo(EventReadStatus.Ok));
    }

    [TestCase("{\"count\":3.0,\"total\":1e3}", 3, 1000L)]
    [TestCase("{\"count\":1.5E1,\"total\":-2.000}", 15, -2L)]
    public void Integers_written_with_a_zero_fraction_or_an_exponent_are_read(string data, int count, long total)
    {
        EventEnvelope<EveryOptional> read = Envelope(Read(Frame("every_optional", data)));
        Assert.That(read.Data.Count, Is.EqualTo(count));
        Assert.That(read.Data.Total, Is.EqualTo(total));
    }

    [Test]
    public void Our_writer_keeps_32_hex_ids_and_always_writes_time()
    {
        EventEnvelope<EveryOptional> built = WireEvents.BuildEvent(new EveryOptional());
        Assert.That(EventIds.IsWellFormed(built.EventId), Is.True);
        using JsonDocument written = JsonDocument.Parse(WireEvents.Codec.Serialize(built));
        Assert.That(written.RootElement.GetProperty("time").GetString(), Is.Not.Empty);
        Assert.That(() => WireEvents.Codec.Serialize(built with { EventId = "A234-1234-1234" }),
            Throws.ArgumentException.With.Message.StartsWith("The envelope's event id 'A234-1234-1234' is not 32 lowercase hex characters"));
    }

    [Test]
    public void Frames_the_CloudEvents_SDK_2_9_writes_by_default_are_read()
    {
        // The C# SDK's own defaults: a hyphenated-UUID id, and an event with no time at all.
        var formatter = new JsonEventFormatter();
        foreach (DateTimeOffset? time in new DateTimeOffset?[] { null, new DateTimeOffset(2026, 12, 6, 10, 15, 30, TimeSpan.Zero).AddTicks(1_234_567) })
        {
            var cloudEvent = new CloudEvent
            {
                Id = Guid.NewGuid().ToString(),
                Source = new Uri("urn:eventcatalog:node:go-producer", UriKind.RelativeOrAbsolute),
                Type = "io.eventcatalog.tests.wire.every_optional",
                Time = time,
                DataContentType = "application/json",
                Data = JsonDocument.Parse("{\"text\":\"hi\",\"at\":\"2026-12-06T10:15:30.123456789Z\"}").RootElement,
            };
            byte[] frame = formatter.EncodeStructuredModeMessage(cloudEvent, out _).ToArray();
            EventEnvelope<EveryOptional> read = Envelope(Read(frame));
            Assert.That(read.EventId, Is.EqualTo(cloudEvent.Id));
            Assert.That(read.Node, Is.EqualTo("go-producer"));
            Assert.That(read.Timestamp, Is.EqualTo(time ?? DateTimeOffset.MinValue));
            Assert.That(read.Data.Text, Is.EqualTo("hi"));
            Assert.That(read.Data.At, Is.EqualTo(new DateTimeOffset(2026, 12, 6, 10, 15, 30, TimeSpan.Zero).AddTicks(1_234_567)));

            // And the SDK reads the Go-style nanosecond time the same way.
            string nano = Encoding.UTF8.GetString(frame);
            if (time is not null)
            {
                nano = System.Text.RegularExpressions.Regex.Replace(nano, "\"time\":\"[^\"]*\"", "\"time\":\"2026-12-06T10:15:30.123456789Z\"");
                CloudEvent sdk = formatter.DecodeStructuredModeMessage(Encoding.UTF8.GetBytes(nano), new ContentType(CloudEventNames.StructuredContentType), null);
                Assert.That(Envelope(Read(Encoding.UTF8.GetBytes(nano))).Timestamp, Is.EqualTo(sdk.Time));
            }
        }
    }
}
