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
    /// A record's <c>Validate()</c>: a null check per required reference field, the scalar's own check of a present value
    /// (<see cref="ScalarType.Check"/>: not empty for a required text, absolute for a URI, …), an enum's defined values, and the
    /// problems of nested objects (at any depth in lists and maps) under the field's path (<c>stops[2].city must not be empty.</c>).
    /// </summary>
    private void WriteValidate(EquatableArray<FieldSpec> fields, string what)
    {
        _w.WriteLine($"""
            /// <summary>Checks the {what}: required text fields must be neither null nor empty, required lists, maps and objects not null, URIs absolute, enums defined, nested objects valid.</summary>
            /// <returns>The problems found, each starting with the field's path; empty when the data is valid.</returns>
            """);
        _w.OpenBlock($"public {StringList} Validate()");
        var checks = fields.Select(FieldChecks).Where(c => c.Length > 0).ToList();
        if (checks.Count == 0)
        {
            _w.WriteLine("return global::System.Array.Empty<string>();");
            _w.CloseBlock();
            return;
        }

        // The list is made only for the first problem: valid data, the common case, allocates nothing (issue 13).
        _w.WriteLine("global::System.Collections.Generic.List<string>? problems = null;");
        foreach (string check in checks)
        {
            _w.WriteLine();
            _w.WriteLine(check);
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
        string path = Lit(field.Name);
        if (type.IsOptional)
        {
            FieldType inner = type.Required();
            string? present = inner.Shape == TypeShape.Scalar
                ? (_target.CheckOf(inner.Row) is { WhenOptional: true } optionalCheck ? ScalarCheck(optionalCheck, Local(p), path) : null)
                : NestedChecks(inner, Local(p), path, 0);
            return present is null ? string.Empty : $"if ({p} is {{ }} {Local(p)})\n{Block(present)}";
        }

        string? valueChecks = type.Shape == TypeShape.Scalar
            ? (_target.CheckOf(type.Row) is { } check ? ScalarCheck(check, p, path) : null)
            : NestedChecks(type, p, path, 0);
        if (type.IsValueType)
        {
            return valueChecks ?? string.Empty;
        }

        string isNull = $"if ({p} is null)\n{Block(Problem(field.Name + " is required but null."))}";
        return valueChecks is null ? isNull : isNull + "\nelse" + (valueChecks.StartsWith("if (", System.StringComparison.Ordinal) ? " " + valueChecks : "\n" + Block(valueChecks));
    }

    private static string ScalarCheck(ValueCheck check, string value, string path) =>
        $"if ({Format(check.InvalidWhen, value)})\n{Block(PathProblem(path, " " + check.Problem))}";

    /// <summary>
    /// The checks of a present (non-null) <paramref name="value"/> of an enum, an object, or a list or map holding them; null
    /// when there is nothing to check. <paramref name="path"/> is a C# expression of the value's path in problem texts.
    /// </summary>
    private string? NestedChecks(FieldType type, string value, string path, int depth)
    {
        string d = Number(depth);
        switch (type.Shape)
        {
            case TypeShape.Enum:
                TypeSpec enumType = _spec.TypeNamed(type.TypeName);
                return $"if ((int){value} < 0 || (int){value} >= {Number(enumType.Values.Count)})\n{Block(PathProblem(path, $" is not a value of {type.TypeName}."))}";
            case TypeShape.Object:
                return $"foreach (string p{d} in {value}.Validate())\n{Block($"(problems ??= new global::System.Collections.Generic.List<string>()).Add({path} + \".\" + p{d});")}";
            case TypeShape.List or TypeShape.Map when type.Element!.NamedPart is not null:
                FieldType element = type.Element!;
                string e = "e" + d;
                string elementPath = type.Shape == TypeShape.List
                    ? $"{path} + \"[\" + i{d}.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \"]\""
                    : $"{path} + \"['\" + kv{d}.Key + \"']\"";
                string? inner = NestedChecks(element.Required(), element.IsOptional ? "x" + d : e, elementPath, depth + 1);
                string body = element.IsOptional
                    ? (inner is null ? string.Empty : $"if ({e} is {{ }} x{d})\n{Block(inner)}")
                    : element.IsValueType ? inner ?? string.Empty
                    : $"if ({e} is null)\n{Block(PathProblem(elementPath, " is required but null."))}" + (inner is null ? string.Empty : "\nelse\n" + Block(inner));
                if (body.Length == 0)
                {
                    return null;
                }

                return type.Shape == TypeShape.List
                    ? $"for (int i{d} = 0; i{d} < {value}.Count; i{d}++)\n{Block($"{CSharpOf(element)} {e} = {value}[i{d}];\n{body}")}"
                    : $"foreach (global::System.Collections.Generic.KeyValuePair<string, {CSharpOf(element)}> kv{d} in {value})\n{Block($"{CSharpOf(element)} {e} = kv{d}.Value;\n{body}")}";
            default:
                return null;
        }
    }

    /// <summary>Indents <paramref name="body"/> one level inside braces.</summary>
    private static string Block(string body) => "{\n" + string.Join("\n", body.Split('\n').Select(l => l.Length == 0 ? l : "    " + l)) + "\n}";

    private static string Problem(string text) => $"(problems ??= new global::System.Collections.Generic.List<string>()).Add({Lit(text)});";

    /// <summary>A problem whose text is the path (a C# expression) then <paramref name="text"/>: a literal when the path is one.</summary>
    private static string PathProblem(string path, string text) =>
        path.StartsWith("\"", System.StringComparison.Ordinal) && path.EndsWith("\"", System.StringComparison.Ordinal) && path.IndexOf('+') < 0
            ? $"(problems ??= new global::System.Collections.Generic.List<string>()).Add({path.Substring(0, path.Length - 1) + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""});"
            : $"(problems ??= new global::System.Collections.Generic.List<string>()).Add({path} + {Lit(text)});";

    private static string Local(string propertyName) => "v" + propertyName;

    private static string Format(string template, string value) => string.Format(System.Globalization.CultureInfo.InvariantCulture, template, value);
}
