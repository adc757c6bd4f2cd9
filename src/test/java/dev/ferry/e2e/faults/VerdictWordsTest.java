package dev.ferry.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictWordsTest {
  @Test
  void aReportThatNamesTheWrongHostIsCaught() {
    assertThat(Verdict.wordsProblems("The container was brought back on ferry-a.", "c1", "ferry-b"))
        .containsExactly("the report says \"brought back on ferry-a\" but c1 runs on ferry-b");
  }

  @Test
  void aReportThatNamesTheRightHostPasses() {
    assertThat(Verdict.wordsProblems("c1 runs on ferry-b; remove the leftovers on ferry-a with ferry recover.", "c1", "ferry-b")).isEmpty();
  }

  @Test
  void adviceThatSaysBothThatRollingBackDidNotFinishAndWhereTheContainerIsContradictsItself() {
    assertThat(Verdict.wordsProblems("Rolling back did not finish: x. The container was brought back on ferry-a.", "c1", "ferry-a"))
        .anyMatch(p -> p.contains("contradicts itself"));
  }
}
