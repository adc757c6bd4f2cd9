package dev.ferry.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Podman container moved as Podman's users do it: {@code podman container checkpoint --export}, scp of
 * the archive to the other host, {@code podman container restore --import} there over a new ssh. CRIU's
 * figures come from Podman's own {@code --print-stats}.
 */
final class PodmanMover {
  static final String DIR = "/var/lib/ferry/bench-podman";
  private static final Duration LIMIT = Duration.ofMinutes(10);
  // As in ScriptMover, the name passed ContainerName's rules, so it stands unquoted in the ssh command.
  private static final String SCRIPT = """
      ct=$1 dest=$2 dir=/var/lib/ferry/bench-podman f=/var/lib/ferry/bench-podman/$1.tar
      mkdir -p "$dir" && rm -f "$f" || exit 10
      ssh -o BatchMode=yes "$dest" "mkdir -p $dir && rm -f $f" || exit 10
      t0=$(date +%s%N)
      podman container checkpoint --export "$f" --print-stats "$ct" >"$dir/$ct.checkpoint.json" || exit 11
      t1=$(date +%s%N)
      scp -q -o BatchMode=yes "$f" "$dest:$f" || exit 12
      t2=$(date +%s%N)
      ssh -o BatchMode=yes "$dest" "podman container restore --import $f --print-stats >$dir/$ct.restore.json" || exit 13
      t3=$(date +%s%N)
      echo "local $t0 $t1 $t2 $t3 $(stat -c %s "$f")"
      """;

  Moved move(SshHost from, SshHost to, String ct) {
    long start = System.currentTimeMillis();
    ExecResult r = from.exec(Command.script(SCRIPT, ct, to.name()), LIMIT);
    if (!r.ok()) {
      return Moved.notOk("failed", "podman's move stopped (exit " + r.exitCode() + "): " + r.stderr().strip(), start);
    }
    long[] t = ScriptMover.numbers(r.stdout(), "local");
    Map<String, Long> phases = new LinkedHashMap<>();
    phases.put("checkpoint_export", ScriptMover.ms(t[1] - t[0]));
    phases.put("scp", ScriptMover.ms(t[2] - t[1]));
    phases.put("ssh_and_restore_import", ScriptMover.ms(t[3] - t[2]));
    JsonNode dump = stats(from, DIR + "/" + ct + ".checkpoint.json");
    JsonNode restore = stats(to, DIR + "/" + ct + ".restore.json");
    putUs(phases, "podman_checkpoint_reported", dump.path("podman_checkpoint_duration"));
    putUs(phases, "runtime_checkpoint_reported", dump.path("container_statistics").path(0).path("runtime_checkpoint_duration"));
    putUs(phases, "podman_restore_reported", restore.path("podman_restore_duration"));
    putUs(phases, "runtime_restore_reported", restore.path("container_statistics").path(0).path("runtime_restore_duration"));
    JsonNode d = dump.path("container_statistics").path(0).path("criu_statistics");
    JsonNode s = restore.path("container_statistics").path(0).path("criu_statistics");
    BenchRun.Criu criu = new BenchRun.Criu(num(d, "freezing_time"), num(d, "frozen_time"), num(d, "memdump_time"), num(d, "memwrite_time"),
        num(d, "pages_written"), num(d, "pages_lazy"), num(s, "restore_time"), num(s, "forking_time"), num(s, "pages_restored"));
    String files = DIR + "/" + ct + ".*";
    to.exec(Command.script("rm -f $1", files));
    from.exec(Command.script("podman container rm --force --time 0 -- \"$1\" >/dev/null 2>&1; rm -f $2", ct, files));
    return new Moved("ok", "", start, t[0] / 1_000_000, t[3] / 1_000_000, ScriptMover.ms(t[3] - t[0]), phases, null,
        "podman export + scp + import", t[4], t[2] <= t[1] ? null : t[4] / 1000.0 / ScriptMover.ms(t[2] - t[1]), criu);
  }

  private static JsonNode stats(SshHost host, String file) {
    ExecResult r = host.exec(Command.of("cat", file));
    if (!r.ok() || r.stdout().isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      // Podman may print the container's id before the JSON; the statistics are the JSON object.
      String text = r.stdout();
      return Json.MAPPER.readTree(text.substring(Math.max(0, text.indexOf('{'))));
    } catch (java.io.IOException e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  private static Long num(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asLong() : null;
  }

  private static void putUs(Map<String, Long> phases, String name, JsonNode us) {
    if (us.isNumber()) {
      phases.put(name, us.asLong() / 1000);
    }
  }
}
