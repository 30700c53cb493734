using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using EventCatalog.Runtime.Tests.Wire;
using NUnit.Framework;

namespace EventCatalog.Runtime.Tests.Codec;

/// <summary>
/// Read never throws, never hangs, and names what is wrong: a seeded generator mutates real frames of both catalogs
/// (truncations, byte flips, deep nesting, huge strings, wrong JSON types, duplicate keys, invalid UTF-8, numbers out
/// of range, unknown types, oversized frames), and every result must be Ok or a named status with a JSON-path error.
/// </summary>
public class HostileFrameTests
{
    private const int Seed = 20261129;
    private const int Frames = 12_000;
    private const int Batches = 600;

    private enum Mutation
    {
        Truncate,
        FlipByte,
        FlipBytes,
        DeepNesting,
        HugeString,
        WrongType,
        DuplicateKey,
        InvalidUtf8,
        NumberOutOfRange,
        UnknownType,
        Oversized,
    }

    private static readonly IEventCodec s_codec = EventCodec.Combine(ExESDB.Events.Codec, WireEvents.Codec);

    [Test]
    public void Ten_thousand_mutated_frames_give_Ok_or_a_named_error_and_never_an_exception()
    {
        var random = new Random(Seed);
        byte[][] originals = CodecSamples.AllEnvelopes()
            .SelectMany(e => new[] { s_codec.Serialize(e), s_codec.Serialize(CodecSamples.PayloadOf(e, "w_event")) })
            .ToArray();
        Mutation[] kinds = (Mutation[])Enum.GetValues(typeof(Mutation));
        var byStatus = new Dictionary<EventReadStatus, int>();
        var byKind = kinds.ToDictionary(k => k, _ => new Dictionary<EventReadStatus, int>());
        var escaped = new List<string>();
        var unnamed = new List<string>();
        TimeSpan slowest = TimeSpan.Zero;
        var total = Stopwatch.StartNew();

        for (int i = 0; i < Frames; i++)
        {
            Mutation kind = kinds[i % kinds.Length];
            if (kind == Mutation.Oversized && i % (kinds.Length * 20) != kinds.Length - 1)
            {
                kind = Mutation.FlipByte; // a few 1 MiB+ frames are enough; they cost time to build
            }

            byte[] frame = Mutate(originals[random.Next(originals.Length)], kind, random);
            if (ReadChecked(s_codec, frame, kind.ToString(), escaped, unnamed, ref slowest) is not { } result)
            {
                continue;
            }

            byStatus[result.Status] = byStatus.GetValueOrDefault(result.Status) + 1;
            byKind[kind][result.Status] = byKind[kind].GetValueOrDefault(result.Status) + 1;
        }

        TestContext.Out.WriteLine($"{Frames} mutated frames (seed {Seed}) in {total.Elapsed.TotalSeconds:F1} s; slowest read {slowest.TotalMilliseconds:F1} ms");
        foreach (var (status, count) in byStatus.OrderBy(p => p.Key))
        {
            TestContext.Out.WriteLine($"  {status}: {count}");
        }

        foreach (var (kind, counts) in byKind)
        {
            TestContext.Out.WriteLine($"  {kind}: " + string.Join(", ", counts.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        }

        Assert.That(escaped, Is.Empty, "exceptions escaped Read");
        Assert.That(unnamed, Is.Empty, "results without a status-specific error");
        Assert.That(byStatus.Values.Sum(), Is.EqualTo(Frames));
        Assert.That(slowest, Is.LessThan(TimeSpan.FromSeconds(2)), "no read hangs");
        Assert.That(byStatus.GetValueOrDefault(EventReadStatus.Malformed), Is.GreaterThan(Frames / 2));
        Assert.That(byStatus.GetValueOrDefault(EventReadStatus.Ok), Is.GreaterThan(0), "some mutations leave a valid event (white space, unknown data)");
        Assert.That(byStatus.GetValueOrDefault(EventReadStatus.UnknownType), Is.GreaterThan(0));
        Assert.That(byStatus.GetValueOrDefault(EventReadStatus.TooLarge), Is.GreaterThan(0));
        // A number beyond long's or decimal's range can still be a double; every other out-of-range number is malformed.
        Assert.That(byKind[Mutation.NumberOutOfRange].Keys, Is.SubsetOf(new[] { EventReadStatus.Malformed, EventReadStatus.Ok }));
        Assert.That(byKind[Mutation.NumberOutOfRange].GetValueOrDefault(EventReadStatus.Malformed), Is.GreaterThan(byKind[Mutation.NumberOutOfRange].GetValueOrDefault(EventReadStatus.Ok)));
        foreach (Mutation kind in new[] { Mutation.DeepNesting, Mutation.HugeString, Mutation.WrongType, Mutation.DuplicateKey, Mutation.InvalidUtf8 })
        {
            Assert.That(byKind[kind].Keys, Is.EquivalentTo(new[] { EventReadStatus.Malformed }), $"every {kind} frame is malformed");
        }

        Assert.That(byKind[Mutation.UnknownType].Keys, Is.EquivalentTo(new[] { EventReadStatus.UnknownType }));
    }

    [Test]
    public void Mutated_batches_give_one_named_result_per_event_or_one_for_the_frame()
    {
        var random = new Random(Seed + 1);
        IEventEnvelope[] envelopes = CodecSamples.AllEnvelopes().ToArray();
        var byStatus = new Dictionary<EventReadStatus, int>();
        var unnamed = new List<string>();
        for (int i = 0; i < Batches; i++)
        {
            var output = new System.Buffers.ArrayBufferWriter<byte>();
            s_codec.WriteBatch(Enumerable.Range(0, random.Next(1, 6)).Select(_ => envelopes[random.Next(envelopes.Length)]), output);
            byte[] frame = output.WrittenSpan.ToArray();
            Mutation[] byteLevel = { Mutation.Truncate, Mutation.FlipByte, Mutation.FlipBytes, Mutation.InvalidUtf8, Mutation.DeepNesting, Mutation.HugeString };
            Mutation kind = byteLevel[random.Next(byteLevel.Length)];
            frame = Mutate(frame, kind, random);

            IReadOnlyList<EventReadResult> results = s_codec.ReadBatch(frame);
            Assert.That(results, Is.Not.Empty);
            foreach (EventReadResult result in results)
            {
                Check(result, "batch " + kind, unnamed);
                byStatus[result.Status] = byStatus.GetValueOrDefault(result.Status) + 1;
            }
        }

        TestContext.Out.WriteLine($"{Batches} mutated batches: " + string.Join(", ", byStatus.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        Assert.That(unnamed, Is.Empty);
        Assert.That(byStatus.GetValueOrDefault(EventReadStatus.Malformed), Is.GreaterThan(0));
        Assert.That(byStatus.GetValueOrDefault(EventReadStatus.Ok), Is.GreaterThan(0));
    }

    private enum VersionMutation
    {
        Known,
        Newer,
        NotPositive,
        NotAnInteger,
        OutOfRange,
        WrongType,
        DeepNesting,
        HugeString,
        Duplicate,
        Removed,
        Null,
    }

    [Test]
    public void Mutated_dataversions_give_Ok_UnknownVersion_or_Malformed_by_kind_and_never_an_exception()
    {
        var random = new Random(Seed + 2);
        IEventCodec codec = EventCodec.Combine(ExESDB.Events.Codec, Versions.VersionedEvents.Codec);
        IEventEnvelope[] versioned = Enumerable.Range(0, 4).SelectMany(v => new[] { CodecSamples.EnvelopeOf(typeof(Versions.MemberJoined), v), CodecSamples.EnvelopeOf(typeof(Versions.MemberLeft), v) }).ToArray();
        byte[][] originals = versioned.Select(e => codec.Serialize(e))
            .Concat(CodecSamples.AllEnvelopes().Where(e => e.Data is ExESDB.ClusterJoined or ExESDB.EventsPersisted).Select(e => codec.Serialize(e)))
            .Concat(new[]
            {
                VersionedFrameTests.Frame("member_joined", "{\"node\":\"n\"}"),
                VersionedFrameTests.Frame("member_joined", "{\"via_node\":\"n\",\"term\":2}", "\"dataversion\":2,"),
            })
            .ToArray();
        VersionMutation[] kinds = (VersionMutation[])Enum.GetValues(typeof(VersionMutation));
        var byKind = kinds.ToDictionary(k => k, _ => new Dictionary<EventReadStatus, int>());
        var escaped = new List<string>();
        var unnamed = new List<string>();
        var misplaced = new List<string>();
        TimeSpan slowest = TimeSpan.Zero;
        for (int i = 0; i < 3_000; i++)
        {
            VersionMutation kind = kinds[i % kinds.Length];
            byte[] original = originals[random.Next(originals.Length)];
            int known = Encoding.UTF8.GetString(original).Contains("member_joined", StringComparison.Ordinal) ? 3 : 1;
            byte[] frame = MutateVersion(original, kind, known, random);
            if (ReadChecked(codec, frame, kind.ToString(), escaped, unnamed, ref slowest) is not { } result)
            {
                continue;
            }

            byKind[kind][result.Status] = byKind[kind].GetValueOrDefault(result.Status) + 1;
            bool aboutTheVersion = result.Error?.StartsWith("$.dataversion: ", StringComparison.Ordinal) == true;
            if (result.Status is EventReadStatus.UnknownVersion or EventReadStatus.Malformed && kind is not (VersionMutation.Known or VersionMutation.Removed or VersionMutation.Null) && !aboutTheVersion)
            {
                misplaced.Add($"{kind}: {result}");
            }
        }

        foreach (var (kind, counts) in byKind)
        {
            TestContext.Out.WriteLine($"  {kind}: " + string.Join(", ", counts.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        }

        Assert.That(escaped, Is.Empty, "exceptions escaped Read");
        Assert.That(unnamed, Is.Empty, "results without a status-specific error");
        Assert.That(misplaced, Is.Empty, "a refused version is reported at $.dataversion");
        Assert.That(slowest, Is.LessThan(TimeSpan.FromSeconds(2)), "no read hangs");
        Assert.That(byKind[VersionMutation.Newer].Keys, Is.EquivalentTo(new[] { EventReadStatus.UnknownVersion }));
        foreach (VersionMutation kind in new[] { VersionMutation.NotPositive, VersionMutation.NotAnInteger, VersionMutation.OutOfRange, VersionMutation.WrongType, VersionMutation.DeepNesting, VersionMutation.HugeString, VersionMutation.Duplicate })
        {
            Assert.That(byKind[kind].Keys, Is.EquivalentTo(new[] { EventReadStatus.Malformed }), $"every {kind} version is malformed");
        }

        // A known version relabels the data: it reads when the shapes agree, else the data is malformed at its field.
        foreach (VersionMutation kind in new[] { VersionMutation.Known, VersionMutation.Removed, VersionMutation.Null })
        {
            Assert.That(byKind[kind].Keys, Is.SubsetOf(new[] { EventReadStatus.Ok, EventReadStatus.Malformed }), kind.ToString());
            Assert.That(byKind[kind].GetValueOrDefault(EventReadStatus.Ok), Is.GreaterThan(0), kind.ToString());
        }
    }

    private enum TraceMutation
    {
        Valid,
        FlipChar,
        Truncate,
        Upper,
        Zeros,
        WrongType,
        Duplicate,
        LongState,
        ManyMembers,
        BadMember,
        DeepNesting,
        HugeString,
    }

    [Test]
    public void Mutated_traceparent_and_tracestate_never_fail_the_event_except_at_the_frame_limits()
    {
        var random = new Random(Seed + 3);
        byte[][] originals = CodecSamples.AllEnvelopes().Select(e => s_codec.Serialize(e)).ToArray();
        TraceMutation[] kinds = (TraceMutation[])Enum.GetValues(typeof(TraceMutation));
        var byKind = kinds.ToDictionary(k => k, _ => new Dictionary<EventReadStatus, int>());
        var escaped = new List<string>();
        var unnamed = new List<string>();
        var wrong = new List<string>();
        int ignored = 0;
        TimeSpan slowest = TimeSpan.Zero;
        for (int i = 0; i < 3_000; i++)
        {
            TraceMutation kind = kinds[i % kinds.Length];
            byte[] frame = MutateTrace(originals[random.Next(originals.Length)], kind, random);
            if (ReadChecked(s_codec, frame, kind.ToString(), escaped, unnamed, ref slowest) is not { } result)
            {
                continue;
            }

            byKind[kind][result.Status] = byKind[kind].GetValueOrDefault(result.Status) + 1;
            if (result.IsOk)
            {
                ignored += result.TraceContextProblem is null ? 0 : 1;

                // What is kept is always well-formed: it could be written again unchanged.
                string? parent = result.Envelope!.TraceParent, state = result.Envelope.TraceState;
                if ((parent is not null && !System.Text.RegularExpressions.Regex.IsMatch(parent, "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?$"))
                    || (state is not null && (parent is null || state.Length > 512))
                    || (kind == TraceMutation.Valid && (parent is null || result.TraceContextProblem is not null))
                    || (kind != TraceMutation.Valid && result.TraceContextProblem is null && parent is not null && kind is not (TraceMutation.FlipChar or TraceMutation.Truncate)))
                {
                    wrong.Add($"{kind}: kept '{parent}' / '{state}', problem {result.TraceContextProblem}: {Encoding.UTF8.GetString(frame)}");
                }
            }
        }

        foreach (var (kind, counts) in byKind)
        {
            TestContext.Out.WriteLine($"  {kind}: " + string.Join(", ", counts.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        }

        TestContext.Out.WriteLine($"  ignored trace attributes reported: {ignored}");
        Assert.That(escaped, Is.Empty, "exceptions escaped Read");
        Assert.That(unnamed, Is.Empty, "results without a status-specific error");
        Assert.That(wrong, Is.Empty, "a kept context is well-formed; a bad one is reported");
        Assert.That(slowest, Is.LessThan(TimeSpan.FromSeconds(2)), "no read hangs");
        foreach (TraceMutation kind in kinds.Except(new[] { TraceMutation.DeepNesting, TraceMutation.HugeString }))
        {
            Assert.That(byKind[kind].Keys, Is.EquivalentTo(new[] { EventReadStatus.Ok }), $"a {kind} trace attribute never fails the event");
        }

        Assert.That(byKind[TraceMutation.DeepNesting].Keys, Is.EquivalentTo(new[] { EventReadStatus.Malformed }), "the frame's depth limit still applies");
        Assert.That(byKind[TraceMutation.HugeString].Keys, Is.EquivalentTo(new[] { EventReadStatus.Malformed }), "the frame's string limit still applies");
        Assert.That(ignored, Is.GreaterThan(1_000));
    }

    /// <summary>The frame with a traceparent and tracestate (valid, or broken as <paramref name="kind"/> says) anywhere among the attributes.</summary>
    private static byte[] MutateTrace(byte[] original, TraceMutation kind, Random random)
    {
        string traceId = string.Concat(Enumerable.Range(0, 32).Select(_ => "0123456789abcdef"[random.Next(16)]));
        string parent = "00-" + (traceId.Trim('0').Length == 0 ? "1" + traceId.Substring(1) : traceId) + "-00f067aa0ba902b7-0" + random.Next(2);
        string state = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";
        string parentJson = "\"" + parent + "\"", stateJson = "\"" + state + "\"", extra = string.Empty;
        switch (kind)
        {
            case TraceMutation.FlipChar:
            {
                char[] chars = parent.ToCharArray();
                const string replacements = "0af-Zx_ \u00e9";
                chars[random.Next(chars.Length)] = replacements[random.Next(replacements.Length)];
                parentJson = System.Text.Json.JsonSerializer.Serialize(new string(chars));
                break;
            }

            case TraceMutation.Truncate:
                parentJson = "\"" + parent.Substring(0, random.Next(parent.Length)) + "\"";
                break;
            case TraceMutation.Upper:
                parentJson = "\"" + parent.ToUpperInvariant() + "\"";
                break;
            case TraceMutation.Zeros:
                parentJson = "\"" + (random.Next(2) == 0 ? "00-" + new string('0', 32) + "-00f067aa0ba902b7-01" : "00-" + traceId + "1-0000000000000000-01".Substring(1)) + "\"";
                break;
            case TraceMutation.WrongType:
                (random.Next(2) == 0 ? ref parentJson : ref stateJson) = new[] { "1", "true", "{}", "[\"" + parent + "\"]", "{\"v\":1}", "-0.5e3" }[random.Next(6)];
                break;
            case TraceMutation.Duplicate:
                extra = random.Next(2) == 0 ? "\"traceparent\":" + parentJson + "," : "\"tracestate\":\"a=1\",";
                break;
            case TraceMutation.LongState:
                stateJson = "\"" + string.Join(",", Enumerable.Range(0, 8).Select(i => "k" + i + "=" + new string('v', 70))) + "\"";
                break;
            case TraceMutation.ManyMembers:
                stateJson = "\"" + string.Join(",", Enumerable.Range(0, random.Next(33, 60)).Select(i => "k" + i + "=v")) + "\"";
                break;
            case TraceMutation.BadMember:
                stateJson = System.Text.Json.JsonSerializer.Serialize(state + "," + new[] { "Key=1", "k", "k=", "=v", "k=a=b", "t@=1", "congo=again", "k=\u0001" }[random.Next(8)]);
                break;
            case TraceMutation.DeepNesting:
                parentJson = Repeat("[", random.Next(65, 5_000)) + Repeat("]", 1);
                break;
            case TraceMutation.HugeString:
                stateJson = "\"" + new string('s', EventCodecOptions.DefaultMaxStringBytes + random.Next(1, 1000)) + "\"";
                break;
        }

        string text = Encoding.UTF8.GetString(original);
        string insert = "\"traceparent\":" + parentJson + ",\"tracestate\":" + stateJson + "," + extra;
        string after = random.Next(2) == 0 ? "{" : "\"category\":";
        int at = after == "{" ? 1 : text.IndexOf(after, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text.Substring(0, at) + insert + text.Substring(at));
    }

    /// <summary>The frame with its dataversion replaced (or added, or removed) as <paramref name="kind"/> says; <paramref name="known"/> is its event's current version.</summary>
    private static byte[] MutateVersion(byte[] original, VersionMutation kind, int known, Random random)
    {
        JsonObject root = JsonNode.Parse(original)!.AsObject();
        root.Remove(CloudEventNames.DataVersionExtension);
        string bare = root.ToJsonString();
        string? value = kind switch
        {
            VersionMutation.Known => random.Next(1, known + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            VersionMutation.Newer => (known + 1 + random.Next(0, 3) * random.Next(0, 1_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            VersionMutation.NotPositive => new[] { "0", "-1", "-0", "-2147483648" }[random.Next(4)],
            VersionMutation.NotAnInteger => new[] { "1.0", "2.5", "1e0", "3E+0", "0.0001" }[random.Next(5)],
            VersionMutation.OutOfRange => new[] { "2147483648", "99999999999999999999999", "1e400", "-1e400" }[random.Next(4)],
            VersionMutation.WrongType => new[] { "\"2\"", "true", "false", "{}", "[]", "{\"v\":2}", "[2]" }[random.Next(7)],
            VersionMutation.DeepNesting => Repeat("[", random.Next(65, 20_000)) + Repeat("]", 1),
            VersionMutation.HugeString => "\"" + new string('9', EventCodecOptions.DefaultMaxStringBytes + random.Next(1, 1000)) + "\"",
            VersionMutation.Duplicate => "1,\"dataversion\":" + random.Next(1, known + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            VersionMutation.Null => "null",
            _ => null,
        };
        if (value is null)
        {
            return Encoding.UTF8.GetBytes(bare);
        }

        // Anywhere among the attributes: first, or just before data.
        string after = random.Next(2) == 0 ? "{" : ",\"data\":";
        string insert = "\"dataversion\":" + value + ",";
        int at = after == "{" ? 1 : bare.IndexOf(after, StringComparison.Ordinal) + 1;
        return Encoding.UTF8.GetBytes(bare.Substring(0, at) + insert + bare.Substring(at));
    }

    /// <summary>Reads <paramref name="frame"/>, timed and checked (<see cref="Check"/>); null when an exception escaped (recorded in <paramref name="escaped"/>).</summary>
    private static EventReadResult? ReadChecked(IEventCodec codec, byte[] frame, string kind, List<string> escaped, List<string> unnamed, ref TimeSpan slowest)
    {
        var watch = Stopwatch.StartNew();
        EventReadResult result;
        try
        {
            result = codec.Read(frame);
        }
        catch (Exception ex)
        {
            escaped.Add($"{kind}: {ex.GetType().Name}: {ex.Message}");
            return null;
        }

        slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
        Check(result, kind, unnamed);
        return result;
    }

    private static void Check(EventReadResult result, string kind, List<string> unnamed)
    {
        bool named = result.Status == EventReadStatus.Ok
            ? result.Envelope is not null && result.Error is null
            : result.Envelope is null && result.Error is { Length: > 0 } error && error.StartsWith("$", StringComparison.Ordinal) && !error.Contains("internal error");
        if (!named || !Enum.IsDefined(typeof(EventReadStatus), result.Status))
        {
            unnamed.Add($"{kind}: {result}");
        }
    }

    private static byte[] Mutate(byte[] original, Mutation kind, Random random)
    {
        switch (kind)
        {
            case Mutation.Truncate:
                return original.AsSpan(0, random.Next(original.Length)).ToArray();
            case Mutation.FlipByte:
            case Mutation.FlipBytes:
            {
                byte[] copy = (byte[])original.Clone();
                int flips = kind == Mutation.FlipByte ? 1 : random.Next(2, 9);
                for (int i = 0; i < flips; i++)
                {
                    copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
                }

                return copy;
            }

            case Mutation.DeepNesting:
            {
                int depth = random.Next(65, 20_000);
                bool arrays = random.Next(2) == 0;
                string open = arrays ? "[" : "{\"a\":";
                string close = arrays ? "]" : "}";
                return Insert(original, "\"data\":{", "\"nest\":" + Repeat(open, depth) + "1" + Repeat(close, depth) + ",");
            }

            case Mutation.HugeString:
                return Insert(original, random.Next(2) == 0 ? "\"data\":{" : "{", "\"big\":\"" + new string('x', EventCodecOptions.DefaultMaxStringBytes + random.Next(1, 1000)) + "\",");
            case Mutation.WrongType:
            {
                JsonObject root = JsonNode.Parse(original)!.AsObject();
                JsonObject target = random.Next(3) == 0 || root["data"] is not JsonObject { Count: > 0 } ? root : root["data"]!.AsObject();
                string name = target.Select(p => p.Key).ElementAt(random.Next(target.Count));
                target[name] = WrongValue(target[name], random);
                return Encoding.UTF8.GetBytes(root.ToJsonString());
            }

            case Mutation.DuplicateKey:
            {
                JsonObject root = JsonNode.Parse(original)!.AsObject();
                bool inData = root["data"] is JsonObject { Count: > 0 } && random.Next(2) == 0;
                JsonObject target = inData ? root["data"]!.AsObject() : root;
                var property = target.ElementAt(random.Next(inData ? target.Count : 5));
                return Insert(original, inData ? "\"data\":{" : "{", "\"" + property.Key + "\":" + (property.Value?.ToJsonString() ?? "null") + ",");
            }

            case Mutation.InvalidUtf8:
            {
                byte[][] bad = { new byte[] { 0xC3, 0x28 }, new byte[] { 0xFF }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0xF8, 0x88, 0x80, 0x80, 0x80 }, new byte[] { 0xE2, 0x82 } };
                int at = random.Next(original.Length);
                return original.Take(at).Concat(bad[random.Next(bad.Length)]).Concat(original.Skip(at)).ToArray();
            }

            case Mutation.NumberOutOfRange:
            {
                string[] numbers = { "1e400", "-1e400", "99999999999999999999999999999999", "-9223372036854775809", "1e-400e", "123456789012345678901234567890.123456789" };
                JsonObject root = JsonNode.Parse(original)!.AsObject();
                string number = numbers[random.Next(numbers.Length)];
                string field = root["data"] is JsonObject data && data.FirstOrDefault(p => p.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number) is { Key: { } key } ? key : null!;
                if (field is null)
                {
                    // No number in this event's data: the number goes where a string attribute belongs.
                    return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(original).Replace("\"specversion\":\"1.0\"", "\"specversion\":" + number));
                }

                string text = Encoding.UTF8.GetString(original);
                int start = text.IndexOf("\"" + field + "\":", text.IndexOf("\"data\":{", StringComparison.Ordinal), StringComparison.Ordinal) + field.Length + 3;
                int end = start;
                while (end < text.Length && text[end] != ',' && text[end] != '}')
                {
                    end++;
                }

                return Encoding.UTF8.GetBytes(text.Substring(0, start) + number + text.Substring(end));
            }

            case Mutation.UnknownType:
            {
                JsonObject root = JsonNode.Parse(original)!.AsObject();
                root["type"] = random.Next(2) == 0 ? "com.example.other." + random.Next() : root["type"]!.GetValue<string>() + "_v" + random.Next(2, 9);
                return Encoding.UTF8.GetBytes(root.ToJsonString());
            }

            case Mutation.Oversized:
                return Insert(original, "\"data\":{", "\"pad\":\"" + new string('p', EventCodecOptions.DefaultMaxFrameBytes) + "\",");
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static JsonNode? WrongValue(JsonNode? current, Random random)
    {
        JsonNode?[] candidates = { JsonValue.Create(true), new JsonObject(), new JsonArray(), JsonValue.Create(12345), JsonValue.Create(1.5), JsonValue.Create("text") };
        System.Text.Json.JsonValueKind kind = current?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null;
        JsonNode?[] wrong = candidates.Where(c => c!.GetValueKind() != kind && !(kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False && c!.GetValueKind() is System.Text.Json.JsonValueKind.True)).ToArray();
        return wrong[random.Next(wrong.Length)];
    }

    private static byte[] Insert(byte[] original, string after, string text)
    {
        string frame = Encoding.UTF8.GetString(original);
        int at = frame.IndexOf(after, StringComparison.Ordinal) + after.Length;
        return Encoding.UTF8.GetBytes(frame.Substring(0, at) + text + frame.Substring(at));
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();
}
