using System;
using System.Security.Cryptography;

namespace EventCatalog;

/// <summary>Event ids as the seed makes them: 16 cryptographically random bytes, as 32 lowercase hex characters.</summary>
public static class EventIds
{
    /// <summary>The length of an event id, in characters (two per random byte).</summary>
    public const int Length = 32;

    /// <summary>Makes a new event id.</summary>
    /// <returns>32 lowercase hex characters from 16 bytes of <see cref="RandomNumberGenerator"/>.</returns>
    public static string NewId()
    {
#if NET8_0_OR_GREATER
        // One allocation: the string itself. The random bytes live on the stack.
        return string.Create(Length, 0, static (chars, _) =>
        {
            Span<byte> bytes = stackalloc byte[16];
            RandomNumberGenerator.Fill(bytes);
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = HexDigit(bytes[i] >> 4);
                chars[(2 * i) + 1] = HexDigit(bytes[i] & 0xF);
            }
        });
#else
        byte[] bytes = new byte[16];
        using (RandomNumberGenerator rng = RandomNumberGenerator.Create())
        {
            rng.GetBytes(bytes);
        }

        char[] chars = new char[Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = HexDigit(bytes[i] >> 4);
            chars[(2 * i) + 1] = HexDigit(bytes[i] & 0xF);
        }

        return new string(chars);
#endif
    }

    /// <summary>Checks the shape of an event id; it does not check where the id came from.</summary>
    /// <param name="value">The candidate id; null is allowed.</param>
    /// <returns>True when <paramref name="value"/> is exactly 32 characters of <c>0-9</c> and <c>a-f</c>; false otherwise, also for null.</returns>
    public static bool IsWellFormed(string? value)
    {
        if (value is null || value.Length != Length)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + (value - 10));
}
