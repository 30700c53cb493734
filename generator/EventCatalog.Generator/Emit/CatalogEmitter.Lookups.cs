using System.Linq;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Emit;

/// <summary>The lookups between categories, their wire names, wrappers and event types: each a switch over the categories.</summary>
internal sealed partial class CatalogEmitter
{
    private void WriteLookups()
    {
        _w.WriteLine($$"""

            /// <summary>Checks whether a category holds an event type.</summary>
            /// <param name="category">The category.</param>
            /// <param name="eventType">The event type's wire name.</param>
            /// <returns>True when the category holds the event type.</returns>
            """);
        _w.OpenBlock($"public static bool IsValidEvent({_category} category, string? eventType)");
        WriteCategorySwitch("category", CaseLabels.EnumMember, EventTypeSwitch, otherwise: "return false;");
        _w.CloseBlock();

        _w.WriteLine($$"""

            /// <summary>Checks whether a category, given by its wire name, holds an event type; an unknown category gives false.</summary>
            /// <param name="category">The category's wire name.</param>
            /// <param name="eventType">The event type's wire name.</param>
            /// <returns>True when the category exists and holds the event type.</returns>
            """);
        // One switch on the wire name straight to the event types', as a hand-written check would be, rather than
        // parsing the category first (issue 13: IsValidEvent at most a hand-written switch).
        _w.OpenBlock("public static bool IsValidEvent(string? category, string? eventType)");
        WriteCategorySwitch("category", CaseLabels.WireName, EventTypeSwitch, otherwise: "return false;");
        _w.CloseBlock();

        _w.WriteLine($$"""

            /// <summary>Finds the category of an event type.</summary>
            /// <param name="eventType">The event type's wire name.</param>
            /// <param name="category">The category that holds it.</param>
            /// <returns>True when the catalog holds the event type.</returns>
            """);
        _w.OpenBlock($"public static bool TryGetCategory(string? eventType, out {_category} category)");
        WriteCategorySwitch("eventType", CaseLabels.EventTypes,
            c => $"category = {CategoryValue(c)};\nreturn true;",
            otherwise: "category = default;\nreturn false;");
        _w.CloseBlock();

        _w.WriteLine($$"""

            /// <summary>Finds a category by its wire name.</summary>
            /// <param name="category">The category's wire name, e.g. <c>{{Doc(_spec.Categories[0].Name)}}</c>.</param>
            /// <param name="value">The category.</param>
            /// <returns>True when the catalog has the category.</returns>
            """);
        _w.OpenBlock($"public static bool TryParseCategory(string? category, out {_category} value)");
        WriteCategorySwitch("category", CaseLabels.WireName,
            c => $"value = {CategoryValue(c)};\nreturn true;",
            otherwise: "value = default;\nreturn false;");
        _w.CloseBlock();

        _w.WriteLine($$"""

            /// <summary>Returns a category's wire name.</summary>
            /// <param name="category">The category.</param>
            /// <returns>The wire name.</returns>
            /// <exception cref="global::System.ArgumentOutOfRangeException"><paramref name="category"/> is not a category of this catalog.</exception>
            """);
        _w.OpenBlock($"public static string GetCategoryName({_category} category)");
        WriteCategorySwitch("category", CaseLabels.EnumMember, c => $"return {Lit(c.Name)};", NotACategory);
        _w.CloseBlock();

        _w.WriteLine($$"""

            /// <summary>Returns the payload wrapper of a category, e.g. <c>{{Doc(_spec.Categories[0].Wrapper)}}</c>.</summary>
            /// <param name="category">The category.</param>
            /// <returns>The wrapper's wire name.</returns>
            /// <exception cref="global::System.ArgumentOutOfRangeException"><paramref name="category"/> is not a category of this catalog.</exception>
            """);
        _w.OpenBlock($"public static string GetWrapper({_category} category)");
        WriteCategorySwitch("category", CaseLabels.EnumMember, c => $"return {Lit(c.Wrapper)};", NotACategory);
        _w.CloseBlock();
    }

    /// <summary>
    /// A category's section of <c>IsValidEvent</c>: a <c>switch</c> over its event types, as a hand-written check
    /// would be (the <c>is "a" or "b"</c> pattern it replaces measured 1.3x that switch on a miss, issue 13).
    /// </summary>
    private static string EventTypeSwitch(CategorySpec category) =>
        category.Events.Count == 0
            ? "return false;"
            : "switch (eventType)\n{\n" + string.Concat(category.Events.Select(e => "    case " + Lit(e.Name) + ":\n")) +
              "        return true;\n    default:\n        return false;\n}";
}
