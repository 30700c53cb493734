using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using EventCatalog.Runtime.Tests.Wire;
using Json.Schema;
using NUnit.Framework;

namespace EventCatalog.Runtime.Tests.Codec;

/// <summary>
/// Frames are CloudEvents by the spec's own JSON schema (cloudevents/spec, cloudevents.json) and by the CloudEvents C# SDK
/// (CloudNative.CloudEvents 2.9.0): it reads what the codec writes with the same attributes and data, and the codec reads what it writes.
/// </summary>
public class CloudEventsInteropTests
{
    private static readonly Lazy<JsonSchema> s_schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Codec", "Schemas", "cloudevents.json"))));

    private static readonly IEventCodec s_codec = EventCodec.Combine(ExESDB.Events.Codec, WireEvents.Codec);

    [Test]
    public void Every_written_frame_validates_against_the_CloudEvents_JSON_schema()
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        int frames = 0;
        foreach (IEventEnvelope envelope in CodecSamples.AllEnvelopes())
        {
            foreach (byte[] frame in new[] { s_codec.Serialize(envelope), s_codec.Serialize(CodecSamples.PayloadOf(envelope, "w_event")) })
            {
                using JsonDocument document = JsonDocument.Parse(frame);
                EvaluationResults results = s_schema.Value.Evaluate(document.RootElement, options);
                Assert.That(results.IsValid, Is.True, () => Encoding.UTF8.GetString(frame) + "\n" + string.Join("\n", (results.Details ?? new List<EvaluationResults>()).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Value))));
                frames++;
            }
        }

        Assert.That(frames, Is.EqualTo((63 + 7) * 4 * 2));
    }

    [Test]
    public void The_schema_check_is_real_a_frame_without_specversion_fails_it()
    {
        string frame = Encoding.UTF8.GetString(s_codec.Serialize(CodecSamples.EnvelopeOf(typeof(EveryScalar), 1))).Replace("\"specversion\":\"1.0\",", string.Empty);
        using JsonDocument document = JsonDocument.Parse(frame);
        Assert.That(s_schema.Value.Evaluate(document.RootElement, new EvaluationOptions { RequireFormatValidation = true }).IsValid, Is.False);
    }

    [Test]
    public void The_SDK_formatter_reads_every_frame_with_the_same_attributes_and_data()
    {
        var formatter = new JsonEventFormatter();
        foreach (IEventEnvelope envelope in CodecSamples.AllEnvelopes())
        {
            byte[] frame = s_codec.Serialize(CodecSamples.PayloadOf(envelope, "w_event"));
            CloudEvent cloudEvent = formatter.DecodeStructuredModeMessage(frame, new ContentType(CloudEventNames.StructuredContentType), null);

            string category = ((ICatalogEvent)envelope.Data!).Category;
            string prefix = envelope.Data is ExESDB.ClusterJoined || envelope.Data!.GetType().Namespace == "ExESDB" ? "io.exesdb.control." : "io.eventcatalog.tests.wire.";
            Assert.That(cloudEvent.SpecVersion, Is.EqualTo(CloudEventsSpecVersion.V1_0));
            Assert.That(cloudEvent.Id, Is.EqualTo(envelope.EventId));
            Assert.That(cloudEvent.Source!.OriginalString, Is.EqualTo(CloudEventSource.FromNode(envelope.Node)));
            Assert.That(cloudEvent.Type, Is.EqualTo(prefix + envelope.EventType));
            Assert.That(cloudEvent.Time, Is.EqualTo(envelope.Timestamp));
            Assert.That(cloudEvent.DataContentType, Is.EqualTo("application/json"));
            Assert.That(cloudEvent[CloudEventNames.StoreIdExtension], Is.EqualTo(envelope.StoreId));
            Assert.That(cloudEvent[CloudEventNames.CategoryExtension], Is.EqualTo(category));
            Assert.That(cloudEvent[CloudEventNames.WrapperExtension], Is.EqualTo("w_event"));

            using JsonDocument ours = JsonDocument.Parse(frame);
            var data = (JsonElement)cloudEvent.Data!;
            Assert.That(data.GetRawText(), Is.EqualTo(ours.RootElement.GetProperty("data").GetRawText()), envelope.EventType);
        }
    }

    [Test]
    public void The_codec_reads_frames_the_SDK_formatter_writes()
    {
        var formatter = new JsonEventFormatter();
        foreach (IEventEnvelope envelope in CodecSamples.AllEnvelopes())
        {
            using JsonDocument ours = JsonDocument.Parse(s_codec.Serialize(envelope));
            string prefix = envelope.Data!.GetType().Namespace == "ExESDB" ? "io.exesdb.control." : "io.eventcatalog.tests.wire.";
            var extensions = new[]
            {
                CloudEventAttribute.CreateExtension(CloudEventNames.StoreIdExtension, CloudEventAttributeType.String),
                CloudEventAttribute.CreateExtension(CloudEventNames.CategoryExtension, CloudEventAttributeType.String),
            };
            var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, extensions)
            {
                Id = envelope.EventId,
                Source = new Uri(CloudEventSource.FromNode(envelope.Node), UriKind.RelativeOrAbsolute),
                Type = prefix + envelope.EventType,
                Time = envelope.Timestamp,
                DataContentType = "application/json",
                Data = ours.RootElement.GetProperty("data").Clone(),
            };
            if (envelope.StoreId is not null)
            {
                cloudEvent[CloudEventNames.StoreIdExtension] = envelope.StoreId;
            }

            cloudEvent[CloudEventNames.CategoryExtension] = ((ICatalogEvent)envelope.Data).Category;
            ReadOnlyMemory<byte> frame = formatter.EncodeStructuredModeMessage(cloudEvent, out _);

            EventReadResult read = s_codec.Read(frame.Span);
            Assert.That(read.Status, Is.EqualTo(EventReadStatus.Ok), () => read + "\n" + Encoding.UTF8.GetString(frame.Span));
            Assert.That(CodecSamples.Difference(envelope, read.Envelope), Is.Null, envelope.EventType);
        }
    }

    [Test]
    public void Combine_reads_and_writes_both_catalogs_and_splits_a_mixed_batch()
    {
        IEventEnvelope root = ExESDB.Events.BuildEvent(new ExESDB.ClusterJoined("n2"), "s1");
        IEventEnvelope wire = WireEvents.BuildEvent(new EveryOptional(Count: 2));
        Assert.That(s_codec.EventTypes, Has.Count.EqualTo(63 + 7));
        Assert.That(s_codec.CanHandle("cluster_joined") && s_codec.CanHandle("every_optional"), Is.True);

        var output = new System.Buffers.ArrayBufferWriter<byte>();
        s_codec.WriteBatch(new[] { root, wire }, output);
        IReadOnlyList<EventReadResult> results = s_codec.ReadBatch(output.WrittenSpan);
        Assert.That(CodecSamples.Difference(root, results[0].Envelope), Is.Null);
        Assert.That(CodecSamples.Difference(wire, results[1].Envelope), Is.Null);

        EventReadResult unknown = s_codec.Read(CodecRoundTripTests.Frame("nobody_knows", "{}"));
        Assert.That(unknown.Status, Is.EqualTo(EventReadStatus.UnknownType));
    }

    [Test]
    public void Combine_refuses_two_codecs_that_handle_the_same_event_type_naming_it()
    {
        IEventCodec again = WireEvents.CreateCodec(new EventCodecOptions { MaxDepth = 8 });
        Assert.That(() => EventCodec.Combine(WireEvents.Codec, ExESDB.Events.Codec, again),
            Throws.ArgumentException.With.Message.StartsWith(
                "The event type 'every_scalar' is in the codecs at index 0 (EventCatalog.Runtime.Tests.Wire.WireEvents+CloudEventCodec) and 2 (EventCatalog.Runtime.Tests.Wire.WireEvents+CloudEventCodec); event types must be unique across the combined catalogs."));
        Assert.That(EventCodec.Combine(WireEvents.Codec), Is.SameAs(WireEvents.Codec));
    }
}
