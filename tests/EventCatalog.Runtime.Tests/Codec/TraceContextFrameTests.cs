using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Net.Mime;
using System.Text;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using EventCatalog.Runtime.Tests.Wire;
using NUnit.Framework;

namespace EventCatalog.Runtime.Tests.Codec;

/// <summary>
/// The CloudEvents distributed-tracing attributes (SPEC §12): <c>traceparent</c>/<c>tracestate</c> written from the envelope or the
/// current activity, read back onto the envelope, W3C Trace Context syntax checked on read (a bad value is dropped, reported and
/// counted, never failing the event), interop with the CloudEvents C# SDK 2.9.0, and frames without tracing unchanged.
/// </summary>
[NonParallelizable] // Activity.Current and the codec meter are process-wide observations.
public class TraceContextFrameTests
{
    private const string Parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private const string State = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";

    private static readonly IEventCodec s_codec = EventCodec.Combine(ExESDB.Events.Codec, WireEvents.Codec);

    private static EventEnvelope<ExESDB.ClusterJoined> Envelope() => new(
        "5f0c3a9e8b7d4c21a0e9f8d7c6b5a493", ExESDB.ClusterJoined.EventType, "store_1", "ExESDB.ControlPlane@node-1",
        new DateTimeOffset(2026, 11, 29, 22, 2, 9, 123, TimeSpan.Zero), new ExESDB.ClusterJoined("exesdb@node-2"));

    [Test]
    public void An_envelope_with_a_trace_context_is_written_with_both_attributes_before_data()
    {
        Assert.That(Activity.Current, Is.Null);
        string frame = Encoding.UTF8.GetString(ExESDB.Events.Codec.Serialize(Envelope() with { TraceParent = Parent, TraceState = State }));
        Assert.That(frame, Is.EqualTo(
            "{\"specversion\":\"1.0\",\"id\":\"5f0c3a9e8b7d4c21a0e9f8d7c6b5a493\",\"source\":\"urn:eventcatalog:node:ExESDB.ControlPlane@node-1\"," +
            "\"type\":\"io.exesdb.control.cluster_joined\",\"time\":\"2026-11-29T22:02:09.123+00:00\",\"datacontenttype\":\"application/json\"," +
            "\"storeid\":\"store_1\",\"category\":\"cluster\"," +
            "\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\",\"tracestate\":\"rojo=00f067aa0ba902b7,congo=t61rcWkgMzE\"," +
            "\"data\":{\"via_node\":\"exesdb@node-2\"}}"));
    }

    [Test]
    public void Without_an_activity_or_an_envelope_context_a_frame_is_byte_identical_to_one_written_before_tracing()
    {
        Assert.That(Activity.Current, Is.Null);
        string frame = Encoding.UTF8.GetString(ExESDB.Events.Codec.Serialize(Envelope()));
        Assert.That(frame, Is.EqualTo(
            "{\"specversion\":\"1.0\",\"id\":\"5f0c3a9e8b7d4c21a0e9f8d7c6b5a493\",\"source\":\"urn:eventcatalog:node:ExESDB.ControlPlane@node-1\"," +
            "\"type\":\"io.exesdb.control.cluster_joined\",\"time\":\"2026-11-29T22:02:09.123+00:00\",\"datacontenttype\":\"application/json\"," +
            "\"storeid\":\"store_1\",\"category\":\"cluster\",\"data\":{\"via_node\":\"exesdb@node-2\"}}"));
        foreach (IEventEnvelope envelope in CodecSamples.AllEnvelopes())
        {
            Assert.That(Encoding.UTF8.GetString(s_codec.Serialize(envelope)), Does.Not.Contain("trace"));
        }
    }

    [Test]
    public void The_current_activity_is_written_when_the_envelope_has_no_context_and_the_envelope_wins_when_it_has_one()
    {
        using var activity = new Activity("publish").SetIdFormat(ActivityIdFormat.W3C);
        activity.TraceStateString = "vendor=abc";
        activity.Start();

        JsonObject frame = JsonNode.Parse(ExESDB.Events.Codec.Serialize(Envelope()))!.AsObject();
        Assert.That(frame["traceparent"]!.GetValue<string>(), Is.EqualTo(activity.Id));
        Assert.That(frame["traceparent"]!.GetValue<string>(), Does.StartWith("00-" + activity.TraceId.ToHexString() + "-" + activity.SpanId.ToHexString()));
        Assert.That(frame["tracestate"]!.GetValue<string>(), Is.EqualTo("vendor=abc"));

        JsonObject own = JsonNode.Parse(ExESDB.Events.Codec.Serialize(Envelope() with { TraceParent = Parent }))!.AsObject();
        Assert.That(own["traceparent"]!.GetValue<string>(), Is.EqualTo(Parent));
        Assert.That(own.ContainsKey("tracestate"), Is.False, "the activity's tracestate belongs to the activity's traceparent, not the envelope's");

        // An activity's tracestate is not checked when code sets it: a malformed one is left out, the traceparent still goes.
        activity.TraceStateString = "Not Valid";
        JsonObject bad = JsonNode.Parse(ExESDB.Events.Codec.Serialize(Envelope()))!.AsObject();
        Assert.That(bad["traceparent"]!.GetValue<string>(), Is.EqualTo(activity.Id));
        Assert.That(bad.ContainsKey("tracestate"), Is.False);
    }

    [Test]
    public void A_hierarchical_activity_has_no_W3C_context_to_write()
    {
        using var activity = new Activity("old").SetIdFormat(ActivityIdFormat.Hierarchical).Start();
        Assert.That(Encoding.UTF8.GetString(ExESDB.Events.Codec.Serialize(Envelope())), Does.Not.Contain("trace"));
    }

    [Test]
    public void The_trace_context_reads_back_onto_envelopes_and_payloads_of_every_event()
    {
        int count = 0;
        foreach (IEventEnvelope envelope in CodecSamples.AllEnvelopes())
        {
            IEventEnvelope traced = WithTrace(envelope, Parent, count % 2 == 0 ? State : null);
            EventReadResult read = s_codec.Read(s_codec.Serialize(traced));
            Assert.That(read.Status, Is.EqualTo(EventReadStatus.Ok), read.ToString());
            Assert.That(read.TraceContextProblem, Is.Null);
            Assert.That(CodecSamples.Difference(traced, read.Envelope), Is.Null, envelope.EventType);
            Assert.That(read.Envelope!.TraceParent, Is.EqualTo(Parent));

            EventReadResult wrapped = s_codec.Read(s_codec.Serialize(CodecSamples.PayloadOf(traced, "w_event")));
            Assert.That(wrapped.Payload!.Event.TraceParent, Is.EqualTo(Parent));
            Assert.That(wrapped.Payload.Event.TraceState, Is.EqualTo(count % 2 == 0 ? State : null));
            count++;
        }

        Assert.That(count, Is.EqualTo((63 + 7) * 4));
    }

    [Test]
    public void A_frame_without_trace_attributes_reads_an_envelope_without_a_context()
    {
        EventReadResult read = WireEvents.Codec.Read(CodecRoundTripTests.Frame("every_optional", "{}"));
        Assert.That(read.Status, Is.EqualTo(EventReadStatus.Ok));
        Assert.That(read.Envelope!.TraceParent, Is.Null);
        Assert.That(read.Envelope.TraceState, Is.Null);
        Assert.That(read.TraceContextProblem, Is.Null);
    }

    // W3C Trace Context Level 1 section 3.2 and the W3C test suite's invalid traceparent cases.
    [TestCase("", "a traceparent is 55 characters (version-traceid-parentid-flags), this one is 0")]
    [TestCase("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0", "a traceparent is 55 characters (version-traceid-parentid-flags), this one is 54")]
    [TestCase("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-", "a version-00 traceparent is exactly 55 characters")]
    [TestCase("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x", "a version-00 traceparent is exactly 55 characters")]
    [TestCase("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "the trace id, parent id and flags are lower-case hex digits")]
    [TestCase("00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01", "the trace id, parent id and flags are lower-case hex digits")]
    [TestCase("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g", "the trace id, parent id and flags are lower-case hex digits")]
    [TestCase("00-00000000000000000000000000000000-00f067aa0ba902b7-01", "the trace id is all zeros")]
    [TestCase("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "the parent id is all zeros")]
    [TestCase("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "version ff is invalid")]
    [TestCase("0x-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "not of the form 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>")]
    [TestCase("00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "not of the form 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>")]
    [TestCase("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7+01", "not of the form 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>")]
    [TestCase(" 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "not of the form 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>")]
    public void A_bad_traceparent_is_ignored_reported_and_counted_and_the_event_reads(string traceParent, string problem)
    {
        using var counts = new IgnoredCounts();
        string extra = $"\"traceparent\":\"{traceParent}\",\"tracestate\":\"{State}\",";
        EventReadResult read = WireEvents.Codec.Read(CodecRoundTripTests.Frame("every_optional", "{}", extra));
        Assert.That(read.Status, Is.EqualTo(EventReadStatus.Ok), read.ToString());
        Assert.That(read.Envelope!.TraceParent, Is.Null);
        Assert.That(read.Envelope.TraceState, Is.Null, "W3C: without a valid traceparent the tracestate is discarded");
        Assert.That(read.TraceContextProblem, Is.EqualTo("$.traceparent: ignored: " + problem));
        Assert.That(counts.Of("traceparent"), Is.EqualTo(1));
        Assert.That(counts.Of("tracestate"), Is.EqualTo(0));
        Assert.That(() => Envelope() with { TraceParent = traceParent }, Throws.ArgumentException.With.Message.Contains("is not a W3C traceparent: " + problem));
    }

    [TestCase("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")]
    [TestCase("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff")]
    [TestCase("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-will-bring")]
    [TestCase("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    public void Valid_traceparents_of_this_and_later_versions_are_kept_as_they_came(string traceParent)
    {
        EventReadResult read = WireEvents.Codec.Read(CodecRoundTripTests.Frame("every_optional", "{}", $"\"traceparent\":\"{traceParent}\","));
        Assert.That(read.Envelope!.TraceParent, Is.EqualTo(traceParent));
        Assert.That(read.TraceContextProblem, Is.Null);
    }

    // W3C Trace Context Level 1 section 3.3: list-member syntax, 32 members, 512 characters, unique keys.
    [TestCase("novalue", "list-member 1: expected key=value")]
    [TestCase("a=", "list-member 1: a value is 1 to 256 characters")]
    [TestCase("=1", "list-member 1: a key is a lower-case letter then up to 255 of a-z 0-9 _ - * / (or tenant@system)")]
    [TestCase("Upper=1", "list-member 1: a key is a lower-case letter then up to 255 of a-z 0-9 _ - * / (or tenant@system)")]
    [TestCase("1abc=1", "list-member 1: a key is a lower-case letter then up to 255 of a-z 0-9 _ - * / (or tenant@system)")]
    [TestCase("a=1,b=x=y", "list-member 2: a value is printable ASCII without ',' and '='")]
    [TestCase("a=caf\u00e9", "list-member 1: a value is printable ASCII without ',' and '='")]
    [TestCase("a=x\u007f", "list-member 1: a value is printable ASCII without ',' and '='")]
    [TestCase("@vendor=1", "list-member 1: a multi-tenant key is tenant@system: a tenant of 1 to 241 and a system of 1 to 14 of a-z 0-9 _ - * /, the system starting with a letter")]
    [TestCase("t@1vendor=1", "list-member 1: a multi-tenant key is tenant@system: a tenant of 1 to 241 and a system of 1 to 14 of a-z 0-9 _ - * /, the system starting with a letter")]
    [TestCase("t@abcdefghijklmno=1", "list-member 1: a multi-tenant key is tenant@system: a tenant of 1 to 241 and a system of 1 to 14 of a-z 0-9 _ - * /, the system starting with a letter")]
    [TestCase("a=1,a=2", "the key 'a' appears twice")]
    public void A_bad_tracestate_is_ignored_and_counted_and_the_traceparent_kept(string traceState, string problem)
    {
        using var counts = new IgnoredCounts();
        string extra = $"\"traceparent\":\"{Parent}\",\"tracestate\":{System.Text.Json.JsonSerializer.Serialize(traceState)},";
        EventReadResult read = WireEvents.Codec.Read(CodecRoundTripTests.Frame("every_optional", "{}", extra));
        Assert.That(read.Status, Is.EqualTo(EventReadStatus.Ok), read.ToString());
        Assert.That(read.Envelope!.TraceParent, Is.EqualTo(Parent));
        Assert.That(read.Envelope.TraceState, Is.Null);
        Assert.That(read.TraceContextProblem, Is.EqualTo("$.tracestate: ignored: " + problem));
        Assert.That(counts.Of("tracestate"), Is.EqualTo(1));
        Assert.That(() => Envelope() with { TraceState = traceState }, Throws.ArgumentException.With.Message.Contains("is not a W3C tracestate: " + problem));
    }

    [Test]
    public void The_tracestate_limits_are_32_members_and_512_characters()
    {
        string members32 = string.Join(",", Enumerable.Range(0, 32).Select(i => "k" + i + "=v"));
        string members33 = members32 + ",k32=v";
        string chars512 = "a=" + new string('x', 256) + ",b=" + new string('y', 251);
        Assert.That(chars512, Has.Length.EqualTo(512));
        Assert.That(Read(members32).Envelope!.TraceState, Is.EqualTo(members32));
        Assert.That(Read(chars512).Envelope!.TraceState, Is.EqualTo(chars512));
        Assert.That(Read(" a=1 ,, \tb@c=2\t,").Envelope!.TraceState, Is.EqualTo(" a=1 ,, \tb@c=2\t,"), "optional white space and empty members are allowed");
        Assert.That(Read(members33).TraceContextProblem, Is.EqualTo("$.tracestate: ignored: a tracestate has at most 32 list-members"));
        Assert.That(Read(chars512 + "z").TraceContextProblem, Is.EqualTo("$.tracestate: ignored: a tracestate is at most 512 characters, this one is 513"));
        Assert.That(Read("a=" + new string('x', 257)).TraceContextProblem, Is.EqualTo("$.tracestate: ignored: list-member 1: a value is 1 to 256 characters"));

        static EventReadResult Read(string traceState) => WireEvents.Codec.Read(CodecRoundTripTests.Frame(
            "every_optional", "{}", $"\"traceparent\":\"{Parent}\",\"tracestate\":{System.Text.Json.JsonSerializer.Serialize(traceState)},"));
    }

    [TestCase("\"traceparent\":42,", "$.traceparent: ignored: expected a string, found a number")]
    [TestCase("\"traceparent\":{\"a\":[1]},", "$.traceparent: ignored: expected a string, found an object")]
    [TestCase("\"traceparent\":\"" + Parent + "\",\"traceparent\":\"" + Parent + "\",", "$.traceparent: ignored: given twice")]
    [TestCase("\"traceparent\":\"" + Parent + "\",\"tracestate\":true,", "$.tracestate: ignored: expected a string, found a boolean")]
    [TestCase("\"traceparent\":\"" + Parent + "\",\"tracestate\":\"a=1\",\"tracestate\":null,", "$.tracestate: ignored: given twice")]
    public void Wrong_types_and_duplicates_are_ignored_not_malformed(string extra, string problem)
    {
        EventReadResult read = WireEvents.Codec.Read(CodecRoundTripTests.Frame("every_optional", "{}", extra));
        Assert.That(read.Status, Is.EqualTo(EventReadStatus.Ok), read.ToString());
        Assert.That(read.TraceContextProblem, Is.EqualTo(problem));
        Assert.That(read.Envelope!.TraceState, Is.Null);
    }

    [Test]
    public void Null_is_an_absent_attribute_and_a_tracestate_without_a_traceparent_is_dropped_silently()
    {
        EventReadResult nulls = WireEvents.Codec.Read(CodecRoundTripTests.Frame("every_optional", "{}", "\"traceparent\":null,\"tracestate\":null,"));
        Assert.That(nulls.Status, Is.EqualTo(EventReadStatus.Ok));
        Assert.That(nulls.TraceContextProblem, Is.Null);
        Assert.That(nulls.Envelope!.TraceParent, Is.Null);

        EventReadResult alone = WireEvents.Codec.Read(CodecRoundTripTests.Frame("every_optional", "{}", "\"tracestate\":\"a=1\","));
        Assert.That(alone.Envelope!.TraceState, Is.Null);
        Assert.That(alone.TraceContextProblem, Is.Null);
    }

    [Test]
    public void The_frame_limits_still_apply_to_the_trace_attributes()
    {
        string huge = new('a', EventCodecOptions.DefaultMaxStringBytes + 1);
        EventReadResult tooLong = WireEvents.Codec.Read(CodecRoundTripTests.Frame("every_optional", "{}", $"\"tracestate\":\"{huge}\","));
        Assert.That(tooLong.Status, Is.EqualTo(EventReadStatus.Malformed));
        Assert.That(tooLong.Error, Does.StartWith("$.tracestate: "));

        string deep = new string('[', 200) + new string(']', 200);
        EventReadResult tooDeep = WireEvents.Codec.Read(CodecRoundTripTests.Frame("every_optional", "{}", $"\"traceparent\":{deep},"));
        Assert.That(tooDeep.Status, Is.EqualTo(EventReadStatus.Malformed));
        Assert.That(tooDeep.Error, Does.StartWith("$.traceparent"));
    }

    [Test]
    public void A_CloudEvents_SDK_frame_with_traceparent_and_tracestate_reads_them_onto_the_envelope()
    {
        var extensions = new[]
        {
            CloudEventAttribute.CreateExtension(CloudEventNames.CategoryExtension, CloudEventAttributeType.String),
            CloudEventAttribute.CreateExtension(CloudEventNames.TraceParentExtension, CloudEventAttributeType.String),
            CloudEventAttribute.CreateExtension(CloudEventNames.TraceStateExtension, CloudEventAttributeType.String),
        };
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, extensions)
        {
            Id = "5f0c3a9e8b7d4c21a0e9f8d7c6b5a493",
            Source = new Uri("urn:eventcatalog:node:sdk-node", UriKind.RelativeOrAbsolute),
            Type = "io.exesdb.control.cluster_joined",
            Time = new DateTimeOffset(2026, 11, 29, 22, 2, 9, TimeSpan.Zero),
            DataContentType = "application/json",
            Data = System.Text.Json.JsonDocument.Parse("{\"via_node\":\"n2\"}").RootElement.Clone(),
        };
        cloudEvent[CloudEventNames.CategoryExtension] = "cluster";
        cloudEvent[CloudEventNames.TraceParentExtension] = Parent;
        cloudEvent[CloudEventNames.TraceStateExtension] = State;
        ReadOnlyMemory<byte> frame = new JsonEventFormatter().EncodeStructuredModeMessage(cloudEvent, out _);
        Assert.That(Encoding.UTF8.GetString(frame.Span), Does.Contain("\"traceparent\":\"" + Parent + "\""));

        EventReadResult read = s_codec.Read(frame.Span);
        Assert.That(read.Status, Is.EqualTo(EventReadStatus.Ok), read.ToString());
        Assert.That(read.Envelope!.TraceParent, Is.EqualTo(Parent));
        Assert.That(read.Envelope.TraceState, Is.EqualTo(State));
        Assert.That(read.Envelope.Node, Is.EqualTo("sdk-node"));
    }

    [Test]
    public void Our_frames_traceparent_reads_back_in_the_CloudEvents_SDK_as_the_extension_attribute()
    {
        using var activity = new Activity("publish").SetIdFormat(ActivityIdFormat.W3C).Start();
        var formatter = new JsonEventFormatter();
        foreach (IEventEnvelope envelope in new IEventEnvelope[] { Envelope() with { TraceParent = Parent, TraceState = State }, Envelope() })
        {
            byte[] frame = s_codec.Serialize(envelope);
            CloudEvent cloudEvent = formatter.DecodeStructuredModeMessage(frame, new ContentType(CloudEventNames.StructuredContentType), null);
            string expected = envelope.TraceParent ?? activity.Id!;
            Assert.That(cloudEvent[CloudEventNames.TraceParentExtension], Is.EqualTo(expected));
            Assert.That(cloudEvent.GetPopulatedAttributes().Single(a => a.Key.Name == "traceparent").Key.IsExtension, Is.True);
            Assert.That(cloudEvent[CloudEventNames.TraceStateExtension], Is.EqualTo(envelope.TraceState));
        }
    }

    [Test]
    public void Envelopes_check_their_context_when_it_is_set_and_keep_it_out_of_the_seed_map()
    {
        EventEnvelope<ExESDB.ClusterJoined> traced = Envelope() with { TraceParent = Parent, TraceState = State };
        Assert.That(traced.TraceParent, Is.EqualTo(Parent));
        Assert.That(traced, Is.Not.EqualTo(Envelope()), "the context is part of the record's value");
        Assert.That(traced.ToMap().Keys, Is.EquivalentTo(new[] { "event_id", "event_type", "store_id", "node", "timestamp", "data" }));
        Assert.That((Envelope() with { TraceParent = null }).TraceParent, Is.Null);
        Assert.That(() => Envelope() with { TraceParent = "nope" }, Throws.ArgumentException.With.Property("ParamName").EqualTo("TraceParent"));
        Assert.That(() => Envelope() with { TraceState = "A=1" }, Throws.ArgumentException.With.Property("ParamName").EqualTo("TraceState"));
    }

    private static IEventEnvelope WithTrace(IEventEnvelope envelope, string traceParent, string? traceState)
    {
        Type type = envelope.GetType();
        var copy = (IEventEnvelope)type.GetMethod("<Clone>$")!.Invoke(envelope, null)!;
        type.GetProperty(nameof(IEventEnvelope.TraceParent))!.SetValue(copy, traceParent);
        type.GetProperty(nameof(IEventEnvelope.TraceState))!.SetValue(copy, traceState);
        return copy;
    }

    /// <summary>The codec meter's ignored-attribute counts recorded on this thread while it lives (reads are synchronous).</summary>
    internal sealed class IgnoredCounts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _counts = new();
        private readonly int _thread = Environment.CurrentManagedThreadId;

        public IgnoredCounts()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EventCatalogTelemetry.CodecMeterName && instrument.Name == "eventcatalog.codec.trace_context.ignored")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                if (Environment.CurrentManagedThreadId != _thread)
                {
                    return;
                }

                foreach (KeyValuePair<string, object?> tag in tags)
                {
                    if (tag.Key == "cloudevents.attribute")
                    {
                        _counts[(string)tag.Value!] = _counts.GetValueOrDefault((string)tag.Value!) + value;
                    }
                }
            });
            _listener.Start();
        }

        public long Of(string attribute) => _counts.GetValueOrDefault(attribute);

        public void Dispose() => _listener.Dispose();
    }
}
