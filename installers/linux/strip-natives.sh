#!/usr/bin/env bash
# Strips the debug symbols from the native code of an app-image (the runtime's libraries, the JVM, the
# launchers), as Debian's dh_strip would, and makes shared libraries non-executable (they are loaded,
# not run). The app-image shrinks by a few MB and lintian's unstripped-binary-or-object errors go.
# Run by the build (installers/pom.xml) on the Linux app-image before the .deb is made from it:
#   strip-natives.sh APP_IMAGE_DIR
set -euo pipefail
image=$1
command -v strip >/dev/null || { echo "strip-natives: needs strip (apt-get install binutils)" >&2; exit 2; }
while IFS= read -r -d '' f; do
  if [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ]; then
    strip --strip-unneeded --remove-section=.comment --remove-section=.note "$f"
    case $f in *.so) chmod 0644 "$f" ;; esac
  fi
done < <(find "$image" -type f \( -name '*.so' -o -perm -u+x \) -print0)
