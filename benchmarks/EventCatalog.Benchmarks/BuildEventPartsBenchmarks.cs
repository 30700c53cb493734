using System;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using ExESDB;

namespace EventCatalog.Benchmarks;

/// <summary>The parts of <c>BuildEvent</c>, one at a time, to see where its time goes.</summary>
[MemoryDiagnoser]
public class BuildEventPartsBenchmarks
{
    private static readonly StoreIdRules s_rules = new(Events.Topics.Template);
    private static readonly bool[] s_table = CreateTable();
    private readonly byte[] _block = new byte[4096];
    private readonly byte[] _block16 = new byte[16384];
    private readonly ClusterJoined _data = new("node2@host");
    private ICatalogEvent _event = new ClusterJoined("node2@host");
    private string _store = "my_store";

    [GlobalSetup]
    public void Setup() => _store = new string("my_store".ToCharArray());

    [Benchmark]
    public string NewId() => EventIds.NewId();

    [Benchmark]
    public string NewIdOld() => OldIds.NewId();

    [Benchmark]
    public void Fill4KiB() => RandomNumberGenerator.Fill(_block);

    [Benchmark]
    public void Fill16KiB() => RandomNumberGenerator.Fill(_block16);

    [Benchmark]
    public DateTimeOffset UtcNow() => DateTimeOffset.UtcNow;

    [Benchmark]
    public bool IsValidEventViaInterface() => Events.IsValidEvent(_event.Category, _event.EventType);

    [Benchmark]
    public string StoreCheck() { s_rules.Validate(_store); return _store; }

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

    private static class OldIds
    {
        [ThreadStatic]
        private static byte[]? t_block;

        [ThreadStatic]
        private static int t_next;

        public static string NewId()
        {
            byte[]? block = t_block;
            int next = t_next;
            if (block is null || next > 4096 - 16)
            {
                block = t_block ??= new byte[4096];
                RandomNumberGenerator.Fill(block);
                next = 0;
            }

            t_next = next + 16;
            string id = string.Create(32, (block, next), static (chars, state) =>
            {
                ReadOnlySpan<byte> bytes = state.block.AsSpan(state.next, 16);
                for (int i = 0; i < bytes.Length; i++)
                {
                    chars[2 * i] = HexDigit(bytes[i] >> 4);
                    chars[(2 * i) + 1] = HexDigit(bytes[i] & 0xF);
                }
            });
            CryptographicOperations.ZeroMemory(block.AsSpan(next, 16));
            return id;
        }

        private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + (value - 10));
    }
}
