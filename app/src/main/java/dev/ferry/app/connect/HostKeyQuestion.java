package dev.ferry.app.connect;

/**
 * What the unknown-host-key dialog shows, in plain strings: which host, at which endpoint, the key's
 * type and its SHA256 fingerprint (as {@code ssh-keygen -l} prints it), and how to check it on the host.
 */
public record HostKeyQuestion(String host, String endpoint, String keyType, String fingerprint, String checkCommand) {
  /** The person's answer. */
  public enum Answer { ACCEPT_AND_REMEMBER, ACCEPT_ONCE, CANCEL }
}
