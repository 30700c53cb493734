using System;
using System.Diagnostics;
using System.Threading;

namespace EventCatalog;

/// <summary>
/// The name of the running node, stamped on every envelope (the seed's <c>node()</c>).
/// </summary>
/// <remarks>
/// The default is <c>&lt;process&gt;@&lt;host&gt;</c>. The <c>EVENTCATALOG_NODE</c> environment
/// variable replaces that default, and setting <see cref="Current"/> at start-up replaces both.
/// </remarks>
public static class EventNode
{
    /// <summary>The environment variable that names the node.</summary>
    public const string EnvironmentVariable = "EVENTCATALOG_NODE";

    private static string? s_current;

    /// <summary>
    /// The node name used for new envelopes and, when a bus is created, for <see cref="InMemoryPubSub.NodeName"/>.
    /// Until set, <see cref="ComputeDefault"/>, computed once.
    /// </summary>
    /// <value>Any name that is not null, empty or white space; it is used as given.</value>
    /// <exception cref="ArgumentException">The value set is null, empty or white space.</exception>
    public static string Current
    {
        get => Volatile.Read(ref s_current) ?? InitializeDefault();
        set
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException("A node name must not be null, empty or white space.", nameof(value));
            }

            Volatile.Write(ref s_current, value);
        }
    }

    /// <summary>Forgets an explicitly set name, so that the next read computes the default again.</summary>
    public static void Reset() => Volatile.Write(ref s_current, null);

    /// <summary>Computes the default node name afresh (it does not change <see cref="Current"/>).</summary>
    /// <returns>
    /// The <c>EVENTCATALOG_NODE</c> environment variable, trimmed, when it is set and not white space; else
    /// <c>&lt;process&gt;@&lt;host&gt;</c> (the process name, or <c>dotnet</c> when the platform does not give
    /// one, and <see cref="Environment.MachineName"/>).
    /// </returns>
    public static string ComputeDefault()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment!.Trim();
        }

        string process;
        try
        {
            using Process self = Process.GetCurrentProcess();
            process = self.ProcessName;
        }
        catch (Exception ex) when (ex is InvalidOperationException or PlatformNotSupportedException or NotSupportedException)
        {
            process = "dotnet";
        }

        return (string.IsNullOrEmpty(process) ? "dotnet" : process) + "@" + Environment.MachineName;
    }

    private static string InitializeDefault()
    {
        string computed = ComputeDefault();
        return Interlocked.CompareExchange(ref s_current, computed, null) ?? computed;
    }
}
