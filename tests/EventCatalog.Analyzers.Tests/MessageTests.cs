using System.Threading.Tasks;
using EventCatalog.Analyzers.Analysis;
using NUnit.Framework;
using static EventCatalog.Analyzers.Tests.Verifier;

namespace EventCatalog.Analyzers.Tests;

/// <summary>The EVC100 and EVC102 messages name the event's own type and use the right article.</summary>
public class MessageTests
{
    [Test]
    public async Task EVC100_names_the_record_inside_a_payload_or_an_envelope()
    {
        await AnalyzeAsync(
            ShopPublish("""
                await bus.BroadcastAsync(Events.Topics.Orders(store), Events.BuildPayload(new PaymentCaptured("o-1")));
                        await bus.BroadcastAsync(Events.Topics.Payments(store), Events.BuildEvent(new OrderPlaced("o-1")));
                """),
            With.Shop,
            Diagnostic("EVC100").WithSpan(9, 34, 9, 61).WithSpan(9, 48, 9, 54)
                .WithMessage("PaymentCaptured is a 'payments' event, but it is published to a topic of category 'orders'"),
            Diagnostic("EVC100").WithSpan(10, 34, 10, 63).WithSpan(10, 48, 10, 56)
                .WithMessage("OrderPlaced is an 'orders' event, but it is published to a topic of category 'payments'"));
    }

    [Test]
    public async Task EVC100_across_catalogs_names_both()
    {
        await AnalyzeAsync(
            ShopPublish("""await bus.BroadcastAsync(Events.Topics.Inventory(store), new ExESDB.EventsPersisted("orders", 5));"""),
            With.Shop,
            Diagnostic("EVC100").WithSpan(9, 34, 9, 64)
                .WithMessage("EventsPersisted is a 'persistence' (ExESDB.Events) event, but it is published to a topic of category 'inventory' of catalog Shop.Events"));
    }

    [Test]
    public async Task EVC102_uses_the_article_of_the_category()
    {
        await AnalyzeAsync(
            ShopPublish("""Events.BuildPayload("payments_event", new OrderPlaced("o-1"));"""),
            With.Shop,
            Diagnostic("EVC102").WithSpan(9, 29, 9, 45).WithSpan(9, 30, 9, 44)
                .WithMessage("Wrapper 'payments_event' does not match OrderPlaced, an orders event, whose wrapper is 'orders_event'"));
    }

    [TestCase("orders", "an")]
    [TestCase("payments", "a")]
    [TestCase("inventory", "an")]
    [TestCase("events", "an")]
    [TestCase("user_sessions", "a")]
    [TestCase("unit_tests", "a")]
    [TestCase("uninstalls", "an")]
    [TestCase("europe_sales", "a")]
    [TestCase("one_time_codes", "a")]
    [TestCase("hourly_reports", "an")]
    [TestCase("honest_reviews", "an")]
    [TestCase("history", "a")]
    [TestCase("x_ray", "an")]
    [TestCase("k_means", "a")]
    [TestCase("s", "an")]
    [TestCase("cluster", "a")]
    public void Article_goes_by_the_sound(string name, string article) =>
        Assert.That(English.Article(name), Is.EqualTo(article));
}
