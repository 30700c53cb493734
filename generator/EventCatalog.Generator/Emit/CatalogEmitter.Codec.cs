using System.Collections.Generic;
using System.Linq;
using System.Text;
using EventCatalog.Generator.Model;

namespace EventCatalog.Generator.Emit;

/// <summary>
/// <c>Events.Codec</c>: the catalog's CloudEvents JSON codec, a private class over the runtime's
/// <c>CatalogCodec</c> with one writer and one reader per event, in straight-line code over
/// <c>Utf8JsonWriter</c>/<c>Utf8JsonReader</c> (through the runtime's <c>EventDataWriter</c> and
/// <c>EventDataReader</c>): no reflection, no <c>JsonSerializer</c>, so it is trimming- and AOT-safe.
/// </summary>
/// <remarks>
/// Lists and maps nest through static lambdas (cached by the compiler, so a call allocates no delegate);
/// their parameter names carry the nesting depth, so no lambda's names shadow another's.
/// An event above version 1 (SPEC §10) also gets a reader per earlier version, into its <c>&lt;Event&gt;V&lt;N&gt;</c>
/// record, and an upcast to the current record; the runtime writes and checks the <c>dataversion</c> attribute.
/// </remarks>
internal sealed partial class CatalogEmitter
{
    private const string Json = "global::System.Text.Json.";
    private const string DataWriter = "global::EventCatalog.Codecs.EventDataWriter";
    private const string DataReader = "global::EventCatalog.Codecs.EventDataReader";

    private void WriteCodec()
    {
        EventSpec[] events = _spec.Categories.SelectMany(c => c.Events).ToArray();
        string[] categories = _spec.Categories.SelectMany(c => c.Events.Select(_ => c.Name)).ToArray();
        string prefix = _spec.TypePrefix.Length == 0 ? "none" : $"<c>{Doc(_spec.TypePrefix)}</c>";

        // Catalogs without versions pass no version array, so their generated code is what it was before versions existed.
        bool versioned = events.Any(e => e.Version > 1);
        string versions = versioned ? $"\n\nprivate static readonly int[] s_dataVersions = new int[] {{ {string.Join(", ", events.Select(e => Number(e.Version)))} }};" : string.Empty;
        string versionArgument = versioned ? "s_dataVersions, " : string.Empty;
        _w.WriteLine($$"""

            /// <summary>
            /// The catalog's CloudEvents 1.0 JSON codec (structured mode): writes envelopes and payloads of its events, and reads
            /// them back without throwing for bad input, with the default limits (<see cref="global::EventCatalog.EventCodecOptions.Default"/>).
            /// The CloudEvents <c>type</c> is the type prefix ({{prefix}}) followed by the event type.
            /// </summary>
            public static global::EventCatalog.IEventCodec {{CodecNames.Member}} { get; } = new {{CodecNames.NestedClass}}(null);

            /// <summary>Makes a codec of this catalog with other read limits.</summary>
            /// <param name="options">The limits (frame size, nesting depth, string length).</param>
            /// <returns>A new codec; it writes exactly as <see cref="{{CodecNames.Member}}"/>.</returns>
            /// <exception cref="global::System.ArgumentNullException"><paramref name="options"/> is null.</exception>
            public static global::EventCatalog.IEventCodec {{CodecNames.Factory}}(global::EventCatalog.EventCodecOptions options) =>
                new {{CodecNames.NestedClass}}(options ?? throw new global::System.ArgumentNullException(nameof(options)));

            // Deprecated events are still written and read: a node must understand what older nodes send.
            #pragma warning disable CS0612, CS0618
            {{s_generatedCode}}
            """);
        _w.OpenBlock($"private sealed class {CodecNames.NestedClass} : global::EventCatalog.Codecs.CatalogCodec");
        _w.WriteLine($$"""
            private static readonly string[] s_eventTypes = new string[] { {{string.Join(", ", events.Select(e => Lit(e.Name)))}} };

            private static readonly string[] s_categories = new string[] { {{string.Join(", ", categories.Select(Lit))}} };{{versions}}

            public {{CodecNames.NestedClass}}(global::EventCatalog.EventCodecOptions? options)
                : base({{Lit(_spec.TypePrefix)}}, s_eventTypes, s_categories, {{versionArgument}}s_storeIds, options)
            {
            }

            protected override void WriteData(global::EventCatalog.ICatalogEvent data, {{Json}}Utf8JsonWriter writer)
            """);
        _w.OpenBlock();
        _w.OpenBlock("switch (data)");
        for (int i = 0; i < events.Length; i++)
        {
            _w.WriteLine($"""
                case {_spec.Qualify(events[i].TypeName)} e{Number(i)}:
                    Write{Number(i)}(writer, e{Number(i)});
                    return;
                """);
        }

        _w.WriteLine("""
            default:
                throw new global::System.ArgumentException("The data is not an event of this catalog.", nameof(data));
            """);
        _w.CloseBlock();
        _w.CloseBlock();
        _w.WriteLine($$"""

            protected override global::EventCatalog.EventReadResult ReadData(string eventType, ref {{DataReader}} reader, in global::EventCatalog.Codecs.CloudEventHeader header)
            """);
        _w.OpenBlock();
        _w.OpenBlock("switch (eventType)");
        for (int i = 0; i < events.Length; i++)
        {
            string n = Number(i);
            string current = $"return Read{n}(ref reader, out {_spec.Qualify(events[i].TypeName)}? e{n}) ? header.Ok(e{n}!) : reader.Failure();";
            _w.WriteLine($"case {Lit(events[i].Name)}:");
            _w.Indentation++;
            if (events[i].Version == 1)
            {
                _w.WriteLine(current);
            }
            else
            {
                // The runtime has refused versions above the current one, so the rest is the current version.
                _w.OpenBlock("switch (header.DataVersion)");
                foreach (EventVersionSpec earlier in events[i].PreviousVersions)
                {
                    string v = n + "v" + Number(earlier.Version);
                    _w.WriteLine($"""
                        case {Number(earlier.Version)}:
                            return Read{v}(ref reader, out {_spec.Qualify(earlier.TypeName)}? e{v}) ? Upcast{n}(e{v}!, ref reader, in header) : reader.Failure();
                        """);
                }

                _w.WriteLine($"""
                    default:
                        {current}
                    """);
                _w.CloseBlock();
            }

            _w.Indentation--;
        }

        _w.WriteLine("""
            default:
                return reader.Failure();
            """);
        _w.CloseBlock();
        _w.CloseBlock();

        for (int i = 0; i < events.Length; i++)
        {
            WriteEventCodec(events[i], i);
        }

        _w.CloseBlock();
        _w.WriteLine("#pragma warning restore CS0612, CS0618");
    }

    private void WriteEventCodec(EventSpec evt, int index)
    {
        string n = Number(index);
        string record = _spec.Qualify(evt.TypeName);
        var fields = Wire(evt.Fields);
        _w.WriteLine();
        foreach (var (field, i, _) in fields)
        {
            _w.WriteLine($"private static readonly {Json}JsonEncodedText s_n{n}_{i} = {Json}JsonEncodedText.Encode({Lit(field.Name)});");
        }

        _w.WriteLine($$"""
            private static readonly byte[][] s_names{{n}} = new byte[][] { {{NameBytes(fields)}} };

            private static void Write{{n}}({{Json}}Utf8JsonWriter writer, {{record}} data)
            """);
        _w.OpenBlock();
        _w.WriteLine("writer.WriteStartObject();");
        foreach (var (field, i, type) in fields)
        {
            string name = $"s_n{n}_{i}";
            if (type.Optional)
            {
                _w.WriteLine($"if (data.{field.PropertyName} is {{ }} v{i}) {PropertyWrite(type.Required(), name, "v" + i)}");
            }
            else
            {
                _w.WriteLine(PropertyWrite(type, name, "data." + field.PropertyName));
            }
        }

        _w.WriteLine("writer.WriteEndObject();");
        _w.CloseBlock();
        _w.WriteLine();
        WriteEventReader(n, record, fields);
        foreach (EventVersionSpec earlier in evt.PreviousVersions)
        {
            // Earlier versions are only read (a node writes its current version), into their own record, then upcast.
            string v = n + "v" + Number(earlier.Version);
            var earlierFields = Wire(earlier.Fields);
            _w.WriteLine();
            _w.WriteLine($"private static readonly byte[][] s_names{v} = new byte[][] {{ {NameBytes(earlierFields)} }};");
            _w.WriteLine();
            WriteEventReader(v, _spec.Qualify(earlier.TypeName), earlierFields);
            WriteUpcast(evt, n, record, earlier);
        }
    }

    /// <summary>
    /// The call of the user's upcast (through the generated chain for versions before the previous one). It is the user's code
    /// running on another node's data: what it throws, or a null it returns, becomes a Malformed result naming the versions, not a crash.
    /// </summary>
    private void WriteUpcast(EventSpec evt, string n, string record, EventVersionSpec earlier)
    {
        _w.WriteLine($$"""

            private static global::EventCatalog.EventReadResult Upcast{{n}}({{_spec.Qualify(earlier.TypeName)}} previous, ref {{DataReader}} reader, in global::EventCatalog.Codecs.CloudEventHeader header)
            {
                {{record}} current;
                try
                {
                    current = {{record}}.{{Contract.CatalogContract.RecordUpcast}}(previous) ?? throw new global::System.InvalidOperationException("Upcast returned null.");
                }
                catch (global::System.Exception ex) when (ex is not global::System.OutOfMemoryException)
                {
                    return reader.UpcastFailed({{Number(earlier.Version)}}, {{Number(evt.Version)}}, ex);
                }

                return header.Ok(current);
            }
            """);
    }

    /// <summary>The fields' wire names as UTF-8 byte array literals, for <c>EventDataReader.NextProperty</c>.</summary>
    private static string NameBytes((FieldSpec Field, string Index, WireType Type)[] fields) =>
        string.Join(", ", fields.Select(f => "new byte[] { " + string.Join(", ", Encoding.UTF8.GetBytes(f.Field.Name).Select(b => Number(b))) + " }"));

    private static (FieldSpec Field, string Index, WireType Type)[] Wire(EquatableArray<FieldSpec> fields) =>
        fields.Select((f, i) => (Field: f, Index: Number(i), Type: WireType.Parse(f.Type.Text))).ToArray();

    /// <summary><c>Read&lt;n&gt;</c>: reads a data object into <paramref name="record"/>, with <c>s_names&lt;n&gt;</c> as its property names.</summary>
    private void WriteEventReader(string n, string record, (FieldSpec Field, string Index, WireType Type)[] fields)
    {
        _w.WriteLine($$"""
            private static bool Read{{n}}(ref {{DataReader}} reader, out {{record}}? value)
            """);
        _w.OpenBlock();
        _w.WriteLine("""
            value = null;
            if (!reader.ReadObjectStart())
            {
                return false;
            }

            """);
        foreach (var (field, i, type) in fields)
        {
            _w.WriteLine($"{type.CSharp} f{i} = default!;");
            _w.WriteLine($"bool h{i} = false;");
        }

        _w.OpenBlock("while (true)");
        _w.WriteLine($$"""
            int index = reader.NextProperty(s_names{{n}});
            if (index == -1)
            {
                break;
            }

            """);
        _w.OpenBlock("switch (index)");
        foreach (var (field, i, type) in fields)
        {
            string name = Lit(field.Name);
            string read = ValueRead(type.Required(), "reader", "t" + i, 1);
            string assign = type.Optional
                ? $$"""
                    if (!reader.IsNull)
                    {
                        if (!{{read}})
                        {
                            return reader.InProperty({{name}});
                        }

                        f{{i}} = t{{i}};
                    }
                    """
                : $$"""
                    if (!{{read}})
                    {
                        return reader.InProperty({{name}});
                    }

                    f{{i}} = t{{i}};
                    """;
            _w.WriteLine($$"""
                case {{i}}:
                {
                    if (h{{i}})
                    {
                        return reader.Duplicate({{name}});
                    }

                    h{{i}} = true;
                """);
            _w.Indentation++;
            _w.WriteLine(assign);
            _w.WriteLine("break;");
            _w.Indentation--;
            _w.WriteLine("}");
        }

        _w.WriteLine("""
            default:
                return false;
            """);
        _w.CloseBlock();
        _w.CloseBlock();
        _w.WriteLine();
        foreach (var (field, i, type) in fields.Where(f => !f.Type.Optional))
        {
            _w.WriteLine($$"""
                if (!h{{i}})
                {
                    return reader.Missing({{Lit(field.Name)}});
                }

                """);
        }

        _w.WriteLine($$"""
            value = new {{record}}({{string.Join(", ", fields.Select(f => "f" + f.Index))}});
            return true;
            """);
        _w.CloseBlock();
    }

    /// <summary>The statement that writes a present value as a named property.</summary>
    private static string PropertyWrite(WireType type, string name, string value) => type.Kind switch
    {
        WireKind.List => $"{DataWriter}.WriteList<{type.Element!.CSharp}>(writer, {name}, {value}, {WriterLambda(type.Element, 1)});",
        WireKind.Map => $"{DataWriter}.WriteMap<{type.Element!.CSharp}>(writer, {name}, {value}, {WriterLambda(type.Element, 1)});",
        _ => $"{DataWriter}.Write{type.Method}(writer, {name}, {value});",
    };

    /// <summary>An <c>Action&lt;Utf8JsonWriter, T&gt;</c> that writes one value of <paramref name="type"/> (null included when it is optional).</summary>
    private static string WriterLambda(WireType type, int depth)
    {
        string w = "w" + Number(depth);
        string e = "e" + Number(depth);
        string head = $"static ({w}, {e}) => ";
        if (type.Optional)
        {
            WireType inner = type.Required();
            string method = type.IsValueType ? "WriteNullableValue" : "WriteNullableReferenceValue";
            return head + $"{DataWriter}.{method}<{inner.CSharp}>({w}, {e}, {WriterLambda(inner, depth + 1)})";
        }

        return head + type.Kind switch
        {
            WireKind.List => $"{DataWriter}.WriteListValue<{type.Element!.CSharp}>({w}, {e}, {WriterLambda(type.Element, depth + 1)})",
            WireKind.Map => $"{DataWriter}.WriteMapValue<{type.Element!.CSharp}>({w}, {e}, {WriterLambda(type.Element, depth + 1)})",
            _ => $"{DataWriter}.Write{type.Method}Value({w}, {e})",
        };
    }

    /// <summary>The call that reads a non-null value of <paramref name="type"/> at the current token into <c>out var <paramref name="target"/></c>.</summary>
    private static string ValueRead(WireType type, string reader, string target, int depth) => type.Kind switch
    {
        WireKind.List => $"{reader}.ReadList<{type.Element!.CSharp}>({ReaderLambda(type.Element, depth)}, out var {target})",
        WireKind.Map => $"{reader}.ReadMap<{type.Element!.CSharp}>({ReaderLambda(type.Element, depth)}, out var {target})",
        _ => $"{reader}.Read{type.Method}(out var {target})",
    };

    /// <summary>A <c>JsonValueReader&lt;T&gt;</c> that reads one value of <paramref name="type"/> (null included when it is optional).</summary>
    private static string ReaderLambda(WireType type, int depth)
    {
        string r = "r" + Number(depth);
        string e = "e" + Number(depth);
        string head = $"static (ref {DataReader} {r}, ref {type.CSharp} {e}) => ";
        if (type.Optional)
        {
            WireType inner = type.Required();
            string method = type.IsValueType ? "ReadNullable" : "ReadNullableReference";
            return head + $"{r}.{method}<{inner.CSharp}>({ReaderLambda(inner, depth + 1)}, out {e})";
        }

        return head + type.Kind switch
        {
            WireKind.List => $"{r}.ReadList<{type.Element!.CSharp}>({ReaderLambda(type.Element, depth + 1)}, out {e})",
            WireKind.Map => $"{r}.ReadMap<{type.Element!.CSharp}>({ReaderLambda(type.Element, depth + 1)}, out {e})",
            _ => $"{r}.Read{type.Method}(out {e})",
        };
    }

    private enum WireKind
    {
        Scalar,
        List,
        Map,
    }

    /// <summary>A field type as the codec sees it, parsed from the normalised catalog text (<see cref="FieldType.Text"/>).</summary>
    private sealed class WireType
    {
        private static readonly Dictionary<string, (string CSharp, string Method, bool IsValueType)> s_scalars = new()
        {
            ["string"] = ("string", "String", false),
            ["bool"] = ("bool", "Boolean", true),
            ["int"] = ("int", "Int32", true),
            ["long"] = ("long", "Int64", true),
            ["double"] = ("double", "Double", true),
            ["decimal"] = ("decimal", "Decimal", true),
            ["guid"] = ("global::System.Guid", "Guid", true),
            ["timestamp"] = ("global::System.DateTimeOffset", "Timestamp", true),
            ["duration"] = ("global::System.TimeSpan", "Duration", true),
        };

        private WireType(WireKind kind, string method, string scalarCSharp, bool isValueType, WireType? element, bool optional)
        {
            Kind = kind;
            Method = method;
            _scalarCSharp = scalarCSharp;
            IsValueType = isValueType;
            Element = element;
            Optional = optional;
        }

        /// <summary>The C# type of a scalar (e.g. <c>int</c>), kept from the table so that <see cref="CSharp"/> need not search it.</summary>
        private readonly string _scalarCSharp;

        public WireKind Kind { get; }

        /// <summary>The runtime method suffix of a scalar, e.g. <c>Int32</c>.</summary>
        public string Method { get; }

        public bool IsValueType { get; }

        public WireType? Element { get; }

        public bool Optional { get; }

        /// <summary>The C# type, <c>?</c> included when optional.</summary>
        public string CSharp
        {
            get
            {
                string core = Kind switch
                {
                    WireKind.List => "global::System.Collections.Generic.IReadOnlyList<" + Element!.CSharp + ">",
                    WireKind.Map => "global::System.Collections.Generic.IReadOnlyDictionary<string, " + Element!.CSharp + ">",
                    _ => _scalarCSharp,
                };
                return Optional ? core + "?" : core;
            }
        }

        public WireType Required() => new(Kind, Method, _scalarCSharp, IsValueType, Element, false);

        public static WireType Parse(string text)
        {
            int position = 0;
            return Parse(text, ref position);
        }

        private static WireType Parse(string text, ref int position)
        {
            int start = position;
            while (position < text.Length && char.IsLetterOrDigit(text[position]))
            {
                position++;
            }

            string name = text.Substring(start, position - start);
            WireType type;
            if ((name == "list" || name == "map") && position < text.Length && text[position] == '<')
            {
                position++;
                WireType element = Parse(text, ref position);
                position++; // '>'
                type = new WireType(name == "list" ? WireKind.List : WireKind.Map, string.Empty, string.Empty, false, element, false);
            }
            else
            {
                // The text was accepted by FieldTypeParser, so the name is a scalar; string stands in should it not be.
                var scalar = s_scalars.TryGetValue(name, out var found) ? found : s_scalars["string"];
                type = new WireType(WireKind.Scalar, scalar.Method, scalar.CSharp, scalar.IsValueType, null, false);
            }

            if (position < text.Length && text[position] == '?')
            {
                position++;
                type = new WireType(type.Kind, type.Method, type._scalarCSharp, type.IsValueType, type.Element, true);
            }

            return type;
        }
    }
}
