package dev.ferry.e2e.preflight;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LocalProcess;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Something mounted inside one lab host's mount namespace for one test, and undone by {@link #close()}
 * even when the test failed. The hosts' mount namespaces are private (lab.sh starts them with
 * {@code unshare --propagation private}), so nothing here reaches this machine or the other hosts; the
 * host's sshd runs in the same namespace, so Ferry's SSH sessions see the change. Each overlay is named
 * with a unique tag and undone only where that tag is found, so it never unmounts another person's mount.
 */
final class HostOverlay implements AutoCloseable {
  /** Where the lab hosts, and the SSH sessions on them, find criu (first in their PATH). */
  static final String CRIU = "/usr/local/sbin/criu";
  static final String STORE = "/var/lib/ferry";

  // Mounts over TARGET a script written to the host's private /tmp. $1 dir, $2 target, $3 script, $4 where to copy the original, or "".
  private static final String BIND_FILE = """
      set -eu
      mkdir "$1"
      if [ -n "$4" ]; then cp "$2" "$4"; fi
      printf '%s' "$3" >"$1/file"
      chmod 755 "$1/file"
      mount --bind "$1/file" "$2"
      """;
  // Unmounts TARGET only if the mount on top of it is our file. $1 dir, $2 target.
  private static final String UNBIND_FILE = """
      if awk -v t="$2" -v d="$1/file" '$5 == t { top = $4 } END { exit !(substr(top, length(top) - length(d) + 1) == d) }' /proc/self/mountinfo; then
        umount "$2" || exit 1
      fi
      rm -rf "$1"
      """;
  // A small tmpfs made up off to the side, with every entry of TARGET bind-mounted into it, then moved
  // over TARGET in one step: df on TARGET reports the tmpfs, yet TARGET's contents (other people's
  // containers) stay visible and writable all along. $1 target, $2 staging dir, $3 tag, $4 size.
  private static final String SMALL_FS_OVER = """
      set -eu
      mkdir "$2"
      mount -t tmpfs -o "size=$4,mode=0755" "$3" "$2"
      for e in "$1"/* "$1"/.[!.]*; do
        [ -e "$e" ] || continue
        n=${e##*/}
        if [ -d "$e" ]; then mkdir "$2/$n"; else : >"$2/$n"; fi
        mount --bind "$e" "$2/$n"
      done
      mount --move "$2" "$1"
      """;
  // Finds our tmpfs by its tag, unmounts what is mounted on it, then it. $1 tag, $2 staging dir.
  private static final String SMALL_FS_UNDO = """
      id=$(awk -v t="$1" '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i+1) == "tmpfs" && $(i+2) == t) print $1; break } }' /proc/self/mountinfo)
      if [ -n "$id" ]; then
        for m in $(awk -v p="$id" '$2 == p { print $5 }' /proc/self/mountinfo); do umount "$m" || exit 1; done
        umount "$(awk -v i="$id" '$1 == i { print $5 }' /proc/self/mountinfo)" || exit 1
      fi
      rmdir "$2" 2>/dev/null
      ! grep -q " $1 " /proc/self/mountinfo
      """;

  private final Lab lab;
  private final String host;
  private final List<String> undo;
  private final String description;

  private HostOverlay(Lab lab, String host, List<String> undo, String description) {
    this.lab = lab;
    this.host = host;
    this.undo = undo;
    this.description = description;
  }

  /** Puts an executable script over {@code target} on {@code host}. */
  static HostOverlay scriptOver(Lab lab, String host, String target, String script) {
    return scriptOver(lab, host, target, dir -> script, false);
  }

  /**
   * Same, but first copies the real program to {@code DIR/original}, so the script can hand over to it;
   * {@code scriptInDir} is given DIR and returns the script.
   */
  static HostOverlay scriptOverKeepingOriginal(Lab lab, String host, String target, UnaryOperator<String> scriptInDir) {
    return scriptOver(lab, host, target, scriptInDir, true);
  }

  private static HostOverlay scriptOver(Lab lab, String host, String target, UnaryOperator<String> scriptInDir,
      boolean keepOriginal) {
    String dir = "/tmp/ferry-preflight-" + UUID.randomUUID().toString().substring(0, 8);
    HostOverlay overlay = new HostOverlay(lab, host, List.of("sh", "-c", UNBIND_FILE, "sh", dir, target), "script over " + target);
    return overlay.apply(List.of("sh", "-c", BIND_FILE, "sh", dir, target, scriptInDir.apply(dir), keepOriginal ? dir + "/original" : ""));
  }

  /** Makes {@code target} on {@code host} report a file system of {@code size} (e.g. "1m") while keeping its contents. */
  static HostOverlay smallFileSystemOver(Lab lab, String host, String target, String size) {
    String tag = "ferry-preflight-" + UUID.randomUUID().toString().substring(0, 8);
    String stage = "/tmp/" + tag;
    HostOverlay overlay = new HostOverlay(lab, host, List.of("sh", "-c", SMALL_FS_UNDO, "sh", tag, stage), size + " tmpfs over " + target);
    return overlay.apply(List.of("sh", "-c", SMALL_FS_OVER, "sh", target, stage, tag, size));
  }

  private HostOverlay apply(List<String> command) {
    LocalProcess.Result r = lab.exec(host, command.toArray(String[]::new));
    if (r.exitCode() != 0) {
      // Whatever part was done is undone before the test hears of the failure.
      close();
      throw new AssertionError("could not put a " + description + " on " + host + " (exit " + r.exitCode() + "): " + r.stderr());
    }
    return this;
  }

  @Override
  public void close() {
    lab.exec(host, undo.toArray(String[]::new)).orFail("removing the " + description + " on " + host);
  }
}
