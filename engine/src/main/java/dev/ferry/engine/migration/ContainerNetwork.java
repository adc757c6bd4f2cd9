package dev.ferry.engine.migration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.FerryPaths;
import dev.ferry.engine.probe.IpJson;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A container that keeps its address across hosts: its runc config joins a named network namespace
 * (/run/netns/NAME) in which eth0 holds /32 addresses behind a link-local gateway, the host routing
 * each address to the container's veth (the routed model of Calico and the Ferry lab). runc restores
 * such a container into the namespace it finds, so the destination must have an identical one before
 * the restore, or every TCP socket fails with "Network is unreachable" (field notes §4). Ferry reads
 * the addresses on the source and builds the same namespace on the destination; moving the route
 * towards the new host is the network's job (the lab's `route`).
 */
final class ContainerNetwork {
  private static final String NETNS_DIR = "/run/netns/";

  // Two lines of JSON (ip -j prints each answer on one line): eth0's addresses, then the default route.
  private static final String READ = """
      ns=$1
      ip -n "$ns" -j -4 addr show dev eth0 && echo && ip -n "$ns" -j -4 route show default
      """;

  private static final String CREATE = """
      set -e
      ns=$1; veth=$2; gw=$3; shift 3
      ip netns del "$ns" 2>/dev/null || true
      ip link del "$veth" 2>/dev/null || true
      ip netns add "$ns"
      ip -n "$ns" link set lo up
      ip link add "$veth" type veth peer name eth0 netns "$ns"
      for a in "$@"; do ip -n "$ns" addr add "$a" dev eth0; done
      ip -n "$ns" link set eth0 up
      ip -n "$ns" route add "$gw" dev eth0 scope link
      ip -n "$ns" route add default via "$gw" dev eth0
      ip addr add "$gw/32" dev "$veth"
      ip link set "$veth" up
      for a in "$@"; do ip route replace "${a%/*}/32" dev "$veth"; done
      """;

  /** $1: a named network namespace; removes it and the host-side ends of its veth pairs. */
  static final String DELETE = """
      ns=$1
      for v in $(ip -o link show type veth | sed -n 's/^[0-9]*: \\([^@:]*\\)@.*link-netns '"$ns"'$/\\1/p'); do ip link del "$v"; done
      ip netns del "$ns" 2>/dev/null; true
      """;

  record Layout(String namespace, List<String> addresses, String gateway) {}

  private ContainerNetwork() {}

  /** The container's named network namespace and its addresses, if its config joins one. */
  static Optional<Layout> read(RemoteHost source, ContainerName ct) {
    ExecResult config = source.exec(Command.of("cat", FerryPaths.bundle(ct) + "/config.json"));
    Optional<String> ns = namespaceOf(config.stdout());
    if (!config.ok() || ns.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(readNamespace(source, ct, ns.get()));
  }

  /** The addresses and gateway in the named namespace {@code ns} on the source, which the container {@code ct} joins. */
  static Layout readNamespace(RemoteHost source, ContainerName ct, String namespace) {
    String ns = plainName(namespace);
    ExecResult r = source.exec(Command.script(READ, ns));
    List<String> lines = r.stdout().lines().filter(l -> !l.isBlank()).toList();
    List<String> addresses = lines.isEmpty() ? List.of() : IpJson.addresses(lines.get(0)).stream().map(IpJson.Address::withPrefix).toList();
    String gateway = lines.size() < 2 ? "" : IpJson.defaultGateway(lines.get(1)).orElse("");
    if (!r.ok() || addresses.isEmpty() || gateway.isEmpty()) {
      throw new MigrationException(ct + " joins the network namespace " + ns + " on " + source.name()
          + ", but Ferry cannot read its address and gateway there.", "Check that eth0 in " + ns + " has an address and a default route.");
    }
    return new Layout(ns, addresses, gateway);
  }

  static Optional<String> namespaceOf(String configJson) {
    try {
      for (JsonNode n : Json.MAPPER.readTree(configJson).path("linux").path("namespaces")) {
        String path = n.path("path").asText("");
        if (n.path("type").asText().equals("network") && path.startsWith(NETNS_DIR)) {
          return Optional.of(plainName(path.substring(NETNS_DIR.length())));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  // The name travels to the watchdog's scripts on the destination through ssh's command line: only plain names.
  private static String plainName(String name) {
    if (!name.matches("[A-Za-z0-9_.+-]{1,64}") || name.startsWith("-") || name.startsWith(".")) {
      throw new MigrationException("The network namespace '" + name + "' the container joins is not a plain name.",
          "Give the namespace a name of letters, digits, '.', '_', '+' or '-'.");
    }
    return name;
  }

  /** Builds the same namespace on the destination, with a host-side veth whose name derives from it. */
  static void create(RemoteHost host, Layout layout) {
    String veth = vethOf(layout.namespace());
    Command c = Command.script(CREATE, layout.namespace(), veth, layout.gateway()).with(layout.addresses().toArray(String[]::new));
    host.exec(c).orThrow(host.name(), c);
  }

  /** The host-side end of the namespace's link. */
  static String vethOf(String namespace) {
    return "fy" + Integer.toHexString(namespace.hashCode() & 0x7fffffff);
  }

  static void delete(RemoteHost host, Layout layout) {
    host.exec(Command.script(DELETE, layout.namespace()));
  }
}
