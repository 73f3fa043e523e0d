#!/usr/bin/env bash
# The soak and fault suite: warmpool serve under a mixed load over WebSocket and HTTP (red, amber,
# green, loops, floods, fork bombs; 500 idle connections, slow senders) while containers are killed
# and removed from outside, the Docker daemon is restarted, the engine is killed with SIGKILL, the
# journal's disk fills and clients vanish mid-run. Then the checks (README, "Soak and faults").
#
#   assets/scenario/soak.sh            the long form: 10,000 runs, a fault every 20 s (hours on 2 cores)
#   assets/scenario/soak.sh --short    the short form CI runs: 300 runs, a fault every 8 s (minutes)
#   assets/scenario/soak.sh --runs N … any other `warmpool soak` options
#
# As root, the journal goes on a 256 MB tmpfs of its own (room for the 10,000 runs' ~65 MB journal)
# so that the disk-full fault fills that and nothing else, and the Docker daemon can be restarted;
# otherwise those two faults are skipped, and said so.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
args=()
if [ "${1:-}" = --short ]; then
  shift
  args=(--runs 300 --fault-every 8 --heap-baseline 100)
fi
work="$(mktemp -d /tmp/warmpool-soak-XXXXXX)"
journal_dir="$work/journal"
mkdir -p "$journal_dir"
mounted=
if [ "$(id -u)" = 0 ]; then
  mount -t tmpfs -o size=256m warmpool-soak "$journal_dir" && mounted=1
fi
cleanup() { [ -n "$mounted" ] && umount "$journal_dir" 2>/dev/null; true; }
trap cleanup EXIT
"$here/warmpool" soak --work "$work" --journal "$journal_dir/journal.db" "${args[@]}" "$@"
