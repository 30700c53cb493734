using System;
using System.Collections.Generic;
using System.Net.Mime;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using ExESDB;

namespace EventCatalog.Benchmarks;

/// <summary>
/// One root-catalog envelope (<c>cluster_membership_changed</c>: three string lists, a store id, as a CloudEvent) written
/// to bytes and read back: the generated <c>Events.Codec</c> against System.Text.Json source generation of a hand-written
/// DTO of the same JSON shape (the best a user gets today: STJ's generator cannot see our generated records), and against
/// the CloudEvents SDK's JsonEventFormatter (data as a JsonElement).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CodecBenchmarks
{
    private static readonly string[] s_members = { "exesdb@node-1", "exesdb@node-2", "exesdb@node-3" };

    private EventEnvelope<ClusterMembershipChanged> _envelope = null!;
    private CloudEventDto _dto = null!;
    private CloudEvent _cloudEvent = null!;
    private JsonEventFormatter _formatter = null!;
    private byte[] _ourFrame = null!;
    private byte[] _dtoFrame = null!;
    private byte[] _sdkFrame = null!;
    private readonly ContentType _contentType = new(CloudEventNames.StructuredContentType);

    [GlobalSetup]
    public void Setup()
    {
        _envelope = new EventEnvelope<ClusterMembershipChanged>(
            EventIds.NewId(), ClusterMembershipChanged.EventType, "my_store", "ExESDB.ControlPlane@node-1",
            new DateTimeOffset(2026, 11, 29, 22, 2, 9, 123, TimeSpan.Zero),
            new ClusterMembershipChanged(s_members, new[] { "exesdb@node-3" }, Array.Empty<string>()));
        _ourFrame = Events.Codec.Serialize(_envelope);
        _dto = JsonSerializer.Deserialize(_ourFrame, DtoContext.Default.CloudEventDto)!;
        _dtoFrame = JsonSerializer.SerializeToUtf8Bytes(_dto, DtoContext.Default.CloudEventDto);
        _formatter = new JsonEventFormatter();
        _cloudEvent = _formatter.DecodeStructuredModeMessage(_ourFrame, _contentType, null);
        _sdkFrame = _formatter.EncodeStructuredModeMessage(_cloudEvent, out _).ToArray();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Write")]
    public byte[] Write_StjSourceGen() => JsonSerializer.SerializeToUtf8Bytes(_dto, DtoContext.Default.CloudEventDto);

    [Benchmark, BenchmarkCategory("Write")]
    public byte[] Write_GeneratedCodec() => Events.Codec.Serialize(_envelope);

    [Benchmark, BenchmarkCategory("Write")]
    public byte[] Write_CloudEventsSdk() => _formatter.EncodeStructuredModeMessage(_cloudEvent, out _).ToArray();

    [Benchmark(Baseline = true), BenchmarkCategory("Read")]
    public CloudEventDto? Read_StjSourceGen() => JsonSerializer.Deserialize(_dtoFrame, DtoContext.Default.CloudEventDto);

    [Benchmark, BenchmarkCategory("Read")]
    public IEventEnvelope? Read_GeneratedCodec() => Events.Codec.Read(_ourFrame).Envelope;

    [Benchmark, BenchmarkCategory("Read")]
    public CloudEvent Read_CloudEventsSdk() => _formatter.DecodeStructuredModeMessage(_sdkFrame, _contentType, null);
}

/// <summary>The CloudEvent of <see cref="CodecBenchmarks"/>, hand-written for System.Text.Json's source generator.</summary>
public sealed class CloudEventDto
{
    [JsonPropertyName("specversion")] public string SpecVersion { get; set; } = "1.0";

    [JsonPropertyName("id")] public string Id { get; set; } = "";

    [JsonPropertyName("source")] public string Source { get; set; } = "";

    [JsonPropertyName("type")] public string Type { get; set; } = "";

    [JsonPropertyName("time")] public DateTimeOffset Time { get; set; }

    [JsonPropertyName("datacontenttype")] public string DataContentType { get; set; } = "";

    [JsonPropertyName("storeid")] public string? StoreId { get; set; }

    [JsonPropertyName("category")] public string Category { get; set; } = "";

    [JsonPropertyName("data")] public MembershipDto Data { get; set; } = new();
}

/// <summary>The data of <see cref="CloudEventDto"/>.</summary>
public sealed class MembershipDto
{
    [JsonPropertyName("members")] public List<string> Members { get; set; } = new();

    [JsonPropertyName("added")] public List<string> Added { get; set; } = new();

    [JsonPropertyName("removed")] public List<string> Removed { get; set; } = new();
}

/// <summary>System.Text.Json source generation for the DTOs.</summary>
[JsonSerializable(typeof(CloudEventDto))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
public sealed partial class DtoContext : JsonSerializerContext
{
}
