package dev.ferry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.FerryVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FerryCliVersionTest {
  @Test
  void versionIsThePomsAsMavenFilteredIt() {
    assertThat(FerryVersion.current()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?").doesNotContain("${");
    assertThat(FerryVersion.nameAndVersion()).isEqualTo("Ferry " + FerryVersion.current());
  }

  @Test
  void dashDashVersionPrintsFerrysOneVersion() {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new FerryCli());
    cl.setOut(new PrintWriter(out));
    int code = cl.execute("--version");
    assertThat(code).isZero();
    assertThat(out.toString().strip()).isEqualTo("ferry " + FerryVersion.current());
  }
}
