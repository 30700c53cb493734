using System;
using System.Linq;
using EventCatalog.Contract;

namespace EventCatalog.Analyzers.Knowledge;

/// <summary>
/// A topic template's shape, for recognising topic texts: the literal text around <c>{category}</c> and (at most
/// one) <c>{store}</c> (<see cref="TopicTemplateRules"/>). A category is one or more of <c>A-Z a-z 0-9 _</c>; a
/// store is one or more store-id characters (ASCII letters, digits, and the punctuation <c>_ - . @</c> the template
/// does not use, as the runtime's <c>StoreIdRules</c>), or a single <see cref="CatalogInfo.Hole"/> (an
/// interpolation hole).
/// </summary>
/// <remarks>
/// Matches as the regular expression <c>^L0(P1)L1(P2)L2\z</c> with greedy quantifiers would (the first placeholder
/// takes as much as it can), but without a regular expression: in linear time, allocation-free until a match,
/// and with no match timeout. The regular expression it replaces had a 100 ms timeout against backtracking,
/// which a loaded machine's pauses reached on an ordinary topic: the analyzer then threw (AD0001) and that
/// publish site lost its diagnostic (issue 13's exact-count benchmark caught it).
/// </remarks>
internal sealed class TopicShape
{
    private readonly string _prefix;
    private readonly string _middle;
    private readonly string _suffix;
    private readonly bool _hasStore;
    private readonly bool _storeFirst;
    private readonly bool[] _storeChars;

    public TopicShape(string template)
    {
        int category = template.IndexOf(CatalogContract.CategoryPlaceholder, StringComparison.Ordinal);
        int store = template.IndexOf(CatalogContract.StorePlaceholder, StringComparison.Ordinal);
        _hasStore = store >= 0;
        _storeFirst = _hasStore && store < category;
        if (!_hasStore)
        {
            _prefix = template.Substring(0, Math.Max(category, 0));
            _middle = string.Empty;
            _suffix = category < 0 ? string.Empty : template.Substring(category + CatalogContract.CategoryPlaceholder.Length);
        }
        else
        {
            (int first, int firstLength, int second, int secondLength) = _storeFirst
                ? (store, CatalogContract.StorePlaceholder.Length, category, CatalogContract.CategoryPlaceholder.Length)
                : (category, CatalogContract.CategoryPlaceholder.Length, store, CatalogContract.StorePlaceholder.Length);
            _prefix = template.Substring(0, first);
            _middle = template.Substring(first + firstLength, second - first - firstLength);
            _suffix = template.Substring(second + secondLength);
        }

        _storeChars = StoreIdAlphabet.Table(template);
    }

    /// <summary>
    /// True when <paramref name="topic"/> has the shape, with the category's text and its index in
    /// <paramref name="topic"/>; the category may still be unknown to the catalog.
    /// </summary>
    public bool TryMatch(string topic, out string category, out int categoryIndex)
    {
        category = string.Empty;
        categoryIndex = -1;
        int start = _prefix.Length;
        int end = topic.Length - _suffix.Length;
        if (end < start
            || string.CompareOrdinal(topic, 0, _prefix, 0, _prefix.Length) != 0
            || string.CompareOrdinal(topic, end, _suffix, 0, _suffix.Length) != 0)
        {
            return false;
        }

        if (!_hasStore)
        {
            return IsRun(topic, start, end, store: false) && Found(topic, start, end, out category, out categoryIndex);
        }

        if (start >= end)
        {
            return false;
        }

        // L0 P1 L1 P2 L2: the greedy first placeholder ends at the rightmost place where L1 follows it and the
        // second placeholder fills the rest. A store that starts with a hole is that one hole (the regex's first
        // alternative), since a hole is no store character.
        int firstRun = _storeFirst && topic[start] == CatalogInfo.Hole ? 1 : Run(topic, start, end, _storeFirst);
        for (int split = start + firstRun; split > start; split--)
        {
            int second = split + _middle.Length;
            if (second >= end || string.CompareOrdinal(topic, split, _middle, 0, _middle.Length) != 0)
            {
                continue;
            }

            bool secondMatches = _storeFirst
                ? IsRun(topic, second, end, store: false)
                : (end - second == 1 && topic[second] == CatalogInfo.Hole) || IsRun(topic, second, end, store: true);
            if (secondMatches)
            {
                return _storeFirst ? Found(topic, second, end, out category, out categoryIndex) : Found(topic, start, split, out category, out categoryIndex);
            }
        }

        return false;
    }

    private static bool Found(string topic, int from, int to, out string category, out int categoryIndex)
    {
        category = topic.Substring(from, to - from);
        categoryIndex = from;
        return true;
    }

    private static bool IsCategoryChar(char c) => c < 128 && (c == '_' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));

    private bool IsStoreChar(char c) => c < 128 && _storeChars[c];

    /// <summary>The length of the run of store (or category) characters from <paramref name="from"/>, up to <paramref name="to"/>.</summary>
    private int Run(string topic, int from, int to, bool store)
    {
        int i = from;
        while (i < to && (store ? IsStoreChar(topic[i]) : IsCategoryChar(topic[i])))
        {
            i++;
        }

        return i - from;
    }

    /// <summary>True when <c>[from, to)</c> is not empty and all store (or category) characters.</summary>
    private bool IsRun(string topic, int from, int to, bool store) => to > from && Run(topic, from, to, store) == to - from;
}
