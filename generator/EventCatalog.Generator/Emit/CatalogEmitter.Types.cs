using System.Linq;
using System.Text;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Emit;

/// <summary>
/// The catalog's <c>types:</c> (SPEC §13): a namespace-level C# <c>enum</c> per enum (members numbered 0, 1, … in YAML order,
/// written as their snake_case values) and a <c>sealed record</c> with its own <c>Validate()</c> per object type; and their
/// codec members, which the event codecs call for fields of those types.
/// </summary>
internal sealed partial class CatalogEmitter
{
    private void WriteTypes()
    {
        foreach (TypeSpec type in _spec.Types)
        {
            _w.WriteLine();
            if (type.Shape == TypeShape.Enum)
            {
                WriteEnum(type);
            }
            else
            {
                WriteObjectRecord(type);
            }
        }
    }

    private void WriteEnum(TypeSpec type)
    {
        WriteSummary(Describe(type.Description) ?? $"The <c>{Doc(type.Name)}</c> enum of the catalog; each member is written as its snake_case value.");
        _w.WriteLine(s_generatedCode);
        _w.OpenBlock($"public enum {type.TypeName}");
        for (int i = 0; i < type.Values.Count; i++)
        {
            EnumValueSpec value = type.Values[i];
            _w.WriteLine($"/// <summary>The value <c>{Doc(value.Name)}</c>.</summary>");
            _w.WriteLine($"{value.MemberName} = {Number(i)},");
            if (i < type.Values.Count - 1)
            {
                _w.WriteLine();
            }
        }

        _w.CloseBlock();
    }

    private void WriteObjectRecord(TypeSpec type)
    {
        WriteSummary(Describe(type.Description) ?? $"The <c>{Doc(type.Name)}</c> type of the catalog.");
        foreach (FieldSpec field in type.Fields)
        {
            WriteDocElement("param name=\"" + field.PropertyName + "\"", "param", Describe(field.Description) ?? $"The <c>{Doc(field.Name)}</c> field.");
        }

        _w.WriteLine(s_generatedCode);
        string parameters = type.Fields.Count == 0 ? string.Empty : "(" + Parameters(type.Fields) + ")";
        _w.OpenBlock($"public sealed partial record {type.TypeName}{parameters} : global::EventCatalog.IValidatable");
        WriteValidate(type.Fields, "value");
        _w.CloseBlock();
    }

    /// <summary>The index of a type in <see cref="CatalogSpec.Types"/>: its codec members are named with it.</summary>
    private int TypeIndex(string name)
    {
        for (int i = 0; i < _spec.Types.Count; i++)
        {
            if (_spec.Types[i].Name == name)
            {
                return i;
            }
        }

        throw new System.InvalidOperationException($"Type '{name}' is not in the checked spec.");
    }

    /// <summary>Each enum's values (<c>s_t&lt;k&gt;</c> to write, <c>s_tn&lt;k&gt;</c> to read) and each object type's <c>WriteT&lt;k&gt;</c>/<c>ReadT&lt;k&gt;</c>.</summary>
    private void WriteTypeCodecs()
    {
        for (int k = 0; k < _spec.Types.Count; k++)
        {
            TypeSpec type = _spec.Types[k];
            if (type.Shape == TypeShape.Enum)
            {
                _w.WriteLine();
                _w.WriteLine($"private static readonly {Json}JsonEncodedText[] s_t{Number(k)} = new {Json}JsonEncodedText[] {{ {string.Join(", ", type.Values.Select(v => $"{Json}JsonEncodedText.Encode({Lit(v.Name)})"))} }};");
                _w.WriteLine($"private static readonly byte[][] s_tn{Number(k)} = new byte[][] {{ {string.Join(", ", type.Values.Select(v => Utf8Bytes(v.Name)))} }};");
            }
            else
            {
                WriteObjectCodec("T" + Number(k), _spec.Qualify(type.TypeName), type.Fields);
            }
        }
    }

    /// <summary>A UTF-8 byte array of <paramref name="text"/>: a UTF-8 string literal where the consumer's C# has them (C# 11+), else the bytes.</summary>
    private string Utf8Bytes(string text) => _target.HasUtf8Literals
        ? Lit(text) + "u8.ToArray()"
        : "new byte[] { " + string.Join(", ", Encoding.UTF8.GetBytes(text).Select(b => Number(b))) + " }";

    /// <summary>The call that writes a non-null scalar, enum or object <paramref name="value"/>: as property <paramref name="name"/>, or as a value when it is null.</summary>
    private string NamedWrite(FieldType type, string writer, string? name, string value, int depth)
    {
        string target = name is null ? writer : writer + ", " + name;
        string suffix = name is null ? "Value" : string.Empty;
        switch (type.Shape)
        {
            case TypeShape.Enum:
                return $"{DataWriter}.WriteEnum{suffix}({target}, (int){value}, s_t{Number(TypeIndex(type.TypeName))})";
            case TypeShape.Object:
                string w = "w" + Number(depth);
                string v = "v" + Number(depth);
                return $"{DataWriter}.WriteObject{suffix}<{CSharpOf(type)}>({target}, {value}, static ({w}, {v}) => WriteT{Number(TypeIndex(type.TypeName))}({w}, {v}))";
            default:
                return $"{DataWriter}.Write{type.Row.Method}{suffix}({target}, {ToCodec(type, value)})";
        }
    }

    /// <summary>The call that reads a non-null scalar, enum or object into <c>out <paramref name="target"/></c>, as the helper reads it (see <see cref="FromCodec"/>).</summary>
    private string NamedRead(FieldType type, string reader, string target) => type.Shape switch
    {
        TypeShape.Enum => $"{reader}.ReadEnum(s_tn{Number(TypeIndex(type.TypeName))}, out {target})",
        TypeShape.Object => $"ReadT{Number(TypeIndex(type.TypeName))}(ref {reader}, out {target})",
        _ => $"{reader}.Read{type.Row.Method}(out {target})",
    };

    /// <summary>True when a value read by the helper is not yet of the field's C# type (see <see cref="FromCodec"/>).</summary>
    private bool Converts(FieldType type) =>
        type.Shape is TypeShape.Enum or TypeShape.Object || (type.Shape == TypeShape.Scalar && _target.Converts(type.Row));

    /// <summary><paramref name="value"/> as the runtime's writer takes it (converted where the record's type is not the helper's).</summary>
    private string ToCodec(FieldType type, string value) =>
        type.Shape == TypeShape.Scalar && _target.Converts(type.Row) ? string.Format(System.Globalization.CultureInfo.InvariantCulture, type.Row.ToCodec!, value) : value;

    /// <summary>A value read by the helper (<see cref="NamedRead"/>) as the field's C# type.</summary>
    private string FromCodec(FieldType type, string value) => type.Shape switch
    {
        TypeShape.Enum => $"({CSharpOf(type)}){value}",
        TypeShape.Object => value + "!",
        TypeShape.Scalar when _target.Converts(type.Row) => string.Format(System.Globalization.CultureInfo.InvariantCulture, type.Row.FromCodec!, value),
        _ => value,
    };
}
