#!/usr/bin/env bash
# Builds Precog and runs every test project. Makes sure PostgreSQL is installed and running first
# (scripts/postgres.sh), so the suites that need a real database find one; its connection string is
# exported as PRECOG_TEST_POSTGRES. Makes sure Debian's chromium is installed (scripts/chromium.sh) for the
# dashboard's browser test; its path is exported as PRECOG_TEST_CHROMIUM (with CI set, a missing chromium fails the
# run; elsewhere the browser tests skip, naming why), and iptables (scripts/iptables.sh) for the cluster's partition test.
# Extra arguments go to `dotnet test`
# (e.g. --filter ...).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET SDK (dotnet) is not on PATH" >&2
  exit 1
fi
if [ ! -d ../shared/data ]; then
  echo "test.sh: ../shared (data and fixtures beside the checkout) is missing" >&2
  exit 1
fi

PRECOG_TEST_POSTGRES=$(bash scripts/postgres.sh)
export PRECOG_TEST_POSTGRES
bash scripts/iptables.sh # the cluster's partition test cuts a node off with the packet filter
PRECOG_TEST_CHROMIUM=$(bash scripts/chromium.sh)
if [ -z "$PRECOG_TEST_CHROMIUM" ] && [ -n "${CI:-}" ]; then
  # in CI the browser test is part of the bargain (issue 9): a missing browser fails the run instead of skipping it
  echo "test.sh: no chromium (see scripts/chromium.sh above): CI does not skip the dashboard's browser tests" >&2
  exit 1
fi
if [ -z "$PRECOG_TEST_CHROMIUM" ]; then
  echo "test.sh: no chromium: the dashboard's browser tests (tests/Precog.Dashboard.Tests) will be SKIPPED" >&2
  PRECOG_TEST_CHROMIUM=none # the tests skip, naming this script's failure
fi
export PRECOG_TEST_CHROMIUM
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build Precog.sln -c Release -warnaserror -nologo -v quiet

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test Precog.sln -c Release --no-build --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

if compgen -G "TestResults/dashboard/*.png" >/dev/null; then
  echo "dashboard screenshots (browser test artifacts): $(pwd)/TestResults/dashboard/"
fi

# One closing line over every test project, in the form CI reads: "N passed, N failed, N skipped".
awk '
  /(Passed|Failed)! +- +Failed: / {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i+1) + 0 }
      if ($i == "Passed:")  { p += $(i+1) + 0 }
      if ($i == "Skipped:") { s += $(i+1) + 0 }
    }
  }
  END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }
' "$log"
exit "$status"
