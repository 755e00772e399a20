#!/usr/bin/env bash
# Wall-clock runs repeated, RUNS times each (default 3): the fault-mix game day against the fake Kalshi, kept out of the
# default suite (tests/Precog.Host.Tests/KalshiGameDayTests.cs), and the database outage through the relay
# (KalshiOutageTests) and the two crash tests, which CI runs once (KalshiCrashTests: the node killed three times during the day, and down across its
# markets' settlement). Starts
# PostgreSQL like scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
PRECOG_TEST_POSTGRES=$(bash scripts/postgres.sh)
export PRECOG_TEST_POSTGRES PRECOG_SOAK=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tests/Precog.Host.Tests -c Release -warnaserror -nologo -v quiet
failed=0
for i in $(seq 1 "$runs"); do
  echo "soak run $i of $runs"
  dotnet test tests/Precog.Host.Tests -c Release --no-build --nologo --filter "FullyQualifiedName~Under_failing_calls|FullyQualifiedName~KalshiCrashTests|FullyQualifiedName~KalshiOutageTests" || failed=$((failed + 1))
done
echo "soak: $((runs - failed)) of $runs runs passed"
[ "$failed" -eq 0 ]
