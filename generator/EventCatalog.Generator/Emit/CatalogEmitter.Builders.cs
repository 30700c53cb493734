using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Emit;

/// <summary>The builders: <c>BuildTopic</c>, <c>BuildEvent</c> and the two <c>BuildPayload</c> overloads.</summary>
internal sealed partial class CatalogEmitter
{
    private void WriteBuilders()
    {
        string storeIdUse = _spec.TemplateHasStore ? string.Empty : " (unused: the template has no <c>{store}</c>)";
        _w.WriteLine($$"""

            /// <summary>Builds the topic of a category for a store.</summary>
            /// <param name="storeId">The store id{{storeIdUse}}.</param>
            /// <param name="category">The category.</param>
            /// <returns>The topic.</returns>
            /// <exception cref="global::System.ArgumentException">The store id is not allowed in a topic, or the category is not one of this catalog's.</exception>
            """);
        _w.OpenBlock($"public static string BuildTopic(string storeId, {_category} category)");
        WriteCategorySwitch("category", CaseLabels.EnumMember,
            c => _spec.TemplateHasStore ? $"return {_class}.Topics.{c.MemberName}(storeId);" : $"return {_class}.Topics.{c.MemberName};",
            NotACategory);
        _w.CloseBlock();

        WriteRecordLookup();
        string notInCatalog = Lit("' is not in the catalog " + DisplayName(_spec) + ".");
        _w.WriteLine($$"""

            /// <summary>Builds an event envelope with common fields: a new event id, the event type, the store id, this node, the UTC time, and the data.</summary>
            /// <typeparam name="T">The event's record type.</typeparam>
            /// <param name="data">The event's data.</param>
            /// <param name="storeId">The store id, or null.</param>
            /// <returns>The event envelope.</returns>
            /// <exception cref="global::System.ArgumentException">The event is not one of this catalog's, or the store id is not allowed.</exception>
            public static global::EventCatalog.EventEnvelope<T> BuildEvent<T>(T data, string? storeId = null)
                where T : global::EventCatalog.ICatalogEvent
            {
                if (data is null)
                {
                    throw new global::System.ArgumentNullException(nameof(data));
                }

                string? eventType = RecordOf_<T>.EventType;
                if (eventType is null)
                {
                    eventType = data.EventType;
                    if (!IsValidEvent(data.Category, eventType))
                    {
                        throw new global::System.ArgumentException("Event type '" + eventType + "' of category '" + data.Category + {{notInCatalog}}, nameof(data));
                    }
                }

                if (storeId is not null)
                {
                    s_storeIds.Validate(storeId, nameof(storeId));
                }

                return new global::EventCatalog.EventEnvelope<T>(
                    global::EventCatalog.EventIds.NewId(),
                    eventType,
                    storeId,
                    global::EventCatalog.EventNode.Current,
                    global::System.DateTimeOffset.UtcNow,
                    data);
            }

            /// <summary>Builds an event wrapped in its category's wrapper, e.g. <c>({{Doc(_spec.Categories[0].Wrapper)}}, event)</c>.</summary>
            /// <typeparam name="T">The event's record type.</typeparam>
            /// <param name="data">The event's data.</param>
            /// <param name="storeId">The store id, or null.</param>
            /// <returns>The wrapped event.</returns>
            /// <exception cref="global::System.ArgumentException">The event is not one of this catalog's, or the store id is not allowed.</exception>
            public static global::EventCatalog.EventPayload<T> BuildPayload<T>(T data, string? storeId = null)
                where T : global::EventCatalog.ICatalogEvent
            {
                global::EventCatalog.EventEnvelope<T> envelope = BuildEvent(data, storeId);
                string? wrapper = RecordOf_<T>.Wrapper;
                if (wrapper is null)
                {
                    TryParseCategory(data.Category, out {{_category}} category);
                    wrapper = GetWrapper(category);
                }

                return new global::EventCatalog.EventPayload<T>(wrapper, envelope);
            }

            /// <summary>Builds an event wrapped in the given wrapper.</summary>
            /// <typeparam name="T">The event's record type.</typeparam>
            /// <param name="wrapper">The wrapper's wire name.</param>
            /// <param name="data">The event's data.</param>
            /// <param name="storeId">The store id, or null.</param>
            /// <returns>The wrapped event.</returns>
            /// <exception cref="global::System.ArgumentException">The wrapper is empty, the event is not one of this catalog's, or the store id is not allowed.</exception>
            public static global::EventCatalog.EventPayload<T> BuildPayload<T>(string wrapper, T data, string? storeId = null)
                where T : global::EventCatalog.ICatalogEvent
            {
                if (string.IsNullOrEmpty(wrapper))
                {
                    throw new global::System.ArgumentException("A payload wrapper must not be null or empty.", nameof(wrapper));
                }

                return new global::EventCatalog.EventPayload<T>(wrapper, BuildEvent(data, storeId));
            }
            """);
    }

    /// <summary>
    /// <c>RecordOf_&lt;T&gt;</c>: what the catalog knows of a record type, found once per type, so that the builders and
    /// the envelope check need no by-name catalog check for the catalog's own records (issue 13).
    /// </summary>
    private void WriteRecordLookup()
    {
        _w.WriteLine($$"""

            // This catalog's records, found by type once per T, so that BuildEvent, BuildPayload and IsValidEventStructure
            // skip the by-name catalog check for them: a record is sealed, so data of type T is exactly a T, whose event
            // type and category are constants. Any other T (ICatalogEvent, another catalog's record) gets nulls and the
            // by-name check. The '_' keeps the name apart from every name a catalog generates (PascalCase).
            private static class RecordOf_<T>
            {
                /// <summary>The event type when <typeparamref name="T"/> is one of this catalog's records; otherwise null.</summary>
                public static readonly string? EventType = Find(typeof(T), out {{_category}} _);

                /// <summary>The category's wrapper when <typeparamref name="T"/> is one of this catalog's records; otherwise null.</summary>
                public static readonly string? Wrapper = Find(typeof(T), out {{_category}} category) is null ? null : GetWrapper(category);

                // Deprecated events are still built: a node must be able to send what older nodes understand.
                #pragma warning disable CS0612, CS0618
                private static string? Find(global::System.Type type, out {{_category}} category)
                {
            """);
        _w.Indentation += 2;
        foreach (CategorySpec category in _spec.Categories)
        {
            foreach (EventSpec evt in category.Events)
            {
                string record = _spec.Qualify(evt.TypeName);
                _w.WriteLine($$"""
                    if (type == typeof({{record}}))
                    {
                        category = {{record}}.Category;
                        return {{record}}.EventType;
                    }

                    """);
            }
        }

        _w.WriteLine("""
            category = default;
            return null;
            """);
        _w.Indentation -= 2;
        _w.WriteLine("""
                }
                #pragma warning restore CS0612, CS0618
            }
            """);
    }
}
