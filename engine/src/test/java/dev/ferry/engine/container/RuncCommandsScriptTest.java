package dev.ferry.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.ssh.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint script's control flow, run by this machine's sh with a fake runc that records its
 * calls (and real rsync): what gets resumed, when the files are copied, and which exit code says what.
 */
class RuncCommandsScriptTest {
  private static final ContainerName CT = ContainerName.of("web-1");

  @TempDir
  Path dir;
  private Path calls;
  private Path bundle;
  private Path copy;

  @BeforeEach
  void fakeRuncAndABundle() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    calls = dir.resolve("runc-calls.txt");
    Path runc = bin.resolve("runc");
    Files.writeString(runc, """
        #!/bin/sh
        echo "$*" >> "$FAKE_RUNC_CALLS"
        [ "$1" = checkpoint ] && exit "${FAKE_CHECKPOINT_RC:-0}"
        exit 0
        """);
    Files.setPosixFilePermissions(runc, PosixFilePermissions.fromString("rwxr-xr-x"));
    bundle = Files.createDirectories(dir.resolve("bundle/rootfs/var/log"));
    bundle = dir.resolve("bundle");
    Files.writeString(bundle.resolve("config.json"), "{}");
    Files.writeString(bundle.resolve("rootfs/var/log/counter.log"), "tick 1\ntick 2\n");
    copy = dir.resolve("copy");
  }

  @Test
  void leaveRunningResumesTheContainerAfterCopyingItsFiles() throws Exception {
    int rc = run(RuncCommands.checkpointWithFiles(CT, "/img", "/work", true, bundle.toString(), copy.toString()), 0);

    assertThat(rc).isZero();
    assertThat(runcCalls()).containsExactly("pause web-1",
        "checkpoint --image-path /img --work-path /work --tcp-established --leave-running web-1", "resume web-1");
    assertThat(copy.resolve("rootfs/var/log/counter.log")).hasContent("tick 1\ntick 2");
  }

  @Test
  void aStoppingCheckpointResumesNothingAndSyncsOnlyTheDifferenceIntoAnEarlierCopy() throws Exception {
    run(RuncCommands.copyFiles(bundle.toString(), copy.toString()), 0);
    Files.writeString(bundle.resolve("rootfs/var/log/counter.log"), "tick 3\n", java.nio.file.StandardOpenOption.APPEND);
    Files.delete(bundle.resolve("config.json"));

    int rc = run(RuncCommands.checkpointWithFiles(CT, "/img", "/work", false, bundle.toString(), copy.toString()), 0);

    assertThat(rc).isZero();
    assertThat(runcCalls()).containsExactly("pause web-1", "checkpoint --image-path /img --work-path /work --tcp-established web-1");
    assertThat(copy.resolve("rootfs/var/log/counter.log")).hasContent("tick 1\ntick 2\ntick 3");
    assertThat(copy.resolve("config.json")).doesNotExist();
  }

  @Test
  void aFailedDumpResumesTheContainerCopiesNothingAndKeepsRuncsExitCode() throws Exception {
    int rc = run(RuncCommands.checkpointWithFiles(CT, "/img", "/work", false, bundle.toString(), copy.toString()), 1);

    assertThat(rc).isEqualTo(1);
    assertThat(runcCalls()).endsWith("resume web-1");
    assertThat(copy).doesNotExist();
  }

  @Test
  void aFailedFilesCopyAfterAGoodDumpHasItsOwnExitCodeAndStillResumes() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");

    int rc = run(RuncCommands.checkpointWithFiles(CT, "/img", "/work", true, bundle.toString(), notADirectory.resolve("copy").toString()), 0);

    assertThat(rc).isEqualTo(RuncCommands.FILES_COPY_FAILED);
    assertThat(runcCalls()).endsWith("resume web-1");
  }

  @Test
  void theMigrationCheckpointIsUnchangedByTheFilesOption() throws Exception {
    int rc = run(RuncCommands.checkpoint(CT, "/img", "/work", false, "../prev"), 0);

    assertThat(rc).isZero();
    assertThat(runcCalls()).containsExactly("pause web-1",
        "checkpoint --image-path /img --work-path /work --tcp-established --parent-path ../prev web-1");
  }

  private int run(Command c, int checkpointExitCode) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(c.argv()).redirectErrorStream(true);
    pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().put("FAKE_RUNC_CALLS", calls.toString());
    pb.environment().put("FAKE_CHECKPOINT_RC", Integer.toString(checkpointExitCode));
    Process p = pb.start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  private List<String> runcCalls() throws IOException {
    return Files.exists(calls) ? Files.readAllLines(calls, StandardCharsets.UTF_8) : List.of();
  }
}
