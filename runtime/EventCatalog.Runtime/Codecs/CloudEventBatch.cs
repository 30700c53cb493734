using System;
using System.Collections.Generic;
using System.Text.Json;

namespace EventCatalog.Codecs;

/// <summary>Splits a CloudEvents JSON batch (<c>application/cloudevents-batch+json</c>: an array of events) into its events, with the limits checked.</summary>
internal static class CloudEventBatch
{
    /// <summary>The byte ranges of the batch's events; or a failure for the whole frame (too large, not UTF-8, not JSON, not an array of objects, over a limit).</summary>
    public static EventReadResult? TrySplit(ReadOnlySpan<byte> utf8, EventCodecOptions options, List<(int Start, int Length)> items)
    {
        EventReadResult? failure = FrameChecks.Check(utf8, options, "batch");
        if (failure is not null)
        {
            return failure;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = options.MaxDepth + 2 });
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return Malformed("$: expected an array (a CloudEvents batch), found " + JsonLimits.Describe(reader.TokenType));
            }

            while (true)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }

                string at = "$[" + items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return Malformed(at + ": expected an object (a CloudEvent), found " + JsonLimits.Describe(reader.TokenType));
                }

                int start = (int)reader.TokenStartIndex;
                string? problem = JsonLimits.SkipChecked(ref reader, options.MaxDepth, options.MaxStringBytes, 0, out string inner);
                if (problem is not null)
                {
                    return Malformed(at + inner + ": " + problem);
                }

                items.Add((start, (int)reader.BytesConsumed - start));
            }

            reader.Read();
            return null;
        }
        catch (JsonException ex)
        {
            return Malformed("$: not valid JSON: " + ex.Message);
        }
    }

    private static EventReadResult Malformed(string error) => EventReadResult.Failed(EventReadStatus.Malformed, error);
}
