using System.Globalization;

namespace EventCatalog.Contract;

/// <summary>
/// The topic template rule: <c>{category}</c> exactly once, <c>{store}</c> at most once, no other braces;
/// every topic it produces is literal and unambiguous: its own text holds no broker pattern characters
/// (<c>* ? [ ] &gt; # +</c>, <c>\</c>, whitespace, control characters: Redis, NATS, AMQP and MQTT wildcards
/// and escapes), and <c>{store}</c> and <c>{category}</c> are kept apart by text holding a character that no
/// store id may hold (anything but an ASCII letter or digit: store ids refuse the template's own
/// punctuation), so that no store id can run into the category and forge another category's topic.
/// </summary>
/// <remarks>
/// Part of the contract (this folder, owned by the runtime and linked into the generator and analyzers):
/// the generator applies it as EVC006, the runtime in <c>TopicTemplate.Check</c>.
/// </remarks>
internal static class TopicTemplateRules
{
    private const string Category = CatalogContract.CategoryPlaceholder;
    private const string Store = CatalogContract.StorePlaceholder;
    private const string PatternCharacters = "*?[]>#+\\";

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

                if (PatternCharacters.IndexOf(c) >= 0 || char.IsWhiteSpace(c))
                {
                    return Format(
                        "The topic template \"{0}\" holds '{1}' at position {2}: brokers read it as a pattern or escape (Redis, NATS, AMQP, MQTT), so topics built from it would not be literal.",
                        template,
                        char.IsWhiteSpace(c) ? "white space" : c.ToString(),
                        i);
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

        if (stores == 1)
        {
            int store = template.IndexOf(Store, System.StringComparison.Ordinal);
            int category = template.IndexOf(Category, System.StringComparison.Ordinal);
            int from = System.Math.Min(store, category) + (store < category ? Store.Length : Category.Length);
            int to = System.Math.Max(store, category);
            bool separated = false;
            for (int i = from; i < to && !separated; i++)
            {
                char c = template[i];
                separated = !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
            }

            if (!separated)
            {
                string between = template.Substring(from, to - from);
                return Format(
                    "The topic template \"{0}\" has {1} between {{store}} and {{category}}: a store id could run into the category name and forge another category's topic{2}; separate them with punctuation such as ':' (\"{{store}}:{{category}}\").",
                    template,
                    between.Length == 0 ? "nothing" : "only letters or digits (\"" + between + "\")",
                    between.Length == 0 && store < category ? " (store \"acmepayment_\" + category \"orders\" reads as store \"acme\" + category \"payment_orders\")" : string.Empty);
            }
        }

        return null;
    }

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
