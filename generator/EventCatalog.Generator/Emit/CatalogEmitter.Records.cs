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
        _w.OpenBlock($"public sealed partial record {evt.TypeName}{parameters} : global::EventCatalog.ICatalogEvent, global::EventCatalog.IValidatable, {_spec.Qualify(EventInterface(category))}");
        _w.WriteLine($$"""
            /// <summary>The event type's wire name: <c>{{Doc(evt.Name)}}</c>.</summary>
            public const string EventType = {{Lit(evt.Name)}};

            /// <summary>The category the event belongs to: <c>{{Doc(category.Name)}}</c>.</summary>
            public static {{_category}} Category => {{CategoryValue(category)}};

            string global::EventCatalog.ICatalogEvent.EventType => EventType;

            string global::EventCatalog.ICatalogEvent.Category => {{Lit(category.Name)}};

            """);
        if (evt.Version > 1)
        {
            WriteVersionMembers(evt, evt.TypeName, evt.Version);
            WriteUpcastChain(evt);
        }

        WriteValidate(evt.Fields, "event's data");
        _w.CloseBlock();
        foreach (EventVersionSpec earlier in evt.PreviousVersions)
        {
            _w.WriteLine();
            WriteVersionRecord(category, evt, earlier);
        }
    }

    /// <summary>
    /// The record of an earlier version (SPEC §10): the shape old nodes wrote, read by the codec and upcast
    /// to the current record. It is not an event of the catalog: only the current record is published.
    /// </summary>
    private void WriteVersionRecord(CategorySpec category, EventSpec evt, EventVersionSpec earlier)
    {
        WriteSummary($"Version {earlier.Version} of the data of the <c>{Doc(evt.Name)}</c> event of category <c>{Doc(category.Name)}</c>, as nodes on that version write it; <see cref=\"{evt.TypeName}\"/> is the current version ({evt.Version}).");
        foreach (FieldSpec field in earlier.Fields)
        {
            WriteDocElement("param name=\"" + field.PropertyName + "\"", "param", Describe(field.Description) ?? $"The <c>{Doc(field.Name)}</c> field.");
        }

        _w.WriteLine(s_generatedCode);
        string parameters = earlier.Fields.Count == 0 ? string.Empty : "(" + Parameters(earlier.Fields) + ")";
        _w.OpenBlock($"public sealed partial record {earlier.TypeName}{parameters}");
        _w.WriteLine($$"""
            /// <summary>The event type's wire name: <c>{{Doc(evt.Name)}}</c>.</summary>
            public const string EventType = {{Lit(evt.Name)}};
            """);
        if (earlier.Version > 1)
        {
            _w.WriteLine();
            WriteVersionMembers(evt, earlier.TypeName, earlier.Version);
        }
        else
        {
            _w.WriteLine($$"""

                /// <summary>The version of the event's data this record holds: 1.</summary>
                public const int DataVersion = 1;
                """);
        }

        _w.CloseBlock();
    }

    /// <summary>The data version constant and the upcast from the version before, which the user implements.</summary>
    private void WriteVersionMembers(EventSpec evt, string typeName, int version)
    {
        string previous = evt.RecordOfVersion(version - 1);
        _w.WriteLine($$"""
            /// <summary>The version of the event's data this record holds: {{version}}.</summary>
            public const int DataVersion = {{version}};

            /// <summary>
            /// Turns version {{version - 1}} of the <c>{{Doc(evt.Name)}}</c> data into version {{version}}. Implement it in your own
            /// <c>partial record {{typeName}}</c>; the codec calls it on frames written by nodes on the older catalog (SPEC §10).
            /// </summary>
            /// <param name="previous">The data as version {{version - 1}} wrote it.</param>
            /// <returns>The same event as version {{version}}.</returns>
            public static partial {{typeName}} Upcast({{previous}} previous);

            """);
    }

    /// <summary>Upcasts from versions before the previous one, through each step the user wrote (v1 → v2 → … → current).</summary>
    private void WriteUpcastChain(EventSpec evt)
    {
        for (int version = evt.Version - 2; version >= 1; version--)
        {
            string from = evt.RecordOfVersion(version);
            string next = evt.RecordOfVersion(version + 1);
            _w.WriteLine($$"""
                /// <summary>Turns version {{version}} of the <c>{{Doc(evt.Name)}}</c> data into the current version {{evt.Version}}, one upcast at a time.</summary>
                /// <param name="previous">The data as version {{version}} wrote it.</param>
                /// <returns>The same event as version {{evt.Version}}.</returns>
                public static {{evt.TypeName}} Upcast({{from}} previous) => Upcast({{next}}.Upcast(previous));

                """);
        }
    }


    /// <summary>The record's positional parameters, e.g. <c>string ViaNode, long? Retries = null</c>.</summary>
    private string Parameters(EquatableArray<FieldSpec> fields)
    {
        // Optional fields get a default only where every later field is optional too (C# needs defaults last).
        int firstDefault = fields.Count;
        while (firstDefault > 0 && fields[firstDefault - 1].Type.IsOptional)
        {
            firstDefault--;
        }

        return string.Join(", ", fields.Select((f, i) => CSharpOf(f.Type) + " " + f.PropertyName + (i >= firstDefault ? " = null" : string.Empty)));
    }
}
