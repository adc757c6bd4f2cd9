package dev.ferry.installers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the packages' tests share: where the build put the app-image and the .deb, the version they
 * should say, and running a command with a time limit. On anything but Linux they are skipped, with why.
 */
final class Dist {
  static final String VERSION = System.getProperty("ferry.version");
  static final Path DIST = Path.of(System.getProperty("ferry.dist"));
  static final Path ICONS = Path.of(System.getProperty("ferry.icons"));
  static final Path WORK = Path.of(System.getProperty("ferry.work"));
  static final Path APP_IMAGE = DIST.resolve("ferry-app");

  private Dist() {}

  static void assumeLinux() {
    String os = System.getProperty("os.name");
    assumeTrue(os.equals("Linux"), () -> "the app-image and .deb tests run on Linux only (this is " + os
        + "); build this OS's installer with ./mvnw -pl installers -am package (installers/README.md)");
  }

  static Path deb() throws IOException {
    try (var s = Files.list(DIST)) {
      List<Path> debs = s.filter(p -> p.getFileName().toString().matches("ferry_.*_amd64\\.deb|ferry_.*_arm64\\.deb")).toList();
      assertThat(debs).as("one ferry .deb in %s", DIST).hasSize(1);
      return debs.get(0);
    }
  }

  record Result(int exit, String out) {}

  /** Runs {@code command}, stdout and stderr together; fails the test if it runs past {@code limit}. */
  static Result run(List<String> command, Duration limit, Map<String, String> env) throws IOException, InterruptedException {
    Files.createDirectories(WORK);
    Path log = Files.createTempFile(WORK, "run", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " ran past " + limit.toSeconds() + " s; its output:\n" + Files.readString(log));
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    return new Result(p.exitValue(), out);
  }

  static Result run(Duration limit, String... command) throws IOException, InterruptedException {
    return run(new ArrayList<>(List.of(command)), limit, Map.of());
  }

  /** A tool the test needs; without it the test fails saying which package has it (./ferry prepare installs them). */
  static void need(String tool, String debianPackage) throws IOException, InterruptedException {
    Result r = run(Duration.ofSeconds(10), "sh", "-c", "command -v " + tool);
    assertThat(r.exit()).as("%s is missing: apt-get install %s (./ferry prepare installs it)", tool, debianPackage).isZero();
  }
}
