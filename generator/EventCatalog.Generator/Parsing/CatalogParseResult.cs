using System.Linq;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Parsing;

/// <summary>What parsing one catalog file gives: the spec when it has no error, what the generator emits, and every diagnostic.</summary>
/// <param name="FilePath">The catalog file.</param>
/// <param name="Spec">The checked catalog, or null when it has errors.</param>
/// <param name="Diagnostics">Every diagnostic of this file alone.</param>
/// <param name="Types">The namespace-level types the catalog declares, for the checks across catalogs.</param>
/// <param name="Upcasts">The upcasts the user owes (SPEC §10) for the events of <see cref="Generated"/>, located at each event's <c>version</c>. Kept out of the spec so that moving text does not regenerate code.</param>
/// <param name="Generated">
/// What the generator emits: <see cref="Spec"/> when the catalog has no error, else the categories and events no
/// error is in (one mistake, one error: user code that does not use the broken part keeps compiling); null when an
/// error is in the catalog's own keys or nothing is left.
/// </param>
internal sealed record CatalogParseResult(string FilePath, CatalogSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<DeclaredType> Types, EquatableArray<Versions.UpcastStep> Upcasts = default, CatalogSpec? Generated = null)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>A namespace-level type a catalog declares: its record per event, its catalog class and its subscriber types.</summary>
/// <param name="Partial">
/// How the generated declaration is partial, so that the project's own parts of it are welcome (<see cref="ProjectTypes"/>):
/// <c>record</c> (a record's body, its <c>Upcast</c>), <c>class</c> (the catalog class), or null when it is not partial.
/// </param>
internal sealed record DeclaredType(string FullName, string Description, LocationInfo Location, string? Partial = null);
