package dev.ferry.installers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * jpackage's argument files cannot include app/jvm.options, so the installed app's JVM options are
 * written out again in src/jpackage/app.args; this keeps the two the same.
 */
class JpackageArgsTest {
  @Test
  void installedAppRunsWithTheJvmOptionsOfAppJvmOptions() throws Exception {
    List<String> wanted = Files.readAllLines(Path.of(System.getProperty("ferry.jvm.options"))).stream()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    List<String> args = Files.readAllLines(Path.of(System.getProperty("ferry.jpackage.args")));
    List<String> given = new ArrayList<>();
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals("--java-options")) {
        given.add(args.get(i + 1).strip());
      }
    }
    // Beside app/jvm.options: the app's log level, and its SLF4J backend named (the CLI's is in the same folder of jars)
    // without SLF4J saying so on every start.
    assertThat(given).containsSubsequence(wanted).hasSize(wanted.size() + 3)
        .contains("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
            "-Dslf4j.internal.verbosity=WARN");
  }

  @Test
  void packageVersionIsThePomsWithoutItsQualifier() throws Exception {
    List<String> args = Files.readAllLines(Path.of(System.getProperty("ferry.jpackage.args")).resolveSibling("package.args"));
    String version = args.get(args.indexOf("--app-version") + 1);
    assertThat(version).matches("\\d+\\.\\d+\\.\\d+");
    assertThat(System.getProperty("ferry.version")).startsWith(version);
  }
}
