package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How TrafficMove reads its scripts' ip -j output (captured on the lab's ferry-a, iproute2 6.1.0, 2026-12-03). */
class TrafficMoveRoutesTest {
  private static final String DIRECT = "[{\"dst\":\"10.87.0.12\",\"dev\":\"eth0\",\"prefsrc\":\"10.87.0.11\",\"flags\":[],\"uid\":0,\"cache\":[]}]";
  private static final String VIA = "[{\"dst\":\"8.8.8.8\",\"gateway\":\"10.87.0.1\",\"dev\":\"eth0\",\"prefsrc\":\"10.87.0.11\",\"flags\":[],"
      + "\"uid\":0,\"cache\":[]}]";

  @Test
  void theHopIsTheFirstCandidateReachedWithoutAGateway() {
    List<String> look = List.of("route 8.8.8.8 " + VIA, "route 10.87.0.99 []", "route 10.87.0.12 " + DIRECT, "proxy []");
    assertThat(TrafficMove.directHop(look)).hasValueSatisfying(h -> assertThat(h).containsExactly("10.87.0.12", "eth0"));
    assertThat(TrafficMove.directHop(List.of("route 8.8.8.8 " + VIA, "proxy []"))).isEmpty();
  }

  @Test
  void theUndoPutsBackEachRouteAsItWas() {
    String out = "[{\"dst\":\"10.87.100.10\",\"dev\":\"vca867d768c0\",\"scope\":\"link\",\"flags\":[]}]\n[]\n";
    assertThat(TrafficMove.undoRoutes(out, "ferry-a")).isEqualTo("10.87.100.10,dev,vca867d768c0,scope,link");
    assertThat(TrafficMove.undoRoutes("[]\n[]\n", "ferry-a")).isEmpty();
  }

  @Test
  void aRouteFieldTheUndoCouldNotQuoteIsRefusedBeforeTheFreeze() {
    String out = "[{\"dst\":\"10.87.100.10\",\"dev\":\"v$(reboot)\",\"flags\":[]}]\n";
    assertThatThrownBy(() -> TrafficMove.undoRoutes(out, "ferry-a")).isInstanceOf(MigrationException.class)
        .hasMessageContaining("ferry-a").hasMessageContaining("v$(reboot)");
  }
}
