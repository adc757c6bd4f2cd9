package dev.ferry.app.connect;

import java.util.Objects;

/**
 * A host the user asked for: either a name from ~/.ssh/config or the lab ({@code fromConfig}), whose
 * settings come from there, or an address with user, port and optional key file typed in the connect
 * dialog. Holds no secret; this is what the remembered-hosts file stores.
 *
 * @param keyFile path of the private key to offer, empty for the agent and the default keys
 */
public record HostSpec(String name, boolean fromConfig, String address, String user, int port, String keyFile) {
  public HostSpec {
    Objects.requireNonNull(name);
    address = address == null ? "" : address;
    user = user == null ? "" : user;
    keyFile = keyFile == null ? "" : keyFile;
  }

  public static HostSpec configured(String name) {
    return new HostSpec(name, true, "", "", 0, "");
  }

  public static HostSpec typed(String address, String user, int port, String keyFile) {
    return new HostSpec(port == 22 ? address : address + ":" + port, false, address, user, port, keyFile);
  }
}
