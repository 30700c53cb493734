using System;

namespace EventCatalog.Codecs;

/// <summary>
/// The text forms of <c>timestamp</c> and <c>duration</c>: RFC 3339 date-times with their offset, and
/// ISO 8601 durations in days, hours, minutes and seconds (the form of XML Schema's <c>xs:duration</c> and
/// JSON Schema's <c>duration</c> format, with a sign and a fraction of seconds as ISO 8601 allows).
/// Parsing never throws: it returns a problem in words.
/// </summary>
internal static class WireText
{
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;

    /// <summary>
    /// Parses <c>yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:mm)</c> (RFC 3339 section 5.6; <c>t</c>, <c>z</c> and a space for <c>T</c> allowed).
    /// The fraction may have any number of digits (Go's RFC3339Nano writes 9): it is truncated to the 100 ns tick a
    /// <see cref="DateTimeOffset"/> holds, as System.Text.Json does. A date-time without an offset is refused.
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> s, out DateTimeOffset value, out string? problem)
    {
        value = default;
        problem = "expected an RFC 3339 date-time such as 2024-05-01T12:30:00.5+02:00";
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day)
            || !Digits(s, 11, 2, out int hour) || !Digits(s, 14, 2, out int minute) || !Digits(s, 17, 2, out int second))
        {
            return false;
        }

        int pos = 19;
        long fraction = 0;
        if (pos < s.Length && s[pos] == '.')
        {
            pos++;
            int start = pos;
            while (pos < s.Length && IsDigit(s[pos]))
            {
                // Digits past the 7th (RFC3339Nano's 8th and 9th, or more) are below the 100 ns a timestamp holds: cut off (truncated
                // toward the earlier instant, as System.Text.Json and the CloudEvents SDK's reader do), never rounded up into the next tick.
                if (pos - start < 7)
                {
                    fraction = (fraction * 10) + (s[pos] - '0');
                }

                pos++;
            }

            if (pos == start)
            {
                return false;
            }

            for (int n = pos - start; n < 7; n++)
            {
                fraction *= 10;
            }
        }

        if (pos >= s.Length)
        {
            problem = "the date-time has no offset (RFC 3339 needs 'Z' or ±HH:mm)";
            return false;
        }

        int offsetMinutes;
        if (s[pos] == 'Z' || s[pos] == 'z')
        {
            offsetMinutes = 0;
            pos++;
        }
        else if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == s.Length && s[pos + 3] == ':'
            && Digits(s, pos + 1, 2, out int offsetHours) && Digits(s, pos + 4, 2, out int offsetMinute))
        {
            if (offsetMinute > 59)
            {
                return false;
            }

            offsetMinutes = ((offsetHours * 60) + offsetMinute) * (s[pos] == '-' ? -1 : 1);
            pos += 6;
        }
        else
        {
            return false;
        }

        if (pos != s.Length)
        {
            return false;
        }

        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59)
        {
            problem = "not a calendar date and time";
            return false;
        }

        if (second > 59)
        {
            problem = second == 60 ? "a leap second (:60) cannot be represented" : "not a calendar date and time";
            return false;
        }

        if (offsetMinutes is > 14 * 60 or < -14 * 60)
        {
            problem = "an offset beyond ±14:00 cannot be represented";
            return false;
        }

        long ticks = new DateTime(year, month, day, hour, minute, second).Ticks + fraction;
        long offsetTicks = offsetMinutes * TimeSpan.TicksPerMinute;
        long utc = ticks - offsetTicks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            problem = "the instant is outside the range of a timestamp (years 1 to 9999 in UTC)";
            return false;
        }

        value = new DateTimeOffset(ticks, new TimeSpan(offsetTicks));
        problem = null;
        return true;
    }

    /// <summary>The longest text <see cref="FormatDuration"/> writes.</summary>
    public const int MaxDurationLength = 40;

    /// <summary>
    /// Writes <paramref name="value"/> as <c>[-]P[nD][T[nH][nM][n[.f]S]]</c>, e.g. <c>P1DT2H3M4.5S</c>, <c>-PT0.0000001S</c>,
    /// <c>PT0S</c>: days (24 hours, never months or years), then hours, minutes and seconds with up to 7 fractional digits.
    /// </summary>
    public static int FormatDuration(TimeSpan value, Span<byte> destination)
    {
        long ticks = value.Ticks;
        ulong magnitude = ticks < 0 ? (ulong)(-(ticks + 1)) + 1 : (ulong)ticks;
        int pos = 0;
        if (ticks < 0)
        {
            destination[pos++] = (byte)'-';
        }

        destination[pos++] = (byte)'P';
        ulong days = magnitude / (ulong)TimeSpan.TicksPerDay;
        ulong rest = magnitude % (ulong)TimeSpan.TicksPerDay;
        if (days > 0)
        {
            pos = WriteNumber(days, destination, pos);
            destination[pos++] = (byte)'D';
        }

        if (rest > 0 || days == 0)
        {
            destination[pos++] = (byte)'T';
            ulong hours = rest / (ulong)TimeSpan.TicksPerHour;
            rest %= (ulong)TimeSpan.TicksPerHour;
            ulong minutes = rest / (ulong)TimeSpan.TicksPerMinute;
            rest %= (ulong)TimeSpan.TicksPerMinute;
            ulong seconds = rest / TicksPerSecond;
            ulong fraction = rest % TicksPerSecond;
            if (hours > 0)
            {
                pos = WriteNumber(hours, destination, pos);
                destination[pos++] = (byte)'H';
            }

            if (minutes > 0)
            {
                pos = WriteNumber(minutes, destination, pos);
                destination[pos++] = (byte)'M';
            }

            if (seconds > 0 || fraction > 0 || (hours == 0 && minutes == 0))
            {
                pos = WriteNumber(seconds, destination, pos);
                if (fraction > 0)
                {
                    destination[pos++] = (byte)'.';
                    int digits = 7;
                    while (fraction % 10 == 0)
                    {
                        fraction /= 10;
                        digits--;
                    }

                    for (int i = digits - 1; i >= 0; i--)
                    {
                        destination[pos + i] = (byte)('0' + (int)(fraction % 10));
                        fraction /= 10;
                    }

                    pos += digits;
                }

                destination[pos++] = (byte)'S';
            }
        }

        return pos;
    }

    /// <summary>
    /// Parses an ISO 8601 duration of days (or weeks), hours, minutes and seconds, with an optional leading
    /// <c>-</c> and a fraction (<c>.</c> or <c>,</c>, any number of digits, truncated to 100 ns) on the seconds only. Years and
    /// months are refused: they have no fixed length.
    /// </summary>
    public static bool TryParseDuration(ReadOnlySpan<byte> s, out TimeSpan value, out string? problem)
    {
        value = default;
        problem = "expected an ISO 8601 duration such as P1DT2H30M or PT0.5S";
        int pos = 0;
        bool negative = false;
        if (pos < s.Length && s[pos] == '-')
        {
            negative = true;
            pos++;
        }

        if (pos >= s.Length || s[pos] != 'P')
        {
            return false;
        }

        pos++;
        decimal total = 0;
        bool any = false;
        bool inTime = false;
        int lastOrder = -1;
        while (pos < s.Length)
        {
            if (s[pos] == 'T')
            {
                if (inTime || pos + 1 >= s.Length)
                {
                    return false;
                }

                inTime = true;
                pos++;
                continue;
            }

            int start = pos;
            while (pos < s.Length && IsDigit(s[pos]))
            {
                pos++;
            }

            if (pos == start || pos - start > 18 || pos >= s.Length)
            {
                if (pos - start > 18)
                {
                    problem = "the duration is outside the range of a duration (about ±10,675,199 days)";
                }

                return false;
            }

            decimal number = 0;
            for (int i = start; i < pos; i++)
            {
                number = (number * 10) + (s[i] - '0');
            }

            if (number > 1_000_000_000_000_000_000m)
            {
                problem = "the duration is outside the range of a duration (about ±10,675,199 days)";
                return false;
            }

            long fractionTicks = 0;
            bool hasFraction = false;
            if (s[pos] == '.' || s[pos] == ',')
            {
                hasFraction = true;
                pos++;
                int fractionStart = pos;
                long scale = TicksPerSecond / 10;
                while (pos < s.Length && IsDigit(s[pos]))
                {
                    // Digits past the 7th (a Go time.Duration has nanoseconds) are truncated to the 100 ns tick a TimeSpan holds.
                    if (scale != 0)
                    {
                        fractionTicks += (s[pos] - '0') * scale;
                        scale /= 10;
                    }

                    pos++;
                }

                if (pos == fractionStart || pos >= s.Length || s[pos] != 'S' || !inTime)
                {
                    problem = "only seconds may have a fraction: " + problem;
                    return false;
                }
            }

            byte designator = s[pos++];
            int order;
            long unit;
            switch (designator)
            {
                case (byte)'Y' when !inTime:
                case (byte)'M' when !inTime:
                    problem = "years and months have no fixed length; write the duration in days (D), hours, minutes and seconds";
                    return false;
                case (byte)'W' when !inTime:
                    order = 0;
                    unit = 7 * TimeSpan.TicksPerDay;
                    break;
                case (byte)'D' when !inTime:
                    order = 1;
                    unit = TimeSpan.TicksPerDay;
                    break;
                case (byte)'H' when inTime:
                    order = 2;
                    unit = TimeSpan.TicksPerHour;
                    break;
                case (byte)'M' when inTime:
                    order = 3;
                    unit = TimeSpan.TicksPerMinute;
                    break;
                case (byte)'S' when inTime:
                    order = 4;
                    unit = TicksPerSecond;
                    break;
                default:
                    return false;
            }

            if (order <= lastOrder)
            {
                problem = "the parts of the duration are repeated or out of order (D, then T, H, M, S)";
                return false;
            }

            lastOrder = order;
            any = true;
            total += (number * unit) + (hasFraction ? fractionTicks : 0);
            if (total > (decimal)long.MaxValue + 1)
            {
                problem = "the duration is outside the range of a duration (about ±10,675,199 days)";
                return false;
            }
        }

        if (!any)
        {
            return false;
        }

        if ((!negative && total > long.MaxValue) || (negative && total > (decimal)long.MaxValue + 1))
        {
            problem = "the duration is outside the range of a duration (about ±10,675,199 days)";
            return false;
        }

        value = new TimeSpan(negative ? (long)(-total) : (long)total);
        problem = null;
        return true;
    }

    private static int WriteNumber(ulong number, Span<byte> destination, int pos)
    {
        int digits = 1;
        for (ulong n = number; n >= 10; n /= 10)
        {
            digits++;
        }

        for (int i = digits - 1; i >= 0; i--)
        {
            destination[pos + i] = (byte)('0' + (int)(number % 10));
            number /= 10;
        }

        return pos + digits;
    }

    private static bool IsDigit(byte b) => b >= '0' && b <= '9';

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            if (i >= s.Length || !IsDigit(s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        return true;
    }

    /// <summary>
    /// Reads an absolute URI as RFC 3986 writes one: a scheme (a letter, then letters, digits, <c>+ - .</c>) and <c>:</c>. A Unix
    /// path (<c>/a/b</c>), which <see cref="Uri.TryCreate(string, UriKind, out Uri)"/> would take for a file URI, is refused.
    /// </summary>
    public static bool TryParseAbsoluteUri(string text, out Uri? value)
    {
        value = null;
        return HasScheme(text) && Uri.TryCreate(text, UriKind.Absolute, out value);
    }

    /// <summary>The text of an absolute URI as written (<see cref="Uri.OriginalString"/>) when it reads back so, else <see cref="Uri.AbsoluteUri"/>; null for a relative URI.</summary>
    public static string? FormatAbsoluteUri(Uri value) =>
        !value.IsAbsoluteUri ? null : HasScheme(value.OriginalString) ? value.OriginalString : value.AbsoluteUri;

    private static bool HasScheme(string text)
    {
        if (text.Length < 2 || !IsAsciiLetter(text[0]))
        {
            return false;
        }

        for (int i = 1; i < text.Length; i++)
        {
            char c = text[i];
            if (c == ':')
            {
                return true;
            }

            if (!IsAsciiLetter(c) && c is not (>= '0' and <= '9') and not '+' and not '-' and not '.')
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    /// <summary>Reads an RFC 3339 full-date, exactly <c>yyyy-MM-dd</c> with a real day of that month, as a <see cref="DateTime"/> at midnight.</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> s, out DateTime value)
    {
        value = default;
        if (s.Length != 10 || s[4] != (byte)'-' || s[7] != (byte)'-'
            || !TryDigits(s.Slice(0, 4), out int year) || !TryDigits(s.Slice(5, 2), out int month) || !TryDigits(s.Slice(8, 2), out int day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        value = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (byte b in s)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
