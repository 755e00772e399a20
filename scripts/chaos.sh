#!/usr/bin/env bash
# The reliability suite's long run (issue 11; docs/RELIABILITY.md holds the figures of the last one):
#   1. the crash loop: the Kalshi game day on PostgreSQL with the node SIGKILLed KILLS times (default 20), three at
#      placed moments (an entry at the venue, a fill, a planned exit) and the rest a seeded 1-5 s after each restart,
#      checked at the end against the fake venue's order log and fills (KalshiCrashTests);
#   2. the database outage with the real server: the Kalshi game day on PostgreSQL with the PostgreSQL server itself
#      stopped for 20 s while positions are held, then started (KalshiOutageTests with PRECOG_OUTAGE=server; the run
#      must have the server to itself);
#   3. scripts/soak.sh's runs: the fault-mix game day (5xx, 429, a lost book delta every 100, disconnects, a stall), the
#      database outage through the relay and the two CI-sized crash tests, RUNS times (default 3);
#   4. scripts/load.sh: the load run (one node on PostgreSQL, 16 games for about 10 minutes; memory, SCD writer lag, mailboxes).
# Usage: scripts/chaos.sh [KILLS] [RUNS] [SEED]. Exits non-zero when any run failed; the log of each is kept in
# bench/results/chaos-*.log (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-20}
runs=${2:-3}
seed=${3:-1}
PRECOG_TEST_POSTGRES=$(bash scripts/postgres.sh)
export PRECOG_TEST_POSTGRES DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p bench/results
dotnet build tests/Precog.Host.Tests -c Release -warnaserror -nologo -v quiet
started=$(date +%s)
failed=0

log=bench/results/chaos-crash-loop.log
echo "chaos: the crash loop, $kills kills, seed $seed"
if PRECOG_CHAOS_KILLS=$kills PRECOG_CHAOS_SEED=$seed dotnet test tests/Precog.Host.Tests -c Release --no-build --nologo \
     --filter "FullyQualifiedName~Killed_many_times" --logger "console;verbosity=detailed" >"$log" 2>&1; then
  grep -o "crash loop (seed.*" "$log" | head -1 || true
else
  failed=$((failed + 1))
  echo "chaos: the crash loop FAILED (seed $seed); see $log"
fi

log=bench/results/chaos-outage-server.log
echo "chaos: the database outage, the PostgreSQL server stopped for 20 s"
if PRECOG_OUTAGE=server dotnet test tests/Precog.Host.Tests -c Release --no-build --nologo \
     --filter "FullyQualifiedName~KalshiOutageTests" --logger "console;verbosity=detailed" >"$log" 2>&1; then
  grep -o "database away.*\|outage from.*\|every position and market answered.*\|[0-9]* positions' live state.*\|the venue saw.*" "$log" | sort -u || true
else
  failed=$((failed + 1))
  echo "chaos: the database outage (server stopped) FAILED; see $log"
fi
bash scripts/postgres.sh >/dev/null # started again, whatever the test left

echo "chaos: scripts/soak.sh $runs"
bash scripts/soak.sh "$runs" >bench/results/chaos-soak.log 2>&1 || failed=$((failed + 1))
grep -E "^soak:" bench/results/chaos-soak.log || true

echo "chaos: scripts/load.sh (the load run, about 10 minutes)"
bash scripts/load.sh >bench/results/chaos-load.log 2>&1 || failed=$((failed + 1))
grep -E "^load:" bench/results/chaos-load.log || true

echo "chaos: $failed failed part(s), $(( $(date +%s) - started )) s"
[ "$failed" -eq 0 ]
