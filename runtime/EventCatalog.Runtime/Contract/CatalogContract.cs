namespace EventCatalog.Contract;

/// <summary>
/// The names and rules that the runtime, the generator and the analyzers must agree on, stated once.
/// This folder is owned by the runtime and compiled into the generator and the analyzers as linked
/// files (as NetEscapades.EnumGenerators links its <c>TypeNames</c>): a rename here is one edit, and
/// <c>ContractTests</c> checks that the code the generator emits declares every name the analyzers
/// look up, so a rename cannot silently switch an analyzer off.
/// </summary>
internal static class CatalogContract
{
    // ---- The catalog format's defaults (SPEC section 1) ----

    /// <summary>The placeholder for the store id in a topic template.</summary>
    public const string StorePlaceholder = "{store}";

    /// <summary>The placeholder for the category name in a topic template.</summary>
    public const string CategoryPlaceholder = "{category}";

    /// <summary>The topic template when the catalog sets none.</summary>
    public const string DefaultTopicTemplate = StorePlaceholder + ":" + CategoryPlaceholder;

    /// <summary>The catalog class's name when the catalog sets none.</summary>
    public const string DefaultClassName = "Events";

    /// <summary>What a category's default wrapper adds to its name (<c>cluster</c> -> <c>cluster_event</c>).</summary>
    public const string DefaultWrapperSuffix = "_event";

    /// <summary>
    /// The punctuation a store id may hold besides ASCII letters and digits, minus whatever the template
    /// itself uses as literal text (SPEC section 3).
    /// </summary>
    public const string StoreIdPunctuation = "_-.@";

    /// <summary>The wrapper of a category that names none: the seed's <c>:cluster_event</c> for <c>cluster</c>.</summary>
    /// <param name="category">The category's wire name.</param>
    /// <returns>The default wrapper's wire name.</returns>
    public static string DefaultWrapper(string category) => category + DefaultWrapperSuffix;

    // ---- Members of the generated catalog class (SPEC section 2) ----

    /// <summary>The nested enum of categories.</summary>
    public const string CategoryEnum = "Category";

    /// <summary>The nested class of category name constants.</summary>
    public const string CategoriesClass = "Categories";

    /// <summary>The nested class of event type constants.</summary>
    public const string TypesClass = "Types";

    /// <summary>The nested class of topic builders.</summary>
    public const string TopicsClass = "Topics";

    /// <summary><c>Topics.Template</c>: the template text.</summary>
    public const string TopicsTemplate = "Template";

    /// <summary><c>Topics.TryParse</c>.</summary>
    public const string TopicsTryParse = "TryParse";

    /// <summary>The suffix of each category's event list property (<c>ClusterEvents</c>).</summary>
    public const string CategoryEventsSuffix = "Events";

    public const string AllEvents = "AllEvents";
    public const string IsValidEvent = "IsValidEvent";
    public const string TryGetCategory = "TryGetCategory";
    public const string TryParseCategory = "TryParseCategory";
    public const string GetCategoryName = "GetCategoryName";
    public const string GetWrapper = "GetWrapper";
    public const string BuildTopic = "BuildTopic";
    public const string BuildEvent = "BuildEvent";
    public const string BuildPayload = "BuildPayload";
    public const string IsValidEventStructure = "IsValidEventStructure";

    /// <summary>The static property holding the catalog's codec: <c>Events.Codec</c> (SPEC section 7).</summary>
    public const string Codec = "Codec";

    /// <summary>The static method that makes a codec with other read limits: <c>Events.CreateCodec(options)</c>.</summary>
    public const string CreateCodec = "CreateCodec";

    /// <summary>The private nested class that implements the codec.</summary>
    public const string CodecClass = "CloudEventCodec";

    /// <summary>Every member name of the catalog class that does not come from a category name.</summary>
    public static readonly string[] CatalogClassMembers =
    {
        CategoryEnum, CategoriesClass, TypesClass, TopicsClass, AllEvents, IsValidEvent, TryGetCategory,
        TryParseCategory, GetCategoryName, GetWrapper, BuildTopic, BuildEvent, BuildPayload, IsValidEventStructure,
        Codec, CreateCodec, CodecClass, Subscribe,
    };

    /// <summary>The catalog methods whose category and event type arguments EVC103 checks.</summary>
    public static readonly string[] CheckedLookups = { IsValidEvent, TryGetCategory, TryParseCategory, BuildPayload };

    // ---- Parameters of the generated methods that the analyzers read by name ----

    /// <summary><c>BuildPayload(string wrapper, ...)</c>: EVC102 checks its argument.</summary>
    public const string WrapperParameter = "wrapper";

    /// <summary>The event data parameter of the builders.</summary>
    public const string DataParameter = "data";

    /// <summary>The store id parameter of the topic builders.</summary>
    public const string StoreIdParameter = "storeId";

    /// <summary>The category parameter of the lookups.</summary>
    public const string CategoryParameter = "category";

    /// <summary>The event type parameter of the lookups.</summary>
    public const string EventTypeParameter = "eventType";

    // ---- Members of each generated record ----

    /// <summary>The record's event type constant.</summary>
    public const string RecordEventType = "EventType";

    /// <summary>The record's static category.</summary>
    public const string RecordCategory = "Category";

    /// <summary>The record's validator.</summary>
    public const string RecordValidate = "Validate";

    /// <summary>The record's data version constant (SPEC §10): the event's <c>version</c>, 1 when absent.</summary>
    public const string RecordDataVersion = "DataVersion";

    /// <summary>The upcast from the previous version a versioned record declares (SPEC §10), implemented by the user.</summary>
    public const string RecordUpcast = "Upcast";

    /// <summary>The suffix of an earlier version's record, followed by its number (<c>ClusterJoinedV1</c>, SPEC §10).</summary>
    public const string VersionRecordSuffix = "V";

    // ---- Subscribers (SPEC §11): per category, namespace-level types and catalog-class members ----

    /// <summary>The catalog class's <c>Subscribe</c> overloads, one per category's handler interface.</summary>
    public const string Subscribe = "Subscribe";

    /// <summary>The suffix of each category's typed stream method (<c>ClusterStream</c>).</summary>
    public const string CategoryStreamSuffix = "Stream";

    /// <summary>The marker interface of a category's current records: <c>IClusterEvent</c>.</summary>
    public static string EventInterface(string categoryMember) => "I" + categoryMember + "Event";

    /// <summary>The exhaustive handler interface of a category: <c>IClusterHandler</c>.</summary>
    public static string HandlerInterface(string categoryMember) => "I" + categoryMember + "Handler";

    /// <summary>The opt-out handler base class of a category: <c>ClusterHandlerBase</c>.</summary>
    public static string HandlerBase(string categoryMember) => categoryMember + "HandlerBase";

    /// <summary>The handler's method, one overload per event type.</summary>
    public const string HandleAsync = "HandleAsync";

    // ---- Metadata the generated code carries for the analyzers (metadata names) ----

    public const string EventCatalogAttribute = "EventCatalog.Metadata.EventCatalogAttribute";
    public const string CatalogCategoryAttribute = "EventCatalog.Metadata.CatalogCategoryAttribute";
    public const string CatalogEventAttribute = "EventCatalog.Metadata.CatalogEventAttribute";
    public const string EventCatalogTypeAttribute = "EventCatalog.Metadata.EventCatalogTypeAttribute";

    /// <summary>The named argument of <c>[CatalogCategory]</c> that holds a wrapper other than the default.</summary>
    public const string WrapperNamedArgument = "Wrapper";

    /// <summary>The envelope type's metadata name (SPEC section 3).</summary>
    public const string EventEnvelopeType = "EventCatalog.EventEnvelope`1";

    /// <summary>The payload type's metadata name (SPEC section 3).</summary>
    public const string EventPayloadType = "EventCatalog.EventPayload`1";

    /// <summary>Marks the topic parameter of a publish method (SPEC section 3).</summary>
    public const string TopicParameterAttribute = "EventCatalog.TopicParameterAttribute";

    /// <summary>Marks the message parameter of a publish method (SPEC section 3).</summary>
    public const string EventParameterAttribute = "EventCatalog.EventParameterAttribute";

    // ---- Tracing (SPEC section 12) ----

    /// <summary>The <c>ActivitySource</c> the buses' PRODUCER and CONSUMER spans come from (public as <c>EventCatalogTelemetry.ActivitySourceName</c>).</summary>
    public const string ActivitySourceName = "EventCatalog";
}
