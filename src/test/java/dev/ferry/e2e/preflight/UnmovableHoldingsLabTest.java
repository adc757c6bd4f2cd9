package dev.ferry.e2e.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.Migration;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationRequest;
import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a container holds that CRIU cannot move, made for real on the lab and found by the pre-flight
 * before anything is frozen: a unix connection to a listener outside the container, an open /dev/fuse,
 * and a bind mount whose source only the source host has (real CRIU stops its dump for the first two:
 * "External socket is used", "Can't dump file 3 of that type (chr 10:229)", checked on the lab). The refusal names the process and what to do, and the
 * container keeps running as it was. What CRIU does move (the container's own listener, a connection
 * between two of its processes, a socketpair) passes, and the migration then really moves it.
 */
@RequiresLab
class UnmovableHoldingsLabTest {
  @RegisterExtension
  static final LabSession session = new LabSession();

  private static final String UNIX_LOG = OutsideUnixListener.LOG;
  // Restarts a lab container with its config.json edited by each sed expression after $1 (the container).
  private static final String RESTART_WITH = """
      set -e
      ct=$1; b=/var/lib/ferry/containers/$1; shift
      runc delete --force "$ct"
      for e in "$@"; do
        cp "$b/config.json" "$b/config.before"
        sed -i "$e" "$b/config.json"
        ! cmp -s "$b/config.json" "$b/config.before" || { echo "config.json unchanged by $e" >&2; exit 1; }
      done
      rm -f "$b/config.before"
      setsid runc run -d --bundle "$b" "$ct" </dev/null >/dev/null 2>&1
      runc state "$ct" | grep -q '"running"'
      """;
  // /dev/fuse (10:229), made in the container and allowed by its device cgroup; CRIU has no code for it.
  private static final String ADD_FUSE = "s|\"linux\": {|\"linux\": { \"devices\": [{ \"path\": \"/dev/fuse\", \"type\": \"c\","
      + " \"major\": 10, \"minor\": 229, \"fileMode\": 438, \"uid\": 0, \"gid\": 0 }],|";
  private static final String ALLOW_FUSE = "s|\"devices\": \\[{ \"allow\": false, \"access\": \"rwm\" }\\]|\"devices\": [{ \"allow\": false,"
      + " \"access\": \"rwm\" }, { \"allow\": true, \"type\": \"c\", \"major\": 10, \"minor\": 229, \"access\": \"rwm\" }]|";

  // The container's first process opens it as fd 3: CRIU dumps only the first process's tree ('runc exec -d' starts
  // processes outside it, which CRIU leaves behind rather than fails on).
  private static final String HOLD_FUSE = "s|\"args\": \\[\"sleep\", \"infinity\"\\]|\"args\": [\"sh\", \"-c\","
      + " \"exec 3<>/dev/fuse; exec sleep infinity\"]|";

  private static String bindAtData(String source) {
    return "s|\"mounts\": \\[|\"mounts\": [ { \"destination\": \"/data\", \"type\": \"bind\", \"source\": \"" + source
        + "\", \"options\": [\"rbind\", \"rw\"] },|";
  }

  @Test
  void aConnectionToAListenerOutsideTheContainerIsRefusedWithTheProcessAndTheContainerKeepsRunning() throws Exception {
    String ct = LabContainers.uniqueName("pf-unix");
    SshHost a = session.a();
    OutsideUnixListener listener = null;
    try {
      // Its own listener, connection and socketpair (movable), and a connection to /run/ext.sock (not).
      session.lab().startContainer("ferry-a", ct, "unix", "--", "--own", "/run/own.sock", "--connect", OutsideUnixListener.IN_CONTAINER,
          "--log", "/var/log/" + UNIX_LOG);
      // The listener's address is its path on ferry-a; the accepted end lives in the container's network namespace
      // (the kernel makes it in the connecting socket's), so the pre-flight sees that address.
      listener = OutsideUnixListener.listenFor(a, ct, Duration.ofMinutes(5));
      String outside = listener.path();
      LabContainers.awaitLine(a, LabContainers.logOf(ct, UNIX_LOG), "connected " + OutsideUnixListener.IN_CONTAINER);
      long init = LabContainers.initPid(a, ct);

      long started = System.nanoTime();
      MigrationReport r = migrate(a, session.b(), ct, false);
      long millis = (System.nanoTime() - started) / 1_000_000;

      assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.BLOCKED);
      List<PreflightCheck> failed = failed(r);
      assertThat(failed).as("only the outside connection; its own listener, connection and socketpair pass").singleElement()
          .satisfies(c -> {
            assertThat(c.name()).isEqualTo("unix socket");
            assertThat(c.reason()).matches("ferry-unix-peer \\(pid " + init + "\\) holds a unix stream socket \\(fd \\d+, connected to "
                + java.util.regex.Pattern.quote(outside) + "\\) whose other end"
                + " no process of the container holds: CRIU moves a connection only with both its ends, and would stop the dump with"
                + " 'External socket is used'\\. Close that connection before moving, or run the program at its other end inside the container\\.");
          });
      assertThat(r.failure().summary()).startsWith("Pre-flight checks block this migration: unix socket: ferry-unix-peer (pid " + init + ")");
      assertThat(r.failure().advice()).contains("Nothing was changed on either host");
      System.out.printf("unmovable: external unix socket refused by the pre-flight in %d ms%n", millis);

      assertKeepsRunning(a, ct, init);
      assertThat(listener.alive()).as("the outside listener still has its connection").isTrue();
    } finally {
      if (listener != null) {
        listener.close();
      }
      LabContainers.remove(a, ct);
      LabContainers.remove(session.b(), ct);
    }
  }

  @Test
  void theContainersOwnListenerConnectionAndSocketpairPassAndMoveWithIt() throws Exception {
    String ct = LabContainers.uniqueName("pf-own");
    SshHost a = session.a();
    SshHost b = session.b();
    try {
      session.lab().startContainer("ferry-a", ct, "unix");
      LabContainers.awaitLine(a, LabContainers.logOf(ct, UNIX_LOG), "ok 3 ");

      MigrationReport r = migrate(a, b, ct, false);

      assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.MIGRATED);
      assertThat(check(r, "open files and mounts")).satisfies(c -> {
        assertThat(c.status()).isEqualTo(PreflightCheck.Status.PASS);
        assertThat(c.reason()).startsWith("CRIU can move what " + ct + " holds: ").contains(" in 2 processes, no unix socket connected outside");
      });
      String log = LabContainers.logOf(ct, UNIX_LOG);
      int before = rounds(LabContainers.readFile(b, log));
      String after = awaitRounds(b, log, before + 5);
      assertThat(after.lines().filter(l -> l.startsWith("fail ")).toList()).as("every round trip on ferry-b came back").isEmpty();
      assertThat(after.lines().filter(l -> l.startsWith("start ")).count()).as("no restart").isEqualTo(1);
      System.out.printf("unmovable: own unix sockets passed and moved, frozen %d ms%n", r.freeze().totalFrozenMillis());
    } finally {
      LabContainers.remove(a, ct);
      LabContainers.remove(b, ct);
    }
  }

  @Test
  void anOpenDeviceCriuHasNoCodeForIsRefusedWithTheProcessHoldingIt() throws Exception {
    String ct = LabContainers.uniqueName("pf-dev");
    SshHost a = session.a();
    try {
      session.lab().startContainer("ferry-a", ct, "sleep");
      ExecOk.of(a, Command.script(RESTART_WITH, ct, ADD_FUSE, ALLOW_FUSE, HOLD_FUSE));
      long init = LabContainers.initPid(a, ct);

      MigrationReport r = migrate(a, session.b(), ct, false);

      assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.BLOCKED);
      assertThat(failed(r)).singleElement().satisfies(c -> {
        assertThat(c.name()).isEqualTo("device");
        assertThat(c.reason()).matches("sleep \\(pid " + init + "\\) has /dev/fuse open \\(fd 3, character device 10:229\\):"
            + " CRIU cannot save an open device of this kind, and would stop the dump\\. Close it before moving, or stop the program that uses it\\.");
      });
      assertKeepsRunning(a, ct, init);
    } finally {
      LabContainers.remove(a, ct);
      LabContainers.remove(session.b(), ct);
    }
  }

  @Test
  void aBindMountOnlyTheSourceHasIsRefusedAndPassesOnceTheDestinationHasIt() throws Exception {
    String ct = LabContainers.uniqueName("pf-mount");
    // /tmp is private to each lab host, as on real hosts.
    String source = "/tmp/" + ct + "-data";
    SshHost a = session.a();
    SshHost b = session.b();
    try {
      session.lab().startContainer("ferry-a", ct, "sleep");
      ExecOk.of(a, Command.of("sh", "-c", "mkdir -p \"$0\" && echo data > \"$0/file\"", source));
      ExecOk.of(a, Command.script(RESTART_WITH, ct, bindAtData(source)));
      assertThat(a.exec(Command.of("runc", "exec", ct, "cat", "/data/file")).stdout()).as("the mount is real").isEqualTo("data\n");
      long init = LabContainers.initPid(a, ct);

      MigrationReport r = migrate(a, b, ct, false);

      assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.BLOCKED);
      assertThat(failed(r)).singleElement().satisfies(c -> {
        assertThat(c.name()).isEqualTo("bind mount");
        assertThat(c.reason()).isEqualTo("the bind mount at /data in the container comes from " + source + ", which ferry-b does not"
            + " have: runc could not make the mount there at the restore. Create " + source + " on ferry-b with the same contents"
            + " (or put it on storage both hosts share), or remove the mount.");
      });
      assertKeepsRunning(a, ct, init);

      ExecOk.of(b, Command.of("mkdir", "-p", source));
      MigrationReport dry = migrate(a, b, ct, true);
      assertThat(dry.outcome()).isEqualTo(MigrationReport.Outcome.CHECKED);
      assertThat(failed(dry)).as("nothing fails once ferry-b has " + source).isEmpty();
      assertThat(check(dry, "open files and mounts").reason()).endsWith(", and ferry-b has the source of its bind mount");
      assertKeepsRunning(a, ct, init);
    } finally {
      LabContainers.remove(a, ct);
      LabContainers.remove(b, ct);
      a.exec(Command.of("rm", "-rf", source));
      b.exec(Command.of("rm", "-rf", source));
    }
  }

  private static MigrationReport migrate(SshHost from, SshHost to, String ct, boolean dryRun) {
    return new Migration(from, to, new MigrationRequest(ContainerName.of(ct), Optional.of(Strategy.STOP_AND_COPY), dryRun),
        session.threads()).run();
  }

  private static List<PreflightCheck> failed(MigrationReport r) {
    return r.checks().stream().filter(c -> c.status() == PreflightCheck.Status.FAIL).toList();
  }

  private static PreflightCheck check(MigrationReport r, String name) {
    return r.checks().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no check named '" + name + "' in " + r.checks()));
  }

  /** Still running on the source, the same process, never paused, and nothing made on either host. */
  private static void assertKeepsRunning(SshHost a, String ct, long init) {
    assertThat(a.exec(Command.of("runc", "state", ct)).stdout()).as("still running on ferry-a").contains("\"running\"");
    assertThat(LabContainers.initPid(a, ct)).as("the same process, not a restore").isEqualTo(init);
    assertThat(a.exec(Command.of("ls", "/var/lib/ferry/work", "/var/lib/ferry/locks")).stdout()).as("no work folder or lock left")
        .doesNotContain(ct);
    RemoteHost b = session.b();
    assertThat(b.exec(Command.of("runc", "state", ct)).exitCode()).as("no container on ferry-b").isNotZero();
    assertThat(b.exec(Command.of("ls", "/var/lib/ferry/containers", "/var/lib/ferry/work")).stdout()).doesNotContain(ct);
  }

  private static int rounds(String log) {
    return (int) log.lines().filter(l -> l.startsWith("ok ")).count();
  }

  private static String awaitRounds(RemoteHost host, String file, int atLeast) throws InterruptedException {
    return Await.until(atLeast + " round trips in " + file + " on " + host.name(), Duration.ofSeconds(20), Duration.ofMillis(200),
        () -> LabContainers.readFile(host, file), text -> rounds(text) >= atLeast);
  }

  /** A command that must succeed, with what it said when it does not. */
  private record ExecOk(String stdout) {
    static ExecOk of(RemoteHost host, Command c) {
      var r = host.exec(c);
      assertThat(r.exitCode()).as(c.label() + " on " + host.name() + ": " + r.stderr()).isZero();
      return new ExecOk(r.stdout());
    }
  }
}
