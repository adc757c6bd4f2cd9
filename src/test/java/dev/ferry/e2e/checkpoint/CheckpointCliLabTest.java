package dev.ferry.e2e.checkpoint;

import static dev.ferry.e2e.cli.InProcessCli.ferry;
import static dev.ferry.e2e.checkpoint.CheckpointLabFiles.leftovers;
import static dev.ferry.e2e.checkpoint.CheckpointLabFiles.removeAll;
import static dev.ferry.e2e.checkpoint.CheckpointLabFiles.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.e2e.cli.InProcessCli;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.e2e.workloads.TickLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The checkpoint verbs of the CLI, run in-process against the lab's hosts by name (as FerryCliLabTest does). */
@RequiresLab
class CheckpointCliLabTest {
  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void checkpointListRestoreElsewhereRefuseAndDeleteFromTheCommandLine() throws Exception {
    String ct = LabContainers.uniqueName("ncp-cli");
    ObjectMapper json = new ObjectMapper();
    try {
      session.lab().startContainer("ferry-a", ct, "counter");
      LabContainers.awaitTicks(session.a(), ct, 0, 10);

      InProcessCli.Run made = ferry("checkpoint", ct, "--host", "ferry-a", "--name", "cli-1", "--leave-running", "--json");
      assertThat(made.exitCode()).as(made.out()).isZero();
      JsonNode c = json.readTree(made.out());
      assertThat(c.path("name").asText()).isEqualTo("cli-1");
      assertThat(c.path("sizeBytes").asLong()).isPositive();
      assertThat(c.path("timings").path("dumpMillis").asLong()).isPositive();
      assertThat(status(session.a(), ct)).isEqualTo("running");

      InProcessCli.Run again = ferry("checkpoint", ct, "--host", "ferry-a", "--name", "cli-1");
      assertThat(again.exitCode()).as("a taken name is refused").isEqualTo(3);
      assertThat(again.out()).contains("Refused: A checkpoint named 'cli-1' of " + ct + " already exists on ferry-a.")
          .contains("What to do: Choose another name");

      InProcessCli.Run listed = ferry("checkpoints", "ferry-a", ct, "--json");
      assertThat(listed.exitCode()).isZero();
      assertThat(json.readTree(listed.out()).findValuesAsText("name")).containsExactly("cli-1");
      InProcessCli.Run table = ferry("checkpoints", "ferry-a");
      assertThat(table.out()).containsPattern(ct + " +cli-1 +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +[0-9.]+ MiB +left running");

      LabContainers.remove(session.a(), ct); // container and bundle gone from A: the checkpoint has all it needs
      InProcessCli.Run restored = ferry("restore", ct, "--from-host", "ferry-a", "--name", "cli-1", "--to", "ferry-b", "--json");
      assertThat(restored.exitCode()).as(restored.out()).isZero();
      JsonNode r = json.readTree(restored.out());
      assertThat(r.path("toHost").asText()).isEqualTo("ferry-b");
      assertThat(r.path("copyBytes").asLong()).isPositive();
      assertThat(r.path("restoreMillis").asLong()).isPositive();
      assertThat(status(session.b(), ct)).isEqualTo("running");
      LabContainers.awaitTicks(session.b(), ct, System.currentTimeMillis(), 5);
      TickLog log = TickLog.parse(LabContainers.readFile(session.b(), LabContainers.logOf(ct, "counter.log")));
      assertThat(log.starts()).isEqualTo(1);
      assertThat(log.contiguous()).isTrue();

      InProcessCli.Run twice = ferry("restore", ct, "--from-host", "ferry-a", "--name", "cli-1", "--to", "ferry-b");
      assertThat(twice.exitCode()).isEqualTo(3);
      assertThat(twice.out()).contains("Refused: A container named " + ct + " is running on ferry-b");
      assertThat(leftovers(session.b(), ct)).isEmpty();

      InProcessCli.Run deleted = ferry("checkpoint-delete", ct, "--host", "ferry-a", "--name", "cli-1");
      assertThat(deleted.exitCode()).isZero();
      assertThat(json.readTree(ferry("checkpoints", "ferry-a", ct, "--json").out()).size()).isZero();
      InProcessCli.Run gone = ferry("restore", ct, "--from-host", "ferry-a", "--name", "cli-1", "--json");
      assertThat(gone.exitCode()).isEqualTo(3);
      assertThat(json.readTree(gone.out()).path("summary").asText()).contains("There is no checkpoint named 'cli-1' of " + ct + " on ferry-a");
    } finally {
      removeAll(session.a(), ct);
      removeAll(session.b(), ct);
    }
  }

  @Test
  void restoreTextOutputShowsEachStepWithItsTime() throws Exception {
    String ct = LabContainers.uniqueName("ncp-clitext");
    try {
      session.lab().startContainer("ferry-a", ct, "counter");
      InProcessCli.Run made = ferry("checkpoint", ct, "--host", "ferry-a", "--name", "t");
      assertThat(made.exitCode()).as(made.out()).isZero();
      assertThat(made.out()).contains(ct + ": checkpoint 't' saved on ferry-a (container stopped")
          .containsPattern("pause \\+ dump \\+ sync files +\\d+ ms");

      InProcessCli.Run restored = ferry("restore", ct, "--from-host", "ferry-a", "--name", "t");
      assertThat(restored.exitCode()).as(restored.out()).isZero();
      assertThat(restored.out()).contains(ct + ": restored from checkpoint 't' of ferry-a, running on ferry-a")
          .containsPattern("runc restore +\\d+ ms").containsPattern("total +\\d+ ms").doesNotContain("copy checkpoint");
      assertThat(status(session.a(), ct)).isEqualTo("running");
    } finally {
      removeAll(session.a(), ct);
    }
  }
}
