using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.CodeFixes;

/// <summary>
/// "Implement the upcast" for EVC016 (docs/diagnostics/EVC016.md): adds the document <c>&lt;Record&gt;.Upcast.cs</c>
/// to the project with the user's part of the record and the upcast from the previous version, copying every field
/// that keeps its name and type and leaving each other field as a compile error (an identifier that does not exist
/// and says what to write), never a guessed value.
/// </summary>
/// <remarks>
/// EVC016 stands on the event's <c>version</c> in the catalog, an additional (YAML) document: Roslyn 4.x hands such
/// a diagnostic to a code fix through <see cref="CodeFixContext.TextDocument"/>. The diagnostic's properties name the
/// two records by metadata name (<c>Record</c>, <c>Previous</c>); the fields are read from the compilation, so the
/// fix follows what the generator emitted rather than a second reading of the YAML.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UpcastCodeFixProvider))]
[Shared]
public sealed class UpcastCodeFixProvider : CodeFixProvider
{
    /// <summary>The catalog analyzer's "Upcaster is not implemented" (declared in the generator assembly).</summary>
    public const string MissingUpcasterId = "EVC016";

    /// <summary>The diagnostic property with the metadata name of the record that declares the upcast.</summary>
    public const string RecordProperty = "Record";

    /// <summary>The diagnostic property with the metadata name of the previous version's record.</summary>
    public const string PreviousProperty = "Previous";

    /// <summary>The prefix of every value the fix cannot know: an identifier that does not exist, so the project does not build until it is written.</summary>
    public const string FillInPrefix = "TODO_";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(MissingUpcasterId);

    /// <summary>None: each fix adds its own file, and a catalog has few versioned events.</summary>
    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Project project = context.TextDocument.Project;
        Compilation? compilation = null;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(RecordProperty, out string? recordName) || recordName is null
                || !diagnostic.Properties.TryGetValue(PreviousProperty, out string? previousName) || previousName is null)
            {
                continue;
            }

            compilation ??= await project.GetCompilationAsync(context.CancellationToken).ConfigureAwait(false);
            INamedTypeSymbol? record = compilation?.GetBestTypeByMetadataName(recordName);
            INamedTypeSymbol? previous = compilation?.GetBestTypeByMetadataName(previousName);
            if (record is null || previous is null)
            {
                continue;
            }

            string text = Write(record, previous, LanguageVersionOf(project), await NewLineOf(project, context.CancellationToken).ConfigureAwait(false));
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Implement the upcast from {previous.Name} to {record.Name}",
                    _ => Task.FromResult(AddDocument(project, record.Name, text)),
                    equivalenceKey: "ImplementUpcast:" + recordName + "<-" + previousName),
                diagnostic);
        }
    }

    /// <summary>
    /// The new document's text: the record's partial part in the record's namespace (file-scoped from C# 10) with
    /// <c>public static partial R Upcast(P previous) => new(...)</c>, one named argument per positional parameter of
    /// <paramref name="record"/>, in declaration order.
    /// </summary>
    /// <param name="record">The record of the later version (a generated positional record).</param>
    /// <param name="previous">The record of the version before.</param>
    /// <param name="languageVersion">The project's C# version.</param>
    /// <param name="newLine">The line ending of the project's files.</param>
    internal static string Write(INamedTypeSymbol record, INamedTypeSymbol previous, LanguageVersion languageVersion, string newLine)
    {
        int? version = record.GetMembers("DataVersion").OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue)?.ConstantValue as int?;
        IMethodSymbol? constructor = record.InstanceConstructors
            .Where(c => !(c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, record)))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        IReadOnlyList<string> arguments = (constructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty)
            .Select(p => p.Name + ": " + ValueFor(p, previous, version))
            .ToList();

        bool hasNamespace = !record.ContainingNamespace.IsGlobalNamespace;
        bool fileScoped = hasNamespace && languageVersion >= LanguageVersion.CSharp10;
        string indent = hasNamespace && !fileScoped ? "    " : string.Empty;
        var lines = new List<string>();
        if (fileScoped)
        {
            lines.Add($"namespace {record.ContainingNamespace.ToDisplayString()};");
            lines.Add(string.Empty);
        }
        else if (hasNamespace)
        {
            lines.Add($"namespace {record.ContainingNamespace.ToDisplayString()}");
            lines.Add("{");
        }

        lines.Add($"{indent}public sealed partial record {record.Name}");
        lines.Add($"{indent}{{");
        string declaration = $"{indent}    public static partial {record.Name} Upcast({previous.Name} previous) =>";
        if (arguments.Count == 0)
        {
            lines.Add(declaration + " new();");
        }
        else
        {
            lines.Add(declaration + " new(");
            for (int i = 0; i < arguments.Count; i++)
            {
                lines.Add($"{indent}        {arguments[i]}{(i == arguments.Count - 1 ? ");" : ",")}");
            }
        }

        lines.Add($"{indent}}}");
        if (hasNamespace && !fileScoped)
        {
            lines.Add("}");
        }

        var text = new StringBuilder();
        foreach (string line in lines)
        {
            text.Append(line).Append(newLine);
        }

        return text.ToString();
    }

    /// <summary>
    /// <c>previous.X</c> when the previous version has a property <c>X</c> whose value converts without loss (the same
    /// type, or the same type made optional); else an identifier that does not exist and says what to write.
    /// </summary>
    private static string ValueFor(IParameterSymbol parameter, INamedTypeSymbol previous, int? version)
    {
        IPropertySymbol? before = previous.GetMembers(parameter.Name).OfType<IPropertySymbol>().FirstOrDefault(p => !p.IsStatic && p.Parameters.IsEmpty);
        string inVersion = version is { } v ? "_in_version_" + v.ToString(CultureInfo.InvariantCulture) : string.Empty;
        if (before is null)
        {
            return $"{FillInPrefix}set_{parameter.Name}_new{inVersion}";
        }

        return CarriesOver(before.Type, parameter.Type)
            ? "previous." + before.Name
            : $"{FillInPrefix}convert_previous_{before.Name}_type_changed{inVersion}";
    }

    private static bool CarriesOver(ITypeSymbol from, ITypeSymbol to)
    {
        if (SymbolEqualityComparer.IncludeNullability.Equals(from, to))
        {
            return true;
        }

        // A reference type made optional (string → string?), or a value type made optional (long → long?).
        if (to.IsReferenceType && to.NullableAnnotation == NullableAnnotation.Annotated
            && SymbolEqualityComparer.IncludeNullability.Equals(from.WithNullableAnnotation(NullableAnnotation.Annotated), to))
        {
            return true;
        }

        return to is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            && SymbolEqualityComparer.IncludeNullability.Equals(nullable.TypeArguments[0], from);
    }

    private static LanguageVersion LanguageVersionOf(Project project) =>
        (project.ParseOptions as CSharpParseOptions)?.LanguageVersion.MapSpecifiedToEffectiveVersion() ?? LanguageVersion.CSharp9;

    /// <summary>The line ending of the project's first C# document (CRLF or LF), so the new file matches its neighbours.</summary>
    private static async Task<string> NewLineOf(Project project, CancellationToken cancellationToken)
    {
        Document? first = project.Documents.FirstOrDefault(d => d.SourceCodeKind == SourceCodeKind.Regular);
        if (first is null)
        {
            return "\n";
        }

        SourceText text = await first.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return text.Lines.Count > 1 && text.Lines[0].EndIncludingLineBreak - text.Lines[0].End == 2 ? "\r\n" : "\n";
    }

    /// <summary>The solution with <c>&lt;Record&gt;.Upcast.cs</c> added beside the project file (a number added if that name is taken).</summary>
    private static Solution AddDocument(Project project, string recordName, string text)
    {
        var taken = new HashSet<string>(project.Documents.Select(d => d.Name), System.StringComparer.OrdinalIgnoreCase);
        string name = recordName + ".Upcast.cs";
        for (int n = 2; taken.Contains(name); n++)
        {
            name = recordName + ".Upcast" + n.ToString(CultureInfo.InvariantCulture) + ".cs";
        }

        string? directory = project.FilePath is { } projectPath ? System.IO.Path.GetDirectoryName(projectPath) : null;
        string? filePath = directory is null ? null : System.IO.Path.Combine(directory, name);
        return project.AddDocument(name, SourceText.From(text, Encoding.UTF8), folders: null, filePath: filePath).Project.Solution;
    }
}
