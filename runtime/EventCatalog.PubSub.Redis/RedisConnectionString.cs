using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace EventCatalog.PubSub.Redis;

/// <summary>
/// What <see cref="RedisPubSub.ConnectAsync"/> accepts as its <c>configuration</c>: a StackExchange.Redis configuration
/// string (<c>host:port,password=…,ssl=true,defaultDatabase=3</c>), or the URI hosted Redis hands out (<c>REDIS_URL</c>):
/// <c>redis://[[user]:password@]host[:port][/database]</c>, and <c>rediss://</c> for TLS (the IANA <c>redis</c> and
/// <c>rediss</c> schemes). User and password are percent-decoded; the port defaults to 6379; the database is a number.
/// A URI this cannot map (a query, a fragment, a path that is not a database number, a bad port, another scheme such as
/// <c>unix://</c>) is refused at once with an <see cref="ArgumentException"/> that shows the configuration-string form
/// to write instead, never left for StackExchange.Redis to take as a host name. The password is never in a message:
/// it is shown as <c>*****</c>.
/// </summary>
internal static class RedisConnectionString
{
    /// <summary>What stands for a password in every message.</summary>
    public const string Redacted = "*****";

    private const int DefaultPort = 6379;

    /// <summary>The options of <paramref name="configuration"/>, a configuration string or a <c>redis://</c>/<c>rediss://</c> URI.</summary>
    /// <exception cref="ArgumentException">The URI cannot be mapped, or StackExchange.Redis refuses the configuration string (password redacted).</exception>
    public static ConfigurationOptions Parse(string configuration)
    {
        string text = configuration.Trim();
        int scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            try
            {
                return ConfigurationOptions.Parse(text);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"The Redis configuration string '{RedactConfiguration(text)}' is not valid: {Redact(ex.Message, text)}", "configuration");
            }
        }

        string name = text.Substring(0, scheme).ToLowerInvariant();
        if (name is not ("redis" or "rediss"))
        {
            throw Refuse(text, $"the scheme '{text.Substring(0, scheme)}' is not redis:// or rediss://", null);
        }

        string rest = text.Substring(scheme + 3);
        int at = rest.LastIndexOf('@');
        string? user = null, password = null;
        if (at >= 0)
        {
            string userInfo = rest.Substring(0, at);
            rest = rest.Substring(at + 1);
            int colon = userInfo.IndexOf(':');
            user = Decode(colon < 0 ? userInfo : userInfo.Substring(0, colon));
            password = colon < 0 ? null : Decode(userInfo.Substring(colon + 1));
            if (user.Length == 0)
            {
                user = null;
            }
        }

        var parsed = new Parts { Tls = name == "rediss", User = user, Password = password };
        int slash = rest.IndexOfAny(new[] { '/', '?', '#' });
        string hostPort = slash < 0 ? rest : rest.Substring(0, slash);
        string tail = slash < 0 ? string.Empty : rest.Substring(slash);
        if (!TrySplitHost(hostPort, out string host, out int port, out string? hostProblem))
        {
            parsed.Host = host.Length == 0 || hostProblem!.Contains("one host name") ? null : host;
            throw Refuse(text, hostProblem!, parsed);
        }

        parsed.Host = host;
        parsed.Port = port;
        if (tail.IndexOfAny(new[] { '?', '#' }) is int query and >= 0)
        {
            throw Refuse(text, $"'{Redact(tail.Substring(query), text)}': query parameters and fragments are not read; give other options in the configuration-string form", parsed);
        }

        string database = tail.TrimStart('/');
        if (database.Length > 0)
        {
            if (tail.Substring(1).IndexOf('/') >= 0 || !int.TryParse(database, NumberStyles.None, CultureInfo.InvariantCulture, out int db))
            {
                throw Refuse(text, $"the path '{tail}' is not a database number", parsed);
            }

            parsed.Database = db;
        }

        var options = new ConfigurationOptions { Ssl = parsed.Tls, User = parsed.User, Password = parsed.Password, DefaultDatabase = parsed.Database };
        options.EndPoints.Add(host, port);
        if (parsed.Tls)
        {
            options.SslHost = parsed.Host.Trim('[', ']');
        }

        return options;
    }

    /// <summary>
    /// Connects with <paramref name="options"/>; an exception whose text holds the password (StackExchange.Redis puts the
    /// configuration in some) is thrown again as the same kind of failure with the password redacted.
    /// </summary>
    public static async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions options)
    {
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        }
        catch (Exception ex) when (options.Password is { Length: > 0 } secret && ex.ToString().IndexOf(secret, StringComparison.Ordinal) >= 0)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "Could not connect to Redis (" + options.ToString(includePassword: false) + "): " + ex.GetType().Name + ": " + ex.Message.Replace(secret, Redacted));
        }
    }

    /// <summary><paramref name="message"/> with the password of <paramref name="configuration"/> (a URI's or a configuration string's) replaced by <see cref="Redacted"/>.</summary>
    public static string Redact(string message, string configuration)
    {
        foreach (string secret in Secrets(configuration))
        {
            message = message.Replace(secret, Redacted);
        }

        return message;
    }

    /// <summary>A configuration string with its <c>password=</c> value redacted.</summary>
    private static string RedactConfiguration(string configuration)
    {
        var parts = configuration.Split(',');
        for (int i = 0; i < parts.Length; i++)
        {
            int eq = parts[i].IndexOf('=');
            if (eq > 0 && parts[i].Substring(0, eq).Trim().Equals("password", StringComparison.OrdinalIgnoreCase))
            {
                parts[i] = parts[i].Substring(0, eq + 1) + Redacted;
            }
        }

        return string.Join(",", parts);
    }

    private static IEnumerable<string> Secrets(string configuration)
    {
        int scheme = configuration.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            string rest = configuration.Substring(scheme + 3);
            int at = rest.LastIndexOf('@');
            int colon = at < 0 ? -1 : rest.IndexOf(':');
            if (colon >= 0 && colon < at && at - colon > 1)
            {
                string raw = rest.Substring(colon + 1, at - colon - 1);
                yield return raw;
                string decoded = Decode(raw);
                if (decoded != raw && decoded.Length > 0)
                {
                    yield return decoded;
                }
            }

            yield break;
        }

        foreach (string part in configuration.Split(','))
        {
            int eq = part.IndexOf('=');
            if (eq > 0 && part.Substring(0, eq).Trim().Equals("password", StringComparison.OrdinalIgnoreCase) && eq + 1 < part.Length)
            {
                yield return part.Substring(eq + 1);
            }
        }
    }

    private static ArgumentException Refuse(string uri, string problem, Parts? parts)
    {
        string shown = Redact(uri, uri);
        string form = parts is null
            ? "host:port,user=name,password=…,ssl=true,defaultDatabase=0"
            : (parts.Host is null ? "host" : parts.Host.IndexOf(':') >= 0 ? "[" + parts.Host + "]" : parts.Host) + ":" + (parts.Port is int known ? known.ToString(CultureInfo.InvariantCulture) : "port")
              + (parts.User is null ? string.Empty : ",user=" + parts.User)
              + (parts.Password is null ? string.Empty : ",password=" + Redacted)
              + (parts.Tls ? ",ssl=true" : string.Empty)
              + (parts.Database is int db ? ",defaultDatabase=" + db.ToString(CultureInfo.InvariantCulture) : string.Empty);
        return new ArgumentException(
            $"The Redis URI '{shown}' cannot be used: {problem}. A URI is redis://[[user]:password@]host[:port][/database] (rediss:// for TLS); or write the StackExchange.Redis configuration string: {form}",
            "configuration");
    }

    private static bool TrySplitHost(string hostPort, out string host, out int port, out string? problem)
    {
        host = string.Empty;
        port = DefaultPort;
        problem = null;
        string portText = string.Empty;
        if (hostPort.StartsWith("[", StringComparison.Ordinal))
        {
            int close = hostPort.IndexOf(']');
            if (close < 0)
            {
                problem = $"the IPv6 host '{hostPort}' has no closing ']'";
                return false;
            }

            host = hostPort.Substring(1, close - 1);
            string after = hostPort.Substring(close + 1);
            if (after.Length > 0 && after[0] != ':')
            {
                problem = $"'{after}' follows the IPv6 host";
                return false;
            }

            portText = after.Length > 0 ? after.Substring(1) : string.Empty;
            if (after.Length > 0 && portText.Length == 0)
            {
                problem = "the port after ':' is empty";
                return false;
            }
        }
        else
        {
            int colon = hostPort.LastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.Substring(0, colon);
            portText = colon < 0 ? string.Empty : hostPort.Substring(colon + 1);
            if (colon >= 0 && portText.Length == 0)
            {
                problem = "the port after ':' is empty";
                return false;
            }

            if (host.IndexOfAny(new[] { ':', ',', ' ', '@' }) >= 0)
            {
                problem = $"'{host}' is not one host name (several hosts are written in the configuration-string form)";
                return false;
            }
        }

        if (host.Length == 0)
        {
            problem = "it names no host";
            return false;
        }

        if (portText.Length > 0 && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535))
        {
            problem = $"the port '{portText}' is not a number from 1 to 65535";
            port = DefaultPort;
            return false;
        }

        return true;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text);

    /// <summary>What a URI said so far, for the configuration-string form of a refusal.</summary>
    private sealed class Parts
    {
        public bool Tls { get; set; }

        public string? User { get; set; }

        public string? Password { get; set; }

        public string? Host { get; set; }

        public int? Port { get; set; }

        public int? Database { get; set; }
    }
}
