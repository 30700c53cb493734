using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using EventCatalog.Contract;
using EventCatalog.Generator.Model;
using EventCatalog.Tool.Projects;

namespace EventCatalog.Tool.Docs;

/// <summary>
/// The documentation page (<c>eventcatalog docs</c>): one self-contained HTML file — inline CSS, inline SVG,
/// no script, font or image from anywhere — with per catalog a diagram of its categories and events and, per
/// category, its topic, wrapper, description and events (description, fields and types, deprecation). With a
/// <see cref="CodeMap"/>, each event also lists where it is published and each category who subscribes, and
/// events nothing publishes are marked.
/// </summary>
internal static class DocsPage
{
    private const string Css = """
        :root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #0b5cad; --soft: #f6f8fa; --warn: #9a3412; --warnbg: #fff1e6; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
        header.page { padding: 20px 32px 12px; border-bottom: 1px solid var(--line); background: var(--soft); }
        header.page h1 { margin: 0 0 4px; font-size: 24px; }
        main { padding: 8px 32px 48px; max-width: 1360px; }
        code, .mono { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 13px; }
        h3 code, h4 code.name { font-size: inherit; }
        .muted { color: var(--muted); }
        section.catalog > h2 { font-size: 21px; margin: 28px 0 4px; }
        section.category { border: 1px solid var(--line); border-radius: 8px; margin: 18px 0; padding: 4px 18px 12px; }
        section.category > h3 { font-size: 18px; margin: 12px 0 2px; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 6px 0 10px; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; }
        article.event { border-top: 1px solid var(--line); padding: 10px 0 4px; }
        article.event h4 { margin: 0; font-size: 15px; }
        article.event h4 .type { color: var(--muted); font-weight: normal; margin-left: 8px; }
        article.event.deprecated h4 code.name { text-decoration: line-through; }
        .badge { display: inline-block; font-size: 12px; padding: 0 7px; border-radius: 10px; margin-left: 8px; vertical-align: 1px; }
        .badge.deprecated { background: #eee; color: #444; border: 1px solid #bbb; }
        .badge.never { background: var(--warnbg); color: var(--warn); border: 1px solid #f0b68a; }
        .badge.version { background: #ddf4ff; color: #0550ae; border: 1px solid #80ccff; }
        div.history { margin: 6px 0; font-size: 13px; }
        ul.history { margin: 4px 0 0 0; }
        svg a { cursor: pointer; }
        svg a:hover rect { stroke-width: 2; }
        table.fields { border-collapse: collapse; margin: 6px 0; }
        table.fields th, table.fields td { text-align: left; padding: 2px 14px 2px 0; vertical-align: top; }
        table.fields th { color: var(--muted); font-weight: normal; font-size: 13px; }
        ul.sites { margin: 4px 0; padding-left: 20px; }
        .diagram { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; background: #fcfdfe; margin: 12px 0; }
        svg text { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; fill: var(--ink); }
        svg rect.category { fill: #dbeafe; stroke: var(--accent); stroke-width: 1.5; }
        svg rect.event { fill: #fff; stroke: #8c959f; }
        svg rect.event.deprecated { stroke-dasharray: 4 3; fill: #f3f3f3; }
        svg rect.event.never { stroke: var(--warn); fill: var(--warnbg); }
        svg text.small { fill: var(--muted); }
        svg text.deprecated { fill: #6e7781; text-decoration: line-through; }
        svg path.edge { fill: none; stroke: #8c959f; stroke-width: 1; }
        nav.toc a { margin-right: 12px; }
        """;

    /// <summary>The page for <paramref name="catalogs"/>; <paramref name="map"/> is null without <c>--project</c>.</summary>
    public static string Render(IReadOnlyList<CatalogSpec> catalogs, CodeMap? map, string generator)
    {
        var html = new StringBuilder();
        string title = catalogs.Count == 1 ? Title(catalogs[0]) : "Event catalogs";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"").Append(E(generator)).Append("\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n<style>\n").Append(Css).Append("\n</style>\n</head>\n<body>\n");
        html.Append("<header class=\"page\"><h1>").Append(E(title)).Append("</h1><div class=\"muted\">")
            .Append(catalogs.Sum(c => c.Categories.Count)).Append(" categories, ")
            .Append(catalogs.Sum(c => c.Categories.Sum(k => k.Events.Count))).Append(" event types");
        if (map is not null)
        {
            html.Append(" · publish sites from <code>").Append(E(map.Source)).Append("</code> (")
                .Append(E(string.Join(", ", map.Projects))).Append(')');
        }

        html.Append("</div></header>\n<main>\n");
        foreach (CatalogSpec catalog in catalogs)
        {
            RenderCatalog(html, catalog, map);
        }

        if (map is not null && map.Unresolved.Count > 0)
        {
            html.Append("<section class=\"unresolved\" id=\"unresolved\"><h2>Sites with a topic known only at run time</h2>\n")
                .Append("<p class=\"muted\">The analyzer could not tell which category these calls' topics are (a topic passed in, or built from a variable category).</p>\n<ul class=\"sites\">\n");
            foreach (UnresolvedSite site in map.Unresolved)
            {
                html.Append("<li><code>").Append(E(site.Site.ToString())).Append("</code> ").Append(E(site.Method))
                    .Append(site.EventType is null ? string.Empty : " (event <code>" + E(site.EventType) + "</code>)").Append("</li>\n");
            }

            html.Append("</ul></section>\n");
        }

        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The events (<c>category/event</c>) of <paramref name="catalog"/> that no site of <paramref name="map"/> publishes; empty without a map.</summary>
    public static ISet<string> NeverPublished(CatalogSpec catalog, CodeMap? map)
    {
        var never = new HashSet<string>(StringComparer.Ordinal);
        if (map is null)
        {
            return never;
        }

        foreach (CategorySpec category in catalog.Categories)
        {
            foreach (EventSpec evt in category.Events)
            {
                if (map.PublishesOf(CatalogName(catalog), evt.Name).Count == 0)
                {
                    never.Add(category.Name + "/" + evt.Name);
                }
            }
        }

        return never;
    }

    /// <summary>The catalog class's full name, as the analyzer names catalogs (<c>ExESDB.Events</c>).</summary>
    /// <summary>
    /// The page's title: "ExESDB event catalog" for a catalog whose class is the default <c>Events</c> (not "ExESDB.Events
    /// events"), else "Shop.ShopEvents event catalog".
    /// </summary>
    public static string Title(CatalogSpec catalog) =>
        (catalog.ClassName == EventCatalog.Contract.CatalogContract.DefaultClassName && catalog.Namespace.Length > 0 ? catalog.Namespace : CatalogName(catalog)) + " event catalog";

    /// <summary>
    /// A C# type as a reader writes it: <c>IReadOnlyList&lt;string&gt;</c>, not the generated code's
    /// <c>global::System.Collections.Generic.IReadOnlyList&lt;string&gt;</c> (the generator qualifies every name so that
    /// no user type can shadow it).
    /// </summary>
    public static string PlainTypeName(string csharp) => s_qualification.Replace(csharp, string.Empty);

    private static readonly System.Text.RegularExpressions.Regex s_qualification = new(@"global::(?:[A-Za-z_][A-Za-z0-9_]*\.)*", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static string CatalogName(CatalogSpec catalog) => catalog.Namespace.Length == 0 ? catalog.ClassName : catalog.Namespace + "." + catalog.ClassName;

    /// <summary>A category's topic: the template with the category filled in and <c>{store}</c> left as the parameter it is.</summary>
    public static string TopicOf(CatalogSpec catalog, CategorySpec category) =>
        catalog.TopicTemplate.Replace(CatalogContract.CategoryPlaceholder, category.Name);

    private static void RenderCatalog(StringBuilder html, CatalogSpec catalog, CodeMap? map)
    {
        string name = CatalogName(catalog);
        ISet<string> never = NeverPublished(catalog, map);
        html.Append("<section class=\"catalog\" data-catalog=\"").Append(E(name)).Append("\">\n<h2>").Append(E(name)).Append("</h2>\n")
            .Append("<dl class=\"facts\"><dt>File</dt><dd><code>").Append(E(catalog.FilePath)).Append("</code></dd>")
            .Append("<dt>Topic template</dt><dd><code>").Append(E(catalog.TopicTemplate)).Append("</code></dd>");
        if (map is not null)
        {
            html.Append("<dt>Never published</dt><dd>").Append(never.Count.ToString(CultureInfo.InvariantCulture)).Append(" of ")
                .Append(catalog.Categories.Sum(c => c.Events.Count).ToString(CultureInfo.InvariantCulture)).Append(" event types</dd>");
        }

        html.Append("</dl>\n<nav class=\"toc\">");
        foreach (CategorySpec category in catalog.Categories)
        {
            html.Append("<a href=\"#").Append(E(Anchor(catalog, category.Name))).Append("\">").Append(E(category.Name)).Append("</a>");
        }

        html.Append("</nav>\n");
        RenderDiagram(html, catalog, never);
        foreach (CategorySpec category in catalog.Categories)
        {
            RenderCategory(html, catalog, category, map, never);
        }

        html.Append("</section>\n");
    }

    private static void RenderDiagram(StringBuilder html, CatalogSpec catalog, ISet<string> never)
    {
        Diagram diagram = DiagramLayout.Layout(catalog, c => TopicOf(catalog, c), never);
        html.Append("<div class=\"diagram\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"")
            .Append(E("Categories and events of " + CatalogName(catalog))).Append("\" width=\"").Append(N(diagram.Width))
            .Append("\" height=\"").Append(N(diagram.Height)).Append("\" viewBox=\"0 0 ").Append(N(diagram.Width)).Append(' ').Append(N(diagram.Height)).Append("\">\n");
        foreach (DiagramEdge edge in diagram.Edges)
        {
            html.Append("<path class=\"edge\" data-from=\"").Append(E(edge.From)).Append("\" data-to=\"").Append(E(edge.To)).Append("\" d=\"");
            for (int i = 0; i < edge.Points.Count; i++)
            {
                html.Append(i == 0 ? "M" : " L").Append(N(edge.Points[i].X)).Append(' ').Append(N(edge.Points[i].Y));
            }

            html.Append("\"/>\n");
        }

        foreach (DiagramNode node in diagram.Nodes)
        {
            string kind = node.Kind == NodeKind.Category ? "category" : "event";
            string classes = kind + (node.Deprecated ? " deprecated" : string.Empty) + (node.NeverPublished ? " never" : string.Empty);
            html.Append("<g class=\"node\" data-node=\"").Append(E(node.Id)).Append("\"><a href=\"#").Append(E(NodeAnchor(catalog, node.Id))).Append("\">");
            if (node.Kind == NodeKind.Category || node.Deprecated || node.NeverPublished)
            {
                html.Append("<title>").Append(E(Tooltip(node))).Append("</title>");
            }

            html.Append("<rect class=\"").Append(classes).Append("\" x=\"").Append(N(node.X)).Append("\" y=\"").Append(N(node.Y))
                .Append("\" width=\"").Append(N(node.Width)).Append("\" height=\"").Append(N(node.Height)).Append("\" rx=\"").Append(node.Kind == NodeKind.Category ? "6" : "4").Append("\"/>");
            foreach (DiagramLabel label in node.Labels)
            {
                string textClass = label.Small ? "small" : node.Deprecated ? "deprecated" : "label";
                html.Append("<text class=\"").Append(textClass).Append("\" x=\"").Append(N(label.X)).Append("\" y=\"").Append(N(label.Y))
                    .Append("\" font-size=\"").Append(N(label.Small ? DiagramLayout.SmallFontSize : DiagramLayout.FontSize)).Append("\">")
                    .Append(E(label.Text)).Append("</text>");
            }

            html.Append("</a></g>\n");
        }

        html.Append("</svg></div>\n");
    }

    /// <summary>The id of the section (<c>category:orders</c>) or article (<c>event:orders/order_placed</c>) a diagram box links to.</summary>
    private static string NodeAnchor(CatalogSpec catalog, string nodeId)
    {
        int colon = nodeId.IndexOf(':');
        string path = nodeId.Substring(colon + 1);
        int slash = path.IndexOf('/');
        return slash < 0 ? Anchor(catalog, path) : Anchor(catalog, path.Substring(0, slash)) + "." + path.Substring(slash + 1);
    }

    private static string Tooltip(DiagramNode node) =>
        node.Kind == NodeKind.Category
            ? node.Labels[1].Text
            : string.Join("; ", new[] { node.Deprecated ? "deprecated" : null, node.NeverPublished ? "never published" : null }.Where(s => s is not null));

    private static void RenderCategory(StringBuilder html, CatalogSpec catalog, CategorySpec category, CodeMap? map, ISet<string> never)
    {
        html.Append("<section class=\"category\" id=\"").Append(E(Anchor(catalog, category.Name))).Append("\" data-category=\"").Append(E(category.Name)).Append("\">\n")
            .Append("<h3><code>").Append(E(category.Name)).Append("</code></h3>\n");
        if (category.Description is not null)
        {
            html.Append("<p>").Append(E(category.Description)).Append("</p>\n");
        }

        html.Append("<dl class=\"facts\"><dt>Topic</dt><dd><code class=\"topic\">").Append(E(TopicOf(catalog, category))).Append("</code></dd>")
            .Append("<dt>Wrapper</dt><dd><code>").Append(E(category.Wrapper)).Append("</code></dd>")
            .Append("<dt>Events</dt><dd>").Append(category.Events.Count.ToString(CultureInfo.InvariantCulture)).Append("</dd>");
        if (map is not null)
        {
            IReadOnlyList<CodeSite> subscribers = map.SubscriptionsOf(CatalogName(catalog), category.Name);
            html.Append("<dt>Subscribed at</dt><dd class=\"subscriptions\">");
            AppendSites(html, subscribers, "no subscription to this topic resolved in the code");
            html.Append("</dd>");

            // Receive sites (issue 22): the classes that implement the category's generated handler interface.
            IReadOnlyList<HandlerSite> handlers = map.HandlersOf(CatalogName(catalog), category.Name);
            html.Append("<dt>Handled by</dt><dd class=\"handlers\">");
            if (handlers.Count == 0)
            {
                html.Append("<span class=\"muted\">no class implements I").Append(E(category.MemberName)).Append("Handler</span>");
            }
            else
            {
                html.Append("<ul class=\"sites\">");
                foreach (HandlerSite handler in handlers)
                {
                    html.Append("<li><code>").Append(E(handler.Type)).Append("</code> ").Append(handler.Exhaustive ? "(every event)" : "(some events, through the base)")
                        .Append(" <code>").Append(E(handler.Site.ToString())).Append("</code> <span class=\"muted\">(").Append(E(handler.Site.Project)).Append(")</span></li>");
                }

                html.Append("</ul>");
            }

            html.Append("</dd>");
        }

        html.Append("</dl>\n");
        foreach (EventSpec evt in category.Events)
        {
            bool isNever = never.Contains(category.Name + "/" + evt.Name);
            html.Append("<article class=\"event").Append(evt.Deprecated is null ? string.Empty : " deprecated").Append(isNever ? " never-published" : string.Empty)
                .Append("\" id=\"").Append(E(Anchor(catalog, category.Name) + "." + evt.Name)).Append("\" data-event=\"").Append(E(evt.Name)).Append("\">\n")
                .Append("<h4><code class=\"name\">").Append(E(evt.Name)).Append("</code><span class=\"type mono\">").Append(E(evt.TypeName)).Append("</span>");
            html.Append("<span class=\"badge version\" title=\"the data version the codec writes (dataversion)\">v").Append(evt.Version).Append("</span>");
            if (evt.Deprecated is not null)
            {
                html.Append("<span class=\"badge deprecated\">deprecated</span>");
            }

            if (isNever)
            {
                html.Append("<span class=\"badge never\">never published</span>");
            }

            html.Append("</h4>\n");
            if (evt.Description is not null)
            {
                html.Append("<p>").Append(E(evt.Description)).Append("</p>\n");
            }

            if (evt.Deprecated is not null)
            {
                html.Append("<p class=\"deprecation\"><strong>Deprecated:</strong> ").Append(E(evt.Deprecated)).Append("</p>\n");
            }

            if (evt.Fields.Count == 0)
            {
                html.Append("<p class=\"muted\">No data fields.</p>\n");
            }
            else
            {
                html.Append("<table class=\"fields\"><thead><tr><th>Field</th><th>Type</th><th>C#</th><th>Description</th></tr></thead><tbody>\n");
                foreach (FieldSpec field in evt.Fields)
                {
                    html.Append("<tr><td><code>").Append(E(field.Name)).Append("</code></td><td><code>").Append(E(field.Type.Text)).Append("</code>")
                        .Append(field.Type.IsOptional ? " <span class=\"muted\">optional</span>" : string.Empty)
                        .Append("</td><td><code>").Append(E(PlainTypeName(field.Type.CSharp(TypeTarget.Modern, name => name)))).Append("</code></td><td>").Append(E(field.Description ?? string.Empty)).Append("</td></tr>\n");
                }

                html.Append("</tbody></table>\n");
            }

            AppendHistory(html, evt);
            if (map is not null)
            {
                html.Append("<div class=\"published\"><span class=\"muted\">Published at:</span> ");
                AppendSites(html, map.PublishesOf(CatalogName(catalog), evt.Name), "nowhere in the code");
                html.Append("</div>\n");
            }

            html.Append("</article>\n");
        }

        html.Append("</section>\n");
    }

    /// <summary>
    /// The event's version history, newest first: the current version, then each earlier one with its record and its
    /// fields (what nodes on that version write, read through the upcasts).
    /// </summary>
    private static void AppendHistory(StringBuilder html, EventSpec evt)
    {
        html.Append("<div class=\"history\"><span class=\"muted\">Version ").Append(evt.Version);
        if (evt.Version == 1)
        {
            html.Append(", the first; no earlier versions.</span></div>\n");
            return;
        }

        html.Append(" (<code>").Append(E(evt.TypeName)).Append("</code>); earlier versions, read through the upcasts:</span><ul class=\"history\">");
        foreach (EventVersionSpec earlier in evt.PreviousVersions.Reverse())
        {
            html.Append("<li data-version=\"").Append(earlier.Version).Append("\">v").Append(earlier.Version).Append(" <code>").Append(E(earlier.TypeName)).Append("</code>: ");
            html.Append(earlier.Fields.Count == 0
                ? "<span class=\"muted\">no data fields</span>"
                : string.Join(", ", earlier.Fields.Select(f => "<code>" + E(f.Name) + "</code> <code>" + E(f.Type.Text) + "</code>")));
            html.Append("</li>");
        }

        html.Append("</ul></div>\n");
    }

    private static void AppendSites(StringBuilder html, IReadOnlyList<CodeSite> sites, string none)
    {
        if (sites.Count == 0)
        {
            html.Append("<span class=\"muted\">").Append(E(none)).Append("</span>");
            return;
        }

        html.Append("<ul class=\"sites\">");
        foreach (CodeSite site in sites)
        {
            html.Append("<li><code>").Append(E(site.ToString())).Append("</code> <span class=\"muted\">(").Append(E(site.Project)).Append(")</span></li>");
        }

        html.Append("</ul>");
    }

    private static string Anchor(CatalogSpec catalog, string category) => CatalogName(catalog) + "." + category;

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
