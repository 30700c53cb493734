using System;
using System.Security.Cryptography;

namespace EventCatalog;

/// <summary>Event ids as the seed makes them: 16 cryptographically random bytes, as 32 lowercase hex characters.</summary>
public static class EventIds
{
    /// <summary>The length of an event id in characters.</summary>
    public const int Length = 32;

    /// <summary>Makes a new event id.</summary>
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

    /// <summary>True when <paramref name="value"/> has the shape of an event id: 32 lowercase hex characters.</summary>
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
