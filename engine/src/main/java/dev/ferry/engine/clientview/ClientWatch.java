package dev.ferry.engine.clientview;

/**
 * Asked for with a migration: watch the container's service as a client would, from the host named
 * {@code fromHost}, inside the network namespace {@code netns} there when it is not empty (a path
 * for {@code nsenter --net}), connecting to {@code address}:{@code port}. For the lab: a lab host,
 * and the lab router's namespace (which each lab host sees at /var/lib/ferry-lab/NAME/router-netns)
 * to stand where a client on the LAN stands; this machine's own namespace does not reach the lab.
 */
public record ClientWatch(String fromHost, String netns, String address, int port) {
  public ClientWatch(String fromHost, String address, int port) {
    this(fromHost, "", address, port);
  }

  public ClientWatch {
    netns = netns == null ? "" : netns.strip();
    if (!netns.isEmpty() && !netns.matches("/[0-9A-Za-z._/\\-]+")) {
      throw new IllegalArgumentException("'" + netns + "' is not a network namespace path: use an absolute path such as /run/netns/NAME");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not a TCP port: use 1-65535");
    }
    if (address == null || !address.matches("[0-9A-Za-z.:\\-]+")) {
      throw new IllegalArgumentException("'" + address + "' is not an address: use an IP address or a host name");
    }
  }

  /** "10.87.100.10:7000", as the user types it, with the host to watch from. */
  public static ClientWatch parse(String addressAndPort, String fromHost) {
    return parse(addressAndPort, fromHost, "");
  }

  /** The same, run inside the network namespace {@code netns} on that host ("" for the host's own). */
  public static ClientWatch parse(String addressAndPort, String fromHost, String netns) {
    String s = addressAndPort == null ? "" : addressAndPort.strip();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("'" + s + "' is not ADDRESS:PORT, for example 10.87.100.10:7000");
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + s.substring(colon + 1) + "' is not a port number: use 1-65535");
    }
    return new ClientWatch(fromHost, netns, s.substring(0, colon), port);
  }
}
