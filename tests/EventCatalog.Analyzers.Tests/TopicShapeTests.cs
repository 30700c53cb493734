using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using EventCatalog.Analyzers.Knowledge;
using NUnit.Framework;

namespace EventCatalog.Analyzers.Tests;

/// <summary>
/// Topic shapes (<see cref="TopicShape"/>): which texts have a template's shape and where the category is. The
/// matcher replaced a regular expression with a 100 ms match timeout, which a loaded machine reached on ordinary
/// topics (AD0001, and the site's diagnostic lost); these tests pin the same answers without a timeout.
/// </summary>
public class TopicShapeTests
{
    private const char Hole = CatalogInfo.Hole;

    [TestCase("exesdb:control:{store}:{category}", "exesdb:control:main:cluster", "cluster", 20)]
    [TestCase("exesdb:control:{store}:{category}", "exesdb:control:\uE000:gateway", "gateway", 17)]
    [TestCase("{store}:{category}", "room:lobby", "lobby", 5)]
    [TestCase("{category}", "orders", "orders", 0)]
    [TestCase("app.{category}.events", "app.billing_v2.events", "billing_v2", 4)]
    [TestCase("{category}/{store}", "orders/eu-1@x", "orders", 0)]
    [TestCase("{category}/{store}", "orders/\uE000", "orders", 0)]
    // '_' is the template's own separator, so a store id cannot hold it, but a category can: the category,
    // first, takes as much as it can (a_b), as the regular expression's greedy group did.
    [TestCase("{category}_{store}", "a_b_c", "a_b", 0)]
    [TestCase("{store}_{category}", "a_b_c", "b_c", 2)]
    public void A_topic_of_the_shape_gives_its_category_and_where_it_starts(string template, string topic, string category, int index)
    {
        Assert.That(new TopicShape(template).TryMatch(topic, out string found, out int at), Is.True);
        Assert.That((found, at), Is.EqualTo((category, index)));
    }

    [TestCase("exesdb:control:{store}:{category}", "exesdb:control:main:")]
    [TestCase("exesdb:control:{store}:{category}", "exesdb:control::cluster")]
    [TestCase("exesdb:control:{store}:{category}", "exesdb:control:ma:in:cluster")]
    [TestCase("exesdb:control:{store}:{category}", "exesdb:control:main:cluster\n")]
    [TestCase("exesdb:control:{store}:{category}", "exesdb:control:\uE000\uE000:cluster")]
    [TestCase("exesdb:control:{store}:{category}", "exesdb:control:main:clu-ster")]
    [TestCase("{store}:{category}", "room:lob\uE000by")]
    [TestCase("{store}:{category}", "")]
    [TestCase("{category}", "")]
    [TestCase("{category}", "Straße")]
    public void A_topic_off_the_shape_does_not_match(string template, string topic)
    {
        Assert.That(new TopicShape(template).TryMatch(topic, out string found, out int at), Is.False);
        Assert.That((found, at), Is.EqualTo((string.Empty, -1)));
    }

    [Test]
    public void It_agrees_with_the_templates_regular_expression_on_random_topics()
    {
        // The reference: the regular expression the analyzer used before, with \z for $ (a .NET $ also matches
        // before a final '\n', which no topic may hold). Topics are drawn from an alphabet rich in the
        // templates' separators and both placeholders' characters, so most splits are ambiguous.
        string[] templates = { "{store}:{category}", "exesdb:control:{store}:{category}", "{category}:{store}", "{category}_{store}", "{store}_{category}", "x{category}.y", "{category}", "a{store}-{category}b" };
        const string alphabet = "ab:_-.@x9yZ\uE000";
        var random = new Random(13);
        int matches = 0;
        foreach (string template in templates)
        {
            var shape = new TopicShape(template);
            Regex reference = Reference(template);
            for (int n = 0; n < 4_000; n++)
            {
                var topic = new StringBuilder();
                int length = random.Next(0, 12);
                for (int i = 0; i < length; i++)
                {
                    topic.Append(alphabet[random.Next(alphabet.Length)]);
                }

                string text = random.Next(3) == 0 ? Fill(template, random) : topic.ToString();
                Match expected = reference.Match(text);
                bool matched = shape.TryMatch(text, out string category, out int index);
                Assert.That((matched, category, index), Is.EqualTo((expected.Success, expected.Success ? expected.Groups["category"].Value : string.Empty, expected.Success ? expected.Groups["category"].Index : -1)),
                    $"template {template}, topic {text.Replace(Hole, '…')}");
                matches += matched ? 1 : 0;
            }
        }

        Assert.That(matches, Is.GreaterThan(3_000), "the random topics must exercise matching, not only rejection");
    }

    [Test]
    public void A_long_hostile_topic_is_answered_in_linear_time()
    {
        // Every prefix split is a candidate for the greedy store ("aaaa…"), and none completes: quadratic for a
        // backtracking matcher, a timeout for the old one. 200,000 characters must take well under a second.
        var shape = new TopicShape("{store}:{category}");
        string topic = new string('a', 100_000) + ":" + new string('b', 99_999) + "-";
        var watch = Stopwatch.StartNew();
        bool matched = shape.TryMatch(topic, out _, out _);
        watch.Stop();

        Assert.That(matched, Is.False);
        Assert.That(watch.ElapsedMilliseconds, Is.LessThan(1_000));
    }

    private static string Fill(string template, Random random)
    {
        string[] stores = { "main", "eu-1", "a.b", "x@y", Hole.ToString(), "a_b", "a:b" };
        string[] categories = { "cluster", "a_b", "B9", "x-y", "" };
        return template.Replace("{store}", stores[random.Next(stores.Length)]).Replace("{category}", categories[random.Next(categories.Length)]);
    }

    private static Regex Reference(string template)
    {
        string rest = template.Replace("{store}", string.Empty).Replace("{category}", string.Empty);
        string storeChars = "A-Za-z0-9" + string.Concat("_-.@".Where(c => rest.IndexOf(c) < 0).Select(c => c == '-' ? "\\-" : Regex.Escape(c.ToString())));
        string pattern = "^" + Regex.Escape(template)
            .Replace(Regex.Escape("{category}"), "(?<category>[A-Za-z0-9_]+)")
            .Replace(Regex.Escape("{store}"), "(?:" + Hole + "|[" + storeChars + "]+)") + "\\z";
        return new Regex(pattern, RegexOptions.CultureInvariant);
    }
}
