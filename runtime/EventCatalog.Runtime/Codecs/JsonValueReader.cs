namespace EventCatalog.Codecs;

/// <summary>Reads one JSON value at the reader's current token into <typeparamref name="T"/>: the element reader of a list or map.</summary>
/// <typeparam name="T">The value's C# type.</typeparam>
/// <param name="reader">The reader, at the value's first token; left at its last token.</param>
/// <param name="value">The value read; unspecified when the result is false.</param>
/// <returns>True when read; false when the reader holds the problem.</returns>
public delegate bool JsonValueReader<T>(ref EventDataReader reader, out T value);
