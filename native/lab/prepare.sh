#!/usr/bin/env bash
# Prepares this machine for Ferry's lab and tests (with 'packaging': only what building and testing the
# packages needs; with 'vm': only what the lab's VM hosts need): Debian packages, a CRIU that works on this
# kernel (>= 4.2, built from Debian's source package when needed), and the sysctls lazy pages need.
# Idempotent: when everything is in place it prints one line and changes nothing.
set -euo pipefail

# CRIU below 4.2 cannot dump TCP sockets on kernels >= 6.1x (field notes §4: "Can't get 1:16 opt").
readonly CRIU_MIN_VERSION="4.2"
readonly CRIU_PREFIX="/usr/local"
readonly BUILD_ROOT="${FERRY_BUILD_ROOT:-/var/cache/ferry/criu-build}"
readonly APT_SRC_LIST="/etc/apt/sources.list.d/ferry-criu-src.list"
# Lazy pages splice whole page pipes; the default 1 MiB limit breaks them (field notes §4).
readonly PIPE_MAX_SIZE=4194304
# Fixes Ferry applies to CRIU's source before building it; the installed CRIU records which (a hash of them).
PATCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/criu-patches"
readonly PATCH_DIR
readonly PATCH_STAMP="$CRIU_PREFIX/share/ferry/criu-patches.sha256"

# jq: lab.sh writes and reads its JSON with it; shellcheck: ./ferry test checks every shell file with it.
RUNTIME_PACKAGES=(runc iptables rsync openssh-server openssh-client busybox-static socat iproute2
  podman uidmap procps psmisc kmod xvfb xauth protobuf-compiler jq shellcheck)
# The packages' build and tests (installers/): jpackage's .deb needs fakeroot, and binutils to strip;
# the app-image's smoke test GTK under Xvfb, read with x11-utils; the .deb's test lintian and validators.
PACKAGING_PACKAGES=(fakeroot binutils unzip xvfb xauth x11-utils libgtk-3-0 libxtst6 lintian
  desktop-file-utils appstream)
# The lab's VM hosts (prepare.sh vm; field notes §9).
VM_PACKAGES=(qemu-system-x86 qemu-utils debootstrap e2fsprogs)
CRIU_BUILD_DEPS=(build-essential pkgconf libbsd-dev libcap-dev libgnutls28-dev libnet1-dev
  libnftables-dev libnl-3-dev libprotobuf-c-dev libprotobuf-dev protobuf-c-compiler
  protobuf-compiler uuid-dev python3 xz-utils patch)
APT_OPTS=(-y -q -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confold)

say() { printf 'ferry: %s\n' "$*"; }
die() { printf 'ferry: %s\n' "$*" >&2; exit 1; }

require_root_linux() {
  [ "$(uname -s)" = Linux ] || die "preparing a lab host needs Linux (this is $(uname -s)); the demo lab runs Linux namespaces."
  [ "$(id -u)" = 0 ] || die "preparing the machine needs root: it installs packages and builds CRIU. Run it as root (sudo ./ferry ...)."
}

apt_updated=0
apt_install() {
  local missing=()
  for p in "$@"; do
    # Ignored on purpose: dpkg-query complains about a package it never heard of, which is just "not installed".
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  if [ $apt_updated = 0 ]; then
    apt-get -q -o DPkg::Lock::Timeout=600 update >/dev/null
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install "${APT_OPTS[@]}" --no-install-recommends "${missing[@]}" >/dev/null
}

version_at_least() { # $1 >= $2, dotted versions
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

criu_good() {
  local v
  command -v criu >/dev/null 2>&1 || return 1
  # Ignored on purpose: a criu that cannot even print its version is as good as none (an empty version).
  v=$(criu --version 2>/dev/null | sed -n 's/^Version: *//p')
  [ -n "$v" ] && version_at_least "$v" "$CRIU_MIN_VERSION" || return 1
  # Ignored on purpose: no stamp means a CRIU built without Ferry's patches, which fails the comparison.
  [ "$(cat "$PATCH_STAMP" 2>/dev/null)" = "$(patches_hash)" ] || return 1
  criu check >/dev/null 2>&1
}

# Ignored on purpose: no patch files hash as the empty text, a stamp like any other.
patches_hash() { cat "$PATCH_DIR"/*.patch 2>/dev/null | sha256sum | cut -d' ' -f1; }

build_criu() {
  # Ignored on purpose (criu --version): no criu at all is said as "none installed".
  say "CRIU >= $CRIU_MIN_VERSION with Ferry's fixes in native/lab/criu-patches is needed ($(criu --version 2>/dev/null | head -n1 || echo 'none installed')); building it from Debian's source package"
  apt_install "${CRIU_BUILD_DEPS[@]}"
  # A deb-src entry only: a binary entry for another suite would make apt upgrade libc.
  if [ ! -f "$APT_SRC_LIST" ]; then
    echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian testing main" >"$APT_SRC_LIST"
    echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian unstable main" >>"$APT_SRC_LIST"
  fi
  apt-get -q -o DPkg::Lock::Timeout=600 update >/dev/null
  mkdir -p "$BUILD_ROOT"
  cd "$BUILD_ROOT"
  local suite uris tarball sha line
  for suite in testing unstable; do
    # Asked from an empty folder: apt leaves out of the list whatever the current folder already holds.
    # Ignored on purpose: a suite that has no criu gives no URIs, and the next suite is tried.
    uris=$(cd "$(mktemp -d)" && apt-get source --print-uris "criu/$suite" 2>/dev/null || true)
    # Ignored on purpose: no tarball line is handled just below (the next suite).
    line=$(printf '%s\n' "$uris" | grep "^'http.*\.orig\.tar\." | head -n1 || true)
    [ -n "$line" ] || continue
    tarball=$(printf '%s' "$line" | awk '{print $2}')
    sha=$(printf '%s' "$line" | awk '{print $4}' | sed -n 's/^SHA256://p')
    local ver=${tarball#criu_}; ver=${ver%.orig.tar.*}
    if version_at_least "$ver" "$CRIU_MIN_VERSION"; then break; fi
    tarball=""
  done
  [ -n "${tarball:-}" ] || die "no CRIU >= $CRIU_MIN_VERSION source package found in Debian testing or unstable; check that deb.debian.org is reachable."
  if [ ! -f "$tarball" ] || ! echo "$sha  $tarball" | sha256sum -c --quiet - >/dev/null 2>&1; then
    rm -f "$tarball"
    # Exits 100 because the .debian.tar.xz is not served here; the .orig tarball is all we need.
    apt-get source --download-only "criu/$suite" >/dev/null 2>&1 || true
  fi
  [ -f "$tarball" ] || die "downloading $tarball failed; check that deb.debian.org is reachable."
  echo "$sha  $tarball" | sha256sum -c --quiet - || die "$tarball does not match the SHA-256 in Debian's index ($sha); refusing to build it."
  say "verified $tarball (SHA-256 $sha)"
  local srcdir="$BUILD_ROOT/src-$ver"
  rm -rf "$srcdir"
  mkdir -p "$srcdir"
  tar xf "$tarball" -C "$srcdir" --strip-components=1
  local p
  for p in "$PATCH_DIR"/*.patch; do
    [ -f "$p" ] || continue
    patch -s -d "$srcdir" -p1 <"$p" || die "Ferry's CRIU patch $(basename "$p") does not apply to CRIU $ver"
    say "applied $(basename "$p")"
  done
  say "building CRIU $ver (about half a minute)"
  make -C "$srcdir" -j"$(nproc)" criu >"$BUILD_ROOT/build.log" 2>&1 || die "building CRIU failed; see $BUILD_ROOT/build.log"
  make -C "$srcdir" install-criu PREFIX="$CRIU_PREFIX" >>"$BUILD_ROOT/build.log" 2>&1 || die "installing CRIU failed; see $BUILD_ROOT/build.log"
  mkdir -p "$(dirname "$PATCH_STAMP")"
  patches_hash >"$PATCH_STAMP"
  hash -r
  say "installed CRIU $(criu --version | sed -n 's/^Version: *//p') at $(command -v criu)"
}

configure_criu() {
  # CRIU needs a network-lock backend at dump time; iptables is installed above.
  if [ "$(sysctl -n fs.pipe-max-size)" -lt "$PIPE_MAX_SIZE" ]; then
    sysctl -q -w fs.pipe-max-size="$PIPE_MAX_SIZE"
    say "set fs.pipe-max-size=$PIPE_MAX_SIZE for lazy pages"
  fi
}

main() {
  require_root_linux
  if [ "${1:-}" = packaging ]; then
    apt_install "${PACKAGING_PACKAGES[@]}"
    return
  fi
  if [ "${1:-}" = vm ]; then
    # The lab's VM hosts (lab.sh up --vm N): QEMU's emulator, qemu-img for their disks, debootstrap for their image.
    apt_install "${VM_PACKAGES[@]}"
    say "machine ready for VM hosts: $(qemu-system-x86_64 --version | head -n1)"
    return
  fi
  apt_install "${RUNTIME_PACKAGES[@]}" "${PACKAGING_PACKAGES[@]}" gcc libc6-dev make
  if ! criu_good; then
    build_criu
    criu_good || die "the CRIU just built fails 'criu check'; run 'criu check' to see why."
  fi
  configure_criu
  say "machine ready: $(criu --version | sed -n 's/^Version: *//p' | sed 's/^/criu /'), $(runc --version | head -n1)"
}

main "$@"
