#!/usr/bin/env bash
# The durable bridge table's figures (printed, not asserted): cost per grant with and without the SQLite state
# file, restart to serving with 10,000 and 100,000 VSIs restored, and the file's size per VSI.
#
#   Benchmarks/durability/run.sh [DIR]   (DIR: where the state files go, default /var/tmp; use the disk a
#                                          bridge's --state file would be on: the fsync cost is the disk's)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product VDPBridgeStorePerf
nice -n 10 .build/release/VDPBridgeStorePerf --dir "${1:-/var/tmp}"
