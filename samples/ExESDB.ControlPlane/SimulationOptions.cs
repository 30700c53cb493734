using System;
using System.Collections.Generic;
using System.Globalization;

namespace ExESDB.ControlPlane;

/// <summary>
/// The sample's command line: <c>--store ID</c>, <c>--events N</c>, <c>--quiet</c> for the embedded run, and
/// <c>--cluster N</c>, <c>--transport redis|nats</c>, <c>--redis HOST:PORT|auto</c>, <c>--nats HOST:PORT|auto</c>,
/// <c>--timeout S</c> for the cluster demo. <c>--node I</c> and
/// <c>--run ID</c> are internal: the cluster's parent passes them to the node processes it starts.
/// </summary>
public sealed record SimulationOptions(string Store, int EventsPerCategory, bool Quiet)
{
    /// <summary>The largest <c>--cluster</c>: beyond seven nodes the extra ones only listen (there are seven workers).</summary>
    public const int MaxNodes = 16;

    /// <summary>The <c>--redis</c> or <c>--nats</c> value that starts a server from the PATH on a free loopback port.</summary>
    public const string AutoRedis = "auto";

    /// <summary>The <c>--transport</c> values: the engine the cluster's nodes talk through.</summary>
    public const string RedisTransport = "redis";

    /// <inheritdoc cref="RedisTransport"/>
    public const string NatsTransport = "nats";

    public const string Usage = """
        Usage: dotnet run --project samples/ExESDB.ControlPlane -- [--store ID] [--events N] [--quiet] [--codec-check]
                                                                  [--cluster N] [--transport redis|nats] [--redis HOST:PORT|auto]
                                                                  [--nats HOST:PORT|auto] [--timeout S] [--trace]

          --store ID          the store whose control plane is simulated (default: my_store)
          --events N          events each category's worker publishes, 1..1000000 (default: 15, every event type at least once)
          --quiet             print only the summary
          --codec-check       also write every event with Events.Codec, read it back and compare (exit 1 on a mismatch)
          --cluster N         run N node processes, 1..16, on Redis or NATS pub/sub: the seven workers are spread over
                              the nodes, every node subscribes to all seven topics and reports what it got from each node
                              (without --redis or --nats: --redis auto)
          --transport T       the engine between the nodes: redis (the default) or nats
          --redis HOST:PORT   the Redis server of the cluster; 'auto' starts a redis-server from the PATH on a free
                              loopback port and stops it at the end (without --cluster: --cluster 1)
          --nats HOST:PORT    the NATS server of the cluster (--transport nats); 'auto' starts a nats-server from the
                              PATH on a free loopback port and stops it at the end (without --cluster: --cluster 1)
          --timeout S         cluster only: the bound, in seconds, of each wait (nodes ready, events arriving,
                              nodes ending), 1..3600 (default: 30)
          --trace             cluster only: trace with OpenTelemetry in every node and print, at the end, the trace of
                              one event across the nodes (a PRODUCER span on its origin, CONSUMER spans on the others,
                              and under each node's delivery the span of the handler that received it)
          --help, -h          print this text

        The live log has one line per event received, stamped with the time it was logged: the category, the event
        type, its data, and 'valid', 'valid, reports a failure' (subsystem_failed, persistence_error, ...) or
        'INVALID: <why>'. In the tables, 'published' is what a node's bus sent, 'received' what arrived, 'missing'
        what a node expected from an origin but did not get (including what a stopped origin never published), and
        'lost' what an origin published that did not arrive.
        """;

    public static SimulationOptions Default { get; } = new("my_store", 15, false);

    /// <summary>Number of node processes; 0 runs the embedded simulation on <see cref="EventCatalog.InMemoryPubSub"/>.</summary>
    public int Cluster { get; init; }

    /// <summary><c>HOST:PORT</c>, <see cref="AutoRedis"/>, or null for the embedded run.</summary>
    public string? Redis { get; init; }

    /// <summary>The NATS server's <c>HOST:PORT</c>, <see cref="AutoRedis"/>, or null when the cluster is not on NATS.</summary>
    public string? Nats { get; init; }

    /// <summary><see cref="RedisTransport"/> or <see cref="NatsTransport"/>; null for the embedded run.</summary>
    public string? Transport { get; init; }

    /// <summary>The cluster's server, <c>HOST:PORT</c> or <see cref="AutoRedis"/>, whichever the transport uses.</summary>
    public string? Server => Transport == NatsTransport ? Nats : Redis;

    /// <summary>The bound of every wait of the cluster demo.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>--trace</c>: every node traces with OpenTelemetry and the parent prints one event's trace across the nodes.</summary>
    public bool Trace { get; init; }

    /// <summary>Internal: this process is node <c>Node</c> (1-based) of a cluster run; 0 when it is not a node.</summary>
    public int Node { get; init; }

    /// <summary>Internal: the cluster run's id, which names its Redis bus so that runs sharing a server never mix.</summary>
    public string? Run { get; init; }

    /// <summary>Parses <paramref name="args"/>; on a bad argument returns null and says why in <paramref name="error"/>.</summary>
    public static SimulationOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        SimulationOptions options = Default;
        error = null;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--store" when i + 1 < args.Count:
                    options = options with { Store = args[++i] };
                    break;
                case "--events" when i + 1 < args.Count:
                    if (!TryParseCount(args[++i], 1_000_000, out int count))
                    {
                        error = $"--events takes a whole number from 1 to 1000000, not '{args[i]}'.";
                        return null;
                    }

                    options = options with { EventsPerCategory = count };
                    break;
                case "--trace":
                    options = options with { Trace = true };
                    break;
                case "--quiet":
                    options = options with { Quiet = true };
                    break;
                case "--cluster" when i + 1 < args.Count:
                    if (!TryParseCount(args[++i], MaxNodes, out int nodes))
                    {
                        error = $"--cluster takes a whole number of nodes from 1 to {MaxNodes}, not '{args[i]}'.";
                        return null;
                    }

                    options = options with { Cluster = nodes };
                    break;
                case "--redis" when i + 1 < args.Count:
                    string redis = args[++i];
                    if (redis != AutoRedis && !IsHostPort(redis))
                    {
                        error = $"--redis takes HOST:PORT (a port from 1 to 65535) or '{AutoRedis}', not '{redis}'.";
                        return null;
                    }

                    options = options with { Redis = redis };
                    break;
                case "--nats" when i + 1 < args.Count:
                    string nats = args[++i];
                    if (nats != AutoRedis && !IsHostPort(nats))
                    {
                        error = $"--nats takes HOST:PORT (a port from 1 to 65535) or '{AutoRedis}', not '{nats}'.";
                        return null;
                    }

                    options = options with { Nats = nats };
                    break;
                case "--transport" when i + 1 < args.Count:
                    string transport = args[++i];
                    if (transport is not (RedisTransport or NatsTransport))
                    {
                        error = $"--transport takes '{RedisTransport}' or '{NatsTransport}', not '{transport}'.";
                        return null;
                    }

                    options = options with { Transport = transport };
                    break;
                case "--timeout" when i + 1 < args.Count:
                    if (!TryParseCount(args[++i], 3600, out int seconds))
                    {
                        error = $"--timeout takes a whole number of seconds from 1 to 3600, not '{args[i]}'.";
                        return null;
                    }

                    options = options with { Timeout = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--node" when i + 1 < args.Count:
                    if (!TryParseCount(args[++i], MaxNodes, out int node))
                    {
                        error = $"--node takes a node number from 1 to {MaxNodes}, not '{args[i]}'.";
                        return null;
                    }

                    options = options with { Node = node };
                    break;
                case "--run" when i + 1 < args.Count:
                    options = options with { Run = args[++i] };
                    break;
                case "--store":
                case "--events":
                case "--cluster":
                case "--redis":
                case "--nats":
                case "--transport":
                case "--timeout":
                case "--node":
                case "--run":
                    error = $"{args[i]} needs a value.";
                    return null;
                default:
                    error = $"Unknown argument '{args[i]}'.";
                    return null;
            }
        }

        // The engine: --transport, else the one whose server is given; --redis with --transport nats (or the reverse) is a mistake.
        string? engine = options.Transport ?? (options.Nats is not null ? NatsTransport : options.Redis is not null || options.Cluster > 0 ? RedisTransport : null);
        if ((engine == NatsTransport && options.Redis is not null) || (engine == RedisTransport && options.Nats is not null))
        {
            error = engine == NatsTransport
                ? "--redis is for --transport redis; with --transport nats give --nats HOST:PORT or --nats auto."
                : "--nats is for --transport nats; give --transport nats with it, or --redis HOST:PORT for Redis.";
            return null;
        }

        if (engine is not null)
        {
            // Any cluster option alone means the cluster demo: --cluster on a server of its own, a server with one node.
            options = engine == NatsTransport
                ? options with { Transport = engine, Nats = options.Nats ?? AutoRedis }
                : options with { Transport = engine, Redis = options.Redis ?? AutoRedis };
            if (options.Cluster == 0)
            {
                options = options with { Cluster = 1 };
            }
        }

        if (options.Trace && options.Cluster == 0)
        {
            error = "--trace traces the cluster demo: give it with --cluster N (or --redis/--nats).";
            return null;
        }

        if (options.Node > 0 && (options.Cluster == 0 || options.Server == AutoRedis || options.Run is null || options.Node > options.Cluster))
        {
            error = "--node is internal to the cluster demo: its parent passes --node I --cluster N --transport T --redis|--nats HOST:PORT --run ID, with I <= N.";
            return null;
        }

        try
        {
            EventCatalog.StoreIds.Validate(options.Store, Events.Topics.Template, "--store");
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return null;
        }

        return options;
    }

    private static bool TryParseCount(string text, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= max;

    private static bool IsHostPort(string text)
    {
        // HOST:PORT, not a URL: "nats://h:1" or "redis://h:1" would otherwise pass as the host "nats://h".
        int colon = text.LastIndexOf(':');
        return colon > 0 && text.IndexOf('/') < 0
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            && port >= 1 && port <= 65535;
    }
}
