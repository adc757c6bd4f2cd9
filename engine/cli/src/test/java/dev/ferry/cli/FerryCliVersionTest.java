package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.FerryVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FerryCliVersionTest {
  @TempDir
  Path dir;

  @Test
  void versionIsThePomsAsMavenFilteredIt() {
    assertThat(FerryVersion.current()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?").doesNotContain("${");
    assertThat(FerryVersion.nameAndVersion()).isEqualTo("Ferry " + FerryVersion.current());
  }

  @Test
  void dashDashVersionPrintsFerrysOneVersion() {
    StringWriter out = new StringWriter();
    CommandLine cl = new FerryCli(dir.resolve("ferry.log")).commandLine();
    cl.setOut(new PrintWriter(out));
    int code = cl.execute("--version");
    assertThat(code).isZero();
    assertThat(out.toString().strip()).isEqualTo("ferry " + FerryVersion.current());
    assertThat(dir.resolve("ferry.log")).as("asking for the version is no run worth a log").doesNotExist();
  }
}
