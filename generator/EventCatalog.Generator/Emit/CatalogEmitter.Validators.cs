using System.Linq;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Emit;

/// <summary>The validators: the catalog's <c>IsValidEventStructure</c> overloads and each record's <c>Validate()</c>.</summary>
internal sealed partial class CatalogEmitter
{
    private void WriteStructureChecks()
    {
        _w.WriteLine("""

            /// <summary>Validates that an event has all required fields and belongs to this catalog.</summary>
            /// <typeparam name="T">The event's record type.</typeparam>
            /// <param name="envelope">The event, or null.</param>
            /// <returns>True when the envelope has an id, an event type matching its data, a node, a timestamp and data of this catalog.</returns>
            public static bool IsValidEventStructure<T>(global::EventCatalog.EventEnvelope<T>? envelope)
                where T : global::EventCatalog.ICatalogEvent =>
                envelope is not null
                && global::EventCatalog.EventStructure.IsValid(envelope)
                && (RecordOf_<T>.EventType is string eventType
                    ? string.Equals(envelope.EventType, eventType, global::System.StringComparison.Ordinal)
                    : string.Equals(envelope.EventType, envelope.Data.EventType, global::System.StringComparison.Ordinal)
                        && IsValidEvent(envelope.Data.Category, envelope.EventType));

            /// <summary>Validates that a serialized event map has all required keys: <c>event_id</c>, <c>event_type</c>, <c>node</c>, <c>timestamp</c>.</summary>
            /// <param name="eventMap">The event map, or null.</param>
            /// <returns>True when every required key is present; false for null.</returns>
            public static bool IsValidEventStructure(global::System.Collections.Generic.IReadOnlyDictionary<string, object?>? eventMap) =>
                global::EventCatalog.EventStructure.IsValid(eventMap);
            """);
    }

    /// <summary>A record's <c>Validate()</c>: a null check per required reference field, and an empty check for text.</summary>
    private void WriteValidate(EventSpec evt)
    {
        _w.WriteLine("""
            /// <summary>Checks the event's data: required text fields must be neither null nor empty, required lists and maps not null.</summary>
            /// <returns>The problems found; empty when the data is valid.</returns>
            """);
        _w.OpenBlock($"public {StringList} Validate()");
        var checks = evt.Fields.Where(f => f.Type.Check != FieldCheck.None).ToList();
        if (checks.Count == 0)
        {
            _w.WriteLine("return global::System.Array.Empty<string>();");
            _w.CloseBlock();
            return;
        }

        // The list is made only for the first problem: valid data, the common case, allocates nothing (issue 13).
        _w.WriteLine("global::System.Collections.Generic.List<string>? problems = null;");
        foreach (FieldSpec field in checks)
        {
            _w.WriteLine($$"""

                if ({{field.PropertyName}} is null)
                {
                    (problems ??= new global::System.Collections.Generic.List<string>()).Add({{Lit(field.Name + " is required but null.")}});
                }
                """);
            if (field.Type.Check == FieldCheck.NotNullOrEmpty)
            {
                _w.WriteLine($$"""
                    else if ({{field.PropertyName}}.Length == 0)
                    {
                        (problems ??= new global::System.Collections.Generic.List<string>()).Add({{Lit(field.Name + " must not be empty.")}});
                    }
                    """);
            }
        }

        _w.WriteLine($$"""

            return problems ?? ({{StringList}})global::System.Array.Empty<string>();
            """);
        _w.CloseBlock();
    }
}
