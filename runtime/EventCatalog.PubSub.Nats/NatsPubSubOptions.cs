using System;
using NATS.Client.Core;

namespace EventCatalog.PubSub.Nats;

/// <summary>Settings of a <see cref="NatsPubSub"/>, read once when the bus is created: <see cref="NodePubSubOptions"/>'s and NATS's own.</summary>
public sealed class NatsPubSubOptions : NodePubSubOptions
{
    /// <summary>The default of <see cref="SubjectPrefix"/>: <c>eventcatalog.pubsub.</c>.</summary>
    public const string DefaultSubjectPrefix = "eventcatalog.pubsub.";

    /// <summary>
    /// Put before <see cref="NodePubSubOptions.BusName"/> to form the bus's one NATS subject, <see cref="Subject"/>.
    /// Default <see cref="DefaultSubjectPrefix"/>. Empty, or dot-separated tokens ending in a dot; at most 200 characters.
    /// </summary>
    /// <remarks>
    /// The subject is subscribed literally and must not be able to match anything but itself: each of its tokens is
    /// one or more of the ASCII letters, digits, <c>-</c> and <c>_</c> (no <c>*</c>, <c>&gt;</c>, white space, empty
    /// token or other character), which is also what a NATS account's permissions can name exactly
    /// (<c>publish/subscribe: ["eventcatalog.pubsub.orders"]</c>).
    /// </remarks>
    public string SubjectPrefix { get; set; } = DefaultSubjectPrefix;

    /// <summary>
    /// NATS.Net settings for <see cref="NatsPubSub.ConnectAsync"/>: credentials other than a URL's user and password
    /// (<see cref="NatsAuthOpts.NKey"/> and <see cref="NatsAuthOpts.Seed"/>, <see cref="NatsAuthOpts.CredsFile"/>, a token),
    /// <see cref="NatsOpts.TlsOpts"/>, reconnect timing. Null (the default) for <see cref="NatsOpts.Default"/>. The bus sets
    /// <see cref="NatsOpts.Url"/> (from the URL it is given, without the credentials, which go to <see cref="NatsOpts.AuthOpts"/>
    /// unless this sets any), <see cref="NatsOpts.Name"/> (the node name, unless set here), <see cref="NatsOpts.Echo"/> and
    /// <see cref="NatsOpts.LoggerFactory"/> (none: NATS.Net's own logs stay off, so no protocol text reaches the application's logs).
    /// Not used by <see cref="NatsPubSub.CreateAsync"/>, whose connection is configured already.
    /// </summary>
    public NatsOpts? ConnectionOptions { get; set; }

    /// <summary>
    /// How many subjects the bus is spread over. <c>1</c> (the default): the one subject <see cref="Subject"/>. <c>2</c> to <c>256</c>:
    /// that many subjects, <c>Subject.0</c> … <c>Subject.(n−1)</c>, derived from the subject and the shard's index only
    /// (<see cref="NatsPubSub.Subjects"/>; a NATS permission can name them as <c>Subject.*</c>). Each topic takes one shard (a
    /// catalog topic by its category within its store), so per-topic order is kept; each shard has its own sequence numbers and
    /// its own ordered writer, so loss is counted exactly and a busy category does not queue behind another. Every node
    /// subscribes to every shard; every node of a bus must use the same number (nodes on different numbers do not hear each other).
    /// </summary>
    public int Shards { get; set; } = 1;

    /// <summary>The NATS subjects these options name, by shard: <see cref="Subject"/> alone, or <c>Subject.0</c> … for <see cref="Shards"/> subjects.</summary>
    internal string[] Subjects()
    {
        string subject = Subject;
        if (Shards == 1)
        {
            return new[] { subject };
        }

        var subjects = new string[Shards];
        for (int i = 0; i < subjects.Length; i++)
        {
            subjects[i] = subject + "." + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return subjects;
    }

    /// <summary>The NATS subject these options name: <see cref="SubjectPrefix"/> + <see cref="NodePubSubOptions.BusName"/>.</summary>
    public string Subject => (SubjectPrefix ?? string.Empty) + BusName;

    /// <summary>Checks the subject: literal tokens only, so nothing a wildcard could widen.</summary>
    /// <exception cref="ArgumentException">It names the option, the character and its position.</exception>
    internal void ValidateSubject()
    {
        if (SubjectPrefix is null || SubjectPrefix.Length > 200)
        {
            throw new ArgumentException("NatsPubSubOptions.SubjectPrefix must not be null and at most 200 characters.", "options");
        }

        if (SubjectPrefix.Length > 0 && SubjectPrefix[SubjectPrefix.Length - 1] != '.')
        {
            throw new ArgumentException($"NatsPubSubOptions.SubjectPrefix \"{SubjectPrefix}\" must be empty or end with '.', the NATS token separator.", "options");
        }

        if (Shards is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException("options", Shards, "NatsPubSubOptions.Shards must be 1 (one subject) or 2 to 256 subjects.");
        }

        // The prefix's tokens are checked without its final separator, which the bus name's token follows.
        CheckTokens("SubjectPrefix", SubjectPrefix, SubjectPrefix.Length == 0 ? 0 : SubjectPrefix.Length - 1, allowDots: true);
        CheckTokens("BusName", BusName ?? string.Empty, (BusName ?? string.Empty).Length, allowDots: false);
    }

    private static void CheckTokens(string option, string text, int length, bool allowDots)
    {
        for (int i = 0; i < length; i++)
        {
            char c = text[i];
            bool literal = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_';
            if (c == '.' && allowDots)
            {
                if (i == 0 || text[i - 1] == '.' || i == length - 1)
                {
                    int at = i == 0 || text[i - 1] == '.' ? i : i + 1;
                    throw new ArgumentException($"NatsPubSubOptions.{option} \"{text}\" has an empty NATS subject token at position {at}.", "options");
                }

                continue;
            }

            if (!literal)
            {
                string what = c switch
                {
                    '*' => "'*', a NATS wildcard",
                    '>' => "'>', a NATS wildcard",
                    '.' => "'.', the NATS token separator (a bus name is one token)",
                    _ when char.IsWhiteSpace(c) => "white space",
                    _ when char.IsControl(c) => $"a control character (U+{(int)c:X4})",
                    _ => $"'{c}'",
                };
                throw new ArgumentException(
                    $"NatsPubSubOptions.{option} \"{text}\" has {what} at position {i}: a NATS subject token here takes only ASCII letters, digits, '-' and '_', so the subject is literal and no wildcard can widen it.",
                    "options");
            }
        }
    }
}
