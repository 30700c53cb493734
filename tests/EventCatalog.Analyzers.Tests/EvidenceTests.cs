using System.Threading.Tasks;
using NUnit.Framework;
using static EventCatalog.Analyzers.Tests.Verifier;

namespace EventCatalog.Analyzers.Tests;

/// <summary>
/// Zero false positives (issue 10, case 1): an EVC1xx is reported only where the evidence says the call is
/// meant for the catalog — the message is a catalog event, the topic comes from the catalog's API, or the
/// topic carries the template's own text beyond its separators. With the default template
/// <c>{store}:{category}</c> that text is only <c>:</c>, which any Phoenix-style topic has.
/// </summary>
public class EvidenceTests
{
    [Test]
    public Task Phoenix_style_chat_topics_on_a_bus_beside_a_default_template_catalog_are_silent() => AnalyzeAsync(ShopPublish("""
        await bus.BroadcastAsync("room:lobby", text);
                await bus.BroadcastAsync("presence:heartbeat", DateTimeOffset.UtcNow);
                bus.Subscribe("room:lobby");
        """), With.Shop);

    [Test]
    public Task Chat_topics_through_locals_consts_and_the_other_publish_verbs_are_silent() => AnalyzeAsync(ShopUsings + """
        class Node
        {
            const string Presence = "presence:heartbeat";

            async Task Run(InMemoryPubSub bus, string text)
            {
                string room = "room:lobby";
                await bus.BroadcastAsync(room, text);
                await bus.LocalBroadcastAsync(Presence, DateTimeOffset.UtcNow);
                ISubscription me = bus.Subscribe(room);
                await bus.BroadcastFromAsync(me, "room:" + "lobby", text);
                bus.Subscribe("lobby");
            }
        }
        """, With.Shop);

    [Test]
    public Task A_string_message_on_a_real_category_topic_is_silent() => AnalyzeAsync(ShopPublish("""
        await bus.BroadcastAsync("s1:orders", text);
                await bus.BroadcastAsync(Events.Topics.Payments(store), text);
        """), With.Shop);

    [Test]
    public Task A_catalog_event_is_evidence_even_on_the_default_template() => AnalyzeAsync(ShopPublish("""
        await bus.BroadcastAsync({|EVC101:"room:lobby"|}, new OrderPlaced("o-1"));
                await bus.BroadcastAsync({|EVC101:"s1:ordres"|}, Events.BuildPayload(new OrderPlaced("o-1")));
                await bus.BroadcastAsync({|EVC100:"s1:payments"|}, Events.BuildEvent(new OrderPlaced("o-1")));
                await bus.BroadcastAsync("s1:orders", new OrderPlaced("o-1"));
        """), With.Shop);

    [Test]
    public async Task The_catalog_events_EVC101_names_the_topic_and_the_close_category()
    {
        await AnalyzeAsync(
            ShopPublish("""await bus.BroadcastAsync("s1:ordres", new OrderPlaced("o-1"));"""),
            With.Shop,
            Diagnostic("EVC101").WithSpan(9, 34, 9, 45).WithSpan(9, 38, 9, 44)
                .WithMessage("Topic \"s1:ordres\" has the shape of catalog Shop.Events's topics, but 'ordres' is not one of its categories; did you mean 'orders'?"));
    }

    [Test]
    // EVC101 checks constant topics only, so the interpolated one stays silent.
    public Task The_templates_own_text_is_evidence_whatever_the_message() => AnalyzeAsync(Publish("""
        await bus.BroadcastAsync({|EVC101:"exesdb:control:s:clustr"|}, "text");
                bus.Subscribe({|EVC101:"exesdb:control:main:clusters"|});
                await bus.BroadcastAsync($"exesdb:control:{store}:clustr", System.DateTimeOffset.UtcNow);
                await bus.BroadcastAsync("exesdb:control:s:cluster", "text");
                await bus.BroadcastAsync("room:lobby", "text");
        """));

    // ExESDB's events on topics that only have Shop's ':' shape say nothing about Shop (no diagnostic tells
    // "a catalog event on a topic of no catalog"); Shop's own API and ExESDB's own text are evidence.
    [Test]
    public Task Two_catalogs_with_different_templates_each_need_their_own_evidence() => AnalyzeAsync(ShopPublish("""
        await bus.BroadcastAsync("room:lobby", new ExESDB.ClusterJoined("n2"));
                await bus.BroadcastAsync("room:orders", new ExESDB.ClusterJoined("n2"));
                await bus.BroadcastAsync({|EVC100:Events.Topics.Orders(store)|}, new ExESDB.ClusterJoined("n2"));
                await bus.BroadcastAsync({|EVC100:"exesdb:control:s:gateway"|}, new PaymentCaptured("o-1"));
                await bus.BroadcastAsync({|EVC101:"exesdb:control:s:clustr"|}, text);
                await bus.BroadcastAsync({|EVC101:"s1:lobby"|}, new OrderPlaced("o-1"));
                await bus.BroadcastAsync("room:lobby", text);
                bus.Subscribe("room:lobby");
                bus.Subscribe({|EVC101:"exesdb:control:main:gatway"|});
        """), With.Shop);

    [Test]
    public Task A_marked_subscribe_wrapper_with_only_a_topic_needs_the_templates_text() => AnalyzeAsync(Usings + """
        using Shop;

        class Channels
        {
            public void Join([TopicParameter] string topic) { }
        }

        class Node
        {
            void Run(Channels channels)
            {
                channels.Join("room:lobby");
                channels.Join("presence:heartbeat");
                channels.Join({|EVC101:"exesdb:control:main:clustr"|});
            }
        }
        """, With.Shop);

    [Test]
    public Task EVC103_ignores_a_users_own_method_on_the_partial_catalog_class() => AnalyzeAsync(ShopUsings + """
        namespace Shop
        {
            public static partial class Events
            {
                public static void Audit(string category, string eventType, string wrapper) { }
            }
        }

        class Node
        {
            void Run()
            {
                Events.Audit("billing", "refund_issued", "audit_event");
                Events.Audit(category: "room", eventType: "lobby", wrapper: "chat");
                Events.IsValidEvent({|EVC103:"ordres"|}, "order_placed");
            }
        }
        """, With.Shop);

    [Test]
    public Task EVC102_needs_an_event_of_the_same_catalog() => AnalyzeAsync(ShopUsings + """
        sealed class AuditNote : ICatalogEvent
        {
            public string EventType => "audit_note";
            public string Category => "audit";
        }

        class Node
        {
            void Run()
            {
                Events.BuildPayload("audit_event", new AuditNote());
                Events.BuildPayload("cluster_event", new ExESDB.ClusterJoined("n2"));
                Events.BuildPayload({|EVC102:"payments_event"|}, new OrderPlaced("o-1"));
            }
        }
        """, With.Shop);
}
