using System;

namespace EventCatalog;

/// <summary>
/// Marks the topic parameter of a publish method, so that EventCatalog's analyzer checks that the
/// event published with it belongs to the topic's category. Put it on your own publish wrappers too.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
public sealed class TopicParameterAttribute : Attribute
{
}
