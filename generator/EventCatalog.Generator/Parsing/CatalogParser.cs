using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Generator.Parsing;

/// <summary>
/// The one entry point that both the generator and the catalog analyzer use:
/// catalog text (or an AsyncAPI 3 document's, YAML or JSON) -> YAML tree -> draft -> checked spec, with every diagnostic. It never throws
/// except for cancellation; an unexpected failure becomes an EVC001 diagnostic.
/// </summary>
internal static class CatalogParser
{
    public static CatalogParseResult Parse(string path, SourceText? text, string? rootNamespace, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        CatalogSpec? spec = null;
        var types = new List<DeclaredType>();
        EquatableArray<Versions.UpcastStep> upcasts = EquatableArray<Versions.UpcastStep>.Empty;
        try
        {
            if (text is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedYaml, LocationInfo.FileStart(path), "The catalog file could not be read."));
            }
            else
            {
                (YamlNode? root, DiagnosticInfo? error) = YamlTreeReader.Read(path, text, cancellationToken);
                if (error is not null)
                {
                    diagnostics.Add(error);
                }
                else
                {
                    CatalogDraft? draft = CatalogFiles.IsAsyncApi(path)
                        ? AsyncApiReader.Read(path, text, root, diagnostics, cancellationToken)
                        : CatalogReader.Read(path, text, root, diagnostics, cancellationToken);
                    if (draft is not null)
                    {
                        spec = CatalogValidator.Validate(path, draft, rootNamespace ?? string.Empty, diagnostics, types);
                        if (spec is not null)
                        {
                            upcasts = Versions.Upcasts.Steps(spec, draft);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A generator that throws loses all its output (CS8785); report the failure at the file instead.
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.MalformedYaml,
                LocationInfo.FileStart(path),
                $"The catalog could not be read: {ex.GetType().Name}: {ex.Message}"));
            spec = null;
            upcasts = EquatableArray<Versions.UpcastStep>.Empty;
        }

        // With errors, Spec is null (consumers that need the whole catalog stop there) and Generated keeps what the
        // errors do not touch, with its types and upcasts, for the generator.
        var result = new CatalogParseResult(path, spec, diagnostics.ToEquatableArray(), types.ToEquatableArray(), upcasts, spec);
        return result.HasErrors ? result with { Spec = null } : result;
    }
}
