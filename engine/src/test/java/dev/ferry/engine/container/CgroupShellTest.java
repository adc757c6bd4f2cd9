package dev.ferry.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.ssh.Command;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** cgroup_dir on this machine, against this JVM's own /proc/self/cgroup read here. */
class CgroupShellTest {
  private static String cgroupDir(String controller) throws Exception {
    long pid = ProcessHandle.current().pid();
    Command c = Command.script(CgroupShell.CGROUP_DIR + "cgroup_dir \"$1\" \"$2\"", controller, Long.toString(pid));
    Process p = new ProcessBuilder(c.argv()).redirectErrorStream(true).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }

  @Test
  void theFolderIsTheV1ControllersWhereItIsMountedElseTheV2One() throws Exception {
    String self = Files.readString(Path.of("/proc/self/cgroup"));
    String v1 = self.lines().filter(l -> l.matches("[0-9]+:memory:.*")).map(l -> l.substring(l.indexOf(":memory:") + 8)).findFirst().orElse(null);
    String v2 = self.lines().filter(l -> l.startsWith("0::")).map(l -> l.substring(3)).findFirst().orElse("");
    String expected = v1 != null && Files.isDirectory(Path.of("/sys/fs/cgroup/memory" + v1)) ? "/sys/fs/cgroup/memory" + v1 : "/sys/fs/cgroup" + v2;
    assertThat(cgroupDir("memory")).isEqualTo(expected);
    assertThat(Path.of(cgroupDir("memory"), "memory.stat")).exists();
  }
}
