using System;
using System.Collections.Generic;
using System.Globalization;

namespace EventCatalog;

/// <summary>
/// A topic template such as <c>exesdb:control:{store}:{category}</c>, bound to a catalog's
/// category names: builds topics and parses them back.
/// </summary>
/// <remarks>
/// A template holds <c>{category}</c> exactly once, <c>{store}</c> at most once, and no other braces.
/// </remarks>
public sealed class TopicTemplate
{
    private const string CategoryPlaceholder = EventCatalog.Contract.CatalogContract.CategoryPlaceholder;
    private const string StorePlaceholder = EventCatalog.Contract.CatalogContract.StorePlaceholder;

    private readonly string[] _categories;
    private readonly string[] _prefixes;
    private readonly string[] _suffixes;
    private readonly StoreIdRules _storeIds;

    /// <summary>Binds <paramref name="template"/> to <paramref name="categories"/>.</summary>
    /// <param name="template">The topic template, e.g. <c>exesdb:control:{store}:{category}</c>.</param>
    /// <param name="categories">The category wire names, in the catalog's order; <see cref="Build"/> and <see cref="TryParse"/> use their indexes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="template"/> or <paramref name="categories"/> is null.</exception>
    /// <exception cref="ArgumentException">The template is not valid (the message is <see cref="Check"/>'s), or a category name is null or empty (the message gives its index), is listed twice, or holds a broker pattern character (<c>* ? [ ] &gt; # + \</c>), a brace, white space or a control character (the message names the category, the character and its position).</exception>
    public TopicTemplate(string template, IReadOnlyList<string> categories)
    {
        if (template is null)
        {
            throw new ArgumentNullException(nameof(template));
        }

        if (categories is null)
        {
            throw new ArgumentNullException(nameof(categories));
        }

        string? problem = Check(template);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(template));
        }

        Template = template;
        _storeIds = new StoreIdRules(template);
        HasStore = template.IndexOf(StorePlaceholder, StringComparison.Ordinal) >= 0;
        _categories = new string[categories.Count];
        _prefixes = new string[categories.Count];
        _suffixes = new string[categories.Count];
        for (int i = 0; i < categories.Count; i++)
        {
            string category = categories[i];
            if (string.IsNullOrEmpty(category))
            {
                throw new ArgumentException("Category names must not be null or empty (index " + i + ").", nameof(categories));
            }

            if (CategoryProblem(category, i) is { } categoryProblem)
            {
                throw new ArgumentException(categoryProblem, nameof(categories));
            }

            int earlier = Array.IndexOf(_categories, category, 0, i);
            if (earlier >= 0)
            {
                throw new ArgumentException(
                    "Category \"" + category + "\" is listed twice (indexes " + earlier.ToString(CultureInfo.InvariantCulture) + " and " + i.ToString(CultureInfo.InvariantCulture) + "): two categories would build one topic.",
                    nameof(categories));
            }

            _categories[i] = category;
            string filled = template.Replace(CategoryPlaceholder, category);
            int store = filled.IndexOf(StorePlaceholder, StringComparison.Ordinal);
            _prefixes[i] = store < 0 ? filled : filled.Substring(0, store);
            _suffixes[i] = store < 0 ? string.Empty : filled.Substring(store + StorePlaceholder.Length);
        }
    }

    /// <summary>The template text.</summary>
    public string Template { get; }

    /// <summary>True when the template holds <c>{store}</c>.</summary>
    public bool HasStore { get; }

    /// <summary>The category names, in the catalog's order.</summary>
    public IReadOnlyList<string> Categories => _categories;

    /// <summary>Checks a topic template.</summary>
    /// <param name="template">The template text; null is allowed (and not valid).</param>
    /// <returns>Null when <paramref name="template"/> is a valid topic template, else one sentence saying what is wrong with it.</returns>
    /// <remarks>The same rule, from the same source file, as the generator's EVC006.</remarks>
    public static string? Check(string? template) =>
        template is null ? "A topic template must not be null." : EventCatalog.Contract.TopicTemplateRules.Check(template);

    /// <summary>Builds the topic of category <paramref name="categoryIndex"/> for <paramref name="storeId"/>.</summary>
    /// <param name="storeId">The store id; ignored (and may be null) when the template has no <c>{store}</c>.</param>
    /// <param name="categoryIndex">The index of the category in <see cref="Categories"/>.</param>
    /// <returns>The topic: the template with both placeholders filled in.</returns>
    /// <exception cref="ArgumentNullException">The template has <c>{store}</c> and <paramref name="storeId"/> is null.</exception>
    /// <exception cref="ArgumentException">The template has <c>{store}</c> and the store id is empty or holds a character this template refuses (see <see cref="StoreIds"/>); the message names the character and its position.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="categoryIndex"/> names no category.</exception>
    public string Build(string? storeId, int categoryIndex)
    {
        if ((uint)categoryIndex >= (uint)_categories.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(categoryIndex), categoryIndex, "No category has this index.");
        }

        if (!HasStore)
        {
            return _prefixes[categoryIndex];
        }

        _storeIds.Validate(storeId);
        return _prefixes[categoryIndex] + storeId + _suffixes[categoryIndex];
    }

    /// <summary>
    /// A category name puts its text into every topic, so it must not bring in what the template itself may
    /// not hold: broker pattern characters, white space, control characters, or braces (a placeholder).
    /// </summary>
    private static string? CategoryProblem(string category, int index)
    {
        for (int i = 0; i < category.Length; i++)
        {
            char c = category[i];
            if ("*?[]>#+\\{}".IndexOf(c) >= 0 || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                string shown = char.IsWhiteSpace(c) ? "white space" : char.IsControl(c) ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString();
                return "Category \"" + category + "\" (index " + index.ToString(CultureInfo.InvariantCulture) + ") holds '" + shown + "' at position " + i.ToString(CultureInfo.InvariantCulture) +
                    ": brokers read it as a pattern or escape (Redis, NATS, AMQP, MQTT), or it is a placeholder's brace, so its topics would not be literal.";
            }
        }

        return null;
    }

    /// <summary>Parses <paramref name="topic"/> back into its store id and category.</summary>
    /// <param name="topic">The topic; null is allowed (and not a topic of this template).</param>
    /// <param name="storeId">The store id, when the topic is this template's and the template has <c>{store}</c>; else null.</param>
    /// <param name="categoryIndex">The index of the topic's category in <see cref="Categories"/>; -1 when it is not this template's topic.</param>
    /// <returns>True when <paramref name="topic"/> is exactly a topic <see cref="Build"/> makes, with a valid store id.</returns>
    public bool TryParse(string? topic, out string? storeId, out int categoryIndex)
    {
        storeId = null;
        if (!TryMatch(topic, out int storeStart, out int storeLength, out categoryIndex))
        {
            return false;
        }

        if (HasStore)
        {
            storeId = topic!.Substring(storeStart, storeLength);
        }

        return true;
    }

    /// <summary>
    /// As <see cref="TryParse"/>, giving the store id as its place in <paramref name="topic"/> (start and length; 0 and 0 for a
    /// template without one) instead of a new string: the bus parses the topic of every message it publishes and receives.
    /// </summary>
    internal bool TryMatch(string? topic, out int storeStart, out int storeLength, out int categoryIndex)
    {
        storeStart = 0;
        storeLength = 0;
        categoryIndex = -1;
        if (topic is null)
        {
            return false;
        }

        for (int i = 0; i < _categories.Length; i++)
        {
            string prefix = _prefixes[i];
            if (!HasStore)
            {
                if (string.Equals(topic, prefix, StringComparison.Ordinal))
                {
                    categoryIndex = i;
                    return true;
                }

                continue;
            }

            string suffix = _suffixes[i];
            if (topic.Length <= prefix.Length + suffix.Length
                || !topic.StartsWith(prefix, StringComparison.Ordinal)
                || !topic.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            int length = topic.Length - prefix.Length - suffix.Length;
            if (_storeIds.IsValid(topic.AsSpan(prefix.Length, length)))
            {
                storeStart = prefix.Length;
                storeLength = length;
                categoryIndex = i;
                return true;
            }
        }

        return false;
    }
}
