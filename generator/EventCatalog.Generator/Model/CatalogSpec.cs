using System.Linq;

namespace EventCatalog.Generator.Model;

/// <summary>A catalog that passed every check: everything the emitter needs, nothing from a compilation.</summary>
/// <param name="FilePath">The catalog file's path.</param>
/// <param name="Namespace">The namespace of the generated code; empty for the global namespace.</param>
/// <param name="ClassName">The catalog class's name.</param>
/// <param name="TopicTemplate">The topic template.</param>
/// <param name="Categories">The categories, in YAML order.</param>
/// <param name="TypePrefix">The CloudEvents type prefix (<c>type_prefix</c>), or empty.</param>
internal sealed record CatalogSpec(
    string FilePath,
    string Namespace,
    string ClassName,
    string TopicTemplate,
    EquatableArray<CategorySpec> Categories,
    string TypePrefix = "",
    EquatableArray<TypeSpec> Types = default)
{
    /// <summary>The <c>types:</c> entry named <paramref name="name"/> (a checked spec has every type its fields name).</summary>
    public TypeSpec TypeNamed(string name) => Types.First(t => t.Name == name);

    public bool TemplateHasStore => TopicTemplate.Contains(EventCatalog.Contract.CatalogContract.StorePlaceholder);

    /// <summary>The fully qualified name of the catalog class, with <c>global::</c>.</summary>
    public string QualifiedClassName => Qualify(ClassName);

    public string Qualify(string typeName) =>
        Namespace.Length == 0 ? "global::" + typeName : "global::" + Namespace + "." + typeName;
}

/// <summary>A category and its events.</summary>
internal sealed record CategorySpec(
    string Name,
    string MemberName,
    string? Description,
    string Wrapper,
    EquatableArray<EventSpec> Events);

/// <summary>An event type and its data fields.</summary>
/// <param name="Name">The event type's wire name.</param>
/// <param name="TypeName">The record's name.</param>
/// <param name="Description">The event's description, if any.</param>
/// <param name="Deprecated">The deprecation message, if deprecated.</param>
/// <param name="Fields">The current version's data fields.</param>
/// <param name="Version">The current data version (<c>version</c>, 1 when absent).</param>
/// <param name="PreviousVersions">The data of versions 1 … <paramref name="Version"/> − 1, in version order.</param>
internal sealed record EventSpec(
    string Name,
    string TypeName,
    string? Description,
    string? Deprecated,
    EquatableArray<FieldSpec> Fields,
    int Version = 1,
    EquatableArray<EventVersionSpec> PreviousVersions = default)
{
    /// <summary>The record of data version <paramref name="version"/> (1 … <see cref="Version"/>): <see cref="TypeName"/> for the current one.</summary>
    /// <remarks>A checked spec holds every earlier version, in order (EVC015 otherwise), so version <c>k</c> is at index <c>k − 1</c>.</remarks>
    public string RecordOfVersion(int version) => version == Version ? TypeName : PreviousVersions[version - 1].TypeName;
}

/// <summary>The data shape of an earlier version of an event (SPEC §10).</summary>
/// <param name="Version">The version number, from 1.</param>
/// <param name="TypeName">The record's name, <c>&lt;Event&gt;V&lt;N&gt;</c>.</param>
/// <param name="Fields">The data fields of that version.</param>
internal sealed record EventVersionSpec(
    int Version,
    string TypeName,
    EquatableArray<FieldSpec> Fields);

/// <summary>A data field of an event.</summary>
/// <param name="Name">The field's wire name.</param>
/// <param name="PropertyName">The record property's name.</param>
/// <param name="Type">The field's type.</param>
/// <param name="Description">The field's description, if any.</param>
internal sealed record FieldSpec(
    string Name,
    string PropertyName,
    FieldType Type,
    string? Description);

/// <summary>An entry of <c>types:</c> (SPEC §13): an enum or an object type.</summary>
/// <param name="Name">The catalog name.</param>
/// <param name="TypeName">The generated C# type's name.</param>
/// <param name="Description">The description, if any.</param>
/// <param name="Shape"><see cref="TypeShape.Enum"/> or <see cref="TypeShape.Object"/>.</param>
/// <param name="Values">An enum's values, in YAML order (the C# members are numbered 0, 1, …).</param>
/// <param name="Fields">An object type's fields.</param>
internal sealed record TypeSpec(
    string Name,
    string TypeName,
    string? Description,
    TypeShape Shape,
    EquatableArray<EnumValueSpec> Values,
    EquatableArray<FieldSpec> Fields);

/// <summary>An enum value: its wire name (snake_case) and its C# member.</summary>
internal sealed record EnumValueSpec(string Name, string MemberName);
