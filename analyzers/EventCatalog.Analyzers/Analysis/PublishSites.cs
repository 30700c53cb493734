using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using EventCatalog.Analyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace EventCatalog.Analyzers.Analysis;

/// <summary>
/// One call to a method whose parameters carry <c>[TopicParameter]</c> (and perhaps <c>[EventParameter]</c>),
/// as far as the code says: the topic's catalog and category, and the event's.
/// </summary>
/// <param name="TopicArgument">The argument given for the <c>[TopicParameter]</c> (never a default value).</param>
/// <param name="EventArgument">The argument given for the <c>[EventParameter]</c>, or null when the method has none (a subscription) or it was defaulted.</param>
/// <param name="Topic">The topic's catalog and category (<see cref="TopicResolver"/>), or null when the expression is not one it recognises.</param>
/// <param name="Event">The event's catalog, category and generated record from its static type, or null when that is not a catalog event.</param>
/// <param name="EventType">The event's wire name (<c>[CatalogEvent]</c>'s third argument), or null with <paramref name="Event"/>.</param>
internal sealed record PublishSite(
    IArgumentOperation TopicArgument,
    IArgumentOperation? EventArgument,
    TopicInfo? Topic,
    (CatalogInfo Catalog, CategoryInfo Category, INamedTypeSymbol Record)? Event,
    string? EventType)
{
    /// <summary>True for a method with a <c>[TopicParameter]</c> and no <c>[EventParameter]</c>: a subscription (<c>Subscribe(topic)</c>).</summary>
    public bool IsSubscription => EventArgument is null;
}

/// <summary>
/// Finds publish and subscribe sites: invocations of a method whose parameter — on the method itself, or on
/// what it overrides or implements — carries <c>[TopicParameter]</c>. Shared by <see cref="PublishAnalyzer"/>
/// (which checks them) and the <c>eventcatalog</c> tool (which maps them), so both see the same sites with
/// the same resolution. Thread-safe.
/// </summary>
internal sealed class PublishSites
{
    private readonly CatalogIndex _index;
    private readonly TopicResolver _topics;
    private readonly ConcurrentDictionary<IMethodSymbol, (int Topic, int Event)> _marks = new(SymbolEqualityComparer.Default);

    public PublishSites(CatalogIndex index)
    {
        _index = index;
        _topics = new TopicResolver(index);
    }

    public CatalogIndex Index => _index;

    public TopicResolver Topics => _topics;

    /// <summary>
    /// The site <paramref name="invocation"/> is, or null when its method has no <c>[TopicParameter]</c> or the
    /// topic argument is the parameter's default.
    /// </summary>
    public PublishSite? Find(IInvocationOperation invocation)
    {
        (int topicOrdinal, int eventOrdinal) = _marks.GetOrAdd(invocation.TargetMethod.OriginalDefinition, Marks);
        if (topicOrdinal < 0)
        {
            return null;
        }

        IArgumentOperation? topicArgument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == topicOrdinal);
        IArgumentOperation? eventArgument = eventOrdinal < 0 ? null : invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == eventOrdinal);
        if (topicArgument is null || topicArgument.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return null;
        }

        (CatalogInfo Catalog, CategoryInfo Category, INamedTypeSymbol Record)? evt = eventArgument is null ? null : _index.EventCategory(TopicResolver.Unwrap(eventArgument.Value)?.Type);
        TopicInfo? topic = _topics.Resolve(topicArgument.Value, evt?.Catalog);
        return new PublishSite(topicArgument, eventArgument, topic, evt, evt is { } known ? _index.EventType(known.Record) : null);
    }

    /// <summary>The ordinals of the topic and event parameters, from the method or what it overrides or implements; -1 when unmarked.</summary>
    private (int Topic, int Event) Marks(IMethodSymbol method)
    {
        int topic = -1;
        int evt = -1;
        foreach (IMethodSymbol candidate in Related(method))
        {
            foreach (IParameterSymbol parameter in candidate.Parameters)
            {
                if (topic < 0 && _index.Has(parameter, _index.TopicParameter))
                {
                    topic = parameter.Ordinal;
                }

                if (evt < 0 && _index.Has(parameter, _index.EventParameter))
                {
                    evt = parameter.Ordinal;
                }
            }
        }

        return (topic, evt);
    }

    private static IEnumerable<IMethodSymbol> Related(IMethodSymbol method)
    {
        yield return method;
        for (IMethodSymbol? overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            yield return overridden;
        }

        if (method.ContainingType is null || method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation))
        {
            yield break;
        }

        foreach (IMethodSymbol explicitImplementation in method.ExplicitInterfaceImplementations)
        {
            yield return explicitImplementation;
        }

        foreach (INamedTypeSymbol iface in method.ContainingType.AllInterfaces)
        {
            foreach (IMethodSymbol member in iface.GetMembers(method.Name).OfType<IMethodSymbol>())
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                {
                    yield return member;
                }
            }
        }
    }
}
