#!/usr/bin/env bash
# Starts N extra Docker daemons on this machine, standing in for other hosts, loads the demo
# busybox image into each, runs a command, and stops them again (also on Ctrl-C or failure).
#
#   sudo assets/scenario/engines.sh 2 -- ./warmpool bench --engines-only \
#        --engine unix:///var/run/warmpool-test-1.sock --engine unix:///var/run/warmpool-test-2.sock
#
# Each daemon has its own socket (/var/run/warmpool-test-N.sock), --data-root
# (/var/lib/warmpool-test-N, kept between runs so the image loads once), --exec-root (its own
# containerd) and --pidfile, without bridge or iptables (as DESIGN.md's "Several Docker daemons on
# one machine"). They share this machine's cores: see README, "Several engines on one machine".
# Needs root. Warmpool's containers left on them are removed before they stop.
set -euo pipefail

count="${1:?usage: engines.sh N -- COMMAND...}"
shift
[ "${1:-}" = "--" ] && shift
[ "$(id -u)" = 0 ] || { echo "engines.sh: starting Docker daemons needs root" >&2; exit 1; }
images="${WARMPOOL_ENGINE_IMAGES:-warmpool/busybox}"

stop_all() {
  for n in $(seq 1 "$count"); do
    sock="unix:///var/run/warmpool-test-$n.sock"
    docker -H "$sock" ps -aq --filter label=org.warmpool 2>/dev/null | xargs -r docker -H "$sock" rm -f >/dev/null 2>&1 || true
    pidfile="/var/run/warmpool-test-$n.pid"
    if [ -f "$pidfile" ] && kill -TERM "$(cat "$pidfile")" 2>/dev/null; then
      for _ in $(seq 1 450); do [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
    fi
    # shims of containers a killed life of the daemon was creating: no later life adopts them
    for p in $(pgrep -f -- "-address /var/run/warmpool-test-$n-exec/" || true); do pkill -KILL -P "$p" || true; kill -KILL "$p" || true; done 2>/dev/null
  done
}
trap stop_all EXIT

for n in $(seq 1 "$count"); do
  sock="unix:///var/run/warmpool-test-$n.sock"
  pidfile="/var/run/warmpool-test-$n.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "engines.sh: daemon $n already runs (pid $(cat "$pidfile")); using it" >&2
  else
    rm -f "$pidfile"
    mkdir -p "/var/lib/warmpool-test-$n"
    dockerd -H "$sock" --data-root "/var/lib/warmpool-test-$n" --exec-root "/var/run/warmpool-test-$n-exec" \
      --pidfile "$pidfile" --bridge=none --iptables=false --ip-forward=false >>"/tmp/warmpool-test-$n.log" 2>&1 &
  fi
  for _ in $(seq 1 240); do docker -H "$sock" version >/dev/null 2>&1 && break; sleep 0.25; done
  docker -H "$sock" version >/dev/null 2>&1 || { echo "engines.sh: daemon $n did not answer; see /tmp/warmpool-test-$n.log" >&2; exit 1; }
  for image in $images; do
    docker -H "$sock" image inspect "$image" >/dev/null 2>&1 || docker save "$image" | docker -H "$sock" load >/dev/null
  done
  echo "engines.sh: daemon $n answers at $sock" >&2
done

"$@"
