// TEMPORARY: replaced by Events.Codec when the codec lands
//
// A stand-in for the generated codec (SPEC section 7) so that the Redis bus, its tests, the node program and the
// sample can run before `Events.Codec` exists. It writes one CloudEvents-1.0-shaped JSON event per envelope with
// System.Text.Json and reflection. Used from: tests/EventCatalog.PubSub.Redis.Tests (RedisFixture.Codec),
// tests/EventCatalog.PubSub.Redis.Node (linked), samples/ExESDB.ControlPlane (linked, ClusterNode.cs),
// benchmarks/EventCatalog.Benchmarks (linked, RedisPubSubHarness.NewCodec).
// After the merge: delete this file and its three <Compile Include> links, and use ExESDB.Events.Codec instead.
using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using EventCatalog;
using EventCatalog.Metadata;

namespace EventCatalog.PubSub.Redis.Testing;

/// <summary>TEMPORARY: a reflection-based JSON <see cref="IEventCodec"/> for one generated catalog class.</summary>
public sealed class TemporaryCatalogCodec : IEventCodec
{
    /// <summary>The codec's own size limit, in bytes (the generated one has one too).</summary>
    public const int MaxEventBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly Dictionary<string, Type> _types;

    public TemporaryCatalogCodec(Type catalog)
    {
        _types = catalog.Assembly.GetTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<CatalogEventAttribute>()))
            .Where(x => x.Attribute is not null && x.Attribute.Catalog == catalog)
            .ToDictionary(x => x.Attribute!.EventType, x => x.Type, StringComparer.Ordinal);
        EventTypes = _types.Keys.ToArray();
    }

    public IReadOnlyCollection<string> EventTypes { get; }

    public bool CanHandle(string eventType) => eventType is not null && _types.ContainsKey(eventType);

    public void Write(IEventEnvelope envelope, IBufferWriter<byte> output) => WriteCore(envelope ?? throw new ArgumentNullException(nameof(envelope)), null, output);

    public void Write(IEventPayload payload, IBufferWriter<byte> output) => WriteCore((payload ?? throw new ArgumentNullException(nameof(payload))).Event, payload.Wrapper, output);

    public byte[] Serialize(IEventEnvelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(envelope, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public byte[] Serialize(IEventPayload payload)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(payload, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private void WriteCore(IEventEnvelope envelope, string? wrapper, IBufferWriter<byte> output)
    {
        if (output is null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        if (!_types.TryGetValue(envelope.EventType, out Type? type) || envelope.Data is null || envelope.Data.GetType() != type)
        {
            throw new ArgumentException($"The event type '{envelope.EventType}' with data {envelope.Data?.GetType().FullName ?? "null"} is not one of this codec's events.", nameof(envelope));
        }

        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("specversion", "1.0");
        writer.WriteString("id", envelope.EventId);
        writer.WriteString("source", envelope.Node);
        writer.WriteString("type", envelope.EventType);
        writer.WriteString("time", envelope.Timestamp);
        writer.WriteString("datacontenttype", "application/json");
        if (envelope.StoreId is not null)
        {
            writer.WriteString("storeid", envelope.StoreId);
        }

        writer.WriteString("category", ((ICatalogEvent)envelope.Data).Category);
        if (wrapper is not null)
        {
            writer.WriteString("wrapper", wrapper);
        }

        writer.WritePropertyName("data");
        JsonSerializer.Serialize(writer, envelope.Data, type, s_json);
        writer.WriteEndObject();
    }

    public EventReadResult Read(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxEventBytes)
        {
            return EventReadResult.Failed(EventReadStatus.TooLarge, $"$: {utf8.Length} bytes, over {MaxEventBytes}");
        }

        try
        {
            var reader = new Utf8JsonReader(utf8);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return EventReadResult.Failed(EventReadStatus.Malformed, "$: expected an object");
            }

            string? type = Text(root, "type");
            if (type is null || Text(root, "specversion") != "1.0" || Text(root, "id") is not { } id || Text(root, "source") is not { } source)
            {
                return EventReadResult.Failed(EventReadStatus.Malformed, "$: specversion 1.0, id, source and type are required");
            }

            if (!_types.TryGetValue(type, out Type? recordType))
            {
                return EventReadResult.Failed(EventReadStatus.UnknownType, $"$.type: unknown event type '{type}'", type);
            }

            if (root.TryGetProperty("dataversion", out JsonElement version) && version.ToString() != "1")
            {
                return EventReadResult.Failed(EventReadStatus.UnknownVersion, $"$.dataversion: {version} is not known", type);
            }

            if (!root.TryGetProperty("time", out JsonElement timeElement) || !timeElement.TryGetDateTimeOffset(out DateTimeOffset time) || !root.TryGetProperty("data", out JsonElement data))
            {
                return EventReadResult.Failed(EventReadStatus.Malformed, "$.time or $.data is missing or mistyped", type);
            }

            object? record = data.Deserialize(recordType, s_json);
            if (record is null)
            {
                return EventReadResult.Failed(EventReadStatus.Malformed, "$.data: null", type);
            }

            object envelope = Activator.CreateInstance(typeof(EventEnvelope<>).MakeGenericType(recordType), id, type, Text(root, "storeid"), source, time, record)!;
            return EventReadResult.Ok((IEventEnvelope)envelope, Text(root, "wrapper"));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NotSupportedException or ArgumentException)
        {
            return EventReadResult.Failed(EventReadStatus.Malformed, "$: " + ex.Message);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
