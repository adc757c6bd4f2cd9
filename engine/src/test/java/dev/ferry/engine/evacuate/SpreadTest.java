package dev.ferry.engine.evacuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {
  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;

  @Test
  void equalHostsShareTheContainersInsteadOfOneTakingAll() {
    List<HostLoad> hosts = List.of(new HostLoad("b", 4 * GIB, 8 * GIB, 0, 2), new HostLoad("c", 4 * GIB, 8 * GIB, 0, 2));
    var where = Spread.place(List.of(new Spread.Item("x", 64 * MIB), new Spread.Item("y", 64 * MIB), new Spread.Item("z", 64 * MIB),
        new Spread.Item("w", 64 * MIB)), hosts);
    assertThat(where.values()).containsExactlyInAnyOrder("b", "b", "c", "c");
  }

  @Test
  void theBiggestContainerGoesWhereTheMostMemoryIsFree() {
    List<HostLoad> hosts = List.of(new HostLoad("small", 1 * GIB, 2 * GIB, 0, 2), new HostLoad("big", 6 * GIB, 8 * GIB, 0, 2));
    var where = Spread.place(List.of(new Spread.Item("tiny", 10 * MIB), new Spread.Item("huge", 4 * GIB)), hosts);
    assertThat(where).containsEntry("huge", "big");
    assertThat(where.keySet()).as("in the order given").containsExactly("tiny", "huge");
  }

  @Test
  void aBusyHostGetsLessThanAnIdleOneWithTheSameMemory() {
    List<HostLoad> hosts = List.of(new HostLoad("busy", 4 * GIB, 8 * GIB, 4.0, 2), new HostLoad("idle", 4 * GIB, 8 * GIB, 0.1, 2));
    var where = Spread.place(List.of(new Spread.Item("a", 64 * MIB), new Spread.Item("b", 64 * MIB)), hosts);
    assertThat(where.values()).containsOnly("idle");
  }

  @Test
  void aSingleHostTakesEverythingAndNoHostPlacesNothing() {
    var one = Spread.place(List.of(new Spread.Item("a", 0), new Spread.Item("b", 0)), List.of(new HostLoad("b", GIB, GIB, 0, 1)));
    assertThat(one.values()).containsOnly("b");
    assertThat(Spread.place(List.of(new Spread.Item("a", 0)), List.of())).isEmpty();
  }

  @Test
  void procFiguresAreReadInBytesWithLoadPerProcessor() {
    HostLoad l = HostLoad.parse("b", "MemTotal:        8000000 kB\nMemAvailable:    6000000 kB\nloadavg 1.50\ncpus 2\n");
    assertThat(l).isEqualTo(new HostLoad("b", 6_000_000L * 1024, 8_000_000L * 1024, 1.5, 2));
    assertThat(l.loadPerCpu()).isEqualTo(0.75);
  }
}
