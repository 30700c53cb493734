namespace EventCatalog.Codecs;

/// <summary>Reads one JSON value at the reader's current token into <typeparamref name="T"/>: the element reader of a list or map.</summary>
/// <typeparam name="T">The value's C# type.</typeparam>
/// <param name="reader">The reader, at the value's first token; left at its last token.</param>
/// <param name="value">Receives the value read; unspecified when the result is false. A <c>ref</c>, not an <c>out</c>: C# 11 made <c>out</c> parameters implicitly <c>scoped</c>, and a C# 9 consumer's lambda would then not match the delegate (CS9073).</param>
/// <returns>True when read; false when the reader holds the problem.</returns>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public delegate bool JsonValueReader<T>(ref EventDataReader reader, ref T value);
