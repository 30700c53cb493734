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

    /// <summary>
    /// A record's <c>Validate()</c>: a null check per required reference field, and the scalar's own check of a present
    /// value (<see cref="ScalarType.Check"/>: not empty for a required text, absolute for a URI, …).
    /// </summary>
    private void WriteValidate(EventSpec evt)
    {
        _w.WriteLine("""
            /// <summary>Checks the event's data: required text fields must be neither null nor empty, required lists and maps not null.</summary>
            /// <returns>The problems found; empty when the data is valid.</returns>
            """);
        _w.OpenBlock($"public {StringList} Validate()");
        var checks = evt.Fields.Select(f => (Field: f, Lines: FieldChecks(f))).Where(c => c.Lines.Length > 0).ToList();
        if (checks.Count == 0)
        {
            _w.WriteLine("return global::System.Array.Empty<string>();");
            _w.CloseBlock();
            return;
        }

        // The list is made only for the first problem: valid data, the common case, allocates nothing (issue 13).
        _w.WriteLine("global::System.Collections.Generic.List<string>? problems = null;");
        foreach (var check in checks)
        {
            _w.WriteLine();
            _w.WriteLine(check.Lines);
        }

        _w.WriteLine($$"""

            return problems ?? ({{StringList}})global::System.Array.Empty<string>();
            """);
        _w.CloseBlock();
    }

    /// <summary>The statements that check one field, or empty when it has nothing to check.</summary>
    private string FieldChecks(FieldSpec field)
    {
        FieldType type = field.Type;
        string p = field.PropertyName;
        ValueCheck? check = type.Shape == TypeShape.Scalar ? _target.CheckOf(type.Row) : null;
        string? problem = check is null ? null : Problem(field.Name + " " + check.Problem);
        bool nullCheck = !type.IsOptional && !type.IsValueType;
        if (type.IsOptional)
        {
            return check is { WhenOptional: true }
                ? $$"""
                    if ({{p}} is { } {{Local(p)}} && {{Format(check.InvalidWhen, Local(p))}})
                    {
                        {{problem}}
                    }
                    """
                : string.Empty;
        }

        string valueCheck = check is null ? string.Empty : $$"""
            if ({{Format(check.InvalidWhen, p)}})
            {
                {{problem}}
            }
            """;
        if (!nullCheck)
        {
            return valueCheck;
        }

        string isNull = $$"""
            if ({{p}} is null)
            {
                {{Problem(field.Name + " is required but null.")}}
            }
            """;
        return valueCheck.Length == 0 ? isNull : isNull + "\nelse " + valueCheck;
    }

    private static string Problem(string text) => $"(problems ??= new global::System.Collections.Generic.List<string>()).Add({Lit(text)});";

    private static string Local(string propertyName) => "v" + propertyName;

    private static string Format(string template, string value) => string.Format(System.Globalization.CultureInfo.InvariantCulture, template, value);
}
