using System;

namespace EventCatalog;

/// <summary>
/// Marks the message parameter of a publish method (see <see cref="TopicParameterAttribute"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
public sealed class EventParameterAttribute : Attribute
{
}
