package dev.ferry.e2e.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LocalProcess;
import dev.ferry.e2e.lab.RequiresLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A lab of its own with two VM hosts goes up and comes down again, leaving no QEMU process, forwarder, tap device,
 * namespace, mount or file behind (issue #13). Its own name and ports, so the demo lab is never touched.
 */
@RequiresLab
@Tag("vm")
class VmLabLifecycleTest {
  private static final String NAME = "vmlife";
  private static final String PORT_BASE = "2281";
  // 2 guests boot in about a minute under TCG; twice that on a busy machine, and the image may need building first.
  private static final Duration UP_TIMEOUT = Duration.ofMinutes(8);

  @AfterEach
  void removeTheLab() {
    Lab.sh("down", "--name", NAME);
  }

  @Test
  void downAfterUpWithTwoVmHostsLeavesNothingRunningOrMounted() throws IOException {
    LocalProcess.Result up = LocalProcess.run(UP_TIMEOUT, Lab.REPO,
        List.of("bash", Lab.LAB_SH.toString(), "up", "--name", NAME, "--hosts", "1", "--port-base", PORT_BASE, "--vm", "2"));
    assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();
    assertThat(up.stdout()).contains("lab: guest " + NAME + "-vm1 answers on SSH after ").contains("lab: guest " + NAME + "-vm2 answers on SSH after ");
    Lab lab = Lab.read(NAME);
    assertThat(lab.vms()).extracting(Lab.Guest::name).containsExactly(NAME + "-vm1", NAME + "-vm2");
    assertThat(qemuProcesses()).hasSize(2);
    assertThat(routerLinks()).contains("tap-vm1", "tap-vm2");

    LocalProcess.Result down = Lab.sh("down", "--name", NAME);
    assertThat(down.exitCode()).as(down.stdout() + down.stderr()).isZero();
    assertThat(qemuProcesses()).as("QEMU processes of lab " + NAME).isEmpty();
    assertThat(LocalProcess.run(Duration.ofSeconds(10), List.of("ss", "-Hltn", "sport >= :2281 and sport <= :2292")).stdout())
        .as("nothing listens on the lab's ports").isBlank();
    assertThat(LocalProcess.run(Duration.ofSeconds(10), List.of("ip", "netns", "list")).stdout()).doesNotContain(NAME + "-");
    assertThat(LocalProcess.run(Duration.ofSeconds(10), List.of("ip", "-o", "link", "show")).stdout()).doesNotContain("tap-vm");
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain("/var/lib/ferry-lab/" + NAME);
    assertThat(Path.of("/var/lib/ferry-lab", NAME)).doesNotExist();
  }

  /** QEMU processes of this lab's guests, by the process name lab.sh gives them. */
  private static List<String> qemuProcesses() throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
        try {
          return new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ').contains("process=ferry-lab:" + NAME + "-vm");
        } catch (IOException e) {
          return false; // gone while listed
        }
      }).map(p -> p.getFileName().toString()).toList();
    }
  }

  private static String routerLinks() {
    return LocalProcess.run(Duration.ofSeconds(10), List.of("ip", "-n", NAME + "-lab", "-o", "link", "show")).stdout();
  }
}
