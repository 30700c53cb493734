using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace EventCatalog.Generator.Locking;

/// <summary>
/// Writes a <see cref="CatalogLock"/> as the lock file's JSON: UTF-8, two-space indents, <c>\n</c> line ends, one
/// property per line, names sorted (ordinal) and versions by number, a final newline. The same lock is always the same
/// text, so that a lock only shows in a diff when a shipped shape changed. Format version 1:
/// <code>
/// {
///   "eventcatalog_lock": 1,
///   "topic": "exesdb:control:{store}:{category}",
///   "categories": {
///     "cluster": {
///       "events": {
///         "cluster_joined": {
///           "version": 2,
///           "data": {
///             "term": "long",
///             "via_node": "string"
///           },
///           "versions": {
///             "1": {
///               "data": {
///                 "via_node": "string"
///               }
///             }
///           }
///         }
///       }
///     }
///   }
/// }
/// </code>
/// A field's value is its catalog type text, with <c>?</c> when optional; <c>versions</c> is left out at version 1.
/// </summary>
internal static class LockWriter
{
    public static string Write(CatalogLock catalogLock)
    {
        var text = new StringBuilder();
        text.Append("{\n");
        Property(text, 1, "eventcatalog_lock").Append(CatalogLock.FormatVersion.ToString(CultureInfo.InvariantCulture)).Append(",\n");
        Property(text, 1, "topic").Append(Quote(catalogLock.TopicTemplate)).Append(",\n");
        Property(text, 1, "categories");
        Objects(text, 1, catalogLock.Categories, c => c.Name, (category, depth) =>
        {
            text.Append("{\n");
            Property(text, depth + 1, "events");
            Objects(text, depth + 1, category.Events, e => e.Name, (ev, eventDepth) => Event(text, eventDepth, ev));
            text.Append('\n');
            Indent(text, depth).Append('}');
        });
        text.Append("\n}\n");
        return text.ToString();
    }

    private static void Event(StringBuilder text, int depth, LockedEvent ev)
    {
        text.Append("{\n");
        Property(text, depth + 1, "version").Append(ev.Version.ToString(CultureInfo.InvariantCulture)).Append(",\n");
        Property(text, depth + 1, "data");
        Fields(text, depth + 1, ev.Data);
        if (ev.Versions.Count > 0)
        {
            text.Append(",\n");
            Property(text, depth + 1, "versions");
            Objects(text, depth + 1, ev.Versions, v => v.Version.ToString(CultureInfo.InvariantCulture), (version, versionDepth) =>
            {
                text.Append("{\n");
                Property(text, versionDepth + 1, "data");
                Fields(text, versionDepth + 1, version.Data);
                text.Append('\n');
                Indent(text, versionDepth).Append('}');
            });
        }

        text.Append('\n');
        Indent(text, depth).Append('}');
    }

    private static void Fields(StringBuilder text, int depth, IReadOnlyList<LockedField> fields) =>
        Objects(text, depth, fields, f => f.Name, (field, _) => text.Append(Quote(field.Type)));

    /// <summary>An object whose properties are <paramref name="items"/>, each written by <paramref name="value"/> at the property's depth.</summary>
    private static void Objects<T>(StringBuilder text, int depth, IReadOnlyList<T> items, System.Func<T, string> name, System.Action<T, int> value)
    {
        if (items.Count == 0)
        {
            text.Append("{}");
            return;
        }

        text.Append("{\n");
        for (int i = 0; i < items.Count; i++)
        {
            Property(text, depth + 1, name(items[i]));
            value(items[i], depth + 1);
            text.Append(i + 1 < items.Count ? ",\n" : "\n");
        }

        Indent(text, depth).Append('}');
    }

    private static StringBuilder Property(StringBuilder text, int depth, string name) => Indent(text, depth).Append(Quote(name)).Append(": ");

    private static StringBuilder Indent(StringBuilder text, int depth) => text.Append(' ', depth * 2);

    /// <summary>A JSON string (RFC 8259): quotes, backslashes and control characters escaped, everything else as is (the file is UTF-8).</summary>
    internal static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"':
                    quoted.Append("\\\"");
                    break;
                case '\\':
                    quoted.Append("\\\\");
                    break;
                case '\n':
                    quoted.Append("\\n");
                    break;
                case '\r':
                    quoted.Append("\\r");
                    break;
                case '\t':
                    quoted.Append("\\t");
                    break;
                default:
                    // Characters YAML does not allow printed (the lock is read as YAML 1.2, of which JSON is a subset), escaped too.
                    if (c < ' ' || (c >= '\u007F' && c <= '\u009F') || c == '\u2028' || c == '\u2029' || c == '\uFEFF' || c >= '\uFFFE')
                    {
                        quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }

                    break;
            }
        }

        return quoted.Append('"').ToString();
    }
}
