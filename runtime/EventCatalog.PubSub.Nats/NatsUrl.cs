using System;
using System.Collections.Generic;

namespace EventCatalog.PubSub.Nats;

/// <summary>
/// A NATS server list as users write it, <c>nats://user:password@host:port</c> (or several, comma-separated), split
/// into what NATS.Net gets — the URLs without credentials, and the credentials on their own — and a form to show.
/// No text this type produces holds the password, and an invalid list is refused without echoing it.
/// </summary>
internal sealed class NatsUrl
{
    private static readonly string[] s_schemes = { "nats", "tls", "ws", "wss" };

    private NatsUrl(string servers, string? user, string? password, string? token)
    {
        Servers = servers;
        User = user;
        Password = password;
        Token = token;
    }

    /// <summary>The servers without credentials, comma-separated: what NATS.Net's <c>NatsOpts.Url</c> gets, and what messages show.</summary>
    public string Servers { get; }

    public string? User { get; }

    public string? Password { get; }

    /// <summary>A token given as <c>nats://token@host</c>.</summary>
    public string? Token { get; }

    /// <summary>Parses <paramref name="url"/>; a part without a scheme is taken as <c>nats://</c>.</summary>
    /// <exception cref="ArgumentException">Empty, or a part is not a NATS URL; the message shows no part of it that could be a secret.</exception>
    public static NatsUrl Parse(string url, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new ArgumentException("A NATS server URL such as \"nats://127.0.0.1:4222\" (or \"nats://user:password@host:4222\") is needed.", parameterName);
        }

        var servers = new List<string>();
        string? user = null;
        string? password = null;
        string? token = null;
        string[] parts = url.Split(',');
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i].Trim();
            string withScheme = part.IndexOf("://", StringComparison.Ordinal) >= 0 ? part : "nats://" + part;
            if (!Uri.TryCreate(withScheme, UriKind.Absolute, out Uri? uri) || Array.IndexOf(s_schemes, uri.Scheme) < 0 || string.IsNullOrEmpty(uri.Host)
                || (uri.AbsolutePath.Length > 1) || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            {
                throw new ArgumentException(
                    $"Server {i + 1} of the NATS URL is not a NATS URL (not shown: it may hold a password). Expected [nats|tls|ws|wss]://[user:password@]host[:port], several separated by commas.",
                    parameterName);
            }

            if (uri.UserInfo.Length > 0 && user is null && token is null)
            {
                int colon = uri.UserInfo.IndexOf(':');
                if (colon >= 0)
                {
                    user = Uri.UnescapeDataString(uri.UserInfo.Substring(0, colon));
                    password = Uri.UnescapeDataString(uri.UserInfo.Substring(colon + 1));
                }
                else
                {
                    token = Uri.UnescapeDataString(uri.UserInfo);
                }
            }

            servers.Add(uri.Scheme + "://" + uri.Authority);
        }

        return new NatsUrl(string.Join(",", servers), user, password, token);
    }

    /// <inheritdoc/>
    public override string ToString() => Servers;
}
