using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace EventCatalog.PubSub.Distributed.Tests;

/// <summary>
/// Several nodes as real separate processes (the sample's node program, samples/ExESDB.ControlPlane, started with <c>dotnet &lt;dll&gt; --load-node</c>)
/// on a real redis-server and a real nats-server: each test has one body, run once per engine (<see cref="Engine"/>).
/// <c>EVENTCATALOG_DISTRIBUTED_MESSAGES</c> scales the 100,000 of the load test (default 100000).
/// </summary>
[NonParallelizable]
public sealed class DistributedTests
{
    private static readonly int s_messages = int.TryParse(Environment.GetEnvironmentVariable("EVENTCATALOG_DISTRIBUTED_MESSAGES"), out int n) ? n : 100_000;

    [TestCaseSource(typeof(Engine), nameof(Engine.All))]
    public async Task Three_nodes_100000_messages_over_the_seven_topics_nothing_lost_duplicated_echoed_or_reordered(string transport)
    {
        using Engine engine = Engine.Start(transport);
        string bus = "load-" + Guid.NewGuid().ToString("N");
        int[] shares = Enumerable.Range(0, 3).Select(i => s_messages / 3 + (i < s_messages % 3 ? 1 : 0)).ToArray();
        await using var nodes = new NodeGroup(engine, bus, shares, extra: "--window 256");
        await nodes.GoAsync();
        await nodes.WaitPublishedAsync(TimeSpan.FromMinutes(3));
        Report[] reports = await nodes.ReportWhenAsync(r => r.TotalReceived == s_messages, TimeSpan.FromMinutes(2));

        foreach (Report report in reports)
        {
            TestContext.Out.WriteLine(report.Summary());
            Assert.That(report.Failed, Is.Zero);
            Assert.That(report.Lost, Is.Zero, report.Node);
            Assert.That(report.SelfEchoes, Is.EqualTo(report.Published), "every own frame came back from the broker once and was dropped");
            foreach (Report origin in reports)
            {
                OriginView seen = report.Origins[origin.Node];
                Assert.That(seen.Received, Is.EqualTo(origin.Published), $"{report.Node} from {origin.Node}");
                Assert.That(seen.Duplicates, Is.Zero, $"{report.Node} from {origin.Node}: duplicated (a self-echo would show here)");
                Assert.That(seen.OutOfOrder, Is.Zero, $"{report.Node} from {origin.Node}: out of order");
                Assert.That(seen.Gaps, Is.Empty);
            }
        }

        Assert.That(reports.Sum(r => r.Published), Is.EqualTo(s_messages));
    }

    [TestCaseSource(typeof(Engine), nameof(Engine.All))]
    public async Task Server_restarted_mid_stream_every_node_resubscribes_within_10_s_and_reports_its_loss_exactly(string transport)
    {
        using Engine engine = Engine.Start(transport);
        // 10 s of publishing at 4,000/s: the server is down from 2 s to 5 s, and a node catches up on what it could not
        // publish meanwhile in a burst, so it must still have frames of its own to publish after every node resubscribed.
        const int share = 40_000;
        int[] shares = { share, share, share };
        await using var nodes = new NodeGroup(engine, "restart", shares, extra: "--rate 4000 --window 16 --publish-timeout 30");
        await nodes.GoAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        engine.Stop();
        await Task.Delay(TimeSpan.FromSeconds(3));
        engine.Restart();
        long acceptingAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await nodes.WaitPublishedAsync(TimeSpan.FromMinutes(2));
        long allRestored = nodes.Names.Max(nodes.RestoredAt);
        Report[] reports = await nodes.ReportWhenAsync(r => r.Origins.Count == 3 && r.Origins.Values.All(o => o.Max == share), TimeSpan.FromSeconds(60), allRestored);

        foreach (Report report in reports)
        {
            long restored = nodes.RestoredAt(report.Node);
            TestContext.Out.WriteLine($"{report.Summary()} resubscribed {restored - acceptingAt} ms after the server accepted connections");
            Assert.That(restored, Is.GreaterThan(0), $"{report.Node} never reported its subscription restored");
            Assert.That(restored - acceptingAt, Is.LessThanOrEqualTo(10_000), $"{report.Node} resubscribed too late");
            Assert.That(report.Failed, Is.Zero);
            long actual = reports.Where(o => o.Node != report.Node).Sum(o => o.Published - report.Origins[o.Node].Received);
            Assert.That(report.Lost, Is.EqualTo(actual), $"{report.Node}: reported loss == published - received");
            foreach (Report origin in reports)
            {
                OriginView seen = report.Origins[origin.Node];
                Assert.That(seen.Duplicates + seen.OutOfOrder, Is.Zero);
                // Pub/sub loses what is published while a receiver is not subscribed; once every node is subscribed again, nothing.
                Assert.That(origin.FirstSince, Is.GreaterThan(0), $"{origin.Node} published nothing after every node had resubscribed");
                Assert.That(seen.Gaps.All(g => g[1] < origin.FirstSince), Is.True, $"{report.Node} lost frames {origin.Node} published after every node had resubscribed (from its #{origin.FirstSince})");
            }
        }
    }

    [TestCaseSource(typeof(Engine), nameof(Engine.All))]
    public async Task One_nodes_subscriber_connection_killed_it_resubscribes_within_5_s_reports_its_gap_and_the_others_lose_nothing(string transport)
    {
        using Engine engine = Engine.Start(transport);
        int[] shares = { 20_000, 20_000, 20_000 };
        await using var nodes = new NodeGroup(engine, "kill", shares, extra: "--rate 5000 --window 16");
        await nodes.GoAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        string victim = nodes.Names[1];
        long killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        engine.KillSubscriberOf(1, victim);
        await nodes.WaitPublishedAsync(TimeSpan.FromMinutes(2));
        Report[] reports = await nodes.ReportWhenAsync(r => r.Origins.Count == 3 && r.Origins.Values.All(o => o.Max == 20_000), TimeSpan.FromSeconds(60));

        long restored = nodes.RestoredAt(victim);
        Report hit = reports.Single(r => r.Node == victim);
        long actual = reports.Where(o => o.Node != victim).Sum(o => o.Published - hit.Origins[o.Node].Received);
        TestContext.Out.WriteLine($"{victim}: resubscribed {restored - killedAt} ms after the kill; reported loss {hit.Lost}, actual {actual}");
        TestContext.Out.WriteLine(hit.Summary());
        Assert.That(restored - killedAt, Is.InRange(0, 5_000));
        Assert.That(hit.Lost, Is.EqualTo(actual));
        foreach (Report other in reports.Where(r => r.Node != victim))
        {
            TestContext.Out.WriteLine(other.Summary());
            long missed = reports.Where(o => o.Node != other.Node).Sum(o => o.Published - other.Origins[o.Node].Received);
            Assert.That(other.Lost, Is.EqualTo(missed), other.Node + ": reported loss == published - received");
            foreach (Report origin in reports.Where(o => o.Node != victim))
            {
                Assert.That(other.Origins[origin.Node].Received, Is.EqualTo(origin.Published), $"{other.Node} lost nothing from {origin.Node}, whose link was not cut");
            }

            if (engine.SubscribesOnItsOwnConnection)
            {
                // Redis: the killed connection only subscribes, so nothing the victim published was on it.
                Assert.That(other.Lost, Is.Zero);
                Assert.That(other.TotalReceived, Is.EqualTo(60_000), other.Node + " lost nothing");
            }
        }
    }
}

/// <summary>
/// The issue's 60-s run (issue 21, "Done when"): 3 node processes publishing unthrottled on one server with default limits, the
/// third under <c>nice -n 19</c> so that it is the CPU-starved, slowest receiver (what got a node cut off before back-pressure
/// against the slowest receiver).
/// <c>EVENTCATALOG_UNTHROTTLED_EXTRA</c> adds load-node arguments (<c>--wait-for-slowest false</c> shows the run without back-pressure against the slowest node).
/// </summary>
[NonParallelizable]
[Category("Long")]
public sealed class UnthrottledTests
{
    [TestCaseSource(typeof(Engine), nameof(Engine.All))]
    public async Task Three_nodes_unthrottled_for_60_s_no_node_is_cut_off_by_the_server_and_every_loss_is_exactly_reported(string transport)
    {
        using Engine engine = Engine.Start(transport);
        string bus = "flood-" + Guid.NewGuid().ToString("N");
        const int seconds = 60;
        await using var nodes = new NodeGroup(engine, bus, new[] { 10_000_000, 10_000_000, 10_000_000 }, extra: $"--window 4096 --field-bytes 900 --publish-timeout 30 --seconds {seconds} {Environment.GetEnvironmentVariable("EVENTCATALOG_UNTHROTTLED_EXTRA")}", niceLast: true);
        await nodes.GoAsync();
        await nodes.WaitPublishedAsync(TimeSpan.FromSeconds(seconds + 60));
        long total = (await nodes.ReportWhenAsync(_ => true, TimeSpan.Zero)).Sum(r => r.Published);
        Report[] reports = await nodes.ReportWhenAsync(r => r.TotalReceived + r.Lost >= total, TimeSpan.FromSeconds(30));
        TestContext.Out.WriteLine($"{transport}: {seconds} s unthrottled, 3 nodes (the third under nice -n 19), 1 KiB events, 4,096 in flight each; load average at the end {LoadAverage()}");
        foreach (Report report in reports)
        {
            long measured = Missing(report, reports);
            TestContext.Out.WriteLine($"{report.Summary()}; lost measured {measured}; deepest outbound queue {report.DeepestQueue}; OutboundQueueFullException {report.QueueFull}; disconnected {nodes.LostEvents(report.Node)} times");
        }

        TestContext.Out.WriteLine($"NodeDown events during the run: {(nodes.NodeDowns.IsEmpty ? "none" : string.Join("; ", nodes.NodeDowns))}");
        int cut = engine.SlowClientsCut();
        TestContext.Out.WriteLine($"clients cut off by the server: {cut}{(cut == 0 ? string.Empty : "\n" + engine.SlowClientLines())}");
        Assert.That(cut, Is.Zero, "the server cut no client off");
        foreach (Report report in reports)
        {
            Assert.That(nodes.LostEvents(report.Node), Is.Zero, report.Node + " never lost its link");
            Assert.That(report.DeepestQueue, Is.LessThanOrEqualTo(2048), report.Node + ": NodePubSubOptions.MaxOutboundQueue, default 2,048");
            long measured = Missing(report, reports);
            Assert.That(report.Lost, Is.EqualTo(measured), report.Node + ": every loss exactly reported");
            Assert.That(report.Published, Is.GreaterThan(0));
        }
    }

    /// <summary>
    /// What <paramref name="report"/>'s node really missed: every other node's successful publishes it did not receive (its own
    /// messages reach its subscribers locally, even those whose frame was refused by a full outbound queue).
    /// </summary>
    private static long Missing(Report report, Report[] reports) =>
        reports.Where(origin => origin.Node != report.Node).Sum(origin => origin.Published - (report.Origins.GetValueOrDefault(origin.Node)?.Received ?? 0));

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}

internal sealed record OriginView(long Received, long Max, long OutOfOrder, long Duplicates, long[][] Gaps);

internal sealed record Report(string Node, long Published, long Failed, long FirstAfterRestore, long FirstSince, long Lost, long Dropped, long SelfEchoes, long Rejected, Dictionary<string, long> RejectedBy, Dictionary<string, OriginView> Origins, long QueueFull = 0, long DeepestQueue = 0)
{
    public long TotalReceived => Origins.Values.Sum(o => o.Received);

    public string Summary() => $"{Node}: published {Published} (failed {Failed}), received {TotalReceived} [{string.Join(", ", Origins.OrderBy(o => o.Key).Select(o => $"{o.Key}={o.Value.Received}"))}], lost {Lost}, dropped {Dropped}, self-echoes dropped {SelfEchoes}, rejected {Rejected}{(RejectedBy.Count == 0 ? string.Empty : " (" + string.Join(", ", RejectedBy.Select(r => r.Key + " " + r.Value)) + ")")}";
}

/// <summary>Node processes, driven over stdin/stdout.</summary>
internal sealed class NodeGroup : IAsyncDisposable
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true };
    private readonly List<Process> _processes = new();
    private readonly ConcurrentDictionary<string, BlockingCollection<string>> _lines = new();
    private readonly ConcurrentDictionary<string, long> _restored = new();
    private readonly ConcurrentDictionary<string, int> _lostEvents = new();

    /// <param name="niceLast">Runs the last node under <c>nice -n 19</c>: a node starved of CPU beside the others, the slowest receiver.</param>
    public NodeGroup(Engine engine, string bus, int[] shares, string extra, bool niceLast = false)
    {
        string dll = NodeDll();
        Names = shares.Select((_, i) => $"node{i + 1}-{bus}@test").ToArray();
        for (int i = 0; i < shares.Length; i++)
        {
            string name = Names[i];
            bool nice = niceLast && i == shares.Length - 1;
            var info = new ProcessStartInfo(nice ? "nice" : "dotnet", $"{(nice ? "-n 19 dotnet " : string.Empty)}\"{dll}\" --load-node --transport {engine.Transport} --server {engine.ServerFor(i)} --node {name} --bus {bus} --publish {shares[i]} {extra}")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            Process process = Process.Start(info)!;
            var lines = new BlockingCollection<string>();
            _lines[name] = lines;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }

                if (e.Data.StartsWith("EVENT lost ", StringComparison.Ordinal))
                {
                    _lostEvents.AddOrUpdate(name, 1, (_, n) => n + 1);
                }

                if (e.Data.StartsWith("EVENT nodedown ", StringComparison.Ordinal))
                {
                    NodeDowns.Enqueue(name + " saw " + e.Data.Substring("EVENT nodedown ".Length));
                }

                if (e.Data.StartsWith("EVENT restored ", StringComparison.Ordinal))
                {
                    _restored[name] = long.Parse(e.Data.Split(' ')[2]);
                }

                lines.Add(e.Data);
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    TestContext.Progress.WriteLine($"[{name} stderr] {e.Data}");
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _processes.Add(process);
        }
    }

    public string[] Names { get; }

    /// <summary>Every NodeDown a node raised: "&lt;node&gt; saw &lt;utc-ms&gt; &lt;peer&gt; &lt;reason&gt;".</summary>
    public ConcurrentQueue<string> NodeDowns { get; } = new();

    /// <summary>How many times <paramref name="node"/> lost its link to the server (its bus's ConnectionLost).</summary>
    public int LostEvents(string node) => _lostEvents.TryGetValue(node, out int n) ? n : 0;

    public long RestoredAt(string node) => _restored.TryGetValue(node, out long at) ? at : 0;

    public async Task GoAsync()
    {
        foreach (string name in Names)
        {
            await Expect(name, "READY", TimeSpan.FromSeconds(60));
        }

        foreach (Process process in _processes)
        {
            await process.StandardInput.WriteLineAsync("GO");
            await process.StandardInput.FlushAsync();
        }
    }

    public async Task WaitPublishedAsync(TimeSpan timeout)
    {
        foreach (string name in Names)
        {
            await Expect(name, "PUBLISHED ", timeout);
        }
    }

    /// <summary>Asks every node for its report until <paramref name="done"/> holds for all (late frames may still be in flight).</summary>
    public async Task<Report[]> ReportWhenAsync(Func<Report, bool> done, TimeSpan timeout, long since = 0)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var reports = new Report[Names.Length];
            for (int i = 0; i < Names.Length; i++)
            {
                await _processes[i].StandardInput.WriteLineAsync(since > 0 ? "REPORT " + since : "REPORT");
                await _processes[i].StandardInput.FlushAsync();
                string line = await Expect(Names[i], "REPORT ", TimeSpan.FromSeconds(30));
                reports[i] = JsonSerializer.Deserialize<Report>(line.Substring("REPORT ".Length), s_json)!;
            }

            if (reports.All(done) || clock.Elapsed > timeout)
            {
                return reports;
            }

            await Task.Delay(500);
        }
    }

    private Task<string> Expect(string name, string prefix, TimeSpan timeout) => Task.Run(() =>
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_lines[name].TryTake(out string? line, 200))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }

        Assert.Fail($"{name} did not print '{prefix.Trim()}' within {timeout.TotalSeconds} s.");
        return string.Empty;
    });

    public async ValueTask DisposeAsync()
    {
        foreach (Process process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    await process.StandardInput.WriteLineAsync("EXIT");
                    await process.StandardInput.FlushAsync();
                }
            }
            catch (IOException)
            {
            }
        }

        foreach (Process process in _processes)
        {
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }

    private static string NodeDll()
    {
        // bin/<Configuration>/net10.0 of this test project -> the sample's same folder.
        string here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        string framework = Path.GetFileName(here);
        string configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        string root = Path.GetFullPath(Path.Combine(here, "..", "..", "..", "..", ".."));
        string dll = Path.Combine(root, "samples", "ExESDB.ControlPlane", "bin", configuration, framework, "ExESDB.ControlPlane.dll");
        Assert.That(File.Exists(dll), Is.True, $"The node program is not built at {dll}; build tests/EventCatalog.PubSub.Distributed.Tests (it builds the node first).");
        return dll;
    }
}
