package dev.ferry.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.PhaseTiming;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A web server under load moves back and forth 20 times and no client sees an error: busybox httpd in a
 * container whose address is on the lab segment itself (answered by the host that runs it), a client
 * opening a new connection every 50 ms, and one long download on a single connection. Nothing routes the
 * address by hand: the destination announces it. Every request is answered, the download arrives intact,
 * and the longest wait of any request that started during a migration is at most that migration's frozen
 * time plus 100 ms; so is the open download's longest wait between two reads, against the longest frozen time.
 */
// Each migration is also checked for the address having followed it: the lab router's neighbour entry names the
// destination, and neither host still diverts or holds anything. In the fresh-clone CI of 2026-12-02 at 5fe8e13, the
// requests a client started over about 9 s went unanswered while every migration reported MIGRATED; that run kept no
// trace, and the likeliest cause fits that shape: a lost announcement, after which the router sent to the source until
// its entry was probed again. The destination now announces the address three times, the source stops answering for it
// at the decision (TrafficMove), and this check would name such a run.
@RequiresLab
class WebServerLabTest {
  private static final int MIGRATIONS = 20;
  private static final long SLACK_MS = 100;

  @RegisterExtension
  static final LabSession session = new LabSession();

  /** One migration as the client measured it: its window on the wall clock, its frozen time, the longest request wait in it. */
  record Move(long startMs, long endMs, long frozenMs, long longestWaitMs, String phases) {}

  @Test
  void twentyPingPongMigrationsUnderLoadFailNoRequestAndKeepTheDownload() throws Exception {
    String ct = LabContainers.uniqueName("web");
    String ip = Lab.LAB_SEGMENT + "." + ThreadLocalRandom.current().nextInt(100, 200);
    Path log = Files.createTempFile("ferry-http-load", ".log");
    Path download = Files.createTempFile("ferry-http-big", ".bin");
    SshHost a = session.a();
    SshHost b = session.b();
    Process load = null;
    NeighbourWatch neighbours = null;
    List<MigrationReport> reports = new ArrayList<>();
    try {
      session.lab().startContainer("ferry-a", ct, "httpd", "--ip", ip);
      String expected = a.exec(Command.of("sha256sum", "/var/lib/ferry/containers/" + ct + "/rootfs/www/big")).stdout().split(" ")[0];
      load = new ProcessBuilder("nsenter", "--net=/run/netns/" + session.lab().name() + "-lab",
          Lab.REPO.resolve("native/target/bin/ferry-http-load").toString(), "--host", ip, "--interval-ms", "50", "--seconds", "900",
          "--timeout-ms", "30000", "--log", log.toString(), "--download", "/big", "--out", download.toString(), "--rate-kib", "64")
          .redirectErrorStream(true).start();
      awaitLines(log, 20);
      neighbours = NeighbourWatch.start(session.lab().name() + "-lab", ip, Map.of(mac(a), "ferry-a", mac(b), "ferry-b"));
      for (int i = 0; i < MIGRATIONS; i++) {
        SshHost from = i % 2 == 0 ? a : b;
        SshHost to = i % 2 == 0 ? b : a;
        MigrationReport r = Migrations.migrate(from, to, ct, Optional.empty(), session.threads());
        assertThat(r.outcome()).as("migration " + (i + 1) + ": " + r.failure()).isEqualTo(MigrationReport.Outcome.MIGRATED);
        reports.add(r);
        // The address followed the container: the client's network sends it to the destination, and neither host
        // still diverts or holds anything.
        long followedMs = neighbours.awaitHost("migration " + (i + 1), to.name(), Duration.ofSeconds(2));
        // SYNs the restored listener dropped (its accept queue full) since its namespace was made for this migration.
        String listenDrops = to.exec(Command.script("ip netns exec \"$1\" nstat -asz TcpExtListenOverflows TcpExtListenDrops"
            + " | awk '/^TcpExt/ { printf \"%s=%s \", $1, $2 }'; true", ct)).stdout().strip();
        System.out.printf("web server: migration %d to %s ended at %d; the router sent %s to it %d ms later; %s%n", i + 1, to.name(),
            r.startedAt().toEpochMilli() + r.totalMillis(), ip, followedMs, listenDrops);
        for (SshHost h : List.of(a, b)) {
          assertThat(h.exec(Command.script("iptables -w 10 -t mangle -S PREROUTING | grep FERRY-DIV; true")).stdout())
              .as("migration " + (i + 1) + ": a divert left on " + h.name()).isBlank();
        }
        assertThat(to.exec(Command.script("ip netns exec \"$1\" iptables -w 10 -S | grep FERRY-HOLD; true", ct)).stdout())
            .as("migration " + (i + 1) + ": the copy on " + to.name() + " still held").isBlank();
      }
      Migrations.assertRunsOnlyOn(ct, a, b);
      // SIGTERM (Process.destroy would close its output): no new requests; the download finishes at full speed.
      new ProcessBuilder("kill", "-TERM", Long.toString(load.pid())).start().waitFor(10, TimeUnit.SECONDS);
      assertThat(load.waitFor(120, TimeUnit.SECONDS)).as("the client finished").isTrue();
      String out = new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      List<String> lines = Files.readAllLines(log);
      assertThat(lines.stream().filter(l -> l.contains(" FAIL ")).toList()).as("failed requests").isEmpty();
      assertThat(out).contains("failed=0").contains("download=ok");
      assertThat(load.exitValue()).as(out).isZero();
      assertThat(sha256(download)).as("the download's checksum").isEqualTo(expected);

      List<long[]> requests = lines.stream().filter(l -> l.startsWith("req ")).map(l -> l.split(" "))
          .map(f -> new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])}).toList();
      List<Move> moves = reports.stream().map(r -> measure(r, requests)).toList();
      moves.forEach(m -> System.out.printf("web server: frozen %d ms, longest client wait %d ms (%s)%n", m.frozenMs(), m.longestWaitMs(),
          m.phases()));
      long[] frozen = moves.stream().mapToLong(Move::frozenMs).sorted().toArray();
      long[] waits = moves.stream().mapToLong(Move::longestWaitMs).sorted().toArray();
      System.out.printf("web server: %d migrations, %d requests, 0 failed, download %s; frozen median %d ms max %d ms;"
          + " longest client wait per migration median %d ms max %d ms; over frozen: max %d ms%n", moves.size(), requests.size(),
          out.replaceAll(".*download=", ""), frozen[frozen.length / 2], frozen[frozen.length - 1], waits[waits.length / 2],
          waits[waits.length - 1], moves.stream().mapToLong(m -> m.longestWaitMs() - m.frozenMs()).max().orElse(0));
      // The download's connection stays open through every migration: its longest wait between two reads that gave
      // data fell in one of them, so it can be no longer than the longest frozen time plus the slack.
      long downloadGap = lines.stream().filter(l -> l.startsWith("download ")).map(l -> l.replaceAll(".*max_gap_ms=", "").strip())
          .mapToLong(Long::parseLong).findFirst().orElseThrow();
      System.out.printf("web server: the open download's longest wait between reads %d ms%n", downloadGap);
      assertThat(downloadGap).as("the open download's longest wait vs the longest frozen time " + frozen[frozen.length - 1] + " ms + "
          + SLACK_MS).isLessThanOrEqualTo(frozen[frozen.length - 1] + SLACK_MS);
      for (int i = 0; i < moves.size(); i++) {
        Move m = moves.get(i);
        if (m.longestWaitMs() > m.frozenMs() + SLACK_MS) {
          requests.stream().filter(q -> q[0] >= m.startMs() && q[0] <= m.endMs() && q[1] - q[0] > m.frozenMs() + SLACK_MS)
              .forEach(q -> System.out.printf("web server: migration %d: a request started %d ms after its divert waited %d ms%n",
                  moves.indexOf(m) + 1, q[0] - m.startMs(), q[1] - q[0]));
        }
        assertThat(m.longestWaitMs()).as("migration " + (i + 1) + ": the longest wait of a request vs frozen " + m.frozenMs() + " ms + "
            + SLACK_MS).isLessThanOrEqualTo(m.frozenMs() + SLACK_MS);
      }
    } catch (AssertionError | RuntimeException e) {
      // The client's log is kept for a failure's account (the temporary copy goes below).
      Path kept = Path.of(System.getProperty("java.io.tmpdir"), "ferry-web-failure-" + System.currentTimeMillis() + ".log");
      Files.copy(log, kept);
      System.out.println("web server: the client's log is kept in " + kept);
      List<String> failed = Files.readAllLines(log).stream().filter(l -> l.contains(" FAIL ")).toList();
      System.out.println("web server: " + failed.size() + " failed requests; first and last:\n" + String.join("\n", failed.subList(0,
          Math.min(5, failed.size()))) + "\n" + String.join("\n", failed.subList(Math.max(0, failed.size() - 5), failed.size())));
      throw e;
    } finally {
      if (neighbours != null) {
        neighbours.close();
        System.out.println("web server: the router's neighbour entry for " + ip + " over time:\n" + neighbours.transitions());
      }
      if (load != null) {
        load.destroyForcibly();
      }
      for (SshHost h : List.of(a, b)) {
        LabContainers.remove(h, ct);
        h.exec(Command.script("ip netns del \"$1\" 2>/dev/null; ip neigh del proxy \"$2\" dev eth0 2>/dev/null; true", ct, ip));
      }
      Files.deleteIfExists(log);
      Files.deleteIfExists(download);
    }
  }

  /** The longest wait of a request that started while this migration could hold it (from its divert to its end). */
  private static Move measure(MigrationReport r, List<long[]> requests) {
    long t0 = r.startedAt().toEpochMilli();
    long from = t0 + r.phases().stream().filter(p -> p.phase() == Phase.DIVERT || p.phase().frozen())
        .mapToLong(PhaseTiming::startMillis).min().orElse(0);
    long to = t0 + r.totalMillis();
    long longest = requests.stream().filter(q -> q[0] >= from && q[0] <= to).mapToLong(q -> q[1] - q[0]).max().orElse(0);
    String phases = r.phases().stream().filter(p -> p.startMillis() + t0 >= from)
        .map(p -> p.phase().name().toLowerCase(Locale.ROOT) + " " + p.durationMillis()).collect(Collectors.joining(", "));
    return new Move(from, to, r.freeze().totalFrozenMillis(), longest, phases);
  }

  private static String mac(SshHost h) {
    // Not /sys/class/net: a lab host shares the machine's sysfs mount, which shows another namespace's eth0.
    return h.exec(Command.of("ip", "-br", "link", "show", "dev", "eth0")).stdout().strip().split("\\s+")[2];
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static void awaitLines(Path log, int n) throws Exception {
    Await.until("the client's " + n + " answers before the first move", Duration.ofSeconds(20), Duration.ofMillis(100), () -> Files.readString(log),
        text -> text.lines().filter(l -> l.startsWith("req ")).count() >= n);
  }
}
