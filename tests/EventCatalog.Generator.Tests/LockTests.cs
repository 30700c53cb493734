using System.Collections.Immutable;
using System.Linq;
using EventCatalog.Generator.Locking;
using EventCatalog.Generator.Parsing;
using EventCatalog.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;

namespace EventCatalog.Generator.Tests;

/// <summary>
/// The compatibility lock (SPEC §10, issue 15 item 4): the catalog analyzer compares the catalog with
/// <c>events.schema.lock.json</c> beside it and reports each breaking change made without a version bump (EVC017) at
/// its YAML line and column; additive changes and a proper bump pass, with EVC018 saying the lock is behind; a lock
/// that cannot be read is EVC019 at the lock file.
/// </summary>
public class LockTests
{
    private const string CatalogPath = "/project/events.schema.yaml";
    private const string LockPath = "/project/events.schema.lock.json";

    /// <summary>The catalog as shipped: the lock of every test below is written from it.</summary>
    private const string Shipped = """
        topic: "ctl:{store}:{category}"
        categories:
          cluster:
            events:
              cluster_joined:
                version: 2
                data:
                  via_node: string
                  term: long
                  leader: string?
                versions:
                  1: { data: { via_node: string } }
              cluster_left: {}
          persistence:
            events:
              events_persisted:
                data: { stream_id: string }
        """;

    internal static string LockOf(string yaml)
    {
        CatalogParseResult parsed = CatalogParser.Parse(CatalogPath, SourceText.From(yaml), "Consumer", default);
        Assert.That(parsed.Diagnostics.Where(d => d.IsError), Is.Empty);
        return LockWriter.Write(CatalogLock.From(parsed.Spec!));
    }

    /// <summary>What the analyzer reports for <paramref name="yaml"/> against the lock of <see cref="Shipped"/> (or <paramref name="lockText"/>), in line order.</summary>
    private static ImmutableArray<Diagnostic> Check(string yaml, string? lockText = null, bool noLock = false)
    {
        var files = new System.Collections.Generic.List<AdditionalText> { new InMemoryAdditionalText(CatalogPath, yaml) };
        if (!noLock)
        {
            files.Add(new InMemoryAdditionalText(LockPath, lockText ?? LockOf(Shipped)));
        }

        return GeneratorHarness.Analyze(files, includeLockInfo: true)
            .OrderBy(d => d.Location.GetLineSpan().Path, System.StringComparer.Ordinal)
            .ThenBy(d => d.Location.GetLineSpan().StartLinePosition)
            .ToImmutableArray();
    }

    private static void Only(ImmutableArray<Diagnostic> diagnostics, params (string Id, int Line, int Column)[] expected)
    {
        Assert.That(
            diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Location.GetLineSpan().StartLinePosition.Character + 1)),
            Is.EqualTo(expected),
            string.Join("\n", diagnostics.Select(GeneratorHarness.Describe)));
    }

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public void The_shipped_catalog_passes_its_own_lock()
    {
        Assert.That(Check(Shipped), Is.Empty);
    }

    [Test]
    public void The_lock_has_one_property_per_line_names_sorted_and_versions_kept()
    {
        Assert.That(LockOf(Shipped), Is.EqualTo("""
            {
              "eventcatalog_lock": 1,
              "topic": "ctl:{store}:{category}",
              "categories": {
                "cluster": {
                  "events": {
                    "cluster_joined": {
                      "version": 2,
                      "data": {
                        "leader": "string?",
                        "term": "long",
                        "via_node": "string"
                      },
                      "versions": {
                        "1": {
                          "data": {
                            "via_node": "string"
                          }
                        }
                      }
                    },
                    "cluster_left": {
                      "version": 1,
                      "data": {}
                    }
                  }
                },
                "persistence": {
                  "events": {
                    "events_persisted": {
                      "version": 1,
                      "data": {
                        "stream_id": "string"
                      }
                    }
                  }
                }
              }
            }

            """.Replace("\r\n", "\n")));
    }

    [Test]
    public void Reordering_the_yaml_does_not_change_the_lock()
    {
        string reordered = """
            topic: "ctl:{store}:{category}"
            categories:
              persistence:
                events:
                  events_persisted:
                    data: { stream_id: string }
              cluster:
                events:
                  cluster_left: {}
                  cluster_joined:
                    versions:
                      1: { data: { via_node: string } }
                    data: { leader: string?, term: long, via_node: string }
                    version: 2
            """;
        Assert.That(LockOf(reordered), Is.EqualTo(LockOf(Shipped)));
    }

    [Test]
    public void Strings_that_need_escapes_round_trip_through_the_writer_and_the_reader()
    {
        // Catalog names and topics cannot hold these today; the format must not depend on that.
        const string topic = "a\"b\\c\u0001\u0085é:{category}";
        string text = LockWriter.Write(new CatalogLock(topic, System.Array.Empty<LockedCategory>()));
        Assert.That(text, Does.Contain("\"topic\": \"a\\\"b\\\\c\\u0001\\u0085é:{category}\","));
        (CatalogLock? read, _) = LockReader.Read(LockPath, SourceText.From(text), default);
        Assert.That(read?.TopicTemplate, Is.EqualTo(topic));
    }

    // ---- Breaking changes (EVC017), each at its YAML line and column ----

    [Test]
    public void A_removed_field_is_reported_at_the_events_data()
    {
        ImmutableArray<Diagnostic> found = Check(Shipped.Replace("          term: long\n", ""));
        Only(found, ("EVC017", 7, 9));
        DiagnosticAssert.At(found[0], "EVC017", DiagnosticSeverity.Error, 7, 9);
        Assert.That(Message(found[0]), Is.EqualTo("Field 'term' (long) of event 'cluster_joined' shipped at version 2 but is no longer in its data (removed or renamed): nodes on the shipped catalog require it in what this one writes. Restore it, or bump the event instead: 'version: 3', the shipped data as version 2 in 'versions', and an upcaster."));
    }

    [Test]
    public void A_renamed_field_is_a_removal_plus_a_new_required_field()
    {
        Only(Check(Shipped.Replace("          via_node: string\n          term", "          node: string\n          term")), ("EVC017", 7, 9), ("EVC017", 8, 11));
    }

    [Test]
    public void A_changed_type_is_reported_at_the_field()
    {
        ImmutableArray<Diagnostic> found = Check(Shipped.Replace("term: long", "term: int"));
        Only(found, ("EVC017", 9, 11));
        Assert.That(Message(found[0]), Is.EqualTo("Field 'term' of event 'cluster_joined' changed type from 'long' to 'int': nodes on each side misread the other's data. Restore 'long', or bump the event instead: 'version: 3', the shipped data as version 2 in 'versions', and an upcaster."));
    }

    [Test]
    public void An_optional_field_made_required_is_reported_at_the_field()
    {
        ImmutableArray<Diagnostic> found = Check(Shipped.Replace("leader: string?", "leader: string"));
        Only(found, ("EVC017", 10, 11));
        Assert.That(Message(found[0]), Does.StartWith("Field 'leader' of event 'cluster_joined' was optional ('string?') and is now required ('string'): data written by nodes on the shipped catalog may lack it."));
    }

    [Test]
    public void A_required_field_made_optional_is_reported_too_because_old_readers_require_it()
    {
        ImmutableArray<Diagnostic> found = Check(Shipped.Replace("term: long", "term: long?"));
        Only(found, ("EVC017", 9, 11));
        Assert.That(Message(found[0]), Does.StartWith("Field 'term' of event 'cluster_joined' was required ('long') and is now optional ('long?')"));
    }

    [Test]
    public void A_new_required_field_is_reported_at_the_field()
    {
        ImmutableArray<Diagnostic> found = Check(Shipped.Replace("          leader: string?\n", "          leader: string?\n          epoch: long\n"));
        Only(found, ("EVC017", 11, 11));
        Assert.That(Message(found[0]), Is.EqualTo("Field 'epoch' (long) of event 'cluster_joined' is new and required at the shipped version 2: data written by nodes on the shipped catalog lacks it. Make it optional ('long?'), or bump the event instead: 'version: 3', the shipped data as version 2 in 'versions', and an upcaster."));
    }

    [Test]
    public void A_removed_event_is_reported_at_its_category()
    {
        ImmutableArray<Diagnostic> found = Check(Shipped.Replace("      cluster_left: {}\n", ""));
        Only(found, ("EVC017", 3, 3));
        Assert.That(Message(found[0]), Is.EqualTo("Event 'cluster_left' of category 'cluster' shipped but is no longer in the catalog (renamed or removed): nodes on the shipped catalog may still publish it. Restore it (mark it 'deprecated' to retire it)."));
    }

    [Test]
    public void An_event_moved_to_another_category_is_reported_at_the_event()
    {
        string moved = Shipped.Replace("      cluster_left: {}\n", "") + "\n      cluster_left: {}";
        ImmutableArray<Diagnostic> found = Check(moved);
        Only(found, ("EVC017", 17, 7));
        Assert.That(Message(found[0]), Is.EqualTo("Event 'cluster_left' moved from category 'cluster' to 'persistence' since the catalog shipped: its topic and wrapper changed, so nodes on the shipped catalog publish it where nodes on this one do not listen. Move it back."));
    }

    [Test]
    public void A_renamed_category_is_reported_at_categories_and_each_of_its_events_as_moved()
    {
        ImmutableArray<Diagnostic> found = Check(Shipped.Replace("  persistence:", "  storage:"));
        Only(found, ("EVC017", 2, 1), ("EVC017", 16, 7));
        Assert.That(Message(found[0]), Is.EqualTo("Category 'persistence' shipped but is no longer in the catalog (renamed or removed): nodes on the shipped catalog still publish its 1 event on its topic. Restore it (mark its events 'deprecated' to retire them)."));
    }

    [Test]
    public void A_changed_topic_template_is_reported_at_the_topic()
    {
        ImmutableArray<Diagnostic> found = Check(Shipped.Replace("ctl:{store}", "control:{store}"));
        Only(found, ("EVC017", 1, 8));
        Assert.That(Message(found[0]), Is.EqualTo("The topic template changed from 'ctl:{store}:{category}' to 'control:{store}:{category}' since the catalog shipped: nodes on the shipped catalog publish and subscribe on the old topics, and no version bump can change that. Restore 'ctl:{store}:{category}'."));
    }

    [Test]
    public void A_removed_topic_key_is_a_changed_template_reported_at_the_file_start()
    {
        Only(Check(Shipped.Replace("topic: \"ctl:{store}:{category}\"\n", "")), ("EVC017", 1, 1));
    }

    [Test]
    public void An_edited_earlier_version_is_reported_at_its_version_key()
    {
        ImmutableArray<Diagnostic> found = Check(Shipped.Replace("1: { data: { via_node: string } }", "1: { data: { via_node: string, term: long } }"));
        Only(found, ("EVC017", 12, 11));
        Assert.That(Message(found[0]), Is.EqualTo("Version 1 of event 'cluster_joined' shipped with other data: field 'term' (long) was not there. Data of that version is already written; describe it in 'versions' exactly as it shipped."));
    }

    [Test]
    public void A_lowered_version_is_reported_at_the_version()
    {
        string lowered = Shipped.Replace("        version: 2\n", "        version: 1\n").Replace("        versions:\n          1: { data: { via_node: string } }\n", "");
        ImmutableArray<Diagnostic> found = Check(lowered);
        Only(found, ("EVC017", 6, 18));
        Assert.That(Message(found[0]), Is.EqualTo("Event 'cluster_joined' is at version 1, below its shipped version 2: nodes on the shipped catalog write version 2, and a version never goes down. Set 'version: 2' or higher."));
    }

    [Test]
    public void A_bump_whose_previous_version_is_not_the_shipped_data_is_reported_at_that_version()
    {
        string bumped = Shipped
            .Replace("version: 2", "version: 3")
            .Replace("          1: { data: { via_node: string } }\n", "          1: { data: { via_node: string } }\n          2: { data: { via_node: string, term: long } }\n");
        ImmutableArray<Diagnostic> found = Check(bumped);
        Only(found, ("EVC017", 13, 11));
        Assert.That(Message(found[0]), Is.EqualTo("Event 'cluster_joined' is bumped to version 3, but version 2 in 'versions' is not the data it shipped with: field 'leader' (string?) is missing. Describe version 2 exactly as it shipped, so that its data is read and upcast."));
    }

    [Test]
    public void Several_breaking_changes_are_each_reported()
    {
        string changed = Shipped.Replace("term: long", "term: int").Replace("      cluster_left: {}\n", "").Replace("ctl:{store}", "c:{store}");
        Only(Check(changed), ("EVC017", 1, 8), ("EVC017", 3, 3), ("EVC017", 9, 11));
    }

    // ---- Additive changes pass; EVC018 says the lock is behind ----

    [Test]
    public void A_new_optional_field_passes_and_the_lock_is_behind()
    {
        ImmutableArray<Diagnostic> found = Check(Shipped.Replace("          leader: string?\n", "          leader: string?\n          epoch: long?\n"));
        Only(found, ("EVC018", 11, 11));
        Assert.That(found[0].Severity, Is.EqualTo(DiagnosticSeverity.Info));
        Assert.That(Message(found[0]), Is.EqualTo("The compatibility lock 'events.schema.lock.json' is behind the catalog: new optional field 'epoch' of event 'cluster_joined', not recorded yet. Once this ships, record it (the code fix 'Update the lock', or 'eventcatalog ship')."));
    }

    [Test]
    public void A_new_event_passes()
    {
        Only(Check(Shipped.Replace("      cluster_left: {}\n", "      cluster_left: {}\n      cluster_renamed: {}\n")), ("EVC018", 14, 7));
    }

    [Test]
    public void A_new_category_passes()
    {
        ImmutableArray<Diagnostic> found = Check(Shipped + "\n  gateway:\n    events: [gateway_started]");
        Only(found, ("EVC018", 18, 3));
        Assert.That(Message(found[0]), Does.Contain("is behind the catalog: new category 'gateway', new event 'gateway_started', not recorded yet."));
    }

    [Test]
    public void A_version_bump_that_describes_the_shipped_data_passes_whatever_the_new_data()
    {
        string bumped = Shipped
            .Replace("version: 2", "version: 3")
            .Replace("          leader: string?\n", "          leader: string\n          epoch: long\n")
            .Replace("          1: { data: { via_node: string } }\n", "          1: { data: { via_node: string } }\n          2: { data: { via_node: string, term: long, leader: string? } }\n");
        ImmutableArray<Diagnostic> found = Check(bumped);
        Only(found, ("EVC018", 6, 18));
        Assert.That(Message(found[0]), Does.Contain("event 'cluster_joined' at version 3 (shipped: 2)"));
    }

    [Test]
    public void A_catalog_without_a_lock_gets_EVC018_at_its_start_with_the_lock_to_write()
    {
        ImmutableArray<Diagnostic> found = Check(Shipped, noLock: true);
        Only(found, ("EVC018", 1, 1));
        Assert.Multiple(() =>
        {
            Assert.That(Message(found[0]), Is.EqualTo("Catalog 'events.schema.yaml' has no compatibility lock: once it ships, record its shapes in 'events.schema.lock.json' beside it (the code fix 'Write events.schema.lock.json', or 'eventcatalog ship') so that a breaking change to a shipped event is an error (EVC017)."));
            Assert.That(found[0].Properties[LockReport.PathProperty], Is.EqualTo(LockPath));
            Assert.That(found[0].Properties[LockReport.TextProperty], Is.EqualTo(LockOf(Shipped)));
        });
    }

    [Test]
    public void A_catalog_with_errors_is_not_compared_with_its_lock()
    {
        ImmutableArray<Diagnostic> found = Check(Shipped.Replace("term: long", "term: lnog"));
        Assert.That(found.Select(d => d.Id), Is.EqualTo(new[] { "EVC005" }));
    }

    [Test]
    public void A_lock_of_a_differently_cased_name_is_still_the_catalogs_lock()
    {
        var files = new AdditionalText[]
        {
            new InMemoryAdditionalText(CatalogPath, Shipped.Replace("term: long", "term: int")),
            new InMemoryAdditionalText("/project/Events.Schema.Lock.json", LockOf(Shipped)),
        };
        Assert.That(GeneratorHarness.Analyze(files, includeLockInfo: true).Select(d => d.Id), Is.EqualTo(new[] { "EVC017" }));
    }

    [Test]
    public void The_lock_name_is_the_catalog_name_without_its_extension()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LockFiles.LockPathFor("/p/events.schema.yaml"), Is.EqualTo("/p/events.schema.lock.json"));
            Assert.That(LockFiles.LockPathFor("/p/billing.events.yml"), Is.EqualTo("/p/billing.events.lock.json"));
            Assert.That(LockFiles.IsLockOf("/q/events.schema.lock.json", "/p/events.schema.yaml"), Is.False);
            Assert.That(LockFiles.IsLockOf("/p/packages.lock.json", "/p/events.schema.yaml"), Is.False);
            // A linked catalog as csc passes it, and its lock as the props pass it (full path).
            Assert.That(LockFiles.IsLockOf("/repo/events.schema.lock.json", "/repo/samples/app/../../events.schema.yaml"), Is.True);
            Assert.That(LockFiles.IsLockOf("/repo/events.schema.lock.json", "/repo/samples/app/../events.schema.yaml"), Is.False);
        });
    }

    // ---- A lock that cannot be used (EVC019, at the lock file) ----

    private static Diagnostic Unreadable(string lockText)
    {
        ImmutableArray<Diagnostic> found = Check(Shipped.Replace("term: long", "term: int"), lockText);
        Assert.That(found, Has.Length.EqualTo(1), string.Join("\n", found.Select(GeneratorHarness.Describe)));
        return found[0];
    }

    [Test]
    public void A_lock_that_is_not_json_is_a_warning_at_the_lock_not_a_crash()
    {
        Diagnostic found = Unreadable("{ \"eventcatalog_lock\": 1,\n  \"topic\": [\n");
        DiagnosticAssert.At(found, "EVC019", DiagnosticSeverity.Warning, 3, 1, LockPath);
        Assert.That(Message(found), Does.StartWith("The compatibility lock 'events.schema.lock.json' cannot be used, so breaking changes are not checked: it is not well-formed JSON: "));
    }

    [Test]
    public void A_lock_of_a_newer_format_is_a_warning_naming_both_formats()
    {
        Diagnostic found = Unreadable("{\n  \"eventcatalog_lock\": 2,\n  \"topic\": \"x\",\n  \"categories\": {}\n}\n");
        DiagnosticAssert.At(found, "EVC019", DiagnosticSeverity.Warning, 2, 24, LockPath);
        Assert.That(Message(found), Is.EqualTo("The compatibility lock 'events.schema.lock.json' cannot be used, so breaking changes are not checked: it is lock format 2, and this EventCatalog reads format 1 (a newer EventCatalog wrote it? update the package). Restore it from version control (git checkout -- events.schema.lock.json). Deleting it and writing it again (the code fix on the catalog, or 'eventcatalog ship') takes the catalog as it is now as what shipped: a breaking change made since would never be reported (EVC017)."));
    }

    [Test]
    public void A_lock_with_an_unknown_property_is_a_warning_at_that_property()
    {
        string edited = LockOf(Shipped).Replace("\"version\": 2,", "\"version\": 2,\n          \"owner\": \"me\",");
        Diagnostic found = Unreadable(edited);
        DiagnosticAssert.At(found, "EVC019", DiagnosticSeverity.Warning, 9, 11, LockPath);
        Assert.That(Message(found), Does.Contain("event 'cluster_joined' has the property 'owner', which lock format 1 does not have (expected: version, data, versions)."));
    }

    [Test]
    public void A_lock_missing_an_earlier_version_is_a_warning()
    {
        string edited = LockOf(Shipped).Replace(",\n          \"versions\": {\n            \"1\": {\n              \"data\": {\n                \"via_node\": \"string\"\n              }\n            }\n          }", "");
        Diagnostic found = Unreadable(edited);
        DiagnosticAssert.At(found, "EVC019", DiagnosticSeverity.Warning, 8, 22, LockPath);
        Assert.That(Message(found), Does.Contain("event 'cluster_joined' is at version 2 but records 0 earlier version(s); it needs each of 1 to 1."));
    }

    // ---- Issue 24, case 6: a lock left with merge-conflict markers ----

    /// <summary>The billing catalog both branches started from.</summary>
    private const string BillingBase = """
        topic: "ctl:{store}:{category}"
        categories:
          billing:
            events:
              invoice_sent:
                data:
                  invoice_id: string
                  amount: decimal
        """;

    /// <summary>The lock as git leaves it when two branches each add an optional field: one conflict hunk, as 'git merge' writes it (or diff3 style, with the base).</summary>
    internal static string ConflictedLock(string ours, string theirs, string? baseText = null)
    {
        string[] a = ours.Split('\n');
        string[] b = theirs.Split('\n');
        int prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        int suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        var lines = new System.Collections.Generic.List<string>(a.Take(prefix)) { "<<<<<<< HEAD" };
        lines.AddRange(a.Skip(prefix).Take(a.Length - prefix - suffix));
        if (baseText is not null)
        {
            string[] o = baseText.Split('\n');
            lines.Add("||||||| merged common ancestors");
            lines.AddRange(o.Skip(prefix).Take(o.Length - prefix - suffix));
        }

        lines.Add("=======");
        lines.AddRange(b.Skip(prefix).Take(b.Length - prefix - suffix));
        lines.Add(">>>>>>> add-due-date");
        lines.AddRange(a.Skip(a.Length - suffix));
        return string.Join("\n", lines);
    }

    private static string BillingConflict(bool diff3 = false) => ConflictedLock(
        LockOf(BillingBase.Replace("amount: decimal", "amount: decimal\n          currency: string?")),
        LockOf(BillingBase.Replace("amount: decimal", "amount: decimal\n          due_at: timestamp?")),
        diff3 ? LockOf(BillingBase) : null);

    [TestCase(false)]
    [TestCase(true)]
    public void A_lock_with_merge_conflict_markers_is_an_unresolved_merge_conflict_and_the_retype_the_merge_brought_is_still_EVC017(bool diff3)
    {
        string lockText = BillingConflict(diff3);
        Assert.That(lockText, Does.Contain("<<<<<<< HEAD\n").And.Contain("\n=======\n").And.Contain("\n>>>>>>> add-due-date"));
        int markerLine = lockText.Split('\n').ToList().IndexOf("<<<<<<< HEAD") + 1;

        // The merge took both optional fields and retyped amount from decimal to string.
        string merged = BillingBase.Replace("amount: decimal", "amount: string\n          currency: string?\n          due_at: timestamp?");
        ImmutableArray<Diagnostic> found = Check(merged, lockText);
        Only(found, ("EVC019", markerLine, 1), ("EVC017", 8, 11));
        Assert.That(Message(found[1]), Does.StartWith("Field 'amount' of event 'invoice_sent' changed type from 'decimal' to 'string'"));
        Diagnostic conflict = found[0];
        DiagnosticAssert.At(conflict, "EVC019", DiagnosticSeverity.Warning, markerLine, 1, LockPath);
        Assert.That(Message(conflict), Is.EqualTo(
            $"The compatibility lock 'events.schema.lock.json' has an unresolved merge conflict (the marker at line {markerLine}), so it is not JSON and cannot be used as it is. " +
            "Both sides only add (events, fields), so until it is resolved the catalog is checked against both sides together, and 'eventcatalog ship' resolves it: it checks the catalog against both sides and writes the lock of the catalog. To resolve it by hand, keep every event and field of both sides and delete the marker lines. " +
            "Do not delete the lock to get rid of the conflict: a lock written afresh takes the catalog as it is now as what shipped, and a breaking change that came with the merge would never be reported (EVC017)."));

        // Without the retype, only the conflict is reported.
        Only(Check(merged.Replace("amount: string", "amount: decimal"), lockText), ("EVC019", markerLine, 1));
    }

    [Test]
    public void A_conflict_whose_sides_retype_the_same_field_cannot_be_merged_and_says_why()
    {
        string lockText = ConflictedLock(LockOf(BillingBase), LockOf(BillingBase.Replace("amount: decimal", "amount: string")));
        Diagnostic found = Unreadable(lockText);
        Assert.That(found.Id, Is.EqualTo("EVC019"));
        Assert.That(Message(found), Does.Contain("has an unresolved merge conflict (the marker at line ")
            .And.Contain("It cannot be merged by itself (field 'amount' of event 'invoice_sent' is 'decimal' on one side and 'string' on the other): resolve it by hand")
            .And.Contain("Do not delete the lock to get rid of the conflict"));
    }

    [Test]
    public void Markers_that_do_not_pair_up_are_still_an_unresolved_merge_conflict()
    {
        Diagnostic found = Unreadable(LockOf(Shipped).Replace("  \"topic\"", ">>>>>>> theirs\n  \"topic\""));
        DiagnosticAssert.At(found, "EVC019", DiagnosticSeverity.Warning, 3, 1, LockPath);
        Assert.That(Message(found), Does.Contain("unresolved merge conflict").And.Contain("(its conflict markers do not pair up as git writes them)"));
    }

    [Test]
    public void Lines_that_only_look_like_markers_are_not_a_conflict()
    {
        // Seven '=' inside a string, or eight '<', is not a marker line.
        Diagnostic found = Unreadable(LockOf(Shipped).Replace("\"eventcatalog_lock\": 1", "\"eventcatalog_lock\": 1,\n<<<<<<<<"));
        Assert.That(Message(found), Does.Not.Contain("merge conflict"));
    }

    // ---- The reader is a YAML reader: it holds the lock to what the writer writes (JSON, names and types the catalog allows) ----

    [Test]
    public void A_lock_in_yaml_block_style_is_a_warning_at_its_first_property_not_a_lock_read_as_if_it_had_shipped()
    {
        Diagnostic found = Unreadable("eventcatalog_lock: 1\ntopic: \"ctl:{store}:{category}\"\ncategories: {}\n");
        DiagnosticAssert.At(found, "EVC019", DiagnosticSeverity.Warning, 1, 1, LockPath);
        Assert.That(Message(found), Does.Contain(": it must be a JSON object in braces ('{ ... }'), but it is written in YAML's block style. "));
    }

    [Test]
    public void A_lock_with_an_unquoted_property_name_is_a_warning_at_that_name()
    {
        Diagnostic found = Unreadable(LockOf(Shipped).Replace("\"stream_id\": \"string\"", "stream_id: \"string\""));
        DiagnosticAssert.At(found, "EVC019", DiagnosticSeverity.Warning, 33, 13, LockPath);
        Assert.That(Message(found), Does.Contain(": 'data' of event 'events_persisted' has a property whose name is not a JSON string (in double quotes). "));
    }

    [TestCase("5")]
    [TestCase("true")]
    [TestCase("'string'")]
    [TestCase("!!str string")]
    public void A_lock_whose_field_type_is_not_a_json_string_is_a_warning_at_the_type(string type)
    {
        Diagnostic found = Unreadable(LockOf(Shipped).Replace("\"stream_id\": \"string\"", "\"stream_id\": " + type));
        DiagnosticAssert.At(found, "EVC019", DiagnosticSeverity.Warning, 33, 26, LockPath);
        Assert.That(Message(found), Does.Contain(": field 'stream_id' of 'data' of event 'events_persisted' must have its type as a string (e.g. \"string\" or \"timestamp?\"). "));
    }

    [TestCase("str")]
    [TestCase("List<string>")]
    [TestCase("strin g<")]
    [TestCase("")]
    public void A_lock_whose_field_type_no_catalog_writes_is_a_warning_at_the_type_not_a_changed_type_in_the_catalog(string type)
    {
        Diagnostic found = Unreadable(LockOf(Shipped).Replace("\"stream_id\": \"string\"", $"\"stream_id\": \"{type}\""));
        DiagnosticAssert.At(found, "EVC019", DiagnosticSeverity.Warning, 33, 26, LockPath);
        Assert.That(Message(found), Does.Contain(type.Length == 0
            ? ": field 'stream_id' of 'data' of event 'events_persisted' must have its type as a string (e.g. \"string\" or \"timestamp?\"). "
            : $": field 'stream_id' of 'data' of event 'events_persisted' has the type '{type}', which is not a catalog type as EventCatalog writes it (e.g. \"long\", \"list<string>\" or \"timestamp?\"). "));
    }

    [Test]
    public void A_lock_naming_an_event_no_catalog_can_have_is_a_warning_at_the_name_not_a_removed_event()
    {
        Diagnostic found = Unreadable(LockOf(Shipped).Replace("\"events_persisted\"", "\"Events-Persisted\""));
        DiagnosticAssert.At(found, "EVC019", DiagnosticSeverity.Warning, 30, 9, LockPath);
        Assert.That(Message(found), Does.Contain(": event 'Events-Persisted' is not a snake_case name, so no catalog can have shipped it. "));
    }

    [Test]
    public void A_lock_naming_a_category_no_catalog_can_have_is_a_warning_at_the_name()
    {
        Diagnostic found = Unreadable(LockOf(Shipped).Replace("\"persistence\"", "\"Persistence\""));
        DiagnosticAssert.At(found, "EVC019", DiagnosticSeverity.Warning, 28, 5, LockPath);
        Assert.That(Message(found), Does.Contain(": category 'Persistence' is not a snake_case name, so no catalog can have shipped it. "));
    }

    [Test]
    public void A_lock_naming_a_field_no_catalog_can_have_is_a_warning_at_the_name()
    {
        Diagnostic found = Unreadable(LockOf(Shipped).Replace("\"stream_id\"", "\"streamId\""));
        DiagnosticAssert.At(found, "EVC019", DiagnosticSeverity.Warning, 33, 13, LockPath);
        Assert.That(Message(found), Does.Contain(": field 'streamId' of 'data' of event 'events_persisted' is not a snake_case name, so no catalog can have shipped it. "));
    }

    [Test]
    public void A_lock_with_a_yaml_anchor_is_a_warning_at_the_anchored_value()
    {
        Diagnostic found = Unreadable(LockOf(Shipped).Replace("\"stream_id\": \"string\"", "\"stream_id\": &s \"string\""));
        DiagnosticAssert.At(found, "EVC019", DiagnosticSeverity.Warning, 33, 26, LockPath);
        Assert.That(Message(found), Does.Contain(": field 'stream_id' of 'data' of event 'events_persisted' must have its type as a string (e.g. \"string\" or \"timestamp?\"). "));
    }

    [Test]
    public void A_lock_with_a_yaml_merge_key_is_a_warning()
    {
        string edited = LockOf(Shipped).Replace("\"data\": {\n            \"stream_id\": \"string\"\n          }", "\"data\": { <<: {\"stream_id\": \"string\"} }");
        Diagnostic found = Unreadable(edited);
        DiagnosticAssert.At(found, "EVC019", DiagnosticSeverity.Warning, 32, 19, LockPath);
        Assert.That(Message(found), Does.Contain(": 'data' of event 'events_persisted' must be a JSON object in braces ('{ ... }'), as EventCatalog writes it. "));
    }

    [Test]
    public void A_lock_beyond_the_size_limit_is_a_warning()
    {
        Diagnostic found = Unreadable("{\"x\": \"" + new string('a', CatalogLimits.MaxCharacters) + "\"}");
        Assert.That(found.Id, Is.EqualTo("EVC019"));
        Assert.That(Message(found), Does.Contain("characters long; the limit is"));
    }
}
