package dev.ferry.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * `lab up` is idempotent, and `lab down` removes everything a lab made even after an `up` that was
 * killed half-way. Uses a second lab ("flt") beside the default one, which must stay healthy.
 */
@RequiresLab
class LabLifecycleTest {
  private static final String LAB = "flt";
  private static final String PORT_BASE = "2241";

  @AfterEach
  void cleanUp() {
    Lab.sh("down", "--name", LAB);
  }

  @Test
  void upTwiceInARowGivesOneHealthyLab() throws IOException {
    Lab.sh("down", "--name", LAB).orFail("down");
    LocalProcess.Result first = Lab.sh("up", "--name", LAB, "--port-base", PORT_BASE);
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    LocalProcess.Result second = Lab.sh("up", "--name", LAB, "--port-base", PORT_BASE);
    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(second.stdout()).contains("already running");
    assertThat(Lab.sh("status", "--name", LAB).exitCode()).isZero();
    Lab flt = Lab.read(LAB);
    assertThat(flt.hosts()).extracting(Lab.Host::name).containsExactly("flt-a", "flt-b");
    assertThat(leftovers()).isNotEmpty();
  }

  @Test
  void downAfterAnUpKilledHalfWayLeavesNothingBehind() throws Exception {
    Lab.sh("down", "--name", LAB).orFail("down");
    assertThat(leftovers()).as("before").isEmpty();
    Process up = new ProcessBuilder("bash", Lab.LAB_SH.toString(), "up", "--name", LAB, "--port-base", PORT_BASE)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    // Kill it once it has made namespaces and started hosts, but before it finished.
    List<String> halfWay = Await.until("the up of " + LAB + " half-way: its namespaces made and a host started", Duration.ofSeconds(30),
        Duration.ofMillis(50), LabLifecycleTest::leftovers,
        found -> Files.exists(Path.of("/run/netns/" + LAB + "-b")) && found.stream().anyMatch(f -> f.startsWith("process ")));
    up.descendants().forEach(ProcessHandle::destroyForcibly);
    up.destroyForcibly();
    assertThat(up.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(halfWay).as("the killed up had made something").isNotEmpty();

    LocalProcess.Result down = Lab.sh("down", "--name", LAB);
    assertThat(down.exitCode()).as(down.stdout() + down.stderr()).isZero();
    assertThat(leftovers()).as("after down").isEmpty();
    assertThat(Lab.sh("status").exitCode()).as("the default lab is untouched").isZero();
  }

  /** Everything of the flt lab that can be seen: namespaces, processes, mounts, cgroups, files. */
  private static List<String> leftovers() throws IOException {
    List<String> found = new ArrayList<>();
    LocalProcess.run(Duration.ofSeconds(10), List.of("ip", "netns", "list")).stdout().lines()
        .filter(l -> l.startsWith(LAB + "-")).forEach(l -> found.add("netns " + l));
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        String cmdline = read(p.resolve("cmdline")).replace('\0', ' ');
        String cgroup = read(p.resolve("cgroup"));
        String state = read(p.resolve("stat")).strip();
        boolean zombie = state.matches("^\\d+ \\(.*\\) Z .*");
        if (!zombie && (cgroup.contains("ferry-lab-" + LAB) || cmdline.contains("ferry-lab:" + LAB) || cmdline.contains("/ferry-lab/" + LAB + "/"))) {
          found.add("process " + p.getFileName() + " " + cmdline.strip());
        }
      }
    }
    read(Path.of("/proc/self/mountinfo")).lines()
        .filter(l -> l.contains("/ferry-lab/" + LAB + "/") || l.contains("/netns/" + LAB + "-"))
        .forEach(l -> found.add("mount " + l));
    try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
      for (Path h : hierarchies.toList()) {
        if (Files.isDirectory(h.resolve("ferry-lab-" + LAB))) {
          found.add("cgroup " + h.resolve("ferry-lab-" + LAB));
        }
      }
    }
    if (Files.isDirectory(Path.of("/sys/fs/cgroup/ferry-lab-" + LAB))) {
      found.add("cgroup /sys/fs/cgroup/ferry-lab-" + LAB);
    }
    if (Files.exists(Path.of("/var/lib/ferry-lab", LAB))) {
      found.add("dir /var/lib/ferry-lab/" + LAB);
    }
    return found;
  }

  private static String read(Path p) {
    try {
      return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
