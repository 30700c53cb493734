using System.Threading;
using System.Threading.Tasks;

namespace EventCatalog.PubSub;

/// <summary>Tracing and the messaging metrics (SPEC §12): every publish runs in a PRODUCER span (<see cref="PubSubTelemetry"/>).</summary>
public partial class NodePubSub
{
    private readonly PubSubTelemetry _telemetry;

    private ValueTask Publish(FrameKind kind, string topic, object message, string? target, ISubscription? from, CancellationToken cancellationToken) =>
        _telemetry.Publish(topic, message, (this, kind, topic, message, target, from, cancellationToken), static s => s.Item1.PublishCore(s.kind, s.topic, s.message, s.target, s.from, s.cancellationToken));
}
