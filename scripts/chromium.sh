#!/usr/bin/env bash
# Makes sure Debian's chromium is installed, for the dashboard's browser test (tests/Precog.Dashboard.Tests drives it
# with Playwright's own driver, which ships in its NuGet package). Idempotent: installs only when missing.
# Prints the browser's path on stdout; prints nothing (and says why on stderr) when it cannot be installed, and the
# browser tests then skip with that reason. Playwright's own browser download is never used: it cannot work here.
set -uo pipefail

log() { echo "chromium.sh: $*" >&2; }

browser=${PRECOG_TEST_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$browser" ]; then
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null 2>&1; then
    log "chromium is missing and this user cannot install packages (not root, no sudo): the browser tests will skip"
    exit 0
  fi
  as_root=""
  [ "$(id -u)" != 0 ] && as_root="sudo -n"
  log "installing chromium from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  if ! { $as_root apt-get update -qq >&2 && $as_root apt-get install -y -qq chromium >&2; }; then
    log "apt-get could not install chromium: the browser tests will skip"
    exit 0
  fi
  browser=/usr/bin/chromium
fi
if ! "$browser" --version >/dev/null 2>&1; then
  log "$browser is there but does not run: the browser tests will skip"
  exit 0
fi
echo "$browser"
