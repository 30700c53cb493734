using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using EventCatalog.Generator.Model;
using EventCatalog.Generator.Parsing;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// Issue 24, held-back kind (a): every YAML construct the catalog reader accepts is mapped exactly as a conformant YAML
/// loader reads the document (libyaml, through PyYAML's C loader in /usr/bin/python3), or gets a diagnostic at its line.
/// Each document below is read by both, and the reader's model (names, descriptions, types, flags) is compared with the loader's.
/// </summary>
public class YamlMeaningTests
{
    /// <summary>Constructs YAML 1.2 has for the texts and collections of a catalog, each of which the reader must map as libyaml does.</summary>
    private static readonly string[] s_documents =
    {
        // Block scalars: literal and folded, with each chomping indicator and an indentation indicator; more-indented lines in a folded scalar.
        "categories:\n  c:\n    description: |\n      line one\n        indented\n      line three\n\n\n    events:\n      e:\n        description: |-\n          strip\n\n        data:\n          a:\n            type: int\n            description: |+\n              keep\n\n          b: int\n",
        "categories:\n  c:\n    description: >\n      folded\n      together\n\n      new paragraph\n        more indented\n      back\n    events:\n      e:\n        description: >-\n          a\n          b\n        data:\n          a:\n            type: string\n            description: |2\n                two extra spaces\n               one extra\n",
        // Quoted scalars with escapes, single quotes with '' and line folding, plain multi-line scalars, comments in odd places.
        "categories:  # comment\n  c:\n    description: \"tab\\there \\u00e9 \\x41 \\\"q\\\" \\\\ \\\n      continued\"\n    events:\n      e:\n        description: 'it''s\n          folded'\n        data:\n          a: int # trailing\n          b:   # comment before value\n            string\n      f:\n        description: plain\n          multi line\n          text  # a comment\n",
        // Flow collections, anchors and aliases (on values and keys), merge keys, explicit keys, empty values.
        "categories:\n  c:\n    events:\n      e:\n        data:\n          a: &base { type: int, description: shared }\n          b: { <<: *base, description: own }\n          ? c\n          : string\n          d: *base\n          &k g: long\n      f: { description: \"flow, with: colon\", data: { x: \"list<string>\" } }\n",
        // Document markers and a %YAML directive; CRLF line ends; a BOM.
        "%YAML 1.2\n---\ncategories:\n  c:\n    events:\n      e: { description: marked }\n...\n",
        "\uFEFFcategories:\r\n  c:\r\n    description: \"crlf\r\n      folded\"\r\n    events:\r\n      e:\r\n        description: |\r\n          literal\r\n          crlf\r\n",
        // Special plain values in text positions, quoted: what they say.
        "categories:\n  c:\n    description: \"~\"\n    events:\n      e:\n        description: 'null'\n        data:\n          a: { type: int, description: \"0x10\" }\n          b: { type: int, description: \"1e3\" }\n",
        // Tags the core schema knows.
        "categories:\n  c:\n    description: !!str 42\n    events:\n      e:\n        description: ! 1e3\n",
    };

    [Test]
    public void Each_construct_reads_as_libyaml_reads_it()
    {
        for (int i = 0; i < s_documents.Length; i++)
        {
            string yaml = s_documents[i];
            CatalogParseResult parsed = CatalogParser.Parse("/p/events.schema.yaml", SourceText.From(yaml), "Consumer", default);
            Assert.That(parsed.Diagnostics.Where(d => d.Id != "EVC202"), Is.Empty, $"document {i}: " + string.Join("\n", parsed.Diagnostics.Select(d => d.Id + " " + d.Location.StartLine + ": " + string.Join(" ", d.Arguments))));
            JsonElement loaded = Libyaml(yaml);
            CatalogSpec spec = parsed.Spec!;
            JsonElement categories = loaded.GetProperty("categories");
            Assert.That(spec.Categories.Select(c => c.Name), Is.EqualTo(categories.EnumerateObject().Select(p => p.Name)), $"document {i}: category names");
            foreach (CategorySpec category in spec.Categories)
            {
                JsonElement c = categories.GetProperty(category.Name);
                Assert.That(category.Description, Is.EqualTo(Text(c, "description")), $"document {i}: description of {category.Name}");
                JsonElement events = c.GetProperty("events");
                Assert.That(category.Events.Select(e => e.Name), Is.EqualTo(events.EnumerateObject().Select(p => p.Name)), $"document {i}: events of {category.Name}");
                foreach (EventSpec evt in category.Events)
                {
                    JsonElement e = events.GetProperty(evt.Name);
                    Assert.That(evt.Description, Is.EqualTo(Text(e, "description")), $"document {i}: description of {evt.Name}");
                    if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("data", out JsonElement data) || data.ValueKind != JsonValueKind.Object)
                    {
                        Assert.That(evt.Fields, Is.Empty);
                        continue;
                    }

                    Assert.That(evt.Fields.Select(f => f.Name), Is.EqualTo(data.EnumerateObject().Select(p => p.Name)), $"document {i}: fields of {evt.Name}");
                    foreach (FieldSpec field in evt.Fields)
                    {
                        JsonElement f = data.GetProperty(field.Name);
                        string? type = f.ValueKind == JsonValueKind.Object ? Text(f, "type") : f.ValueKind == JsonValueKind.Null ? null : f.GetString();
                        Assert.That(field.Type.Text.TrimEnd('?'), Is.EqualTo((type ?? "string").TrimEnd('?')), $"document {i}: type of {evt.Name}.{field.Name}");
                        Assert.That(field.Description, Is.EqualTo(f.ValueKind == JsonValueKind.Object ? Text(f, "description") : null), $"document {i}: description of {evt.Name}.{field.Name}");
                    }
                }
            }
        }
    }

    [TestCase("categories:\n  c:\n    events:\n      e:\n        data:\n          on: int\n", 6, "The name 'on' in the data of event 'e' is an unquoted word YAML 1.1 reads as the boolean true")]
    [TestCase("categories:\n  c:\n    events:\n      no: {}\n", 4, "The name 'no' in the events of category 'c' is an unquoted word YAML 1.1 reads as the boolean false")]
    [TestCase("categories:\n  y:\n    events:\n      e: {}\n", 2, "The name 'y' in 'categories' is an unquoted word YAML 1.1 reads as the boolean true")]
    [TestCase("categories:\n  c:\n    description: 1e3\n    events:\n      e: {}\n", 3, "The description of category 'c' is the unquoted value '1e3', which YAML reads as a number, not a text")]
    [TestCase("categories:\n  c:\n    events:\n      e:\n        description: 0x10\n", 5, "The description of event 'e' is the unquoted value '0x10', which YAML reads as a number")]
    [TestCase("categories:\n  c:\n    events:\n      e:\n        description: .inf\n", 5, "which YAML reads as a number")]
    [TestCase("categories:\n  c:\n    events:\n      e:\n        description: 010\n", 5, "which YAML reads as a number")]
    [TestCase("categories:\n  c:\n    events:\n      e:\n        deprecated: 2024-05-01\n", 5, "'deprecated: 2024-05-01' of event 'e' is a value YAML reads as a date (a YAML 1.1 timestamp), not a message")]
    [TestCase("namespace: 1.5\ncategories:\n  c:\n    events:\n      e: {}\n", 1, "'namespace' is the unquoted value '1.5', which YAML reads as a number")]
    public void A_plain_value_YAML_reads_as_another_type_gets_EVC010_at_its_line(string yaml, int line, string message)
    {
        Diagnostic[] found = GeneratorHarness.Analyze(yaml).Where(d => d.Id == "EVC010").ToArray();
        Assert.That(found, Has.Length.EqualTo(1), string.Join("\n", GeneratorHarness.Analyze(yaml).Select(GeneratorHarness.Describe)));
        Assert.That(found[0].Location.GetLineSpan().StartLinePosition.Line + 1, Is.EqualTo(line));
        Assert.That(found[0].Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(found[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), Does.Contain(message));

        string quoted = yaml.Replace(": 1e3", ": \"1e3\"").Replace(": 0x10", ": \"0x10\"").Replace(": .inf", ": \".inf\"").Replace(": 010", ": \"010\"")
            .Replace(": 2024-05-01", ": \"2024-05-01\"").Replace(": 1.5", ": \"1.5\"").Replace("on: int", "\"on\": int").Replace("no: {}", "'no': {}").Replace("  y:\n", "  \"y\":\n");
        Assert.That(GeneratorHarness.Analyze(quoted).Where(d => d.Id == "EVC010"), Is.Empty, "quoted, it says it is a text");
    }

    private static string? Text(JsonElement mapping, string key) =>
        mapping.ValueKind == JsonValueKind.Object && mapping.TryGetProperty(key, out JsonElement value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;

    /// <summary>The document as libyaml reads it (PyYAML's C loader), as JSON.</summary>
    private static JsonElement Libyaml(string yaml)
    {
        string file = Path.Combine(Path.GetTempPath(), "eventcatalog-yaml-" + System.Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllBytes(file, new UTF8Encoding(false).GetBytes(yaml));
        try
        {
            var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("import sys, json, yaml\nprint(json.dumps(yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader), default=str))");
            info.ArgumentList.Add(file);
            using Process process = Process.Start(info)!;
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.EqualTo(0), "libyaml (PyYAML's C loader; apt-get install python3-yaml) failed: " + error);
            return JsonDocument.Parse(output).RootElement.Clone();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
