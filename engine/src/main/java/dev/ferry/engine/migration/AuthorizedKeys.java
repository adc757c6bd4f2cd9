package dev.ferry.engine.migration;

/**
 * Editing root's {@code ~/.ssh/authorized_keys} for a migration key without ever losing it: under a
 * lock (flock on a file beside it, so two migrations do not race), by writing the new content to a
 * file beside it (same directory, same owner and mode) and renaming that over it. A write that fails
 * (a full disk, the common reason for a migration to fail) leaves the file exactly as it was: the new
 * content is checked, line count against the old, before the rename. The key line is limited to the
 * source's addresses ({@code from=}), expires ({@code expiry-time=}, OpenSSH 8.2+) and may do nothing
 * but run commands ({@code restrict}) and open one port on the destination's loopback ({@code permitopen}): the
 * one its CRIU page server listens on while the dump streams its pages there.
 */
final class AuthorizedKeys {
  private AuthorizedKeys() {}

  private static final String COMMON = """
      f="$HOME/.ssh/authorized_keys"
      umask 077
      mkdir -p "$HOME/.ssh" || exit 1
      exec 9>>"$HOME/.ssh/.authorized_keys.ferry-lock" || exit 1
      flock -w 30 9 || { echo "authorized_keys is locked by another migration for over 30 s" >&2; exit 1; }
      t="$HOME/.ssh/.authorized_keys.ferry-$$"
      trap 'rm -f "$t"' EXIT
      replace() {
        if [ -f "$f" ]; then chmod --reference="$f" "$t" && chown --reference="$f" "$t" || return 1; fi
        sync "$t" 2>/dev/null
        mv -f "$t" "$f"
      }
      """;

  /**
   * $1: the public key line (type, key, comment); $2: comma-separated source addresses; $3: hours it stays valid;
   * $4: the one port on the destination's loopback the key may forward to.
   */
  static final String AUTHORIZE = COMMON + """
      until=$(date -u -d "+$3 hours" +%Y%m%d%H%MZ) || exit 1
      line="from=\\"$2\\",expiry-time=\\"$until\\",restrict,port-forwarding,permitopen=\\"127.0.0.1:$4\\",permitlisten=\\"127.0.0.1:$4\\" $1"
      old=0
      if [ -f "$f" ]; then
        cat "$f" > "$t" || exit 1
        old=$(wc -l < "$f")
        [ -s "$f" ] && [ -n "$(tail -c 1 "$f")" ] && { echo >> "$t" || exit 1; old=$((old+1)); }
      fi
      printf '%s\\n' "$line" >> "$t" || exit 1
      [ "$(wc -l < "$t")" = "$((old+1))" ] || { echo "could not write a complete copy of $f (disk full?)" >&2; exit 1; }
      replace
      """;

  /** $1: the tag (key comment) whose lines are removed. Keys whose expiry-time passed go too. */
  static final String REVOKE = COMMON + """
      [ -f "$f" ] || exit 0
      grep -q -F -e "$1" "$f" || exit 0
      grep -v -F -e "$1" "$f" > "$t"; rc=$?
      [ $rc -le 1 ] || exit 1
      gone=$(grep -c -F -e "$1" "$f")
      [ "$(wc -l < "$t")" = "$(( $(wc -l < "$f") - gone ))" ] || { echo "could not write a complete copy of $f (disk full?)" >&2; exit 1; }
      replace
      """;

  /** Removes every Ferry migration key whose migration has no journal entry here ($1: the journal folder), or whose expiry passed. */
  static final String SWEEP = COMMON + """
      [ -f "$f" ] || exit 0
      now=$(date -u +%Y%m%d%H%M)
      : > "$t" || exit 1
      removed=0; kept=0
      while IFS= read -r l || [ -n "$l" ]; do
        id=$(printf '%s' "$l" | sed -n 's/.* ferry-migration-\\([A-Za-z0-9]*\\)$/\\1/p')
        exp=$(printf '%s' "$l" | sed -n 's/.*expiry-time="\\([0-9]\\{12\\}\\)Z".*/\\1/p')
        if [ -n "$id" ] && { [ ! -d "$1/$id" ] || { [ -n "$exp" ] && [ "$exp" -lt "$now" ]; }; }; then
          removed=$((removed+1)); echo "removed the key of migration $id"
        else
          printf '%s\\n' "$l" >> "$t" || exit 1; kept=$((kept+1))
        fi
      done < "$f"
      [ $removed = 0 ] && exit 0
      [ "$(wc -l < "$t")" = "$kept" ] || { echo "could not write a complete copy of $f (disk full?)" >&2; exit 1; }
      replace
      """;
}
