using EventCatalog.Contract;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Emit;

/// <summary>
/// The consuming side (SPEC §11, issue 22). Per category, in the catalog's namespace: the marker interface
/// <c>I{Category}Event</c>, the exhaustive handler interface <c>I{Category}Handler</c> and the opt-out base
/// <c>{Category}HandlerBase</c>; in the catalog class: <c>Subscribe</c> (one overload per handler interface),
/// <c>{Category}Stream</c>, and the private dispatch each of them runs. The generic loop, error policy and
/// payload checks live in the runtime (<c>EventCatalog.Subscribers</c>), so each category adds a few lines per event.
/// </summary>
internal sealed partial class CatalogEmitter
{
    private const string Subscribers = "global::EventCatalog.Subscribers.";
    private const string Token = "global::System.Threading.CancellationToken";
    private const string ValueTask = "global::System.Threading.Tasks.ValueTask";

    /// <summary>Deprecated events still have handlers: older nodes send them.</summary>
    private const string NoObsoleteWarnings = "#pragma warning disable CS0612, CS0618 // deprecated events are still received: older nodes send them";
    private const string ObsoleteWarnings = "#pragma warning restore CS0612, CS0618";

    private static string EventInterface(CategorySpec category) => CatalogContract.EventInterface(category.MemberName);

    private static string HandlerInterface(CategorySpec category) => CatalogContract.HandlerInterface(category.MemberName);

    private static string HandlerBase(CategorySpec category) => CatalogContract.HandlerBase(category.MemberName);

    private static string Envelope(string record) => "global::EventCatalog.EventEnvelope<" + record + ">";

    /// <summary>The namespace-level types of one category: marker, handler interface, opt-out base.</summary>
    private void WriteCategoryHandlerTypes(CategorySpec category)
    {
        string name = Doc(category.Name);
        string marker = EventInterface(category);
        string handler = HandlerInterface(category);
        _w.WriteLine($$"""
            /// <summary>An event of category <c>{{name}}</c>: implemented by each of its current records (not by earlier versions' records).</summary>
            {{s_generatedCode}}
            public interface {{marker}} : global::EventCatalog.ICatalogEvent
            {
            }

            /// <summary>
            /// Handles every event of category <c>{{name}}</c>: one <c>HandleAsync</c> overload per event type, so a class that
            /// implements it handles all of them or does not compile (CS0535 names the overload it misses). Adding an event to
            /// the category breaks such classes by design; derive from <see cref="{{HandlerBase(category)}}"/> to handle only some.
            /// Run one on any bus with <c>{{Doc(_spec.ClassName)}}.Subscribe</c>.
            /// </summary>
            {{s_generatedCode}}
            {{NoObsoleteWarnings}}
            """);
        _w.OpenBlock($"public interface {handler}");
        bool first = true;
        foreach (EventSpec evt in category.Events)
        {
            if (!first)
            {
                _w.WriteLine();
            }

            first = false;
            _w.WriteLine($$"""
                /// <summary>Handles a <c>{{Doc(evt.Name)}}</c> event.</summary>
                /// <param name="evt">The event, in its envelope.</param>
                /// <param name="cancellationToken">Cancelled when the subscription is disposed.</param>
                /// <returns>A task that completes when the event is handled.</returns>
                {{ValueTask}} HandleAsync({{Envelope(_spec.Qualify(evt.TypeName))}} evt, {{Token}} cancellationToken);
                """);
        }

        _w.CloseBlock();
        _w.WriteLine($$"""

            /// <summary>
            /// A <see cref="{{handler}}"/> that handles only the events it overrides: every other event goes to
            /// <see cref="HandleDefaultAsync"/> (as Roslyn's visitors send unvisited nodes to <c>DefaultVisit</c>), which does nothing
            /// unless overridden. Adding an event to the category does not break a subclass.
            /// </summary>
            {{s_generatedCode}}
            """);
        _w.OpenBlock($"public abstract class {HandlerBase(category)} : {handler}");
        foreach (EventSpec evt in category.Events)
        {
            _w.WriteLine($$"""
                /// <summary>Handles a <c>{{Doc(evt.Name)}}</c> event: calls <see cref="HandleDefaultAsync"/> unless overridden.</summary>
                /// <param name="evt">The event, in its envelope.</param>
                /// <param name="cancellationToken">Cancelled when the subscription is disposed.</param>
                /// <returns>A task that completes when the event is handled.</returns>
                public virtual {{ValueTask}} HandleAsync({{Envelope(_spec.Qualify(evt.TypeName))}} evt, {{Token}} cancellationToken) => HandleDefaultAsync(evt, cancellationToken);

                """);
        }

        _w.WriteLine($$"""
            /// <summary>Handles the events this class does not override a <c>HandleAsync</c> overload for: does nothing unless overridden.</summary>
            /// <param name="evt">The event, in its envelope (an <see cref="global::EventCatalog.EventEnvelope{T}"/> of the event's record).</param>
            /// <param name="cancellationToken">Cancelled when the subscription is disposed.</param>
            /// <returns>A completed task, unless overridden.</returns>
            protected virtual {{ValueTask}} HandleDefaultAsync(global::EventCatalog.IEventEnvelope evt, {{Token}} cancellationToken) => default;
            """);
        _w.CloseBlock();
        _w.WriteLine(ObsoleteWarnings);
    }

    /// <summary>The catalog class's <c>Subscribe</c> overloads, <c>{Category}Stream</c> methods and private dispatch classes.</summary>
    private void WriteSubscribers()
    {
        bool store = _spec.TemplateHasStore;
        string storeParameter = store ? "string storeId, " : string.Empty;
        string storeDoc = store ? "\n/// <param name=\"storeId\">The store whose topic to read.</param>" : string.Empty;
        string storeArgument = store ? "storeId" : "null";
        string storeError = store ? "\n/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"storeId\"/> is not allowed in a topic.</exception>" : string.Empty;
        foreach (CategorySpec category in _spec.Categories)
        {
            string name = Doc(category.Name);
            string topic = store ? $"{_class}.Topics.{category.MemberName}(storeId)" : $"{_class}.Topics.{category.MemberName}";
            string dispatch = "s_" + category.MemberName + "Dispatch";
            _w.WriteLine($$"""

                /// <summary>
                /// Subscribes <paramref name="handler"/> to the topic of category <c>{{name}}</c> and runs it on each event as it arrives
                /// (records, envelopes and payloads all arrive as envelopes), one at a time; anything else on the topic goes to
                /// <see cref="{{Subscribers}}CategorySubscriptionOptions.OnUnrecognizedMessage"/>, and a handler that throws stops the
                /// subscription unless <see cref="{{Subscribers}}CategorySubscriptionOptions.ErrorPolicy"/> says otherwise.
                /// </summary>
                /// <param name="pubSub">The bus: in-memory, Redis, NATS or any other <see cref="global::EventCatalog.IPubSub"/>.</param>{{storeDoc}}
                /// <param name="handler">The handler.</param>
                /// <param name="options">Error and unrecognised-message handling, or null for the defaults.</param>
                /// <returns>The running subscription: dispose it to unsubscribe; <see cref="{{Subscribers}}CategorySubscription.Completion"/> ends with it.</returns>
                /// <exception cref="global::System.ArgumentNullException"><paramref name="pubSub"/> or <paramref name="handler"/> is null.</exception>{{storeError}}
                public static {{Subscribers}}CategorySubscription {{CatalogContract.Subscribe}}(global::EventCatalog.IPubSub pubSub, {{storeParameter}}{{_spec.Qualify(HandlerInterface(category))}} handler, {{Subscribers}}CategorySubscriptionOptions? options = null) =>
                    {{dispatch}}.Run(pubSub, {{topic}}, handler, {{storeArgument}}, options);

                /// <summary>
                /// Subscribes to the topic of category <c>{{name}}</c> and returns its events as a typed stream, for <c>await foreach</c>
                /// with pattern matching on <c>evt.Data</c>; anything else on the topic goes to
                /// <see cref="{{Subscribers}}CategorySubscriptionOptions.OnUnrecognizedMessage"/>.
                /// </summary>
                /// <param name="pubSub">The bus: in-memory, Redis, NATS or any other <see cref="global::EventCatalog.IPubSub"/>.</param>{{storeDoc}}
                /// <param name="options">Unrecognised-message handling, or null for the defaults.</param>
                /// <returns>The stream: dispose it (or end the enumeration) to unsubscribe.</returns>
                /// <exception cref="global::System.ArgumentNullException"><paramref name="pubSub"/> is null.</exception>{{storeError}}
                public static {{Subscribers}}CategoryStream<{{_spec.Qualify(EventInterface(category))}}> {{category.MemberName}}{{CatalogContract.CategoryStreamSuffix}}(global::EventCatalog.IPubSub pubSub, {{storeParameter}}{{Subscribers}}CategorySubscriptionOptions? options = null) =>
                    {{dispatch}}.Stream(pubSub, {{topic}}, {{storeArgument}}, options);
                """);
        }

        _w.WriteLine();
        _w.WriteLine(NoObsoleteWarnings);
        foreach (CategorySpec category in _spec.Categories)
        {
            WriteDispatch(category);
        }

        _w.WriteLine(ObsoleteWarnings);
    }

    /// <summary>The private dispatch of a category: two type switches with a line per event.</summary>
    private void WriteDispatch(CategorySpec category)
    {
        string handler = _spec.Qualify(HandlerInterface(category));
        string marker = _spec.Qualify(EventInterface(category));
        string type = category.MemberName + "Dispatch_";
        _w.WriteLine($$"""

            private static readonly {{type}} s_{{category.MemberName}}Dispatch = new {{type}}();

            private sealed class {{type}} : {{Subscribers}}CategoryDispatcher<{{handler}}, {{marker}}>
            {
                public {{type}}()
                    : base({{Lit(category.Name)}}, {{Lit(category.Wrapper)}})
                {
                }

                protected override global::EventCatalog.IEventEnvelope? Envelop({{marker}} data, string? storeId)
                {
                    switch (data)
                    {
            """);
        _w.Indentation += 3;
        foreach (EventSpec evt in category.Events)
        {
            _w.WriteLine($"case {_spec.Qualify(evt.TypeName)} record: return {_class}.BuildEvent(record, storeId);");
        }

        _w.WriteLine("default: return null;");
        _w.Indentation -= 3;
        _w.WriteLine($$"""
                    }
                }

                protected override bool TryDispatch({{handler}} handler, global::EventCatalog.IEventEnvelope evt, {{Token}} cancellationToken, out {{ValueTask}} handled)
                {
                    switch (evt)
                    {
            """);
        _w.Indentation += 3;
        foreach (EventSpec evt in category.Events)
        {
            _w.WriteLine($"case {Envelope(_spec.Qualify(evt.TypeName))} e: handled = handler.HandleAsync(e, cancellationToken); return true;");
        }

        _w.WriteLine("default: handled = default; return false;");
        _w.Indentation -= 3;
        _w.WriteLine("""
                    }
                }
            }
            """);
    }
}
