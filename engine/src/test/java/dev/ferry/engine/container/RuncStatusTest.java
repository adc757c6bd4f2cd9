package dev.ferry.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** runc's state, read in Java (the mapper) and on a host (the one shell extraction), from what runc 1.1.5 printed on the lab. */
class RuncStatusTest {
  // `runc state counter` on a lab host, 2026-12-02, with one annotation added whose value mentions a status.
  static final String RUNNING = """
      {
        "ociVersion": "1.0.2-dev",
        "id": "counter",
        "pid": 12412,
        "status": "running",
        "bundle": "/var/lib/ferry/containers/counter",
        "rootfs": "/var/lib/ferry/containers/counter/rootfs",
        "created": "2026-12-02T19:06:47.061633806Z",
        "annotations": {
          "org.ferry.lab": "ferry",
          "org.example.note": "{\\"status\\": \\"stopped\\"}",
          "status": "stopped"
        },
        "owner": ""
      }""";

  @TempDir
  Path dir;

  @Test
  void theMapperReadsTheStatusAndPidAtTheTopLevel() {
    RuncStatus s = RuncStatus.parse(RUNNING);
    assertThat(s).isEqualTo(new RuncStatus("running", 12412));
    assertThat(s.running()).isTrue();
    assertThat(s.known()).isTrue();
  }

  @Test
  void whatIsNotRuncsJsonIsUnknownNeverAbsent() {
    assertThat(RuncStatus.parse("container \"x\" does not exist")).isEqualTo(new RuncStatus(RuncStatus.UNKNOWN, 0));
    assertThat(RuncStatus.parse("")).extracting(RuncStatus::known).isEqualTo(false);
    assertThat(RuncStatus.parse("[]").absent()).isFalse();
  }

  private String shellStatus(String runcPrints, int runcExit) throws Exception {
    Path runc = dir.resolve("runc");
    Files.writeString(dir.resolve("state.json"), runcPrints);
    Files.writeString(runc, "#!/bin/sh\ncat \"" + dir.resolve("state.json") + "\"\nexit " + runcExit + "\n");
    Files.setPosixFilePermissions(runc, PosixFilePermissions.fromString("rwx------"));
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", RuncStatus.SHELL_FUNCTION + "printf '[%s]' \"$(runc_status counter)\"").redirectErrorStream(true);
    pb.environment().put("PATH", dir + ":" + System.getenv("PATH"));
    Process q = pb.start();
    assertThat(q.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return new String(q.getInputStream().readAllBytes());
  }

  @Test
  void theShellFunctionPrintsTheTopLevelStatusNotOneInTheAnnotations() throws Exception {
    assertThat(shellStatus(RUNNING, 0)).isEqualTo("[running]");
    assertThat(shellStatus(RUNNING.replace("\"status\": \"running\",", "\"status\": \"paused\","), 0)).isEqualTo("[paused]");
  }

  @Test
  void theShellFunctionPrintsNothingForAContainerRuncDoesNotKnow() throws Exception {
    assertThat(shellStatus("container \"counter\" does not exist\n", 1)).isEqualTo("[]");
  }
}
