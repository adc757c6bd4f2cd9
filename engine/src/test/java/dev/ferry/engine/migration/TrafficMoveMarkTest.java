package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrafficMoveMarkTest {
  /** Marks others set on the same hosts: CNI portmap's masquerade bit, kube-proxy's masquerade and drop bits, Cilium's, Weave's. */
  private static final int OTHERS = 0x2000 | 0x4000 | 0x8000 | 0x0f00 | 0x60000;

  @Test
  void aMigrationsMarkStaysInFerrysBitsWhateverItsId() throws Exception {
    for (String id : IntStream.range(0, 2000).mapToObj(i -> "m-" + i).toList()) {
      String[] mark = move(id).fwmark().split("/");
      int value = Integer.decode(mark[0]);
      assertThat(Integer.decode(mark[1])).isEqualTo(TrafficMove.MARK_MASK);
      assertThat(value).as(id).isNotZero();
      assertThat(value & ~TrafficMove.MARK_MASK).as(id).isZero();
      assertThat(value & OTHERS).as(id).isZero();
    }
  }

  @Test
  void theTableIsBelowTheMainTablesPriority() throws Exception {
    for (String id : List.of("a", "b", "2026-12-02T17:00:00Z-web")) {
      assertThat(move(id).table()).isBetween(1000, 30999);
    }
  }

  private static TrafficMove move(String id) throws Exception {
    Constructor<TrafficMove> c = TrafficMove.class.getDeclaredConstructor(String.class, String.class, List.class, TrafficMove.Mode.class,
        String.class, String.class, String.class, String.class);
    c.setAccessible(true);
    return c.newInstance(id, "web", List.of("10.87.0.150"), TrafficMove.Mode.ON_LINK, "10.87.0.12", "eth0", "eth0", "vweb");
  }
}
