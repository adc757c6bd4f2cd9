package dev.ferry.e2e.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.PwnedMarker;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.HostileStrings;
import dev.ferry.engine.ssh.SshHost;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Strings that would run, split, glob or turn into options if a shell saw them raw reach a real
 * host's programs as single, unchanged arguments through SSH, and none of them runs anything there.
 */
@RequiresLab
class HostilePathsLabTest {
  private static final String HOST = "ferry-a";

  @RegisterExtension
  static final LabSession session = new LabSession();
  private SshHost host;
  private PwnedMarker marker;
  private String base;

  @BeforeEach
  void connect() {
    host = session.lab().connect(HOST, session.threads());
    marker = PwnedMarker.fresh();
    base = "/tmp/ferry-hostile-" + UUID.randomUUID();
  }

  @AfterEach
  void cleanUp() {
    try {
      session.lab().exec(HOST, "rm", "-rf", "--", base);
      marker.removeFrom(session.lab(), HOST);
    } finally {
      host.close();
    }
  }

  @Test
  void hostileArgumentsArriveAsOneUnchangedWordEach() {
    for (String hostile : hostiles()) {
      // printf prints each argument followed by NUL: exactly one argument back, byte for byte.
      ExecResult echoed = host.exec(Command.of("printf", "%s\\0", hostile));
      assertThat(echoed.stdout()).as("printf of %s", hostile).isEqualTo(hostile + "\0");
    }
    assertThat(marker.existsOn(session.lab(), HOST)).as("%s exists: a hostile string ran a command on %s", marker.path(), HOST).isFalse();
  }

  @Test
  void lsLooksForEachHostileNameAsALiteralFileAndFindsNone() {
    for (String hostile : hostiles()) {
      ExecResult ls = host.exec(Command.of("ls", "--", hostile));
      // A glob that expanded (/etc/*) would list files and succeed; a literal name does not exist.
      assertThat(ls.exitCode()).as("ls -- %s: %s", hostile, ls.stdout()).isEqualTo(2);
      assertThat(ls.stderr()).as("ls -- %s", hostile).contains("No such file or directory");
    }
    assertThat(marker.existsOn(session.lab(), HOST)).as("%s exists: a hostile string ran a command on %s", marker.path(), HOST).isFalse();
  }

  @Test
  void hostilePathsBecomeExactlyTheseDirectoriesOnTheHost() {
    for (String hostile : hostiles()) {
      String path = base + "/" + hostile;
      assertThat(host.exec(Command.of("mkdir", "-p", "--", path)).exitCode()).as("mkdir -p %s", path).isZero();
      assertThat(host.exec(Command.script("test -d \"$1\"", path)).exitCode()).as("test -d %s", path).isZero();
    }
    // What the host now has under base, NUL-separated so that names with newlines stay whole.
    ExecResult listing = host.exec(Command.of("find", base, "-mindepth", "1", "-maxdepth", "1", "-printf", "%f\\0"));
    Set<String> made = Arrays.stream(listing.stdout().split("\0")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());

    assertThat(made).isEqualTo(hostiles().stream().map(HostilePathsLabTest::firstComponent)
        .filter(s -> !s.isEmpty()).collect(Collectors.toSet()));
    assertThat(marker.existsOn(session.lab(), HOST)).as("%s exists: a hostile string ran a command on %s", marker.path(), HOST).isFalse();
  }

  @Test
  void markerCheckSeesAFileMadeOverSsh() {
    // The check above could pass by looking in the wrong place; here it must see the file.
    host.exec(Command.of("touch", marker.path())).orThrow(HOST, Command.of("touch"));
    assertThat(marker.existsOn(session.lab(), HOST)).isTrue();
  }

  private List<String> hostiles() {
    return HostileStrings.all(marker.path());
  }

  /** mkdir -p BASE/h makes, directly under BASE, the first non-empty part of h. */
  private static String firstComponent(String hostile) {
    return Arrays.stream(hostile.split("/")).filter(s -> !s.isEmpty()).findFirst().orElse("");
  }
}
