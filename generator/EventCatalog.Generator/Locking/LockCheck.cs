using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;
using EventCatalog.Generator.Parsing;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Generator.Locking;

/// <summary>What comparing a catalog with its lock gives.</summary>
/// <param name="CatalogDiagnostics">EVC017 (each breaking change, at its YAML place) or else EVC018 (no lock, or the lock is behind), in the catalog.</param>
/// <param name="LockDiagnostics">EVC019 when the lock cannot be used, in the lock file.</param>
/// <param name="LockPath">Where the lock is (or goes).</param>
/// <param name="NewLockText">The lock of the catalog as it is, when writing it records only additive changes (EVC018); null when there is nothing to write or a breaking change forbids it.</param>
/// <param name="ResolvesConflict">
/// True when the lock has a merge conflict (EVC019) whose two sides only add, the catalog was checked against their union, and
/// <paramref name="NewLockText"/> (set when nothing is breaking) resolves it: what <c>eventcatalog ship</c> writes.
/// </param>
internal sealed record LockCheckResult(
    EquatableArray<DiagnosticInfo> CatalogDiagnostics,
    EquatableArray<DiagnosticInfo> LockDiagnostics,
    string LockPath,
    string? NewLockText,
    bool ResolvesConflict = false)
{
    public bool HasBreakingChanges => CatalogDiagnostics.Any(d => d.Id == DiagnosticDescriptors.BreakingChange.Id);
}

/// <summary>
/// Compares a catalog with its compatibility lock (SPEC §10, issue 15). Within one data version the catalog must stay
/// what Schema Registry calls FULL compatible with what shipped — nodes on the new catalog read data written on the old one,
/// and nodes on the old catalog read data written on the new one — so the only changes allowed without a version bump
/// are a new optional field, a new event and a new category. Anything else is EVC017 at the YAML place of the change. A
/// version bump (<c>version: N+1</c> whose <c>versions: {N: …}</c> is the shipped data) passes: new nodes upcast every older
/// version, old nodes read the new one as <c>UnknownVersion</c>. The shipped shape of each earlier version must never change.
/// </summary>
internal static class LockCheck
{
    /// <summary>
    /// Compares the checked catalog <paramref name="spec"/> (read from <paramref name="catalogText"/>) with its lock.
    /// </summary>
    /// <param name="catalogPath">The catalog file.</param>
    /// <param name="catalogText">The catalog's text, for the places of changes.</param>
    /// <param name="spec">The catalog, free of errors.</param>
    /// <param name="lockPath">The lock file (see <see cref="LockFiles.LockPathFor"/>).</param>
    /// <param name="lockExists">False when there is no lock (EVC018: write it once the catalog ships).</param>
    /// <param name="lockText">The lock's text; null when it exists but could not be read (EVC019).</param>
    /// <param name="cancellationToken">Cancels the comparison.</param>
    public static LockCheckResult Check(string catalogPath, SourceText catalogText, CatalogSpec spec, string lockPath, bool lockExists, SourceText? lockText, CancellationToken cancellationToken)
    {
        CatalogLock current = CatalogLock.From(spec);
        string currentText = LockWriter.Write(current);
        string lockName = LockFiles.LockNameFor(catalogPath);
        var catalogDiagnostics = new List<DiagnosticInfo>();
        if (!lockExists)
        {
            catalogDiagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.LockMissingOrBehind,
                LocationInfo.FileStart(catalogPath),
                $"Catalog '{System.IO.Path.GetFileName(catalogPath)}' has no compatibility lock: once it ships, record its shapes in '{lockName}' beside it (the code fix 'Write {lockName}', or 'eventcatalog ship') so that a breaking change to a shipped event is an error (EVC017)."));
            return new LockCheckResult(catalogDiagnostics.ToEquatableArray(), EquatableArray<DiagnosticInfo>.Empty, lockPath, currentText);
        }

        (CatalogLock? locked, DiagnosticInfo? unreadable) = LockReader.Read(lockPath, lockText, cancellationToken);
        if (locked is null)
        {
            // A merge conflict whose sides only add: the catalog is checked against both sides (EVC017 still reported), and
            // shipping may resolve it; the conflict itself stays EVC019 until the file is resolved.
            CatalogLock? merged = lockText is not null && LockConflicts.Find(lockText) is { } conflict
                ? LockConflicts.Merge(lockPath, conflict, cancellationToken, out _)
                : null;
            if (merged is null)
            {
                return new LockCheckResult(EquatableArray<DiagnosticInfo>.Empty, new[] { unreadable! }.ToEquatableArray(), lockPath, null);
            }

            var mergedComparison = new Comparison(spec, CatalogPlaces.Read(catalogPath, catalogText, cancellationToken), merged);
            mergedComparison.Run();
            return new LockCheckResult(
                mergedComparison.Breaking.ToEquatableArray(),
                new[] { unreadable! }.ToEquatableArray(),
                lockPath,
                mergedComparison.Breaking.Count > 0 ? null : currentText,
                ResolvesConflict: true);
        }

        var places = CatalogPlaces.Read(catalogPath, catalogText, cancellationToken);
        var comparison = new Comparison(spec, places, locked);
        comparison.Run();
        if (comparison.Breaking.Count > 0)
        {
            return new LockCheckResult(comparison.Breaking.ToEquatableArray(), EquatableArray<DiagnosticInfo>.Empty, lockPath, null);
        }

        if (string.Equals(currentText, LockWriter.Write(locked), StringComparison.Ordinal))
        {
            return new LockCheckResult(EquatableArray<DiagnosticInfo>.Empty, EquatableArray<DiagnosticInfo>.Empty, lockPath, null);
        }

        List<(LocationInfo Location, string What)> additions = comparison.Additions.OrderBy(a => a.Location.Start).ToList();
        string listed = string.Join(", ", additions.Take(3).Select(a => a.What)) + (additions.Count > 3 ? $" and {(additions.Count - 3).ToString(CultureInfo.InvariantCulture)} more" : string.Empty);
        catalogDiagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.LockMissingOrBehind,
            additions.Count > 0 ? additions[0].Location : places.FileStart,
            $"The compatibility lock '{lockName}' is behind the catalog: {(additions.Count == 0 ? "its recorded shapes differ from the catalog's" : listed)}, not recorded yet. Once this ships, record it (the code fix 'Update the lock', or 'eventcatalog ship')."));
        return new LockCheckResult(catalogDiagnostics.ToEquatableArray(), EquatableArray<DiagnosticInfo>.Empty, lockPath, currentText);
    }

    private sealed class Comparison
    {
        private readonly CatalogSpec _spec;
        private readonly CatalogPlaces _places;
        private readonly CatalogLock _locked;

        public Comparison(CatalogSpec spec, CatalogPlaces places, CatalogLock locked)
        {
            _spec = spec;
            _places = places;
            _locked = locked;
        }

        public List<DiagnosticInfo> Breaking { get; } = new();

        public List<(LocationInfo Location, string What)> Additions { get; } = new();

        public void Run()
        {
            if (!string.Equals(_spec.TopicTemplate, _locked.TopicTemplate, StringComparison.Ordinal))
            {
                Break(_places.Topic, $"The topic template changed from '{_locked.TopicTemplate}' to '{_spec.TopicTemplate}' since the catalog shipped: nodes on the shipped catalog publish and subscribe on the old topics, and no version bump can change that. Restore '{_locked.TopicTemplate}'.");
            }

            var currentEvents = new Dictionary<string, (CategorySpec Category, EventSpec Event)>(StringComparer.Ordinal);
            foreach (CategorySpec category in _spec.Categories)
            {
                foreach (EventSpec ev in category.Events)
                {
                    currentEvents[ev.Name] = (category, ev);
                }
            }

            var lockedEvents = new HashSet<string>(_locked.Categories.SelectMany(c => c.Events).Select(e => e.Name), StringComparer.Ordinal);
            var lockedCategories = new HashSet<string>(_locked.Categories.Select(c => c.Name), StringComparer.Ordinal);
            foreach (LockedCategory category in _locked.Categories)
            {
                bool categoryKept = _spec.Categories.Any(c => c.Name == category.Name);
                if (!categoryKept)
                {
                    Break(_places.Categories, $"Category '{category.Name}' shipped but is no longer in the catalog (renamed or removed): nodes on the shipped catalog still publish its {Count(category.Events.Count, "event")} on its topic. Restore it (mark its events 'deprecated' to retire them).");
                }

                foreach (LockedEvent ev in category.Events)
                {
                    if (!currentEvents.TryGetValue(ev.Name, out var now))
                    {
                        if (categoryKept)
                        {
                            Break(_places.Category(category.Name), $"Event '{ev.Name}' of category '{category.Name}' shipped but is no longer in the catalog (renamed or removed): nodes on the shipped catalog may still publish it. Restore it (mark it 'deprecated' to retire it).");
                        }

                        continue;
                    }

                    if (now.Category.Name != category.Name)
                    {
                        Break(_places.Event(ev.Name), $"Event '{ev.Name}' moved from category '{category.Name}' to '{now.Category.Name}' since the catalog shipped: its topic and wrapper changed, so nodes on the shipped catalog publish it where nodes on this one do not listen. Move it back.");
                        continue;
                    }

                    CompareEvent(ev, now.Event);
                }
            }

            foreach (CategorySpec category in _spec.Categories)
            {
                if (!lockedCategories.Contains(category.Name))
                {
                    Additions.Add((_places.Category(category.Name), $"new category '{category.Name}'"));
                }

                foreach (EventSpec ev in category.Events)
                {
                    if (!lockedEvents.Contains(ev.Name))
                    {
                        Additions.Add((_places.Event(ev.Name), $"new event '{ev.Name}'"));
                    }
                }
            }
        }

        private void CompareEvent(LockedEvent shipped, EventSpec now)
        {
            string name = shipped.Name;
            if (now.Version < shipped.Version)
            {
                Break(_places.Version(name), $"Event '{name}' is at version {now.Version.ToString(CultureInfo.InvariantCulture)}, below its shipped version {shipped.Version.ToString(CultureInfo.InvariantCulture)}: nodes on the shipped catalog write version {shipped.Version.ToString(CultureInfo.InvariantCulture)}, and a version never goes down. Set 'version: {shipped.Version.ToString(CultureInfo.InvariantCulture)}' or higher.");
                return;
            }

            // Earlier versions describe data already written: each shipped one must stay exactly as shipped.
            foreach (LockedVersion earlier in shipped.Versions)
            {
                EventVersionSpec? mine = now.PreviousVersions.FirstOrDefault(v => v.Version == earlier.Version);
                string? difference = mine is null ? "it is no longer described" : Difference(earlier.Data, Fields(mine.Fields));
                if (difference is not null)
                {
                    Break(mine is null ? _places.Version(name) : _places.EarlierVersion(name, earlier.Version), $"Version {V(earlier.Version)} of event '{name}' shipped with other data: {difference}. Data of that version is already written; describe it in 'versions' exactly as it shipped.");
                }
            }

            if (now.Version > shipped.Version)
            {
                // A bump: the shipped current data is now an earlier version, which must describe it as it was.
                EventVersionSpec? described = now.PreviousVersions.FirstOrDefault(v => v.Version == shipped.Version);
                string? difference = described is null ? "it is not described" : Difference(shipped.Data, Fields(described.Fields));
                if (difference is not null)
                {
                    Break(described is null ? _places.Version(name) : _places.EarlierVersion(name, shipped.Version), $"Event '{name}' is bumped to version {V(now.Version)}, but version {V(shipped.Version)} in 'versions' is not the data it shipped with: {difference}. Describe version {V(shipped.Version)} exactly as it shipped, so that its data is read and upcast.");
                }
                else
                {
                    Additions.Add((_places.Version(name), $"event '{name}' at version {V(now.Version)} (shipped: {V(shipped.Version)})"));
                }

                return;
            }

            // The same version: FULL compatibility with the shipped data, both ways.
            string bump = $"bump the event instead: 'version: {V(shipped.Version + 1)}', the shipped data as version {V(shipped.Version)} in 'versions', and an upcaster";
            var nowFields = now.Fields.ToDictionary(f => f.Name, f => LockTypes.Text(f.Type, _spec), StringComparer.Ordinal);
            foreach (LockedField field in shipped.Data)
            {
                if (!nowFields.TryGetValue(field.Name, out string? type))
                {
                    Break(_places.Data(name), $"Field '{field.Name}' ({field.Type}) of event '{name}' shipped at version {V(shipped.Version)} but is no longer in its data (removed or renamed): nodes on the shipped catalog require it in what this one writes. Restore it, or {bump}.");
                }
                else if (!string.Equals(type, field.Type, StringComparison.Ordinal))
                {
                    string change = field.IsOptional && type + "?" == field.Type
                        ? $"was optional ('{field.Type}') and is now required ('{type}'): data written by nodes on the shipped catalog may lack it"
                        : !field.IsOptional && field.Type + "?" == type
                            ? $"was required ('{field.Type}') and is now optional ('{type}'): nodes on the shipped catalog require it in what this one writes"
                            : $"changed type from '{field.Type}' to '{type}': nodes on each side misread the other's data";
                    Break(_places.Field(name, field.Name), $"Field '{field.Name}' of event '{name}' {change}. Restore '{field.Type}', or {bump}.");
                }
            }

            var shippedNames = new HashSet<string>(shipped.Data.Select(f => f.Name), StringComparer.Ordinal);
            foreach (FieldSpec field in now.Fields)
            {
                if (shippedNames.Contains(field.Name))
                {
                    continue;
                }

                if (field.Type.IsOptional)
                {
                    Additions.Add((_places.Field(name, field.Name), $"new optional field '{field.Name}' of event '{name}'"));
                }
                else
                {
                    Break(_places.Field(name, field.Name), $"Field '{field.Name}' ({field.Type.Text}) of event '{name}' is new and required at the shipped version {V(shipped.Version)}: data written by nodes on the shipped catalog lacks it. Make it optional ('{field.Type.Text}?'), or {bump}.");
                }
            }
        }

        private IReadOnlyList<LockedField> Fields(EquatableArray<FieldSpec> fields) => CatalogLock.Fields(fields, _spec);

        /// <summary>How <paramref name="now"/> differs from <paramref name="shipped"/>, in words; null when they are the same.</summary>
        private static string? Difference(IReadOnlyList<LockedField> shipped, IReadOnlyList<LockedField> now)
        {
            var differences = new List<string>();
            var nowByName = now.ToDictionary(f => f.Name, f => f.Type, StringComparer.Ordinal);
            foreach (LockedField field in shipped)
            {
                if (!nowByName.TryGetValue(field.Name, out string? type))
                {
                    differences.Add($"field '{field.Name}' ({field.Type}) is missing");
                }
                else if (type != field.Type)
                {
                    differences.Add($"field '{field.Name}' is '{type}', shipped as '{field.Type}'");
                }
            }

            var shippedNames = new HashSet<string>(shipped.Select(f => f.Name), StringComparer.Ordinal);
            differences.AddRange(now.Where(f => !shippedNames.Contains(f.Name)).Select(f => $"field '{f.Name}' ({f.Type}) was not there"));
            return differences.Count == 0 ? null : string.Join("; ", differences);
        }

        private void Break(LocationInfo location, string message) =>
            Breaking.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BreakingChange, location, message));

        private static string V(int version) => version.ToString(CultureInfo.InvariantCulture);

        private static string Count(int count, string noun) => count == 1 ? "1 " + noun : count.ToString(CultureInfo.InvariantCulture) + " " + noun + "s";
    }
}
