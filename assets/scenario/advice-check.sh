#!/usr/bin/env bash
# Checks the advice's model against a replay: the python-pytest start point at RATE submissions a
# second (open loop), COUNT of them, against fixed pools of each SIZE. Each replay report ends with
# the server's advice and, at the pool's target, the model's predicted share of cold starts beside
# the share the replay measured. Usage: assets/scenario/advice-check.sh [RATE] [COUNT] [SIZES...]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
rate="${1:-2}"; count="${2:-150}"; shift 2 || true
sizes=("${@:-1 2 4}"); read -r -a sizes <<<"${sizes[*]}"
image=warmpool/python-pytest
work="$(mktemp -d)"; trap 'rm -rf "$work"; [ -n "${serve_pid:-}" ] && kill "$serve_pid" 2>/dev/null; true' EXIT

"$here/warmpool" --help >/dev/null   # builds first if the sources changed
for n in "${sizes[@]}"; do
  log="$work/serve-$n.log"
  "$here/warmpool" serve --no-journal --config "$work/none.json" --pool "$image=$n" --http-port 0 --ws-port 0 >"$log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 1 600); do grep -q '^listening ' "$log" && break; sleep 0.1; done
  http_port="$(sed -n 's/^listening http=\([0-9]*\).*/\1/p' "$log")"
  ws_port="$(sed -n 's/^listening http=[0-9]* ws=\([0-9]*\).*/\1/p' "$log")"
  [ -n "$ws_port" ] || { echo "serve did not start:"; cat "$log"; exit 1; }
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$http_port/ready" | grep -q true && break; sleep 0.2; done
  echo "=== fixed pool of $n for $image, $rate submissions/s ==="
  "$here/warmpool" replay "$here/assets/start-points/python-pytest" --image "$image" --rate "$rate" --repeat "$count" \
      --url "ws://127.0.0.1:$ws_port/" --http-url "http://127.0.0.1:$http_port/" 2>/dev/null || true
  kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=
  echo
done
