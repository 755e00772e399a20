#!/usr/bin/env bash
# Runs the benchmarks (issue 10, docs/BENCHMARKS.md): starts PostgreSQL (scripts/postgres.sh), builds
# bench/Precog.Benchmarks in Release and runs every scenario after a warm-up, several times, beside its
# baseline from the same run. Writes bench/results/latest.json. `--quick` runs reduced sizes (under 3 minutes).
# Other arguments go to the harness (--only METRIC, --out FILE).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "bench.sh: the .NET SDK (dotnet) is not on PATH" >&2
  exit 1
fi
PRECOG_BENCH_POSTGRES=$(bash scripts/postgres.sh)
export PRECOG_BENCH_POSTGRES
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build bench/Precog.Benchmarks/Precog.Benchmarks.csproj -c Release -warnaserror -nologo -v quiet
dotnet bench/Precog.Benchmarks/bin/Release/net10.0/Precog.Benchmarks.dll "$@"
