using System.Collections.Generic;
using System.Linq;
using System.Text;
using EventCatalog.Analyzers.Knowledge;
using EventCatalog.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace EventCatalog.Analyzers.Analysis;

/// <summary>
/// How a fix rewrites a topic to another category: replace <see cref="At"/> with
/// <see cref="Before"/> + the category + <see cref="After"/>.
/// </summary>
/// <param name="At">The source to replace: the category's name where it is written, or a local's reference at the call site.</param>
/// <param name="Before">Text written before the category (empty for an edit in place).</param>
/// <param name="After">Text written after the category (empty for an edit in place).</param>
/// <param name="UsesMemberName">True when the category is written as its C# member name (<c>Topics.Cluster</c>), false for the wire name.</param>
/// <param name="IsCallSite">True when <see cref="At"/> is a local's reference that the whole topic expression replaces.</param>
internal sealed record TopicEdit(Location At, string Before, string After, bool UsesMemberName, bool IsCallSite)
{
    /// <summary>The replacement text for <see cref="At"/>, for a category given as its wire name and member name.</summary>
    public string Text(CategoryInfo category) => Before + (UsesMemberName ? category.MemberName : category.Name) + After;

    /// <summary>The replacement text for <see cref="At"/>, for a wire name (EVC101's did-you-mean, only for wire-name edits).</summary>
    public string Text(string wireName) => Before + wireName + After;
}

/// <summary>What a topic expression says: its catalog and category, and how a fix may rewrite the category.</summary>
/// <param name="Catalog">The catalog whose topic it is.</param>
/// <param name="Category">The category's wire name as written (it may be unknown to the catalog: see <see cref="IsKnown"/>).</param>
/// <param name="Text">The topic as far as it is known (holes for unknown parts), for messages.</param>
/// <param name="Edit">How a fix rewrites the category, or null when no edit is safe.</param>
/// <param name="IsConstant">True when the whole topic text is a compile-time constant.</param>
/// <param name="IsCatalogApi">True when the topic comes from the catalog's own API (<c>Topics.X</c>, <c>BuildTopic</c>), not from matching text.</param>
internal sealed record TopicInfo(CatalogInfo Catalog, string Category, string Text, TopicEdit? Edit, bool IsConstant, bool IsCatalogApi)
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
        if (member.ContainingType is not { Name: CatalogContract.TopicsClass } topics
            || _index.Catalog(topics.ContainingType) is not { } catalog
            || _index.CategoryName(member.OriginalDefinition) is not { } category)
        {
            return null;
        }

        return new TopicInfo(catalog, category, member.Name, InPlace(NameLocation(syntax), usesMemberName: true), IsConstant: false, IsCatalogApi: true);
    }

    /// <summary><c>BuildTopic(store, Category.X)</c> with a constant category.</summary>
    private TopicInfo? FromBuildTopic(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.Name != CatalogContract.BuildTopic || _index.Catalog(invocation.TargetMethod.ContainingType) is not { } catalog)
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
        foreach (INamedTypeSymbol categoryEnum in catalog.Type.GetTypeMembers(CatalogContract.CategoryEnum))
        {
            foreach (IFieldSymbol field in categoryEnum.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.HasConstantValue && Equals(field.ConstantValue, constant) && _index.CategoryName(field) is { } category)
                {
                    return new TopicInfo(catalog, category, field.Name, InPlace(NameLocation(value.Syntax), usesMemberName: true), IsConstant: false, IsCatalogApi: true);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A local assigned once, at its declaration: its initializer is its value everywhere. A fix edits the
    /// declaration only when this reference is the local's only use; otherwise it replaces this reference
    /// with the initializer rewritten to the new category (where that means the same thing at the call
    /// site), so the local's other uses keep their topic. With neither safe, it offers no fix.
    /// </summary>
    private TopicInfo? FromLocal(ILocalReferenceOperation reference, CatalogInfo? preferred, int depth)
    {
        if (AssignedOnce(reference, out int references) is not { } value
            || reference.SemanticModel is not { } model
            || value.Syntax is not ExpressionSyntax initializer
            || Resolve(value, preferred, depth + 1) is not { } topic)
        {
            return null;
        }

        if (topic.Edit is null || references == 1)
        {
            return topic;
        }

        return topic with { Edit = CallSiteEdit(reference, initializer, value, topic.Edit, model) };
    }

    /// <summary>
    /// The value of a local assigned once, at its declaration, and never written after (so the initializer is its
    /// value everywhere), with how many times its scope reads it; null for any other local.
    /// </summary>
    public static IOperation? AssignedOnce(ILocalReferenceOperation reference, out int references)
    {
        references = 0;
        ILocalSymbol local = reference.Local;
        SemanticModel? model = reference.SemanticModel;
        if (model is null
            || local.RefKind != RefKind.None
            || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer: { } initializer } declarator
            || declarator.SyntaxTree != model.SyntaxTree
            || Scope(declarator) is not { } scope)
        {
            return null;
        }

        (bool written, references) = Uses(local, scope, model);
        return written ? null : model.GetOperation(initializer.Value);
    }

    /// <summary>
    /// The edit that replaces <paramref name="reference"/> with <paramref name="initializer"/>'s text, its category
    /// rewritten in place — or null unless that text is pure (the catalog's topic methods, constants, string
    /// operations, locals and parameters never written, readonly fields) and every name in it binds at the call
    /// site to what it binds to in the declaration.
    /// </summary>
    private TopicEdit? CallSiteEdit(ILocalReferenceOperation reference, ExpressionSyntax initializer, IOperation value, TopicEdit inner, SemanticModel model)
    {
        TextSpan at = inner.At.SourceSpan;
        if (inner.IsCallSite
            || inner.At.SourceTree != initializer.SyntaxTree
            || !initializer.Span.Contains(at)
            || !IsReplayable(value, model, 0))
        {
            return null;
        }

        int position = reference.Syntax.SpanStart;
        foreach (IdentifierNameSyntax name in initializer.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name
                || name.Parent is QualifiedNameSyntax qualified && qualified.Right == name
                || name.Parent is AliasQualifiedNameSyntax
                || name.Parent is NameColonSyntax)
            {
                continue;
            }

            ISymbol? original = model.GetSymbolInfo(name).Symbol;
            SpeculativeBindingOption option = original is INamespaceOrTypeSymbol ? SpeculativeBindingOption.BindAsTypeOrNamespace : SpeculativeBindingOption.BindAsExpression;
            if (original is null || !SymbolEqualityComparer.Default.Equals(original, model.GetSpeculativeSymbolInfo(position, name, option).Symbol))
            {
                return null;
            }
        }

        string text = initializer.ToString();
        int start = at.Start - initializer.SpanStart;
        string before = text.Substring(0, start);
        string after = text.Substring(start + at.Length);

        // The reference stands alone as the argument; where it does not (`topic!`), keep a binary or conditional whole.
        if (reference.Syntax.Parent is not ArgumentSyntax && initializer is not (InvocationExpressionSyntax or MemberAccessExpressionSyntax or IdentifierNameSyntax or LiteralExpressionSyntax or InterpolatedStringExpressionSyntax or ParenthesizedExpressionSyntax))
        {
            before = "(" + before;
            after += ")";
        }

        return new TopicEdit(reference.Syntax.GetLocation(), before, after, inner.UsesMemberName, IsCallSite: true);
    }

    /// <summary>True when evaluating the operation again, later in the same body, gives the same string with no other effect.</summary>
    private bool IsReplayable(IOperation? operation, SemanticModel model, int depth)
    {
        if (operation is null || depth > 32)
        {
            return false;
        }

        if (operation.ConstantValue.HasValue)
        {
            return true;
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return conversion.OperatorMethod is null && IsReplayable(conversion.Operand, model, depth + 1);
            case IParenthesizedOperation parenthesized:
                return IsReplayable(parenthesized.Operand, model, depth + 1);
            case ILocalReferenceOperation local:
                return local.Local.RefKind == RefKind.None
                    && local.Local.DeclaringSyntaxReferences.Length == 1
                    && local.Local.DeclaringSyntaxReferences[0].GetSyntax() is { } declaration
                    && declaration.SyntaxTree == model.SyntaxTree
                    && Scope(declaration) is { } localScope
                    && !Uses(local.Local, localScope, model).Written;
            case IParameterReferenceOperation parameter:
                return parameter.Parameter.RefKind == RefKind.None
                    && parameter.Parameter.DeclaringSyntaxReferences.Length == 1
                    && parameter.Parameter.DeclaringSyntaxReferences[0].GetSyntax() is { } declaration2
                    && declaration2.SyntaxTree == model.SyntaxTree
                    && Scope(declaration2) is { } parameterScope
                    && !Uses(parameter.Parameter, parameterScope, model).Written;
            case IFieldReferenceOperation field:
                // A readonly field only changes in a constructor: neither end of the move may be in one.
                return field.Field.IsReadOnly
                    && (field.Instance is null || field.Instance is IInstanceReferenceOperation)
                    && !operation.Syntax.Ancestors().Any(n => n is ConstructorDeclarationSyntax);
            case IInvocationOperation invocation:
                return (FromGeneratedTopic(invocation.TargetMethod, invocation.Syntax) is not null
                        || (invocation.TargetMethod.Name == CatalogContract.BuildTopic && _index.Catalog(invocation.TargetMethod.ContainingType) is not null))
                    && invocation.Arguments.All(a => a.ArgumentKind == ArgumentKind.DefaultValue || IsReplayable(a.Value, model, depth + 1));
            case IInterpolatedStringOperation interpolated:
                return interpolated.Parts.All(part => part switch
                {
                    IInterpolatedStringTextOperation => true,
                    IInterpolationOperation { Alignment: null, FormatString: null } hole =>
                        Unwrap(hole.Expression)?.Type?.SpecialType == SpecialType.System_String && IsReplayable(hole.Expression, model, depth + 1),
                    _ => false,
                });
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, OperatorMethod: null } binary when binary.Type?.SpecialType == SpecialType.System_String:
                // Only strings: another operand's ToString may depend on the culture at the time it runs.
                return IsStringOrConstant(binary.LeftOperand) && IsStringOrConstant(binary.RightOperand)
                    && IsReplayable(binary.LeftOperand, model, depth + 1) && IsReplayable(binary.RightOperand, model, depth + 1);
            default:
                return false;
        }

        static bool IsStringOrConstant(IOperation operand) =>
            operand.ConstantValue.HasValue || Unwrap(operand)?.Type?.SpecialType == SpecialType.System_String;
    }

    /// <summary>The body a local or parameter lives in: the nearest member, local function, lambda or accessor.</summary>
    private static SyntaxNode? Scope(SyntaxNode declaration) =>
        declaration.Ancestors().FirstOrDefault(n =>
            n is MemberDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax);

    /// <summary>Whether the symbol is written anywhere in its scope (beyond a local's initializer), and how often it is referenced.</summary>
    private static (bool Written, int References) Uses(ISymbol symbol, SyntaxNode scope, SemanticModel model)
    {
        bool written = false;
        int references = 0;
        foreach (IdentifierNameSyntax name in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (name.Identifier.ValueText == symbol.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, symbol))
            {
                references++;
                written |= IsWrite(name);
            }
        }

        return (written, references);
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
        // Sized for a typical topic, so that a site's flattening does not regrow them character by character.
        var text = new StringBuilder(64);
        var positions = new List<int>(64);
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
            var info = new TopicInfo(catalog, category, topic.Replace(CatalogInfo.Hole, '…'), InPlace(fix, usesMemberName: false), IsConstant: constant, IsCatalogApi: false);
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
                        Append(text, positions, s_hole, -1);
                    }
                }

                return true;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String && !binary.ConstantValue.HasValue:
                return FlattenOperand(binary.LeftOperand, text, positions, depth) && FlattenOperand(binary.RightOperand, text, positions, depth);

            default:
                if (operation.ConstantValue.HasValue && operation.ConstantValue.Value is string value)
                {
                    int start = operation.Syntax is LiteralExpressionSyntax literal && literal.Token.IsKind(SyntaxKind.StringLiteralToken) && IsPlainQuoted(literal.Token.Text, value)
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

        Append(text, positions, s_hole, -1);
        return true;
    }

    /// <summary>True when <paramref name="tokenText"/> is <paramref name="value"/> in plain quotes (no escapes, not verbatim): its characters map one to one.</summary>
    private static bool IsPlainQuoted(string tokenText, string value) =>
        tokenText.Length == value.Length + 2 && tokenText[0] == '"' && tokenText[tokenText.Length - 1] == '"'
        && string.CompareOrdinal(tokenText, 1, value, 0, value.Length) == 0;

    private static readonly string s_hole = CatalogInfo.Hole.ToString();

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

    private static TopicEdit? InPlace(Location? at, bool usesMemberName) =>
        at is null ? null : new TopicEdit(at, string.Empty, string.Empty, usesMemberName, IsCallSite: false);

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
