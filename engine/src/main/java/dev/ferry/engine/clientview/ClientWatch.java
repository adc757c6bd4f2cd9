package dev.ferry.engine.clientview;

/**
 * Asked for with a migration: watch the container's service as a client would, from the host named
 * {@code fromHost} (a host outside the container, for the lab a lab host: this machine's own
 * namespace does not reach the lab's addresses), connecting to {@code address}:{@code port}.
 */
public record ClientWatch(String fromHost, String address, int port) {
  public ClientWatch {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not a TCP port: use 1-65535");
    }
    if (address == null || !address.matches("[0-9A-Za-z.:\\-]+")) {
      throw new IllegalArgumentException("'" + address + "' is not an address: use an IP address or a host name");
    }
  }

  /** "10.87.100.10:7000", as the user types it, with the host to watch from. */
  public static ClientWatch parse(String addressAndPort, String fromHost) {
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
    return new ClientWatch(fromHost, s.substring(0, colon), port);
  }
}
