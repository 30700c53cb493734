namespace EventCatalog.Contract;

/// <summary>
/// The characters a store id may hold under one topic template (SPEC §3), computed in one place: ASCII letters and digits,
/// and of <see cref="CatalogContract.StoreIdPunctuation"/> whatever the template does not use as literal text. The runtime's
/// <c>StoreIdRules</c>, the analyzers' topic shapes and the tool's exported <c>storeid</c> pattern all read it.
/// </summary>
internal static class StoreIdAlphabet
{
    /// <summary>The allowed characters as a table indexed by ASCII code (128 entries; anything above is refused).</summary>
    /// <param name="template">The topic template.</param>
    public static bool[] Table(string template)
    {
        var allowed = new bool[128];
        for (char c = '0'; c <= '9'; c++)
        {
            allowed[c] = true;
        }

        for (char c = 'a'; c <= 'z'; c++)
        {
            allowed[c] = true;
            allowed[c - 'a' + 'A'] = true;
        }

        foreach (char p in Punctuation(template))
        {
            allowed[p] = true;
        }

        return allowed;
    }

    /// <summary>The punctuation a store id may hold under <paramref name="template"/>, in <see cref="CatalogContract.StoreIdPunctuation"/>'s order.</summary>
    /// <param name="template">The topic template.</param>
    public static string Punctuation(string template)
    {
        string kept = string.Empty;
        foreach (char p in CatalogContract.StoreIdPunctuation)
        {
            if (!UsesLiterally(template, p))
            {
                kept += p;
            }
        }

        return kept;
    }

    /// <summary>Whether <paramref name="template"/> holds <paramref name="c"/> as literal text (outside its placeholders).</summary>
    private static bool UsesLiterally(string template, char c)
    {
        bool inPlaceholder = false;
        foreach (char t in template)
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
}
