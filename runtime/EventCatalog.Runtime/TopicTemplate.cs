using System;
using System.Collections.Generic;

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
    private const string CategoryPlaceholder = "{category}";
    private const string StorePlaceholder = "{store}";

    private readonly string[] _categories;
    private readonly string[] _prefixes;
    private readonly string[] _suffixes;
    private readonly StoreIdRules _storeIds;

    /// <summary>Binds <paramref name="template"/> to <paramref name="categories"/>.</summary>
    /// <exception cref="ArgumentException">The template is not valid, or a category name is empty.</exception>
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

    /// <summary>Returns null when <paramref name="template"/> is a valid topic template, else what is wrong with it.</summary>
    /// <remarks>The same rule, from the same source file, as the generator's EVC006.</remarks>
    public static string? Check(string? template) =>
        template is null ? "A topic template must not be null." : EventCatalog.Generator.Parsing.TopicTemplateRules.Check(template);

    /// <summary>Builds the topic of category <paramref name="categoryIndex"/> for <paramref name="storeId"/>.</summary>
    /// <exception cref="ArgumentException">The store id is not valid for this template (see <see cref="StoreIds"/>), or it is missing while the template needs one.</exception>
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
    /// Parses <paramref name="topic"/>: true when it is one of this template's topics, with the store id
    /// (null when the template has no <c>{store}</c>) and the index of its category.
    /// </summary>
    public bool TryParse(string? topic, out string? storeId, out int categoryIndex)
    {
        storeId = null;
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

            string candidate = topic.Substring(prefix.Length, topic.Length - prefix.Length - suffix.Length);
            if (_storeIds.IsValid(candidate))
            {
                storeId = candidate;
                categoryIndex = i;
                return true;
            }
        }

        return false;
    }
}
