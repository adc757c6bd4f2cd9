package dev.ferry.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellQuoteTest {

  @Test
  void plainWordsStayReadable() {
    assertThat(ShellQuote.quote("runc")).isEqualTo("runc");
    assertThat(ShellQuote.quote("/var/lib/ferry/containers/web-1")).isEqualTo("/var/lib/ferry/containers/web-1");
  }

  @Test
  void emptyAndSpecialArgumentsAreSingleQuoted() {
    assertThat(ShellQuote.quote("")).isEqualTo("''");
    assertThat(ShellQuote.quote("a b")).isEqualTo("'a b'");
    assertThat(ShellQuote.quote("it's")).isEqualTo("'it'\\''s'");
  }

  @Test
  void nulCannotBePassed() {
    assertThatThrownBy(() -> ShellQuote.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyHostileStringReachesARealShellAsOneInertWord(@TempDir Path dir) throws Exception {
    Path marker = dir.resolve("pwned");
    for (String hostile : HostileStrings.all(marker.toString())) {
      // printf prints each argument on its own line: one line back means one word, unchanged.
      Command c = Command.of("printf", "%s\\0", hostile);
      Process p = new ProcessBuilder("sh", "-c", c.toShell()).directory(dir.toFile()).start();
      assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(out).as("shell saw %s", hostile).isEqualTo(hostile + "\0");
    }
    assertThat(Files.exists(marker)).as("a hostile string ran a command").isFalse();
  }

  @Test
  void scriptArgumentsArePositionalNotPartOfTheScript(@TempDir Path dir) throws Exception {
    Path marker = dir.resolve("pwned");
    Command c = Command.script("printf '%s|' \"$@\"", "$(touch " + marker + ")", "two words");
    Process p = new ProcessBuilder("sh", "-c", c.toShell()).start();
    assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out).isEqualTo("$(touch " + marker + ")|two words|");
    assertThat(Files.exists(marker)).isFalse();
  }

  @Test
  void commandLabelNamesTheProgramForMessages() {
    assertThat(Command.of("runc", "list", "--format", "json").label()).isEqualTo("runc list");
    assertThat(Command.script("echo hi").label()).isEqualTo("sh -c 'echo hi'");
    assertThat(Command.of(List.of("criu")).toShell()).isEqualTo("criu");
  }
}
