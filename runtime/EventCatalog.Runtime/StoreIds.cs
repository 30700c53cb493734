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
    private const string Punctuation = "_-.@";

    /// <summary>True when <paramref name="storeId"/> may appear in topics built from <paramref name="topicTemplate"/>.</summary>
    public static bool IsValid(string? storeId, string topicTemplate) =>
        storeId is not null && FindProblem(storeId, topicTemplate) < -1;

    /// <summary>Throws unless <paramref name="storeId"/> may appear in topics built from <paramref name="topicTemplate"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="storeId"/> is null.</exception>
    /// <exception cref="ArgumentException">The store id is empty or holds a character that is not allowed; the message names it and its position.</exception>
    public static void Validate(string? storeId, string topicTemplate, string parameterName = "storeId")
    {
        if (storeId is null)
        {
            throw new ArgumentNullException(parameterName, "A store id is required to build a topic.");
        }

        int problem = FindProblem(storeId, topicTemplate);
        if (problem == -1)
        {
            throw new ArgumentException("A store id must not be empty.", parameterName);
        }

        if (problem >= 0)
        {
            throw new ArgumentException(Describe(storeId, problem, topicTemplate), parameterName);
        }
    }

    /// <summary>-2 when valid, -1 when empty, else the index of the first refused character.</summary>
    private static int FindProblem(string storeId, string topicTemplate)
    {
        if (storeId.Length == 0)
        {
            return -1;
        }

        for (int i = 0; i < storeId.Length; i++)
        {
            if (!IsAllowed(storeId[i], topicTemplate))
            {
                return i;
            }
        }

        return -2;
    }

    private static bool IsAllowed(char c, string topicTemplate)
    {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        {
            return true;
        }

        return Punctuation.IndexOf(c) >= 0 && !TemplateUsesLiterally(topicTemplate, c);
    }

    private static bool TemplateUsesLiterally(string topicTemplate, char c)
    {
        bool inPlaceholder = false;
        foreach (char t in topicTemplate)
        {
            if (t == '{')
            {
                inPlaceholder = true;
            }
            else if (t == '}')
            {
                inPlaceholder = false;
            }
            else if (!inPlaceholder && t == c)
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(string storeId, int index, string topicTemplate)
    {
        char c = storeId[index];
        string shown = c < ' ' || c == '\u007F' || char.IsWhiteSpace(c) || c > '\u007E'
            ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
            : "'" + c + "' (U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + ")";
        string why = Punctuation.IndexOf(c) >= 0
            ? "the topic template \"" + topicTemplate + "\" uses it as a separator"
            : "only ASCII letters, digits and " + AllowedPunctuation(topicTemplate) + " are allowed";
        return "Store id \"" + Escape(storeId) + "\" has " + shown + " at position " +
            index.ToString(CultureInfo.InvariantCulture) + ": " + why + ".";
    }

    private static string AllowedPunctuation(string topicTemplate)
    {
        string allowed = string.Empty;
        foreach (char p in Punctuation)
        {
            if (!TemplateUsesLiterally(topicTemplate, p))
            {
                allowed += (allowed.Length == 0 ? "'" : ", '") + p + "'";
            }
        }

        return allowed.Length == 0 ? "no punctuation" : allowed;
    }

    private static string Escape(string value)
    {
        var builder = new System.Text.StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (c < ' ' || c == '\u007F')
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
