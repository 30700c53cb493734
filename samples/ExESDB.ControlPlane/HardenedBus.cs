using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EventCatalog.LocalServers;
using EventCatalog.PubSub;
using EventCatalog.PubSub.Nats;
using EventCatalog.PubSub.Redis;
using NATS.Client.Core;

namespace ExESDB.ControlPlane;

/// <summary>
/// The cluster demo's hardened bus (README "Running the bus securely"): for <c>--redis auto</c> / <c>--nats auto</c> the parent
/// makes a per-run 32-byte signing key and a random password, starts its server with one user (<see cref="User"/>) allowed only
/// the run's channel or subject and a payload limit at the bus's frame limit (<see cref="FrameLimit"/>: Redis
/// <c>proto-max-bulk-len</c>, NATS <c>max_payload</c>), and hands the secrets to each node process in its environment
/// (<see cref="KeyVariable"/>, <see cref="UserVariable"/>, <see cref="PasswordVariable"/>), never on a command line and never
/// printed. A node reads them with <see cref="Apply"/>; with <c>--redis HOST:PORT</c> the nodes inherit the parent's environment,
/// so setting these variables signs (and logs in) on a server of one's own too.
/// </summary>
public sealed class HardenedBus
{
    /// <summary>The signing key, base64 (RFC 4648) of at least 32 bytes: <see cref="NodePubSubOptions.SigningKey"/>.</summary>
    public const string KeyVariable = "EXESDB_BUS_KEY";

    /// <summary>The user the node logs in as (Redis ACL user, NATS user).</summary>
    public const string UserVariable = "EXESDB_BUS_USER";

    /// <summary>That user's password.</summary>
    public const string PasswordVariable = "EXESDB_BUS_PASSWORD";

    /// <summary>The one user of an <c>auto</c> server the nodes log in as.</summary>
    public const string User = "bus";

    private const string Admin = "admin";
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    private readonly string _adminPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    /// <summary>The bus's frame limit in bytes (<see cref="NodePubSubOptions.DefaultMaxFrameBytes"/>, what the nodes use): the server's payload limit.</summary>
    public static int FrameLimit => NodePubSubOptions.DefaultMaxFrameBytes;

    /// <summary>What the node processes get in their environment: the key (base64), the user and its password.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [KeyVariable] = Convert.ToBase64String(_key),
        [UserVariable] = User,
        [PasswordVariable] = _password,
    };

    /// <summary>
    /// Starts redis-server with the default user off, <see cref="User"/> allowed only <paramref name="channel"/> (and the commands a
    /// StackExchange.Redis subscriber needs, no keys), an admin user for the launcher, and <c>proto-max-bulk-len</c> at
    /// <see cref="FrameLimit"/>. The passwords go on its command line only as SHA-256 hashes (<c>#hex</c>).
    /// </summary>
    /// <exception cref="LocalServerException">redis-server is missing or did not start.</exception>
    public RedisServer StartRedis(string channel) => RedisServer.StartWithLogin(
        Admin, _adminPassword,
        [
            "--user", "default", "off",
            .. RedisServer.ChannelOnlyUser(User, "#" + Hash(_password), channel),
            "--user", Admin, "on", "#" + Hash(_adminPassword), "~*", "&*", "+@all",
            "--proto-max-bulk-len", FrameLimit.ToString(CultureInfo.InvariantCulture),
        ]);

    /// <summary>
    /// Starts nats-server with one user, <see cref="User"/>, allowed to publish and subscribe only on <paramref name="subject"/>, and
    /// <c>max_payload</c> at <see cref="FrameLimit"/>. Its configuration file (with the password) is in the server's own folder.
    /// </summary>
    /// <exception cref="LocalServerException">nats-server is missing or did not start.</exception>
    public NatsServer StartNats(string subject) => NatsServer.Start(new NatsServerOptions
    {
        MaxPayload = FrameLimit,
        Extra = NatsServerOptions.SubjectOnlyUser($"user: \"{User}\", password: \"{_password}\"", subject),
    });

    /// <summary>What the run's line says about the server (no secret).</summary>
    public static string DescribeServer(string destination) =>
        $"hardened: user '{User}' may only publish/subscribe on {destination}; frames signed (HMAC-SHA256) with a per-run 32-byte key; "
        + $"server payload limit {FrameLimit} bytes, the bus's frame limit";

    /// <summary>A node's line on what its environment gave it (names of variables, never values); null when nothing.</summary>
    public static string? DescribeNode(string node)
    {
        bool signs = !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(KeyVariable));
        string? user = System.Environment.GetEnvironmentVariable(UserVariable);
        if (!signs && string.IsNullOrEmpty(user))
        {
            return null;
        }

        return $"{node}: " + string.Join("; ", new[]
        {
            signs ? $"signs and verifies every frame with the key from {KeyVariable}" : "frames unsigned",
            string.IsNullOrEmpty(user) ? "no login" : $"logs in as '{user}' ({UserVariable}, {PasswordVariable})",
        }) + ".";
    }

    /// <summary>
    /// A node's side: takes the key, user and password from its environment (when set) into <paramref name="options"/> and,
    /// for Redis, the configuration string <paramref name="server"/> (the bus's user may not run the client's tie-breaker
    /// GET or subscribe to its configuration channel, so both are turned off).
    /// </summary>
    /// <exception cref="ArgumentException">A variable is malformed; the message names the variable, never its value.</exception>
    public static string Apply(NodePubSubOptions options, string server)
    {
        if (System.Environment.GetEnvironmentVariable(KeyVariable) is { Length: > 0 } key)
        {
            try
            {
                options.SigningKey = Convert.FromBase64String(key);
            }
            catch (FormatException)
            {
                throw new ArgumentException($"{KeyVariable} is not base64 (RFC 4648).");
            }
        }

        string? user = System.Environment.GetEnvironmentVariable(UserVariable);
        if (string.IsNullOrEmpty(user))
        {
            return server;
        }

        string password = System.Environment.GetEnvironmentVariable(PasswordVariable) ?? string.Empty;
        if (options is NatsPubSubOptions nats)
        {
            nats.ConnectionOptions = (nats.ConnectionOptions ?? NatsOpts.Default) with { AuthOpts = NatsAuthOpts.Default with { Username = user, Password = password } };
            return server;
        }

        if ((user + password).AsSpan().IndexOfAny(",=") >= 0)
        {
            throw new ArgumentException($"{UserVariable} and {PasswordVariable} must not hold ',' or '=' (they go into a StackExchange.Redis configuration string).");
        }

        return server + ",user=" + user + ",password=" + password + ",tiebreaker=,configChannel=";
    }

    /// <inheritdoc/>
    public override string ToString() => "HardenedBus (secrets not shown)";

    private static string Hash(string password) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(password))).ToLowerInvariant();
}
