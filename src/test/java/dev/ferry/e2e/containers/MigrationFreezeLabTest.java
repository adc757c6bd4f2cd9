package dev.ferry.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.MigrationCriuConfig;
import dev.ferry.engine.container.RuncCommands;
import dev.ferry.engine.container.RuncStatus;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The migration's dump on a real lab host, with real runc and CRIU: the container frozen at CRIU's
 * pre-dump action (MigrationCriuConfig), the command that needs it frozen started only then, and the
 * original left paused; and the same dump, by {@code runc pause} first, on a host without Ferry's files.
 */
@RequiresLab
class MigrationFreezeLabTest {
  @RegisterExtension
  static final LabSession session = new LabSession();

  private static final String CT = "freeze-probe";
  private static final String WORK = "/var/lib/ferry/work/freeze-probe-test";

  @BeforeEach
  void aCounterOnB() {
    session.lab().startContainer("ferry-b", CT, "counter");
    session.b().exec(Command.of("rm", "-rf", WORK));
  }

  @AfterEach
  void removeIt() {
    LabContainers.remove(session.b(), CT);
    session.b().exec(Command.of("rm", "-rf", WORK));
    // Put Ferry's files back as any migration writes them, for the tests after this one.
    session.b().exec(MigrationCriuConfig.install()).orThrow("ferry-b", MigrationCriuConfig.install());
  }

  @Test
  void withFerrysConfigTheContainerIsFrozenAtCriusPreDumpAndTheFrozenCommandSeesItPaused() {
    session.b().exec(MigrationCriuConfig.install()).orThrow("ferry-b", MigrationCriuConfig.install());

    ExecResult r = dump(true);

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(seenWhileFrozen()).as("runc's state when the frozen command started").isEqualTo(RuncStatus.PAUSED);
    assertThat(RuncStatus.of(session.b(), ContainerName.of(CT)).status()).as("left paused, as for a roll-back").isEqualTo(RuncStatus.PAUSED);
    String log = session.b().exec(Command.of("cat", WORK + "/dump/dump.log")).stdout();
    assertThat(log).contains("Parsing config file " + MigrationCriuConfig.DUMP_HELD).contains("Running pre-dump scripts");
    assertThat(session.b().exec(Command.of("cat", MigrationCriuConfig.DUMP_HELD)).stdout()).contains("network-lock skip");
    assertThat(session.b().exec(Command.of("runc", "resume", CT)).exitCode()).isZero();
    assertThat(RuncStatus.of(session.b(), ContainerName.of(CT)).running()).isTrue();
  }

  @Test
  void withoutFerrysFilesTheSameDumpPausesFirstAndStillLeavesItPaused() {
    session.b().exec(Command.script("rm -f \"$1\" \"$2\"", MigrationCriuConfig.DUMP, MigrationCriuConfig.DUMP_HELD));

    ExecResult r = dump(true);

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(seenWhileFrozen()).isEqualTo(RuncStatus.PAUSED);
    assertThat(RuncStatus.of(session.b(), ContainerName.of(CT)).status()).isEqualTo(RuncStatus.PAUSED);
    assertThat(session.b().exec(Command.of("cat", WORK + "/dump/dump.log")).stdout()).doesNotContain(MigrationCriuConfig.DUMP_HELD);
  }

  private ExecResult dump(boolean networkHeld) {
    long pid = RuncStatus.of(session.b(), ContainerName.of(CT)).pid();
    // What must wait for the freeze: here it notes runc's view of the container at that moment.
    String whileFrozen = "runc state " + CT + " | grep -o '\"status\": *\"[a-z]*\"' > " + WORK + "/seen";
    session.b().exec(Command.of("mkdir", "-p", WORK + "/img", WORK + "/dump"));
    return session.b().exec(RuncCommands.migrationCheckpoint(ContainerName.of(CT), pid, "", "", whileFrozen, WORK + "/img",
        WORK + "/dump", null, networkHeld), Duration.ofSeconds(60));
  }

  private String seenWhileFrozen() {
    String seen = session.b().exec(Command.of("cat", WORK + "/seen")).stdout();
    return seen.replaceAll(".*\"([a-z]+)\"\\s*$", "$1").strip();
  }
}
