package dev.ferry.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.ssh.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real sampler script, run with this machine's sh against fake /proc and /sys trees. */
class MetricsScriptTest {
  private static final MetricsSettings FAST = MetricsSettings.defaults().withInterval(Duration.ofMillis(100)).withDiskEveryTicks(2);

  @TempDir
  Path dir;

  @Test
  void readsACgroupV2ContainerFromCpuStatMemoryCurrentAndPidsCurrent() throws Exception {
    FakeHostTree tree = new FakeHostTree(dir, FakeHostTree.V2_MOUNTS)
        .container("web-1", 4242, 777, "0::/ferry/web-1\n")
        // usage_usec comes first in the kernel's cpu.stat, but the script looks for it by name.
        .write("sys/fs/cgroup/ferry/web-1/cpu.stat", "user_usec 100000\nusage_usec 123456\nsystem_usec 23456\n")
        .write("sys/fs/cgroup/ferry/web-1/memory.current", "134217728\n")
        .write("sys/fs/cgroup/ferry/web-1/pids.current", "3\n");

    List<String> out = run(tree, 1);

    assertThat(out).contains("cgroup v2", "c web-1 123456000 134217728 3");
  }

  @Test
  void v2OutputParsesIntoContainerSamplesWithRates() {
    FakeHostTree tree = new FakeHostTree(dir, FakeHostTree.V2_MOUNTS)
        .container("web-1", 4242, 777, "0::/ferry/web-1\n")
        .write("sys/fs/cgroup/ferry/web-1/cpu.stat", "usage_usec 1000000\n")
        .write("sys/fs/cgroup/ferry/web-1/memory.current", "4096\n")
        .write("sys/fs/cgroup/ferry/web-1/pids.current", "1\n");
    SampleBlockParser parser = new SampleBlockParser();
    List<SampleBlock> blocks = run(tree, 1).stream().flatMap(l -> parser.accept(l).stream()).toList();
    RateCalculator rates = new RateCalculator("h");
    rates.next(blocks.get(0), java.time.Instant.EPOCH, 2);
    SampleBlock later = new SampleBlock(blocks.get(0).uptimeMillis() + 1_000, 0, 0, 0, 0, 0, 0, 0, false, null, 0, 0,
        List.of(new SampleBlock.Container("web-1", 1_250_000_000L, 8192, 2)));

    ContainerSample s = rates.next(later, java.time.Instant.EPOCH, 2).containers().get(0);

    assertThat(blocks.get(0).containers()).containsExactly(new SampleBlock.Container("web-1", 1_000_000_000L, 4096, 1));
    assertThat(s.cpuPercent()).isEqualTo(25.0);
  }

  @Test
  void readsSystemdsV1LayoutWithCpuAndCpuacctMountedTogether() {
    FakeHostTree tree = new FakeHostTree(dir, FakeHostTree.SYSTEMD_V1_MOUNTS)
        .container("db", 5000, 42, "12:pids:/db\n4:cpu,cpuacct:/db\n3:memory:/system.slice/db\n0::/db\n")
        .write("sys/fs/cgroup/cpu,cpuacct/db/cpuacct.usage", "987654321\n")
        .write("sys/fs/cgroup/memory/system.slice/db/memory.usage_in_bytes", "2097152\n")
        .write("sys/fs/cgroup/pids/db/pids.current", "7\n");

    assertThat(run(tree, 1)).contains("cgroup hybrid", "c db 987654321 2097152 7");
  }

  @Test
  void onAHybridHostTheV1ControllersWinOverTheUnifiedTree() {
    FakeHostTree tree = new FakeHostTree(dir, FakeHostTree.SYSTEMD_V1_MOUNTS)
        .container("db", 5000, 42, "4:cpu,cpuacct:/db\n3:memory:/db\n0::/db\n")
        .write("sys/fs/cgroup/cpu,cpuacct/db/cpuacct.usage", "111\n")
        .write("sys/fs/cgroup/memory/db/memory.usage_in_bytes", "222\n")
        .write("sys/fs/cgroup/unified/db/cpu.stat", "usage_usec 999\n")
        .write("sys/fs/cgroup/unified/db/pids.current", "4\n");

    // No v1 pids controller here, so pids come from the unified tree.
    assertThat(run(tree, 1)).contains("c db 111 222 4");
  }

  @Test
  void aControllerListedButNotMountedHereFallsBackToTheUnifiedTree() {
    FakeHostTree tree = new FakeHostTree(dir, FakeHostTree.V2_MOUNTS)
        .container("web", 4242, 777, "4:memory:/web\n2:cpuacct:/web\n0::/web\n")
        .write("sys/fs/cgroup/web/cpu.stat", "usage_usec 5\n")
        .write("sys/fs/cgroup/web/memory.current", "8192\n")
        .write("sys/fs/cgroup/web/pids.current", "2\n");

    assertThat(run(tree, 1)).contains("c web 5000 8192 2");
  }

  @Test
  void aGarbledCounterReadsAsUnknownAndSamplingGoesOn() {
    FakeHostTree tree = new FakeHostTree(dir, FakeHostTree.V2_MOUNTS)
        .container("web", 4242, 777, "0::/web\n")
        .write("sys/fs/cgroup/web/cpu.stat", "usage_usec 12x\n")
        .write("sys/fs/cgroup/web/memory.current", "8192\n");

    List<String> out = run(tree, 2);

    assertThat(out.stream().filter(l -> l.startsWith("c web"))).containsExactly("c web - 8192 -", "c web - 8192 -");
  }

  @Test
  void aRecycledPidIsNotTakenForTheContainer() {
    FakeHostTree tree = new FakeHostTree(dir, FakeHostTree.V2_MOUNTS)
        .container("web", 4242, 777, "0::/ferry/web\n")
        .write("sys/fs/cgroup/ferry/web/memory.current", "1\n");
    tree.process(4242, "bash", 778);

    assertThat(run(tree, 1)).noneMatch(l -> l.startsWith("c "));
  }

  @Test
  void stoppedAndHalfCreatedContainersAreLeftOut() {
    FakeHostTree tree = new FakeHostTree(dir, FakeHostTree.V2_MOUNTS);
    tree.writeState("exited", 31337, 5);
    tree.write("../runc/empty/state.json", "");

    assertThat(run(tree, 1)).noneMatch(l -> l.startsWith("c "));
  }

  @Test
  void aProcessNameWithSpacesAndParenthesesDoesNotShiftTheStartTime() {
    FakeHostTree tree = new FakeHostTree(dir, FakeHostTree.V2_MOUNTS)
        .container("odd", 4242, 777, "0::/odd\n")
        .write("sys/fs/cgroup/odd/memory.current", "5\n");
    tree.process(4242, "my (odd) name) ", 777);

    assertThat(run(tree, 1)).anyMatch(l -> l.startsWith("c odd "));
  }

  @Test
  void aContainerWhoseCgroupFilesVanishedShowsUnknowns() {
    FakeHostTree tree = new FakeHostTree(dir, FakeHostTree.V2_MOUNTS).container("gone", 4242, 777, "0::/gone\n");

    assertThat(run(tree, 1)).contains("c gone - - -");
  }

  @Test
  void aContainerRecreatedUnderTheSameIdIsFollowedToItsNewProcess() throws Exception {
    FakeHostTree tree = new FakeHostTree(dir, FakeHostTree.V2_MOUNTS)
        .container("web", 100, 1, "0::/old\n")
        .write("sys/fs/cgroup/old/memory.current", "1000\n")
        .write("sys/fs/cgroup/new/memory.current", "2000\n");
    Process p = ScriptRunner.start(command(tree));
    try (var out = p.inputReader()) {
      waitFor(out, "c web - 1000 -");
      Files.delete(tree.root.resolve("proc/100/stat"));
      tree.container("web", 200, 2, "0::/new\n");
      waitFor(out, "c web - 2000 -");
    } finally {
      ScriptRunner.stop(p);
    }
  }

  @Test
  void hostFiguresComeStraightFromProc() {
    List<String> out = run(new FakeHostTree(dir, FakeHostTree.V2_MOUNTS), 1);

    assertThat(out).containsSubsequence("ferry-metrics 1", "cpus 2", "t 4000.25", "cpu 100 1 50 1000 10 2 3 4",
        "load 0.50 0.40 0.30", "mem 2048000 1024000");
    // lo is left out; a name glued to its counter ("eth0:1000000") still counts.
    assertThat(out).contains("net 1030000 204000");
  }

  @Test
  void dfRunsOnEveryNthTickAndAMissingStoreReadsAsUnknown() {
    FakeHostTree tree = new FakeHostTree(dir, FakeHostTree.V2_MOUNTS);
    List<String> measured = run(tree, 3);
    List<String> missing = ScriptRunner.firstBlocks(
        MetricsScript.command(FAST, dir.resolve("no-such-store").toString(), tree.runcRoot.toString(), tree.root.toString()), 1);

    assertThat(measured.stream().filter(l -> l.startsWith("disk ")).toList())
        .hasSize(2).allMatch(l -> l.matches("disk \\d+ \\d+ \\d+"));
    assertThat(missing).contains("disk - - -");
  }

  @Test
  void aDfThatHangsOnADeadStoreIsGivenUpWithinTwoSeconds() throws Exception {
    FakeHostTree tree = new FakeHostTree(dir, FakeHostTree.V2_MOUNTS);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path df = bin.resolve("df");
    Files.writeString(df, "#!/bin/sh\nexec sleep 60\n");
    df.toFile().setExecutable(true);

    long start = System.nanoTime();
    List<String> out = ScriptRunner.firstBlocks(command(tree), 1, bin);

    assertThat(out).contains("disk - - -");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void theScriptTextIsConstantAndEverythingVariableIsAnArgument() {
    Command c = MetricsScript.command(MetricsSettings.defaults());
    Command fast = MetricsScript.command(FAST);

    assertThat(c.argv()).containsExactly("sh", "-c", MetricsScript.TEXT, "ferry", "1", "5", "/var/lib/ferry", "/run/runc", "");
    assertThat(fast.argv().subList(4, 6)).containsExactly("0.1", "2");
    assertThat(MetricsScript.TEXT).doesNotContain("/var/lib/ferry", "/run/runc");
  }

  private List<String> run(FakeHostTree tree, int blocks) {
    return ScriptRunner.firstBlocks(command(tree), blocks);
  }

  private static Command command(FakeHostTree tree) {
    return MetricsScript.command(FAST, tree.store.toString(), tree.runcRoot.toString(), tree.root.toString());
  }

  private static void waitFor(java.io.BufferedReader out, String wanted) throws java.io.IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String line;
    while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
      if (line.equals(wanted)) {
        return;
      }
    }
    throw new AssertionError("the script never printed '" + wanted + "'");
  }
}
