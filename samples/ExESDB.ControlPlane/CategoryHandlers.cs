using System.Threading;
using System.Threading.Tasks;
using EventCatalog;
using EventCatalog.Subscribers;

namespace ExESDB.ControlPlane;

// The sample's consumers: one generated handler interface per category, implemented in full. Each class handles
// every event type of its category or does not compile (CS0535 names the missing overload), so an event added to
// events.schema.yaml is a build error here until this file handles it. Every overload hands the event to the node's
// EventSink; the category comes from the interface, not from a type test.

/// <summary>What a node does with each event its handlers receive.</summary>
/// <param name="category">The category whose handler received the event.</param>
/// <param name="evt">The event, in its envelope.</param>
/// <returns>A task that completes when the event is counted and checked.</returns>
internal delegate ValueTask EventSink(Events.Category category, IEventEnvelope evt);

/// <summary>Runs the sample's handlers on a bus.</summary>
internal static class CategoryHandlers
{
    /// <summary>Subscribes one generated handler per category to the store's topics, in catalog order, before anyone publishes.</summary>
    /// <param name="bus">The bus: the embedded <see cref="InMemoryPubSub"/> or a Redis node's bus.</param>
    /// <param name="store">The store whose topics to read.</param>
    /// <param name="sink">What to do with each event.</param>
    /// <param name="options">The unrecognised-message hook and the error policy, shared by all seven.</param>
    /// <returns>The running subscriptions, one per category; dispose them to unsubscribe.</returns>
    public static CategorySubscription[] SubscribeAll(IPubSub bus, string store, EventSink sink, CategorySubscriptionOptions options) =>
    [
        Events.Subscribe(bus, store, new SystemHandler(sink), options),
        Events.Subscribe(bus, store, new ClusterHandler(sink), options),
        Events.Subscribe(bus, store, new LeadershipHandler(sink), options),
        Events.Subscribe(bus, store, new PersistenceHandler(sink), options),
        Events.Subscribe(bus, store, new GatewayHandler(sink), options),
        Events.Subscribe(bus, store, new CoordinationHandler(sink), options),
        Events.Subscribe(bus, store, new SubscriptionsHandler(sink), options),
    ];
}

/// <summary>Receives every <c>system</c> event.</summary>
internal sealed class SystemHandler(EventSink sink) : ISystemHandler
{
    public ValueTask HandleAsync(EventEnvelope<SystemStartupInitiated> evt, CancellationToken cancellationToken) => sink(Events.Category.System, evt);
    public ValueTask HandleAsync(EventEnvelope<SubsystemStarting> evt, CancellationToken cancellationToken) => sink(Events.Category.System, evt);
    public ValueTask HandleAsync(EventEnvelope<SubsystemReady> evt, CancellationToken cancellationToken) => sink(Events.Category.System, evt);
    public ValueTask HandleAsync(EventEnvelope<SubsystemFailed> evt, CancellationToken cancellationToken) => sink(Events.Category.System, evt);
    public ValueTask HandleAsync(EventEnvelope<ControlPlaneStarting> evt, CancellationToken cancellationToken) => sink(Events.Category.System, evt);
    public ValueTask HandleAsync(EventEnvelope<InitializationStarted> evt, CancellationToken cancellationToken) => sink(Events.Category.System, evt);
    public ValueTask HandleAsync(EventEnvelope<SystemReady> evt, CancellationToken cancellationToken) => sink(Events.Category.System, evt);
    public ValueTask HandleAsync(EventEnvelope<SystemsPending> evt, CancellationToken cancellationToken) => sink(Events.Category.System, evt);
    public ValueTask HandleAsync(EventEnvelope<SubsystemStopping> evt, CancellationToken cancellationToken) => sink(Events.Category.System, evt);
}

/// <summary>Receives every <c>cluster</c> event.</summary>
internal sealed class ClusterHandler(EventSink sink) : IClusterHandler
{
    public ValueTask HandleAsync(EventEnvelope<ClusterJoinAttempted> evt, CancellationToken cancellationToken) => sink(Events.Category.Cluster, evt);
    public ValueTask HandleAsync(EventEnvelope<ClusterJoined> evt, CancellationToken cancellationToken) => sink(Events.Category.Cluster, evt);
    public ValueTask HandleAsync(EventEnvelope<ClusterJoinFailed> evt, CancellationToken cancellationToken) => sink(Events.Category.Cluster, evt);
    public ValueTask HandleAsync(EventEnvelope<NodeDiscovered> evt, CancellationToken cancellationToken) => sink(Events.Category.Cluster, evt);
    public ValueTask HandleAsync(EventEnvelope<NodeFailureDetected> evt, CancellationToken cancellationToken) => sink(Events.Category.Cluster, evt);
    public ValueTask HandleAsync(EventEnvelope<ClusterMembershipChanged> evt, CancellationToken cancellationToken) => sink(Events.Category.Cluster, evt);
    public ValueTask HandleAsync(EventEnvelope<CoordinatorNotAvailable> evt, CancellationToken cancellationToken) => sink(Events.Category.Cluster, evt);
    public ValueTask HandleAsync(EventEnvelope<SingleNodeMode> evt, CancellationToken cancellationToken) => sink(Events.Category.Cluster, evt);
    public ValueTask HandleAsync(EventEnvelope<UnknownDbType> evt, CancellationToken cancellationToken) => sink(Events.Category.Cluster, evt);
    public ValueTask HandleAsync(EventEnvelope<NoConnectedNodes> evt, CancellationToken cancellationToken) => sink(Events.Category.Cluster, evt);
    public ValueTask HandleAsync(EventEnvelope<AttemptingDirectJoin> evt, CancellationToken cancellationToken) => sink(Events.Category.Cluster, evt);
    public ValueTask HandleAsync(EventEnvelope<NoExistingClusterFound> evt, CancellationToken cancellationToken) => sink(Events.Category.Cluster, evt);
    public ValueTask HandleAsync(EventEnvelope<ClusterJoinedSuccessfully> evt, CancellationToken cancellationToken) => sink(Events.Category.Cluster, evt);
    public ValueTask HandleAsync(EventEnvelope<ClusterLeft> evt, CancellationToken cancellationToken) => sink(Events.Category.Cluster, evt);
    public ValueTask HandleAsync(EventEnvelope<ClusterLeaveFailed> evt, CancellationToken cancellationToken) => sink(Events.Category.Cluster, evt);
}

/// <summary>Receives every <c>leadership</c> event.</summary>
internal sealed class LeadershipHandler(EventSink sink) : ILeadershipHandler
{
    public ValueTask HandleAsync(EventEnvelope<LeadershipAssumed> evt, CancellationToken cancellationToken) => sink(Events.Category.Leadership, evt);
    public ValueTask HandleAsync(EventEnvelope<LeadershipLost> evt, CancellationToken cancellationToken) => sink(Events.Category.Leadership, evt);
    public ValueTask HandleAsync(EventEnvelope<KhepriLeaderChanged> evt, CancellationToken cancellationToken) => sink(Events.Category.Leadership, evt);
    public ValueTask HandleAsync(EventEnvelope<LeaderLookupFailed> evt, CancellationToken cancellationToken) => sink(Events.Category.Leadership, evt);
    public ValueTask HandleAsync(EventEnvelope<ActivatingLeaderWorker> evt, CancellationToken cancellationToken) => sink(Events.Category.Leadership, evt);
    public ValueTask HandleAsync(EventEnvelope<LeaderWorkerActivated> evt, CancellationToken cancellationToken) => sink(Events.Category.Leadership, evt);
    public ValueTask HandleAsync(EventEnvelope<LeaderWorkerActivationFailed> evt, CancellationToken cancellationToken) => sink(Events.Category.Leadership, evt);
    public ValueTask HandleAsync(EventEnvelope<LeaderDetected> evt, CancellationToken cancellationToken) => sink(Events.Category.Leadership, evt);
    public ValueTask HandleAsync(EventEnvelope<LeadershipChange> evt, CancellationToken cancellationToken) => sink(Events.Category.Leadership, evt);
    public ValueTask HandleAsync(EventEnvelope<LeadershipLostEvent> evt, CancellationToken cancellationToken) => sink(Events.Category.Leadership, evt);
}

/// <summary>Receives every <c>persistence</c> event.</summary>
internal sealed class PersistenceHandler(EventSink sink) : IPersistenceHandler
{
    public ValueTask HandleAsync(EventEnvelope<PersistenceWorkerStarted> evt, CancellationToken cancellationToken) => sink(Events.Category.Persistence, evt);
    public ValueTask HandleAsync(EventEnvelope<EventsPersisted> evt, CancellationToken cancellationToken) => sink(Events.Category.Persistence, evt);
    public ValueTask HandleAsync(EventEnvelope<PersistenceWriteStarted> evt, CancellationToken cancellationToken) => sink(Events.Category.Persistence, evt);
    public ValueTask HandleAsync(EventEnvelope<PersistenceError> evt, CancellationToken cancellationToken) => sink(Events.Category.Persistence, evt);
    public ValueTask HandleAsync(EventEnvelope<PersistenceRequested> evt, CancellationToken cancellationToken) => sink(Events.Category.Persistence, evt);
    public ValueTask HandleAsync(EventEnvelope<PersistenceCompleted> evt, CancellationToken cancellationToken) => sink(Events.Category.Persistence, evt);
    public ValueTask HandleAsync(EventEnvelope<PersistenceFailed> evt, CancellationToken cancellationToken) => sink(Events.Category.Persistence, evt);
}

/// <summary>Receives every <c>gateway</c> event.</summary>
internal sealed class GatewayHandler(EventSink sink) : IGatewayHandler
{
    public ValueTask HandleAsync(EventEnvelope<GatewayWorkerStarted> evt, CancellationToken cancellationToken) => sink(Events.Category.Gateway, evt);
    public ValueTask HandleAsync(EventEnvelope<GatewayWorkerTerminated> evt, CancellationToken cancellationToken) => sink(Events.Category.Gateway, evt);
    public ValueTask HandleAsync(EventEnvelope<StreamWriteRequested> evt, CancellationToken cancellationToken) => sink(Events.Category.Gateway, evt);
    public ValueTask HandleAsync(EventEnvelope<RegistrationFailed> evt, CancellationToken cancellationToken) => sink(Events.Category.Gateway, evt);
    public ValueTask HandleAsync(EventEnvelope<GatewayWorkerRegistered> evt, CancellationToken cancellationToken) => sink(Events.Category.Gateway, evt);
    public ValueTask HandleAsync(EventEnvelope<GatewayWorkerUnregistered> evt, CancellationToken cancellationToken) => sink(Events.Category.Gateway, evt);
}

/// <summary>Receives every <c>coordination</c> event.</summary>
internal sealed class CoordinationHandler(EventSink sink) : ICoordinationHandler
{
    public ValueTask HandleAsync(EventEnvelope<CoordinatorElected> evt, CancellationToken cancellationToken) => sink(Events.Category.Coordination, evt);
    public ValueTask HandleAsync(EventEnvelope<CoordinatorWaiting> evt, CancellationToken cancellationToken) => sink(Events.Category.Coordination, evt);
    public ValueTask HandleAsync(EventEnvelope<ClusterVerificationSuccess> evt, CancellationToken cancellationToken) => sink(Events.Category.Coordination, evt);
    public ValueTask HandleAsync(EventEnvelope<ClusterVerificationWarning> evt, CancellationToken cancellationToken) => sink(Events.Category.Coordination, evt);
    public ValueTask HandleAsync(EventEnvelope<EventPublished> evt, CancellationToken cancellationToken) => sink(Events.Category.Coordination, evt);
    public ValueTask HandleAsync(EventEnvelope<EventPublicationFailed> evt, CancellationToken cancellationToken) => sink(Events.Category.Coordination, evt);
    public ValueTask HandleAsync(EventEnvelope<SubscriptionStarted> evt, CancellationToken cancellationToken) => sink(Events.Category.Coordination, evt);
    public ValueTask HandleAsync(EventEnvelope<SubscriptionEnded> evt, CancellationToken cancellationToken) => sink(Events.Category.Coordination, evt);
}

/// <summary>Receives every <c>subscriptions</c> event.</summary>
internal sealed class SubscriptionsHandler(EventSink sink) : ISubscriptionsHandler
{
    public ValueTask HandleAsync(EventEnvelope<SubscriptionCreated> evt, CancellationToken cancellationToken) => sink(Events.Category.Subscriptions, evt);
    public ValueTask HandleAsync(EventEnvelope<SubscriptionUpdated> evt, CancellationToken cancellationToken) => sink(Events.Category.Subscriptions, evt);
    public ValueTask HandleAsync(EventEnvelope<SubscriptionDeleted> evt, CancellationToken cancellationToken) => sink(Events.Category.Subscriptions, evt);
    public ValueTask HandleAsync(EventEnvelope<EmitterPoolStarted> evt, CancellationToken cancellationToken) => sink(Events.Category.Subscriptions, evt);
    public ValueTask HandleAsync(EventEnvelope<EmitterPoolStopped> evt, CancellationToken cancellationToken) => sink(Events.Category.Subscriptions, evt);
    public ValueTask HandleAsync(EventEnvelope<EmitterPoolFailed> evt, CancellationToken cancellationToken) => sink(Events.Category.Subscriptions, evt);
    public ValueTask HandleAsync(EventEnvelope<SubscriptionRegistered> evt, CancellationToken cancellationToken) => sink(Events.Category.Subscriptions, evt);
    public ValueTask HandleAsync(EventEnvelope<SubscriptionUnregistered> evt, CancellationToken cancellationToken) => sink(Events.Category.Subscriptions, evt);
}
