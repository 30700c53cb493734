using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace EventCatalog.Tool.Commands;

/// <summary>How diagnostics are printed: the compiler's text format, or SARIF 2.1.0 for code-scanning UIs.</summary>
internal static class DiagnosticOutput
{
    public const string Text = "text";
    public const string Sarif = "sarif";

    /// <summary>
    /// One line per diagnostic, as the build prints it (<c>path(line,col): error EVC005: message (help link)</c>), written by
    /// Roslyn's own formatter so that editors and CI problem matchers read it as they read a build.
    /// </summary>
    public static void WriteText(TextWriter output, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (Diagnostic diagnostic in diagnostics)
        {
            output.WriteLine(Format(diagnostic));
        }
    }

    private static readonly DiagnosticFormatter s_formatter = new();

    /// <summary>The compiler's line, with the help link after the message as the .NET SDK's build prints it.</summary>
    public static string Format(Diagnostic diagnostic)
    {
        string line = s_formatter.Format(diagnostic, CultureInfo.InvariantCulture);
        return string.IsNullOrEmpty(diagnostic.Descriptor.HelpLinkUri) ? line : $"{line} ({diagnostic.Descriptor.HelpLinkUri})";
    }

    /// <summary>
    /// A SARIF 2.1.0 log with one run: the rules that fired (id, title, help link) and one result per
    /// diagnostic with its file and region (1-based lines and columns; the end column exclusive, as SARIF's).
    /// </summary>
    public static void WriteSarif(Stream output, IEnumerable<Diagnostic> diagnostics, string toolVersion)
    {
        List<Diagnostic> all = diagnostics.ToList();
        var rules = all.Select(d => d.Descriptor).GroupBy(d => d.Id).Select(g => g.First()).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "eventcatalog");
        json.WriteString("version", toolVersion);
        json.WriteString("informationUri", "https://github.com/eventcatalog-dotnet/EventCatalog");
        json.WriteStartArray("rules");
        foreach (DiagnosticDescriptor rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("name", RuleName(rule));
            json.WriteStartObject("shortDescription");
            json.WriteString("text", rule.Title.ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();
            if (!string.IsNullOrEmpty(rule.HelpLinkUri))
            {
                json.WriteString("helpUri", rule.HelpLinkUri);
            }

            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(rule.DefaultSeverity));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("results");
        foreach (Diagnostic diagnostic in all)
        {
            FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
            json.WriteStartObject();
            json.WriteString("ruleId", diagnostic.Id);
            json.WriteNumber("ruleIndex", rules.FindIndex(r => r.Id == diagnostic.Id));
            json.WriteString("level", Level(diagnostic.Severity));
            json.WriteStartObject("message");
            json.WriteString("text", diagnostic.GetMessage(CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", Uri(span.Path));
            json.WriteEndObject();
            json.WriteStartObject("region");
            json.WriteNumber("startLine", span.StartLinePosition.Line + 1);
            json.WriteNumber("startColumn", span.StartLinePosition.Character + 1);
            json.WriteNumber("endLine", span.EndLinePosition.Line + 1);
            json.WriteNumber("endColumn", span.EndLinePosition.Character + 1);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A relative path stays relative (SARIF resolves it against the scan root); an absolute one becomes a file: URI.</summary>
    private static string Uri(string path) =>
        Path.IsPathRooted(path) ? new Uri(path).AbsoluteUri : path.Replace('\\', '/');

    /// <summary>SARIF's rule name is an identifier: the title in PascalCase ("Unknown field type" -> UnknownFieldType).</summary>
    private static string RuleName(DiagnosticDescriptor rule) =>
        string.Concat(rule.Title.ToString(CultureInfo.InvariantCulture)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray()))
            .Where(w => w.Length > 0)
            .Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1)));

    private static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };
}
