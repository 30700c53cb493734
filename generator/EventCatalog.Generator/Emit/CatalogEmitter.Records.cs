using System.Linq;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Emit;

/// <summary>One namespace-level record per event: its data as positional properties, its wire names, and <c>Validate()</c>.</summary>
internal sealed partial class CatalogEmitter
{
    private void WriteRecord(CategorySpec category, EventSpec evt)
    {
        WriteSummary(Describe(evt.Description) ?? $"The <c>{Doc(evt.Name)}</c> event of category <c>{Doc(category.Name)}</c>.");
        foreach (FieldSpec field in evt.Fields)
        {
            WriteDocElement("param name=\"" + field.PropertyName + "\"", "param", Describe(field.Description) ?? $"The <c>{Doc(field.Name)}</c> field.");
        }

        _w.WriteLine($$"""
            {{s_generatedCode}}
            [{{Meta}}CatalogEvent(typeof({{_class}}), {{Lit(category.Name)}}, {{Lit(evt.Name)}})]
            """);
        if (evt.Deprecated is not null)
        {
            _w.WriteLine($"[global::System.Obsolete({Lit(evt.Deprecated)})]");
        }

        string parameters = evt.Fields.Count == 0 ? string.Empty : "(" + Parameters(evt.Fields) + ")";
        _w.OpenBlock($"public sealed partial record {evt.TypeName}{parameters} : global::EventCatalog.ICatalogEvent, global::EventCatalog.IValidatable");
        _w.WriteLine($$"""
            /// <summary>The event type's wire name: <c>{{Doc(evt.Name)}}</c>.</summary>
            public const string EventType = {{Lit(evt.Name)}};

            /// <summary>The category the event belongs to: <c>{{Doc(category.Name)}}</c>.</summary>
            public static {{_category}} Category => {{CategoryValue(category)}};

            string global::EventCatalog.ICatalogEvent.EventType => EventType;

            string global::EventCatalog.ICatalogEvent.Category => {{Lit(category.Name)}};

            """);
        WriteValidate(evt);
        _w.CloseBlock();
    }

    /// <summary>The record's positional parameters, e.g. <c>string ViaNode, long? Retries = null</c>.</summary>
    private static string Parameters(EquatableArray<FieldSpec> fields)
    {
        // Optional fields get a default only where every later field is optional too (C# needs defaults last).
        int firstDefault = fields.Count;
        while (firstDefault > 0 && fields[firstDefault - 1].Type.IsOptional)
        {
            firstDefault--;
        }

        return string.Join(", ", fields.Select((f, i) => f.Type.CSharp + " " + f.PropertyName + (i >= firstDefault ? " = null" : string.Empty)));
    }
}
