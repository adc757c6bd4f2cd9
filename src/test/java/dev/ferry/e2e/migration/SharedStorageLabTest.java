package dev.ferry.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.ssh.Command;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** When both hosts see the container's files on shared storage (as with NFS), a migration copies no files and deletes none. */
@RequiresLab
class SharedStorageLabTest {
  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void containerOnSharedStorageMigratesWithoutCopyingOrDeletingItsFiles() throws Exception {
    String ct = LabContainers.uniqueName("shared");
    String bundle = "/var/lib/ferry/containers/" + ct;
    String onA = session.lab().hostDir("ferry-a").resolve("var-lib-ferry/containers").resolve(ct).toString();
    try {
      session.lab().startContainer("ferry-a", ct, "counter");
      // ferry-b mounts ferry-a's folder of the container at the same path: one storage, two hosts.
      session.lab().exec("ferry-b", "sh", "-c", "mkdir -p \"$0\" && mount --bind \"$1\" \"$0\"", bundle, onA).orFail("bind the shared folder");
      LabContainers.awaitTicks(session.a(), ct, 0, 5);
      MigrationReport r = Migrations.migrate(session.a(), session.b(), ct, Optional.empty(), session.threads());
      assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.MIGRATED);
      assertThat(r.checks()).filteredOn(c -> c.name().equals("storage")).extracting(PreflightCheck::reason)
          .singleElement().asString().contains("share");
      assertThat(r.phases()).extracting(t -> t.phase()).doesNotContain(Phase.SYNC_ROOTFS, Phase.COPY_FS_DELTA);
      assertThat(session.b().exec(Command.of("runc", "state", ct)).stdout()).contains("\"running\"");
      assertThat(session.a().exec(Command.of("runc", "state", ct)).exitCode()).as("not on ferry-a any more").isNotZero();
      assertThat(session.a().exec(Command.of("test", "-f", bundle + "/config.json")).exitCode()).as("the shared files stay").isZero();
      LabContainers.awaitTicks(session.b(), ct, System.currentTimeMillis(), 5);
      Migrations.assertCounterContinuous(session.b(), ct, r.freeze().totalFrozenMillis());
    } finally {
      session.b().exec(Command.of("runc", "delete", "--force", ct));
      session.lab().exec("ferry-b", "sh", "-c", "umount \"$0\" 2>/dev/null; rmdir \"$0\" 2>/dev/null; true", bundle);
      LabContainers.remove(session.a(), ct);
    }
  }
}
