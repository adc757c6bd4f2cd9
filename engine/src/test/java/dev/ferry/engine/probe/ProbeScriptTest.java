package dev.ferry.engine.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The shipped script, run for real under dash (Debian's /bin/sh), agrees with this machine's /proc. */
@EnabledOnOs(OS.LINUX)
class ProbeScriptTest {
  private static final Path DASH = Path.of("/bin/dash");

  private static String runLocally() throws Exception {
    assumeTrue(Files.isExecutable(DASH), "dash is not installed here");
    List<String> argv = new ArrayList<>(ProbeScript.command().argv());
    argv.set(0, DASH.toString());
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(HostProbe.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void runsUnderDashAndMatchesProc() throws Exception {
    HostFacts facts = ProbeParser.parse(runLocally());

    assertThat(facts.kernel()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
    assertThat(facts.hostname()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
    String memTotal = Files.readAllLines(Path.of("/proc/meminfo")).stream()
        .filter(l -> l.startsWith("MemTotal:")).findFirst().orElseThrow();
    assertThat(facts.memory().totalBytes()).isEqualTo(Long.parseLong(memTotal.replaceAll("\\D", "")) * 1024);
    assertThat(facts.cpu().cores()).isPositive();
    assertThat(facts.disk().totalBytes()).isPositive();
    assertThat(facts.cgroup()).isNotEqualTo(CgroupVersion.NONE);
  }

  @Test
  void everySectionIsClosed() throws Exception {
    String out = runLocally();

    long begins = out.lines().filter(l -> l.startsWith(ProbeSections.MARKER + "begin ")).count();
    long ends = out.lines().filter(l -> l.startsWith(ProbeSections.MARKER + "end ")).count();
    assertThat(begins).isGreaterThanOrEqualTo(8).isEqualTo(ends);
  }
}
