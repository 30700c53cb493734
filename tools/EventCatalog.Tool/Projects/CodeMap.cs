extern alias analyzers;

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using analyzers::EventCatalog.Analyzers.Analysis;
using analyzers::EventCatalog.Analyzers.Knowledge;
using CatalogContractNames = analyzers::EventCatalog.Contract.CatalogContract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace EventCatalog.Tool.Projects;

/// <summary>A place in the code: the file (relative to the folder of the project or solution given), 1-based line and column, and the project.</summary>
internal sealed record CodeSite(string Path, int Line, int Column, string Project)
{
    public override string ToString() => $"{Path}:{Line}";
}

/// <summary>A class that handles a category's events (issue 22): it implements the generated <c>I{Category}Handler</c>, in full (<paramref name="Exhaustive"/>) or through <c>{Category}HandlerBase</c>.</summary>
internal sealed record HandlerSite(string Type, CodeSite Site, bool Exhaustive)
{
    public override string ToString() => $"{Type} ({Site})";
}

/// <summary>A site whose topic the analyzer could not resolve to a category (a topic computed at run time), with the event when that is known.</summary>
internal sealed record UnresolvedSite(CodeSite Site, string Method, string? EventType);

/// <summary>
/// Where a project's code publishes each event and subscribes to each category's topic, from the publish
/// analyzer's own site finding (<see cref="PublishSites"/>) and topic resolution (<see cref="TopicResolver"/>)
/// on the compilations MSBuildWorkspace builds (source generators included, so the catalog's records exist).
/// Catalogs are named by their class's full name (<c>ExESDB.Events</c>), events and categories by wire name.
/// </summary>
internal sealed class CodeMap
{
    private readonly Dictionary<(string Catalog, string EventType), List<CodeSite>> _publishes = new();
    private readonly Dictionary<(string Catalog, string Category), List<CodeSite>> _subscriptions = new();
    private readonly Dictionary<(string Catalog, string Category), List<HandlerSite>> _handlers = new();
    private readonly List<UnresolvedSite> _unresolved = new();
    private readonly HashSet<(string Path, int Line, int Column)> _seen = new();
    private readonly HashSet<(string Path, int Line, (string Catalog, string Category) Category)> _seenHandlers = new();

    private CodeMap(string source, IReadOnlyList<string> projects)
    {
        Source = source;
        Projects = projects;
    }

    /// <summary>The .csproj or .sln as given.</summary>
    public string Source { get; }

    /// <summary>The names of the projects analysed (<see cref="NameOf"/>: a multi-targeted project once), in load order.</summary>
    public IReadOnlyList<string> Projects { get; }

    /// <summary>Sites with an unresolved topic, in file and line order.</summary>
    public IReadOnlyList<UnresolvedSite> Unresolved => _unresolved.OrderBy(u => u.Site.Path, StringComparer.Ordinal).ThenBy(u => u.Site.Line).ToList();

    /// <summary>The sites that publish <paramref name="eventType"/> of catalog <paramref name="catalog"/>, in file and line order.</summary>
    public IReadOnlyList<CodeSite> PublishesOf(string catalog, string eventType) =>
        _publishes.TryGetValue((catalog, eventType), out List<CodeSite>? sites) ? Ordered(sites) : Array.Empty<CodeSite>();

    /// <summary>The sites that subscribe to category <paramref name="category"/>'s topic of catalog <paramref name="catalog"/>.</summary>
    public IReadOnlyList<CodeSite> SubscriptionsOf(string catalog, string category) =>
        _subscriptions.TryGetValue((catalog, category), out List<CodeSite>? sites) ? Ordered(sites) : Array.Empty<CodeSite>();

    /// <summary>The classes that handle category <paramref name="category"/>'s events of catalog <paramref name="catalog"/> (receive sites), in file and line order.</summary>
    public IReadOnlyList<HandlerSite> HandlersOf(string catalog, string category) =>
        _handlers.TryGetValue((catalog, category), out List<HandlerSite>? handlers)
            ? handlers.OrderBy(h => h.Site.Path, StringComparer.Ordinal).ThenBy(h => h.Site.Line).ToList()
            : Array.Empty<HandlerSite>();

    /// <summary>Loads <paramref name="path"/> (see <see cref="ProjectLoader.OpenAsync"/>) and maps its sites.</summary>
    /// <exception cref="ToolException">The file does not exist, is not a project or solution, or MSBuild could not load it.</exception>
    public static async Task<CodeMap> LoadAsync(string path, TextWriter log, CancellationToken cancellationToken)
    {
        using LoadedProjects loaded = await ProjectLoader.OpenAsync(path, log, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<Project> projects = loaded.Projects;
        string full = System.IO.Path.GetFullPath(path);
        string baseFolder = System.IO.Path.GetDirectoryName(full)!;
        var map = new CodeMap(path, projects.Select(NameOf).Distinct(StringComparer.Ordinal).ToList());
        foreach (Project project in projects)
        {
            string projectName = NameOf(project);
            Compilation? compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null || CatalogIndex.Create(compilation) is not { } index)
            {
                continue;
            }

            var sites = new PublishSites(index);
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                SemanticModel model = compilation.GetSemanticModel(tree);
                SyntaxNode root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
                foreach (InvocationExpressionSyntax call in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (model.GetOperation(call, cancellationToken) is IInvocationOperation invocation)
                    {
                        if (sites.Find(invocation) is { } site)
                        {
                            map.Add(site, invocation, projectName, baseFolder);
                        }
                        else if (CategoryOf(index, invocation) is { } typed)
                        {
                            // The catalog's Subscribe(bus, store, handler) and {Category}Stream(bus, store): the category is in the types.
                            map.AddSubscription(typed, invocation.Syntax, projectName, baseFolder);
                        }
                    }
                }

                foreach (TypeDeclarationSyntax declaration in root.DescendantNodes().OfType<TypeDeclarationSyntax>())
                {
                    if (model.GetDeclaredSymbol(declaration, cancellationToken) is INamedTypeSymbol { IsAbstract: false } type)
                    {
                        map.AddHandlers(index, type, declaration, projectName, baseFolder);
                    }
                }
            }
        }

        return map;
    }

    /// <summary>
    /// The project's name: its file's name without the extension (<c>Shop</c> for <c>Shop.csproj</c>). MSBuildWorkspace
    /// loads a multi-targeted project once per target framework and names each <c>Shop(net8.0)</c>, <c>Shop(net10.0)</c>;
    /// all are the one project <c>Shop</c> (a site compiled for several targets is one site).
    /// </summary>
    private static string NameOf(Project project) =>
        project.FilePath is { Length: > 0 } file ? System.IO.Path.GetFileNameWithoutExtension(file) : project.Name;

    /// <summary>The catalog and category of a generated <c>I{Category}Handler</c> or <c>I{Category}Event</c> interface.</summary>
    private static (string Catalog, string Category)? CategoryOfInterface(CatalogIndex index, ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Interface } candidate)
        {
            return null;
        }

        foreach (CatalogInfo catalog in index.All)
        {
            if (!SymbolEqualityComparer.Default.Equals(catalog.Type.ContainingNamespace, candidate.ContainingNamespace))
            {
                continue;
            }

            foreach (CategoryInfo category in catalog.Categories)
            {
                if (candidate.Name == CatalogContractNames.HandlerInterface(category.MemberName) || candidate.Name == CatalogContractNames.EventInterface(category.MemberName))
                {
                    return (catalog.DisplayName, category.Name);
                }
            }
        }

        return null;
    }

    /// <summary>A call of the catalog's generated <c>Subscribe</c> (by its handler parameter) or <c>{Category}Stream</c> (by its element type).</summary>
    private static (string Catalog, string Category)? CategoryOf(CatalogIndex index, IInvocationOperation invocation)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (index.Catalog(method.ContainingType) is null)
        {
            return null;
        }

        if (method.Name == CatalogContractNames.Subscribe)
        {
            return method.Parameters.Select(p => CategoryOfInterface(index, p.Type)).FirstOrDefault(c => c is not null);
        }

        return method.ReturnType is INamedTypeSymbol { Name: "CategoryStream", TypeArguments.Length: 1 } stream ? CategoryOfInterface(index, stream.TypeArguments[0]) : null;
    }

    private CodeSite Where(SyntaxNode syntax, string project, string baseFolder)
    {
        FileLinePositionSpan span = syntax.GetLocation().GetLineSpan();
        string file = span.Path.Length == 0 ? "(generated)" : System.IO.Path.GetRelativePath(baseFolder, span.Path).Replace('\\', '/');
        return new CodeSite(file, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, project);
    }

    private void AddSubscription((string Catalog, string Category) category, SyntaxNode syntax, string project, string baseFolder)
    {
        CodeSite where = Where(syntax, project, baseFolder);
        if (_seen.Add((where.Path, where.Line - 1, where.Column - 1)))
        {
            Add(_subscriptions, category, where);
        }
    }

    /// <summary>Each category handler interface <paramref name="type"/> implements (a class in two projects, or two targets, counts once per category).</summary>
    private void AddHandlers(CatalogIndex index, INamedTypeSymbol type, TypeDeclarationSyntax declaration, string project, string baseFolder)
    {
        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (CategoryOfInterface(index, implemented) is not { } category || implemented.Name.EndsWith("Event", StringComparison.Ordinal))
            {
                continue;
            }

            CodeSite where = Where(declaration.Identifier.Parent ?? declaration, project, baseFolder);
            if (!_seenHandlers.Add((where.Path, where.Line, category)))
            {
                continue;
            }

            bool viaBase = false;
            for (INamedTypeSymbol? baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
            {
                viaBase |= baseType.Interfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, implemented));
            }

            if (!_handlers.TryGetValue(category, out List<HandlerSite>? list))
            {
                list = new List<HandlerSite>();
                _handlers[category] = list;
            }

            list.Add(new HandlerSite(type.Name, where, Exhaustive: !viaBase));
        }
    }

    private static IReadOnlyList<CodeSite> Ordered(List<CodeSite> sites) =>
        sites.OrderBy(s => s.Path, StringComparer.Ordinal).ThenBy(s => s.Line).ThenBy(s => s.Column).ToList();

    private void Add(PublishSite site, IInvocationOperation invocation, string project, string baseFolder)
    {
        FileLinePositionSpan span = invocation.Syntax.GetLocation().GetLineSpan();
        string file = span.Path.Length == 0 ? "(generated)" : System.IO.Path.GetRelativePath(baseFolder, span.Path).Replace('\\', '/');

        // A file compiled into two projects of a solution is one site.
        if (!_seen.Add((file, span.StartLinePosition.Line, span.StartLinePosition.Character)))
        {
            return;
        }

        var where = new CodeSite(file, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, project);
        string method = invocation.TargetMethod.Name;
        if (site.IsSubscription)
        {
            if (site.Topic is { IsKnown: true } topic)
            {
                Add(_subscriptions, (topic.Catalog.DisplayName, topic.Category), where);
            }
            else
            {
                _unresolved.Add(new UnresolvedSite(where, method, null));
            }

            return;
        }

        // A publish counts for its event whatever the topic; a topic the analyzer cannot resolve is listed too,
        // so the page shows what it could not check.
        if (site.Event is { } evt && site.EventType is { } eventType)
        {
            Add(_publishes, (evt.Catalog.DisplayName, eventType), where);
            if (site.Topic is not { IsKnown: true })
            {
                _unresolved.Add(new UnresolvedSite(where, method, eventType));
            }
        }
        else if (site.Topic is not { IsKnown: true })
        {
            _unresolved.Add(new UnresolvedSite(where, method, null));
        }
    }

    private static void Add<TKey>(Dictionary<TKey, List<CodeSite>> map, TKey key, CodeSite site)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out List<CodeSite>? list))
        {
            list = new List<CodeSite>();
            map[key] = list;
        }

        list.Add(site);
    }
}
