using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EventCatalog.Codecs;
using EventCatalog.Generator.Model;
using EventCatalog.Generator.Parsing;
using EventCatalog.Generator.Tests.Infrastructure;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// Each row of <see cref="ScalarTypes"/> agrees with every place outside the generator that must know the type: the runtime's
/// codec helpers, the editor schema, the README and EVC005's page. A row added without its helper or its docs fails here.
/// </summary>
public class ScalarTypeTableTests
{
    private static readonly ScalarType[] s_rows = ScalarTypes.All.ToArray();

    [Test]
    public void The_table_has_one_row_per_kind_in_kind_order()
    {
        Assert.That(s_rows.Select(r => r.Kind), Is.EqualTo(Enum.GetValues(typeof(ScalarKind)).Cast<ScalarKind>()));
        Assert.That(s_rows.Select(r => r.Name), Is.Unique);
        Assert.That(s_rows.SelectMany(r => r.Aliases).Select(a => a.ToLowerInvariant()), Is.Unique, "an alias suggests one type");
        Assert.That(s_rows.SelectMany(r => r.Aliases).Where(a => ScalarTypes.Find(a) is not null), Is.Empty, "an alias is not itself a type");
    }

    [TestCaseSource(nameof(Rows))]
    public void The_runtime_reads_and_writes_the_row(string name)
    {
        ScalarType row = ScalarTypes.Find(name)!;
        Type type = ClrType(row.CodecCSharp ?? row.CSharp);
        MethodInfo? read = typeof(EventDataReader).GetMethod("Read" + row.Method, new[] { type.MakeByRefType() });
        Assert.That(read, Is.Not.Null, $"EventDataReader.Read{row.Method}(out {type.Name})");
        Assert.That(read!.ReturnType, Is.EqualTo(typeof(bool)));
        Assert.That(read.GetParameters()[0].IsOut, Is.True);
        Assert.That(typeof(EventDataWriter).GetMethod("Write" + row.Method, new[] { typeof(Utf8JsonWriter), typeof(JsonEncodedText), type }), Is.Not.Null, $"EventDataWriter.Write{row.Method}");
        Assert.That(typeof(EventDataWriter).GetMethod("Write" + row.Method + "Value", new[] { typeof(Utf8JsonWriter), type }), Is.Not.Null, $"EventDataWriter.Write{row.Method}Value");
        Assert.That(ClrType(row.CSharp).IsValueType, Is.EqualTo(row.IsValueType), "IsValueType");
        if (row.CodecCSharp is not null)
        {
            Assert.That(row.ToCodec, Does.Contain("{0}"));
            Assert.That(row.FromCodec, Does.Contain("{0}"));
        }

        if (row.FallbackCSharp is not null)
        {
            Assert.That(ClrType(row.FallbackCSharp).IsValueType, Is.EqualTo(row.IsValueType), "the fallback is the same kind of type");
        }
    }

    [TestCaseSource(nameof(Rows))]
    public void The_parser_reads_the_row_and_its_aliases_suggest_it(string name)
    {
        ScalarType row = ScalarTypes.Find(name)!;
        Assert.That(FieldTypeParser.Parse(row.Name, false, out _), Is.EqualTo(FieldType.Of(row.Kind)));
        Assert.That(FieldTypeParser.Parse(row.Name + "?", false, out _)!.Text, Is.EqualTo(row.Name + "?"));
        foreach (string alias in row.Aliases)
        {
            Assert.That(FieldTypeParser.Parse(alias, false, out string? suggestion), Is.Null, alias);
            Assert.That(suggestion, Is.EqualTo(row.Name), alias);
        }
    }

    [Test]
    public void The_editor_schema_lists_every_scalar()
    {
        JsonNode fieldType = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("docs", "events.schema.json")))!["definitions"]!["fieldType"]!;
        string pattern = fieldType["pattern"]!.GetValue<string>();
        string names = Regex.Match(pattern, @"\((string(?:\|[a-z]+)*)\|\[").Groups[1].Value;
        Assert.That(names.Split('|'), Is.EquivalentTo(ScalarTypes.Names), "the pattern's scalar names");
        JsonNode scalarName = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("docs", "events.schema.json")))!["definitions"]!["scalarName"]!;
        Assert.That(scalarName["enum"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EquivalentTo(ScalarTypes.Names.Concat(new[] { "list", "map" })), "the names a type may not take");
        string description = fieldType["description"]!.GetValue<string>();
        Assert.That(s_rows.Where(r => !Regex.IsMatch(description, $@"\b{r.Name}\b")).Select(r => r.Name), Is.Empty, "the description names every scalar");
    }

    [Test]
    public void The_readme_and_EVC005_name_every_scalar()
    {
        string readme = File.ReadAllText(RepoPaths.Combine("README.md"));
        string evc005 = File.ReadAllText(RepoPaths.Combine("docs", "diagnostics", "EVC005.md"));
        foreach (ScalarType row in s_rows)
        {
            Assert.That(readme, Does.Contain($"| `{row.Name}` |").Or.Contain($"`{row.Name}`, `"), $"README's wire table has {row.Name}");
            Assert.That(evc005, Does.Contain($"`{row.Name}`"), $"EVC005.md names {row.Name}");
        }
    }

    private static string[] Rows() => ScalarTypes.Names.ToArray();

    private static Type ClrType(string csharp) => csharp switch
    {
        "string" => typeof(string),
        "bool" => typeof(bool),
        "int" => typeof(int),
        "long" => typeof(long),
        "double" => typeof(double),
        "decimal" => typeof(decimal),
        "byte[]" => typeof(byte[]),
        _ when csharp.StartsWith("global::", StringComparison.Ordinal) => Type.GetType(csharp.Substring("global::".Length)) ?? typeof(Uri).Assembly.GetType(csharp.Substring("global::".Length), throwOnError: true)!,
        _ => throw new ArgumentException($"Unknown C# type '{csharp}' in the table.", nameof(csharp)),
    };
}
