#!/usr/bin/env bash
# Makes every icon file from the one source, ferry.svg: PNGs from 16 to 1024 px (png/), ferry.ico
# (Windows: 16-256 px) and ferry.icns (macOS: 16-1024 px). The results are committed, so a build needs
# none of these tools; run this after changing the SVG. Tools come from Debian packages: librsvg2-bin
# (rsvg-convert), icoutils (icotool) and icnsutils (png2icns), installed here when missing (as root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

readonly SIZES=(16 24 32 48 64 128 256 512 1024)
# Windows Explorer takes up to 256 px from an .ico; 256 is stored as PNG, the others as bitmaps.
readonly ICO_SIZES=(16 24 32 48 64 128)
# The sizes an .icns has slots for.
readonly ICNS_SIZES=(16 32 48 128 256 512 1024)

need() {
  local missing=() tool pkg
  for pair in rsvg-convert:librsvg2-bin icotool:icoutils png2icns:icnsutils; do
    tool=${pair%%:*} pkg=${pair#*:}
    command -v "$tool" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} = 0 ] && return
  if [ "$(id -u)" != 0 ]; then
    echo "make-icons: needs ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 2
  fi
  apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null
}

need
mkdir -p png
for s in "${SIZES[@]}"; do
  rsvg-convert --width "$s" --height "$s" --format png ferry.svg --output "png/ferry-$s.png"
done
ico_args=()
for s in "${ICO_SIZES[@]}"; do ico_args+=("png/ferry-$s.png"); done
icotool --create --output ferry.ico "${ico_args[@]}" --raw png/ferry-256.png
icns_args=()
for s in "${ICNS_SIZES[@]}"; do icns_args+=("png/ferry-$s.png"); done
png2icns ferry.icns "${icns_args[@]}" >/dev/null
echo "make-icons: png/ferry-{$(IFS=,; echo "${SIZES[*]}")}.png, ferry.ico, ferry.icns"
