using EventCatalog.Contract;

namespace EventCatalog.Generator.Model;

/// <summary>The names the generated codec adds to a catalog class, from the contract (<see cref="CatalogContract"/>).</summary>
internal static class CodecNames
{
    /// <summary>The static property holding the catalog's codec: <c>Events.Codec</c> (SPEC section 7).</summary>
    public const string Member = CatalogContract.Codec;

    /// <summary>The static method that makes a codec with other read limits: <c>Events.CreateCodec(options)</c>.</summary>
    public const string Factory = CatalogContract.CreateCodec;

    /// <summary>The private nested class that implements the codec.</summary>
    public const string NestedClass = CatalogContract.CodecClass;
}
