using System;
using System.Linq;

namespace EventCatalog.Analyzers.Analysis;

/// <summary>English for diagnostic messages.</summary>
internal static class English
{
    // "a" or "an" goes by the sound, not the letter: a 'user' event, an 'hour' event.
    private static readonly string[] s_vowelLetterConsonantSound = { "eu", "ewe", "one", "once", "unic", "unif", "unio", "uniq", "unit", "univ", "usa", "use", "usi", "usu", "uti", "ufo" };
    private static readonly string[] s_silentH = { "heir", "honest", "honor", "honour", "hour" };

    // Letters whose spoken name starts with a vowel sound (an 'x' event, an 's_3' event).
    private const string VowelSoundingLetterNames = "aefhilmnorsx";

    /// <summary>
    /// The indefinite article ("a" or "an") for a catalog name as it is read aloud: an 'orders' event,
    /// a 'payments' event, a 'user_sessions' event, an 'hourly' event. Names are lower snake_case (SPEC §1);
    /// a one-letter first word is read as its letter's name (an 'x_ray' event).
    /// </summary>
    public static string Article(string name)
    {
        string word = name.ToLowerInvariant();
        if (word.Length == 0)
        {
            return "a";
        }

        bool an;
        if (word.Length == 1 || !char.IsLetter(word[1]))
        {
            an = VowelSoundingLetterNames.IndexOf(word[0]) >= 0;
        }
        else if (s_silentH.Any(p => word.StartsWith(p, StringComparison.Ordinal)))
        {
            an = true;
        }
        else if (s_vowelLetterConsonantSound.Any(p => word.StartsWith(p, StringComparison.Ordinal)))
        {
            an = false;
        }
        else
        {
            an = "aeiou".IndexOf(word[0]) >= 0;
        }

        return an ? "an" : "a";
    }
}
