#!/usr/bin/env bash
# The README's screenshots of several engines: the console over three Docker daemons on this
# machine (the main one and two extra dockerd, standing in for a lab's other PCs), named as Docker
# contexts (this-laptop, lab-pc-2, lab-pc-3); pools spread over them; then lab-pc-3 is killed and
# the Engines and Pools tabs are photographed under Xvfb into docs/screenshots/.
# Needs root and dockerd; lab-pc-2 gets warmpool/busybox only (so it lacks warmpool/bash-shunit2).
# Usage (after mvn -pl runner-engine,app test-compile): assets/scenario/engines-screenshot.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
numbers=(7 8)

daemon_pid() { local f="/var/run/warmpool-test-$1.pid"; [ -f "$f" ] && cat "$f" 2>/dev/null || true; }
start_daemon() {
  local n="$1" sock="unix:///var/run/warmpool-test-$1.sock" pid
  pid="$(daemon_pid "$n")"
  [ -n "$pid" ] && [ -d "/proc/$pid" ] && { echo "dockerd $n already runs (pid $pid): stop it first"; return 1; }
  rm -f "/var/run/warmpool-test-$n.pid"
  mkdir -p "/var/lib/warmpool-test-$n"
  dockerd -H "$sock" --data-root "/var/lib/warmpool-test-$n" --exec-root "/var/run/warmpool-test-$n-exec" \
    --pidfile "/var/run/warmpool-test-$n.pid" --bridge=none --iptables=false --ip-forward=false \
    >>"/tmp/warmpool-test-$n.log" 2>&1 &
  for _ in $(seq 1 240); do docker -H "$sock" version >/dev/null 2>&1 && break; sleep 0.25; done
  docker -H "$sock" version >/dev/null 2>&1 || { echo "dockerd $n did not answer; see /tmp/warmpool-test-$n.log"; return 1; }
  # a daemon killed last time brings its containers back as Exited: Warmpool's go
  docker -H "$sock" ps -aq --filter label=org.warmpool | xargs -r docker -H "$sock" rm -f >/dev/null 2>&1 || true
}
stop_daemon() {
  local n="$1" sock="unix:///var/run/warmpool-test-$1.sock" pid
  if docker -H "$sock" version >/dev/null 2>&1; then
    docker -H "$sock" ps -aq --filter label=org.warmpool | xargs -r docker -H "$sock" rm -f >/dev/null 2>&1 || true
  fi
  pid="$(daemon_pid "$n")"
  if [ -n "$pid" ] && [ -d "/proc/$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 450); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
    [ -d "/proc/$pid" ] && kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
  fi
  rm -f "/var/run/warmpool-test-$n.pid"
}
stop_daemons() {
  for n in "${numbers[@]}"; do
    if ! docker -H "unix:///var/run/warmpool-test-$n.sock" version >/dev/null 2>&1; then
      stop_daemon "$n"      # the one the tour killed: start it once more to remove what it held
      start_daemon "$n" || true
    fi
    stop_daemon "$n"
  done
  rm -rf "$work"
}
for n in "${numbers[@]}"; do
  pid="$(daemon_pid "$n")"
  [ -n "$pid" ] && [ -d "/proc/$pid" ] && { echo "dockerd $n already runs (pid $pid), not this script's: stop it first"; exit 1; }
done
trap stop_daemons EXIT
trap 'exit 143' TERM INT   # so that a timeout or Ctrl-C still stops the daemons

for n in "${numbers[@]}"; do start_daemon "$n"; done
load() { docker -H "unix:///var/run/warmpool-test-$1.sock" image inspect "$2" >/dev/null 2>&1 \
  || docker save "$2" | docker -H "unix:///var/run/warmpool-test-$1.sock" load >/dev/null; }
load 7 warmpool/busybox
load 8 warmpool/busybox
load 8 warmpool/bash-shunit2

export DOCKER_CONFIG="$work/docker-config"
mkdir -p "$DOCKER_CONFIG"
docker context create this-laptop --docker host=unix:///var/run/docker.sock >/dev/null
docker context create lab-pc-2 --docker host=unix:///var/run/warmpool-test-7.sock >/dev/null
docker context create lab-pc-3 --docker host=unix:///var/run/warmpool-test-8.sock >/dev/null

cd "$here"
mvn -q -B -o -pl app dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
# the engine's own libraries from this checkout's pom (an installed runner-engine pom may be older)
mvn -q -B -o -pl runner-engine dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/cp-engine" >/dev/null
# this checkout's engine, not whichever runner-engine jar was last installed
deps="$(cat "$work/cp" <(echo :) "$work/cp-engine" | tr ':' '\n' | grep -v '/org/warmpool/' | grep . | sort -u | paste -sd: -)"
cp="$here/app/target/test-classes:$here/app/target/classes:$here/runner-engine/target/classes:$deps"
xvfb-run -a -s "-screen 0 1280x800x24" java -Dwarmpool.assets="$here/assets" -cp "$cp" org.warmpool.app.EnginesTour \
  "$here/docs/screenshots" /var/run/warmpool-test-8.pid context:this-laptop context:lab-pc-2 context:lab-pc-3
