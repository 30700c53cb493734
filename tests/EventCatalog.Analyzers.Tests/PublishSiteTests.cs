using System.Threading.Tasks;
using NUnit.Framework;
using static EventCatalog.Analyzers.Tests.Verifier;

namespace EventCatalog.Analyzers.Tests;

/// <summary>Which invocations are publish sites, and where the event's category comes from.</summary>
public class PublishSiteTests
{
    [Test]
    public Task Marked_user_wrappers_are_checked_and_unmarked_look_alikes_are_not() => AnalyzeAsync(Usings + """
        class MyBus
        {
            public Task Publish([TopicParameter] string topic, [EventParameter] object message) => Task.CompletedTask;

            public Task PublishUnmarked(string topic, object message) => Task.CompletedTask;

            public Task BroadcastAsync(string topic, object message) => Task.CompletedTask;
        }

        class Node
        {
            async Task Run(MyBus bus, string store)
            {
                await bus.Publish({|EVC100:Events.Topics.Cluster(store)|}, new EventsPersisted("orders", 5));
                await bus.PublishUnmarked(Events.Topics.Cluster(store), new EventsPersisted("orders", 5));
                await bus.BroadcastAsync(Events.Topics.Cluster(store), new EventsPersisted("orders", 5));
            }
        }
        """);

    [Test]
    public Task Generic_wrappers_use_the_type_at_the_call_site() => AnalyzeAsync(Usings + """
        static class Publisher
        {
            public static Task PublishAsync<T>(this IPubSub bus, [TopicParameter] string topic, [EventParameter] T data)
                where T : ICatalogEvent => bus.BroadcastAsync(topic, Events.BuildPayload(data)).AsTask();
        }

        class Node
        {
            async Task Run(IPubSub bus, string store)
            {
                await bus.PublishAsync({|EVC100:Events.Topics.Gateway(store)|}, new ClusterJoined("n2"));
                await Publisher.PublishAsync(bus, {|EVC100:Events.Topics.Gateway(store)|}, new ClusterJoined("n2"));
                await bus.PublishAsync(Events.Topics.Cluster(store), new ClusterJoined("n2"));
            }
        }
        """);

    [Test]
    public Task Marks_are_inherited_from_the_interface_and_from_overridden_methods() => AnalyzeAsync(Usings + """
        interface IPublisher
        {
            Task Send([TopicParameter] string topic, [EventParameter] object message);
        }

        abstract class BasePublisher
        {
            public abstract Task Post([TopicParameter] string topic, [EventParameter] object message);
        }

        class Publisher : BasePublisher, IPublisher
        {
            public Task Send(string topic, object message) => Task.CompletedTask;

            public override Task Post(string topic, object message) => Task.CompletedTask;
        }

        class Node
        {
            async Task Run(Publisher publisher, IPublisher viaInterface, string store)
            {
                await publisher.Send({|EVC100:Events.Topics.Cluster(store)|}, new EventsPersisted("orders", 5));
                await publisher.Post({|EVC100:Events.Topics.Cluster(store)|}, new EventsPersisted("orders", 5));
                await viaInterface.Send({|EVC100:Events.Topics.Cluster(store)|}, new EventsPersisted("orders", 5));
            }
        }
        """);

    [Test]
    public Task Envelopes_and_payloads_carry_their_events_category() => AnalyzeAsync(Usings + """
        class Node
        {
            async Task Run(IPubSub bus, string store)
            {
                EventEnvelope<EventsPersisted> envelope = Events.BuildEvent(new EventsPersisted("orders", 5));
                EventPayload<EventsPersisted> payload = Events.BuildPayload(new EventsPersisted("orders", 5));
                await bus.BroadcastAsync({|EVC100:Events.Topics.Cluster(store)|}, envelope);
                await bus.BroadcastAsync({|EVC100:Events.Topics.Cluster(store)|}, payload);
                await bus.BroadcastAsync(Events.Topics.Persistence(store), payload);
            }
        }
        """);

    [Test]
    public Task An_event_of_one_catalog_on_a_topic_of_another() => AnalyzeAsync(Usings + """
        class Node
        {
            async Task Run(IPubSub bus, string store)
            {
                await bus.BroadcastAsync({|EVC100:Jobs.JobEvents.Topics.Scheduling|}, new ClusterJoined("n2"));
                await bus.BroadcastAsync({|EVC100:"jobs.running"|}, new Jobs.JobScheduled());
                await bus.BroadcastAsync("jobs.scheduling", new Jobs.JobScheduled());
                await bus.BroadcastAsync(Jobs.JobEvents.Topics.Running, new Jobs.JobStarted());
            }
        }
        """, With.Jobs);

    [Test]
    public Task Subscribing_to_a_topic_of_no_category_is_EVC101() => AnalyzeAsync(Usings + """
        class Node
        {
            void Run(IPubSub bus)
            {
                bus.Subscribe({|EVC101:"exesdb:control:main:clusters"|});
                bus.Subscribe("exesdb:control:main:cluster");
                bus.Subscribe("some:other:topic");
            }
        }
        """);
}
