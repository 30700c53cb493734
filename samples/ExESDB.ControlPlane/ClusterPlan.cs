using System;
using System.Collections.Generic;
using System.Linq;

namespace ExESDB.ControlPlane;

/// <summary>
/// Which node runs which category's worker in a cluster of <see cref="Nodes"/> nodes. Categories go in catalog order
/// two by two (system and cluster, leadership and persistence, gateway and coordination, subscriptions), the pairs
/// round-robin over the nodes; with five nodes or more, one category per node round-robin, so that no node idles
/// while another runs two workers. Every node and its parent compute the same plan from N alone.
/// </summary>
public sealed class ClusterPlan
{
    private readonly Events.Category[][] _workers;

    public ClusterPlan(int nodes, string store)
    {
        if (nodes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(nodes), nodes, "A cluster has at least one node.");
        }

        Nodes = nodes;
        Store = store;
        Events.Category[] categories = Enum.GetValues<Events.Category>();
        int perGroup = nodes <= 4 ? 2 : 1;
        _workers = Enumerable.Range(0, nodes)
            .Select(n => categories.Where((_, c) => c / perGroup % nodes == n).ToArray())
            .ToArray();
    }

    public int Nodes { get; }

    public string Store { get; }

    /// <summary>Node <paramref name="node"/>'s name (1-based), as the seed's Erlang nodes are named: <c>node1@my_store</c>.</summary>
    public string NodeName(int node) => $"node{node}@{Store}";

    /// <summary>The categories whose workers run on node <paramref name="node"/> (1-based); empty for a node that only listens.</summary>
    public IReadOnlyList<Events.Category> Workers(int node) => _workers[node - 1];

    /// <summary>What every node, subscribed to all seven topics, should receive from node <paramref name="node"/>.</summary>
    public int ExpectedFrom(int node, int eventsPerCategory) => Workers(node).Count * eventsPerCategory;

    /// <summary>The categories of node <paramref name="node"/> as <c>system, cluster</c> (or <c>-</c>).</summary>
    public string Describe(int node) =>
        Workers(node).Count == 0 ? "-" : string.Join(", ", Workers(node).Select(Events.GetCategoryName));
}
