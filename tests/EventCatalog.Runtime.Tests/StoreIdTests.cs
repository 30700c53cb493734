using System;
using NUnit.Framework;

namespace EventCatalog.Runtime.Tests;

/// <summary>Store ids become part of topics: they must never forge another topic or become a wildcard.</summary>
public class StoreIdTests
{
    private const string ColonTemplate = "exesdb:control:{store}:{category}";
    private const string DotTemplate = "exesdb.control.{store}.{category}";

    [TestCase("my_store")]
    [TestCase("Store-1")]
    [TestCase("eu.west.1")]
    [TestCase("node@host")]
    [TestCase("a")]
    public void Allowed(string storeId)
    {
        Assert.That(StoreIds.IsValid(storeId, ColonTemplate), Is.True);
        Assert.DoesNotThrow(() => StoreIds.Validate(storeId, ColonTemplate));
    }

    [TestCase("my:store", ':', 2)]
    [TestCase("*", '*', 0)]
    [TestCase("store?", '?', 5)]
    [TestCase("[a]", '[', 0)]
    [TestCase("a]", ']', 1)]
    [TestCase("a>", '>', 1)]
    [TestCase("{store}", '{', 0)]
    [TestCase("a}", '}', 1)]
    [TestCase("my store", ' ', 2)]
    [TestCase("tab\there", '\t', 3)]
    [TestCase("nul\0", '\0', 3)]
    [TestCase("caf\u00e9", '\u00e9', 3)]
    [TestCase("a/b", '/', 1)]
    [TestCase("#", '#', 0)]
    [TestCase("+", '+', 0)]
    public void Refused_with_the_character_and_its_position(string storeId, char offending, int position)
    {
        Assert.That(StoreIds.IsValid(storeId, ColonTemplate), Is.False);
        var ex = Assert.Throws<ArgumentException>(() => StoreIds.Validate(storeId, ColonTemplate));
        string code = "U+" + ((int)offending).ToString("X4");
        Assert.That(ex!.Message, Does.Contain(code).And.Contain($"position {position}"));
        Assert.That(ex.ParamName, Is.EqualTo("storeId"));
    }

    [Test]
    public void Empty_and_null_are_refused()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => StoreIds.Validate("", ColonTemplate))!.Message, Does.Contain("must not be empty"));
        Assert.Throws<ArgumentNullException>(() => StoreIds.Validate(null, ColonTemplate));
        Assert.That(StoreIds.IsValid(null, ColonTemplate), Is.False);
    }

    [Test]
    public void Punctuation_the_template_uses_as_a_separator_is_refused()
    {
        Assert.That(StoreIds.IsValid("eu.west", ColonTemplate), Is.True);
        Assert.That(StoreIds.IsValid("eu.west", DotTemplate), Is.False, "with a .-separated template, . would forge a topic");
        var ex = Assert.Throws<ArgumentException>(() => StoreIds.Validate("eu.west", DotTemplate));
        Assert.That(ex!.Message, Does.Contain("'.'").And.Contain("position 2").And.Contain("separator"));
        Assert.That(StoreIds.IsValid("eu_west", "{store}_{category}"), Is.False);
        Assert.That(StoreIds.IsValid("eu-west", "{store}_{category}"), Is.True);
    }

    [Test]
    public void Placeholder_names_are_not_literal_text()
    {
        // "{store}" and "{category}" hold letters only; they do not make letters refused.
        Assert.That(StoreIds.IsValid("store", "{store}:{category}"), Is.True);
    }
}
