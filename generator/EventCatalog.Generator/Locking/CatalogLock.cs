using System;
using System.Collections.Generic;
using System.Linq;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Locking;

/// <summary>
/// The shipped shape of a catalog, as its compatibility lock records it (SPEC §10): the topic template, and per
/// category its events, each with its current version, its data fields and the data of its earlier versions.
/// Everything is kept sorted by name (ordinal) and versions by number, so that two locks of the same shape are
/// the same text whatever the YAML order.
/// </summary>
/// <param name="TopicTemplate">The topic template (the catalog's <c>topic</c>, or the default).</param>
/// <param name="Categories">The categories, sorted by name.</param>
internal sealed record CatalogLock(string TopicTemplate, IReadOnlyList<LockedCategory> Categories)
{
    /// <summary>The lock format this EventCatalog writes and reads (the <c>eventcatalog_lock</c> property).</summary>
    public const int FormatVersion = 1;

    /// <summary>The lock of a checked catalog: what shipping it records.</summary>
    public static CatalogLock From(CatalogSpec spec) =>
        new(
            spec.TopicTemplate,
            spec.Categories
                .Select(c => new LockedCategory(
                    c.Name,
                    c.Events
                        .Select(e => new LockedEvent(
                            e.Name,
                            e.Version,
                            Fields(e.Fields, spec),
                            e.PreviousVersions.Select(v => new LockedVersion(v.Version, Fields(v.Fields, spec))).OrderBy(v => v.Version).ToList()))
                        .OrderBy(e => e.Name, StringComparer.Ordinal)
                        .ToList()))
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToList());

    /// <summary>The fields of a lock, by name, each with its type as <see cref="LockTypes.Text"/> writes it.</summary>
    public static IReadOnlyList<LockedField> Fields(EquatableArray<FieldSpec> fields, CatalogSpec spec) =>
        fields.Select(f => new LockedField(f.Name, LockTypes.Text(f.Type, spec))).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
}

/// <summary>A category of the lock.</summary>
/// <param name="Name">The category's name.</param>
/// <param name="Events">Its events, sorted by name.</param>
internal sealed record LockedCategory(string Name, IReadOnlyList<LockedEvent> Events);

/// <summary>An event type of the lock.</summary>
/// <param name="Name">The event type's name.</param>
/// <param name="Version">Its current data version when shipped.</param>
/// <param name="Data">The current version's data fields, sorted by name.</param>
/// <param name="Versions">The data of versions 1 … <paramref name="Version"/> − 1, by version.</param>
internal sealed record LockedEvent(string Name, int Version, IReadOnlyList<LockedField> Data, IReadOnlyList<LockedVersion> Versions);

/// <summary>The data of an earlier version of an event, as shipped.</summary>
internal sealed record LockedVersion(int Version, IReadOnlyList<LockedField> Data);

/// <summary>A data field: its name and the catalog's normalised type text, <c>?</c>-suffixed when optional (<c>timestamp?</c>).</summary>
internal sealed record LockedField(string Name, string Type)
{
    public bool IsOptional => Type.EndsWith("?", StringComparison.Ordinal);
}
