package dev.ferry.engine.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** iproute2's JSON as a lab host (Debian 12, iproute2 6.1) printed it on 2026-12-02. */
class IpJsonTest {
  static final String ADDR = "[{\"ifindex\":2,\"link_index\":3,\"ifname\":\"eth0\",\"flags\":[\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"],"
      + "\"mtu\":1500,\"qdisc\":\"tbf\",\"operstate\":\"UP\",\"group\":\"default\",\"txqlen\":1000,\"link_netnsid\":0,\"addr_info\":[{\"family\":\"inet\","
      + "\"local\":\"10.87.0.11\",\"prefixlen\":24,\"scope\":\"global\",\"label\":\"eth0\",\"valid_life_time\":4294967295,\"preferred_life_time\":4294967295}]},"
      + "{\"ifindex\":3,\"link_index\":2,\"ifname\":\"vca867d768c0\",\"flags\":[\"UP\"],\"mtu\":1500,\"addr_info\":[{\"family\":\"inet\","
      + "\"local\":\"169.254.1.1\",\"prefixlen\":32,\"scope\":\"global\",\"label\":\"vca867d768c0\"}]},"
      + "{\"ifindex\":30,\"ifname\":\"cni-podman0\",\"flags\":[\"NO-CARRIER\"],\"addr_info\":[{\"family\":\"inet\",\"local\":\"10.88.0.1\",\"prefixlen\":16,"
      + "\"broadcast\":\"10.88.255.255\",\"scope\":\"global\",\"label\":\"cni-podman0\"}]}]";
  static final String ROUTE_GET = "[{\"dst\":\"10.87.0.12\",\"dev\":\"eth0\",\"prefsrc\":\"10.87.0.11\",\"flags\":[],\"uid\":0,\"cache\":[]}]\n";
  static final String ROUTE_VIA = "[{\"dst\":\"8.8.8.8\",\"gateway\":\"10.87.0.1\",\"dev\":\"eth0\",\"prefsrc\":\"10.87.0.11\",\"flags\":[],"
      + "\"uid\":0,\"cache\":[]}]\n";
  // ip -j route show exact 10.87.100.10/32 on ferry-a with a container on it (2026-12-03).
  static final String ROUTE_SHOW = "[{\"dst\":\"10.87.100.10\",\"dev\":\"vca867d768c0\",\"scope\":\"link\",\"flags\":[]}]\n";
  // The same iproute2 (6.1.0) in a private network namespace, for the fields the lab's routes lack.
  static final String ROUTE_SHOW_FULL = "[{\"dst\":\"10.87.100.10\",\"dev\":\"lo\",\"protocol\":\"static\",\"scope\":\"link\","
      + "\"prefsrc\":\"127.0.0.1\",\"metric\":5,\"flags\":[]}]\n";
  static final String NEIGH_PROXY = "[{\"dst\":\"10.87.100.10\",\"dev\":\"lo\",\"proxy\":null}]\n";
  static final String DEFAULT_ROUTE = "[{\"dst\":\"default\",\"gateway\":\"169.254.1.1\",\"dev\":\"eth0\",\"flags\":[]}]\n";

  @Test
  void everyIpv4AddressOfEveryInterfaceInOrder() {
    assertThat(IpJson.addresses(ADDR)).extracting(IpJson.Address::withPrefix).containsExactly("10.87.0.11/24", "169.254.1.1/32", "10.88.0.1/16");
  }

  @Test
  void theRoutesSourceAndTheDefaultGateway() {
    assertThat(IpJson.preferredSource(ROUTE_GET)).contains("10.87.0.11");
    assertThat(IpJson.defaultGateway(DEFAULT_ROUTE)).contains("169.254.1.1");
    assertThat(IpJson.defaultGateway(ROUTE_GET)).isEmpty();
  }

  @Test
  void noRouteOrAnIpWithoutJsonGivesNothingRatherThanAGuess() {
    assertThat(IpJson.preferredSource("")).isEmpty();
    assertThat(IpJson.preferredSource("RTNETLINK answers: Network is unreachable")).isEmpty();
    assertThat(IpJson.addresses("2: eth0    inet 10.87.0.11/24 brd 10.87.0.255 scope global eth0")).isEmpty();
  }

  @Test
  void aRouteReachesDirectlyOnlyWithoutAGateway() {
    assertThat(IpJson.directDevice(ROUTE_GET)).contains("eth0");
    assertThat(IpJson.directDevice(ROUTE_VIA)).isEmpty();
    assertThat(IpJson.directDevice("[]")).isEmpty();
  }

  @Test
  void theProxyArpEntryOfAnAddress() {
    assertThat(IpJson.proxyDevice(NEIGH_PROXY, "10.87.100.10")).contains("lo");
    assertThat(IpJson.proxyDevice(NEIGH_PROXY, "10.87.100.1")).isEmpty();
    assertThat(IpJson.proxyDevice("[]\n", "10.87.100.10")).isEmpty();
  }

  @Test
  void aShownRouteBecomesTheArgumentsThatPutItBack() {
    // What ip -o route show exact printed for the same routes, word by word.
    assertThat(IpJson.firstRouteArguments(ROUTE_SHOW)).contains(List.of("10.87.100.10", "dev", "vca867d768c0", "scope", "link"));
    assertThat(IpJson.firstRouteArguments(ROUTE_SHOW_FULL))
        .contains(List.of("10.87.100.10", "dev", "lo", "proto", "static", "scope", "link", "src", "127.0.0.1", "metric", "5"));
    assertThat(IpJson.firstRouteArguments(ROUTE_VIA).orElseThrow()).containsSubsequence("8.8.8.8", "via", "10.87.0.1", "dev", "eth0");
    assertThat(IpJson.firstRouteArguments("[]")).isEmpty();
  }
}
