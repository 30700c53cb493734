using System;
using System.Globalization;

namespace EventCatalog;

/// <summary>
/// Validation of store ids, which become part of topics. A store id must never be able to
/// forge another topic or turn into a broker wildcard pattern.
/// </summary>
/// <remarks>
/// Allowed: ASCII letters, digits, <c>_</c>, <c>-</c>, <c>.</c> and <c>@</c>, minus any of those
/// punctuation characters that the topic template uses as literal text (with a <c>.</c>-separated
/// template, <c>.</c> is refused). Everything else is refused.
/// </remarks>
public static class StoreIds
{
    /// <summary>Checks whether <paramref name="storeId"/> may appear in topics built from <paramref name="topicTemplate"/>.</summary>
    /// <param name="storeId">The store id; null is allowed (and not valid).</param>
    /// <param name="topicTemplate">The topic template, e.g. <c>exesdb:control:{store}:{category}</c>; its literal punctuation is refused in store ids.</param>
    /// <returns>True when the store id is allowed; false when it is null, empty or holds a refused character.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="topicTemplate"/> is null.</exception>
    public static bool IsValid(string? storeId, string topicTemplate) => new StoreIdRules(topicTemplate).IsValid(storeId);

    /// <summary>Throws unless <paramref name="storeId"/> may appear in topics built from <paramref name="topicTemplate"/>.</summary>
    /// <param name="storeId">The store id to check.</param>
    /// <param name="topicTemplate">The topic template, e.g. <c>exesdb:control:{store}:{category}</c>; its literal punctuation is refused in store ids.</param>
    /// <param name="parameterName">The parameter name the exceptions report, so that they point at the caller's own parameter.</param>
    /// <exception cref="ArgumentNullException"><paramref name="storeId"/> or <paramref name="topicTemplate"/> is null.</exception>
    /// <exception cref="ArgumentException">The store id is empty or holds a character that is not allowed; the message names it and its position.</exception>
    public static void Validate(string? storeId, string topicTemplate, string parameterName = "storeId") =>
        new StoreIdRules(topicTemplate).Validate(storeId, parameterName);
}
