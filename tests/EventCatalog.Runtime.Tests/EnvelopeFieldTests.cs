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
