using System;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog;

namespace ExESDB.ControlPlane;

/// <summary>
/// One worker per category, each publishing its own events with the typed builders, as the seed's
/// modules do ("each module publishes its own events"). A worker replays its story until it has
/// published its quota.
/// </summary>
internal static class Workers
{
    public static async Task SystemAsync(CategoryPublisher p, CancellationToken ct)
    {
        string store = p.Store;
        string topic = Events.Topics.System(store);
        for (int round = 0; ; round++)
        {
            if (!await p.PublishAsync(topic, new SystemStartupInitiated(store), ct)) return;
            if (!await p.PublishAsync(topic, new ControlPlaneStarting(store), ct)) return;
            if (!await p.PublishAsync(topic, new InitializationStarted(store), ct)) return;
            if (!await p.PublishAsync(topic, new SubsystemStarting("persistence"), ct)) return;
            if (!await p.PublishAsync(topic, new SubsystemReady("persistence", TimeSpan.FromMilliseconds(40 + round)), ct)) return;
            if (!await p.PublishAsync(topic, new SystemsPending(new[] { "gateway", "subscriptions" }), ct)) return;
            if (!await p.PublishAsync(topic, new SubsystemFailed("gateway", "port 2113 in use"), ct)) return;
            if (!await p.PublishAsync(topic, new SystemReady(store, new[] { "persistence", "leadership", "gateway", "subscriptions" }), ct)) return;
            if (!await p.PublishAsync(topic, new SubsystemStopping("gateway", "restarting on port 2114"), ct)) return;
        }
    }

    public static async Task ClusterAsync(CategoryPublisher p, CancellationToken ct)
    {
        string topic = Events.Topics.Cluster(p.Store);
        string self = p.Node;
        for (int round = 0; ; round++)
        {
            string peer = $"node{round + 2}@{p.Store}";
            string[] members = { self, peer };
            if (!await p.PublishAsync(topic, new NoExistingClusterFound(self), ct)) return;
            if (!await p.PublishAsync(topic, new SingleNodeMode(self), ct)) return;
            if (!await p.PublishAsync(topic, new NodeDiscovered(peer), ct)) return;
            if (!await p.PublishAsync(topic, new ClusterJoinAttempted(peer), ct)) return;
            if (!await p.PublishAsync(topic, new ClusterJoinFailed(peer, "timeout after 5s"), ct)) return;
            if (!await p.PublishAsync(topic, new AttemptingDirectJoin(peer), ct)) return;
            if (!await p.PublishAsync(topic, new ClusterJoined(ViaNode: peer), ct)) return;
            if (!await p.PublishAsync(topic, new ClusterJoinedSuccessfully(peer, members), ct)) return;
            if (!await p.PublishAsync(topic, new ClusterMembershipChanged(members, new[] { peer }, Array.Empty<string>()), ct)) return;
            if (!await p.PublishAsync(topic, new CoordinatorNotAvailable("election in progress"), ct)) return;
            if (!await p.PublishAsync(topic, new UnknownDbType("ets"), ct)) return;
            if (!await p.PublishAsync(topic, new NodeFailureDetected(peer, "nodedown"), ct)) return;
            if (!await p.PublishAsync(topic, new NoConnectedNodes(self), ct)) return;
            if (!await p.PublishAsync(topic, new ClusterLeaveFailed(self, "still the leader"), ct)) return;
            if (!await p.PublishAsync(topic, new ClusterLeft(self, "shutdown"), ct)) return;
        }
    }

    public static async Task LeadershipAsync(CategoryPublisher p, CancellationToken ct)
    {
        string topic = Events.Topics.Leadership(p.Store);
        string self = p.Node;
        for (int round = 0; ; round++)
        {
            string other = $"node{round + 2}@{p.Store}";
            if (!await p.PublishAsync(topic, new LeaderLookupFailed("no quorum yet"), ct)) return;
            if (!await p.PublishAsync(topic, new KhepriLeaderChanged(self, null), ct)) return;
            if (!await p.PublishAsync(topic, new LeaderDetected(self), ct)) return;
            if (!await p.PublishAsync(topic, new LeadershipAssumed(self), ct)) return;
            if (!await p.PublishAsync(topic, new ActivatingLeaderWorker(self), ct)) return;
            if (!await p.PublishAsync(topic, new LeaderWorkerActivationFailed(self, "worker already running"), ct)) return;
            if (!await p.PublishAsync(topic, new LeaderWorkerActivated(self), ct)) return;
            if (!await p.PublishAsync(topic, new LeadershipChange(other, self), ct)) return;
            if (!await p.PublishAsync(topic, new LeadershipLost(self, "stepped down"), ct)) return;
            if (!await p.PublishAsync(topic, new LeadershipLostEvent(self, "stepped down"), ct)) return;
        }
    }

    public static async Task PersistenceAsync(CategoryPublisher p, CancellationToken ct)
    {
        string topic = Events.Topics.Persistence(p.Store);
        for (int round = 0; ; round++)
        {
            string stream = round % 2 == 0 ? "orders" : "invoices";
            if (!await p.PublishAsync(topic, new PersistenceWorkerStarted($"persistence_worker_{round}"), ct)) return;
            if (!await p.PublishAsync(topic, new PersistenceWriteStarted(stream, 5), ct)) return;

            // Events.build_event(:events_persisted, %{stream_id: "orders", event_count: 5})
            if (!await p.PublishAsync(topic, new EventsPersisted(StreamId: stream, EventCount: 5), ct)) return;
#if DEMO_MISMATCH
            // Deliberately wrong: a persistence event on the cluster topic. EventCatalog's analyzer
            // reports it at compile time (EVC100); the cluster subscriber would count it invalid.
            if (!await p.PublishAsync(Events.Topics.Cluster(p.Store), new EventsPersisted(StreamId: stream, EventCount: 5), ct)) return;
#endif
            if (!await p.PublishAsync(topic, new PersistenceRequested(stream), ct)) return;
            if (!await p.PublishAsync(topic, new PersistenceCompleted(TimeSpan.FromMilliseconds(3)), ct)) return;
            if (!await p.PublishAsync(topic, new PersistenceError(stream, "disk full"), ct)) return;
            if (!await p.PublishAsync(topic, new PersistenceFailed("disk full"), ct)) return;
        }
    }

    public static async Task GatewayAsync(CategoryPublisher p, CancellationToken ct)
    {
        string topic = Events.Topics.Gateway(p.Store);
        for (int round = 0; ; round++)
        {
            string worker = $"gateway_worker_{round}";
            if (!await p.PublishAsync(topic, new GatewayWorkerStarted(worker), ct)) return;
            if (!await p.PublishAsync(topic, new RegistrationFailed(worker, "registry not ready"), ct)) return;
            if (!await p.PublishAsync(topic, new GatewayWorkerRegistered(worker), ct)) return;
            if (!await p.PublishAsync(topic, new StreamWriteRequested("orders", 5, ExpectedVersion: round * 5L), ct)) return;
            if (!await p.PublishAsync(topic, new GatewayWorkerUnregistered(worker), ct)) return;
            if (!await p.PublishAsync(topic, new GatewayWorkerTerminated(worker, "normal"), ct)) return;
        }
    }

    public static async Task CoordinationAsync(CategoryPublisher p, CancellationToken ct)
    {
        string topic = Events.Topics.Coordination(p.Store);
        string self = p.Node;
        for (int round = 0; ; round++)
        {
            string subscription = $"coordination_{round}";
            if (!await p.PublishAsync(topic, new CoordinatorWaiting(self), ct)) return;
            if (!await p.PublishAsync(topic, new CoordinatorElected(self), ct)) return;
            if (!await p.PublishAsync(topic, new ClusterVerificationWarning("only 1 of 3 nodes connected"), ct)) return;
            if (!await p.PublishAsync(topic, new ClusterVerificationSuccess(new[] { self }), ct)) return;
            if (!await p.PublishAsync(topic, new SubscriptionStarted(subscription), ct)) return;
            if (!await p.PublishAsync(topic, new EventPublished(Events.Topics.Cluster(p.Store), Events.Types.ClusterJoined), ct)) return;
            if (!await p.PublishAsync(topic, new EventPublicationFailed(Events.Topics.Gateway(p.Store), "no subscribers"), ct)) return;
            if (!await p.PublishAsync(topic, new SubscriptionEnded(subscription, "normal"), ct)) return;
        }
    }

    public static async Task SubscriptionsAsync(CategoryPublisher p, CancellationToken ct)
    {
        string topic = Events.Topics.Subscriptions(p.Store);
        for (int round = 0; ; round++)
        {
            string name = $"orders_projection_{round}";
            if (!await p.PublishAsync(topic, new SubscriptionCreated(name, "orders"), ct)) return;
            if (!await p.PublishAsync(topic, new SubscriptionRegistered(name), ct)) return;
            if (!await p.PublishAsync(topic, new EmitterPoolStarted(name, 4), ct)) return;
            if (!await p.PublishAsync(topic, new SubscriptionUpdated(name), ct)) return;
            if (!await p.PublishAsync(topic, new EmitterPoolFailed(name, "emitter crashed"), ct)) return;
            if (!await p.PublishAsync(topic, new EmitterPoolStopped(name), ct)) return;
            if (!await p.PublishAsync(topic, new SubscriptionUnregistered(name), ct)) return;
            if (!await p.PublishAsync(topic, new SubscriptionDeleted(name), ct)) return;
        }
    }
}
