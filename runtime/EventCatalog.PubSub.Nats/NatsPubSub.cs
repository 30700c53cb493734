using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;

namespace EventCatalog.PubSub.Nats;

/// <summary>
/// An <see cref="INodePubSub"/> across processes over core NATS (NATS.Net): the transport-neutral <see cref="NodePubSub"/>
/// (Phoenix.PubSub's verbs, the node frame, per-origin sequencing and loss accounting, probes, metrics) on a
/// <c>NatsTransport</c>, with the same semantics as <c>RedisPubSub</c>.
/// </summary>
/// <remarks>
/// <para>
/// <b>One subject, or one per shard.</b> Every topic of the bus travels on one literal NATS subject, <see cref="NatsPubSubOptions.Subject"/>
/// (<c>eventcatalog.pubsub.&lt;bus&gt;</c>), or with <see cref="NatsPubSubOptions.Shards"/> on one of that many (<c>Subject.0</c> …,
/// <see cref="Subjects"/>), derived from the bus name and the shard's index only: topics and store ids never become subjects,
/// and the subject's tokens are checked to be literal, so no wildcard subscription (<c>*</c>, <c>&gt;</c>) is ever made
/// and a NATS permission can name the bus's subject exactly.
/// </para>
/// <para>
/// <b>NATS's own facilities.</b> The frame limit is the smaller of <see cref="NodePubSubOptions.MaxFrameBytes"/> and the
/// server's <c>max_payload</c> (from its INFO), so a frame the server would refuse is refused at publish. NATS.Net
/// reconnects and resubscribes by itself; its disconnect and reconnect events drive <see cref="NodePubSub.State"/>, and
/// the bus's probe confirms the subscription. Frames are handed to the bus on the connection's read loop, without
/// NATS.Net's per-subscription queue (whose overflow would drop frames on its own).
/// </para>
/// <para>
/// <b>Credentials.</b> <c>nats://user:password@host:port</c> is accepted; the password goes to NATS.Net's
/// <see cref="NatsAuthOpts"/>, never to a URL NATS.Net could print, and no exception, log line or <c>ToString()</c> of this
/// package shows it. NKeys, credentials files and TLS: <see cref="NatsPubSubOptions.ConnectionOptions"/>.
/// </para>
/// <para>
/// <b>Delivery.</b> Core NATS is at most once, like Redis pub/sub: a publish completes when NATS.Net has taken the frame
/// for the socket; what a receiver misses (an outage, a slow-consumer cut-off) shows as <see cref="NodePubSubStatistics.Lost"/>.
/// </para>
/// </remarks>
public sealed class NatsPubSub : NodePubSub
{
    private NatsPubSub(NatsTransport transport, IEventCodec codec, NatsPubSubOptions options, ILoggerFactory? loggerFactory)
        : base(transport, codec, options, loggerFactory)
    {
        Subject = options.Subject;
        Subjects = transport.Subjects;
    }

    /// <summary>The NATS subject the bus publishes to and subscribes to, literally; with <see cref="NatsPubSubOptions.Shards"/> above 1, the stem of <see cref="Subjects"/>.</summary>
    public string Subject { get; }

    /// <summary>The subjects the bus publishes to and subscribes to, literally, by shard: <see cref="Subject"/> alone, or <c>Subject.0</c> … for <see cref="NatsPubSubOptions.Shards"/> of them.</summary>
    public IReadOnlyList<string> Subjects { get; }

    /// <summary>
    /// Creates a bus on the application's NATS connection (connecting it if it is not yet), subscribes its subject and
    /// waits until its own probe frame comes back (at most <see cref="NodePubSubOptions.PublishTimeout"/>).
    /// </summary>
    /// <param name="connection">The application's connection (<c>NatsConnection</c>, or <c>NatsClient.Connection</c>); the bus does not dispose it. It must echo (<see cref="NatsOpts.Echo"/>, NATS's default).</param>
    /// <param name="codec">The catalogs' codec (<c>Events.Codec</c>, or <see cref="EventCodec.Combine"/> of several).</param>
    /// <param name="options">Settings, read once; null for the defaults (<see cref="NatsPubSubOptions.ConnectionOptions"/> is not used here).</param>
    /// <param name="loggerFactory">Where the bus logs; null for none.</param>
    /// <param name="cancellationToken">Cancels connecting and the first round trip.</param>
    /// <returns>The bus, <see cref="NodePubSubState.Connected"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> or <paramref name="codec"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range or the subject is not literal (the message names it), or the connection does not echo.</exception>
    /// <exception cref="TimeoutException">NATS did not answer, or the probe did not come back, within <see cref="NodePubSubOptions.PublishTimeout"/>.</exception>
    public static Task<NatsPubSub> CreateAsync(INatsConnection connection, IEventCodec codec, NatsPubSubOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        if (connection is null)
        {
            throw new ArgumentNullException(nameof(connection));
        }

        if (!connection.Opts.Echo)
        {
            throw new ArgumentException("NatsPubSub needs a connection that echoes (NatsOpts.Echo = true, NATS's default): the bus confirms its subscription with its own probe frame, and drops its own other frames itself.", nameof(connection));
        }

        return StartOnAsync(connection, ownsConnection: false, connection.Opts.Url, codec, options, loggerFactory, cancellationToken);
    }

    /// <summary>
    /// Connects to NATS and creates a bus that owns the connection. The bus sets what it relies on: its node name as the
    /// client name, echo on, reconnecting without end every 0.5 to 2 s, and publishes that fail at once while
    /// disconnected (the bus retries them itself, in order, up to <see cref="NodePubSubOptions.PublishTimeout"/>, which
    /// is also NATS.Net's command timeout).
    /// </summary>
    /// <param name="url">
    /// The server, <c>nats://host:port</c> (<c>tls://</c> for TLS; <c>ws://</c>, <c>wss://</c>), with credentials as
    /// <c>nats://user:password@host:port</c> or <c>nats://token@host:port</c>; several servers comma-separated. A part
    /// without a scheme is taken as <c>nats://</c>.
    /// </param>
    /// <param name="codec">The catalogs' codec.</param>
    /// <param name="options">Settings, read once; null for the defaults.</param>
    /// <param name="loggerFactory">Where the bus logs; null for none.</param>
    /// <param name="cancellationToken">Cancels connecting and the first round trip.</param>
    /// <returns>The bus, <see cref="NodePubSubState.Connected"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="url"/> is empty or not a NATS URL (the message does not repeat it), or an option is out of range.</exception>
    /// <exception cref="TimeoutException">NATS did not accept the connection (unreachable, or the credentials refused), or the probe did not come back, within <see cref="NodePubSubOptions.PublishTimeout"/>.</exception>
    public static async Task<NatsPubSub> ConnectAsync(string url, IEventCodec codec, NatsPubSubOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        NatsUrl parsed = NatsUrl.Parse(url, nameof(url));
        options ??= new NatsPubSubOptions();
        options.ValidateSubject();
        NatsOpts opts = options.ConnectionOptions ?? NatsOpts.Default;
        NatsAuthOpts auth = opts.AuthOpts ?? NatsAuthOpts.Default;
        if (auth.IsAnonymous && (parsed.User is not null || parsed.Token is not null))
        {
            auth = auth with { Username = parsed.User, Password = parsed.Password, Token = parsed.Token };
        }

        opts = opts with
        {
            Url = parsed.Servers,
            AuthOpts = auth,
            Name = options.ConnectionOptions?.Name is { } name && name != NatsOpts.Default.Name ? name : options.NodeName ?? EventNode.Current,
            Echo = true,
            LoggerFactory = NullLoggerFactory.Instance,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(500),
            ReconnectWaitMax = TimeSpan.FromSeconds(2),
            MaxReconnectRetry = -1,
            PublishTimeoutOnDisconnected = true,

            // NATS.Net's write lock is first come, first served, and a publish fails only when its own wait runs out: a
            // short bound would let a later frame overtake a timed-out one under load (a gap, then a replay), so the bound
            // is the bus's own publish timeout.
            CommandTimeout = options.PublishTimeout,
        };
        var connection = new NatsConnection(opts);
        try
        {
            return await StartOnAsync(connection, ownsConnection: true, parsed.Servers, codec, options, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Scrub(ex, parsed) is { } scrubbed)
        {
            throw scrubbed;
        }
    }

    private static async Task<NatsPubSub> StartOnAsync(INatsConnection connection, bool ownsConnection, string servers, IEventCodec codec, NatsPubSubOptions? options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        if (codec is null)
        {
            throw new ArgumentNullException(nameof(codec));
        }

        options ??= new NatsPubSubOptions();
        options.ValidateSubject();
        var transport = new NatsTransport(connection, ownsConnection, options.Subjects());
        NatsPubSub? bus = null;
        try
        {
            // Connected first: the bus reads the server's max_payload (the transport's frame limit) when it is made.
            await OpenAsync(connection, servers, options, cancellationToken).ConfigureAwait(false);
            bus = new NatsPubSub(transport, codec, options, loggerFactory);
            await bus.StartCoreAsync(cancellationToken).ConfigureAwait(false);
            return bus;
        }
        catch
        {
            if (bus is not null)
            {
                await bus.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Connects, retrying every 100 ms up to <see cref="NodePubSubOptions.PublishTimeout"/> (a server starting up, a network blip).</summary>
    private static async Task OpenAsync(INatsConnection connection, string servers, NatsPubSubOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (connection.ConnectionState != NatsConnectionState.Open)
        {
            try
            {
                await connection.ConnectAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NatsException or System.Net.Sockets.SocketException or System.IO.IOException or TimeoutException)
            {
                if (clock.Elapsed >= options.PublishTimeout)
                {
                    throw new TimeoutException($"NatsPubSub \"{options.BusName}\" could not connect to NATS at {servers} within {options.PublishTimeout.TotalSeconds:0.###} s (NatsPubSubOptions.PublishTimeout): {ex.Message}", ex);
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// An exception whose text (or any inner one's) holds the URL's password or token, rebuilt without it and without
    /// the inner exceptions; null when there is nothing to hide, so the original is rethrown as it is.
    /// </summary>
    private static Exception? Scrub(Exception ex, NatsUrl url)
    {
        string? secret = url.Password is { Length: > 0 } ? url.Password : url.Token;
        if (secret is null || ex.ToString().IndexOf(secret, StringComparison.Ordinal) < 0)
        {
            return null;
        }

        string message = ex.Message.Replace(secret, "***");
        return ex switch
        {
            TimeoutException => new TimeoutException(message),
            ArgumentException => new ArgumentException(message),
            OperationCanceledException => new OperationCanceledException(message),
            _ => new InvalidOperationException(message),
        };
    }
}
