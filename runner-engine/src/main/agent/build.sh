#!/usr/bin/env bash
# Builds the agent (agent.c) into a static x86-64 binary: build.sh OUTPUT
# musl-gcc (Debian: apt-get install musl-tools) when present, else gcc with glibc.
# Run by Maven at generate-resources (runner-engine/pom.xml); skips the work when
# OUTPUT is newer than this folder's sources.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build.sh OUTPUT}"
src="$here/agent.c"

if [ -f "$out" ] && [ "$out" -nt "$src" ] && [ "$out" -nt "$here/build.sh" ]; then
  exit 0
fi
mkdir -p "$(dirname "$out")"

flags=(-static -Os -s -std=c11 -Wall -Wextra -Wno-format-truncation -fno-asynchronous-unwind-tables -ffunction-sections -fdata-sections -Wl,--gc-sections)
if command -v musl-gcc >/dev/null 2>&1; then
  cc=musl-gcc
elif command -v gcc >/dev/null 2>&1; then
  cc=gcc
  echo "build.sh: musl-gcc not found (apt-get install musl-tools): building with glibc, a bigger binary" >&2
else
  echo "build.sh: neither musl-gcc nor gcc is installed (apt-get install musl-tools)" >&2
  exit 1
fi
case "$(uname -m)" in
  x86_64) ;;
  *) echo "build.sh: the agent runs in x86-64 containers; building on $(uname -m) is not supported" >&2; exit 1 ;;
esac

tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
"$cc" "${flags[@]}" -o "$tmp" "$src"
mv -f "$tmp" "$out"
