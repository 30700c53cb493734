#!/usr/bin/env bash
# The README's test command: all set-up in one command, then every test.
# The Redis tests need a real redis-server (or EVENTCATALOG_REDIS=host:port): install it where it is missing and
# the machine allows it (Debian/Ubuntu apt-get, as root or with sudo); otherwise say so clearly. Extra arguments go
# to `dotnet test` (.ci/run passes --no-build --logger trx).
set -uo pipefail
cd "$(dirname "$0")/.."

if [ -z "${EVENTCATALOG_REDIS:-}" ] && ! command -v redis-server >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="none"; fi
    if [ "$SUDO" != "none" ]; then
      echo "redis-server is missing: installing it with apt-get (the Redis pub/sub tests need it)."
      $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null \
        || echo "apt-get could not install redis-server; the Redis tests will fail and say why."
      # The package may start a system service on 6379; the tests start their own servers on free ports.
    else
      echo "redis-server is missing and this user cannot run apt-get (not root, no sudo): install redis-server or set EVENTCATALOG_REDIS=host:port; the Redis tests will fail until then."
    fi
  else
    echo "redis-server is missing and this is not a Debian/Ubuntu machine (no apt-get): install redis-server from your package manager, or set EVENTCATALOG_REDIS=host:port; the Redis tests will fail until then."
  fi
fi

exec dotnet test "$@"
