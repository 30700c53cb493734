using System.Linq;
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

        WriteTypeCodecs();
        _w.CloseBlock();
        _w.WriteLine("#pragma warning restore CS0612, CS0618");
    }

    private void WriteEventCodec(EventSpec evt, int index)
    {
        string n = Number(index);
        string record = _spec.Qualify(evt.TypeName);
        WriteObjectCodec(n, record, evt.Fields);
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

    /// <summary><c>Write&lt;n&gt;</c> and <c>Read&lt;n&gt;</c> of a JSON object with <paramref name="fieldSpecs"/>: an event's data, or a value of an object type.</summary>
    private void WriteObjectCodec(string n, string record, EquatableArray<FieldSpec> fieldSpecs)
    {
        var fields = Wire(fieldSpecs);
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
            if (type.IsOptional)
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

    /// <summary>The fields' wire names as UTF-8 byte arrays (see <see cref="Utf8Bytes"/>), for <c>EventDataReader.NextProperty</c>.</summary>
    private string NameBytes((FieldSpec Field, string Index, FieldType Type)[] fields) =>
        string.Join(", ", fields.Select(f => Utf8Bytes(f.Field.Name)));

    private static (FieldSpec Field, string Index, FieldType Type)[] Wire(EquatableArray<FieldSpec> fields) =>
        fields.Select((f, i) => (Field: f, Index: Number(i), Type: f.Type)).ToArray();

    /// <summary>
    /// <c>Read&lt;n&gt;</c>: reads a data object into <paramref name="record"/>, with <c>s_names&lt;n&gt;</c> as its property names.
    /// Each field is a local and a seen flag; its case reads it in one statement where the helper reads the field's own type
    /// (<c>EventDataReader.Once</c> refuses a second copy), else into a temporary it then converts.
    /// </summary>
    private void WriteEventReader(string n, string record, (FieldSpec Field, string Index, FieldType Type)[] fields)
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
            _w.WriteLine($"{CSharpOf(type)} f{i} = default!; bool h{i} = false;");
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
            _w.WriteLine($"case {i}:");
            _w.Indentation++;
            FieldRead(Lit(field.Name), i, type);
            _w.WriteLine("break;");
            _w.Indentation--;
        }

        _w.WriteLine("""
            default:
                return false;
            """);
        _w.CloseBlock();
        _w.CloseBlock();
        _w.WriteLine();
        foreach (var (field, i, _) in fields.Where(f => !f.Type.IsOptional))
        {
            _w.WriteLine($"if (!h{i}) return reader.Missing({Lit(field.Name)});");
        }

        _w.WriteLine($$"""
            value = new {{record}}({{string.Join(", ", fields.Select(f => "f" + f.Index))}});
            return true;
            """);
        _w.CloseBlock();
    }

    /// <summary>The statements of one field's case: a problem (a second copy, a bad value) is reported inside the property <paramref name="name"/>.</summary>
    private void FieldRead(string name, string i, FieldType type)
    {
        string fail = $"return reader.InProperty({name});";
        FieldType required = type.Required();
        bool direct = !Converts(required) && (!type.IsOptional || !required.IsValueType);
        if (direct)
        {
            // The helper's out type is the field's (an optional reference field takes it as it is): read straight into the local.
            string read = ValueRead(required, "reader", $"f{i}", 1, declare: false);
            _w.WriteLine(type.IsOptional
                ? $"if (!reader.Once(ref h{i}) || (!reader.IsNull && !{read})) {fail}"
                : $"if (!reader.Once(ref h{i}) || !{read}) {fail}");
            return;
        }

        string readTemp = ValueRead(required, "reader", $"t{i}", 1, declare: true);
        if (type.IsOptional)
        {
            _w.WriteLine($"if (!reader.Once(ref h{i})) {fail}");
            _w.WriteLine($"if (!reader.IsNull) {{ if (!{readTemp}) {fail} f{i} = {FromCodec(type, "t" + i)}; }}");
        }
        else
        {
            _w.WriteLine($"if (!reader.Once(ref h{i}) || !{readTemp}) {fail}");
            _w.WriteLine($"f{i} = {FromCodec(type, "t" + i)};");
        }
    }

    /// <summary>The statement that writes a present value as a named property.</summary>
    private string PropertyWrite(FieldType type, string name, string value) => type.Shape switch
    {
        TypeShape.List => $"{DataWriter}.WriteList<{CSharpOf(type.Element!)}>(writer, {name}, {value}, {WriterLambda(type.Element!, 1)});",
        TypeShape.Map => $"{DataWriter}.WriteMap<{CSharpOf(type.Element!)}>(writer, {name}, {value}, {WriterLambda(type.Element!, 1)});",
        _ => NamedWrite(type, "writer", name, value, 1) + ";",
    };

    /// <summary>An <c>Action&lt;Utf8JsonWriter, T&gt;</c> that writes one value of <paramref name="type"/> (null included when it is optional).</summary>
    private string WriterLambda(FieldType type, int depth)
    {
        string w = "w" + Number(depth);
        string e = "e" + Number(depth);
        string head = $"static ({w}, {e}) => ";
        if (type.IsOptional)
        {
            FieldType inner = type.Required();
            string method = inner.IsValueType ? "WriteNullableValue" : "WriteNullableReferenceValue";
            return head + $"{DataWriter}.{method}<{CSharpOf(inner)}>({w}, {e}, {WriterLambda(inner, depth + 1)})";
        }

        return head + type.Shape switch
        {
            TypeShape.List => $"{DataWriter}.WriteListValue<{CSharpOf(type.Element!)}>({w}, {e}, {WriterLambda(type.Element!, depth + 1)})",
            TypeShape.Map => $"{DataWriter}.WriteMapValue<{CSharpOf(type.Element!)}>({w}, {e}, {WriterLambda(type.Element!, depth + 1)})",
            _ => NamedWrite(type, w, null, e, depth + 1),
        };
    }

    /// <summary>The call that reads a non-null value of <paramref name="type"/> at the current token into <c>out <paramref name="target"/></c>, declared there when <paramref name="declare"/> (the runtime helper's type: see <see cref="FromCodec"/>).</summary>
    private string ValueRead(FieldType type, string reader, string target, int depth, bool declare)
    {
        string into = declare ? "var " + target : target;
        return type.Shape switch
        {
            TypeShape.List => $"{reader}.ReadList<{CSharpOf(type.Element!)}>({ReaderLambda(type.Element!, depth)}, out {into})",
            TypeShape.Map => $"{reader}.ReadMap<{CSharpOf(type.Element!)}>({ReaderLambda(type.Element!, depth)}, out {into})",
            _ => NamedRead(type, reader, into),
        };
    }

    /// <summary>A <c>JsonValueReader&lt;T&gt;</c> that reads one value of <paramref name="type"/> (null included when it is optional).</summary>
    private string ReaderLambda(FieldType type, int depth)
    {
        string r = "r" + Number(depth);
        string e = "e" + Number(depth);
        string head = $"static (ref {DataReader} {r}, ref {CSharpOf(type)} {e}) => ";
        if (type.IsOptional)
        {
            FieldType inner = type.Required();
            string method = inner.IsValueType ? "ReadNullable" : "ReadNullableReference";
            return head + $"{r}.{method}<{CSharpOf(inner)}>({ReaderLambda(inner, depth + 1)}, out {e})";
        }

        if (Converts(type))
        {
            // The helper reads its own type (a DateTime for a DateOnly, an index for an enum, a nullable record): read it, then convert.
            string c = "c" + Number(depth);
            return head + $"{{ bool ok = {NamedRead(type, r, "var " + c)}; {e} = {FromCodec(type, c)}; return ok; }}";
        }

        return head + type.Shape switch
        {
            TypeShape.List => $"{r}.ReadList<{CSharpOf(type.Element!)}>({ReaderLambda(type.Element!, depth + 1)}, out {e})",
            TypeShape.Map => $"{r}.ReadMap<{CSharpOf(type.Element!)}>({ReaderLambda(type.Element!, depth + 1)}, out {e})",
            _ => NamedRead(type, r, e),
        };
    }
}
