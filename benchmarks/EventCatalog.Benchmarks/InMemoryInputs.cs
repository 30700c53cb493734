using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Reflection;
using System.Text;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Benchmarks;

/// <summary>Inputs for driving generators and analyzers in memory.</summary>
internal sealed class InMemoryText : AdditionalText
{
    private readonly SourceText _text;

    public InMemoryText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text, Encoding.UTF8);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

internal sealed class TestOptions : AnalyzerConfigOptionsProvider
{
    private readonly Options _global;

    public TestOptions(Dictionary<string, string> values) => _global = new Options(values);

    public override AnalyzerConfigOptions GlobalOptions => _global;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _global;

    private sealed class Options : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());
        private readonly Dictionary<string, string> _values;

        public Options(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }
}

internal static class Inputs
{
    public static string RootCatalog() =>
        File.ReadAllText(EventCatalog.Generator.Tests.Infrastructure.RepoPaths.Combine("events.schema.yaml"));

    /// <summary>A valid catalog of <paramref name="events"/> events, 20 per category, two fields each.</summary>
    public static string SyntheticCatalog(int events)
    {
        var yaml = new StringBuilder("namespace: Synthetic\ntopic: \"app:{store}:{category}\"\ncategories:\n");
        for (int i = 0; i < events; i++)
        {
            if (i % 20 == 0)
            {
                yaml.Append("  category_").Append(i / 20).Append(":\n    events:\n");
            }

            yaml.Append("      event_").Append(i).Append(":\n        data:\n          stream_id: string\n          count: int\n");
        }

        return yaml.ToString();
    }

    public static IEnumerable<MetadataReference> References() =>
        Basic.Reference.Assemblies.Net80.References.All
            .Append<MetadataReference>(MetadataReference.CreateFromFile(typeof(ICatalogEvent).Assembly.Location));

    /// <summary>Microsoft.CodeAnalysis.ResxSourceGenerator from its package, loaded like the compiler would.</summary>
    public static ISourceGenerator ResxGenerator() => LoadGenerator("ResxGenerator");

    /// <summary>A .resx with <paramref name="entries"/> strings.</summary>
    public static string Resx(int entries)
    {
        var xml = new StringBuilder("""
            <?xml version="1.0" encoding="utf-8"?>
            <root>
              <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
              <resheader name="version"><value>2.0</value></resheader>
              <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
              <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>

            """);
        for (int i = 0; i < entries; i++)
        {
            xml.Append("  <data name=\"Event").Append(i).Append("\" xml:space=\"preserve\"><value>event_").Append(i).Append("</value></data>\n");
        }

        return xml.Append("</root>\n").ToString();
    }

    /// <summary>The System.Text.Json source generator of the SDK's targeting pack (the one a net10.0 build runs), loaded like the compiler would.</summary>
    public static ISourceGenerator SystemTextJsonGenerator() => LoadGenerator("StjGenerator");

    /// <summary>
    /// What a user without EventCatalog writes for the same events: a positional record per event and a
    /// <c>JsonSerializerContext</c> over them (snake_case names, as the catalog's wire names). For the root catalog
    /// (<paramref name="events"/> 63) the records copy the shapes of the generated ones (property names and C# types,
    /// nullability included); for the synthetic catalogs, <see cref="SyntheticCatalog"/>'s two fields.
    /// </summary>
    public static string SystemTextJsonRecords(int events)
    {
        var code = new StringBuilder("""
            #nullable enable
            using System;
            using System.Collections.Generic;
            using System.Text.Json.Serialization;

            namespace Consumer;

            """);
        var names = new List<string>();
        if (events == 63)
        {
            var nullability = new NullabilityInfoContext();
            foreach (Type record in typeof(ExESDB.Events).Assembly.GetTypes()
                .Where(t => t.GetCustomAttribute<EventCatalog.Metadata.CatalogEventAttribute>() is { } a && a.Catalog == typeof(ExESDB.Events) && t.Namespace == "ExESDB")
                .OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                ParameterInfo[] parameters = record.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters();
                code.Append("public sealed record ").Append(record.Name).Append('(')
                    .Append(string.Join(", ", parameters.Select(p => CSharpName(p.ParameterType, nullability.Create(p)) + " " + char.ToUpperInvariant(p.Name![0]) + p.Name.Substring(1))))
                    .Append(");\n");
                names.Add(record.Name);
            }
        }
        else
        {
            for (int i = 0; i < events; i++)
            {
                code.Append("public sealed record Event").Append(i).Append("(string StreamId, int Count);\n");
                names.Add("Event" + i);
            }
        }

        if (names.Count != events)
        {
            throw new InvalidOperationException($"Expected {events} records for the System.Text.Json column, found {names.Count}.");
        }

        code.Append("\n[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]\n");
        foreach (string name in names)
        {
            code.Append("[JsonSerializable(typeof(").Append(name).Append("))]\n");
        }

        return code.Append("public sealed partial class CatalogJsonContext : JsonSerializerContext\n{\n}\n").ToString();
    }

    private static string CSharpName(Type type, System.Reflection.NullabilityInfo nullability)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return CSharpName(inner, nullability) + "?";
        }

        string name = type.IsGenericType
            ? type.Namespace + "." + type.Name.Substring(0, type.Name.IndexOf('`')) + "<"
                + string.Join(", ", type.GetGenericArguments().Select((a, i) => CSharpName(a, nullability.GenericTypeArguments[i]))) + ">"
            : type.FullName!;
        return !type.IsValueType && nullability.ReadState == NullabilityState.Nullable ? name + "?" : name;
    }

    private static ISourceGenerator LoadGenerator(string key)
    {
        string path = typeof(Inputs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value!;
        var reference = new AnalyzerFileReference(path, new Loader());
        ImmutableArray<ISourceGenerator> generators = reference.GetGenerators(LanguageNames.CSharp);
        if (generators.IsEmpty)
        {
            throw new InvalidOperationException($"No generator in {path}");
        }

        return generators[0];
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
