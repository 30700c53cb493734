using System;
using System.Collections.Generic;
using System.Linq;
using EventCatalog.Generator.Model;

namespace EventCatalog.Tool.Docs;

/// <summary>What a box of the diagram stands for.</summary>
internal enum NodeKind
{
    Category,
    Event,
}

/// <summary>
/// One box of the diagram with its label lines, in SVG user units (px). <paramref name="Id"/> is
/// <c>category:&lt;name&gt;</c> or <c>event:&lt;category&gt;/&lt;name&gt;</c>.
/// </summary>
internal sealed record DiagramNode(string Id, NodeKind Kind, double X, double Y, double Width, double Height, IReadOnlyList<DiagramLabel> Labels, bool Deprecated, bool NeverPublished);

/// <summary>A line of text: its baseline origin and the width it was given (its box's text area).</summary>
internal sealed record DiagramLabel(string Text, double X, double Y, double Width, bool Small);

/// <summary>A connector from a category to its events: a polyline of points.</summary>
internal sealed record DiagramEdge(string From, string To, IReadOnlyList<(double X, double Y)> Points);

/// <summary>The laid-out diagram: its size, boxes and connectors.</summary>
internal sealed record Diagram(double Width, double Height, IReadOnlyList<DiagramNode> Nodes, IReadOnlyList<DiagramEdge> Edges);

/// <summary>
/// Lays out a catalog's categories and events without a browser: one column per category (its box on top,
/// its events stacked below, joined by a spine), columns packed left to right into rows no wider than
/// <see cref="MaxWidth"/>. Text is set in a monospace font, so a label's width is its length times
/// <see cref="CharWidth"/> (measured fonts advance 0.60 em; 0.62 em leaves room for any of them), and every
/// box is as wide as its longest label: boxes and labels cannot overlap by construction, which the browser
/// test measures. The same catalog always gives the same picture.
/// </summary>
internal static class DiagramLayout
{
    public const double FontSize = 12;
    public const double SmallFontSize = 10.5;
    public const double CharWidth = FontSize * 0.62;
    public const double SmallCharWidth = SmallFontSize * 0.62;
    public const double MaxWidth = 1280;

    private const double Margin = 16;
    private const double PadX = 10;
    private const double ColumnGap = 28;
    private const double RowGap = 36;
    private const double CategoryHeight = 42;
    private const double EventHeight = 24;
    private const double EventGap = 8;
    private const double EventIndent = 22;
    private const double SpineX = 10;
    private const double FirstEventGap = 14;

    /// <summary>The suffix of an event's label when a project was mapped and nothing publishes it.</summary>
    public const string NeverPublishedMark = " \u2205";

    /// <summary>Lays out <paramref name="spec"/>; <paramref name="neverPublished"/> names the events (category/event) to mark.</summary>
    public static Diagram Layout(CatalogSpec spec, Func<CategorySpec, string> topicOf, ISet<string> neverPublished)
    {
        var columns = new List<(CategorySpec Category, double Width, double Height)>();
        foreach (CategorySpec category in spec.Categories)
        {
            double width = Math.Max(TextWidth(category.Name, false), TextWidth(topicOf(category), true)) + 2 * PadX;
            foreach (EventSpec evt in category.Events)
            {
                width = Math.Max(width, EventIndent + TextWidth(EventLabel(category, evt, neverPublished), false) + 2 * PadX);
            }

            double height = CategoryHeight + (category.Events.Count == 0 ? 0 : FirstEventGap + category.Events.Count * EventHeight + (category.Events.Count - 1) * EventGap);
            columns.Add((category, Math.Ceiling(width), height));
        }

        var nodes = new List<DiagramNode>();
        var edges = new List<DiagramEdge>();
        double x = Margin;
        double y = Margin;
        double rowHeight = 0;
        double widest = 0;
        foreach ((CategorySpec category, double width, double height) in columns)
        {
            if (x > Margin && x + width > MaxWidth - Margin)
            {
                x = Margin;
                y += rowHeight + RowGap;
                rowHeight = 0;
            }

            string categoryId = "category:" + category.Name;
            nodes.Add(new DiagramNode(
                categoryId,
                NodeKind.Category,
                x,
                y,
                width,
                CategoryHeight,
                new[]
                {
                    new DiagramLabel(category.Name, x + PadX, y + 17, width - 2 * PadX, Small: false),
                    new DiagramLabel(topicOf(category), x + PadX, y + 34, width - 2 * PadX, Small: true),
                },
                Deprecated: false,
                NeverPublished: false));

            double eventY = y + CategoryHeight + FirstEventGap;
            foreach (EventSpec evt in category.Events)
            {
                string id = "event:" + category.Name + "/" + evt.Name;
                double eventX = x + EventIndent;
                double eventWidth = width - EventIndent;
                nodes.Add(new DiagramNode(
                    id,
                    NodeKind.Event,
                    eventX,
                    eventY,
                    eventWidth,
                    EventHeight,
                    new[] { new DiagramLabel(EventLabel(category, evt, neverPublished), eventX + PadX, eventY + 16, eventWidth - 2 * PadX, Small: false) },
                    Deprecated: evt.Deprecated is not null,
                    NeverPublished: neverPublished.Contains(category.Name + "/" + evt.Name)));
                double middle = eventY + EventHeight / 2;
                edges.Add(new DiagramEdge(categoryId, id, new[] { (x + SpineX, y + CategoryHeight), (x + SpineX, middle), (eventX, middle) }));
                eventY += EventHeight + EventGap;
            }

            x += width + ColumnGap;
            widest = Math.Max(widest, x - ColumnGap + Margin);
            rowHeight = Math.Max(rowHeight, height);
        }

        return new Diagram(Math.Ceiling(Math.Max(widest, 2 * Margin)), Math.Ceiling(y + rowHeight + Margin), nodes, edges);
    }

    /// <summary>The event's label: its wire name, marked when nothing publishes it.</summary>
    public static string EventLabel(CategorySpec category, EventSpec evt, ISet<string> neverPublished) =>
        evt.Name + (neverPublished.Contains(category.Name + "/" + evt.Name) ? NeverPublishedMark : string.Empty);

    /// <summary>The width of <paramref name="text"/> in the diagram's monospace font, counting UTF-16 units (catalog names are ASCII).</summary>
    public static double TextWidth(string text, bool small) => text.Length * (small ? SmallCharWidth : CharWidth);
}
