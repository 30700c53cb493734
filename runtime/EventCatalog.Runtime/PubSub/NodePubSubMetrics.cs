using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace EventCatalog.PubSub;

/// <summary>
/// The node buses' instruments, on one meter for every transport (<see cref="NodePubSub.MeterName"/>); each bus tags its
/// measurements with OpenTelemetry's <c>messaging.system</c> (the transport's <see cref="INodeTransport.SystemName"/>),
/// its bus name and its node name.
/// </summary>
internal sealed class NodePubSubMetrics
{
    private static readonly Meter s_meter = new(NodePubSub.MeterName, "0.2.0");
    private static readonly Counter<long> s_published = s_meter.CreateCounter<long>("eventcatalog.pubsub.published", "{frame}", "Frames published to the broker and accepted by it.");
    private static readonly Counter<long> s_received = s_meter.CreateCounter<long>("eventcatalog.pubsub.received", "{frame}", "Frames of other nodes read from the broker.");
    private static readonly Counter<long> s_delivered = s_meter.CreateCounter<long>("eventcatalog.pubsub.delivered", "{message}", "Messages from other nodes queued for a local subscriber.");
    private static readonly Counter<long> s_dropped = s_meter.CreateCounter<long>("eventcatalog.pubsub.dropped", "{message}", "Messages a local subscriber's full queue dropped.");
    private static readonly Counter<long> s_lost = s_meter.CreateCounter<long>("eventcatalog.pubsub.lost", "{frame}", "Frames of other nodes that never arrived (sequence gaps).");
    private static readonly Counter<long> s_rejected = s_meter.CreateCounter<long>("eventcatalog.pubsub.rejected", "{frame}", "Frames dropped on receipt, by reason.");

    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly KeyValuePair<string, object?>[][] _rejectTags;

    public NodePubSubMetrics(string system, string bus, string node, FrameRejectReason[] reasons)
    {
        _tags = new[]
        {
            new KeyValuePair<string, object?>("messaging.system", system),
            new KeyValuePair<string, object?>("bus", bus),
            new KeyValuePair<string, object?>("node", node),
        };
        _rejectTags = new KeyValuePair<string, object?>[reasons.Length][];
        foreach (FrameRejectReason reason in reasons)
        {
            _rejectTags[(int)reason] = new[] { _tags[0], _tags[1], _tags[2], new KeyValuePair<string, object?>("reason", reason.ToString()) };
        }
    }

    public void Published() => s_published.Add(1, _tags);

    public void Received() => s_received.Add(1, _tags);

    public void Delivered(int count) => s_delivered.Add(count, _tags);

    public void Dropped() => s_dropped.Add(1, _tags);

    public void Lost(long count) => s_lost.Add(count, _tags);

    public void Rejected(FrameRejectReason reason) => s_rejected.Add(1, _rejectTags[(int)reason]);
}
