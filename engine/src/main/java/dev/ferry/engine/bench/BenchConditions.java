package dev.ferry.engine.bench;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.SshHost;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Under what a sitting of the benchmark ran: the machine, the lab's link, the tools' versions, and what was asked for. */
public record BenchConditions(String session, Instant at, int cpus, String kernel, String link, String criu, String runc, String podman,
    List<String> workloads, List<String> methods, int rounds) {

  public static BenchConditions probe(String session, SshHost host, String link, List<String> workloads, List<String> methods, int rounds) {
    return new BenchConditions(session, Instant.now(), Runtime.getRuntime().availableProcessors(), firstLine(host, "uname", "-r"), link,
        firstLine(host, "criu", "--version"), firstLine(host, "runc", "--version"), firstLine(host, "podman", "--version"), workloads, methods,
        rounds);
  }

  private static String firstLine(SshHost host, String program, String arg) {
    var r = host.exec(Command.of(program, arg));
    if (!r.ok()) {
      return program + " unknown";
    }
    String line = r.stdout().lines().findFirst().orElse("").strip();
    // criu --version says "Version: 4.2.1"; runc and podman name themselves.
    return line.startsWith("Version:") ? program + " " + line.substring("Version:".length()).strip() : line;
  }

  public static List<BenchConditions> read(Path file) throws IOException {
    return JsonLines.read(file, BenchConditions.class);
  }
}
