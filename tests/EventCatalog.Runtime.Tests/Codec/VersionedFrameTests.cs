using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using EventCatalog.Runtime.Tests.Versions;
using Json.Schema;
using NUnit.Framework;

namespace EventCatalog.Runtime.Tests.Codec;

/// <summary>
/// Data versions on the wire (SPEC §10, issue 15): frames of an event above version 1 carry the CloudEvents extension
/// attribute <c>dataversion</c> (an Integer); frames of earlier versions are read into their <c>&lt;Event&gt;V&lt;N&gt;</c>
/// record and upcast to the current one; a later version is <see cref="EventReadStatus.UnknownVersion"/>; a version that
/// is not a positive integer is <see cref="EventReadStatus.Malformed"/>. The catalog is versions.events.yaml (member_joined at
/// version 3, member_left never versioned) with the upcasts of VersionedUpcasts.cs.
/// </summary>
public class VersionedFrameTests
{
    private const string Id = "5f0c3a9e8b7d4c21a0e9f8d7c6b5a493";
    private static readonly DateTimeOffset s_time = new(2026, 11, 29, 22, 2, 9, 123, TimeSpan.Zero);

    private static EventReadResult Read(byte[] frame) => VersionedEvents.Codec.Read(frame);

    /// <summary>A frame of this catalog as an older or newer node writes it; <paramref name="extra"/> goes before <c>data</c> (e.g. a dataversion).</summary>
    internal static byte[] Frame(string eventType, string dataJson, string extra = "") =>
        Encoding.UTF8.GetBytes(
            "{\"specversion\":\"1.0\",\"id\":\"0123456789abcdef0123456789abcdef\",\"source\":\"urn:eventcatalog:node:old-node\"," +
            $"\"type\":\"io.eventcatalog.tests.versions.{eventType}\",\"time\":\"2026-11-29T22:02:09Z\",\"datacontenttype\":\"application/json\"," +
            $"\"category\":\"members\",{extra}\"data\":{dataJson}}}");

    private static MemberJoined ReadJoined(byte[] frame)
    {
        EventReadResult result = Read(frame);
        Assert.That(result.Status, Is.EqualTo(EventReadStatus.Ok), result.ToString());
        return ((EventEnvelope<MemberJoined>)result.Envelope!).Data;
    }

    [Test]
    public void A_version_3_event_is_written_with_dataversion_3_before_its_data_and_reads_back_equal()
    {
        var envelope = new EventEnvelope<MemberJoined>(Id, MemberJoined.EventType, "store_1", "node-1", s_time, new MemberJoined("exesdb@node-2", 9_007_199_254_740_993L, "exesdb@node-1"));
        byte[] frame = VersionedEvents.Codec.Serialize(VersionedEvents.BuildPayload(envelope.Data) with { Event = envelope });

        Assert.That(Encoding.UTF8.GetString(frame), Is.EqualTo(
            "{\"specversion\":\"1.0\",\"id\":\"5f0c3a9e8b7d4c21a0e9f8d7c6b5a493\",\"source\":\"urn:eventcatalog:node:node-1\"," +
            "\"type\":\"io.eventcatalog.tests.versions.member_joined\",\"time\":\"2026-11-29T22:02:09.123+00:00\",\"datacontenttype\":\"application/json\"," +
            "\"storeid\":\"store_1\",\"category\":\"members\",\"wrapper\":\"member_event\",\"dataversion\":3," +
            "\"data\":{\"via_node\":\"exesdb@node-2\",\"term\":9007199254740993,\"leader\":\"exesdb@node-1\"}}"));
        EventReadResult read = Read(frame);
        Assert.That(read.Status, Is.EqualTo(EventReadStatus.Ok), read.ToString());
        Assert.That(read.Wrapper, Is.EqualTo("member_event"));
        Assert.That(CodecSamples.Difference(envelope, read.Envelope), Is.Null);
        Assert.That(MemberJoined.DataVersion, Is.EqualTo(3));
    }

    [Test]
    public void Every_sample_of_the_versioned_catalog_round_trips_as_an_envelope_and_as_a_payload()
    {
        int count = 0;
        foreach (Type record in CodecSamples.RecordsOf(typeof(VersionedEvents)))
        {
            for (int variant = 0; variant < 4; variant++)
            {
                IEventEnvelope envelope = CodecSamples.EnvelopeOf(record, variant, variant == 1 ? null : "store_1");
                foreach (object written in new object[] { envelope, CodecSamples.PayloadOf(envelope, "member_event") })
                {
                    byte[] frame = written is IEventPayload payload ? VersionedEvents.Codec.Serialize(payload) : VersionedEvents.Codec.Serialize(envelope);
                    EventReadResult read = Read(frame);
                    Assert.That(read.Status, Is.EqualTo(EventReadStatus.Ok), read.ToString());
                    Assert.That(CodecSamples.Difference(written is IEventPayload ? written : envelope, written is IEventPayload ? read.Payload : read.Envelope), Is.Null, record.Name);
                    count++;
                }
            }
        }

        Assert.That(CodecSamples.RecordsOf(typeof(VersionedEvents)).Select(t => t.Name), Is.EqualTo(new[] { "MemberJoined", "MemberLeft" }), "the earlier versions' records are not events of the catalog");
        Assert.That(count, Is.EqualTo(2 * 4 * 2));
    }

    [Test]
    public void A_never_versioned_event_writes_no_dataversion_so_its_frames_are_as_before_versions()
    {
        var envelope = new EventEnvelope<MemberLeft>(Id, MemberLeft.EventType, null, "node-1", s_time, new MemberLeft("exesdb@node-3"));
        Assert.That(Encoding.UTF8.GetString(VersionedEvents.Codec.Serialize(envelope)), Is.EqualTo(
            "{\"specversion\":\"1.0\",\"id\":\"5f0c3a9e8b7d4c21a0e9f8d7c6b5a493\",\"source\":\"urn:eventcatalog:node:node-1\"," +
            "\"type\":\"io.eventcatalog.tests.versions.member_left\",\"time\":\"2026-11-29T22:02:09.123+00:00\",\"datacontenttype\":\"application/json\"," +
            "\"category\":\"members\",\"data\":{\"node\":\"exesdb@node-3\"}}"));
        Assert.That(Read(Frame("member_left", "{\"node\":\"n\"}", "\"dataversion\":1,")).Status, Is.EqualTo(EventReadStatus.Ok), "an explicit version 1 is version 1");
    }

    [Test]
    public void A_version_1_frame_is_read_as_the_current_record_through_both_upcasts()
    {
        // Version 1 wrote no dataversion: every frame from before versions existed reads as version 1.
        Assert.That(ReadJoined(Frame("member_joined", "{\"node\":\"exesdb@node-2\"}")), Is.EqualTo(new MemberJoined("exesdb@node-2", 0L, null)));
        Assert.That(ReadJoined(Frame("member_joined", "{\"node\":\"exesdb@node-2\"}", "\"dataversion\":1,")), Is.EqualTo(new MemberJoined("exesdb@node-2", 0L, null)));
        Assert.That(ReadJoined(Frame("member_joined", "{\"node\":\"exesdb@node-2\"}", "\"dataversion\":null,")), Is.EqualTo(new MemberJoined("exesdb@node-2", 0L, null)), "the JSON format treats a null attribute as absent");
    }

    [Test]
    public void A_version_2_frame_is_read_as_the_current_record_with_its_envelope_and_wrapper()
    {
        EventReadResult read = Read(Frame("member_joined", "{\"term\":7,\"via_node\":\"exesdb@node-4\"}", "\"storeid\":\"store_9\",\"wrapper\":\"member_event\",\"dataversion\":2,"));
        Assert.That(read.Status, Is.EqualTo(EventReadStatus.Ok), read.ToString());
        var payload = (EventPayload<MemberJoined>)read.Payload!;
        Assert.That(payload.Wrapper, Is.EqualTo("member_event"));
        Assert.That(payload.Event.EventId, Is.EqualTo("0123456789abcdef0123456789abcdef"));
        Assert.That(payload.Event.EventType, Is.EqualTo("member_joined"));
        Assert.That(payload.Event.StoreId, Is.EqualTo("store_9"));
        Assert.That(payload.Event.Node, Is.EqualTo("old-node"));
        Assert.That(payload.Event.Timestamp, Is.EqualTo(new DateTimeOffset(2026, 11, 29, 22, 2, 9, TimeSpan.Zero)));
        Assert.That(payload.Event.Data, Is.EqualTo(new MemberJoined("exesdb@node-4", 7L, null)));
    }

    [Test]
    public void A_frame_is_read_with_the_shape_of_the_version_it_names()
    {
        // Version 2's term is an int: a value only version 3's long can hold is not version 2 data.
        EventReadResult wide = Read(Frame("member_joined", "{\"via_node\":\"n\",\"term\":3000000000}", "\"dataversion\":2,"));
        Assert.That(wide.Status, Is.EqualTo(EventReadStatus.Malformed));
        Assert.That(wide.Error, Is.EqualTo("$.data.term: expected an integer from -2147483648 to 2147483647, found 3000000000"));
        Assert.That(ReadJoined(Frame("member_joined", "{\"via_node\":\"n\",\"term\":3000000000}", "\"dataversion\":3,")), Is.EqualTo(new MemberJoined("n", 3_000_000_000L, null)));

        // A version 3 body labelled version 1 lacks version 1's node.
        EventReadResult mislabelled = Read(Frame("member_joined", "{\"via_node\":\"n\",\"term\":1}", "\"dataversion\":1,"));
        Assert.That(mislabelled.Status, Is.EqualTo(EventReadStatus.Malformed));
        Assert.That(mislabelled.Error, Is.EqualTo("$.data.node: missing required field"));
        Assert.That(mislabelled.EventType, Is.EqualTo("member_joined"));
    }

    [TestCase("member_joined", 4, 3)]
    [TestCase("member_joined", 2147483647, 3)]
    [TestCase("member_left", 2, 1)]
    public void A_frame_newer_than_the_catalog_is_UnknownVersion_naming_the_version_and_the_event(string eventType, int version, int known)
    {
        EventReadResult result = Read(Frame(eventType, "{\"anything\":[1,2]}", $"\"dataversion\":{version},"));
        Assert.That(result.Status, Is.EqualTo(EventReadStatus.UnknownVersion));
        Assert.That(result.EventType, Is.EqualTo(eventType));
        Assert.That(result.Envelope, Is.Null);
        Assert.That(result.Error, Is.EqualTo($"$.dataversion: version {version} of event '{eventType}' is newer than this catalog's (version {known}); the node that wrote it runs a later catalog"));
    }

    [TestCase("\"3\"", "expected a positive integer (the data version), found a string")]
    [TestCase("true", "expected a positive integer (the data version), found a boolean")]
    [TestCase("{\"v\":3}", "expected a positive integer (the data version), found an object")]
    [TestCase("[3]", "expected a positive integer (the data version), found an array")]
    [TestCase("0", "expected a positive integer (the data version), found 0")]
    [TestCase("-2", "expected a positive integer (the data version), found -2")]
    [TestCase("2.5", "expected a positive integer (the data version), found 2.5")]
    [TestCase("2.0", "expected a positive integer (the data version), found 2.0")]
    [TestCase("2e0", "expected a positive integer (the data version), found 2e0")]
    [TestCase("2147483648", "expected a positive integer (the data version), found 2147483648")]
    [TestCase("1e400", "expected a positive integer (the data version), found 1e400")]
    public void A_dataversion_that_is_not_a_positive_integer_is_Malformed(string value, string problem)
    {
        EventReadResult result = Read(Frame("member_joined", "{\"node\":\"n\"}", $"\"dataversion\":{value},"));
        Assert.That(result.Status, Is.EqualTo(EventReadStatus.Malformed));
        Assert.That(result.Error, Is.EqualTo("$.dataversion: " + problem));
    }

    [Test]
    public void A_duplicate_dataversion_is_Malformed()
    {
        EventReadResult result = Read(Frame("member_joined", "{\"node\":\"n\"}", "\"dataversion\":1,\"dataversion\":3,"));
        Assert.That(result.Status, Is.EqualTo(EventReadStatus.Malformed));
        Assert.That(result.Error, Is.EqualTo("$.dataversion: duplicate property"));
    }

    [Test]
    public void An_upcast_that_throws_is_Malformed_with_both_versions_and_the_exception_not_a_crash()
    {
        EventReadResult direct = Read(Frame("member_joined", "{\"via_node\":\"n\",\"term\":-1}", "\"dataversion\":2,"));
        Assert.That(direct.Status, Is.EqualTo(EventReadStatus.Malformed));
        Assert.That(direct.EventType, Is.EqualTo("member_joined"));
        Assert.That(direct.Error, Is.EqualTo("$.data: the upcast of event 'member_joined' from data version 2 to 3 threw ArgumentOutOfRangeException: A term is never negative. (Parameter 'previous')\nActual value was -1."));
    }

    [Test]
    public void A_batch_of_every_version_gives_the_upcast_records_and_UnknownVersion_for_the_newer_one()
    {
        string[] frames =
        {
            Encoding.UTF8.GetString(Frame("member_joined", "{\"node\":\"a\"}")),
            Encoding.UTF8.GetString(Frame("member_joined", "{\"via_node\":\"b\",\"term\":2}", "\"dataversion\":2,")),
            Encoding.UTF8.GetString(Frame("member_joined", "{\"via_node\":\"c\",\"term\":3,\"leader\":\"l\"}", "\"dataversion\":3,")),
            Encoding.UTF8.GetString(Frame("member_joined", "{\"via_node\":\"d\",\"term\":4,\"region\":\"eu\"}", "\"dataversion\":4,")),
        };
        IEventCodec combined = EventCodec.Combine(ExESDB.Events.Codec, VersionedEvents.Codec);
        IReadOnlyList<EventReadResult> results = combined.ReadBatch(Encoding.UTF8.GetBytes("[" + string.Join(",", frames) + "]"));

        Assert.That(results.Select(r => r.Status), Is.EqualTo(new[] { EventReadStatus.Ok, EventReadStatus.Ok, EventReadStatus.Ok, EventReadStatus.UnknownVersion }));
        Assert.That(results.Take(3).Select(r => r.Envelope!.Data), Is.EqualTo(new object[] { new MemberJoined("a", 0L, null), new MemberJoined("b", 2L, null), new MemberJoined("c", 3L, "l") }));
        Assert.That(results[3].Error, Is.EqualTo("$[3].dataversion: version 4 of event 'member_joined' is newer than this catalog's (version 3); the node that wrote it runs a later catalog"));
    }

    [Test]
    public void Versioned_frames_validate_against_the_CloudEvents_JSON_schema_and_the_SDK_reads_dataversion_as_an_Integer_extension()
    {
        JsonSchema schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Codec", "Schemas", "cloudevents.json")));
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        var formatter = new JsonEventFormatter();
        CloudEventAttribute dataVersion = CloudEventAttribute.CreateExtension(CloudEventNames.DataVersionExtension, CloudEventAttributeType.Integer);
        int frames = 0;
        foreach (int variant in Enumerable.Range(0, 4))
        {
            IEventEnvelope envelope = CodecSamples.EnvelopeOf(typeof(MemberJoined), variant);
            foreach (byte[] frame in new[] { VersionedEvents.Codec.Serialize(envelope), VersionedEvents.Codec.Serialize(CodecSamples.PayloadOf(envelope, "member_event")) })
            {
                using JsonDocument document = JsonDocument.Parse(frame);
                Assert.That(document.RootElement.GetProperty(CloudEventNames.DataVersionExtension).GetInt32(), Is.EqualTo(3));
                EvaluationResults results = schema.Evaluate(document.RootElement, options);
                Assert.That(results.IsValid, Is.True, () => Encoding.UTF8.GetString(frame));

                // The SDK reads an extension it was not told about as a string; declared as an Integer, it reads the number.
                CloudEvent cloudEvent = formatter.DecodeStructuredModeMessage(frame, new ContentType(CloudEventNames.StructuredContentType), new[] { dataVersion });
                Assert.That(cloudEvent[CloudEventNames.DataVersionExtension], Is.EqualTo(3));
                frames++;
            }
        }

        Assert.That(frames, Is.EqualTo(8));
    }
}
