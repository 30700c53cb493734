using System;

namespace EventCatalog.Runtime.Tests.Versions;

/// <summary>The upcasts of versions.events.yaml, as a user writes them in their own partial parts (SPEC §10).</summary>
public sealed partial record MemberJoinedV2
{
    /// <summary>Version 1 named the node <c>node</c> and had no term: nodes on it ran term 0.</summary>
    /// <param name="previous">The version 1 data.</param>
    /// <returns>The version 2 data.</returns>
    public static partial MemberJoinedV2 Upcast(MemberJoinedV1 previous) => new(previous.Node, Term: 0);
}

/// <summary>The current version's upcast from version 2.</summary>
public sealed partial record MemberJoined
{
    /// <summary>Version 2 had an int term and no leader; a negative term never was valid, so it is refused rather than carried on.</summary>
    /// <param name="previous">The version 2 data.</param>
    /// <returns>The version 3 data.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The term is negative.</exception>
    public static partial MemberJoined Upcast(MemberJoinedV2 previous) =>
        previous.Term < 0
            ? throw new ArgumentOutOfRangeException(nameof(previous), previous.Term, "A term is never negative.")
            : new(previous.ViaNode, previous.Term, Leader: null);
}
