package dev.ferry.engine.bench;

import dev.ferry.engine.migration.CriuStatsReader;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.SshHost;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The move a user would script around runc (issue #11): on the source, {@code runc checkpoint}, then the
 * bundle and the images through tar over a new ssh from host to host, and {@code runc restore} there.
 * Each step is timed on the source's and destination's realtime clock (one kernel in the lab). CRIU's
 * stats-dump travels with the images; stats-restore is written beside them on the destination.
 */
final class ScriptMover {
  static final String IMAGES = "/var/lib/ferry/bench-images";
  private static final Duration LIMIT = Duration.ofMinutes(10);
  // The container's name passed the engine's ContainerName rules (letters, digits, '.', '_', '-'), and the address is
  // one the bench chose, so both can stand unquoted in the command the script hands to ssh, as a user's script would
  // write them. With an address (the web server, on the lab segment), the user keeps its TCP connections and moves
  // the address as the lab answers it: the destination answers ARP for it (proxy ARP) and says so once (a gratuitous
  // ARP, which may bind to an address the host does not hold only with ip_nonlocal_bind), the source stops answering.
  private static final String SCRIPT = """
      ct=$1 dest=$2 ip=$3 img=/var/lib/ferry/bench-images/$1
      tcp=""; [ -z "$ip" ] || tcp=--tcp-established
      rm -rf "$img" && mkdir -p "$img" || exit 10
      t0=$(date +%s%N)
      runc checkpoint $tcp --image-path "$img" --work-path "$img" "$ct" || { grep 'Error' "$img/dump.log" | grep -v -m 2 RLIMIT >&2; exit 11; }
      t1=$(date +%s%N)
      tar -C /var/lib/ferry -cf - "containers/$ct" "bench-images/$ct" | ssh -o BatchMode=yes "$dest" \
        "t2=\\$(date +%s%N); tar -C /var/lib/ferry -xf - || exit 12; t3=\\$(date +%s%N); \
         runc restore -d $tcp --image-path $img --work-path $img --bundle /var/lib/ferry/containers/$ct $ct </dev/null >/dev/null 2>&1 || exit 13; \
         if [ -n '$ip' ]; then ip neigh replace proxy $ip dev eth0; old=\\$(sysctl -n net.ipv4.ip_nonlocal_bind); \
           sysctl -qw net.ipv4.ip_nonlocal_bind=1; busybox arping -U -c 1 -w 1 -I eth0 $ip >/dev/null 2>&1; \
           sysctl -qw net.ipv4.ip_nonlocal_bind=\\$old; fi; \
         t4=\\$(date +%s%N); echo remote \\$t2 \\$t3 \\$t4" || exit $?
      [ -z "$ip" ] || ip neigh del proxy "$ip" dev eth0 2>/dev/null
      echo "local $t0 $t1"
      """;

  /** Moves {@code ct}; {@code ip}, when not null, is its address on the lab segment, which moves with it. */
  Moved move(SshHost from, SshHost to, String ct, String ip) {
    long start = System.currentTimeMillis();
    ExecResult r = from.exec(Command.script(SCRIPT, ct, to.name(), ip == null ? "" : ip), LIMIT);
    if (!r.ok()) {
      return Moved.notOk("failed", "the script stopped (exit " + r.exitCode() + "): " + r.stderr().strip(), start);
    }
    long[] local = numbers(r.stdout(), "local");
    long[] remote = numbers(r.stdout(), "remote");
    Map<String, Long> phases = new LinkedHashMap<>();
    phases.put("checkpoint", ms(local[1] - local[0]));
    phases.put("ssh_and_copy", ms(remote[1] - local[1]));
    phases.put("restore", ms(remote[2] - remote[1]));
    String img = IMAGES + "/" + ct;
    BenchRun.Criu criu = BenchRun.Criu.of(CriuStatsReader.dump(to, img + "/stats-dump").orElse(null),
        CriuStatsReader.restore(to, img + "/stats-restore").orElse(null));
    Long bytes = null;
    ExecResult du = to.exec(Command.of("du", "-sb", img));
    if (du.ok()) {
      bytes = Long.parseLong(du.stdout().split("\\s+")[0]);
    }
    to.exec(Command.of("rm", "-rf", img));
    from.exec(Command.script("runc delete --force \"$1\" >/dev/null 2>&1; rm -rf \"/var/lib/ferry/containers/$1\" \"$2\"", ct, img));
    return new Moved("ok", "", start, local[0] / 1_000_000, remote[2] / 1_000_000, ms(remote[2] - local[0]), phases, null, "runc + tar over ssh",
        bytes, bytes == null || remote[1] <= local[1] ? null : bytes / 1000.0 / ms(remote[1] - local[1]), criu);
  }

  /** The numbers after {@code word} on the line that starts with it (nanoseconds since the epoch). */
  static long[] numbers(String out, String word) {
    return out.lines().filter(l -> l.startsWith(word + " ")).findFirst().map(l -> l.substring(word.length()).strip().split(" "))
        .map(f -> java.util.Arrays.stream(f).mapToLong(Long::parseLong).toArray())
        .orElseThrow(() -> new IllegalStateException("the script printed no '" + word + "' times: " + out));
  }

  static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
