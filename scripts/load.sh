#!/usr/bin/env bash
# The reliability suite's load run (issue 11, item 6; docs/RELIABILITY.md holds the figures of the last one): one node
# process on PostgreSQL plays the simulated game day with 16 games at SPEED times the wall clock (default 7: the day
# lasts about 10 minutes), which is far beyond 10x the seed's expected volume (the schema document's ~500K market
# updates and ~200K game states a year: about 0.2 updates/s at the season's peak hours; here about 20 book updates and
# 6 game states a second). Every 10 s it samples the node's resident memory (/proc), the SCD writer's lag and the
# deepest mailbox (the admin API's /metrics). At the end it judges: memory flat (the last minute's resident memory
# within 1.5x of the second minute's), the writer's lag bounded (it comes back under 1,000 events), no mailbox deeper
# than 10,000. Usage: scripts/load.sh [SPEED]. Writes bench/results/load.csv (not committed); exits 1 when a verdict fails.
set -euo pipefail
cd "$(dirname "$0")/.."
speed=${1:-7}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
conn=$(bash scripts/postgres.sh)
db="precog_load_$(date +%s)"
password=$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$conn")
port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$conn")
PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U precog -d postgres -qc "CREATE DATABASE $db" >/dev/null
trap 'PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U precog -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
dotnet build src/Precog.Host -c Release -warnaserror -nologo -v quiet
data=$(mktemp -d)
mkdir -p bench/results
out=bench/results/load.csv
echo "seconds,rss_mb,scd_writer_lag,max_mailbox,ticks_in" >"$out"
dotnet src/Precog.Host/bin/Release/net10.0/Precog.Host.dll --games 16 --seed 11 --speed "$speed" --data-dir "$data" \
  --db "${conn/Database=precog_test/Database=$db}" >"$data/node.log" 2>&1 &
pid=$!
started=$(date +%s)
while [ ! -s "$data/admin.url" ] && kill -0 "$pid" 2>/dev/null; do sleep 1; done
url=$(cat "$data/admin.url")
token=$(sed -n 's/^read=//p' "$data/admin.token")
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || echo "")
  metrics=$(curl -s -m 5 -H "Authorization: Bearer $token" "$url/metrics" || true)
  lag=$(awk '/^precog_scd_writer_lag/ {v = $NF} END {print v + 0}' <<<"$metrics")
  mailbox=$(awk '/^precog_mailbox_depth/ {if ($NF + 0 > m) m = $NF + 0} END {print m + 0}' <<<"$metrics")
  ticks=$(awk '/^precog_ticks_in_total/ {v = $NF} END {print v + 0}' <<<"$metrics")
  [ -n "$rss" ] && echo "$(( $(date +%s) - started )),$rss,$lag,$mailbox,$ticks" >>"$out"
  sleep 10
done
wait "$pid" || { echo "load.sh: the node failed; its log: $data/node.log" >&2; exit 1; }
grep -A12 "==== Game day summary" "$data/node.log" || true
awk -F, 'NR > 1 {
    n++; t[n] = $1; rss[n] = $2; if ($3 > lagmax) lagmax = $3; lag = $3; if ($4 > mbmax) mbmax = $4; ticks = $5
  }
  END {
    for (i = 1; i <= n; i++) { if (t[i] >= 60 && t[i] < 120) { a += rss[i]; an++ } if (t[i] >= t[n] - 60) { b += rss[i]; bn++ } }
    early = an ? a / an : rss[1]; late = bn ? b / bn : rss[n]
    printf "load: %d s, %d ticks in (%.1f/s); resident memory %.0f MB in the second minute, %.0f MB in the last (x%.2f); SCD writer lag at most %d events, %d at the end; deepest mailbox %d\n",
      t[n], ticks, ticks / (t[n] ? t[n] : 1), early, late, late / early, lagmax, lag, mbmax
    bad = 0
    if (late > 1.5 * early) { print "load: memory grew"; bad = 1 }
    if (lag >= 1000) { print "load: the SCD writer fell behind"; bad = 1 }
    if (mbmax > 10000) { print "load: a mailbox grew past 10,000"; bad = 1 }
    exit bad
  }' "$out"
