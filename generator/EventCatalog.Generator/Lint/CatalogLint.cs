using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;
using EventCatalog.Generator.Parsing;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Generator.Lint;

/// <summary>
/// Catalog smells (EVC200–EVC202, EVC204): not wrong, but likely to confuse a reader of the catalog or of the
/// topics. Read from the parser's own draft (it keeps where each name is written). A catalog with errors is
/// not linted: its errors come first.
/// </summary>
internal static class CatalogLint
{
    /// <summary>The smells of one catalog, in file order; empty when the catalog has errors.</summary>
    public static IReadOnlyList<DiagnosticInfo> Lint(string path, SourceText? text, CancellationToken cancellationToken)
    {
        if (text is null)
        {
            return Array.Empty<DiagnosticInfo>();
        }

        (YamlNode? root, DiagnosticInfo? error) = YamlTreeReader.Read(path, text, cancellationToken);
        var parseDiagnostics = new List<DiagnosticInfo>();
        CatalogDraft? draft = error is null ? CatalogReader.Read(path, text, root, parseDiagnostics, cancellationToken) : null;
        if (draft is null || parseDiagnostics.Any(d => d.IsError))
        {
            return Array.Empty<DiagnosticInfo>();
        }

        var found = new List<DiagnosticInfo>();
        var events = draft.Categories.SelectMany(c => c.Events.Select(e => (Category: c, Event: e))).ToList();
        foreach (var (category, evt) in events)
        {
            foreach (var (_, other) in events)
            {
                if (ExtraWord(evt.Name, other.Name) is { } extra)
                {
                    found.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NearDuplicateEvent, evt.Location, evt.Name, other.Name, (other.Location.StartLine + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), extra));
                }
            }

            string[] words = evt.Name.Split('_');
            if (!Carries(words, category.Name))
            {
                CategoryDraft? named = draft.Categories.FirstOrDefault(c => c != category && Carries(words, c.Name));
                if (named is not null)
                {
                    found.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EventNamesAnotherCategory, evt.Location, evt.Name, category.Name, named.Name));
                }
            }

            if (evt.Description is null && evt.Deprecated is null)
            {
                found.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingDescription, evt.Location, $"event '{evt.Name}'"));
            }
        }

        // EVC204: a type no field names (of an event, an earlier version, or another type).
        var used = new HashSet<string>(
            draft.Categories.SelectMany(c => c.Events).SelectMany(e => e.Fields.Concat(e.Versions.SelectMany(v => v.Fields)))
                .Concat(draft.Types.SelectMany(t => t.Fields))
                .Select(f => f.Type?.NamedPart?.TypeName)
                .OfType<string>(),
            StringComparer.Ordinal);
        foreach (TypeDraft type in draft.Types.Where(t => !used.Contains(t.Name)))
        {
            found.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusedType, type.Location, type.Name));
        }

        foreach (CategoryDraft category in draft.Categories.Where(c => c.Description is null))
        {
            found.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingDescription, category.Location, $"category '{category.Name}'"));
        }

        return found.OrderBy(d => d.Location.Start).ToList();
    }

    /// <summary>
    /// The word <paramref name="longer"/> adds to <paramref name="shorter"/> at its start or end
    /// (<c>leadership_lost_event</c> = <c>leadership_lost</c> + <c>event</c>), or null when it is not one word more.
    /// </summary>
    private static string? ExtraWord(string longer, string shorter)
    {
        if (longer.Length <= shorter.Length + 1)
        {
            return null;
        }

        if (longer.StartsWith(shorter + "_", StringComparison.Ordinal) && longer.IndexOf('_', shorter.Length + 1) < 0)
        {
            return longer.Substring(shorter.Length + 1);
        }

        if (longer.EndsWith("_" + shorter, StringComparison.Ordinal) && longer.LastIndexOf('_', longer.Length - shorter.Length - 2) < 0)
        {
            return longer.Substring(0, longer.Length - shorter.Length - 1);
        }

        return null;
    }

    /// <summary>True when the name's words hold the category's words, or those of its singular (<c>subscriptions</c> -> <c>subscription</c>).</summary>
    private static bool Carries(string[] words, string category)
    {
        string[] categoryWords = category.Split('_');
        if (Contains(words, categoryWords))
        {
            return true;
        }

        string last = categoryWords[categoryWords.Length - 1];
        if (last.Length > 3 && last.EndsWith("s", StringComparison.Ordinal))
        {
            categoryWords[categoryWords.Length - 1] = last.Substring(0, last.Length - 1);
            return Contains(words, categoryWords);
        }

        return false;
    }

    private static bool Contains(string[] words, string[] part)
    {
        for (int i = 0; i + part.Length <= words.Length; i++)
        {
            if (words.Skip(i).Take(part.Length).SequenceEqual(part, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
