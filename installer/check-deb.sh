#!/usr/bin/env bash
# Proves the installer: builds the .deb (mvn -Pinstaller), installs it into this machine with dpkg,
# runs the installed program (warmpool --version; warmpool serve on free ports, GET /alive, one real
# submission of the busybox start point, which must come back red and be in the journal), stops it and
# removes the package.
# Exits non-zero on the first failure; a trap stops the server and removes the package whatever happens.
#
# Needs root (dpkg -i) and a Docker engine with the demo images (./warmpool doctor). Installs its own
# build prerequisites (Java 17 JDK with jlink/jpackage, Maven, fakeroot, curl) when missing.
#   bash installer/check-deb.sh              build, install, check, remove
#   WARMPOOL_DEB=path.deb bash installer/check-deb.sh   check an already built .deb
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
say() { printf 'check-deb: %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
started=$SECONDS

[ "$(id -u)" = 0 ] || fail "must run as root (it installs the .deb with dpkg -i). Try: sudo bash installer/check-deb.sh"

# ------------------------------------------------------------------ prerequisites (idempotent)
missing=()
command -v mvn >/dev/null 2>&1 || missing+=(maven)
[ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/jlink ] && [ -d /usr/lib/jvm/java-17-openjdk-amd64/jmods ] || missing+=(openjdk-17-jdk-headless)
command -v jpackage >/dev/null 2>&1 || [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/jpackage ] || missing+=(openjdk-17-jdk-headless)
command -v fakeroot >/dev/null 2>&1 || missing+=(fakeroot)
command -v dpkg-deb >/dev/null 2>&1 || missing+=(dpkg)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || { apt-get update -qq >/dev/null; apt-get install -y -qq "${missing[@]}" >/dev/null; }
fi

# ------------------------------------------------------------------ build
deb="${WARMPOOL_DEB:-}"
if [ -z "$deb" ]; then
  say "building the app image and the .deb (mvn -Pinstaller -DskipTests package) ..."
  t=$SECONDS
  (cd "$here" && mvn -B -q -Pinstaller -DskipTests package) || fail "the installer build failed"
  say "built in $((SECONDS - t)) s"
  deb="$(ls -t "$here"/installer/target/jpackage/deb/warmpool_*.deb 2>/dev/null | head -1)"
  [ -n "$deb" ] || fail "no .deb in installer/target/jpackage/deb/"
fi
[ -f "$deb" ] || fail "no such .deb: $deb"
image="$here/installer/target/jpackage/image/warmpool"
deb_version="$(dpkg-deb -f "$deb" Version)"
say "package: $(basename "$deb"): $(du -h "$deb" | cut -f1) ($(stat -c %s "$deb") bytes), installed size $(( $(dpkg-deb -f "$deb" Installed-Size) / 1024 )) MB"
[ -d "$image" ] && say "app image: $image: $(du -sh "$image" | cut -f1) (runtime $(du -sh "$image/lib/runtime" | cut -f1), jars and assets $(du -sh "$image/lib/app" | cut -f1))"
control="$(dpkg-deb -f "$deb")"
grep -q '^Depends:.*libgtk-3-0' <<<"$control" || fail "the package does not depend on libgtk-3-0"
grep -q '^Recommends:.*docker.io' <<<"$control" || fail "the package does not recommend docker.io"

# ------------------------------------------------------------------ install, with cleanup on any exit
work="$(mktemp -d)"
server_pid=""
installed_by_us=""
cleanup() {
  status=$?
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$installed_by_us" ] && dpkg -s warmpool >/dev/null 2>&1; then
    say "removing the package (cleanup) ..."
    dpkg -P warmpool >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT INT TERM

if dpkg -s warmpool >/dev/null 2>&1; then
  say "note: warmpool $(dpkg-query -W -f '${Version}' warmpool) was installed already; it is replaced and removed at the end"
fi
say "installing $(basename "$deb") with dpkg -i ..."
installed_by_us=yes
if ! dpkg -i "$deb" >"$work/dpkg.log" 2>&1; then
  say "dpkg -i needs dependencies; apt-get install -f ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -f -y -qq >>"$work/dpkg.log" 2>&1 || { apt-get update -qq >/dev/null; apt-get install -f -y -qq >>"$work/dpkg.log" 2>&1; } \
    || { cat "$work/dpkg.log" >&2; fail "the package's dependencies could not be installed"; }
fi
[ "$(dpkg-query -W -f '${Status}' warmpool 2>/dev/null)" = "install ok installed" ] \
  || { cat "$work/dpkg.log" >&2; fail "warmpool is not installed after dpkg -i"; }
[ -x /opt/warmpool/bin/warmpool ] || fail "no launcher at /opt/warmpool/bin/warmpool"
[ "$(readlink /usr/bin/warmpool)" = /opt/warmpool/bin/warmpool ] || fail "/usr/bin/warmpool does not point at /opt/warmpool/bin/warmpool"
ls /opt/warmpool/lib/*.desktop >/dev/null 2>&1 || fail "no desktop entry in /opt/warmpool/lib"
[ -d /opt/warmpool/lib/app/assets/start-points ] || fail "no assets in /opt/warmpool/lib/app/assets"
say "installed: /opt/warmpool ($(du -sh /opt/warmpool | cut -f1)), /usr/bin/warmpool"

# The installed program, from a neutral directory, with its own empty settings and journal.
cd "$work"
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"

# ------------------------------------------------------------------ warmpool --version
version_out="$(/usr/bin/warmpool --version)" || fail "warmpool --version exited $?"
printf '%s\n' "$version_out" | sed 's/^/  | /' >&2
head -1 <<<"$version_out" | grep -Eq "^warmpool ${deb_version%-*}([-.].*)?$" \
  || fail "warmpool --version does not start with 'warmpool ${deb_version%-*}'"
grep -Eq '^commit [0-9a-f]{40}' <<<"$version_out" || fail "warmpool --version prints no commit"
grep -q 'in /opt/warmpool/lib/runtime$' <<<"$version_out" || fail "the installed program does not run on its own trimmed runtime"

# ------------------------------------------------------------------ warmpool serve, /alive, one red run
say "starting warmpool serve --http-port 0 --ws-port 0 --pool warmpool/busybox=1 ..."
/usr/bin/warmpool serve --http-port 0 --ws-port 0 --pool warmpool/busybox=1 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
ports=""
for _ in $(seq 1 60); do
  ports="$(grep -m1 -E '^listening http=[0-9]+ ws=[0-9]+$' "$work/serve.out" || true)"
  [ -n "$ports" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; fail "warmpool serve exited before listening"; }
  sleep 0.5
done
[ -n "$ports" ] || { cat "$work/serve.err" >&2; fail "warmpool serve did not print 'listening http=… ws=…' within 30 s"; }
http_port="$(sed -E 's/^listening http=([0-9]+) ws=([0-9]+)$/\1/' <<<"$ports")"
ws_port="$(sed -E 's/^listening http=([0-9]+) ws=([0-9]+)$/\2/' <<<"$ports")"
say "$ports"

alive=""
for _ in $(seq 1 40); do
  alive="$(curl -fsS --max-time 2 "http://127.0.0.1:$http_port/alive" 2>/dev/null || true)"
  [ "$alive" = '{"alive?":true}' ] && break
  sleep 0.5
done
[ "$alive" = '{"alive?":true}' ] || { cat "$work/serve.err" >&2; fail "GET /alive answered '$alive', not {\"alive?\":true}"; }
say "GET /alive: $alive"
sha="$(curl -fsS --max-time 2 "http://127.0.0.1:$http_port/sha")" || fail "GET /sha failed"
grep -q "\"sha\":\"$(sed -n 's/^commit \([0-9a-f]\{40\}\).*/\1/p' <<<"$version_out")\"" <<<"$sha" \
  || fail "GET /sha ($sha) is not the commit warmpool --version prints"
say "GET /sha: $sha"

set +e
/usr/bin/warmpool submit --url "ws://127.0.0.1:$ws_port/" --image warmpool/busybox \
  --dir /opt/warmpool/lib/app/assets/start-points/busybox >"$work/submit.out" 2>&1
submit_status=$?
set -e
head -1 "$work/submit.out" | sed 's/^/  | /' >&2
[ "$submit_status" = 1 ] && head -1 "$work/submit.out" | grep -q 'red' \
  || { cat "$work/submit.out" >&2; fail "the busybox start point came back with exit $submit_status, not red (1)"; }

# The run is in the journal (SQLite, whose native library must load on the trimmed runtime).
journal_out="$(/usr/bin/warmpool journal list 2>&1)" || { printf '%s\n' "$journal_out" >&2; fail "warmpool journal list failed"; }
grep -q 'warmpool/busybox.*red' <<<"$journal_out" || { printf '%s\n' "$journal_out" >&2; fail "the red run is not in the journal"; }
say "journal: $(grep -c 'warmpool/busybox' <<<"$journal_out") run in $XDG_DATA_HOME/warmpool/journal.db"

say "stopping warmpool serve (SIGTERM) ..."
kill -TERM "$server_pid"
serve_status=0
wait "$server_pid" || serve_status=$?
server_pid=""
[ "$serve_status" = 0 ] || { cat "$work/serve.err" >&2; fail "warmpool serve exited $serve_status after SIGTERM, not 0"; }

# ------------------------------------------------------------------ remove
say "removing the package (dpkg -r warmpool) ..."
cd /
dpkg -r warmpool >"$work/dpkg-r.log" 2>&1 || { cat "$work/dpkg-r.log" >&2; fail "dpkg -r warmpool failed"; }
dpkg -P warmpool >/dev/null 2>&1 || true
installed_by_us=""
! dpkg -s warmpool >/dev/null 2>&1 || fail "dpkg still knows warmpool after removing it"
[ ! -e /opt/warmpool ] || fail "/opt/warmpool is still there after removing the package"
[ ! -e /usr/bin/warmpool ] && [ ! -L /usr/bin/warmpool ] || fail "/usr/bin/warmpool is still there after removing the package"
! ls /usr/share/applications/warmpool-*.desktop >/dev/null 2>&1 || fail "the menu entry is still there after removing the package"

say "OK: built, installed, ran (--version, serve, /alive, /sha, a red run, the journal) and removed in $((SECONDS - started)) s"
