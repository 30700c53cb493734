using System;

namespace EventCatalog.Contract;

/// <summary>
/// Whether a media type says JSON, as the CloudEvents JSON format reads <c>datacontenttype</c>: <c>application/json</c>, any
/// <c>…/json</c> (<c>text/json</c>) or a structured suffix <c>…/…+json</c> (<c>application/cloudevents+json</c>,
/// <c>application/vnd.acme+json</c>), any case, with or without parameters (<c>; charset=utf-8</c>).
/// </summary>
/// <remarks>
/// Part of the contract (this folder, owned by the runtime and linked into the generator and analyzers): the codec reads
/// a frame's <c>datacontenttype</c> by it, and the generator's AsyncAPI reader a message's <c>contentType</c>.
/// Source: RFC 6838 §4.2.8 (structured syntax suffixes), RFC 6839 §3.1 (<c>+json</c>).
/// </remarks>
internal static class JsonMediaType
{
    /// <summary>True when <paramref name="contentType"/> (parameters after <c>;</c> ignored, spaces trimmed) is a JSON media type.</summary>
    public static bool Is(string contentType)
    {
        int semicolon = contentType.IndexOf(';');
        string mediaType = (semicolon < 0 ? contentType : contentType.Substring(0, semicolon)).Trim();
        int slash = mediaType.IndexOf('/');
        if (slash <= 0 || slash == mediaType.Length - 1)
        {
            return false;
        }

        string subtype = mediaType.Substring(slash + 1);
        return subtype.Equals("json", StringComparison.OrdinalIgnoreCase) || subtype.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
