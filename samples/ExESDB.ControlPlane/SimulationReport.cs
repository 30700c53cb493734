using System.Collections.Generic;
using System.Linq;

namespace ExESDB.ControlPlane;

/// <summary>What one category saw: published by its worker, received by its subscriber, and how many failed validation.</summary>
public sealed record CategoryTally(Events.Category Category, int Published, int Received, int Invalid, IReadOnlyCollection<string> EventTypes)
{
    public int Lost => Published - Received;
}

/// <summary>The simulation's outcome: one tally per category.</summary>
public sealed record SimulationReport(IReadOnlyList<CategoryTally> Categories)
{
    public int Published => Categories.Sum(c => c.Published);

    public int Received => Categories.Sum(c => c.Received);

    public int Invalid => Categories.Sum(c => c.Invalid);

    /// <summary>True when every published event arrived and passed validation.</summary>
    public bool Succeeded => Categories.All(c => c.Lost == 0 && c.Invalid == 0);
}
