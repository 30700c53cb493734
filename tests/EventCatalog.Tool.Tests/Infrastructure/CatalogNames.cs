using System.Collections.Generic;
using System.IO;
using System.Linq;
using YamlDotNet.RepresentationModel;

namespace EventCatalog.Tool.Tests.Infrastructure;

/// <summary>
/// A catalog's categories and event names read with plain YamlDotNet, not the generator's parser, so a test
/// of the docs page checks the page against the file rather than against the tool's own reading of it.
/// </summary>
internal static class CatalogNames
{
    /// <summary>Category name to its event names, in file order (the short form <c>events: [a, b]</c> too).</summary>
    public static IReadOnlyList<(string Category, IReadOnlyList<string> Events)> Read(string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var categories = (YamlMappingNode)root.Children[new YamlScalarNode("categories")];
        var found = new List<(string, IReadOnlyList<string>)>();
        foreach ((YamlNode key, YamlNode value) in categories.Children)
        {
            YamlNode events = ((YamlMappingNode)value).Children[new YamlScalarNode("events")];
            IEnumerable<YamlNode> names = events is YamlMappingNode map ? map.Children.Keys : ((YamlSequenceNode)events).Children;
            found.Add((((YamlScalarNode)key).Value!, names.Select(n => ((YamlScalarNode)n).Value!).ToList()));
        }

        return found;
    }
}
