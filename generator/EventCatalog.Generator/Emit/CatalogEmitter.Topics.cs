using System.Linq;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Emit;

/// <summary>The nested <c>Topics</c> class: the template, one topic per category, and <c>TryParse</c>.</summary>
internal sealed partial class CatalogEmitter
{
    private const string StorePlaceholder = EventCatalog.Contract.CatalogContract.StorePlaceholder;
    private const string CategoryPlaceholder = EventCatalog.Contract.CatalogContract.CategoryPlaceholder;

    private void WriteTopics()
    {
        string names = string.Join(", ", _spec.Categories.Select(c => Lit(c.Name)));
        _w.WriteLine($$"""

            /// <summary>The catalog's topics: one per category, built from <see cref="Template"/>.</summary>
            """);
        _w.OpenBlock("public static class Topics");
        _w.WriteLine($$"""
            /// <summary>The topic template.</summary>
            public const string Template = {{Lit(_spec.TopicTemplate)}};

            private static readonly global::EventCatalog.TopicTemplate s_template = new global::EventCatalog.TopicTemplate(
                Template,
                new string[] { {{names}} });
            """);

        foreach (CategorySpec category in _spec.Categories)
        {
            _w.WriteLine();
            WriteCategoryTopic(category);
        }

        _w.WriteLine($$"""

            /// <summary>Parses a topic of this catalog back into its store id and category.</summary>
            /// <param name="topic">The topic to parse.</param>
            /// <param name="storeId">The store id, or null when the template has no <c>{store}</c> or the topic is not the catalog's.</param>
            /// <param name="category">The topic's category.</param>
            /// <returns>True when <paramref name="topic"/> is one of this catalog's topics.</returns>
            public static bool TryParse(string? topic, out string? storeId, out {{_category}} category)
            {
                if (s_template.TryParse(topic, out storeId, out int index))
                {
                    category = ({{_category}})index;
                    return true;
                }

                category = default;
                return false;
            }
            """);
        _w.CloseBlock();
    }

    /// <summary>A constant when the template has no <c>{store}</c>; otherwise a method that checks the store id and fills it in.</summary>
    private void WriteCategoryTopic(CategorySpec category)
    {
        string filled = _spec.TopicTemplate.Replace(CategoryPlaceholder, category.Name);
        string attribute = $"[{Meta}CatalogCategory({Lit(category.Name)})]";
        int at = filled.IndexOf(StorePlaceholder, System.StringComparison.Ordinal);
        if (!_spec.TemplateHasStore || at < 0)
        {
            _w.WriteLine($$"""
                /// <summary>The topic of category <c>{{Doc(category.Name)}}</c>: <c>{{Doc(filled)}}</c>.</summary>
                {{attribute}}
                public const string {{category.MemberName}} = {{Lit(filled)}};
                """);
            return;
        }

        string prefix = filled.Substring(0, at);
        string suffix = filled.Substring(at + StorePlaceholder.Length);
        string concatenation = string.Join(" + ", new[] { prefix.Length > 0 ? Lit(prefix) : null, "storeId", suffix.Length > 0 ? Lit(suffix) : null }.Where(p => p is not null));
        _w.WriteLine($$"""
            /// <summary>The topic of category <c>{{Doc(category.Name)}}</c> for a store: <c>{{Doc(prefix)}}&lt;storeId&gt;{{Doc(suffix)}}</c>.</summary>
            /// <param name="storeId">The store id: ASCII letters, digits, and the punctuation <c>_ - . @</c> that the template does not use as a separator.</param>
            /// <returns>The topic.</returns>
            /// <exception cref="global::System.ArgumentException"><paramref name="storeId"/> is null, empty, or holds a character that is not allowed.</exception>
            {{attribute}}
            public static string {{category.MemberName}}(string storeId)
            {
                s_storeIds.Validate(storeId);
                return {{concatenation}};
            }
            """);
    }
}
