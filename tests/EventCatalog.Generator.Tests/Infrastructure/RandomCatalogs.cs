using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace EventCatalog.Generator.Tests.Infrastructure;

/// <summary>
/// Seeded random catalogs whose names are drawn to hurt generated C#: keywords, BCL type names,
/// names of generated members, and names that collide once PascalCased.
/// </summary>
internal sealed class RandomCatalogs
{
    private static readonly string[] s_keywords =
    {
        "class", "namespace", "int", "string", "event", "object", "base", "this", "params", "operator", "default",
        "value", "var", "async", "await", "record", "init", "global", "dynamic", "partial", "yield", "where", "get",
        "set", "add", "remove", "new", "null", "true", "false", "void", "static", "public", "internal", "checked", "fixed",
    };

    private static readonly string[] s_bclNames =
    {
        "system", "task", "string", "list", "object", "type", "array", "action", "func", "console", "math", "guid",
        "date_time", "date_time_offset", "time_span", "exception", "attribute", "enum", "nullable", "i_disposable",
        "collections", "generic", "linq", "threading", "event_catalog", "metadata", "i_catalog_event", "event_envelope",
        "event_payload", "store_ids", "event_ids", "event_node", "event_structure", "topic_template", "code_dom", "runtime",
        "compiler_services", "is_external_init", "obsolete", "argument_exception", "read_only_dictionary", "dictionary",
    };

    private static readonly string[] s_generatedNames =
    {
        "event_type", "category", "categories", "types", "topics", "template", "try_parse", "validate", "equals",
        "to_string", "get_hash_code", "get_type", "all", "build_event", "build_topic", "build_payload", "is_valid_event",
        "try_get_category", "deconstruct", "print_members", "equality_contract", "clone", "events", "all_events",
        "problems", "store_id", "data", "wrapper", "envelope", "index", "t", "s_template", "reference_equals", "finalize",
        "memberwise_clone", "get_category_name", "get_wrapper", "try_parse_category", "is_valid_event_structure",
    };

    // Pairs that become the same C# name.
    private static readonly string[] s_pascalTwins = { "a_1", "a1", "v_2_a", "v2_a", "x_y1", "x_y_1", "ab_12", "ab1_2", "item_0", "item0" };

    private static readonly string[] s_scalarTypes = EventCatalog.Generator.Model.ScalarTypes.Names.ToArray();

    private static readonly string[] s_namespaces =
    {
        "", "", "", "Consumer.Events", "ExESDB", "Task", "String.Extensions", "Events", "My.System", "System", "EventCatalog",
        "EventCatalog.Samples", "Global", "List.Of.Things", "Catalog1", "@bad", "class", "A.b.C",
    };

    private static readonly string[] s_classNames =
    {
        "", "", "", "Events", "Catalog", "Task", "String", "System", "List", "Category", "Topics", "ControlEvents", "EventCatalog", "Object", "int",
    };

    private static readonly string[] s_templates =
    {
        "", "", "{store}:{category}", "exesdb:control:{store}:{category}", "{category}", "app.{category}.{store}", "{store}/{category}",
        "{category}@{store}", "a\"b\\c:{category}", "{store}{category}", "x:{category}:{category}", "{store}", "{bogus}:{category}", "{store}-{category}-end",
    };

    private static readonly string[] s_descriptions =
    {
        "Plain words.", "Uses <tags> & ampersands.", "Ends a comment */ here.", "Quotes \" and backslashes \\\\ inside.",
        "Ünïcödé and emoji 🎉.", "Line one\\nline two", "cref=\"Oops\" <see cref='X'/>", "{braces} and $dollars",
    };

    private readonly Random _random;

    public RandomCatalogs(int seed) => _random = new Random(seed);

    public string Next()
    {
        var yaml = new StringBuilder();
        MaybeLine(yaml, "namespace", Chance(0.6) ? string.Empty : Pick(s_namespaces));
        MaybeLine(yaml, "class", Chance(0.6) ? string.Empty : Pick(s_classNames));
        string template = Chance(0.4) ? string.Empty : Pick(s_templates);
        if (template.Length > 0)
        {
            yaml.Append("topic: \"").Append(template.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append("\"\n");
        }

        yaml.Append("categories:\n");
        int categories = _random.Next(1, 5);
        for (int c = 0; c < categories; c++)
        {
            yaml.Append("  ").Append(Name()).Append(":\n");
            if (Chance(0.5))
            {
                yaml.Append("    description: \"").Append(Pick(s_descriptions).Replace("\"", "\\\"")).Append("\"\n");
            }

            if (Chance(0.2))
            {
                yaml.Append("    wrapper: ").Append(Name()).Append('\n');
            }

            int events = _random.Next(0, 6);
            if (events == 0)
            {
                continue;
            }

            yaml.Append("    events:\n");
            for (int e = 0; e < events; e++)
            {
                yaml.Append("      ").Append(Name()).Append(":\n");
                if (Chance(0.3))
                {
                    yaml.Append("        description: \"").Append(Pick(s_descriptions).Replace("\"", "\\\"")).Append("\"\n");
                }

                if (Chance(0.1))
                {
                    yaml.Append("        deprecated: ").Append(Chance(0.5) ? "true" : "\"use something else\"").Append('\n');
                }

                int fields = _random.Next(0, 6);
                if (fields == 0)
                {
                    continue;
                }

                yaml.Append("        data:\n");
                for (int f = 0; f < fields; f++)
                {
                    yaml.Append("          ").Append(Name()).Append(": ");
                    if (Chance(0.2))
                    {
                        yaml.Append("{ type: \"").Append(TypeText(0)).Append("\", optional: ").Append(Chance(0.5) ? "true" : "false")
                            .Append(", description: \"").Append(Pick(s_descriptions).Replace("\"", "\\\"")).Append("\" }\n");
                    }
                    else
                    {
                        yaml.Append('"').Append(TypeText(0)).Append("\"\n");
                    }
                }
            }
        }

        return yaml.ToString();
    }

    private string Name()
    {
        double roll = _random.NextDouble();
        string name =
            roll < 0.06 ? Pick(s_keywords)
            : roll < 0.12 ? Pick(s_bclNames)
            : roll < 0.14 ? Pick(s_generatedNames)
            : roll < 0.15 ? Pick(s_pascalTwins)
            : roll < 0.155 ? Pick(new[] { "BadName", "bad-name", "9lives", "_lead", "trail_", "double__under" })
            : RandomSnake();
        return name;
    }

    private string RandomSnake()
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        const string tail = "abcdefghijklmnopqrstuvwxyz0123456789";
        int parts = _random.Next(1, 4);
        var builder = new StringBuilder();
        for (int p = 0; p < parts; p++)
        {
            if (p > 0)
            {
                builder.Append('_');
            }

            builder.Append(p == 0 ? letters[_random.Next(letters.Length)] : tail[_random.Next(tail.Length)]);
            int length = _random.Next(0, 7);
            for (int i = 0; i < length; i++)
            {
                builder.Append(tail[_random.Next(tail.Length)]);
            }
        }

        return builder.ToString();
    }

    private string TypeText(int depth)
    {
        string type = depth < 3 && Chance(0.2)
            ? (Chance(0.5) ? "list<" : "map<") + TypeText(depth + 1) + ">"
            : Chance(0.01) ? Pick(new[] { "integer", "datetime", "uuid", "float", "list<>", "map<string" }) : Pick(s_scalarTypes);
        return Chance(0.25) ? type + "?" : type;
    }

    private void MaybeLine(StringBuilder yaml, string key, string value)
    {
        if (value.Length > 0)
        {
            yaml.Append(key).Append(": ").Append(value).Append('\n');
        }
    }

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
