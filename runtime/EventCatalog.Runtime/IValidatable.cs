using System.Collections.Generic;

namespace EventCatalog;

/// <summary>Something that can list the problems with its own data (generated event records do).</summary>
public interface IValidatable
{
    /// <summary>Lists the problems with this object's data, e.g. a required field that is null or empty.</summary>
    /// <returns>One readable sentence per problem, naming the field; an empty list when the data is valid.</returns>
    IReadOnlyList<string> Validate();
}
