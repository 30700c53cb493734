using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EventCatalog.Contract;
using EventCatalog.Generator.Model;
using EventCatalog.Tool.Projects;

namespace EventCatalog.Tool.Export;

/// <summary>
/// A catalog as an EventCatalog.dev project folder (the layout and frontmatter of <c>@eventcatalog/core</c> 3.x, as
/// <c>@eventcatalog/linter</c> 1.x checks them): <c>eventcatalog.config.js</c> and <c>package.json</c>; a domain for
/// the catalog (<c>domains/&lt;Namespace.Class&gt;/index.mdx</c>); a channel per category
/// (<c>channels/&lt;category&gt;/index.mdx</c>: the topic template with the category filled in as its address,
/// <c>{store}</c> as its parameter); an event per event type (<c>events/&lt;event&gt;/index.mdx</c> with its data's JSON
/// Schema beside it as <c>schema.json</c>, the same schema <c>export jsonschema</c> writes; version <c>N</c> of the
/// catalog is <c>N.0.0</c>, and each earlier version is a <c>versioned/N.0.0/</c> folder with that version's schema);
/// with <c>--project</c>, a service per project (<c>services/&lt;id&gt;/index.mdx</c>, the id made from the project's name, a
/// multi-targeted project once) whose <c>sends</c> are the
/// events its code publishes and whose <c>receives</c> are the events of the categories it handles or subscribes to,
/// from the publish analyzer's sites (<see cref="CodeMap"/>); and a team that owns them all
/// (<c>teams/&lt;owner&gt;.mdx</c>). Every file is a pure function of its inputs: the same catalog and code give the same bytes.
/// Every name that becomes a path segment is checked to be one (<see cref="Segment"/>), and every catalog or code text in
/// a page's body is inert MDX shown as written (<see cref="Mdx"/>).
/// </summary>
internal static class EventCatalogDevExport
{
    /// <summary>The <c>@eventcatalog/core</c> version the written <c>package.json</c> asks for, the one the folder was verified with.</summary>
    public const string CoreVersion = "3.48.4";

    /// <summary>The options of one export.</summary>
    /// <param name="Version">The version of the domain, its services and channels (semantic version, e.g. <c>1.0.0</c>).</param>
    /// <param name="Owner">The id of the team that owns every resource (written to <c>teams/</c>), or null for <c>&lt;domain&gt;-owners</c>.</param>
    /// <param name="TypePrefix">What precedes the event type in the CloudEvents <c>type</c> attribute.</param>
    public sealed record Options(string Version, string? Owner, string TypePrefix);

    /// <summary>
    /// A project as a service: its id (<see cref="ServiceId"/>) and name (the project's), the events it sends and the
    /// categories it receives, each with the site that says so (<c>Receives</c>' as a table cell of MDX).
    /// </summary>
    private sealed record ServiceSites(
        string Id,
        string Name,
        List<(EventSpec Event, CodeSite Site)> Sends,
        List<(CategorySpec Category, string SiteCell)> Receives);

    /// <summary>
    /// The folder's files: path relative to the folder ('/'-separated) and content (UTF-8 text), in ordinal path order.
    /// </summary>
    /// <param name="spec">A catalog without errors.</param>
    /// <param name="options">Versions, owner, CloudEvents type prefix.</param>
    /// <param name="maps">The code maps of the <c>--project</c> files, in command-line order (none for a catalog without services).</param>
    public static SortedDictionary<string, string> Build(CatalogSpec spec, Options options, IReadOnlyList<CodeMap> maps)
    {
        string domain = CatalogTitle(spec);
        string owner = Segment(options.Owner ?? (Slug(domain) is { Length: > 0 } slug ? slug : "catalog") + "-owners", "the team id");
        Segment(domain, "the domain (the catalog's namespace and class)");
        string version = options.Version;
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        List<ServiceSites> services = Services(spec, domain, maps);
        int eventCount = spec.Categories.Sum(c => c.Events.Count());

        files["package.json"] = new JsonObject
        {
            ["name"] = Slug(domain) + "-eventcatalog",
            ["version"] = version,
            ["private"] = true,
            ["type"] = "module",
            ["description"] = $"The EventCatalog.dev catalog of {domain}, written by 'eventcatalog export eventcatalog'.",
            ["scripts"] = new JsonObject { ["dev"] = "eventcatalog dev", ["build"] = "eventcatalog build", ["start"] = "eventcatalog start" },
            ["dependencies"] = new JsonObject { ["@eventcatalog/core"] = CoreVersion },
        }.ToJsonString(JsonFiles.Indented) + "\n";

        files["eventcatalog.config.js"] = Config(spec, domain);

        files[$"teams/{owner}.mdx"] = Page(
            new JsonObject
            {
                ["id"] = owner,
                ["name"] = $"{domain} owners",
                ["summary"] = $"The owners of the {domain} event catalog (eventcatalog export names this team; pass --owner to name yours).",
            },
            $"The people who own {Mdx.Code(Path(spec))} and the code that publishes and handles its events.\n");

        var domainPage = new JsonObject
        {
            ["id"] = domain,
            ["name"] = domain,
            ["version"] = version,
            ["summary"] = $"The event catalog {domain}: {Count(spec.Categories.Count(), "category", "categories")}, {Count(eventCount, "event type", "event types")}, exported from {Path(spec)}.",
            ["owners"] = new JsonArray(owner),
        };
        if (services.Count > 0)
        {
            domainPage["services"] = new JsonArray(services.Select(s => (JsonNode)Pointer(s.Id, version)).ToArray());
        }

        var domainBody = new StringBuilder();
        domainBody.Append($"The events of {Mdx.Code(Path(spec))}: CloudEvents 1.0 in structured JSON mode, on topics named by the template {Mdx.Code(spec.TopicTemplate)}.\n\n");
        domainBody.Append("| Channel | Address | Events |\n|---|---|---|\n");
        foreach (CategorySpec category in spec.Categories)
        {
            domainBody.Append($"| [{Mdx.CodeCell(category.Name)}]({Link("channels", category.Name, version)}) | {Mdx.CodeCell(Address(spec, category))} | {category.Events.Count()} |\n");
        }

        files[$"domains/{domain}/index.mdx"] = Page(domainPage, domainBody.ToString());

        foreach (CategorySpec category in spec.Categories)
        {
            files[$"channels/{Segment(category.Name, "the category")}/index.mdx"] = Channel(spec, category, version, owner);
            foreach (EventSpec evt in category.Events)
            {
                string folder = $"events/{Segment(evt.Name, "the event type")}";
                files[$"{folder}/index.mdx"] = Event(spec, category, evt, evt.Version, evt.Fields, version, owner, options.TypePrefix);
                files[$"{folder}/schema.json"] = Json(JsonSchemaExport.DataFile(spec, DataSchemas.ForData(category, evt), JsonSchemaExport.DataFileName(evt)));
                foreach (EventVersionSpec previous in evt.Version > 1 ? evt.PreviousVersions : default)
                {
                    string versioned = $"{folder}/versioned/{Semver(previous.Version)}";
                    files[$"{versioned}/index.mdx"] = Event(spec, category, evt, previous.Version, previous.Fields, version, owner, options.TypePrefix);
                    files[$"{versioned}/schema.json"] = Json(JsonSchemaExport.DataFile(spec, DataSchemas.ForVersion(category, evt, previous), $"{evt.Name}.v{previous.Version}.data.schema.json"));
                }
            }
        }

        foreach (ServiceSites service in services)
        {
            files[$"services/{service.Id}/index.mdx"] = Service(spec, service, version, owner);
        }

        return files;
    }

    /// <summary>The catalog's full class name, the domain's id: <c>ExESDB.Events</c>.</summary>
    public static string CatalogTitle(CatalogSpec spec) => spec.Namespace.Length == 0 ? spec.ClassName : spec.Namespace + "." + spec.ClassName;

    /// <summary>The semantic version of catalog version <paramref name="version"/>: <c>N.0.0</c>.</summary>
    public static string Semver(int version) => $"{version}.0.0";

    /// <summary>The services of the projects: one per project with a site (and per .csproj given, sites or not), by project name, first seen first.</summary>
    /// <exception cref="ToolException">A project's name gives no service id, or two projects' names give the same one.</exception>
    private static List<ServiceSites> Services(CatalogSpec spec, string catalog, IReadOnlyList<CodeMap> maps)
    {
        var byName = new Dictionary<string, ServiceSites>(StringComparer.Ordinal);
        var byId = new Dictionary<string, ServiceSites>(StringComparer.OrdinalIgnoreCase);
        var order = new List<ServiceSites>();
        CodeMap? current = null;
        ServiceSites Of(string project)
        {
            if (!byName.TryGetValue(project, out ServiceSites? service))
            {
                string id = ServiceId(project)
                    ?? throw new ToolException($"--project {current!.Source}: the project '{project}' has no letter or digit to name its EventCatalog.dev service (services/<id>/) by; rename the project.");
                if (byId.TryGetValue(id, out ServiceSites? other))
                {
                    throw new ToolException($"--project {current!.Source}: the projects '{other.Name}' and '{project}' would both be the EventCatalog.dev service '{other.Id}' (services/{other.Id}/, ids compared ignoring case); rename one of them.");
                }

                service = new ServiceSites(id, project, new(), new());
                byName[project] = service;
                byId[id] = service;
                order.Add(service);
            }

            return service;
        }

        foreach (CodeMap map in maps)
        {
            current = map;
            if (map.Source.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            {
                foreach (string project in map.Projects)
                {
                    Of(project);
                }
            }

            foreach (CategorySpec category in spec.Categories)
            {
                foreach (EventSpec evt in category.Events)
                {
                    foreach (CodeSite site in map.PublishesOf(catalog, evt.Name))
                    {
                        Of(site.Project).Sends.Add((evt, site));
                    }
                }

                foreach (HandlerSite handler in map.HandlersOf(catalog, category.Name))
                {
                    Of(handler.Site.Project).Receives.Add((category, $"{Mdx.CodeCell(handler.Type)} ({(handler.Exhaustive ? "every event" : "some events, through the base")}) at {Mdx.CodeCell(handler.Site.ToString())}"));
                }

                foreach (CodeSite site in map.SubscriptionsOf(catalog, category.Name))
                {
                    Of(site.Project).Receives.Add((category, $"a subscription to the topic at {Mdx.CodeCell(site.ToString())}"));
                }
            }
        }

        return order;
    }

    /// <summary>
    /// The service id of project <paramref name="project"/>: its name with each character an id cannot hold (anything but
    /// ASCII letters, digits, '_', '.' and '-', a run of them as one) as '-', from its first letter or digit, without a trailing '-' or '.'
    /// (<c>Shop (legacy)</c> is <c>Shop-legacy</c>); null when it has no letter or digit (a project named <c>..</c>).
    /// </summary>
    private static string? ServiceId(string project)
    {
        var id = new StringBuilder(project.Length);
        foreach (char c in project)
        {
            if (char.IsAsciiLetterOrDigit(c) || (id.Length > 0 && c is '_' or '.' or '-'))
            {
                id.Append(c);
            }
            else if (id.Length > 0 && id[^1] != '-')
            {
                id.Append('-');
            }
        }

        string trimmed = id.ToString().TrimEnd('-', '.');
        return trimmed.Length == 0 ? null : Segment(trimmed, "the service");
    }

    /// <summary>
    /// <paramref name="id"/> when it can be one folder or file name of the export and an EventCatalog.dev id: letters
    /// (any script), digits, combining marks, '_', '.' and '-', starting with a letter or digit (so never <c>.</c>,
    /// <c>..</c>, a separator or a drive).
    /// </summary>
    /// <exception cref="ToolException"><paramref name="id"/> cannot; <paramref name="what"/> names it in the message.</exception>
    private static string Segment(string id, string what) =>
        s_segment.IsMatch(id)
            ? id
            : throw new ToolException($"{what} '{id}' cannot be a folder or file name of the export (letters, digits, '_', '.' and '-', starting with a letter or digit).");

    private static readonly Regex s_segment = new(@"^[\p{L}\p{Nd}][\p{L}\p{Nd}\p{Mn}\p{Mc}_.-]*\z", RegexOptions.CultureInvariant);

    private static string Service(CatalogSpec spec, ServiceSites service, string version, string owner)
    {
        List<EventSpec> sent = service.Sends.Select(s => s.Event).Distinct().ToList();
        List<CategorySpec> received = service.Receives.Select(r => r.Category).Distinct().ToList();
        var page = new JsonObject
        {
            ["id"] = service.Id,
            ["name"] = service.Name,
            ["version"] = version,
            ["summary"] = $"The project {service.Name}: publishes {Count(sent.Count, "event type", "event types")} and receives the events of {Count(received.Count, "category", "categories")} of {CatalogTitle(spec)}, as its code says.",
            ["owners"] = new JsonArray(owner),
        };

        // Both keys are always written: an empty list says the code has no such site.
        page["sends"] = new JsonArray(sent
            .Select(e => (JsonNode)EventPointer(e, version, spec.Categories.First(c => c.Events.Contains(e)), "to"))
            .ToArray());
        page["receives"] = new JsonArray(received
            .SelectMany(c => c.Events.Select(e => (JsonNode)EventPointer(e, version, c, "from")))
            .ToArray());

        var body = new StringBuilder();
        body.Append($"What the code of {Mdx.Text(service.Name)} does with the events of {Mdx.Text(CatalogTitle(spec))}, found by the publish analyzer (`eventcatalog export eventcatalog --project`).\n\n");
        Table(body, "Publishes", "No call publishes an event of the catalog.", "| Event | Site |",
            service.Sends.Select(s => $"| {Mdx.CodeCell(s.Event.Name)} | {Mdx.CodeCell(s.Site.ToString())} |"));
        Table(body, "Receives", "No handler or subscription receives a category's events.", "| Channel | Receive site |",
            service.Receives.Select(r => $"| {Mdx.CodeCell(r.Category.Name)} | {r.SiteCell} |"));
        return Page(page, body.ToString());
    }

    /// <summary>A section of a page: its heading, then a table of <paramref name="rows"/> under <paramref name="header"/>, or <paramref name="empty"/> when there is none.</summary>
    private static void Table(StringBuilder body, string heading, string empty, string header, IEnumerable<string> rows)
    {
        body.Append("## ").Append(heading).Append("\n\n");
        List<string> lines = rows.ToList();
        if (lines.Count == 0)
        {
            body.Append(empty).Append("\n\n");
            return;
        }

        body.Append(header).Append('\n').Append(string.Concat(Enumerable.Repeat("|---", header.Count(c => c == '|') - 1))).Append("|\n");
        foreach (string line in lines)
        {
            body.Append(line).Append('\n');
        }

        body.Append('\n');
    }

    private static JsonObject EventPointer(EventSpec evt, string channelVersion, CategorySpec category, string direction) => new()
    {
        ["id"] = evt.Name,
        ["version"] = Semver(evt.Version),
        [direction] = new JsonArray(Pointer(category.Name, channelVersion)),
    };

    private static string Channel(CatalogSpec spec, CategorySpec category, string version, string owner)
    {
        var page = new JsonObject
        {
            ["id"] = category.Name,
            ["name"] = category.MemberName,
            ["version"] = version,
            ["summary"] = category.Description ?? $"The topic of the '{category.Name}' category.",
            ["owners"] = new JsonArray(owner),
            ["address"] = Address(spec, category),
        };
        if (spec.TemplateHasStore)
        {
            page["parameters"] = new JsonObject
            {
                ["store"] = new JsonObject
                {
                    ["description"] = $"The store id: ASCII letters, digits and the punctuation the template does not use ({DataSchemas.StoreIdPattern(spec.TopicTemplate)}).",
                    ["examples"] = new JsonArray("my_store"),
                },
            };
        }

        var body = new StringBuilder();
        body.Append($"The topic of category {Mdx.Code(category.Name)}{(category.Description is { } d ? ": " + Mdx.Text(d) : "")}. Its frames are CloudEvents 1.0 (structured JSON), wrapper {Mdx.Code(category.Wrapper)}.\n\n");
        body.Append("| Event | Version | Summary |\n|---|---|---|\n");
        foreach (EventSpec evt in category.Events)
        {
            body.Append($"| [{Mdx.CodeCell(evt.Name)}]({Link("events", evt.Name, Semver(evt.Version))}) | {Semver(evt.Version)} | {Mdx.Text(DataSchemas.Describe(evt) ?? "")} |\n");
        }

        return Page(page, body.ToString());
    }

    private static string Event(CatalogSpec spec, CategorySpec category, EventSpec evt, int dataVersion, EquatableArray<FieldSpec> fields, string channelVersion, string owner, string typePrefix)
    {
        bool current = dataVersion == evt.Version;
        string name = current ? evt.TypeName : evt.PreviousVersions[dataVersion - 1].TypeName;
        var page = new JsonObject
        {
            ["id"] = evt.Name,
            ["name"] = name,
            ["version"] = Semver(dataVersion),
            ["summary"] = evt.Description ?? $"An event of category '{category.Name}'.",
            ["owners"] = new JsonArray(owner),
            ["schemaPath"] = "schema.json",
        };

        // No 'channels:' here: EventCatalog 3 moved a message's channels to its services' sends.to/receives.from, and its build
        // rewrites pages that still list them (src/migrations/message-channels-to-service-channels.ts).
        if (evt.Deprecated is { } deprecated)
        {
            page["deprecated"] = new JsonObject { ["message"] = deprecated };
        }

        var body = new StringBuilder();
        if (evt.Description is { } description)
        {
            body.Append(Mdx.Text(description)).Append("\n\n");
        }

        if (evt.Deprecated is { } message)
        {
            body.Append("**Deprecated:** ").Append(Mdx.Text(message)).Append("\n\n");
        }

        if (!current)
        {
            body.Append($"Version {dataVersion} of the data ({Mdx.Code(name)}): a node on it still writes it; the codec reads it and upcasts it to version {evt.Version}.\n\n");
        }

        body.Append($"On channel [{Mdx.Code(category.Name)}]({Link("channels", category.Name, channelVersion)}) as a CloudEvent of type {Mdx.Code(typePrefix + evt.Name)}{(evt.Version > 1 ? $", `dataversion` {dataVersion}" : "")}. Its `data` (JSON Schema in `schema.json`):\n\n");
        if (fields.Count == 0)
        {
            body.Append("No fields: `data` is an empty object.\n");
        }
        else
        {
            body.Append("| Field | Type | Required | Description |\n|---|---|---|---|\n");
            foreach (FieldSpec field in fields)
            {
                body.Append($"| {Mdx.CodeCell(field.Name)} | {Mdx.CodeCell(field.Type.Text)} | {(field.Type.IsOptional ? "no" : "yes")} | {Mdx.Text(field.Description ?? "")} |\n");
            }
        }

        return Page(page, body.ToString());
    }

    private static string Config(CatalogSpec spec, string domain)
    {
        // cId: the catalog's id, which EventCatalog generates at random for a new catalog; here derived from the domain so re-runs agree.
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes("eventcatalog-export:" + domain));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom: SHA-256 of the domain), variant 10
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        string cId = new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
        string organization = spec.Namespace.Length == 0 ? spec.ClassName : spec.Namespace.Split('.')[0];
        var config = new StringBuilder();
        config.Append("/** @type {import('@eventcatalog/core/bin/eventcatalog.config').Config} */\n");
        config.Append("// Written by 'eventcatalog export eventcatalog' from ").Append(JsString(Path(spec))).Append("; re-running the export rewrites this file.\n");
        config.Append("export default {\n");
        config.Append("  cId: ").Append(JsString(cId)).Append(",\n");
        config.Append("  title: ").Append(JsString(domain)).Append(",\n");
        config.Append("  tagline: ").Append(JsString($"The events of {domain}, their topics, and the code that publishes and handles them.")).Append(",\n");
        config.Append("  organizationName: ").Append(JsString(organization)).Append(",\n");
        config.Append("  homepageLink: 'https://eventcatalog.dev/',\n");
        config.Append("  output: 'static',\n");
        config.Append("  trailingSlash: false,\n");
        config.Append("  base: '/',\n");
        config.Append("  logo: { alt: ").Append(JsString(domain)).Append(", text: ").Append(JsString(domain)).Append(" },\n");
        config.Append("};\n");
        return config.ToString();
    }

    /// <summary>A JavaScript string literal (JSON's, which ES2019 and later read as the same string).</summary>
    private static string JsString(string value) => JsonSerializer.Serialize(value, JsonFiles.Indented);

    private static string Page(JsonObject frontmatter, string body) => "---\n" + YamlText.Write(frontmatter) + "---\n\n" + body;

    private static string Json(JsonObject node) => node.ToJsonString(JsonFiles.Indented) + "\n";

    /// <summary>The site path of an EventCatalog.dev page, <c>/docs/&lt;collection&gt;/&lt;id&gt;/&lt;version&gt;</c>, each segment percent-encoded (a Markdown link destination then holds no space, parenthesis or '&lt;').</summary>
    private static string Link(string collection, string id, string version) =>
        $"/docs/{collection}/{Uri.EscapeDataString(id)}/{Uri.EscapeDataString(version)}";

    private static JsonObject Pointer(string id, string version) => new() { ["id"] = id, ["version"] = version };

    private static string Address(CatalogSpec spec, CategorySpec category) =>
        spec.TopicTemplate.Replace(CatalogContract.CategoryPlaceholder, category.Name, StringComparison.Ordinal);

    private static string Path(CatalogSpec spec) => System.IO.Path.GetFileName(spec.FilePath);

    private static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    /// <summary>An id for package and team names: lower case, '.' and other punctuation as '-'.</summary>
    private static string Slug(string text)
    {
        var slug = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        return slug.ToString().Trim('-');
    }

    /// <summary>
    /// Catalog and user text in an MDX page's body, inert: never ESM, JSX, an expression, a comment, a block, a link or
    /// emphasis, and shown as given. Three forms: <see cref="Text"/> (prose, in a paragraph or a table cell),
    /// <see cref="Code"/> (an inline code span outside a table) and <see cref="CodeCell"/> (an inline code span in a table cell).
    /// </summary>
    private static class Mdx
    {
        /// <summary>
        /// The characters escaped anywhere: Markdown's inline syntax, MDX's (<c>{</c>, <c>&lt;</c>, which also opens an HTML
        /// comment), a table cell's <c>|</c>, an entity's <c>&amp;</c>, a directive's <c>:</c>, math's <c>$</c>.
        /// </summary>
        private const string Inline = "\\`*_{}[]<>|~&:$";

        /// <summary>The characters escaped at the start of a line, where they would open a heading, list, quote or thematic break.</summary>
        private const string Leading = "#+-=.!";

        /// <summary>
        /// <paramref name="text"/> as literal MDX text on one line, in a paragraph or a table cell: leading and trailing
        /// white space dropped (Markdown drops it anyway), line breaks and other control characters as spaces; the ASCII
        /// punctuation that Markdown, MDX or a table read backslash-escaped (CommonMark escapes any ASCII punctuation this
        /// way, and MDX keeps the escape); an ordered list's <c>1.</c> or <c>1)</c> at the start escaped at its
        /// punctuation; and a start that MDX reads as an ESM statement (<c>import</c>, <c>export</c>) with its first letter
        /// as a character reference (a letter has no backslash escape).
        /// </summary>
        public static string Text(string text)
        {
            string line = OneLine(text).Trim();
            var b = new StringBuilder(line.Length + 8);
            int start = 0;
            if (line.StartsWith("import", StringComparison.Ordinal) || line.StartsWith("export", StringComparison.Ordinal))
            {
                b.Append("&#").Append((int)line[0]).Append(';');
                start = 1;
            }

            int digits = 0;
            while (digits < line.Length && char.IsAsciiDigit(line[digits]))
            {
                digits++;
            }

            for (int i = start; i < line.Length; i++)
            {
                char c = line[i];
                bool listMarker = digits > 0 && i == digits && c is '.' or ')';
                if (Inline.Contains(c) || (i == 0 && Leading.Contains(c)) || listMarker)
                {
                    b.Append('\\');
                }

                b.Append(c);
            }

            return b.ToString();
        }

        /// <summary>
        /// <paramref name="text"/> as an inline code span showing exactly that text (line breaks as spaces): fenced by one
        /// more backtick than its longest run of backticks, and padded with a space where CommonMark would otherwise take
        /// a backtick or space at either end as part of the fence. MDX reads nothing inside a code span.
        /// </summary>
        public static string Code(string text)
        {
            string code = OneLine(text);
            int longest = 0;
            for (int i = 0, run = 0; i < code.Length; i++)
            {
                run = code[i] == '`' ? run + 1 : 0;
                longest = Math.Max(longest, run);
            }

            string fence = new('`', longest + 1);
            bool pad = code.Length > 0 && (code[0] == '`' || code[^1] == '`' || (code[0] == ' ' && code[^1] == ' ' && code.Trim(' ').Length > 0));
            return pad ? $"{fence} {code} {fence}" : fence + code + fence;
        }

        /// <summary>
        /// <paramref name="text"/> as an inline code span in a GFM table cell: <see cref="Code"/> with each <c>|</c> as
        /// <c>\|</c> (a table splits its row at a bare <c>|</c> even inside a code span, and gives the span back the
        /// <c>|</c>). A backslash right before a <c>|</c> cannot be written in a code span in a table (the row reads
        /// <c>\\</c> as an escape, then splits), so such text is written as <see cref="Text"/>.
        /// </summary>
        public static string CodeCell(string text) =>
            OneLine(text).Contains("\\|", StringComparison.Ordinal) ? Text(text) : Code(text).Replace("|", "\\|", StringComparison.Ordinal);

        /// <summary>Control characters (line breaks among them) and the Unicode line and paragraph separators as spaces.</summary>
        private static string OneLine(string text)
        {
            var b = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                b.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
            }

            return b.ToString();
        }
    }
}
