package dev.ferry.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.e2e.cli.InProcessCli;
import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ferry bench} in its smallest shape: one round of every method on the idle counter, on the real lab.
 * The files are written, each run's figures agree with each other (the freeze the workload felt is never shorter
 * than CRIU's own frozen time, the script's steps add up to its frozen time, post-copy's last page comes after its
 * freeze), pre-copy is measured or refused with the pre-flight's reason, and the lab is left as it was. No figure
 * is held to a target here: targets are judged in BENCHMARKS.md.
 */
@RequiresLab
class FreezeBenchLabTest {
  private static final long TICK_MS = 20;

  @RegisterExtension
  static final LabSession session = new LabSession();

  @TempDir
  Path out;

  @Test
  void oneRoundOfEveryMethodOnTheIdleCounterWritesConsistentFigures() throws Exception {
    InProcessCli.Run run = InProcessCli.ferry("bench", "--workloads", "idle", "--runs", "1", "--out", out.toString(), "--benchmarks",
        out.resolve("BENCHMARKS.md").toString(), "--lab-script", Lab.LAB_SH.toString(), "--workload-bin",
        Lab.REPO.resolve("native/target/bin").toString());
    System.out.println(run.out());
    assertThat(run.exitCode()).as(run.out()).isZero();

    List<JsonNode> runs = Files.readAllLines(out.resolve("freeze-runs.jsonl")).stream().map(FreezeBenchLabTest::json).toList();
    Map<String, JsonNode> byMethod = runs.stream().collect(Collectors.toMap(r -> r.get("method").asText(), r -> r));
    assertThat(byMethod).containsOnlyKeys("ferry-auto", "stop-and-copy", "post-copy", "pre-copy", "script", "podman");

    JsonNode pre = byMethod.get("pre-copy");
    assertThat(pre.get("outcome").asText()).isIn("ok", "refused");
    if (pre.get("outcome").asText().equals("refused")) {
      assertThat(pre.get("reason").asText()).as("the pre-flight's reason").contains("pre-copy");
    }
    for (String m : List.of("ferry-auto", "stop-and-copy", "post-copy", "script", "podman")) {
      JsonNode r = byMethod.get(m);
      assertThat(r.get("outcome").asText()).as(m + ": " + r.get("reason").asText()).isEqualTo("ok");
      long felt = r.get("feltFreezeMs").asLong();
      assertThat(felt).as(m + ": the workload felt a freeze").isGreaterThan(TICK_MS);
      assertThat(felt).as(m + ": no longer than the whole move").isLessThanOrEqualTo(r.get("totalMs").asLong() + 2 * TICK_MS);
      assertThat(r.get("ticksContinuous").asBoolean()).as(m + ": the counter neither restarted nor lost a tick").isTrue();
      JsonNode criu = r.get("criu");
      if (criu.hasNonNull("frozenUs")) {
        assertThat(felt).as(m + ": felt against CRIU's own frozen time").isGreaterThanOrEqualTo(criu.get("frozenUs").asLong() / 1000);
      }
      assertThat(r.get("phasesMs").size()).as(m + ": its phases").isPositive();
    }
    for (String m : List.of("stop-and-copy", "script", "podman")) {
      assertThat(byMethod.get(m).get("criu").hasNonNull("frozenUs")).as(m + " has CRIU's dump statistics").isTrue();
    }
    JsonNode post = byMethod.get("post-copy");
    assertThat(post.get("lastPageMs").asLong()).as("the last page arrives after the freeze's end")
        .isGreaterThanOrEqualTo(post.get("methodFrozenMs").asLong());
    JsonNode script = byMethod.get("script");
    long steps = 0;
    for (JsonNode v : script.get("phasesMs")) {
      steps += v.asLong();
    }
    assertThat(steps).as("the script's steps add up to its frozen time").isBetween(script.get("methodFrozenMs").asLong() - 3,
        script.get("methodFrozenMs").asLong());

    JsonNode results = json(Files.readString(out.resolve("freeze-results.json")));
    assertThat(results.get("rows")).hasSize(6);
    assertThat(results.get("conditions").get(0).get("link").asText()).as("the shaped link is recorded").isNotBlank();
    for (JsonNode row : results.get("rows")) {
      if (row.get("method").asText().equals("script")) {
        assertThat(row.get("ratioToScript").asDouble()).isEqualTo(1.0);
      }
      if (row.get("ok").asInt() == 1) {
        assertThat(row.get("feltMedianMs").asLong()).isEqualTo(byMethod.get(row.get("method").asText()).get("feltFreezeMs").asLong());
      }
    }
    assertThat(Files.readString(out.resolve("freeze-results.md"))).contains("## idle").contains("| script | 1/1 |");
    assertThat(Files.readString(out.resolve("BENCHMARKS.md"))).contains("| idle |").contains("Issue #11's targets")
        .contains("cited, not measured here");

    for (SshHost h : List.of(session.a(), session.b())) {
      assertThat(h.exec(Command.of("runc", "list", "-q")).stdout()).as("no bench container left on " + h.name()).doesNotContain("bench-");
      assertThat(h.exec(Command.of("podman", "ps", "-a", "--format", "{{.Names}}")).stdout()).doesNotContain("benchpod-");
      assertThat(h.exec(Command.of("podman", "images", "--format", "{{.Repository}}")).stdout()).doesNotContain("ferry-bench");
    }
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
