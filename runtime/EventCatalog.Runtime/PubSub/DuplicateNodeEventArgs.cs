using System;

namespace EventCatalog.PubSub;

/// <summary>Another live bus on the same broker destination answers to this node's name: direct broadcasts to the name reach both.</summary>
public sealed class DuplicateNodeEventArgs : EventArgs
{
    /// <summary>Creates the event's data.</summary>
    /// <param name="nodeName">The shared node name.</param>
    /// <param name="otherInstance">The other bus's instance id.</param>
    public DuplicateNodeEventArgs(string nodeName, Guid otherInstance)
    {
        NodeName = nodeName;
        OtherInstance = otherInstance;
    }

    /// <summary>The node name both buses answer to.</summary>
    public string NodeName { get; }

    /// <summary>The other bus's <see cref="NodePubSub.InstanceId"/>.</summary>
    public Guid OtherInstance { get; }
}
