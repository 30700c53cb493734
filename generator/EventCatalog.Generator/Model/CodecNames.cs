namespace EventCatalog.Generator.Model;

/// <summary>The names the generated codec adds to a catalog class, defined once for the emitter and the collision checks (EVC007).</summary>
internal static class CodecNames
{
    /// <summary>The static property holding the catalog's codec: <c>Events.Codec</c> (SPEC section 7).</summary>
    public const string Member = "Codec";

    /// <summary>The static method that makes a codec with other read limits: <c>Events.CreateCodec(options)</c>.</summary>
    public const string Factory = "CreateCodec";

    /// <summary>The private nested class that implements the codec.</summary>
    public const string NestedClass = "CloudEventCodec";
}
