package dev.ferry.engine.ssh;

/**
 * A destination as ssh takes it on its command line and in ProxyJump: {@code [user@]host[:port]}.
 * The user is null and the port -1 where the text gives none; an IPv6 address (two colons or more)
 * keeps its colons.
 */
record Destination(String user, String host, int port) {
  static Destination parse(String text) {
    String host = text;
    String user = null;
    int port = -1;
    int at = host.lastIndexOf('@');
    if (at > 0) {
      user = host.substring(0, at);
      host = host.substring(at + 1);
    }
    int colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(':') == colon) {
      String p = host.substring(colon + 1);
      try {
        port = Integer.parseInt(p.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("port '" + p + "' in " + text + " is not a number", e);
      }
      host = host.substring(0, colon);
    }
    return new Destination(user, host, port);
  }
}
