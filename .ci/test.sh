#!/usr/bin/env bash
# The README's test command: all set-up in one command, then every test.
# What the tests need beyond the .NET SDK, installed where it is missing and the machine allows it (Debian/Ubuntu
# apt-get, as root or with sudo); otherwise a clear message, and the tests that need it fail saying why:
#   redis-server  the Redis pub/sub tests, the cluster sample tests (or EVENTCATALOG_REDIS=host:port)
#   nats-server   the NATS pub/sub tests, the distributed tests, the sample's NATS cluster test (Debian puts it in /usr/sbin)
#   node, npm     the AsyncAPI export tests (the official @asyncapi/parser) and the EventCatalog.dev export tests
#                 (@eventcatalog/linter), both installed by npm from the tool tests' lock file
#   chromium      the docs page tests (rendered in headless Chromium)
#   python3-yaml  the AsyncAPI YAML round-trip test (libyaml, through PyYAML's C loader in /usr/bin/python3)
# Extra arguments go to `dotnet test` (.ci/run passes --no-build --logger trx).
#
#   bash .ci/test.sh            every test project of EventCatalog.sln
#   bash .ci/test.sh --quick    all but the slow end-to-end project (*.EndToEnd.Tests: packs, nested builds), for inner loops
#
# Test projects are found in the solution (a project under tests/ that is not <IsTestProject>false, or any project
# that says <IsTestProject>true), so a new one runs without editing this file. They run two at a time (or
# EVENTCATALOG_TEST_JOBS), the end-to-end project first, as `dotnet test` on the solution did; each prints a line as
# it starts and as it ends (counts, time), a line a minute while any is still running, and its output only when it
# fails. Each runs with its own TMPDIR, removed when it ends, so nothing is left in the system temp folder
# (EVENTCATALOG_KEEP_TEMP=1 keeps it).
set -uo pipefail
cd "$(dirname "$0")/.."

missing=()
if [ -z "${EVENTCATALOG_REDIS:-}" ] && ! command -v redis-server >/dev/null 2>&1; then missing+=(redis-server); fi
if ! command -v nats-server >/dev/null 2>&1 && [ ! -x /usr/sbin/nats-server ]; then missing+=(nats-server); fi
if ! command -v openssl >/dev/null 2>&1; then missing+=(openssl); fi # the TLS tests make their CA at test time
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi
if [ ! -x /usr/bin/chromium ] && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium fonts-dejavu-core); fi
if ! /usr/bin/python3 -c 'import yaml; yaml.CSafeLoader' >/dev/null 2>&1; then missing+=(python3-yaml); fi

if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="none"; fi
    if [ "$SUDO" != "none" ]; then
      echo "Installing what the tests need with apt-get: ${missing[*]}"
      $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || echo "apt-get could not install ${missing[*]}; the tests that need them will fail and say why."
      # redis-server's and nats-server's packages may start a system service on 6379/4222; the tests start their own servers on free ports.
    else
      echo "Missing ${missing[*]}, and this user cannot run apt-get (not root, no sudo): install them (or set EVENTCATALOG_REDIS=host:port for Redis); the tests that need them will fail until then."
    fi
  else
    echo "Missing ${missing[*]}, and this is not a Debian/Ubuntu machine (no apt-get): install them with your package manager (or set EVENTCATALOG_REDIS=host:port for Redis); the tests that need them will fail until then."
  fi
fi

quick=0
test_args=()
for arg in "$@"; do
  if [ "$arg" = "--quick" ]; then quick=1; else test_args+=("$arg"); fi
done

# The test projects of the solution, the slow end-to-end project first (it runs beside the others, not after them).
projects=()
while IFS= read -r project; do
  project="${project//\\//}"
  [ -f "$project" ] || continue
  if grep -q '<IsTestProject>false</IsTestProject>' "$project"; then continue; fi
  case "$project" in
    tests/*) ;;
    *) grep -q '<IsTestProject>true</IsTestProject>' "$project" || continue ;;
  esac
  case "$project" in
    *.EndToEnd.Tests.csproj) [ "$quick" -eq 1 ] && continue; projects=("$project" "${projects[@]}") ;;
    *) projects+=("$project") ;;
  esac
done < <(dotnet sln EventCatalog.sln list 2>/dev/null | grep -E '\.csproj$')

if [ "${#projects[@]}" -eq 0 ]; then
  echo "No test projects found in EventCatalog.sln."
  exit 1
fi

jobs_max="${EVENTCATALOG_TEST_JOBS:-2}"
temp_root="$(mktemp -d "${TMPDIR:-/tmp}/eventcatalog-tests.XXXXXX")"
if [ "${EVENTCATALOG_KEEP_TEMP:-}" != "1" ]; then trap 'rm -rf "$temp_root"' EXIT; fi
# Nested builds (the end-to-end tests) must not leave MSBuild nodes behind, waiting on a temp folder that is gone.
export MSBUILDDISABLENODEREUSE=1

now() { date -u +%H:%M:%S; }
elapsed() { local s=$1; if [ "$s" -ge 60 ]; then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi; }
name_of() { basename "$1" .csproj; }

echo "[$(now)] ${#projects[@]} test projects$([ "$quick" -eq 1 ] && echo " (--quick: without the end-to-end project)"), $jobs_max at a time: $(for p in "${projects[@]}"; do printf '%s ' "$(name_of "$p")"; done)"

declare -A pid_of=() start_of=() log_of=()
total_passed=0; total_failed=0; total_skipped=0; failed_projects=()
run_start=$SECONDS

start_project() {
  local project=$1 name results tmp
  name=$(name_of "$project")
  results="$(dirname "$project")/TestResults"
  tmp="$temp_root/$name"
  mkdir -p "$results" "$tmp"
  log_of[$project]="$results/$name.log"
  start_of[$project]=$SECONDS
  echo "[$(now)] start  $name"
  TMPDIR="$tmp" dotnet test "$project" "${test_args[@]}" >"${log_of[$project]}" 2>&1 &
  pid_of[$project]=$!
}

finish_project() {
  local project=$1 status=$2 name log summary p f s took
  name=$(name_of "$project")
  log=${log_of[$project]}
  took=$(elapsed $((SECONDS - ${start_of[$project]})))
  # VSTest's last line: "Passed!  - Failed:     0, Passed:   227, Skipped:     0, Total:   227, Duration: 1 m 15 s - X.dll (net10.0)"
  summary=$(grep -E '(Passed|Failed)! +- Failed: ' "$log" | tail -n 1)
  f=$(sed -n 's/.*Failed: *\([0-9]*\),.*/\1/p' <<<"$summary"); p=$(sed -n 's/.*Passed: *\([0-9]*\),.*/\1/p' <<<"$summary"); s=$(sed -n 's/.*Skipped: *\([0-9]*\),.*/\1/p' <<<"$summary")
  p=${p:-0}; f=${f:-0}; s=${s:-0}
  total_passed=$((total_passed + p)); total_failed=$((total_failed + f)); total_skipped=$((total_skipped + s))
  if [ "$status" -eq 0 ]; then
    echo "[$(now)] passed $name: $p passed, $f failed, $s skipped ($took)"
  else
    failed_projects+=("$name")
    echo "[$(now)] FAILED $name: $p passed, $f failed, $s skipped ($took, exit code $status); its output ($log):"
    sed 's/^/    /' "$log"
  fi
  if [ "${EVENTCATALOG_KEEP_TEMP:-}" != "1" ]; then rm -rf "${temp_root:?}/$name"; fi
  unset "pid_of[$project]"
}

queue=("${projects[@]}")
last_beat=$SECONDS
while [ "${#queue[@]}" -gt 0 ] || [ "${#pid_of[@]}" -gt 0 ]; do
  while [ "${#queue[@]}" -gt 0 ] && [ "${#pid_of[@]}" -lt "$jobs_max" ]; do
    start_project "${queue[0]}"
    queue=("${queue[@]:1}")
  done
  sleep 1
  for project in "${!pid_of[@]}"; do
    if ! kill -0 "${pid_of[$project]}" 2>/dev/null; then
      wait "${pid_of[$project]}"; finish_project "$project" $?
    fi
  done
  if [ $((SECONDS - last_beat)) -ge 60 ] && [ "${#pid_of[@]}" -gt 0 ]; then
    last_beat=$SECONDS
    echo "[$(now)] running $(for project in "${!pid_of[@]}"; do printf '%s (%s) ' "$(name_of "$project")" "$(elapsed $((SECONDS - ${start_of[$project]})))"; done)"
  fi
done

echo "[$(now)] ${#projects[@]} test projects in $(elapsed $((SECONDS - run_start))): $total_passed passed, $total_failed failed, $total_skipped skipped$([ "${#failed_projects[@]}" -gt 0 ] && echo "; failed: ${failed_projects[*]}")"
[ "${#failed_projects[@]}" -eq 0 ]
