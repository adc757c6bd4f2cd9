package dev.ferry.engine.probe;

import static org.assertj.core.api.Assertions.assertThat;

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
}
