package dev.ferry.engine.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What iproute2 prints with {@code -j} (JSON, iproute2 4.14 and later), read with the engine's mapper:
 * the one place the engine reads {@code ip} output. Text output is never scraped.
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
