using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExESDB.ControlPlane;

/// <summary>
/// How the cluster's parent and its node processes talk, one line each. A node writes <see cref="Ready"/> once it is
/// subscribed to all seven topics and <see cref="Result"/> (JSON) last; every other line it writes is its display
/// output. The parent writes <see cref="Go"/> once every node is ready, so that no node publishes before all have
/// subscribed (Redis pub/sub keeps nothing for a subscriber that is not there yet), and <see cref="Stop"/> when the
/// run is over for everyone (another node died): the node stops waiting and reports what it has.
/// </summary>
internal static class ClusterProtocol
{
    public const string Prefix = "@@ ";
    public const string Ready = Prefix + "READY";
    public const string Result = Prefix + "RESULT ";
    public const string Go = "GO";
    public const string Stop = "STOP";

    public static string FormatResult(NodeResult result) => Result + JsonSerializer.Serialize(result, ClusterJson.Default.NodeResult);

    public static NodeResult? ParseResult(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line.Substring(Result.Length), ClusterJson.Default.NodeResult);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// A node's outcome as its parent reads it: what its bus published, what it received (in all, and from each origin
/// node), what a full run would have brought it, and how much of that is missing.
/// </summary>
internal sealed record NodeResult(string Node, int Published, int Received, int Expected, int Missing, int Invalid, bool Succeeded, string? Error, Dictionary<string, int>? ReceivedFrom = null);

/// <summary>The result line's JSON, by System.Text.Json's source generator: no reflection, so the sample stays trim- and AOT-clean.</summary>
[JsonSerializable(typeof(NodeResult))]
internal sealed partial class ClusterJson : JsonSerializerContext
{
}
