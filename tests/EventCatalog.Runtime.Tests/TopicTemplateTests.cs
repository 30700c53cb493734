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
}
