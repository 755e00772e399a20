#!/usr/bin/env bash
# Makes sure Debian's iptables is installed, for the cluster's network-partition test (tests/Precog.Cluster.Tests,
# LoopbackPartition: a node's process in a cgroup of its own, its cluster traffic on loopback dropped by the packet
# filter). Idempotent: installs only when missing. The test needs root; without iptables it fails saying so.
set -uo pipefail

log() { echo "iptables.sh: $*" >&2; }

if command -v iptables >/dev/null 2>&1 || [ -x /usr/sbin/iptables ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  log "iptables is missing and installing it needs root: the cluster's partition test will fail"
  exit 0
fi
log "installing iptables from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq >&2 && apt-get install -y -qq iptables >&2; }; then
  log "apt-get could not install iptables: the cluster's partition test will fail"
fi
exit 0
