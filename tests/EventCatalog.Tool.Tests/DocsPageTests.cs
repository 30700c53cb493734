using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EventCatalog.Tool.Tests.Infrastructure;
using NUnit.Framework;

namespace EventCatalog.Tool.Tests;

/// <summary>
/// <c>eventcatalog docs</c>: the page is self-contained, and headless Chromium renders it with every category
/// and event, its SVG diagram laid out with no two boxes or labels overlapping and every label inside its box.
/// </summary>
public class DocsPageTests
{
    /// <summary>
    /// Appended to a copy of the page (never to the page itself, which has no script): after layout, writes the
    /// measured client rectangles of every SVG box and label, and the sections rendered, into &lt;pre id="layout"&gt;.
    /// </summary>
    private const string MeasuringScript = """
        <script>
        (function () {
          function box(e) { var r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; }
          var nodes = Array.prototype.map.call(document.querySelectorAll('svg g.node'), function (g) {
            return {
              id: g.getAttribute('data-node'),
              rect: box(g.querySelector('rect')),
              labels: Array.prototype.map.call(g.querySelectorAll('text'), function (t) { var b = box(t); b.text = t.textContent; return b; })
            };
          });
          var categories = Array.prototype.map.call(document.querySelectorAll('section.category'), function (s) {
            return { name: s.getAttribute('data-category'), height: s.getBoundingClientRect().height,
                     events: Array.prototype.map.call(s.querySelectorAll('article.event'), function (a) { return a.getAttribute('data-event'); }) };
          });
          var pre = document.createElement('pre');
          pre.id = 'layout';
          pre.textContent = JSON.stringify({ nodes: nodes, categories: categories });
          document.body.appendChild(pre);
        })();
        </script>
        """;

    [Test]
    public void The_page_is_one_file_with_no_script_stylesheet_font_or_image_from_elsewhere()
    {
        string html = WriteDocs(Repo.RootCatalog);
        Assert.Multiple(() =>
        {
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(html)!).Select(Path.GetFileName), Is.EqualTo(new[] { "index.html" }));
            string text = File.ReadAllText(html);
            Assert.That(text, Does.StartWith("<!DOCTYPE html>"));
            Assert.That(text, Does.Not.Contain("<script"));
            Assert.That(text, Does.Not.Contain("<link"));
            Assert.That(text, Does.Not.Contain("<img"));
            Assert.That(text, Does.Not.Contain("@import"));
            Assert.That(text, Does.Not.Contain("url("));
            Assert.That(text, Does.Not.Contain(" src="));

            // The SVG namespace is a name, not a fetch; nothing else may name a network address.
            Assert.That(Regex.Matches(text, "https?://").Select(m => text.Substring(m.Index, 26)).Distinct(), Is.EqualTo(new[] { "http://www.w3.org/2000/svg" }));
        });
    }

    [Test]
    public void Chromium_renders_the_root_catalog_with_every_category_and_event_and_no_overlap_in_the_diagram()
    {
        string html = WriteDocs("events.schema.yaml");
        string png = Path.Combine(Path.GetDirectoryName(html)!, "eventcatalog-docs.png");
        Chromium.Screenshot(html, png, 1360, 1500);
        byte[] image = File.ReadAllBytes(png);
        Assert.That(image.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "a PNG");
        Assert.That(image, Has.Length.GreaterThan(30_000), "a screenshot with content, not a blank page");
        TestContext.AddTestAttachment(png, "the root catalog's page");
        if (Environment.GetEnvironmentVariable("EVENTCATALOG_ACCEPT") == "1")
        {
            File.Copy(png, Repo.Combine("docs", "eventcatalog-docs.png"), overwrite: true);
        }

        Layout layout = Measure(html);
        IReadOnlyList<(string Category, IReadOnlyList<string> Events)> catalog = CatalogNames.Read(Repo.RootCatalog);
        Assert.That(catalog, Has.Count.EqualTo(7));
        Assert.That(catalog.Sum(c => c.Events.Count), Is.EqualTo(63));
        AssertEverythingShown(layout, catalog);
        AssertNoOverlap(layout);
    }

    [Test]
    public void Chromium_renders_the_every_feature_catalog_with_its_deprecation_fields_and_short_form_events()
    {
        string html = WriteDocs(Repo.EveryFeatureCatalog);
        Layout layout = Measure(html);
        AssertEverythingShown(layout, CatalogNames.Read(Repo.EveryFeatureCatalog));
        AssertNoOverlap(layout);

        string text = File.ReadAllText(html);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("<rect class=\"event deprecated\""));
            Assert.That(text, Does.Contain("<p class=\"deprecation\"><strong>Deprecated:</strong> use order_voided</p>"));
            Assert.That(text, Does.Contain("<tr><td><code>parcels</code></td><td><code>map&lt;list&lt;long&gt;&gt;</code></td>"));
            Assert.That(text, Does.Contain("<tr><td><code>gift</code></td><td><code>bool?</code> <span class=\"muted\">optional</span></td>"));
            Assert.That(text, Does.Contain("<code class=\"topic\">acme.{store}.billing</code>"));
            Assert.That(text, Does.Contain("<dt>Wrapper</dt><dd><code>order_message</code></dd>"));
        });
    }

    /// <summary>
    /// What a reader needs (issue 27): C# types as written by hand (<c>IReadOnlyList&lt;string&gt;</c>, not
    /// <c>global::System.Collections.Generic.IReadOnlyList&lt;string&gt;</c>), each event's version and its history, diagram
    /// boxes that link to their section, and a title that is not "ExESDB.Events events".
    /// </summary>
    [Test]
    public void Types_read_plainly_versions_and_history_show_boxes_link_and_the_title_names_the_catalog()
    {
        string folder = Repo.NewTempFolder("docs-versions");
        string catalog = Path.Combine(folder, "events.schema.yaml");
        File.WriteAllText(catalog, """
            namespace: Shop
            categories:
              orders:
                events:
                  order_placed:
                    version: 3
                    data: { order_id: string, lines: list<string>, placed_at: timestamp? }
                    versions:
                      1: { data: { id: string } }
                      2: { data: { order_id: string } }
                  order_cancelled:
                    data: { order_id: string }
            """);
        string text = File.ReadAllText(WriteDocs(catalog));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("<title>Shop event catalog</title>"));
            Assert.That(text, Does.Contain("<h1>Shop event catalog</h1>"));
            Assert.That(text, Does.Not.Contain("global::"));
            Assert.That(text, Does.Contain("<td><code>IReadOnlyList&lt;string&gt;</code></td>"));
            Assert.That(text, Does.Contain("<td><code>DateTimeOffset?</code></td>"));
            Assert.That(text, Does.Contain(">v3</span>"));
            Assert.That(text, Does.Contain("<li data-version=\"2\">v2 <code>OrderPlacedV2</code>: <code>order_id</code> <code>string</code></li><li data-version=\"1\">v1 <code>OrderPlacedV1</code>: <code>id</code> <code>string</code></li>"));
            Assert.That(text, Does.Contain("Version 1, the first; no earlier versions."));
            Assert.That(text, Does.Contain("<g class=\"node\" data-node=\"category:orders\"><a href=\"#"));
        });

        // Every box links to an element of the page.
        foreach (System.Text.RegularExpressions.Match link in System.Text.RegularExpressions.Regex.Matches(text, "<g class=\"node\" data-node=\"[^\"]+\"><a href=\"#([^\"]+)\">"))
        {
            Assert.That(text, Does.Contain($" id=\"{link.Groups[1].Value}\""), link.Value);
        }
    }

    /// <summary>Runs <c>eventcatalog docs -o NEW_FOLDER catalog</c> and returns the page's path.</summary>
    internal static string WriteDocs(string catalog, params string[] more)
    {
        string folder = Repo.NewTempFolder("docs");
        var args = new List<string> { "docs", "-o", folder, catalog };
        args.AddRange(more);
        RunResult result = Run.Tool(Repo.Root, args.ToArray());
        string page = Path.Combine(folder, "index.html");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.StdoutLines, Is.EqualTo(new[] { page }), result.ToString());
        return page;
    }

    /// <summary>Renders a copy of <paramref name="page"/> with <see cref="MeasuringScript"/> and reads the measurements from the dumped DOM.</summary>
    internal static Layout Measure(string page)
    {
        string copy = Path.Combine(Path.GetDirectoryName(page)!, "measure.html");
        File.WriteAllText(copy, File.ReadAllText(page).Replace("</body>", MeasuringScript + "</body>", StringComparison.Ordinal));
        RunResult dom = Chromium.DumpDom(copy, 1360, 1000);
        Match pre = Regex.Match(dom.Stdout, "<pre id=\"layout\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.That(pre.Success, Is.True, "the measuring script wrote no layout:\n" + dom);
        return JsonSerializer.Deserialize<Layout>(WebUtility.HtmlDecode(pre.Groups[1].Value), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    internal static void AssertEverythingShown(Layout layout, IReadOnlyList<(string Category, IReadOnlyList<string> Events)> catalog)
    {
        var expectedNodes = catalog.SelectMany(c => new[] { "category:" + c.Category }.Concat(c.Events.Select(e => "event:" + c.Category + "/" + e))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(layout.Nodes.Select(n => n.Id), Is.EquivalentTo(expectedNodes), "diagram boxes");
            Assert.That(layout.Categories.Select(c => c.Name), Is.EqualTo(catalog.Select(c => c.Category)), "category sections");
            foreach ((string category, IReadOnlyList<string> events) in catalog)
            {
                CategorySection section = layout.Categories.Single(c => c.Name == category);
                Assert.That(section.Events, Is.EqualTo(events), "events of " + category);
                Assert.That(section.Height, Is.GreaterThan(0), category + " is rendered");
            }

            foreach (Node node in layout.Nodes)
            {
                Assert.That(node.Rect.W * node.Rect.H, Is.GreaterThan(0), node.Id + " has a box");
                Assert.That(node.Labels.Select(l => l.W), Has.All.GreaterThan(0), node.Id + " has its labels rendered");
                string name = node.Id[(node.Id.LastIndexOfAny(new[] { ':', '/' }) + 1)..];
                Assert.That(node.Labels[0].Text, Does.StartWith(name), node.Id + "'s label");
            }
        });
    }

    /// <summary>No two boxes overlap, no two labels overlap, and each label lies inside its own box (as measured by Chromium).</summary>
    internal static void AssertNoOverlap(Layout layout)
    {
        var problems = new List<string>();
        for (int i = 0; i < layout.Nodes.Count; i++)
        {
            Node a = layout.Nodes[i];
            foreach (Rect label in a.Labels)
            {
                if (!label.Inside(a.Rect))
                {
                    problems.Add($"label '{label.Text}' {label} sticks out of {a.Id}'s box {a.Rect}");
                }
            }

            for (int j = i + 1; j < layout.Nodes.Count; j++)
            {
                Node b = layout.Nodes[j];
                if (a.Rect.Overlaps(b.Rect))
                {
                    problems.Add($"box {a.Id} {a.Rect} overlaps box {b.Id} {b.Rect}");
                }

                foreach (Rect la in a.Labels)
                {
                    foreach (Rect lb in b.Labels)
                    {
                        if (la.Overlaps(lb))
                        {
                            problems.Add($"label '{la.Text}' overlaps label '{lb.Text}'");
                        }
                    }
                }
            }

            for (int k = 0; k + 1 < a.Labels.Count; k++)
            {
                for (int m = k + 1; m < a.Labels.Count; m++)
                {
                    if (a.Labels[k].Overlaps(a.Labels[m]))
                    {
                        problems.Add($"labels '{a.Labels[k].Text}' and '{a.Labels[m].Text}' of {a.Id} overlap");
                    }
                }
            }
        }

        Assert.That(problems, Is.Empty);
    }

    internal sealed record Layout(List<Node> Nodes, List<CategorySection> Categories);

    internal sealed record Node(string Id, Rect Rect, List<Rect> Labels);

    internal sealed record CategorySection(string Name, double Height, List<string> Events);

    internal sealed record Rect(double X, double Y, double W, double H, string? Text)
    {
        public bool Overlaps(Rect other) =>
            X < other.X + other.W && other.X < X + W && Y < other.Y + other.H && other.Y < Y + H;

        /// <summary>Inside, allowing half a pixel for anti-aliased edges.</summary>
        public bool Inside(Rect box) =>
            X >= box.X - 0.5 && Y >= box.Y - 0.5 && X + W <= box.X + box.W + 0.5 && Y + H <= box.Y + box.H + 0.5;

        public override string ToString() => $"({X:0.#},{Y:0.#} {W:0.#}x{H:0.#})";
    }
}
