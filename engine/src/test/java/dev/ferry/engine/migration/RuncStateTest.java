package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** runc state's JSON, read with the engine's mapper. */
class RuncStateTest {
  @Test
  void readsStatusAndPidFromRuncStateJson() {
    RuncState s = RuncState.parse("""
        {
          "ociVersion": "1.0.2-dev",
          "id": "counter",
          "pid": 4242,
          "status": "paused",
          "bundle": "/var/lib/ferry/containers/counter"
        }""");

    assertThat(s.paused()).isTrue();
    assertThat(s.pid()).isEqualTo(4242);
  }

  @Test
  void garbledOutputIsUnknownNotAbsent() {
    RuncState s = RuncState.parse("runc: oops");

    assertThat(s.known()).isFalse();
    assertThat(s.absent()).isFalse();
  }
}
