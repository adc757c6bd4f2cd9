#!/usr/bin/env bash
# Completes the .deb that jpackage made with what jpackage cannot place: the desktop entry, the AppStream
# metainfo, the icon in the hicolor theme, the ferry command's bash completion, and the copyright and
# changelog that Debian policy asks for. jpackage's maintainer scripts do nothing without its own menu
# shortcut, which this package does not use, so they are dropped. Run by the build (installers/pom.xml):
#   complete-deb.sh TARGET_DIR ICONS_DIR [COMPRESSOR]    (COMPRESSOR: xz, gzip (the default), zstd)
set -euo pipefail

target=$1 icons=$2 compressor=${3:-gzip}
readonly target icons compressor
readonly pkg=ferry app_id=dev.ferry.Ferry
readonly resources="$target/jpackage/linux"
readonly stage="$target/deb/root"

shopt -s nullglob
debs=("$target"/dist/${pkg}_*.deb)
[ ${#debs[@]} = 1 ] || { echo "complete-deb: expected one $pkg .deb in $target/dist, found ${#debs[@]}" >&2; exit 1; }
deb=${debs[0]}

rm -rf "$target/deb"
mkdir -p "$stage"
dpkg-deb --raw-extract "$deb" "$stage"

# Nothing for the scripts to do: no jpackage shortcut, and the desktop database and icon cache are
# updated by the triggers of desktop-file-utils and the icon theme.
for s in preinst postinst prerm postrm; do
  rm -f "$stage/DEBIAN/$s"
done

install -D -m 0644 "$resources/$app_id.desktop" "$stage/usr/share/applications/$app_id.desktop"
install -D -m 0644 "$resources/$app_id.metainfo.xml" "$stage/usr/share/metainfo/$app_id.metainfo.xml"
for s in 16 24 32 48 64 128 256 512; do
  install -D -m 0644 "$icons/png/ferry-$s.png" "$stage/usr/share/icons/hicolor/${s}x$s/apps/$app_id.png"
done
install -D -m 0644 "$icons/ferry.svg" "$stage/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
# A completion file is sourced, not run: no #! line.
install -d "$stage/usr/share/bash-completion/completions"
sed '1{/^#!/d}' "$target/ferry.bash-completion" >"$stage/usr/share/bash-completion/completions/ferry"
chmod 0644 "$stage/usr/share/bash-completion/completions/ferry"

doc="$stage/usr/share/doc/$pkg"
mkdir -p "$doc"
install -m 0644 "$resources/copyright" "$doc/copyright"
# Bundled libraries and their licences, as the app's build read them from their poms.
licences=$(unzip -p "$target"/input/ferry-app-*.jar dev/ferry/app/about/bundled-licences.txt 2>/dev/null) || {
  echo "complete-deb: the ferry-app jar in $target/input has no bundled-licences.txt: it is not this tree's build" \
    "(an older one from ~/.m2?); build the installers with the app: ./mvnw -pl installers -am package" >&2
  exit 1
}
printf '%s\n' "$licences" | awk -F'\t' '{ printf "\n  %s (%s)\n    %s\n", $3, $1, $2 }' >>"$doc/copyright"
version=$(dpkg-deb --field "$deb" Version)
maintainer=$(dpkg-deb --field "$deb" Maintainer)
{
  printf '%s (%s) unstable; urgency=medium\n\n  * Built from Ferry %s.\n\n' "$pkg" "$version" "$(sed -n 's/.*release version="\([^"]*\)".*/\1/p' "$resources/$app_id.metainfo.xml")"
  printf ' -- %s  %s\n' "$maintainer" "$(date -R -u -d "@${SOURCE_DATE_EPOCH:-$(stat -c %Y "$deb")}")"
} | gzip -9n >"$doc/changelog.Debian.gz"
chmod 0644 "$doc/changelog.Debian.gz"

# jpackage's Description is one line; Debian's has the paragraph after it.
awk -v more="$resources/deb-description" '{ print } /^Description:/ { while ((getline l < more) > 0) print l }' \
  "$stage/DEBIAN/control" >"$stage/DEBIAN/control.new"
mv "$stage/DEBIAN/control.new" "$stage/DEBIAN/control"

# Installed-Size is in KiB, of everything the package installs.
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -i "s/^Installed-Size:.*/Installed-Size: $size/" "$stage/DEBIAN/control"

find "$stage" -type d -exec chmod 0755 {} +
dpkg-deb --root-owner-group -Z"$compressor" --build "$stage" "$deb" >/dev/null
echo "complete-deb: $(basename "$deb"): desktop entry, metainfo, icons, bash completion, copyright, changelog"
