using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ExESDB;

namespace EventCatalog.Benchmarks;

/// <summary>
/// The generated API on the root catalog beside what a user would write by hand: string
/// interpolation for topics, a <c>switch</c> (and a HashSet per category) for <c>IsValidEvent</c>,
/// four dictionary look-ups (and LINQ) for the map check, dictionary maps for events.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RuntimeBenchmarks
{
    private const string Store = "my_store";

    private static readonly Dictionary<string, HashSet<string>> s_handWrittenCategories =
        Events.AllEvents.ToDictionary(p => Events.GetCategoryName(p.Key), p => new HashSet<string>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal);

    private static readonly Dictionary<string, string> s_handWrittenEventCategory =
        Events.AllEvents.SelectMany(p => p.Value.Select(e => (e, Events.GetCategoryName(p.Key)))).ToDictionary(x => x.e, x => x.Item2, StringComparer.Ordinal);

    private static readonly Dictionary<string, List<string>> s_handWrittenAllEvents =
        Events.AllEvents.ToDictionary(p => Events.GetCategoryName(p.Key), p => p.Value.ToList(), StringComparer.Ordinal);

    private static readonly string[] s_requiredKeys = { "event_id", "event_type", "node", "timestamp" };

    // Inputs live in fields so that the JIT cannot fold constant arguments into constant results.
    private string _cluster = "cluster";
    private string _unknownCategory = "clusters";
    private string _hit = "cluster_leave_failed";
    private string _miss = "events_persisted";
    private string _lastEvent = "subscription_unregistered";
    private readonly ClusterJoined _event = new("node2@host");
    private EventEnvelope<ClusterJoined> _envelope = null!;
    private Dictionary<string, object?> _map = null!;
    private string _store = Store;

    [GlobalSetup]
    public void Setup()
    {
        _envelope = Events.BuildEvent(_event, Store);
        _map = (Dictionary<string, object?>)_envelope.ToMap();
        _store = new string(Store.ToCharArray());
        _cluster = new string("cluster".ToCharArray());
        _unknownCategory = new string("clusters".ToCharArray());
        _hit = new string("cluster_leave_failed".ToCharArray());
        _miss = new string("events_persisted".ToCharArray());
        _lastEvent = new string("subscription_unregistered".ToCharArray());
    }

    [Benchmark]
    [BenchmarkCategory("BuildTopic")]
    public string BuildTopic_Generated() => Events.BuildTopic(_store, Events.Category.Cluster);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("BuildTopic")]
    public string BuildTopic_Interpolation() => $"exesdb:control:{_store}:{"cluster"}";

    [Benchmark]
    [BenchmarkCategory("IsValidEvent hit")]
    public bool IsValidEvent_Hit_Generated() => Events.IsValidEvent(_cluster, _hit);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("IsValidEvent hit")]
    public bool IsValidEvent_Hit_Switch() => HandWrittenSwitch.IsValidEvent(_cluster, _hit);

    [Benchmark]
    [BenchmarkCategory("IsValidEvent hit")]
    public bool IsValidEvent_Hit_HashSet() => s_handWrittenCategories.TryGetValue(_cluster, out var set) && set.Contains(_hit);

    [Benchmark]
    [BenchmarkCategory("IsValidEvent miss")]
    public bool IsValidEvent_Miss_Generated() => Events.IsValidEvent(_cluster, _miss);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("IsValidEvent miss")]
    public bool IsValidEvent_Miss_Switch() => HandWrittenSwitch.IsValidEvent(_cluster, _miss);

    [Benchmark]
    [BenchmarkCategory("IsValidEvent miss")]
    public bool IsValidEvent_Miss_HashSet() => s_handWrittenCategories.TryGetValue(_cluster, out var set) && set.Contains(_miss);

    [Benchmark]
    [BenchmarkCategory("IsValidEvent unknown category")]
    public bool IsValidEvent_UnknownCategory_Generated() => Events.IsValidEvent(_unknownCategory, _hit);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("IsValidEvent unknown category")]
    public bool IsValidEvent_UnknownCategory_Switch() => HandWrittenSwitch.IsValidEvent(_unknownCategory, _hit);

    [Benchmark]
    [BenchmarkCategory("IsValidEvent unknown category")]
    public bool IsValidEvent_UnknownCategory_HashSet() => s_handWrittenCategories.TryGetValue(_unknownCategory, out var set) && set.Contains(_hit);

    [Benchmark]
    [BenchmarkCategory("TryGetCategory")]
    public bool TryGetCategory_Generated() => Events.TryGetCategory(_lastEvent, out _);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("TryGetCategory")]
    public bool TryGetCategory_Dictionary() => s_handWrittenEventCategory.TryGetValue(_lastEvent, out _);

    [Benchmark]
    [BenchmarkCategory("BuildEvent")]
    public EventEnvelope<ClusterJoined> BuildEvent_Generated() => Events.BuildEvent(_event, _store);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("BuildEvent")]
    public Dictionary<string, object?> BuildEvent_DictionaryMap() => new()
    {
        ["event_id"] = Guid.NewGuid().ToString("N"),
        ["event_type"] = "cluster_joined",
        ["store_id"] = _store,
        ["node"] = EventNode.Current,
        ["timestamp"] = DateTimeOffset.UtcNow,
        ["data"] = new Dictionary<string, object?> { ["via_node"] = "node2@host" },
    };

    [Benchmark]
    [BenchmarkCategory("BuildPayload")]
    public EventPayload<ClusterJoined> BuildPayload_Generated() => Events.BuildPayload(_event, _store);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("BuildPayload")]
    public (string, Dictionary<string, object?>) BuildPayload_TupleOfMap() => ("cluster_event", BuildEvent_DictionaryMap());

    [Benchmark]
    [BenchmarkCategory("IsValidEventStructure envelope")]
    public bool IsValidEventStructure_Envelope_Generated() => Events.IsValidEventStructure(_envelope);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("IsValidEventStructure envelope")]
    public bool IsValidEventStructure_Envelope_HandWritten() =>
        _envelope is not null && !string.IsNullOrEmpty(_envelope.EventId) && !string.IsNullOrEmpty(_envelope.EventType)
        && !string.IsNullOrEmpty(_envelope.Node) && _envelope.Timestamp != default && _envelope.Data is not null;

    [Benchmark]
    [BenchmarkCategory("IsValidEventStructure map")]
    public bool IsValidEventStructure_Map_Generated() => Events.IsValidEventStructure(_map);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("IsValidEventStructure map")]
    public bool IsValidEventStructure_Map_FourLookups() =>
        _map.ContainsKey("event_id") && _map.ContainsKey("event_type") && _map.ContainsKey("node") && _map.ContainsKey("timestamp");

    [Benchmark]
    [BenchmarkCategory("IsValidEventStructure map")]
    public bool IsValidEventStructure_Map_Linq() => s_requiredKeys.All(_map.ContainsKey);

    [Benchmark]
    [BenchmarkCategory("AllEvents")]
    public int AllEvents_Generated() => Events.AllEvents[Events.Category.Cluster].Count;

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("AllEvents")]
    public int AllEvents_Dictionary() => s_handWrittenAllEvents[_cluster].Count;
}
