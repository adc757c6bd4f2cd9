package dev.ferry.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientLogTest {
  @Test
  void theClientsFeltTheLongestWaitOfARequestUnderWayDuringTheMove() {
    ClientLog log = ClientLog.parse("""
        req 1 1000 1004 ok 20
        req 2 1050 1800 ok 20
        req 3 1100 1810 FAIL reset
        req 4 1900 1903 ok 20
        load done sent=4 ok=3 failed=1 max_ms=750 download=none
        """);
    ClientLog.Window w = log.window(1040, 1700);
    assertThat(w.longestMs()).isEqualTo(750);
    assertThat(w.failed()).isEqualTo(1);
    assertThat(log.window(1850, 2000)).isEqualTo(new ClientLog.Window(3, 0));
  }
}
