package dev.ferry.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"before-upgrade", "v1.2", "a", "nightly_2026+1", ".hidden-but-fine"})
  void acceptsWhatRuncAcceptsForContainerNames(String name) {
    assertThat(CheckpointName.of(name).value()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "-rf", "a/b", "../x", "two words", "semi;colon", "new\nline", "$(id)"})
  void refusesNamesThatCouldEscapeTheCheckpointFolderOrConfuseAShell(String name) {
    assertThatThrownBy(() -> CheckpointName.of(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a valid checkpoint name")
        .hasMessageContaining("letters, digits and _ + - .");
  }

  @ParameterizedTest
  @ValueSource(ints = {128, 129})
  void sharesTheContainerNameLengthLimit(int length) {
    String name = "c".repeat(length);
    if (length <= 128) {
      assertThat(CheckpointName.of(name).value()).hasSize(length);
    } else {
      assertThatThrownBy(() -> CheckpointName.of(name)).hasMessageContaining("checkpoint name");
    }
  }

  @Test
  void refusesNull() {
    assertThatThrownBy(() -> CheckpointName.of(null)).hasMessageContaining("'null' is not a valid checkpoint name");
  }
}
