#!/usr/bin/env bash
# CI's smoke run of the benchmarks (issue 10): `scripts/bench.sh --quick` into a scratch file, then the harness's
# --check says whether the JSON is well-formed and holds every metric with its samples, baseline and ratio. It
# checks the file, never a figure: no benchmark is a test with a time limit (docs/BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)/bench-quick.json
trap 'rm -rf "$(dirname "$out")"' EXIT
started=$(date +%s)
bash scripts/bench.sh --quick --out "$out"
dotnet bench/Precog.Benchmarks/bin/Release/net10.0/Precog.Benchmarks.dll --check "$out" --mode quick
echo "bench-smoke: scripts/bench.sh --quick wrote a well-formed results file in $(( $(date +%s) - started )) s"
