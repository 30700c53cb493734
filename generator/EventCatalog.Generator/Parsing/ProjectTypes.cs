using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EventCatalog.Generator.Diagnostics;
using EventCatalog.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EventCatalog.Generator.Parsing;

/// <summary>
/// EVC007 against the project's own code: a type the project declares with the full name of a type a catalog generates
/// (a record, the catalog class, or a subscriber type <c>I{Category}Event</c>, <c>I{Category}Handler</c>, <c>{Category}HandlerBase</c>)
/// would be a compiler error in generated code (CS0101, CS0260, CS8863). The project's own <c>partial</c> parts of a generated
/// partial type are welcome: a record's <c>partial record</c> body (its <c>Upcast</c>) without a parameter list, and
/// <c>partial class</c> parts of the catalog class. Like a collision between catalogs (<see cref="CatalogSet"/>), the catalog then
/// generates nothing and gets one EVC007 at its first clashing type, counting the others: one mistake, one error.
/// </summary>
internal static class ProjectTypes
{
    /// <summary><see cref="DeclaredType.Partial"/> of a generated <c>partial record</c>.</summary>
    public const string PartialRecord = "record";

    /// <summary><see cref="DeclaredType.Partial"/> of the generated <c>static partial class</c>.</summary>
    public const string PartialClass = "class";

    /// <summary>
    /// The EVC007 of a catalog whose <paramref name="types"/> clash with <paramref name="compilation"/>'s own types (its source:
    /// a referenced assembly's type of the same name is another namespace's business), or nothing. The generator's compilation
    /// never holds its own output, so any declaration found is the user's.
    /// </summary>
    public static EquatableArray<DiagnosticInfo> Clashes(EquatableArray<DeclaredType> types, Compilation compilation, CancellationToken cancellationToken)
    {
        (DeclaredType Type, INamedTypeSymbol User)? first = null;
        int more = 0;
        foreach (DeclaredType type in types)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (compilation.Assembly.GetTypeByMetadataName(type.FullName) is { } user && !IsOwnPart(user, type, cancellationToken))
            {
                if (first is null)
                {
                    first = (type, user);
                }
                else
                {
                    more++;
                }
            }
        }

        if (first is not { } clash)
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        FileLinePositionSpan where = clash.User.Locations.FirstOrDefault(l => l.IsInSource)?.GetLineSpan() ?? default;
        string at = where.Path is { Length: > 0 } ? $" ({System.IO.Path.GetFileName(where.Path)}, line {where.StartLinePosition.Line + 1})" : string.Empty;
        string others = more == 0 ? string.Empty : $" ({more} more of its types collide the same way)";
        string partial = clash.Type.Partial is { } kind ? $"; only 'partial {kind}' parts of it may be declared" : string.Empty;
        return new EquatableArray<DiagnosticInfo>(new[]
        {
            DiagnosticInfo.Create(
                DiagnosticDescriptors.NameCollision,
                clash.Type.Location,
                $"The C# type '{clash.Type.FullName}' ({clash.Type.Description}) is also declared in the project's code{at}{partial}{others}; rename that type, or give the catalog another 'namespace'."),
        });
    }

    /// <summary>Whether every declaration of <paramref name="user"/> is a part the generated partial <paramref name="type"/> accepts.</summary>
    private static bool IsOwnPart(INamedTypeSymbol user, DeclaredType type, CancellationToken cancellationToken)
    {
        if (type.Partial is null || user.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        foreach (SyntaxReference reference in user.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return false;
            }

            bool fits = type.Partial == PartialRecord
                ? declaration is RecordDeclarationSyntax { ParameterList: null } record && !record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword)
                : declaration is ClassDeclarationSyntax;
            if (!fits)
            {
                return false;
            }
        }

        return true;
    }
}
