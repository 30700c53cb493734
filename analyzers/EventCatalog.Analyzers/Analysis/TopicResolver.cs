using System.Collections.Generic;
using System.Linq;
using System.Text;
using EventCatalog.Analyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Analyzers.Analysis;

/// <summary>What a topic expression says: its catalog and category, and where in the source the category is written.</summary>
/// <param name="Catalog">The catalog whose topic it is.</param>
/// <param name="Category">The category's wire name as written (it may be unknown to the catalog: see <see cref="IsKnown"/>).</param>
/// <param name="Text">The topic as far as it is known (holes for unknown parts), for messages.</param>
/// <param name="FixLocation">Where the category is written, if a fix can rewrite it there.</param>
/// <param name="FixUsesMemberName">True when the fix writes the C# member name (<c>Topics.Cluster</c>), false for the wire name.</param>
internal sealed record TopicInfo(CatalogInfo Catalog, string Category, string Text, Location? FixLocation, bool FixUsesMemberName, bool IsConstant)
{
    public bool IsKnown => Catalog.Category(Category) is not null;
}

/// <summary>
/// Recognises a topic's category from the forms SPEC §5 lists: the generated <c>Topics.X(...)</c> (or
/// constant), <c>BuildTopic(store, Category.X)</c>, a constant string, an interpolated string or a
/// concatenation whose category segment is constant, and a local assigned once from any of these.
/// Anything else is unknown (null): the analyzer then says nothing.
/// </summary>
internal sealed class TopicResolver
{
    private const int MaxDepth = 8;
    private const int MaxTextLength = 4096;

    private readonly CatalogIndex _index;

    public TopicResolver(CatalogIndex index) => _index = index;

    public TopicInfo? Resolve(IOperation? operation, CatalogInfo? preferred) => Resolve(operation, preferred, 0);

    private TopicInfo? Resolve(IOperation? operation, CatalogInfo? preferred, int depth)
    {
        operation = Unwrap(operation);
        if (operation is null || depth > MaxDepth)
        {
            return null;
        }

        switch (operation)
        {
            case IInvocationOperation invocation:
                return FromGeneratedTopic(invocation.TargetMethod, invocation.Syntax) ?? FromBuildTopic(invocation);
            case IFieldReferenceOperation field when FromGeneratedTopic(field.Field, field.Syntax) is { } constant:
                return constant;
            case ILocalReferenceOperation local when !local.Local.IsConst:
                return FromLocal(local, preferred, depth);
        }

        return FromText(operation, preferred);
    }

    /// <summary>The generated <c>Topics.X(store)</c> method or <c>Topics.X</c> constant.</summary>
    private TopicInfo? FromGeneratedTopic(ISymbol member, SyntaxNode syntax)
    {
        if (member.ContainingType is not { Name: "Topics" } topics
            || _index.Catalog(topics.ContainingType) is not { } catalog
            || _index.CategoryName(member.OriginalDefinition) is not { } category)
        {
            return null;
        }

        return new TopicInfo(catalog, category, member.Name, NameLocation(syntax), FixUsesMemberName: true, IsConstant: false);
    }

    /// <summary><c>BuildTopic(store, Category.X)</c> with a constant category.</summary>
    private TopicInfo? FromBuildTopic(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.Name != "BuildTopic" || _index.Catalog(invocation.TargetMethod.ContainingType) is not { } catalog)
        {
            return null;
        }

        IArgumentOperation? argument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "category");
        IOperation? value = Unwrap(argument?.Value);
        if (value is null || !value.ConstantValue.HasValue)
        {
            return null;
        }

        object? constant = value.ConstantValue.Value;
        foreach (INamedTypeSymbol categoryEnum in catalog.Type.GetTypeMembers("Category"))
        {
            foreach (IFieldSymbol field in categoryEnum.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.HasConstantValue && Equals(field.ConstantValue, constant) && _index.CategoryName(field) is { } category)
                {
                    return new TopicInfo(catalog, category, field.Name, NameLocation(value.Syntax), FixUsesMemberName: true, IsConstant: false);
                }
            }
        }

        return null;
    }

    /// <summary>A local assigned once, at its declaration: its initializer is its value everywhere.</summary>
    private TopicInfo? FromLocal(ILocalReferenceOperation reference, CatalogInfo? preferred, int depth)
    {
        ILocalSymbol local = reference.Local;
        SemanticModel? model = reference.SemanticModel;
        if (model is null
            || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer: { } initializer } declarator
            || declarator.SyntaxTree != model.SyntaxTree
            || IsWrittenAfterDeclaration(local, declarator, model))
        {
            return null;
        }

        return Resolve(model.GetOperation(initializer.Value), preferred, depth + 1);
    }

    private static bool IsWrittenAfterDeclaration(ILocalSymbol local, VariableDeclaratorSyntax declarator, SemanticModel model)
    {
        SyntaxNode? scope = declarator.Ancestors().FirstOrDefault(n =>
            n is MemberDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax);
        if (scope is null)
        {
            return true;
        }

        foreach (IdentifierNameSyntax name in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (name.Identifier.ValueText == local.Name
                && IsWrite(name)
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, local))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWrite(ExpressionSyntax name)
    {
        SyntaxNode child = name;
        SyntaxNode? parent = name.Parent;

        // (a, b) = ... : climb out of tuple elements on the left of an assignment.
        while (parent is ArgumentSyntax { Parent: TupleExpressionSyntax tuple })
        {
            child = tuple;
            parent = tuple.Parent;
        }

        return parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == child,
            PrefixUnaryExpressionSyntax prefix => prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression),
            PostfixUnaryExpressionSyntax postfix => postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression),
            ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword),
            RefExpressionSyntax => true,
            _ => false,
        };
    }

    /// <summary>A constant string, an interpolated string or a concatenation, matched against the catalogs' templates.</summary>
    private TopicInfo? FromText(IOperation operation, CatalogInfo? preferred)
    {
        var text = new StringBuilder();
        var positions = new List<int>();
        SyntaxTree? tree = operation.Syntax.SyntaxTree;
        if (!Flatten(operation, text, positions, 0) || text.Length == 0)
        {
            return null;
        }

        string topic = text.ToString();
        bool constant = topic.IndexOf(CatalogInfo.Hole) < 0;
        IEnumerable<CatalogInfo> catalogs = preferred is null ? _index.All : new[] { preferred }.Concat(_index.All.Where(c => !ReferenceEquals(c, preferred)));
        TopicInfo? shapeOnly = null;
        foreach (CatalogInfo catalog in catalogs)
        {
            if (!catalog.TryMatchShape(topic, out string category, out int index))
            {
                continue;
            }

            Location? fix = FixLocation(tree, positions, index, category.Length);
            var info = new TopicInfo(catalog, category, topic.Replace(CatalogInfo.Hole, '…'), fix, FixUsesMemberName: false, IsConstant: constant);
            if (info.IsKnown)
            {
                return info;
            }

            shapeOnly ??= info;
        }

        return shapeOnly;
    }

    private static bool Flatten(IOperation? operation, StringBuilder text, List<int> positions, int depth)
    {
        operation = Unwrap(operation);
        if (operation is null || depth > 64 || text.Length > MaxTextLength)
        {
            return false;
        }

        switch (operation)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (IInterpolatedStringContentOperation part in interpolated.Parts)
                {
                    if (part is IInterpolatedStringTextOperation textPart && textPart.Text.ConstantValue.Value is string literal)
                    {
                        int start = textPart.Syntax is InterpolatedStringTextSyntax syntax && syntax.TextToken.Text == literal ? syntax.TextToken.SpanStart : -1;
                        Append(text, positions, literal, start);
                    }
                    else if (part is IInterpolationOperation hole && hole.Alignment is null && hole.FormatString is null
                        && Unwrap(hole.Expression)?.ConstantValue.Value is string constantHole)
                    {
                        Append(text, positions, constantHole, -1);
                    }
                    else
                    {
                        Append(text, positions, CatalogInfo.Hole.ToString(), -1);
                    }
                }

                return true;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String && !binary.ConstantValue.HasValue:
                return FlattenOperand(binary.LeftOperand, text, positions, depth) && FlattenOperand(binary.RightOperand, text, positions, depth);

            default:
                if (operation.ConstantValue.HasValue && operation.ConstantValue.Value is string value)
                {
                    int start = operation.Syntax is LiteralExpressionSyntax literal && literal.Token.IsKind(SyntaxKind.StringLiteralToken) && literal.Token.Text == "\"" + value + "\""
                        ? literal.Token.SpanStart + 1
                        : -1;
                    Append(text, positions, value, start);
                    return true;
                }

                return false;
        }
    }

    private static bool FlattenOperand(IOperation operand, StringBuilder text, List<int> positions, int depth)
    {
        IOperation? unwrapped = Unwrap(operand);
        if (unwrapped is not null && (unwrapped.ConstantValue.HasValue || unwrapped is IInterpolatedStringOperation || unwrapped is IBinaryOperation))
        {
            return Flatten(unwrapped, text, positions, depth + 1);
        }

        Append(text, positions, CatalogInfo.Hole.ToString(), -1);
        return true;
    }

    private static void Append(StringBuilder text, List<int> positions, string value, int sourceStart)
    {
        text.Append(value);
        for (int i = 0; i < value.Length; i++)
        {
            positions.Add(sourceStart < 0 ? -1 : sourceStart + i);
        }
    }

    private static Location? FixLocation(SyntaxTree? tree, List<int> positions, int index, int length)
    {
        if (tree is null || index < 0 || length == 0 || index + length > positions.Count || positions[index] < 0)
        {
            return null;
        }

        for (int i = 1; i < length; i++)
        {
            if (positions[index + i] != positions[index] + i)
            {
                return null;
            }
        }

        return Location.Create(tree, new TextSpan(positions[index], length));
    }

    private static Location? NameLocation(SyntaxNode syntax) => syntax switch
    {
        InvocationExpressionSyntax invocation => NameLocation(invocation.Expression),
        MemberAccessExpressionSyntax access => access.Name.GetLocation(),
        IdentifierNameSyntax identifier => identifier.GetLocation(),
        _ => null,
    };

    public static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
