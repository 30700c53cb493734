#!/usr/bin/env python3
"""The ratio table of issue 13's BEAM side by side, from the two halves of one run.

usage: table.py BEAM_TSV BDN_JSON

BEAM_TSV is what bench.exs --out writes (operation, net ns/op, gross, loop, heap bytes/op, rounds);
BDN_JSON is BenchmarkDotNet's *-report-full-compressed.json for RuntimeBenchmarks. Prints a Markdown
table: operation | generated C# | seed on BEAM | speed-up (BEAM time / C# time). Exits 1 naming what
is missing when a row's measurement is absent (a renamed benchmark, a failed run).
"""
import json
import sys

# (row label, [C# RuntimeBenchmarks methods], [bench.exs operations]); a row with two C# methods and one
# BEAM operation compares both against it (the seed has only the map form of an event).
ROWS = [
    ("build_event", ["BuildEvent_Generated"], ["build_event"]),
    ("build_payload", ["BuildPayload_Generated"], ["build_payload"]),
    ("build_topic", ["BuildTopic_Generated"], ["build_topic"]),
    ("valid_event? hit / miss", ["IsValidEvent_Hit_Generated", "IsValidEvent_Miss_Generated"],
     ["valid_event_hit", "valid_event_miss"]),
    ("valid_event_structure? (map / typed envelope)",
     ["IsValidEventStructure_Map_Generated", "IsValidEventStructure_Envelope_Generated"],
     ["valid_event_structure"]),
]


def fail(message):
    print(f"table.py: {message}", file=sys.stderr)
    sys.exit(1)


def ns(x):
    """Nanoseconds as the issue's table writes them: 2,830 / 52.3 / 5.21."""
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def cell(times, bytes_):
    text = " / ".join(ns(t) for t in times) + " ns"
    if all(b is not None for b in bytes_):
        text += ", " + " / ".join(f"{b:,.0f} B" for b in bytes_)
    return text


def speedup(beam, cs):
    # BenchmarkDotNet subtracts its overhead, so a sub-nanosecond operation can come out at 0.
    return f"{beam / cs:.1f}×" if cs > 0.01 else "n/a (C# ≈ 0 ns)"


def main(argv):
    if len(argv) != 3:
        fail("usage: table.py BEAM_TSV BDN_JSON")
    beam = {}
    with open(argv[1], encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 5:
                fail(f"{argv[1]}:{n}: expected 5 tab-separated fields, got {len(parts)}")
            beam[parts[0]] = (float(parts[1]), float(parts[4]))
    with open(argv[2], encoding="utf-8") as f:
        report = json.load(f)
    cs = {}
    for b in report.get("Benchmarks", []):
        stats = b.get("Statistics")
        if stats is None or stats.get("Mean") is None:
            continue  # a benchmark that failed: reported as missing below
        cs[b["Method"]] = (stats["Mean"], (b.get("Memory") or {}).get("BytesAllocatedPerOperation"))

    lines = ["| operation | generated C# | seed on BEAM | speed-up |", "| --- | --- | --- | --- |"]
    for label, cs_methods, beam_ops in ROWS:
        for m in cs_methods:
            if m not in cs:
                fail(f"RuntimeBenchmarks.{m} is not in {argv[2]} (renamed, filtered out or failed?)")
        for o in beam_ops:
            if o not in beam:
                fail(f"BEAM operation '{o}' is not in {argv[1]}")
        cs_t = [cs[m][0] for m in cs_methods]
        beam_t = [beam[o][0] for o in beam_ops]
        # Pair each C# figure with its BEAM figure; a single BEAM figure stands against every C# one.
        pairs = zip(beam_t if len(beam_t) == len(cs_t) else beam_t * len(cs_t), cs_t)
        lines.append("| {} | {} | {} | {} |".format(
            label,
            cell(cs_t, [cs[m][1] for m in cs_methods]),
            cell(beam_t, [beam[o][1] for o in beam_ops]),
            " / ".join(speedup(b, c) for b, c in pairs)))
    print("\n".join(lines))
    print()
    print("C#: BenchmarkDotNet mean, allocated bytes per operation. BEAM: median round minus an empty loop,"
          " process-heap bytes per operation (off-heap binary data, the 16 random bytes of an id, not counted)."
          " speed-up: BEAM time / C# time.")


if __name__ == "__main__":
    main(sys.argv)
