package dev.ferry.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.PodmanLab;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.e2e.workloads.TickLog;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Podman containers made from the lab's local image move with Podman's own checkpoint and restore:
 * the counter goes on without a restart or a lost tick, a client's TCP connection to the container's
 * routed address survives, a restore that fails leaves the container running on the source, and a
 * destination that has the name already is refused before anything is frozen. Each outcome is checked
 * by asking Podman on both hosts.
 */
@RequiresLab
class PodmanMigrationLabTest {
  private static final String IMAGE = PodmanLab.IMAGE;
  // 12 s of requests: locks, the transfer path and (on the first run) the image copy come before the freeze.
  private static final int REQUESTS = 120;
  private static final long TICK_MS = 20;

  @RegisterExtension
  static final LabSession session = new LabSession();
  // ferry-b imported the same image itself, so it has it under another id: the first migration brings ferry-a's over.
  private static String imageOfA;
  private static boolean imageOnBAtStart;

  @BeforeAll
  static void noteTheImages() {
    imageOfA = imageIdOn(session.a(), IMAGE);
    imageOnBAtStart = hasImage(session.b(), imageOfA);
  }

  @AfterAll
  static void removeTheImageBroughtOver() {
    if (!imageOnBAtStart && imageOfA != null && !imageOfA.isEmpty()) {
      session.b().exec(Command.script("podman image rm \"$1\" >/dev/null 2>&1; true", imageOfA));
    }
  }

  @Test
  void podmanContainerMigratesWithItsCounterAndItsEstablishedConnection() throws Exception {
    String ct = LabContainers.uniqueName("pod");
    String ip = "10.87.100." + ThreadLocalRandom.current().nextInt(200, 250);
    Path clientLog = Files.createTempFile("ferry-podman-client", ".log");
    Process client = null;
    try {
      startPodman(ct, ip);
      client = new ProcessBuilder("nsenter", "--net=/run/netns/" + session.lab().name() + "-lab",
          Lab.REPO.resolve("native/target/bin/ferry-tcp-client").toString(), "--host", ip, "--port", "7000",
          "--count", Integer.toString(REQUESTS), "--interval-ms", "100", "--timeout-ms", "20000", "--log", clientLog.toString())
          .redirectErrorStream(true).start();
      Migrations.awaitReplies(clientLog, 10);

      boolean imageOnB = hasImage(session.b(), imageOfA);
      MigrationReport r = Migrations.migrate(session.a(), session.b(), ct, Optional.empty(), session.threads());
      System.out.printf("podman: %s %s; phases %s; notes %s%n", ct, r.outcome(), r.phases(), r.notes());
      assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.MIGRATED);
      long repliesAtMove = Migrations.replies(clientLog);

      assertThat(podmanState(session.b(), ct)).as(ct + " on ferry-b").isEqualTo("running");
      assertThat(podmanState(session.a(), ct)).as(ct + " must be gone from ferry-a").isEqualTo("absent");
      assertThat(session.a().exec(Command.of("ip", "netns", "list")).stdout()).as("the source's namespace is gone").doesNotContain(ct);
      assertThat(session.a().exec(Command.script("ls -d /var/lib/ferry/work/\"$1\"-* 2>/dev/null; true", ct)).stdout()).isBlank();

      assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("the client finished").isTrue();
      String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(client.exitValue()).as(out).isZero();
      assertThat(out).contains("client done sent=" + REQUESTS + " ok=" + REQUESTS).contains("errors=0");
      assertThat(repliesAtMove).as("answers came both before and after the move").isBetween(10L, REQUESTS - 1L);

      TickLog ticks = TickLog.parse(podmanExec(session.b(), ct, "cat", "/var/log/counter.log"));
      long frozen = r.freeze().totalFrozenMillis();
      assertThat(ticks.starts()).as("the counter did not restart").isEqualTo(1);
      assertThat(ticks.contiguous()).as("no tick was lost").isTrue();
      assertThat(ticks.maxGapMillis()).as("the counter's longest gap against the engine's frozen time " + frozen + " ms")
          .isLessThanOrEqualTo(frozen + 300);
      System.out.printf("podman: %s migrated, image %s; frozen %d ms (dump %d, copy %d, restore %d); counter's longest gap %d ms; %s;"
          + " CRIU %s / %s%n", ct, imageOnB ? "was on ferry-b" : "brought over", frozen, r.freeze().freezeAndDumpMillis(),
          r.freeze().copyDumpMillis(), r.freeze().restoreAndResumeMillis(), ticks.maxGapMillis(), out.strip(), r.criuDump(),
          r.criuRestore());
    } finally {
      if (client != null) {
        client.destroyForcibly();
      }
      removePodman(ct, ip);
      Files.deleteIfExists(clientLog);
    }
  }

  @Test
  void failedRestoreOnTheDestinationLeavesThePodmanContainerRunningOnTheSource() throws Exception {
    String ct = LabContainers.uniqueName("podfail");
    String ip = "10.87.100." + ThreadLocalRandom.current().nextInt(200, 250);
    try {
      startPodman(ct, ip);
      awaitTicks(ct, 0, 25);
      // The archive vanishes on the destination just before its restore: Podman's restore there fails.
      MigrationListener breakRestore = new MigrationListener() {
        @Override
        public void phaseStarted(String id, Phase phase) {
          if (phase == Phase.RESTORE) {
            session.b().exec(Command.script("rm -f /var/lib/ferry/work/\"$1\"-*/img/checkpoint.tar", ct));
          }
        }
      };
      long before = System.currentTimeMillis();
      MigrationReport r = Migrations.migrate(session.a(), session.b(), ct, Optional.empty(), session.threads(), breakRestore);
      System.out.printf("podman roll-back: %s %s; %s; frozen %d ms%n", ct, r.outcome(), r.failure(), r.freeze().totalFrozenMillis());

      assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.ROLLED_BACK);
      assertThat(r.failure().summary()).contains("Podman could not restore " + ct + " on ferry-b");
      assertThat(r.failure().advice()).contains("brought back on ferry-a");
      assertThat(podmanState(session.a(), ct)).as(ct + " on ferry-a").isEqualTo("running");
      assertThat(podmanState(session.b(), ct)).as(ct + " must not be on ferry-b").isEqualTo("absent");
      assertThat(session.b().exec(Command.of("ip", "netns", "list")).stdout()).as("the namespace made on ferry-b is gone").doesNotContain(ct);
      awaitTicks(ct, System.currentTimeMillis(), 25);
      TickLog ticks = TickLog.parse(podmanExec(session.a(), ct, "cat", "/var/log/counter.log"));
      assertThat(ticks.starts()).as("the counter did not restart").isEqualTo(1);
      assertThat(ticks.contiguous()).as("no tick was lost").isTrue();
      assertThat(ticks.ticksAfter(before + r.freeze().totalFrozenMillis())).as("the counter runs again on ferry-a").isPositive();
    } finally {
      removePodman(ct, ip);
    }
  }

  @Test
  void destinationWithAPodmanContainerOfTheSameNameIsRefusedBeforeTheFreeze() throws Exception {
    String ct = LabContainers.uniqueName("podname");
    String ip = "10.87.100." + ThreadLocalRandom.current().nextInt(200, 250);
    try {
      startPodman(ct, ip);
      session.lab().exec("ferry-b", "podman", "create", "--name", ct, "--runtime", "runc", IMAGE, "sleep", "1000").orFail("podman create");
      MigrationReport r = Migrations.migrate(session.a(), session.b(), ct, Optional.empty(), session.threads());

      assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.BLOCKED);
      assertThat(r.checks()).filteredOn(c -> c.status() == PreflightCheck.Status.FAIL).extracting(PreflightCheck::reason)
          .anySatisfy(reason -> assertThat(reason).contains("ferry-b already has a Podman container named " + ct));
      assertThat(r.phases()).extracting(p -> p.phase()).doesNotContain(Phase.FREEZE_DUMP);
      assertThat(podmanState(session.a(), ct)).isEqualTo("running");
      assertThat(podmanState(session.b(), ct)).as("the one on ferry-b is left as it was").isEqualTo("created");
    } finally {
      removePodman(ct, ip);
    }
  }

  @Test
  void containerOnPodmansOwnNetworkKeepsItsNameAndPublishedPort() throws Exception {
    String ct = LabContainers.uniqueName("podport");
    int port = ThreadLocalRandom.current().nextInt(18000, 19000);
    try {
      session.lab().exec("ferry-a", "podman", "run", "-d", "--name", ct, "--runtime", "runc", "-p", port + ":7000", IMAGE,
          "ferry-tcp-server", "--port", "7000", "--log", "/var/log/tcp-server.log").orFail("podman run");
      MigrationReport r = Migrations.migrate(session.a(), session.b(), ct, Optional.empty(), session.threads());
      System.out.printf("podman port: %s %s; frozen %d ms; %s%n", ct, r.outcome(), r.freeze().totalFrozenMillis(), r.failure());

      assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.MIGRATED);
      assertThat(r.checks()).filteredOn(c -> c.name().equals("network")).singleElement()
          .satisfies(c -> assertThat(c.status()).isEqualTo(PreflightCheck.Status.WARN));
      assertThat(podmanState(session.b(), ct)).isEqualTo("running");
      assertThat(podmanState(session.a(), ct)).isEqualTo("absent");
      assertThat(session.b().exec(Command.of("podman", "port", ct)).stdout()).as("the port published on ferry-b").contains(":" + port);
      // A client on the LAN reaches it at ferry-b's address, on the same port.
      Process client = new ProcessBuilder("nsenter", "--net=/run/netns/" + session.lab().name() + "-lab",
          Lab.REPO.resolve("native/target/bin/ferry-tcp-client").toString(), "--host", session.lab().host("ferry-b").address(), "--port",
          Integer.toString(port), "--count", "3", "--interval-ms", "100", "--timeout-ms", "5000").redirectErrorStream(true).start();
      assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(out).contains("ok=3").contains("errors=0");
    } finally {
      for (String h : new String[] {"ferry-a", "ferry-b"}) {
        session.lab().exec(h, "sh", "-c", "podman container rm --force --time 0 -- '" + ct + "' >/dev/null 2>&1; true");
      }
    }
  }

  /**
   * The pre-flight's look at what a container holds covers Podman containers too: a connection to a listener outside the
   * container, through a bind mount of a folder the destination lacks, is refused for both reasons before anything is
   * frozen, and the container keeps running, untouched. Podman's own mounts (resolv.conf, hosts, its storage) pass.
   */
  @Test
  void podmanContainerHoldingAnOutsideUnixConnectionAndAMountOnlyTheSourceHasIsRefusedAndKeepsRunning() throws Exception {
    String ct = LabContainers.uniqueName("podunix");
    // /tmp is private to each lab host, as on real hosts.
    String folder = "/tmp/" + ct + "-ext";
    SshHost a = session.a();
    String listener = "";
    try {
      listener = a.exec(Command.script("""
          mkdir -p "$1"; rm -f "$1/ext.sock"
          setsid timeout 300 socat -u "UNIX-LISTEN:$1/ext.sock" OPEN:/dev/null </dev/null >/dev/null 2>&1 &
          echo $!
          i=0; while [ ! -S "$1/ext.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
          """, folder)).stdout().strip();
      session.lab().exec("ferry-a", "podman", "run", "-d", "--name", ct, "--runtime", "runc", "-v", folder + ":/ext", IMAGE,
          "ferry-unix-peers", "--own", "/run/own.sock", "--connect", "/ext/ext.sock", "--log", "/var/log/unix-peers.log").orFail("podman run");
      Await.until("the container connected to the outside listener", Duration.ofSeconds(20), Duration.ofMillis(200),
          () -> podmanExec(a, ct, "cat", "/var/log/unix-peers.log").contains("connected /ext/ext.sock"));
      String pid = a.exec(Command.of("podman", "container", "inspect", "--format", "{{.State.Pid}}", "--", ct)).stdout().strip();

      MigrationReport r = Migrations.migrate(a, session.b(), ct, Optional.empty(), session.threads());
      List<PreflightCheck> failed = r.checks().stream().filter(c -> c.status() == PreflightCheck.Status.FAIL).toList();
      System.out.printf("podman unmovable: %s %s; failed: %s%n", ct, r.outcome(), failed);

      assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.BLOCKED);
      assertThat(failed).extracting(PreflightCheck::name).containsExactlyInAnyOrder("unix socket", "bind mount");
      assertThat(failed).filteredOn(c -> c.name().equals("unix socket")).singleElement()
          .satisfies(c -> assertThat(c.reason()).contains("ferry-unix-peer").contains("connected to " + folder + "/ext.sock"));
      assertThat(failed).filteredOn(c -> c.name().equals("bind mount")).singleElement()
          .satisfies(c -> assertThat(c.reason()).contains("comes from " + folder + ", which ferry-b does not have"));
      assertThat(r.phases()).extracting(p -> p.phase()).doesNotContain(Phase.FREEZE_DUMP);
      assertThat(podmanState(a, ct)).as(ct + " on ferry-a").isEqualTo("running");
      assertThat(a.exec(Command.of("podman", "container", "inspect", "--format", "{{.State.Pid}}", "--", ct)).stdout().strip())
          .as("the same process, never checkpointed").isEqualTo(pid);
      assertThat(podmanState(session.b(), ct)).as("nothing on ferry-b").isEqualTo("absent");
    } finally {
      if (!listener.isEmpty()) {
        a.exec(Command.of("kill", listener));
      }
      removePodman(ct, null);
      a.exec(Command.of("rm", "-rf", folder));
    }
  }

  private static void startPodman(String ct, String ip) throws InterruptedException {
    PodmanLab.startCounter(session.lab(), session.a(), ct, ip, TICK_MS, true);
  }

  private static void removePodman(String ct, String ip) {
    PodmanLab.remove(session.lab(), ct, ip);
  }

  private static String podmanState(SshHost host, String ct) {
    return PodmanLab.state(host, ct);
  }

  /** Waits (at most 20 s) until the counter in Podman container {@code ct} on ferry-a logged {@code n} ticks stamped after {@code since}. */
  private static void awaitTicks(String ct, long since, int n) throws InterruptedException {
    Await.until("the counter in " + ct + " logging " + n + " ticks", Duration.ofSeconds(20), Duration.ofMillis(100),
        () -> TickLog.parse(podmanExec(session.a(), ct, "cat", "/var/log/counter.log")).ticksAfter(since), seen -> seen >= n);
  }

  private static String podmanExec(SshHost host, String ct, String... cmd) {
    return PodmanLab.exec(host, ct, cmd);
  }

  private static String imageIdOn(SshHost host, String image) {
    return host.exec(Command.of("podman", "image", "inspect", "--format", "{{.Id}}", "--", image)).stdout().strip();
  }

  private static boolean hasImage(SshHost host, String imageId) {
    return host.exec(Command.of("podman", "image", "exists", "--", imageId)).ok();
  }
}
