#!/usr/bin/env bash
# Refreshes the dashboard's copy of uPlot (the charting library) from the npm registry: the built, minified
# script and stylesheet and the licence, as the package ships them, into src/Precog.Host/Dashboard/wwwroot/vendor.
# Only maintainers run this, to change the version; the node embeds the committed copy and needs no build step.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-1.6.32}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "uplot@$version" >/dev/null && tar xzf "uplot-$version.tgz")
out=src/Precog.Host/Dashboard/wwwroot/vendor
cp "$work/package/dist/uPlot.iife.min.js" "$work/package/dist/uPlot.min.css" "$out/"
cp "$work/package/LICENSE" "$out/uPlot.LICENSE"
echo "uPlot $version vendored into $out (MIT, licence in $out/uPlot.LICENSE)"
