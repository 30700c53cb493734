extern alias analyzers;

using System.Collections.Generic;
using System.Linq;
using EventCatalog.Generator.Model;
using EventCatalog.Generator.Parsing;
using EventCatalog.Tool.Catalogs;
using EventCatalog.Tool.Docs;
using Microsoft.CodeAnalysis;

namespace EventCatalog.Tool.Projects;

/// <summary>
/// EVC203 (<c>eventcatalog lint --project</c>): an event type no call in the project passes to an
/// <c>[EventParameter]</c>, reported at the event's name in the catalog.
/// </summary>
internal static class NeverPublishedLint
{
    public static IEnumerable<Diagnostic> Find(LoadedCatalogs set, CodeMap map)
    {
        foreach (LoadedCatalog catalog in set.Catalogs)
        {
            if (catalog.Result.Spec is not { } spec || catalog.Text is null || catalog.Result.HasErrors)
            {
                continue;
            }

            Dictionary<string, LocationInfo> locations = EventLocations(catalog);
            string name = DocsPage.CatalogName(spec);
            foreach (CategorySpec category in spec.Categories)
            {
                foreach (EventSpec evt in category.Events)
                {
                    if (map.PublishesOf(name, evt.Name).Count > 0)
                    {
                        continue;
                    }

                    Location location = locations.TryGetValue(evt.Name, out LocationInfo at) ? at.ToLocation() : Location.None;
                    yield return Diagnostic.Create(
                        analyzers::EventCatalog.Analyzers.DiagnosticDescriptors.NeverPublished,
                        location,
                        evt.Name,
                        category.Name,
                        map.Source,
                        evt.TypeName);
                }
            }
        }
    }

    /// <summary>Where each event's name is written, from the parser's own draft (as the other smells are located).</summary>
    private static Dictionary<string, LocationInfo> EventLocations(LoadedCatalog catalog)
    {
        var found = new Dictionary<string, LocationInfo>(System.StringComparer.Ordinal);
        (YamlNode? root, _) = YamlTreeReader.Read(catalog.Path, catalog.Text!, System.Threading.CancellationToken.None);
        CatalogDraft? draft = root is null ? null : CatalogReader.Read(catalog.Path, catalog.Text!, root, new List<Generator.Diagnostics.DiagnosticInfo>(), System.Threading.CancellationToken.None);
        foreach (EventDraft evt in draft?.Categories.SelectMany(c => c.Events) ?? Enumerable.Empty<EventDraft>())
        {
            found[evt.Name] = evt.Location;
        }

        return found;
    }
}
