using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Generator.Locking;

/// <summary>
/// A lock left with merge-conflict markers (<c>&lt;&lt;&lt;&lt;&lt;&lt;&lt;</c>, <c>|||||||</c> in diff3 style, <c>=======</c>,
/// <c>&gt;&gt;&gt;&gt;&gt;&gt;&gt;</c>): two branches each changed the lock, typically each by adding an event or an optional
/// field. The conflict is EVC019 ("unresolved merge conflict") at its first marker; and, as npm does for its lock, when both
/// sides are locks that agree on everything they both record (they only add), their union is the baseline the catalog is
/// checked against until the conflict is resolved, and what <c>eventcatalog ship</c> checks before it writes the lock again.
/// </summary>
internal static class LockConflicts
{
    /// <summary>A conflict in a lock's text.</summary>
    /// <param name="Marker">Where the first marker line is, for the diagnostic.</param>
    /// <param name="MarkerLine">The first marker's line number, from 1.</param>
    /// <param name="Ours">The text with every conflict resolved to its first side (between <c>&lt;&lt;&lt;&lt;&lt;&lt;&lt;</c> and the next marker).</param>
    /// <param name="Theirs">The text with every conflict resolved to its last side (between <c>=======</c> and <c>&gt;&gt;&gt;&gt;&gt;&gt;&gt;</c>).</param>
    /// <param name="WellFormed">False when the markers do not nest as git writes them (then there are no sides to merge).</param>
    public sealed record Conflict(TextSpan Marker, int MarkerLine, string Ours, string Theirs, bool WellFormed);

    private enum Side
    {
        Both,
        Ours,
        Base,
        Theirs,
    }

    /// <summary>The merge conflict in <paramref name="text"/>, or null when it has no marker line.</summary>
    public static Conflict? Find(SourceText text)
    {
        TextSpan? first = null;
        int firstLine = 0;
        var ours = new StringBuilder();
        var theirs = new StringBuilder();
        Side side = Side.Both;
        bool wellFormed = true;
        foreach (TextLine line in text.Lines)
        {
            string content = line.ToString();
            Side? next = IsMarker(content, '<') ? Side.Ours
                : IsMarker(content, '|') ? Side.Base
                : content.TrimEnd('\r', ' ', '\t') == "=======" ? Side.Theirs
                : IsMarker(content, '>') ? Side.Both
                : null;
            if (next is null)
            {
                if (side is Side.Both or Side.Ours)
                {
                    ours.Append(content).Append('\n');
                }

                if (side is Side.Both or Side.Theirs)
                {
                    theirs.Append(content).Append('\n');
                }

                continue;
            }

            if (first is null)
            {
                first = line.Span;
                firstLine = line.LineNumber + 1;
            }

            bool expected = next switch
            {
                Side.Ours => side == Side.Both,
                Side.Base => side == Side.Ours,
                Side.Theirs => side is Side.Ours or Side.Base,
                _ => side == Side.Theirs,
            };
            wellFormed &= expected;
            side = next.Value;
        }

        return first is null ? null : new Conflict(first.Value, firstLine, ours.ToString(), theirs.ToString(), wellFormed && side == Side.Both);
    }

    /// <summary>
    /// The union of the two sides of <paramref name="conflict"/> when both are readable locks of the same topic that agree
    /// on every event and field they both record (same version, same earlier versions, same type of each shared field);
    /// else null with why not, in words.
    /// </summary>
    public static CatalogLock? Merge(string path, Conflict conflict, CancellationToken cancellationToken, out string whyNot)
    {
        if (!conflict.WellFormed)
        {
            whyNot = "its conflict markers do not pair up as git writes them";
            return null;
        }

        (CatalogLock? ours, _) = LockReader.Read(path, SourceText.From(conflict.Ours), cancellationToken);
        (CatalogLock? theirs, _) = LockReader.Read(path, SourceText.From(conflict.Theirs), cancellationToken);
        if (ours is null || theirs is null)
        {
            whyNot = $"its {(ours is null ? "first" : "second")} side is not a whole lock";
            return null;
        }

        if (!string.Equals(ours.TopicTemplate, theirs.TopicTemplate, StringComparison.Ordinal))
        {
            whyNot = $"one side records the topic '{ours.TopicTemplate}' and the other '{theirs.TopicTemplate}'";
            return null;
        }

        var categories = new List<LockedCategory>();
        foreach (string name in ours.Categories.Select(c => c.Name).Union(theirs.Categories.Select(c => c.Name)).OrderBy(n => n, StringComparer.Ordinal))
        {
            LockedCategory? a = ours.Categories.FirstOrDefault(c => c.Name == name);
            LockedCategory? b = theirs.Categories.FirstOrDefault(c => c.Name == name);
            var events = new List<LockedEvent>();
            foreach (string eventName in (a?.Events ?? Array.Empty<LockedEvent>()).Select(e => e.Name).Union((b?.Events ?? Array.Empty<LockedEvent>()).Select(e => e.Name)).OrderBy(n => n, StringComparer.Ordinal))
            {
                LockedEvent? x = a?.Events.FirstOrDefault(e => e.Name == eventName);
                LockedEvent? y = b?.Events.FirstOrDefault(e => e.Name == eventName);
                if (x is null || y is null)
                {
                    events.Add((x ?? y)!);
                    continue;
                }

                if (x.Version != y.Version || !SameVersions(x.Versions, y.Versions))
                {
                    whyNot = $"event '{eventName}' is at version {x.Version} on one side and {y.Version} on the other, or their earlier versions differ";
                    return null;
                }

                List<LockedField>? data = Union(x.Data, y.Data, $"event '{eventName}'", out whyNot);
                if (data is null)
                {
                    return null;
                }

                events.Add(x with { Data = data });
            }

            categories.Add(new LockedCategory(name, events));
        }

        // An event moved between categories on one side is not additive either.
        string? moved = categories.SelectMany(c => c.Events).GroupBy(e => e.Name).Where(g => g.Count() > 1).Select(g => g.Key).FirstOrDefault();
        if (moved is not null)
        {
            whyNot = $"event '{moved}' is in a different category on each side";
            return null;
        }

        whyNot = string.Empty;
        return new CatalogLock(ours.TopicTemplate, categories);
    }

    /// <summary>The EVC019 of a lock with a merge conflict, at its first marker.</summary>
    public static DiagnosticInfo Diagnostic(string path, SourceText text, Conflict conflict, CancellationToken cancellationToken)
    {
        string file = System.IO.Path.GetFileName(path);
        bool mergeable = Merge(path, conflict, cancellationToken, out string whyNot) is not null;
        string resolve = mergeable
            ? "Both sides only add (events, fields), so until it is resolved the catalog is checked against both sides together, and 'eventcatalog ship' resolves it: it checks the catalog against both sides and writes the lock of the catalog. To resolve it by hand, keep every event and field of both sides and delete the marker lines."
            : $"It cannot be merged by itself ({whyNot}): resolve it by hand, keeping for each shared field the type that shipped first and making any other change with a version bump (SPEC §10), then delete the marker lines.";
        string message =
            $"The compatibility lock '{file}' has an unresolved merge conflict (the marker at line {conflict.MarkerLine}), so it is not JSON and cannot be used as it is. {resolve} " +
            "Do not delete the lock to get rid of the conflict: a lock written afresh takes the catalog as it is now as what shipped, and a breaking change that came with the merge would never be reported (EVC017).";
        return DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableLock, LocationInfo.Create(path, text, conflict.Marker.Start, conflict.Marker.End), message);
    }

    private static bool IsMarker(string line, char c) =>
        line.Length >= 7 && line.Take(7).All(ch => ch == c) && (line.Length == 7 || line[7] is ' ' or '\t' or '\r');

    private static bool SameVersions(IReadOnlyList<LockedVersion> a, IReadOnlyList<LockedVersion> b) =>
        a.Count == b.Count && a.Zip(b, (x, y) => x.Version == y.Version && x.Data.SequenceEqual(y.Data)).All(same => same);

    private static List<LockedField>? Union(IReadOnlyList<LockedField> a, IReadOnlyList<LockedField> b, string where, out string whyNot)
    {
        var fields = new Dictionary<string, LockedField>(StringComparer.Ordinal);
        foreach (LockedField field in a.Concat(b))
        {
            if (fields.TryGetValue(field.Name, out LockedField? other) && other.Type != field.Type)
            {
                whyNot = $"field '{field.Name}' of {where} is '{other.Type}' on one side and '{field.Type}' on the other";
                return null;
            }

            fields[field.Name] = field;
        }

        whyNot = string.Empty;
        return fields.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }
}
