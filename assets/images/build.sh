#!/usr/bin/env bash
# Builds Warmpool's local demo images without a registry:
#   warmpool/busybox        FROM scratch + Debian's static busybox   (seconds)
#   warmpool/python-pytest  debootstrap minbase + python3-pytest     (~2 min the first time)
#   warmpool/bash-shunit2   debootstrap minbase + shunit2            (~2 min the first time)
#
# Usage: assets/images/build.sh [name ...]     names: busybox python-pytest bash-shunit2
#                                              (or warmpool/<name>); default: all
# Idempotent: an image is rebuilt only when it is missing or its recipe changed.
# The recipe is the folder assets/images/<name>/ plus the build steps in this
# script; its sha256 is stored in the image label org.warmpool.recipe-sha.
#
# Environment:
#   WARMPOOL_CACHE   cache dir (debootstrap'd root filesystems, downloaded .debs);
#                    default /var/cache/warmpool as root, else ~/.cache/warmpool
#   WARMPOOL_MIRROR  Debian mirror; default: the one apt uses here, else deb.debian.org
#   WARMPOOL_SUITE   Debian suite for the debootstrap images; default bookworm
#   WARMPOOL_FORCE=1 rebuild even when the recipe is unchanged (the cached
#                    debootstrap is reused: delete $WARMPOOL_CACHE/rootfs to redo it)
# Needs: a running Docker engine (assets/ensure-docker.sh starts one), and root for
# the debootstrap images. Missing debootstrap/busybox-static are apt-get installed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ORIG_ARGS=("$@")
ALL_IMAGES=(busybox python-pytest bash-shunit2)
SUITE="${WARMPOOL_SUITE:-bookworm}"
if [ "$(id -u)" = 0 ]; then
  CACHE="${WARMPOOL_CACHE:-/var/cache/warmpool}"
else
  CACHE="${WARMPOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/warmpool}"
fi
export DOCKER_BUILDKIT=0
export LC_ALL=C

say() { printf 'images: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# ---------------------------------------------------------------- host tools

apt_updated=no
apt_install() { # package...
  [ "$(id -u)" = 0 ] || die "need $* (apt-get install -y $*), and this is not root"
  command -v apt-get >/dev/null 2>&1 || die "need $*, and there is no apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq "$@" >/dev/null 2>&1; then
    if [ "$apt_updated" = no ]; then
      say "apt-get update ..."
      apt-get update -qq >/dev/null
      apt_updated=yes
    fi
    apt-get install -y -qq "$@" >/dev/null
  fi
}

installed() { # package
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

need_busybox_static() {
  if ! installed busybox-static; then
    say "installing busybox-static ..."
    apt_install busybox-static
  fi
  [ -x /bin/busybox ] || die "busybox-static is installed but /bin/busybox is missing"
}

need_debootstrap() {
  [ "$(id -u)" = 0 ] || die "debootstrap images need root (try: sudo $0 ${ORIG_ARGS[*]:-})"
  if ! command -v debootstrap >/dev/null 2>&1; then
    say "installing debootstrap ..."
    apt_install debootstrap
  fi
}

need_docker() {
  if ! docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
    say "no Docker engine answers; running assets/ensure-docker.sh ..."
    bash "$HERE/../ensure-docker.sh"
  fi
}

# The Debian mirror apt uses on this machine (the only one the network may reach):
# the first URI serving $SUITE in /etc/apt/sources.list{,.d/*.list,.d/*.sources}.
debian_mirror() {
  if [ -n "${WARMPOOL_MIRROR:-}" ]; then echo "$WARMPOOL_MIRROR"; return; fi
  local f uri=""
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri="$(awk -v s="$SUITE" '
      $1 == "deb" {
        i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i + 1) == s && $i ~ /^(https?|ftp|file):/) { print $i; exit }
      }' "$f")"
    [ -n "$uri" ] && { echo "${uri%/}"; return; }
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri="$(awk -v s="$SUITE" '
      function flush() { if (!done && ok > 0 && types ~ /(^| )deb( |$)/ && uris != "") { split(uris, u, " "); print u[1]; done = 1; exit } }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); ok = 0; types = ""; uris = ""; next }
      tolower($1) == "types:"  { types = $0; sub(/^[^:]*:[ \t]*/, "", types) }
      tolower($1) == "uris:"   { uris = $0;  sub(/^[^:]*:[ \t]*/, "", uris) }
      tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == s) ok = 1 }
      tolower($1) == "enabled:" && tolower($2) == "no" { ok = -1000 }
      END { flush() }' "$f")"
    [ -n "$uri" ] && { echo "${uri%/}"; return; }
  done
  echo "http://deb.debian.org/debian"
}

# ------------------------------------------------------------ recipe sha

# sha256 over the recipe folder (file names and contents; not modes, which vary
# with the checkout's umask) and the build steps (shell functions) that turn it
# into an image.
recipe_sha() { # name
  local name="$1"
  {
    (cd "$HERE/$name" && find . -type f ! -name '*~' ! -name '.*.sw?' -print0 | sort -z |
      while IFS= read -r -d '' f; do
        printf '%s %s\n' "$(sha256sum < "$f" | cut -c1-64)" "$f"
      done)
    if [ -f "$HERE/$name/Dockerfile" ]; then
      declare -f build_dockerfile_image
    else
      printf 'suite %s\n' "$SUITE"
      declare -f debootstrap_base customize_rootfs build_debootstrap_image
    fi
  } | sha256sum | cut -c1-64
}

image_sha() { # image
  docker image inspect --format '{{ index .Config.Labels "org.warmpool.recipe-sha" }}' "$1" 2>/dev/null || true
}

image_id() { # image
  docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true
}

# Removes the previous build when nothing uses it any more.
drop_old_image() { # old-id new-image
  local old="$1"
  [ -n "$old" ] && [ "$old" != "$(image_id "$2")" ] || return 0
  docker image rm "$old" >/dev/null 2>&1 || true
}

# ------------------------------------------------- FROM scratch (busybox)

build_dockerfile_image() { # name sha
  local name="$1" sha="$2" ctx
  need_busybox_static
  ctx="$(mktemp -d "$CACHE/tmp/context-$name.XXXXXX")"
  cp -a "$HERE/$name/." "$ctx/"
  cp /bin/busybox "$ctx/busybox"
  chmod 0755 "$ctx/busybox" "$ctx/bash"
  chmod 0644 "$ctx/passwd" "$ctx/group" "$ctx/red_amber_green.rb"
  if ! docker build --network none --force-rm \
      --label "org.warmpool.recipe-sha=$sha" \
      --label "org.warmpool.recipe=assets/images/$name" \
      -t "warmpool/$name" "$ctx" >"$ctx.log" 2>&1; then
    cat "$ctx.log" >&2
    die "docker build failed for $name"
  fi
  rm -rf "$ctx" "$ctx.log"
}

# ------------------------------------------- debootstrap (python, shunit2)

packages_of() { # name -> comma-separated --include list
  sed -e 's/#.*//' "$HERE/$1/packages.txt" | tr -s ' \t\n' '\n' | sed '/^$/d' | sort -u | paste -sd, -
}

# rm -rf for a chroot tree that a killed debootstrap may have left with mounts
# (proc, sys, bind-mounted device nodes): unmount them first, never cross them.
clean_tree() { # dir
  local dir="$1" m
  [ -e "$dir" ] || return 0
  awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$dir"
}

# A pristine debootstrap'd root filesystem, as a tar in the cache, keyed by the
# suite and package list: recipe changes that leave the packages alone (the
# lambda, the customizing steps) reuse it and rebuild in seconds.
debootstrap_base() { # name -> prints the tar path
  local name="$1" pkgs arch key tarball root mirror
  pkgs="$(packages_of "$name")"
  arch="$(dpkg --print-architecture)"
  key="$(printf '%s\n' "$SUITE" "$arch" minbase "$pkgs" | sha256sum | cut -c1-16)"
  tarball="$CACHE/rootfs/$name-$SUITE-$key.tar"
  if [ ! -s "$tarball" ]; then
    need_debootstrap
    mirror="$(debian_mirror)"
    root="$CACHE/tmp/debootstrap-$name"
    clean_tree "$root"
    say "debootstrap $SUITE for $name from $mirror (takes a couple of minutes) ..."
    if ! debootstrap --variant=minbase --arch="$arch" --include="$pkgs" \
        --cache-dir="$CACHE/debs" "$SUITE" "$root" "$mirror" >"$CACHE/tmp/debootstrap-$name.log" 2>&1; then
      tail -n 30 "$CACHE/tmp/debootstrap-$name.log" >&2
      clean_tree "$root"
      die "debootstrap failed for $name (log: $CACHE/tmp/debootstrap-$name.log)"
    fi
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*   # in $CACHE/debs; not needed
    tar --numeric-owner --xattrs -C "$root" -cf "$tarball.part" .
    mv "$tarball.part" "$tarball"
    clean_tree "$root"
    find "$CACHE/rootfs" -maxdepth 1 -name "$name-*.tar" ! -path "$tarball" -delete
  fi
  echo "$tarball"
}

# Everything the cyber-dojo contract needs, added to a debootstrap'd tree.
customize_rootfs() { # root recipe-dir
  local root="$1" recipe="$2"
  grep -q '^sandbox:' "$root/etc/group"   || echo 'sandbox:x:51966:' >>"$root/etc/group"
  grep -q '^sandbox:' "$root/etc/gshadow" || echo 'sandbox:!::' >>"$root/etc/gshadow"
  grep -q '^sandbox:' "$root/etc/passwd"  ||
    echo 'sandbox:x:41966:51966:sandbox:/home/sandbox:/bin/bash' >>"$root/etc/passwd"
  grep -q '^sandbox:' "$root/etc/shadow"  || echo 'sandbox:!:19000:0:99999:7:::' >>"$root/etc/shadow"
  install -d -o 41966 -g 51966 -m 0755 "$root/home/sandbox" "$root/sandbox"
  install -D -o 0 -g 0 -m 0644 "$recipe/red_amber_green.rb" "$root/usr/local/bin/red_amber_green.rb"
  chmod 1777 "$root/tmp"
  # Smaller image: no apt lists or .debs, docs, man pages, translations, logs.
  rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/var/cache/debconf/*-old \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
    "$root"/usr/share/locale/* "$root"/usr/share/lintian "$root"/usr/share/linda \
    "$root"/var/log/* "$root"/tmp/* "$root"/var/tmp/* "$root"/dev/* "$root"/proc/* "$root"/sys/* \
    "$root"/etc/machine-id "$root"/var/lib/dbus/machine-id
  : >"$root/etc/machine-id"
}

build_debootstrap_image() { # name sha
  local name="$1" sha="$2" base root
  base="$(debootstrap_base "$name")"
  root="$CACHE/tmp/rootfs-$name"
  clean_tree "$root"
  mkdir -p "$root"
  tar --numeric-owner --xattrs -C "$root" -xpf "$base"
  customize_rootfs "$root" "$HERE/$name"
  tar --numeric-owner --xattrs -C "$root" -c . |
    docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8' \
      --change "LABEL org.warmpool.recipe-sha=$sha" \
      --change "LABEL org.warmpool.recipe=assets/images/$name" \
      --change 'CMD ["/bin/bash"]' \
      - "warmpool/$name" >/dev/null
  clean_tree "$root"
}

# ------------------------------------------------------------------- main

wanted=()
for arg in "$@"; do
  case "$arg" in
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
  esac
  n="${arg#warmpool/}"
  [ -d "$HERE/$n" ] && { [ -f "$HERE/$n/Dockerfile" ] || [ -f "$HERE/$n/packages.txt" ]; } ||
    die "unknown image '$arg' (known: ${ALL_IMAGES[*]})"
  wanted+=("$n")
done
[ "${#wanted[@]}" -gt 0 ] || wanted=("${ALL_IMAGES[@]}")

need_docker
mkdir -p "$CACHE/tmp" "$CACHE/rootfs" "$CACHE/debs"
exec 9>"$CACHE/build.lock"
flock 9   # one build at a time (parallel test runs may all call this script)

total_start=$SECONDS
for name in "${wanted[@]}"; do
  start=$SECONDS
  image="warmpool/$name"
  sha="$(recipe_sha "$name")"
  if [ "${WARMPOOL_FORCE:-0}" != 1 ] && [ "$(image_sha "$image")" = "$sha" ]; then
    printf '%-26s up to date  %4ds\n' "$image" $((SECONDS - start))
    continue
  fi
  old="$(image_id "$image")"
  if [ -f "$HERE/$name/Dockerfile" ]; then
    build_dockerfile_image "$name" "$sha"
  else
    build_debootstrap_image "$name" "$sha"
  fi
  drop_old_image "$old" "$image"
  printf '%-26s built       %4ds  %s\n' "$image" $((SECONDS - start)) \
    "$(docker image inspect --format '{{.Size}}' "$image" | awk '{ printf "%.1f MB", $1 / 1e6 }')"
done
printf '%-26s             %4ds\n' "total" $((SECONDS - total_start))
