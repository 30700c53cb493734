using System;
using System.Collections.Generic;
using System.Linq;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Parsing;

/// <summary>
/// The checks of <c>types:</c> (SPEC §13): names (EVC003), duplicates and clashes with a scalar type's name (EVC004),
/// enum values (EVC003, EVC004), generated C# names (EVC007), and object types that contain themselves or nest too
/// deep (EVC020). A type with an error is left out, and so is every type and event that uses it, without a second error.
/// </summary>
internal sealed partial class CatalogValidator
{
    /// <summary>The C# names of the checked types, with their catalog names (events' records may not take them).</summary>
    private readonly Dictionary<string, string> _typeNames = new(StringComparer.Ordinal);

    /// <summary>The catalog names of types with an error, or using one.</summary>
    private readonly HashSet<string> _brokenTypes = new(StringComparer.Ordinal);

    private bool UsesBrokenType(IEnumerable<FieldSpec> fields) =>
        _brokenTypes.Count > 0 && fields.Any(f => f.Type.NamedPart is { } named && _brokenTypes.Contains(named.TypeName));

    private EquatableArray<TypeSpec> CheckTypes(string ns, string className)
    {
        if (_draft.Types.Count == 0)
        {
            return EquatableArray<TypeSpec>.Empty;
        }

        var seen = new Dictionary<string, TypeDraft>(StringComparer.Ordinal);
        var specs = new Dictionary<string, TypeSpec>(StringComparer.Ordinal);
        var locations = new Dictionary<string, TypeDraft>(StringComparer.Ordinal);
        foreach (TypeDraft draft in _draft.Types)
        {
            int errorsBefore = _errors;
            bool ok = CheckName("Type", draft.Name, draft.Location);
            if (ok && seen.TryGetValue(draft.Name, out TypeDraft? first))
            {
                Error(DiagnosticDescriptors.DuplicateName, draft.Location, $"Type '{draft.Name}' is defined twice (first at line {first.Location.StartLine + 1}).");
                continue;
            }

            if (ok && (ScalarTypes.Find(draft.Name) is not null || draft.Name is "list" or "map"))
            {
                Error(DiagnosticDescriptors.DuplicateName, draft.Location, $"Type '{draft.Name}' has the name of the built-in type '{draft.Name}'; types and the built-in types share one set of names. Rename it.");
                ok = false;
            }

            seen[draft.Name] = draft;
            string typeName = Naming.ToPascalCase(draft.Name);
            if (ok)
            {
                string? clash =
                    _typeNames.TryGetValue(typeName, out string? other) ? $"type '{other}' also becomes '{typeName}'"
                    : typeName == className ? "that is the name of the catalog class"
                    : ns.Length == 0 && typeName is "System" or "EventCatalog" ? $"a type '{typeName}' in the global namespace hides the '{typeName}' namespace the generated code uses"
                    : null;
                if (clash is not null)
                {
                    Error(DiagnosticDescriptors.NameCollision, draft.Location, $"Type '{draft.Name}' becomes the C# name '{typeName}', but {clash}.");
                    ok = false;
                }
                else
                {
                    _typeNames[typeName] = draft.Name;
                    _types.Add(new DeclaredType(Qualified(ns, typeName), $"the {(draft.Shape == TypeShape.Enum ? "enum" : "record")} of type '{draft.Name}'", draft.Location, draft.Shape == TypeShape.Enum ? null : ProjectTypes.PartialRecord));
                    CheckAgainstNamespace(ns, typeName, $"The type '{typeName}' of '{draft.Name}'", draft.Location, "Rename the type, or set 'namespace:' so that no namespace segment is named like it.");
                    CheckAgainstFrameworkTypes(ns, typeName, $"The type '{typeName}' of '{draft.Name}'", draft.Location, "Rename the type");
                }
            }

            TypeSpec? spec = draft.Shape switch
            {
                TypeShape.Enum => CheckEnum(draft, typeName),
                TypeShape.Object => new TypeSpec(draft.Name, typeName, draft.Description, TypeShape.Object, EquatableArray<EnumValueSpec>.Empty, CheckFields(draft.Name, typeName, draft.Fields, $"type '{draft.Name}'").ToEquatableArray()),
                _ => null,
            };
            if (ok && spec is not null && _errors == errorsBefore && !draft.HasErrors
                && (spec.Shape == TypeShape.Enum || spec.Fields.Count == draft.Fields.Count))
            {
                specs[draft.Name] = spec;
                locations[draft.Name] = draft;
            }
            else
            {
                _brokenTypes.Add(draft.Name);
            }
        }

        CheckNesting(specs, locations);

        // A type that uses a broken one is left out with it (its one error is the broken type's), to a fixed point.
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (TypeSpec spec in specs.Values.ToList())
            {
                if (UsesBrokenType(spec.Fields) || spec.Fields.Any(f => f.Type.NamedPart is { } named && !specs.ContainsKey(named.TypeName)))
                {
                    specs.Remove(spec.Name);
                    _brokenTypes.Add(spec.Name);
                    changed = true;
                }
            }
        }

        return _draft.Types.Where(t => specs.ContainsKey(t.Name) && locations[t.Name] == t).Select(t => specs[t.Name]).ToEquatableArray();
    }

    private TypeSpec? CheckEnum(TypeDraft draft, string typeName)
    {
        var values = new List<EnumValueSpec>();
        var names = new Dictionary<string, LocationInfo>(StringComparer.Ordinal);
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        bool ok = true;
        foreach (var (name, location) in draft.Values)
        {
            if (!CheckName("Enum value", name, location))
            {
                ok = false;
                continue;
            }

            if (names.TryGetValue(name, out LocationInfo first))
            {
                Error(DiagnosticDescriptors.DuplicateName, location, $"Value '{name}' appears twice in enum '{draft.Name}' (first at line {first.StartLine + 1}).");
                ok = false;
                continue;
            }

            names[name] = location;
            string member = Naming.ToPascalCase(name);
            string? clash = members.TryGetValue(member, out string? other) ? $"value '{other}' also becomes '{member}'"
                : member == typeName ? "that is the name of the enum itself"
                : member == "value__" ? "that is the name of the enum's own field"
                : null;
            if (clash is not null)
            {
                Error(DiagnosticDescriptors.NameCollision, location, $"Value '{name}' of enum '{draft.Name}' becomes the C# member '{member}', but {clash}.");
                ok = false;
                continue;
            }

            members[member] = name;
            values.Add(new EnumValueSpec(name, member));
        }

        return ok ? new TypeSpec(draft.Name, typeName, draft.Description, TypeShape.Enum, values.ToEquatableArray(), EquatableArray<FieldSpec>.Empty) : null;
    }

    /// <summary>
    /// EVC020: an object type that contains itself (directly, through other types, or through a list or map: its records could
    /// only be built with nulls, and its schema would never end), or whose values nest deeper than
    /// <see cref="CatalogLimits.MaxTypeNesting"/> JSON levels (the codec refuses frames deeper than its limit).
    /// </summary>
    private void CheckNesting(Dictionary<string, TypeSpec> specs, Dictionary<string, TypeDraft> locations)
    {
        var depths = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (TypeSpec spec in specs.Values.Where(s => s.Shape == TypeShape.Object).ToList())
        {
            if (_brokenTypes.Contains(spec.Name))
            {
                continue;
            }

            var path = new List<string>();
            if (Depth(spec.Name, path) is not { } depth)
            {
                int start = path.IndexOf(path[path.Count - 1]);
                string cycle = string.Join(" -> ", path.Skip(start));
                // One error per cycle, at its first type in the file; every type of the cycle, and this one, is left out.
                string firstOfCycle = path.Skip(start).OrderBy(n => locations[n].Location.Start).First();
                Error(DiagnosticDescriptors.RecursiveType, locations[firstOfCycle].Location, $"Type '{firstOfCycle}' contains itself ({cycle}): a value could never end. Make the link an id (e.g. a string or guid field) instead of the type.");
                _brokenTypes.UnionWith(path.Skip(start));
                _brokenTypes.Add(spec.Name);
            }
            else if (depth > CatalogLimits.MaxTypeNesting)
            {
                Error(DiagnosticDescriptors.RecursiveType, locations[spec.Name].Location, $"Type '{spec.Name}' nests {depth} JSON levels deep (objects, lists and maps inside each other); the limit is {CatalogLimits.MaxTypeNesting}, below the codec's default depth limit. Flatten it.");
                _brokenTypes.Add(spec.Name);
            }
        }

        foreach (string broken in _brokenTypes)
        {
            specs.Remove(broken);
        }

        // The depth of an object type's values in JSON levels; null (with the path to the repeat) when it contains itself.
        int? Depth(string name, List<string> path)
        {
            if (path.Contains(name))
            {
                path.Add(name);
                return null;
            }

            if (depths.TryGetValue(name, out int known))
            {
                return known;
            }

            path.Add(name);
            int deepest = 1;
            foreach (FieldSpec field in specs.TryGetValue(name, out TypeSpec? spec) ? spec.Fields : EquatableArray<FieldSpec>.Empty)
            {
                int levels = 0;
                FieldType type = field.Type;
                while (type.Element is { } element)
                {
                    levels++;
                    type = element;
                }

                int inner = 0;
                if (type.Shape == TypeShape.Object)
                {
                    if (Depth(type.TypeName, path) is not { } nested)
                    {
                        return null;
                    }

                    inner = nested;
                }

                deepest = Math.Max(deepest, 1 + levels + inner);
            }

            path.RemoveAt(path.Count - 1);
            depths[name] = deepest;
            return deepest;
        }
    }
}
