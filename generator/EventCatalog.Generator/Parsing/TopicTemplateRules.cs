using System.Globalization;

namespace EventCatalog.Generator.Parsing;

/// <summary>The topic template rule: <c>{category}</c> exactly once, <c>{store}</c> at most once, no other braces.</summary>
/// <remarks>Compiled into the runtime too (a linked file), where <c>TopicTemplate.Check</c> applies it at run time.</remarks>
internal static class TopicTemplateRules
{
    private const string Category = "{category}";
    private const string Store = "{store}";

    public static string? Check(string template)
    {
        if (template.Length == 0)
        {
            return "The topic template is empty; it must hold {category}, e.g. \"{store}:{category}\".";
        }

        int categories = 0;
        int stores = 0;
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c == '}')
            {
                return Format("The topic template \"{0}\" has a '}}' at position {1} that closes no placeholder.", template, i);
            }

            if (c != '{')
            {
                if (char.IsControl(c))
                {
                    return Format("The topic template \"{0}\" holds a control character (U+{1:X4}) at position {2}.", template, (int)c, i);
                }

                continue;
            }

            if (string.CompareOrdinal(template, i, Category, 0, Category.Length) == 0)
            {
                categories++;
                i += Category.Length - 1;
            }
            else if (string.CompareOrdinal(template, i, Store, 0, Store.Length) == 0)
            {
                stores++;
                i += Store.Length - 1;
            }
            else
            {
                return Format("The topic template \"{0}\" has a '{{' at position {1} that opens neither {{category}} nor {{store}}.", template, i);
            }
        }

        if (categories != 1)
        {
            return Format("The topic template \"{0}\" must hold {{category}} exactly once (it holds it {1} times).", template, categories);
        }

        if (stores > 1)
        {
            return Format("The topic template \"{0}\" may hold {{store}} at most once (it holds it {1} times).", template, stores);
        }

        return null;
    }

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
