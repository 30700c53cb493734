using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using EventCatalog.Contract;
using EventCatalog.Generator.Model;
using Microsoft.CodeAnalysis;

namespace EventCatalog.Analyzers.Knowledge;

/// <summary>
/// What one compilation knows of EventCatalog: the runtime's marker types, resolved once, and the
/// catalogs, read lazily from attributes and cached. Thread-safe (analysis runs concurrently).
/// </summary>
internal sealed class CatalogIndex
{
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<ISymbol, CatalogInfo?> _catalogs = new(SymbolEqualityComparer.Default);
    private readonly Lazy<ImmutableArray<CatalogInfo>> _all;

    private CatalogIndex(Compilation compilation, INamedTypeSymbol topicParameter, INamedTypeSymbol eventParameter)
    {
        _compilation = compilation;
        TopicParameter = topicParameter;
        EventParameter = eventParameter;
        EventCatalogAttribute = compilation.GetBestTypeByMetadataName(CatalogContract.EventCatalogAttribute);
        CatalogCategoryAttribute = compilation.GetBestTypeByMetadataName(CatalogContract.CatalogCategoryAttribute);
        CatalogEventAttribute = compilation.GetBestTypeByMetadataName(CatalogContract.CatalogEventAttribute);
        EventCatalogTypeAttribute = compilation.GetBestTypeByMetadataName(CatalogContract.EventCatalogTypeAttribute);
        Envelope = compilation.GetBestTypeByMetadataName(CatalogContract.EventEnvelopeType);
        Payload = compilation.GetBestTypeByMetadataName(CatalogContract.EventPayloadType);
        _all = new Lazy<ImmutableArray<CatalogInfo>>(FindAll, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public INamedTypeSymbol TopicParameter { get; }

    public INamedTypeSymbol EventParameter { get; }

    public INamedTypeSymbol? EventCatalogAttribute { get; }

    public INamedTypeSymbol? CatalogCategoryAttribute { get; }

    public INamedTypeSymbol? CatalogEventAttribute { get; }

    public INamedTypeSymbol? EventCatalogTypeAttribute { get; }

    public INamedTypeSymbol? Envelope { get; }

    public INamedTypeSymbol? Payload { get; }

    /// <summary>Every catalog of the compilation and its references.</summary>
    public ImmutableArray<CatalogInfo> All => _all.Value;

    /// <summary>Null when the compilation does not reference the EventCatalog runtime: then nothing is analysed.</summary>
    public static CatalogIndex? Create(Compilation compilation)
    {
        INamedTypeSymbol? topic = compilation.GetBestTypeByMetadataName(CatalogContract.TopicParameterAttribute);
        INamedTypeSymbol? evt = compilation.GetBestTypeByMetadataName(CatalogContract.EventParameterAttribute);
        return topic is null || evt is null ? null : new CatalogIndex(compilation, topic, evt);
    }

    public bool Has(ISymbol symbol, INamedTypeSymbol? attribute) =>
        attribute is not null && symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));

    /// <summary>The catalog generated as <paramref name="type"/>, or null when it is not a catalog class.</summary>
    public CatalogInfo? Catalog(INamedTypeSymbol? type)
    {
        if (type is null || EventCatalogAttribute is null)
        {
            return null;
        }

        return _catalogs.GetOrAdd(type.OriginalDefinition, t => Read((INamedTypeSymbol)t));
    }

    /// <summary>The category's wire name a symbol carries in <c>[CatalogCategory]</c>, if any.</summary>
    public string? CategoryName(ISymbol symbol)
    {
        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, CatalogCategoryAttribute)
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>
    /// The catalog, category and generated record of an event's static type: a generated record, or
    /// <c>EventEnvelope&lt;T&gt;</c> / <c>EventPayload&lt;T&gt;</c> of one (then <c>Record</c> is <c>T</c>, the name messages use).
    /// </summary>
    public (CatalogInfo Catalog, CategoryInfo Category, INamedTypeSymbol Record)? EventCategory(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
            && (SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, Envelope) || SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, Payload)))
        {
            type = generic.TypeArguments[0];
        }

        if (type is not INamedTypeSymbol record || CatalogEventAttribute is null)
        {
            return null;
        }

        foreach (AttributeData attribute in record.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, CatalogEventAttribute)
                && attribute.ConstructorArguments.Length == 3
                && attribute.ConstructorArguments[0].Value is INamedTypeSymbol catalogType
                && attribute.ConstructorArguments[1].Value is string category
                && Catalog(catalogType) is { } catalog
                && catalog.Category(category) is { } info)
            {
                return (catalog, info, record);
            }
        }

        return null;
    }

    /// <summary>The event type's wire name a generated record carries in <c>[CatalogEvent(catalog, category, eventType)]</c>, if any.</summary>
    public string? EventType(INamedTypeSymbol record)
    {
        foreach (AttributeData attribute in record.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, CatalogEventAttribute)
                && attribute.ConstructorArguments.Length == 3
                && attribute.ConstructorArguments[2].Value is string eventType)
            {
                return eventType;
            }
        }

        return null;
    }

    private CatalogInfo? Read(INamedTypeSymbol type)
    {
        string? template = null;
        var categories = new List<CategoryInfo>();
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, EventCatalogAttribute)
                && attribute.ConstructorArguments.Length == 1)
            {
                template = attribute.ConstructorArguments[0].Value as string;
            }
            else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, CatalogCategoryAttribute)
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name)
            {
                string wrapper = attribute.NamedArguments.FirstOrDefault(a => a.Key == CatalogContract.WrapperNamedArgument).Value.Value as string ?? CatalogContract.DefaultWrapper(name);
                categories.Add(new CategoryInfo(name, MemberName(type, name), wrapper));
            }
        }

        if (template is null)
        {
            return null;
        }

        ImmutableHashSet<string> eventTypes = type.GetTypeMembers(CatalogContract.TypesClass)
            .SelectMany(t => t.GetMembers().OfType<IFieldSymbol>())
            .Where(f => f.IsConst && f.ConstantValue is string)
            .Select(f => (string)f.ConstantValue!)
            .ToImmutableHashSet(StringComparer.Ordinal);
        return new CatalogInfo(type, template, categories, eventTypes);
    }

    private string MemberName(INamedTypeSymbol catalog, string category)
    {
        foreach (INamedTypeSymbol nested in catalog.GetTypeMembers(CatalogContract.CategoryEnum))
        {
            foreach (IFieldSymbol field in nested.GetMembers().OfType<IFieldSymbol>())
            {
                if (CategoryName(field) == category)
                {
                    return field.Name;
                }
            }
        }

        return category;
    }

    private ImmutableArray<CatalogInfo> FindAll()
    {
        var found = new List<CatalogInfo>();
        IEnumerable<IAssemblySymbol> assemblies = new[] { _compilation.Assembly }
            .Concat(_compilation.SourceModule.ReferencedAssemblySymbols);
        foreach (IAssemblySymbol assembly in assemblies)
        {
            foreach (AttributeData attribute in assembly.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, EventCatalogTypeAttribute)
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Value is INamedTypeSymbol type
                    && Catalog(type) is { } catalog)
                {
                    found.Add(catalog);
                }
            }
        }

        return found.ToImmutableArray();
    }
}
