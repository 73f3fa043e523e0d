#!/usr/bin/env bash
# Makes sure a Docker engine answers on /var/run/docker.sock.
# On Debian as root it installs docker.io and starts dockerd the way this project
# needs it (no bridge, no iptables: containers run with --network none).
# Idempotent: when the daemon already answers, it says so and changes nothing.
set -euo pipefail

say() { printf 'warmpool doctor: %s\n' "$*" >&2; }
answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && answers; then
  say "Docker engine $(docker version --format '{{.Server.Version}}') is running."
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  say "no Docker engine answers on /var/run/docker.sock, and this is not root, so I cannot start one."
  say "Start it yourself:   sudo systemctl start docker   (or: sudo dockerd --bridge=none --iptables=false --ip-forward=false &)"
  say "and let your user reach it:   sudo usermod -aG docker \$USER   (then log in again)."
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "no dockerd and no apt-get: install the Docker engine for your system, start it, and run me again."
    exit 1
  fi
  say "installing Debian's docker.io ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq docker.io >/dev/null
fi

# systemd is not PID 1 in containers and CI sandboxes: start the daemon directly.
if ! pgrep -x dockerd >/dev/null 2>&1; then
  say "starting dockerd (log: /var/log/warmpool-dockerd.log) ..."
  rm -f /var/run/docker.pid
  nohup dockerd --bridge=none --iptables=false --ip-forward=false \
    >/var/log/warmpool-dockerd.log 2>&1 </dev/null &
fi

for _ in $(seq 1 60); do
  if answers; then
    say "Docker engine $(docker version --format '{{.Server.Version}}') is running."
    exit 0
  fi
  sleep 1
done
say "dockerd did not answer within 60 s; see /var/log/warmpool-dockerd.log"
exit 1
