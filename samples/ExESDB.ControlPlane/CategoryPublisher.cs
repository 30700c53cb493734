using System.Threading;
using System.Threading.Tasks;
using EventCatalog;

namespace ExESDB.ControlPlane;

/// <summary>A category worker's publishing handle: wraps each event in its category's payload and broadcasts it, up to a quota.</summary>
internal sealed class CategoryPublisher
{
    private readonly IPubSub _bus;
    private readonly int _quota;
    private int _published;

    public CategoryPublisher(IPubSub bus, string store, string node, int quota)
    {
        _bus = bus;
        Store = store;
        Node = node;
        _quota = quota;
    }

    public string Store { get; }

    public string Node { get; }

    public int Published => _published;

    /// <summary>
    /// Publishes <paramref name="data"/> as <c>{wrapper, event}</c> on <paramref name="topic"/>; false once the quota is reached.
    /// The parameters are marked, so EventCatalog's analyzer checks every call of this wrapper too.
    /// </summary>
    public async ValueTask<bool> PublishAsync<T>([TopicParameter] string topic, [EventParameter] T data, CancellationToken cancellationToken)
        where T : ICatalogEvent
    {
        if (_published >= _quota)
        {
            return false;
        }

        EventPayload<T> payload = Events.BuildPayload(data, Store);
        if (CodecCheck.Enabled)
        {
            CodecCheck.RoundTrip(payload);
        }

        await _bus.BroadcastAsync(topic, payload, cancellationToken).ConfigureAwait(false);
        _published++;
        return true;
    }
}
