using System.Collections.Generic;
using System.Linq;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Emit;

/// <summary>The catalog class: its attributes, the <c>Category</c> enum, the wire-name constants and the event lists.</summary>
internal sealed partial class CatalogEmitter
{
    private void WriteCatalogClass()
    {
        _w.WriteLine($$"""
            /// <summary>The event catalog of {{Doc(FileName)}}: its categories, event types and topics, with builders and validators.</summary>
            {{s_generatedCode}}
            [{{Meta}}EventCatalog({{Lit(_spec.TopicTemplate)}})]
            """);
        foreach (CategorySpec category in _spec.Categories)
        {
            _w.WriteLine($"[{Meta}CatalogCategory({Lit(category.Name)}, Wrapper = {Lit(category.Wrapper)})]");
        }

        _w.OpenBlock($"public static partial class {_spec.ClassName}");
        // The store-id rule of the template, computed once; PascalCase names never hold '_', so no member clashes with it.
        _w.WriteLine("""
            private static readonly global::EventCatalog.StoreIdRules s_storeIds = new global::EventCatalog.StoreIdRules(Topics.Template);

            """);
        WriteCategoryEnum();
        WriteConstants("Categories", "The categories' wire names.", _spec.Categories.Select(c => (c.MemberName, c.Name, "category")));
        WriteConstants("Types", "The event types' wire names.", _spec.Categories.SelectMany(c => c.Events).Select(e => (e.TypeName, e.Name, "event type")));
        WriteTopics();
        WriteEventLists();
        WriteLookups();
        WriteBuilders();
        WriteStructureChecks();
        WriteCodec();
        WriteSubscribers();
        _w.CloseBlock();
    }

    private void WriteCategoryEnum()
    {
        _w.WriteLine("/// <summary>The catalog's categories, in catalog order.</summary>");
        _w.OpenBlock("public enum Category");
        int value = 0;
        foreach (CategorySpec category in _spec.Categories)
        {
            WriteSummary(Describe(category.Description) ?? $"The <c>{Doc(category.Name)}</c> category.");
            _w.WriteLine($$"""
                [{{Meta}}CatalogCategory({{Lit(category.Name)}})]
                {{category.MemberName}} = {{Number(value++)}},
                """);
        }

        _w.CloseBlock();
    }

    private void WriteConstants(string className, string summary, IEnumerable<(string Member, string Value, string What)> constants)
    {
        _w.WriteLine();
        _w.WriteLine($"/// <summary>{summary}</summary>");
        _w.OpenBlock($"public static class {className}");
        bool first = true;
        foreach (var (member, value, what) in constants)
        {
            if (!first)
            {
                _w.WriteLine();
            }

            first = false;
            _w.WriteLine($$"""
                /// <summary>The {{what}} <c>{{Doc(value)}}</c>.</summary>
                public const string {{member}} = {{Lit(value)}};
                """);
        }

        _w.CloseBlock();
    }

    private void WriteEventLists()
    {
        foreach (CategorySpec category in _spec.Categories)
        {
            string items = string.Join(", ", category.Events.Select(e => Lit(e.Name)));
            _w.WriteLine($$"""

                /// <summary>The event types of category <c>{{Doc(category.Name)}}</c>, in catalog order.</summary>
                public static {{StringList}} {{category.MemberName}}Events { get; } =
                    global::System.Array.AsReadOnly(new string[] { {{items}} });
                """);
        }

        string dictionary = $"<{_category}, {StringList}>";
        _w.WriteLine($$"""

            /// <summary>The event types of every category, by category.</summary>
            public static global::System.Collections.Generic.IReadOnlyDictionary{{dictionary}} AllEvents { get; } =
                new global::System.Collections.ObjectModel.ReadOnlyDictionary{{dictionary}}(
                    new global::System.Collections.Generic.Dictionary{{dictionary}}({{Number(_spec.Categories.Count)}})
            """);
        _w.Indentation += 2;
        _w.OpenBlock();
        foreach (CategorySpec category in _spec.Categories)
        {
            _w.WriteLine($"[{CategoryValue(category)}] = {category.MemberName}Events,");
        }

        _w.CloseBlock(");");
        _w.Indentation -= 2;
    }
}
