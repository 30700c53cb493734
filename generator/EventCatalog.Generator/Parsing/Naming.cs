using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;

namespace EventCatalog.Generator.Parsing;

/// <summary>Catalog names: the snake_case rule, their PascalCase C# names, and did-you-mean suggestions.</summary>
internal static class Naming
{
    private static readonly Regex s_snakeCase = new("^[a-z][a-z0-9]*(_[a-z0-9]+)*$", RegexOptions.CultureInvariant);

    public static bool IsSnakeCase(string name) => s_snakeCase.IsMatch(name);

    /// <summary><c>via_node</c> -> <c>ViaNode</c>.</summary>
    public static string ToPascalCase(string snakeName)
    {
        var builder = new StringBuilder(snakeName.Length);
        bool upper = true;
        foreach (char c in snakeName)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }

    /// <summary>The snake_case spelling a user probably meant (<c>ClusterJoined</c> -> <c>cluster_joined</c>), or null.</summary>
    public static string? SuggestSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (c < 128 && char.IsUpper(c))
            {
                bool previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                bool nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                bool previousIsUpper = i > 0 && char.IsUpper(name[i - 1]);
                if (previousIsLowerOrDigit || (previousIsUpper && nextIsLower))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('_');
            }
        }

        string collapsed = Regex.Replace(builder.ToString(), "_+", "_").Trim('_');
        return collapsed != name && IsSnakeCase(collapsed) ? collapsed : null;
    }

    /// <summary>
    /// True for a C# identifier that is not a keyword (so it needs no <c>@</c>), nor <c>global</c>, nor
    /// <c>nameof</c>: a namespace or class named <c>nameof</c> hides the operator from the generated code
    /// inside it, which then fails with CS0118.
    /// </summary>
    public static bool IsPlainIdentifier(string name) =>
        SyntaxFacts.IsValidIdentifier(name)
        && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None
        && SyntaxFacts.GetContextualKeywordKind(name) is not (SyntaxKind.GlobalKeyword or SyntaxKind.NameOfKeyword)
        && name.IndexOf('\\') < 0;

    /// <summary>
    /// The namespace <c>dotnet new</c> forms from a project name (its <c>safe_namespace</c> value form,
    /// dotnet/templating DefaultSafeNamespaceValueFormFactory): character by character, one that may not
    /// stand where it is becomes <c>_</c> (<c>order-service</c> -> <c>order_service</c>), a character that
    /// may continue but not start a segment gets a <c>_</c> before it (<c>1password</c> -> <c>_1password</c>),
    /// a surrogate pair becomes one <c>_</c>, and a dot first or last becomes <c>_</c> (<c>.api</c> ->
    /// <c>_api</c>). Beyond <c>dotnet new</c>, whose result would not compile then, an empty segment
    /// (<c>a..b</c>) becomes <c>_</c> and a keyword, <c>global</c> or <c>nameof</c> gets a leading <c>_</c>
    /// (<c>My.class</c> -> <c>My._class</c>), so every project name yields a namespace the generated code
    /// compiles in.
    /// </summary>
    public static string ToSafeNamespace(string projectName)
    {
        string value = projectName.Trim();
        if (value.Length == 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 4);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (i < value.Length - 1 && char.IsSurrogatePair(c, value[i + 1]))
            {
                builder.Append('_');
                i++;
                continue;
            }

            bool first = builder.Length == 0 || builder[builder.Length - 1] == '.';
            bool start = SyntaxFacts.IsIdentifierStartCharacter(c);
            bool part = SyntaxFacts.IsIdentifierPartCharacter(c);
            if (first && !start && part)
            {
                builder.Append('_').Append(c);
            }
            else if ((first && start) || (!first && part) || (c == '.' && builder.Length > 0 && i < value.Length - 1))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('_');
            }
        }

        string[] segments = builder.ToString().Split('.');
        for (int s = 0; s < segments.Length; s++)
        {
            string segment = segments[s].Length == 0 ? "_" : segments[s];
            segments[s] = IsPlainIdentifier(segment) ? segment : "_" + segment;
        }

        return string.Join(".", segments);
    }

    /// <summary>The closest of <paramref name="candidates"/> to <paramref name="name"/>, if one is close enough to be a likely typo.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        string lowered = name.ToLowerInvariant();
        foreach (string candidate in candidates)
        {
            int distance = Distance(lowered, candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        int allowed = Math.Max(1, Math.Min(3, (name.Length + 2) / 4));
        return best is not null && bestDistance <= allowed ? best : null;
    }

    public static string DidYouMean(string? suggestion) =>
        suggestion is null ? string.Empty : string.Format(CultureInfo.InvariantCulture, "; did you mean '{0}'?", suggestion);

    /// <summary>Optimal string alignment distance (Levenshtein with transpositions), bounded to short inputs.</summary>
    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return a == b ? 0 : int.MaxValue;
        }

        int[,] d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
