using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using NUnit.Framework;

namespace EventCatalog.Runtime.Tests;

/// <summary>
/// The runtime's public API documents itself (issue 9): every parameter, type parameter and return value
/// of every public method and constructor has its tag in the shipped XML documentation, and the types
/// only generated code and analyzers use are hidden from IntelliSense.
/// </summary>
public class PublicApiDocsTests
{
    private static readonly Assembly s_runtime = typeof(InMemoryPubSub).Assembly;

    private static readonly Lazy<Dictionary<string, XElement>> s_docs = new(() =>
    {
        string path = Path.ChangeExtension(s_runtime.Location, ".xml");
        Assert.That(File.Exists(path), Is.True, $"the runtime's documentation file is missing: {path}");
        return XDocument.Load(path).Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, StringComparer.Ordinal);
    });

    [Test]
    public void Every_public_method_and_constructor_documents_its_parameters_type_parameters_and_return_value()
    {
        var missing = new List<string>();
        // A delegate's members (Invoke, BeginInvoke, ...) are the compiler's; its own doc comment documents its parameters (checked below as a type).
        foreach (Type type in s_runtime.GetExportedTypes().Where(t => !typeof(Delegate).IsAssignableFrom(t)))
        {
            IEnumerable<MethodBase> members = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal))
                .Cast<MethodBase>()
                .Concat(type.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
            foreach (MethodBase member in members)
            {
                if (member.IsDefined(typeof(CompilerGeneratedAttribute)) || IsRecordPlumbing(type, member) || IsImplicitConstructor(member))
                {
                    continue;
                }

                string id = DocId(member);
                XElement? doc = Resolve(type, member, id);
                if (doc is null)
                {
                    missing.Add(id + ": no documentation");
                    continue;
                }

                foreach (ParameterInfo parameter in member.GetParameters())
                {
                    if (!doc.Elements("param").Any(p => (string?)p.Attribute("name") == parameter.Name))
                    {
                        missing.Add(id + ": <param name=\"" + parameter.Name + "\">");
                    }
                }

                Type[] typeParameters = member.IsGenericMethodDefinition ? member.GetGenericArguments() : Type.EmptyTypes;
                foreach (Type typeParameter in typeParameters.Where(t => !doc.Elements("typeparam").Any(p => (string?)p.Attribute("name") == t.Name)))
                {
                    missing.Add(id + ": <typeparam name=\"" + typeParameter.Name + "\">");
                }

                if (member is MethodInfo method && method.ReturnType != typeof(void) && doc.Element("returns") is null)
                {
                    missing.Add(id + ": <returns>");
                }
            }

            if (type.IsGenericTypeDefinition)
            {
                XElement? typeDoc = s_docs.Value.GetValueOrDefault("T:" + TypeName(type));
                foreach (Type typeParameter in type.GetGenericArguments().Where(t => typeDoc?.Elements("typeparam").Any(p => (string?)p.Attribute("name") == t.Name) != true))
                {
                    missing.Add("T:" + TypeName(type) + ": <typeparam name=\"" + typeParameter.Name + "\">");
                }
            }
        }

        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void The_broadcast_methods_document_what_they_throw()
    {
        string[] expected =
        {
            "T:System.ArgumentException", "T:System.ArgumentNullException", "T:System.OperationCanceledException", "T:System.TimeoutException",
        };
        foreach (string method in new[] { "BroadcastAsync", "BroadcastFromAsync", "LocalBroadcastAsync", "DirectBroadcastAsync" })
        {
            Type declaring = method == "DirectBroadcastAsync" ? typeof(INodePubSub) : typeof(IPubSub);
            XElement doc = s_docs.Value[DocId(declaring.GetMethod(method)!)];
            Assert.That(doc.Elements("exception").Select(e => (string)e.Attribute("cref")!), Is.SupersetOf(expected), method);

            XElement own = s_docs.Value[DocId(typeof(InMemoryPubSub).GetMethod(method)!)];
            Assert.That(own.Elements("exception").Select(e => (string)e.Attribute("cref")!), Does.Contain("T:EventCatalog.SubscriberQueueFullException"), "InMemoryPubSub." + method);
        }
    }

    [Test]
    public void Types_only_generated_code_and_analyzers_use_are_hidden_from_IntelliSense_and_the_rest_are_not()
    {
        string[] hidden = s_runtime.GetExportedTypes()
            .Where(t => t.GetCustomAttribute<EditorBrowsableAttribute>()?.State == EditorBrowsableState.Never)
            .Select(t => t.FullName!)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();
        Assert.That(hidden, Is.EqualTo(new[]
        {
            "EventCatalog.Codecs.CatalogCodec",
            "EventCatalog.Codecs.CloudEventHeader",
            "EventCatalog.Codecs.EventDataReader",
            "EventCatalog.Codecs.EventDataWriter",
            "EventCatalog.Codecs.JsonValueReader`1",
            "EventCatalog.EventStructure",
            "EventCatalog.Metadata.CatalogCategoryAttribute",
            "EventCatalog.Metadata.CatalogEventAttribute",
            "EventCatalog.Metadata.EventCatalogAttribute",
            "EventCatalog.Metadata.EventCatalogTypeAttribute",
            "EventCatalog.StoreIdRules",
            "EventCatalog.Subscribers.CategoryDispatcher`2",
        }));
    }

    [Test]
    public void Every_public_type_is_in_the_namespace_its_folder_names()
    {
        // The contract fixes namespace EventCatalog for the public types; the sub-namespaces are the codecs' base
        // types, the metadata attributes and the transport-neutral node bus (issue 19). The build enforces the folder side (IDE0130 in the runtime's .editorconfig).
        string[] namespaces = s_runtime.GetExportedTypes().Select(t => t.Namespace!).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.That(namespaces, Is.EqualTo(new[] { "EventCatalog", "EventCatalog.Codecs", "EventCatalog.Metadata", "EventCatalog.PubSub", "EventCatalog.Subscribers" }));
    }

    private static XElement? Resolve(Type type, MethodBase member, string id)
    {
        if (!s_docs.Value.TryGetValue(id, out XElement? doc))
        {
            return null;
        }

        if (doc.Element("inheritdoc") is null || member is not MethodInfo method)
        {
            return doc;
        }

        // <inheritdoc/> takes the interface member's tags: check those.
        foreach (Type contract in type.GetInterfaces())
        {
            InterfaceMapping map = type.GetInterfaceMap(contract);
            int index = Array.IndexOf(map.TargetMethods, method);
            if (index >= 0)
            {
                return Resolve(contract, map.InterfaceMethods[index], DocId(map.InterfaceMethods[index]));
            }
        }

        return doc;
    }

    private static bool IsRecordPlumbing(Type type, MethodBase member) =>
        type.GetMethod("<Clone>$") is not null
        && member.Name is "Equals" or "GetHashCode" or "ToString" or "Deconstruct" or "op_Equality" or "op_Inequality" or "PrintMembers" or "<Clone>$";

    private static bool IsImplicitConstructor(MethodBase member) =>
        member is ConstructorInfo { DeclaringType: { } owner } ctor
        && ctor.GetParameters().Length == 0
        && !s_docs.Value.ContainsKey("M:" + TypeName(owner) + ".#ctor")
        && owner.GetConstructors().Length == 1;

    private static string DocId(MethodBase member)
    {
        string name = member is ConstructorInfo ? "#ctor" : member.Name;
        if (member.IsGenericMethodDefinition)
        {
            name += "``" + member.GetGenericArguments().Length;
        }

        ParameterInfo[] parameters = member.GetParameters();
        string list = parameters.Length == 0 ? string.Empty : "(" + string.Join(",", parameters.Select(p => ParameterTypeName(p.ParameterType))) + ")";
        return "M:" + TypeName(member.DeclaringType!) + "." + name + list;
    }

    private static string TypeName(Type type) => type.FullName!.Replace('+', '.');

    private static string ParameterTypeName(Type type)
    {
        if (type.IsByRef)
        {
            return ParameterTypeName(type.GetElementType()!) + "@";
        }

        if (type.IsArray)
        {
            return ParameterTypeName(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericParameter)
        {
            return (type.DeclaringMethod is null ? "`" : "``") + type.GenericParameterPosition;
        }

        if (type.IsGenericType)
        {
            string definition = type.GetGenericTypeDefinition().FullName!;
            definition = definition.Substring(0, definition.IndexOf('`'));
            return definition.Replace('+', '.') + "{" + string.Join(",", type.GetGenericArguments().Select(ParameterTypeName)) + "}";
        }

        return TypeName(type);
    }
}
