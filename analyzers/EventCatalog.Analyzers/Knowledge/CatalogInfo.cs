using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using EventCatalog.Contract;
using Microsoft.CodeAnalysis;

namespace EventCatalog.Analyzers.Knowledge;

/// <summary>A category as the generated code records it: wire name, C# member name, wrapper.</summary>
internal sealed record CategoryInfo(string Name, string MemberName, string Wrapper);

/// <summary>
/// One generated catalog, read from its attributes: the topic template, the categories and the event
/// types. Built from symbols only, so a catalog in a referenced assembly reads like a local one.
/// </summary>
internal sealed class CatalogInfo
{
    /// <summary>Stands for an interpolation hole or a non-constant operand inside a topic expression.</summary>
    public const char Hole = '\uE000';

    private readonly Dictionary<string, CategoryInfo> _categories;
    private readonly TopicShape _shape;

    public CatalogInfo(INamedTypeSymbol type, string template, IReadOnlyList<CategoryInfo> categories, ImmutableHashSet<string> eventTypes)
    {
        Type = type;
        Template = template;
        Categories = categories;
        EventTypes = eventTypes;
        _categories = categories.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _shape = new TopicShape(template);
        DisplayName = type.ToDisplayString();
        HasDistinctiveText = template.Replace(CatalogContract.StorePlaceholder, string.Empty).Replace(CatalogContract.CategoryPlaceholder, string.Empty).Any(char.IsLetterOrDigit);
    }

    public INamedTypeSymbol Type { get; }

    public string DisplayName { get; }

    public string Template { get; }

    public IReadOnlyList<CategoryInfo> Categories { get; }

    /// <summary>
    /// True when the template has literal text beyond its separators (<c>exesdb:control</c> in
    /// <c>exesdb:control:{store}:{category}</c>): a topic of its shape then carries that text, which is
    /// evidence it is meant for this catalog. The default <c>{store}:{category}</c> has only <c>:</c>, which
    /// any Phoenix-style topic (<c>room:lobby</c>) also has.
    /// </summary>
    public bool HasDistinctiveText { get; }

    public ImmutableHashSet<string> EventTypes { get; }

    public CategoryInfo? Category(string name) => _categories.TryGetValue(name, out CategoryInfo? category) ? category : null;

    /// <summary>
    /// Matches a topic text (holes marked with <see cref="Hole"/>) against the template's shape: true when it
    /// has that shape, with the category text and its index; the category may still be unknown.
    /// </summary>
    public bool TryMatchShape(string topic, out string category, out int categoryIndex) =>
        _shape.TryMatch(topic, out category, out categoryIndex);
}
