using System;
using System.Linq;
using NUnit.Framework;

namespace EventCatalog.Runtime.Tests;

public class EnvelopeFieldTests
{
    [Test]
    public void Event_ids_are_32_lowercase_hex_characters_from_16_random_bytes()
    {
        string[] ids = Enumerable.Range(0, 2000).Select(_ => EventIds.NewId()).ToArray();
        Assert.That(ids, Is.All.Match("^[0-9a-f]{32}$"));
        Assert.That(ids.Distinct().Count(), Is.EqualTo(ids.Length));
        Assert.That(ids.All(EventIds.IsWellFormed), Is.True);

        // Every hex digit shows up in every position over many ids: no fixed bits.
        for (int position = 0; position < 32; position++)
        {
            Assert.That(ids.Select(id => id[position]).Distinct().Count(), Is.EqualTo(16), $"position {position}");
        }
    }

    [Test]
    public void Ids_drawn_in_blocks_are_never_reused_across_blocks_or_threads()
    {
        // 4 threads x 2,000 ids: each thread crosses its 4 KiB block (256 ids) several times.
        string[][] perThread = Enumerable.Range(0, 4)
            .Select(_ => System.Threading.Tasks.Task.Run(() => Enumerable.Range(0, 2000).Select(_ => EventIds.NewId()).ToArray()))
            .Select(t => t.GetAwaiter().GetResult())
            .ToArray();
        string[] all = perThread.SelectMany(ids => ids).ToArray();
        Assert.That(all.Distinct().Count(), Is.EqualTo(8000), "no id twice, within a thread or across threads");
        Assert.That(all.All(EventIds.IsWellFormed), Is.True);
        Assert.That(all, Has.None.EqualTo(new string('0', 32)), "a cleared slice is never handed out");
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("0123456789ABCDEF0123456789abcdef")]
    [TestCase("0123456789abcdef0123456789abcde")]
    public void Malformed_ids(string? id) => Assert.That(EventIds.IsWellFormed(id), Is.False);

    [Test]
    public void Node_defaults_to_process_at_host()
    {
        string? saved = Environment.GetEnvironmentVariable(EventNode.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(EventNode.EnvironmentVariable, null);
            string node = EventNode.ComputeDefault();
            Assert.That(node, Does.EndWith("@" + Environment.MachineName));
            Assert.That(node.Length, Is.GreaterThan(Environment.MachineName.Length + 1));

            Environment.SetEnvironmentVariable(EventNode.EnvironmentVariable, "control@node1");
            Assert.That(EventNode.ComputeDefault(), Is.EqualTo("control@node1"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(EventNode.EnvironmentVariable, saved);
        }
    }

    [Test]
    public void Node_can_be_set_at_start_up()
    {
        try
        {
            EventNode.Current = "exesdb@node7";
            Assert.That(EventNode.Current, Is.EqualTo("exesdb@node7"));
            Assert.Throws<ArgumentException>(() => EventNode.Current = " ");
        }
        finally
        {
            EventNode.Reset();
        }

        Assert.That(EventNode.Current, Is.EqualTo(EventNode.ComputeDefault()));
    }
}
