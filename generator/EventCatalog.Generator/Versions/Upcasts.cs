using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using EventCatalog.Contract;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;
using EventCatalog.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EventCatalog.Generator.Versions;

/// <summary>
/// One upcast the user owes (SPEC §10): the record of version <paramref name="ToVersion"/> of an event declares
/// <c>static partial Record Upcast(Previous previous)</c>, and the user implements it in their own partial part.
/// </summary>
/// <param name="EventName">The event's wire name.</param>
/// <param name="ToVersion">The version the step produces (2 … the event's <c>version</c>); it reads version <c>ToVersion − 1</c>.</param>
/// <param name="Namespace">The catalog's namespace; empty for the global namespace.</param>
/// <param name="RecordName">The record that declares the step: the current record, or <c>&lt;Event&gt;V&lt;ToVersion&gt;</c>.</param>
/// <param name="PreviousName">The record of version <c>ToVersion − 1</c>, <c>&lt;Event&gt;V&lt;ToVersion − 1&gt;</c>.</param>
/// <param name="VersionLocation">The event's <c>version</c> value in the catalog, where EVC016 is reported.</param>
internal sealed record UpcastStep(string EventName, int ToVersion, string Namespace, string RecordName, string PreviousName, LocationInfo VersionLocation)
{
    /// <summary>The record's name with <c>global::</c>, as <see cref="SymbolDisplayFormat.FullyQualifiedFormat"/> writes it.</summary>
    public string RecordFullName => Upcasts.Qualify(Namespace, RecordName);

    public string PreviousFullName => Upcasts.Qualify(Namespace, PreviousName);

    /// <summary>The record's metadata name, for <c>GetBestTypeByMetadataName</c>.</summary>
    public string RecordMetadataName => Namespace.Length == 0 ? RecordName : Namespace + "." + RecordName;

    public string PreviousMetadataName => Namespace.Length == 0 ? PreviousName : Namespace + "." + PreviousName;

    /// <summary>The declaration the user writes, e.g. <c>public static partial ClusterJoined Upcast(ClusterJoinedV1 previous)</c>.</summary>
    public string Signature => $"public static partial {RecordName} {CatalogContract.RecordUpcast}({PreviousName} previous)";
}

/// <summary>EVC016: which upcasts a catalog needs, which the user wrote, and the diagnostic for each one missing.</summary>
internal static class Upcasts
{
    /// <summary>The diagnostic property that holds the metadata name of the record to implement the upcast in.</summary>
    public const string RecordProperty = "Record";

    /// <summary>The diagnostic property that holds the metadata name of the previous version's record.</summary>
    public const string PreviousProperty = "Previous";

    public static string Qualify(string ns, string typeName) => ns.Length == 0 ? "global::" + typeName : "global::" + ns + "." + typeName;

    /// <summary>Every upcast step of every versioned event of <paramref name="spec"/>, located at the event's <c>version</c> in <paramref name="draft"/>.</summary>
    public static EquatableArray<UpcastStep> Steps(CatalogSpec spec, CatalogDraft draft)
    {
        var versionAt = new Dictionary<string, LocationInfo>(StringComparer.Ordinal);
        foreach (EventDraft evt in draft.Categories.SelectMany(c => c.Events))
        {
            if (evt.Version is > 1 && !versionAt.ContainsKey(evt.Name))
            {
                versionAt[evt.Name] = evt.VersionLocation;
            }
        }

        var steps = new List<UpcastStep>();
        foreach (EventSpec evt in spec.Categories.SelectMany(c => c.Events))
        {
            if (evt.Version <= 1 || !versionAt.TryGetValue(evt.Name, out LocationInfo location))
            {
                continue;
            }

            for (int version = 2; version <= evt.Version; version++)
            {
                steps.Add(new UpcastStep(evt.Name, version, spec.Namespace, evt.RecordOfVersion(version), evt.RecordOfVersion(version - 1), location));
            }
        }

        return steps.ToEquatableArray();
    }

    /// <summary>
    /// The steps of <paramref name="steps"/> the user has not implemented, in catalog order. The generator's compilation
    /// does not hold its own output: the record exists there only through the user's partial parts, and the previous
    /// version's record not at all, so the parameter is an error type known by its name.
    /// </summary>
    public static EquatableArray<UpcastStep> Missing(EquatableArray<UpcastStep> steps, Compilation compilation, CancellationToken cancellationToken)
    {
        if (steps.Count == 0)
        {
            return EquatableArray<UpcastStep>.Empty;
        }

        List<UpcastStep>? missing = null;
        foreach (UpcastStep step in steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsImplemented(compilation, step))
            {
                (missing ??= new List<UpcastStep>()).Add(step);
            }
        }

        return missing is null ? EquatableArray<UpcastStep>.Empty : missing.ToEquatableArray();
    }

    private static bool IsImplemented(Compilation compilation, UpcastStep step)
    {
        // Only the project's own types: a referenced assembly's record of the same name is another catalog's.
        if (compilation.Assembly.GetTypeByMetadataName(step.RecordMetadataName) is not { } record)
        {
            return false;
        }

        foreach (ISymbol member in record.GetMembers(CatalogContract.RecordUpcast))
        {
            if (member is IMethodSymbol { IsStatic: true, Parameters.Length: 1 } method
                && !(method.IsPartialDefinition && method.PartialImplementationPart is null)
                && IsPrevious(method.Parameters[0].Type, step))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPrevious(ITypeSymbol type, UpcastStep step) =>
        type.TypeKind == TypeKind.Error
            ? type.Name == step.PreviousName
            : type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == step.PreviousFullName;

    /// <summary>What the placeholder files' names end with; <see cref="IsPlaceholder"/> tells them from the user's code.</summary>
    public const string PlaceholderSuffix = ".MissingUpcast.g.cs";

    /// <summary>The hint name of <paramref name="step"/>'s placeholder: the record's metadata name is unique in the compilation.</summary>
    public static string PlaceholderHintName(UpcastStep step) => step.RecordMetadataName + PlaceholderSuffix;

    /// <summary>True when <paramref name="method"/>'s body is a placeholder (see <see cref="Placeholder"/>), not the user's.</summary>
    public static bool IsPlaceholder(IMethodSymbol method) =>
        method.Locations.Any(l => l.SourceTree?.FilePath.EndsWith(PlaceholderSuffix, StringComparison.Ordinal) == true);

    /// <summary>
    /// The body of a missing upcast, emitted beside EVC016 (an error, so the build still fails, at the catalog): with
    /// only the partial declaration the compiler would also report CS8795 in generated code, a second error for one
    /// mistake, pointing where the user cannot edit. It throws <see cref="NotImplementedException"/> if ever run.
    /// </summary>
    public static string Placeholder(UpcastStep step)
    {
        string declaration = $"partial record {step.RecordName}";
        string body = $"{step.Signature} => throw new global::System.NotImplementedException({CSharpLiteral("EVC016: " + Message(step))});";
        string open = step.Namespace.Length == 0 ? string.Empty : $"namespace {step.Namespace}\n{{\n";
        string close = step.Namespace.Length == 0 ? string.Empty : "}\n";
        string indent = step.Namespace.Length == 0 ? string.Empty : "    ";
        return "// <auto-generated/>\n"
            + "// EVC016: this upcast is not implemented; write it in your own partial record (the build fails until then).\n"
            + "#nullable enable\n"
            + open
            + $"{indent}{declaration}\n{indent}{{\n"
            + $"{indent}    {body}\n"
            + $"{indent}}}\n"
            + close;
    }

    private static string CSharpLiteral(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    /// <summary>
    /// EVC016 for <paramref name="step"/>, at the event's <c>version</c>; the generated declaration, when known, as an
    /// additional location. The properties name both records for the code fix "Implement the upcast".
    /// </summary>
    public static Diagnostic ToDiagnostic(UpcastStep step, Location? declaration = null) =>
        Diagnostic.Create(
            DiagnosticDescriptors.MissingUpcaster,
            step.VersionLocation.ToLocation(),
            declaration is null ? null : new[] { declaration },
            ImmutableDictionary<string, string?>.Empty
                .Add(RecordProperty, step.RecordMetadataName)
                .Add(PreviousProperty, step.PreviousMetadataName),
            Message(step));

    /// <summary>The message: the event, the step, the record to write it in, and the exact declaration to write.</summary>
    public static string Message(UpcastStep step)
    {
        string where = step.Namespace.Length == 0 ? "in the global namespace" : $"in namespace '{step.Namespace}'";
        return $"Event '{step.EventName}' has no upcast from version {step.ToVersion - 1} to version {step.ToVersion}: "
            + $"in your own 'public sealed partial record {step.RecordName}' ({where}) write '{step.Signature} => ...' "
            + "(the code fix 'Implement the upcast' writes it); nodes on the older catalog send version "
            + $"{step.ToVersion - 1} frames that only this method can read.";
    }
}
