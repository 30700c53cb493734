using System;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using ExESDB;

namespace EventCatalog.Benchmarks;

/// <summary>
/// The parts of <c>BuildEvent</c>, one at a time, to see where its time goes (issue 13): the event id (of which
/// <c>Fill4KiB</c> / 256 is the OS CSPRNG's share), the clock, the store-id check (with the per-character table it
/// replaced), the by-name catalog check that the generated code now skips for its own records, the envelope.
/// </summary>
[MemoryDiagnoser]
public class BuildEventPartsBenchmarks
{
    private static readonly StoreIdRules s_rules = new(Events.Topics.Template);
    private static readonly bool[] s_table = CreateTable();
    private readonly byte[] _block = new byte[4096];
    private readonly ClusterJoined _data = new("node2@host");
    private ICatalogEvent _event = new ClusterJoined("node2@host");
    private string _store = "my_store";

    [GlobalSetup]
    public void Setup() => _store = new string("my_store".ToCharArray());

    [Benchmark]
    public string NewId() => EventIds.NewId();

    [Benchmark]
    public void Fill4KiB() => RandomNumberGenerator.Fill(_block);

    [Benchmark]
    public DateTimeOffset UtcNow() => DateTimeOffset.UtcNow;

    [Benchmark]
    public bool IsValidEventViaInterface() => Events.IsValidEvent(_event.Category, _event.EventType);

    [Benchmark]
    public string StoreCheck()
    {
        s_rules.Validate(_store);
        return _store;
    }

    /// <summary>The store-id check before issue 13: one table read per character.</summary>
    [Benchmark]
    public bool StoreCheckTable()
    {
        string s = _store;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c >= 128 || !s_table[c])
            {
                return false;
            }
        }

        return true;
    }

    [Benchmark]
    public string TopicsCluster() => Events.Topics.Cluster(_store);

    [Benchmark]
    public string TopicConcat() => "exesdb:control:" + _store + ":cluster";

    [Benchmark]
    public EventEnvelope<ClusterJoined> Envelope() => new("0123456789abcdef0123456789abcdef", "cluster_joined", _store, "node", default, _data);

    private static bool[] CreateTable()
    {
        var t = new bool[128];
        for (char c = '0'; c <= 'z'; c++)
        {
            t[c] = char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '@';
        }

        return t;
    }
}
