using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ExESDB;
using ExESDB.ControlPlane;
using NUnit.Framework;

namespace EventCatalog.Sample.Tests;

/// <summary>The sample's core loop and summary: every category's events arrive, validated, none lost.</summary>
public class ControlPlaneSampleTests
{
    [Test]
    public async Task Default_run_covers_all_63_event_types_and_loses_nothing()
    {
        var output = new StringWriter();
        SimulationReport report = await new ControlPlaneSimulation(SimulationOptions.Default, output).RunAsync();

        Assert.That(report.Succeeded, Is.True, output.ToString());
        Assert.That(report.Categories.Select(c => c.Category), Is.EqualTo(Events.AllEvents.Keys));
        foreach (CategoryTally tally in report.Categories)
        {
            Assert.That((tally.Published, tally.Received, tally.Invalid), Is.EqualTo((15, 15, 0)), tally.Category.ToString());
            Assert.That(tally.EventTypes, Is.EquivalentTo(Events.AllEvents[tally.Category]), "every event type of the category was published");
        }

        string log = output.ToString();
        Assert.That(log, Does.StartWith("ExESDB control plane: store my_store"));
        Assert.That(log, Does.Contain("cluster_joined                   via_node=node2@my_store  valid"));
        Assert.That(log, Does.Contain("events_persisted                 stream_id=orders event_count=5  valid"));
        Assert.That(log, Does.Contain("total                105       105        0     0  63/63"));
        Assert.That(log.TrimEnd(), Does.EndWith("OK: 105 events published, 105 received and valid, nothing lost."));
    }

    /// <summary>
    /// The live log is in time order (each line stamped as it is written, not with its event's own timestamp, which
    /// seven concurrent subscribers printed out of order), and an event that reports a failure is valid but not "ok".
    /// </summary>
    [Test]
    public async Task The_live_log_is_in_time_order_and_failure_events_are_marked_as_such()
    {
        var output = new StringWriter();
        SimulationReport report = await new ControlPlaneSimulation(SimulationOptions.Default, output).RunAsync();
        Assert.That(report.Succeeded, Is.True, output.ToString());

        string[] log = output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d\d:\d\d:\d\d\.\d{3}  ")).ToArray();
        Assert.That(log, Has.Length.EqualTo(105));
        string[] times = log.Select(l => l.Substring(0, 12)).ToArray();
        Assert.That(times, Is.Ordered.Using((System.Collections.Generic.IComparer<string>)System.StringComparer.Ordinal), "the live log is in time order");

        string failed = log.Single(l => l.Contains(" subsystem_failed ", System.StringComparison.Ordinal));
        Assert.That(failed, Does.EndWith("  valid, reports a failure"));
        Assert.That(log.Where(l => l.EndsWith("  valid, reports a failure", System.StringComparison.Ordinal)).Select(l => l.Split(' ', System.StringSplitOptions.RemoveEmptyEntries)[2]),
            Is.All.Match("(^|_)(failed|failure|error|lost)(_|$)"), "only events that report a failure");
        Assert.That(log.Where(l => l.EndsWith("  ok", System.StringComparison.Ordinal)), Is.Empty, "no verdict reads 'ok'");
    }

    [Test]
    public async Task Quiet_prints_only_the_header_and_summary()
    {
        var output = new StringWriter();
        SimulationReport report = await new ControlPlaneSimulation(SimulationOptions.Default with { Quiet = true, Store = "eu-west.1" }, output).RunAsync();

        Assert.That(report.Succeeded, Is.True);
        string[] lines = output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        Assert.That(lines.Where(l => l.EndsWith("  valid", System.StringComparison.Ordinal)), Is.Empty);
        Assert.That(lines, Has.Length.EqualTo(2 + 1 + 7 + 1 + 1), string.Join("\n", lines));
        Assert.That(lines[1], Does.Contain("topics exesdb:control:eu-west.1:{category}"));
    }

    [Test]
    public async Task Many_events_per_category_all_arrive()
    {
        SimulationReport report = await new ControlPlaneSimulation(SimulationOptions.Default with { Quiet = true, EventsPerCategory = 20_000 }, TextWriter.Null).RunAsync();
        Assert.That(report.Succeeded, Is.True);
        Assert.That((report.Published, report.Received, report.Invalid), Is.EqualTo((140_000, 140_000, 0)));
    }

    [Test]
    public void Options_parse_the_command_line()
    {
        Assert.That(SimulationOptions.Parse(new string[0], out _), Is.EqualTo(SimulationOptions.Default));
        Assert.That(SimulationOptions.Parse(new[] { "--store", "s1", "--events", "3", "--quiet" }, out _), Is.EqualTo(new SimulationOptions("s1", 3, true)));
    }

    [TestCase(new[] { "--events", "0" }, "--events takes a whole number")]
    [TestCase(new[] { "--events", "x" }, "--events takes a whole number")]
    [TestCase(new[] { "--events" }, "--events needs a value")]
    [TestCase(new[] { "--store", "a:b" }, "':' (U+003A) at position 1")]
    [TestCase(new[] { "--store", "" }, "must not be empty")]
    [TestCase(new[] { "--loud" }, "Unknown argument '--loud'")]
    public void Bad_options_are_explained(string[] args, string message)
    {
        Assert.That(SimulationOptions.Parse(args, out string? error), Is.Null);
        Assert.That(error, Does.Contain(message));
    }
}
