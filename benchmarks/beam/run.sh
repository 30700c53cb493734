#!/usr/bin/env bash
# The BEAM side by side of issue 13: the seed's own ExESDB.Events (beam-campus/ex-esdb,
# package/lib/ex_esdb/events.ex) on Elixir, and the generated C# API (BenchmarkDotNet's
# RuntimeBenchmarks), on the same operations in one go; prints the ratio table.
# A benchmark, not a test. See benchmarks/beam/README.md for the options and what each step does.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

usage() {
  cat <<EOF
usage: benchmarks/beam/run.sh [options]
  --seed PATH         the seed's events.ex, or an ex-esdb checkout / git dir holding
                      package/lib/ex_esdb/events.ex (env EX_ESDB_SEED). Without it: a local mirror
                      under --mirror-root, then a git clone of --git-url, then hex.pm.
  --ref REF           the revision to read from a git dir or mirror (env EX_ESDB_REF; default HEAD)
  --mirror-root DIR   where local mirrors live (env EX_ESDB_MIRROR_ROOT; default /work/.mirror)
  --git-url URL       (env EX_ESDB_GIT_URL; default https://github.com/beam-campus/ex-esdb)
  --iterations N      BEAM iterations per round (default 3000000)
  --rounds R          BEAM rounds; the median counts (default 3)
  --quick             a smoke run: 20000 BEAM iterations, 1 round, BenchmarkDotNet --quick
                      (every number meaningless; checks that everything runs)
  --out DIR           where results go (default BenchmarkDotNet.Artifacts/beam-side-by-side)
  --keep              keep the temporary folder with the seed's copy and its compiled module
EOF
}

seed="${EX_ESDB_SEED:-}"
ref="${EX_ESDB_REF:-HEAD}"
mirror_root="${EX_ESDB_MIRROR_ROOT:-/work/.mirror}"
git_url="${EX_ESDB_GIT_URL:-https://github.com/beam-campus/ex-esdb}"
hex_api="${EX_ESDB_HEX_API:-https://hex.pm/api}"
hex_repo="${EX_ESDB_HEX_REPO:-https://repo.hex.pm}"
iterations=3000000
rounds=3
quick=0
keep=0
out="$repo/BenchmarkDotNet.Artifacts/beam-side-by-side"

need_value() { [[ $# -ge 2 && -n "$2" ]] || { echo "run.sh: $1 needs a value" >&2; usage >&2; exit 2; }; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seed) need_value "$@"; seed="$2"; shift 2 ;;
    --ref) need_value "$@"; ref="$2"; shift 2 ;;
    --mirror-root) need_value "$@"; mirror_root="$2"; shift 2 ;;
    --git-url) need_value "$@"; git_url="$2"; shift 2 ;;
    --iterations) need_value "$@"; iterations="$2"; shift 2 ;;
    --rounds) need_value "$@"; rounds="$2"; shift 2 ;;
    --out) need_value "$@"; out="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for n in "$iterations" "$rounds"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --iterations and --rounds take a positive integer (got '$n')" >&2; exit 2; }
done
if [[ $quick == 1 ]]; then iterations=20000; rounds=1; fi

# The seed's code is copied and compiled only here, outside the repository: it is never committed.
work="$(mktemp -d "${TMPDIR:-/tmp}/eventcatalog-beam.XXXXXX")"
if [[ $keep == 1 ]]; then trap 'echo "kept $work"' EXIT; else trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$out"
step() { printf '\n== %s\n' "$*"; }
# Both halves run one after the other on a machine that may be shared: the load average around each
# goes into the table, to judge whether a ratio compares like with like.
load() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?"; }

# 1. Elixir ---------------------------------------------------------------------------------------
step "Elixir"
if ! command -v elixir >/dev/null 2>&1; then
  echo "elixir is not installed: installing Debian's package 'elixir'"
  if [[ $(id -u) == 0 ]]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "run.sh: elixir is missing and this user cannot install it; run 'apt-get install elixir' as root" >&2; exit 1
  fi
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y elixir
fi
command -v python3 >/dev/null 2>&1 || { echo "run.sh: python3 is needed for the final table (reads BenchmarkDotNet's JSON)" >&2; exit 1; }
elixir -e 'IO.puts("Elixir #{System.version()} on OTP #{System.otp_release()} (#{:erlang.system_info(:emu_flavor)})"); :crypto.strong_rand_bytes(1)' \
  || { echo "run.sh: elixir does not start, or lacks :crypto (Debian: erlang-crypto)" >&2; exit 1; }

# 2. The seed's events.ex -------------------------------------------------------------------------
step "The seed's module"
events="$work/events.ex"
source_note=""
rel="package/lib/ex_esdb/events.ex"

# From a git dir (bare mirror or a checkout's .git) at $ref.
from_git() { git --git-dir="$1" show "$ref:$rel" >"$events" 2>/dev/null && source_note="$2 ($(git --git-dir="$1" rev-parse "$ref") of $1)"; }

if [[ -n "$seed" ]]; then
  if [[ -f "$seed" ]]; then
    cp "$seed" "$events"; source_note="$seed"
  elif [[ -f "$seed/$rel" ]]; then
    cp "$seed/$rel" "$events"; source_note="$seed/$rel"
  elif [[ -d "$seed" ]] && gd="$(git -C "$seed" rev-parse --absolute-git-dir 2>/dev/null)" && from_git "$gd" "git"; then
    :
  else
    echo "run.sh: --seed '$seed' is neither events.ex, nor a folder holding $rel, nor a git dir with $rel at $ref" >&2
    exit 1
  fi
else
  # a) a local mirror (a bare git dir, as the project's 'fetch' tool lays out: <root>/beam-campus+ex-esdb/repo)
  for gd in "$mirror_root"/beam-campus+ex-esdb/repo "$mirror_root"/*ex-esdb*/repo "$mirror_root"/*ex-esdb*; do
    [[ -d "$gd" ]] || continue
    if from_git "$gd" "local mirror"; then break; fi
  done
  # b) a shallow clone (a machine with internet)
  if [[ -z "$source_note" ]]; then
    echo "no local mirror under $mirror_root; trying git clone $git_url"
    if GIT_TERMINAL_PROMPT=0 timeout 180 git clone --quiet --depth 1 "$git_url" "$work/ex-esdb" 2>"$work/clone.err" \
      && [[ -f "$work/ex-esdb/$rel" ]]; then
      cp "$work/ex-esdb/$rel" "$events"; source_note="git clone of $git_url ($(git -C "$work/ex-esdb" rev-parse HEAD))"
    else
      echo "  git clone failed: $(grep -m 1 -i 'fatal' "$work/clone.err" || tail -n 1 "$work/clone.err")"
    fi
  fi
  # c) the package on hex.pm (ex_esdb): the tarball holds contents.tar.gz with lib/ex_esdb/events.ex
  if [[ -z "$source_note" ]]; then
    echo "trying hex.pm (package ex_esdb: $hex_api, $hex_repo)"
    if version="$(curl -fsS --max-time 20 "$hex_api/packages/ex_esdb" 2>"$work/hex.err" \
        | python3 -c 'import json, sys; d = json.load(sys.stdin); print(d.get("latest_stable_version") or d.get("latest_version") or "")' 2>/dev/null)" \
      && [[ -n "$version" ]] \
      && curl -fsS --max-time 60 -o "$work/hex.tar" "$hex_repo/tarballs/ex_esdb-$version.tar" 2>>"$work/hex.err" \
      && tar -xf "$work/hex.tar" -C "$work" contents.tar.gz \
      && tar -xzf "$work/contents.tar.gz" -C "$work" lib/ex_esdb/events.ex; then
      cp "$work/lib/ex_esdb/events.ex" "$events"; source_note="hex.pm ex_esdb $version"
    else
      echo "  hex.pm failed: $(tail -n 1 "$work/hex.err" 2>/dev/null)"
    fi
  fi
  if [[ -z "$source_note" ]]; then
    cat >&2 <<EOF
run.sh: could not get the seed's module ($rel of beam-campus/ex-esdb).
Provide it with one of:
  benchmarks/beam/run.sh --seed /path/to/events.ex
  benchmarks/beam/run.sh --seed /path/to/ex-esdb            (a checkout, or its bare git dir)
  EX_ESDB_SEED=/path/to/events.ex benchmarks/beam/run.sh
or make a mirror reachable (--mirror-root), or give network access to $git_url or hex.pm.
EOF
    exit 1
  fi
fi
echo "from: $source_note"
echo "sha256: $(sha256sum "$events" | cut -d' ' -f1)"

# Compile it as it is. This version has no dependency beyond Elixir and OTP (:crypto). In Elixir a
# remote call to a module that is absent (Phoenix.PubSub.broadcast, say) is only a compile-time
# warning, so a later version that publishes still compiles; what would fail is a compile-time use
# (use/require/import) of an absent module. For that case the script writes an empty stand-in module
# of that name (with a no-op __using__) next to the copy, never editing the seed's code, and compiles
# again: the benchmarked functions are pure and never reach such a module. Anything else (a struct of
# an absent module, a syntax error) stops the script with the compiler's message.
ebin="$work/ebin"; mkdir -p "$ebin"
standins="$work/standins.ex"; : >"$standins"
compiled=0
for _ in 1 2 3 4 5 6; do
  if (cd "$work" && elixirc -o "$ebin" "$standins" "$events") >"$work/compile.log" 2>&1; then
    compiled=1; break
  fi
  missing="$(grep -oE 'module [A-Z][A-Za-z0-9_.]* is not loaded and could not be found' "$work/compile.log" \
    | awk '{print $2}' | sort -u || true)"
  new=0
  for m in $missing; do
    grep -q "^defmodule $m do" "$standins" && continue
    echo "stand-in for $m (absent at compile time)"
    printf 'defmodule %s do\n  @moduledoc false\n  defmacro __using__(_opts), do: nil\nend\n' "$m" >>"$standins"
    new=1
  done
  [[ $new == 1 ]] || break
done
if [[ $compiled != 1 ]]; then
  cat "$work/compile.log" >&2
  echo "run.sh: the seed's module did not compile (above); a stand-in cannot stand for what it needs" >&2
  exit 1
fi
grep -q . "$standins" || echo "compiled standalone (no stand-ins needed)"

# Protocols consolidated, as in any Mix build of the seed (a bare 'elixir' script dispatches them
# unconsolidated, which made build_topic's interpolation ~1.5x slower here).
elixir -e '
  for p <- [String.Chars, List.Chars, Enumerable, Collectable, Inspect] do
    {:ok, bin} = Protocol.consolidate(p, Protocol.extract_impls(p, :code.get_path()))
    File.write!(Path.join(hd(System.argv()), Atom.to_string(p) <> ".beam"), bin)
  end' "$ebin"

# 3. The seed on the BEAM -------------------------------------------------------------------------
step "The seed on the BEAM ($iterations iterations x $rounds rounds)"
elixir -pa "$ebin" -e 'true = Protocol.consolidated?(String.Chars)' >/dev/null \
  || { echo "run.sh: the consolidated protocols did not load" >&2; exit 1; }
beam_load="$(load)"
elixir -pa "$ebin" "$here/bench.exs" --iterations "$iterations" --rounds "$rounds" --out "$out/beam.tsv" | tee "$out/beam.txt"
beam_load="$beam_load -> $(load)"

# 4. The generated C# API (BenchmarkDotNet) -------------------------------------------------------
step "The generated C# API (BenchmarkDotNet RuntimeBenchmarks)"
bdn="$out/bdn"; rm -rf "$bdn"
bdn_args=(--filter
  '*RuntimeBenchmarks.BuildEvent_Generated' '*RuntimeBenchmarks.BuildPayload_Generated'
  '*RuntimeBenchmarks.BuildTopic_Generated' '*RuntimeBenchmarks.IsValidEvent_Hit_Generated'
  '*RuntimeBenchmarks.IsValidEvent_Miss_Generated' '*RuntimeBenchmarks.IsValidEventStructure_Map_Generated'
  '*RuntimeBenchmarks.IsValidEventStructure_Envelope_Generated'
  --exporters json --artifacts "$bdn")
[[ $quick == 1 ]] && bdn_args=(--quick "${bdn_args[@]}")
cs_load="$(load)"
(cd "$repo" && dotnet run -c Release --project benchmarks/EventCatalog.Benchmarks -- "${bdn_args[@]}") | tee "$out/bdn.txt"
cs_load="$cs_load -> $(load)"

# 5. The table ------------------------------------------------------------------------------------
step "Side by side"
json="$(ls "$bdn"/results/*RuntimeBenchmarks*-full-compressed.json 2>/dev/null | head -n 1 || true)"
[[ -n "$json" ]] || { echo "run.sh: BenchmarkDotNet wrote no JSON report under $bdn/results" >&2; exit 1; }
{
  echo "seed: $source_note"
  [[ $quick == 1 ]] && echo "QUICK RUN: smoke only, the numbers mean nothing"
  python3 "$here/table.py" "$out/beam.tsv" "$json"
  echo "1-minute load average on $(nproc) cores: BEAM half $beam_load, C# half $cs_load."
} | tee "$out/table.md"
echo
echo "results in $out (table.md, beam.tsv, bdn/results)"
