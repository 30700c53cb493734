using System.Linq;
using EventCatalog.Generator.Model;
using Microsoft.CodeAnalysis;

namespace EventCatalog.Generator.Diagnostics;

/// <summary>A diagnostic as a plain value (descriptor id, place, message arguments), so that models stay equatable.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments) =>
        new(descriptor.Id, location, new EquatableArray<string>(arguments));

    public bool IsError => DiagnosticDescriptors.ById(Id).DefaultSeverity == DiagnosticSeverity.Error;

    /// <summary>True for what the generator reports in command-line builds (see <see cref="DiagnosticDescriptors.IsReportedByGenerator"/>).</summary>
    public bool IsReportedByGenerator => DiagnosticDescriptors.IsReportedByGenerator(Id, DiagnosticDescriptors.ById(Id).DefaultSeverity);

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(DiagnosticDescriptors.ById(Id), Location.ToLocation(), messageArgs: Arguments.Cast<object>().ToArray());
}
