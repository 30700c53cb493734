namespace EventCatalog;

/// <summary>What <see cref="IEventCodec.Read"/> made of a frame.</summary>
public enum EventReadStatus
{
    /// <summary>A valid event of a known type: <see cref="EventReadResult.Envelope"/> holds it.</summary>
    Ok = 0,

    /// <summary>A well-formed CloudEvent whose <c>type</c> this codec does not know (for example a newer node's event).</summary>
    UnknownType = 1,

    /// <summary>A known event type in a data version this codec does not know (newer than its catalog).</summary>
    UnknownVersion = 2,

    /// <summary>Not a valid CloudEvent of this catalog: bad JSON, a missing or mistyped attribute or field, a duplicate property, a value over a limit.</summary>
    Malformed = 3,

    /// <summary>The frame is larger than the codec's size limit; it was not parsed.</summary>
    TooLarge = 4,
}
