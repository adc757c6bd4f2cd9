package dev.ferry.engine.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What iproute2 prints with {@code -j} (JSON, iproute2 4.14 and later), read with the engine's mapper:
 * the one place the engine reads {@code ip} output. Text output is never scraped; a line of output that
 * is not JSON reads as no answer.
 */
public final class IpJson {
  /** One IPv4 address of an interface, as {@code ip -j addr} lists it. */
  public record Address(String local, int prefixLength) {
    /** {@code 10.87.100.10/32}. */
    public String withPrefix() {
      return local + "/" + prefixLength;
    }
  }

  private IpJson() {}

  /** Every IPv4 address in {@code ip -j -4 addr show ...}'s output, interface by interface. */
  public static List<Address> addresses(String json) {
    List<Address> out = new ArrayList<>();
    for (JsonNode link : array(json)) {
      for (JsonNode a : link.path("addr_info")) {
        if (a.path("family").asText().equals("inet") && a.hasNonNull("local")) {
          out.add(new Address(a.path("local").asText(), a.path("prefixlen").asInt(32)));
        }
      }
    }
    return out;
  }

  /** The source address the kernel would use, from {@code ip -j route get ADDRESS}. */
  public static Optional<String> preferredSource(String json) {
    return first(json, "prefsrc");
  }

  /** The gateway of the default route, from {@code ip -j route show default}. */
  public static Optional<String> defaultGateway(String json) {
    return first(json, "gateway");
  }

  /**
   * The device of a route from {@code ip -j route get ADDRESS} that reaches the address directly (no
   * gateway between); empty when it goes through a gateway or there is no route.
   */
  public static Optional<String> directDevice(String json) {
    for (JsonNode route : array(json)) {
      if (!route.hasNonNull("gateway") && !text(route, "dev").isEmpty()) {
        return Optional.of(text(route, "dev"));
      }
    }
    return Optional.empty();
  }

  /** The device this host answers ARP for {@code address} on, from {@code ip -j neigh show proxy}. */
  public static Optional<String> proxyDevice(String json, String address) {
    for (JsonNode entry : array(json)) {
      if (text(entry, "dst").equals(address) && !text(entry, "dev").isEmpty()) {
        return Optional.of(text(entry, "dev"));
      }
    }
    return Optional.empty();
  }

  // ip -j route's field, and the word ip route takes it after; in ip route's own order.
  private static final String[][] ROUTE_FIELDS = {{"gateway", "via"}, {"dev", "dev"}, {"protocol", "proto"}, {"scope", "scope"},
      {"prefsrc", "src"}, {"metric", "metric"}};

  /**
   * The arguments of {@code ip route replace} that put back the first route {@code ip -j route show}
   * lists ({@code 10.87.100.10 dev veth0 scope link}); empty when it lists none.
   */
  public static Optional<List<String>> firstRouteArguments(String json) {
    for (JsonNode route : array(json)) {
      if (text(route, "dst").isEmpty()) {
        continue;
      }
      List<String> args = new ArrayList<>();
      if (!text(route, "type").isEmpty()) {
        args.add(text(route, "type"));
      }
      args.add(text(route, "dst"));
      for (String[] f : ROUTE_FIELDS) {
        if (!text(route, f[0]).isEmpty()) {
          args.add(f[1]);
          args.add(text(route, f[0]));
        }
      }
      for (JsonNode flag : route.path("flags")) {
        if (flag.asText().equals("onlink")) {
          args.add("onlink");
        }
      }
      return Optional.of(args);
    }
    return Optional.empty();
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.path(field).asText().strip() : "";
  }

  private static Optional<String> first(String json, String field) {
    for (JsonNode route : array(json)) {
      if (route.hasNonNull(field) && !route.path(field).asText().isBlank()) {
        return Optional.of(route.path(field).asText());
      }
    }
    return Optional.empty();
  }

  /** The array ip printed; empty when it printed nothing (no such route) or not JSON (an ip without -j). */
  private static JsonNode array(String json) {
    if (json == null || json.isBlank()) {
      return Json.MAPPER.createArrayNode();
    }
    try {
      JsonNode n = Json.MAPPER.readTree(json);
      return n != null && n.isArray() ? n : Json.MAPPER.createArrayNode();
    } catch (IOException e) {
      return Json.MAPPER.createArrayNode();
    }
  }
}
