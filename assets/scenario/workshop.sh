#!/usr/bin/env bash
# The seed design's scenario: 30 participants, each pressing Test once every 30 s, on
# warmpool/python-pytest, against pools of 1, 2 and 4 ready containers. Each participant's
# submissions cycle through the start point (red), a syntax slip (amber) and the fix (green).
# Prints one replay report per pool size. Usage: assets/scenario/workshop.sh [ROUNDS] [POOL SIZES...]
# WARMPOOL_POOL_FLAGS adds serve flags for the pools, e.g. "--run-path exec" or "--recycle".
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-3}"; shift || true
sizes=("${@:-1 2 4}"); read -r -a sizes <<<"${sizes[*]}"
image=warmpool/python-pytest
work="$(mktemp -d)"; trap 'rm -rf "$work"; [ -n "${serve_pid:-}" ] && kill "$serve_pid" 2>/dev/null; true' EXIT

# Three submissions: red, amber, green, as folders of sources.
for colour in red amber green; do
  mkdir -p "$work/kata/$colour"; cp -r "$here/assets/start-points/python-pytest/." "$work/kata/$colour/"
  [ "$colour" != red ] && cp -r "$here/assets/variants/python-pytest/$colour/." "$work/kata/$colour/"
done

"$here/warmpool" --help >/dev/null   # builds first if the sources changed
for n in "${sizes[@]}"; do
  log="$work/serve-$n.log"
  "$here/warmpool" serve --no-journal --config "$work/none.json" --pool "$image=$n" ${WARMPOOL_POOL_FLAGS:-} --http-port 0 --ws-port 0 >"$log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 1 600); do grep -q '^listening ' "$log" && break; sleep 0.1; done
  ws_port="$(sed -n 's/^listening http=[0-9]* ws=\([0-9]*\).*/\1/p' "$log")"
  [ -n "$ws_port" ] || { echo "serve did not start:"; cat "$log"; exit 1; }
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$(sed -n 's/^listening http=\([0-9]*\).*/\1/p' "$log")/ready" | grep -q true && break; sleep 0.2; done
  echo "=== pool of $n ready container(s) for $image ${WARMPOOL_POOL_FLAGS:-} ==="
  # 3 submissions x 30 x ROUNDS/3... each participant sends ROUNDS times: repeat = 30 * ROUNDS / 3
  "$here/warmpool" replay "$work/kata" --image "$image" --clients 30 --every 30 --repeat $((10 * rounds)) \
      --url "ws://127.0.0.1:$ws_port/" 2>/dev/null || true
  kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=
  echo
done
