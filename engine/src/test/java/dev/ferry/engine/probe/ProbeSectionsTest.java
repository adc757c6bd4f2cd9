package dev.ferry.engine.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbeSectionsTest {
  @Test
  void splitsSectionsWithTheirExitStatus() {
    ProbeSections s = ProbeSections.split("""
        @@ferry-probe begin criu-version
        Version: 4.2.1
        @@ferry-probe end criu-version 0
        @@ferry-probe begin criu-feature.mem_dirty_track
        Warn  (criu/cr-check.c:824): Dirty tracking is OFF. Memory snapshot will not work.
        @@ferry-probe end criu-feature.mem_dirty_track 1
        """);

    assertThat(s.body("criu-version")).isEqualTo("Version: 4.2.1\n");
    assertThat(s.get("criu-version").orElseThrow().ok()).isTrue();
    assertThat(s.get("criu-feature.mem_dirty_track").orElseThrow().exitStatus()).isEqualTo(1);
    assertThat(s.get("podman-version")).isEmpty();
    assertThat(s.body("podman-version")).isEmpty();
  }

  @Test
  void aSectionWithoutItsEndWasCutShort() {
    ProbeSections s = ProbeSections.split("""
        @@ferry-probe begin criu-check
        Looks
        @@ferry-probe begin runc-version
        runc version 1.1.5+ds1
        """);

    assertThat(s.get("criu-check").orElseThrow().exitStatus()).isEqualTo(ProbeSections.UNFINISHED);
    assertThat(s.get("runc-version").orElseThrow().exitStatus()).isEqualTo(ProbeSections.UNFINISHED);
    assertThat(s.body("runc-version")).isEqualTo("runc version 1.1.5+ds1\n");
  }

  @Test
  void anEndLineForAnotherSectionIsJustText() {
    ProbeSections s = ProbeSections.split("@@ferry-probe begin a\n@@ferry-probe end b 0\n@@ferry-probe end a 0\n");

    assertThat(s.body("a")).isEqualTo("@@ferry-probe end b 0\n");
    assertThat(s.get("a").orElseThrow().ok()).isTrue();
  }

  @Test
  void keyValuesUnquoteOsReleaseValues() {
    ProbeSections s = ProbeSections.split("""
        @@ferry-probe begin os-release
        PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
        VERSION_CODENAME=bookworm
        @@ferry-probe end os-release 0
        """);

    assertThat(s.keyValues("os-release"))
        .containsEntry("PRETTY_NAME", "Debian GNU/Linux 12 (bookworm)")
        .containsEntry("VERSION_CODENAME", "bookworm");
  }

  @Test
  void windowsLineEndsFromAnOddShellAreTolerated() {
    ProbeSections s = ProbeSections.split("@@ferry-probe begin system\r\nkernel=6.1.0\r\n@@ferry-probe end system 0\r\n");

    assertThat(s.keyValues("system")).containsEntry("kernel", "6.1.0");
  }
}
