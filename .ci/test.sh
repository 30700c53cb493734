#!/usr/bin/env bash
# The README's test command: all set-up in one command, then every test.
# What the tests need beyond the .NET SDK, installed where it is missing and the machine allows it (Debian/Ubuntu
# apt-get, as root or with sudo); otherwise a clear message, and the tests that need it fail saying why:
#   redis-server  the Redis pub/sub tests, the cluster sample tests (or EVENTCATALOG_REDIS=host:port)
#   nats-server   the NATS pub/sub tests, the distributed tests, the sample's NATS cluster test (Debian puts it in /usr/sbin)
#   node, npm     the AsyncAPI export tests (the official @asyncapi/parser, installed by npm from the lock file)
#   chromium      the docs page tests (rendered in headless Chromium)
#   python3-yaml  the AsyncAPI YAML round-trip test (libyaml, through PyYAML's C loader in /usr/bin/python3)
# Extra arguments go to `dotnet test` (.ci/run passes --no-build --logger trx).
set -uo pipefail
cd "$(dirname "$0")/.."

missing=()
if [ -z "${EVENTCATALOG_REDIS:-}" ] && ! command -v redis-server >/dev/null 2>&1; then missing+=(redis-server); fi
if ! command -v nats-server >/dev/null 2>&1 && [ ! -x /usr/sbin/nats-server ]; then missing+=(nats-server); fi
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

exec dotnet test "$@"
