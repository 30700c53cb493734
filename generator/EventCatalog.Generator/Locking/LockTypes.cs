using System;
using System.Linq;
using EventCatalog.Generator.Model;
using EventCatalog.Generator.Parsing;

namespace EventCatalog.Generator.Locking;

/// <summary>
/// A field's type as the lock records it: its wire shape, with the catalog's <c>types:</c> written out, because a frame
/// carries values, not type names. An enum is <c>enum(pending|paid|shipped)</c> (values in catalog order: the generated
/// enum numbers them), an object type <c>{city:string,street:string,zip:string?}</c> (fields by name). So, in Schema
/// Registry's terms, at one version (FULL compatibility):
/// <list type="bullet">
/// <item>renaming a type (same values or fields) changes nothing on the wire, and the lock sees no change;</item>
/// <item>adding an enum value breaks (a node on the shipped catalog cannot read it; Avro would need a default), and so does
/// removing one (this catalog cannot read what shipped nodes write) or reordering them: EVC017, bump the event;</item>
/// <item>adding or removing a field of an object type breaks (a removed or new required field as for event data; a new
/// optional field too, conservatively, since the object may sit in lists and maps): EVC017, bump the event.</item>
/// </list>
/// </summary>
internal static class LockTypes
{
    /// <summary>The lock's text of <paramref name="type"/>, <c>?</c>-suffixed when optional.</summary>
    public static string Text(FieldType type, CatalogSpec spec)
    {
        string core = type.Shape switch
        {
            TypeShape.List => "list<" + Text(type.Element!, spec) + ">",
            TypeShape.Map => "map<" + Text(type.Element!, spec) + ">",
            TypeShape.Enum => "enum(" + string.Join("|", spec.TypeNamed(type.TypeName).Values.Select(v => v.Name)) + ")",
            TypeShape.Object => "{" + string.Join(",", spec.TypeNamed(type.TypeName).Fields.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => f.Name + ":" + Text(f.Type, spec))) + "}",
            _ => type.Row.Name,
        };
        return type.IsOptional ? core + "?" : core;
    }

    /// <summary>True when <paramref name="text"/> is a type as <see cref="Text"/> writes it (a hand edit or another tool's is not).</summary>
    public static bool IsWellFormed(string text)
    {
        int position = 0;
        return text.Length <= CatalogLimits.MaxTypeLength * 64 && Read(text, ref position, 0) && position == text.Length;
    }

    private static bool Read(string text, ref int position, int depth)
    {
        if (depth > CatalogLimits.MaxTypeNesting + CatalogLimits.MaxTypeDepth)
        {
            return false;
        }

        if (position < text.Length && text[position] == '{')
        {
            position++;
            string? previous = null;
            while (position < text.Length && text[position] != '}')
            {
                if (previous is not null && !Expect(text, ref position, ','))
                {
                    return false;
                }

                string name = Name(text, ref position);
                if (!Naming.IsSnakeCase(name) || (previous is not null && string.CompareOrdinal(previous, name) >= 0) || !Expect(text, ref position, ':') || !Read(text, ref position, depth + 1))
                {
                    return false;
                }

                previous = name;
            }

            if (!Expect(text, ref position, '}'))
            {
                return false;
            }
        }
        else
        {
            string name = Name(text, ref position);
            if (name is "list" or "map")
            {
                if (!Expect(text, ref position, '<') || !Read(text, ref position, depth + 1) || !Expect(text, ref position, '>'))
                {
                    return false;
                }
            }
            else if (name == "enum")
            {
                if (!Expect(text, ref position, '('))
                {
                    return false;
                }

                do
                {
                    if (!Naming.IsSnakeCase(Name(text, ref position)))
                    {
                        return false;
                    }
                }
                while (position < text.Length && text[position] == '|' && ++position > 0);
                if (!Expect(text, ref position, ')'))
                {
                    return false;
                }
            }
            else if (ScalarTypes.Find(name) is null)
            {
                return false;
            }
        }

        if (position < text.Length && text[position] == '?')
        {
            position++;
        }

        return true;
    }

    private static string Name(string text, ref int position)
    {
        int start = position;
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
        {
            position++;
        }

        return text.Substring(start, position - start);
    }

    private static bool Expect(string text, ref int position, char c)
    {
        if (position < text.Length && text[position] == c)
        {
            position++;
            return true;
        }

        return false;
    }
}
