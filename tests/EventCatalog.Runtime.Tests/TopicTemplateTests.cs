using System;
using NUnit.Framework;

namespace EventCatalog.Runtime.Tests;

public class TopicTemplateTests
{
    private static readonly string[] s_categories = { "system", "cluster", "persistence" };

    [Test]
    public void Builds_the_seeds_topics()
    {
        var template = new TopicTemplate("exesdb:control:{store}:{category}", s_categories);
        Assert.That(template.Build("my_store", 1), Is.EqualTo("exesdb:control:my_store:cluster"));
        Assert.That(template.HasStore, Is.True);
    }

    [Test]
    public void Parses_topics_back()
    {
        var template = new TopicTemplate("exesdb:control:{store}:{category}", s_categories);
        Assert.That(template.TryParse("exesdb:control:my_store:persistence", out string? store, out int index), Is.True);
        Assert.That((store, index), Is.EqualTo(("my_store", 2)));
        Assert.That(template.TryParse("exesdb:control:my_store:gateway", out _, out _), Is.False);
        Assert.That(template.TryParse("exesdb:control:a:b:cluster", out _, out _), Is.False);
        Assert.That(template.TryParse(null, out _, out _), Is.False);
    }

    [Test]
    public void Templates_without_a_store()
    {
        var template = new TopicTemplate("app.{category}", s_categories);
        Assert.That(template.Build(null, 0), Is.EqualTo("app.system"));
        Assert.That(template.TryParse("app.cluster", out string? store, out int index), Is.True);
        Assert.That((store, index), Is.EqualTo(((string?)null, 1)));
    }

    [Test]
    public void Store_after_category()
    {
        var template = new TopicTemplate("{category}/{store}", s_categories);
        Assert.That(template.Build("eu-1", 0), Is.EqualTo("system/eu-1"));
        Assert.That(template.TryParse("cluster/eu-1", out string? store, out int index), Is.True);
        Assert.That((store, index), Is.EqualTo(("eu-1", 1)));
    }

    [TestCase("", "empty")]
    [TestCase("exesdb:{store}", "{category} exactly once")]
    [TestCase("{category}:{category}", "{category} exactly once")]
    [TestCase("{store}:{store}:{category}", "{store} at most once")]
    [TestCase("{tenant}:{category}", "opens neither")]
    [TestCase("a}:{category}", "closes no placeholder")]
    [TestCase("{store}{category}", "has nothing between {store} and {category}")]
    [TestCase("{store}at{category}", "only letters or digits (\"at\")")]
    [TestCase("events.*.{store}.{category}", "holds '*' at position 7")]
    [TestCase("{store}:{category}:>", "holds '>' at position 19")]
    public void Invalid_templates_are_refused(string template, string problem)
    {
        Assert.That(TopicTemplate.Check(template), Does.Contain(problem));
        Assert.Throws<ArgumentException>(() => new TopicTemplate(template, s_categories));
    }

    [Test]
    public void Build_checks_the_store_id_and_the_category_index()
    {
        var template = new TopicTemplate("exesdb:control:{store}:{category}", s_categories);
        Assert.Throws<ArgumentException>(() => template.Build("a:b", 0));
        Assert.Throws<ArgumentNullException>(() => template.Build(null, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => template.Build("s", 3));
    }

    [Test]
    public void A_template_that_would_let_a_store_id_forge_another_category_is_refused_at_run_time_too()
    {
        // Issue 10, case 4: store "acmepayment_" + "orders" would equal store "acme" + "payment_orders".
        ArgumentException refused = Assert.Throws<ArgumentException>(() => new TopicTemplate("{store}{category}", new[] { "orders", "payment_orders" }))!;
        Assert.That(refused.Message, Does.Contain("forge another category's topic"));
        Assert.That(refused.ParamName, Is.EqualTo("template"));
    }

    [Test]
    public void With_a_separator_each_topic_parses_back_to_its_own_store_and_category()
    {
        var template = new TopicTemplate("{store}_{category}", new[] { "orders", "payment_orders" });
        Assert.That(template.TryParse("acme_payment_orders", out string? store, out int index), Is.True);
        Assert.That((store, index), Is.EqualTo(("acme", 1)));
        Assert.Throws<ArgumentException>(() => template.Build("acme_payment", 0), "the separator is refused in store ids");
    }
    [Test]
    public void A_category_listed_twice_is_refused_because_two_indexes_would_build_one_topic()
    {
        // Before: Build("acme", 0) and Build("acme", 2) both gave "acme:orders", and TryParse read it as index 0.
        ArgumentException refused = Assert.Throws<ArgumentException>(() => new TopicTemplate("{store}:{category}", new[] { "orders", "payments", "orders" }))!;
        Assert.That(refused.ParamName, Is.EqualTo("categories"));
        Assert.That(refused.Message, Does.StartWith("Category \"orders\" is listed twice (indexes 0 and 2): two categories would build one topic."));
    }

    [TestCase("orders*", '*', 6)]
    [TestCase("#", '#', 0)]
    [TestCase("a>b", '>', 1)]
    [TestCase("or ders", ' ', 2)]
    [TestCase("x{store}", '{', 1)]
    public void A_category_that_brings_a_broker_pattern_or_a_brace_into_the_topic_is_refused(string category, char character, int position)
    {
        // Before: new TopicTemplate("{store}:{category}", new[] { "orders*" }).Build("acme", 0) was "acme:orders*", a Redis/NATS pattern.
        ArgumentException refused = Assert.Throws<ArgumentException>(() => new TopicTemplate("{store}:{category}", new[] { "orders", category }))!;
        Assert.That(refused.ParamName, Is.EqualTo("categories"));
        Assert.That(refused.Message, Does.StartWith($"Category \"{category}\" (index 1) holds '{(char.IsWhiteSpace(character) ? "white space" : character.ToString())}' at position {position}:"));
    }
}

/// <summary>
/// Issue 10, kind 4, as a property over many accepted templates: no two (store, category) pairs give one
/// topic, every topic parses back to its own pair, and no topic holds a broker pattern character.
/// </summary>
public class TopicTemplatePropertyTests
{
    private static readonly string[] s_pieces = { "", ":", "_", "-", ".", "@", "/", "a", "x_", "_x", "v2", "a.b", "{store}", "{category}", "%", "$", "=" };
    private static readonly string[] s_stores = { "a", "acme", "acme_", "acmepayment_", "payment", "a_b", "a-b", "a.b", "a@b", "x", "x_a", "_", "-", ".", "@", "orders", "a_payment", "A1", "1" };
    private static readonly string[] s_categories = { "a", "orders", "payment_orders", "x", "x_a", "a_x", "v2", "b", "a_b" };

    [Test]
    public void No_store_id_forges_another_topic_and_every_topic_parses_back()
    {
        int accepted = 0;
        foreach (string t1 in s_pieces)
        {
            foreach (string t2 in s_pieces)
            {
                foreach (string t3 in s_pieces)
                {
                    string template = t1 + t2 + t3;
                    foreach (string shape in new[] { template + "{category}", "{category}" + template, template.Replace("{category}", string.Empty) + "{store}" + t2 + "{category}" })
                    {
                        if (TopicTemplate.Check(shape) is not null)
                        {
                            continue;
                        }

                        accepted++;
                        var bound = new TopicTemplate(shape, s_categories);
                        var owners = new System.Collections.Generic.Dictionary<string, (string?, int)>(StringComparer.Ordinal);
                        foreach (string store in s_stores)
                        {
                            if (bound.HasStore && !bound.TryBuild(store, out _))
                            {
                                continue;
                            }

                            for (int c = 0; c < s_categories.Length; c++)
                            {
                                string topic = bound.Build(store, c);
                                (string?, int) pair = (bound.HasStore ? store : null, c);
                                Assert.That(topic.IndexOfAny("*?[]>#+\\ \t".ToCharArray()), Is.EqualTo(-1), $"{shape}: topic \"{topic}\" holds a pattern character");
                                if (owners.TryGetValue(topic, out (string?, int) other))
                                {
                                    Assert.That(other, Is.EqualTo(pair), $"{shape}: \"{topic}\" is built by {other} and by {pair}");
                                }

                                owners[topic] = pair;
                                Assert.That(bound.TryParse(topic, out string? parsedStore, out int parsedIndex), Is.True, $"{shape}: \"{topic}\" parses");
                                Assert.That((parsedStore, parsedIndex), Is.EqualTo(pair), $"{shape}: \"{topic}\" parses back to its own pair");
                            }
                        }
                    }
                }
            }
        }

        Assert.That(accepted, Is.GreaterThan(1000), "the property covers many accepted templates");
    }
}

internal static class TopicTemplateTestExtensions
{
    public static bool TryBuild(this TopicTemplate template, string store, out string? topic)
    {
        try
        {
            topic = template.Build(store, 0);
            return true;
        }
        catch (ArgumentException)
        {
            topic = null;
            return false;
        }
    }
}
