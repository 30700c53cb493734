using System;

namespace EventCatalog.Generator.Model;

/// <summary>The shape of a field type.</summary>
internal enum TypeShape
{
    /// <summary>A scalar (<see cref="FieldType.Scalar"/>).</summary>
    Scalar,

    /// <summary><c>list&lt;T&gt;</c>: <c>IReadOnlyList&lt;T&gt;</c>, a JSON array.</summary>
    List,

    /// <summary><c>map&lt;T&gt;</c>: string-keyed <c>IReadOnlyDictionary&lt;string, T&gt;</c>, a JSON object.</summary>
    Map,

    /// <summary>An enum of the catalog's <c>types:</c> (<see cref="FieldType.TypeName"/>): a C# enum, its snake_case value on the wire.</summary>
    Enum,

    /// <summary>An object type of the catalog's <c>types:</c> (<see cref="FieldType.TypeName"/>): a sealed record, a JSON object.</summary>
    Object,
}

/// <summary>
/// A field type as structure: its shape, the scalar or named type, the element of a list or map, and whether it is
/// optional. Every stage reads it (with <see cref="ScalarTypes"/> for what a scalar is); none parses text again.
/// </summary>
/// <param name="Shape">The shape.</param>
/// <param name="Scalar">The scalar kind, for <see cref="TypeShape.Scalar"/>.</param>
/// <param name="TypeName">The <c>types:</c> name, for <see cref="TypeShape.Enum"/> and <see cref="TypeShape.Object"/>; else empty.</param>
/// <param name="Element">The element type, for <see cref="TypeShape.List"/> and <see cref="TypeShape.Map"/>.</param>
/// <param name="IsOptional">True when the value may be absent or null (a nullable C# type).</param>
internal sealed record FieldType(TypeShape Shape, ScalarKind Scalar, string TypeName, FieldType? Element, bool IsOptional)
{
    public static FieldType Of(ScalarKind scalar, bool optional = false) => new(TypeShape.Scalar, scalar, string.Empty, null, optional);

    public static FieldType ListOf(FieldType element) => new(TypeShape.List, default, string.Empty, element, false);

    public static FieldType MapOf(FieldType element) => new(TypeShape.Map, default, string.Empty, element, false);

    public static FieldType Named(TypeShape shape, string name) => new(shape, default, name, null, false);

    /// <summary>The scalar's row, for <see cref="TypeShape.Scalar"/>.</summary>
    public ScalarType Row => ScalarTypes.Of(Scalar);

    /// <summary>The type without its <c>?</c>.</summary>
    public FieldType Required() => IsOptional ? this with { IsOptional = false } : this;

    /// <summary>True when the C# type is a value type (a scalar value type or an enum).</summary>
    public bool IsValueType => Shape == TypeShape.Enum || (Shape == TypeShape.Scalar && Row.IsValueType);

    /// <summary>The catalog spelling, normalised (e.g. <c>list&lt;string?&gt;?</c>): docs, messages and the lock write it.</summary>
    public string Text
    {
        get
        {
            string core = Shape switch
            {
                TypeShape.List => "list<" + Element!.Text + ">",
                TypeShape.Map => "map<" + Element!.Text + ">",
                TypeShape.Scalar => Row.Name,
                _ => TypeName,
            };
            return IsOptional ? core + "?" : core;
        }
    }

    /// <summary>The C# type, every name with <c>global::</c>, <c>?</c> included when optional.</summary>
    /// <param name="target">What the consumer's target framework has.</param>
    /// <param name="qualify">Qualifies a generated type's name (e.g. <c>OrderStatus</c>) with the catalog's namespace.</param>
    public string CSharp(TypeTarget target, Func<string, string> qualify)
    {
        string core = Shape switch
        {
            TypeShape.List => "global::System.Collections.Generic.IReadOnlyList<" + Element!.CSharp(target, qualify) + ">",
            TypeShape.Map => "global::System.Collections.Generic.IReadOnlyDictionary<string, " + Element!.CSharp(target, qualify) + ">",
            TypeShape.Scalar => target.ScalarCSharp(Row),
            _ => qualify(CSharpName),
        };
        return IsOptional ? core + "?" : core;
    }

    /// <summary>The generated C# type's name of a <c>types:</c> entry (PascalCase of <see cref="TypeName"/>).</summary>
    public string CSharpName => Parsing.Naming.ToPascalCase(TypeName);

    /// <summary>The field's <c>types:</c> reference, or its element's (at any depth): null for scalars all the way down.</summary>
    public FieldType? NamedPart => Shape is TypeShape.List or TypeShape.Map ? Element!.NamedPart : Shape is TypeShape.Enum or TypeShape.Object ? this : null;
}

/// <summary>What the consumer's target framework has, where the C# of a field type depends on it.</summary>
/// <param name="HasDateOnly">True when <c>System.DateOnly</c> exists (net6.0+).</param>
/// <param name="HasUtf8Literals">True when the consumer's C# has UTF-8 string literals (<c>"name"u8</c>, C# 11+): the codec's property names are written as them.</param>
internal sealed record TypeTarget(bool HasDateOnly, bool HasUtf8Literals = false)
{
    /// <summary>A target with every type and C# 11+ (net8.0): docs and exports show these.</summary>
    public static TypeTarget Modern { get; } = new(true, true);

    /// <summary>The C# type of a scalar on this target.</summary>
    public string ScalarCSharp(ScalarType row) => !HasDateOnly && row.FallbackCSharp is { } fallback ? fallback : row.CSharp;

    /// <summary>True when values of <paramref name="row"/> pass through the runtime's helpers converted (<see cref="ScalarType.ToCodec"/>).</summary>
    public bool Converts(ScalarType row) => row.CodecCSharp is { } codec && codec != ScalarCSharp(row);

    /// <summary>The check <c>Validate()</c> makes on a present value of <paramref name="row"/> on this target.</summary>
    public ValueCheck? CheckOf(ScalarType row) => !HasDateOnly && row.FallbackCSharp is not null ? row.FallbackCheck : row.Check;
}
