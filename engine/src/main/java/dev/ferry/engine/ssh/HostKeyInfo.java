package dev.ferry.engine.ssh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A host key as the server presented it: for whom ({@code knownHostsName}, OpenSSH's
 * {@code [host]:port} form), its type, the key itself, and the SHA256 fingerprint that
 * {@code ssh-keygen -l} shows, which is what a person compares.
 */
public record HostKeyInfo(String knownHostsName, String type, byte[] key) {

  public static HostKeyInfo of(String knownHostsName, byte[] key) {
    return new HostKeyInfo(knownHostsName, typeOf(key), key.clone());
  }

  /** {@code SHA256:...}, unpadded base64, exactly as OpenSSH prints it. */
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(key);
  }

  /** The key type is the first string of the SSH wire-format blob. */
  static String typeOf(byte[] blob) {
    ByteBuffer b = ByteBuffer.wrap(blob);
    if (b.remaining() < 4) {
      throw new IllegalArgumentException("host key blob is too short");
    }
    int len = b.getInt();
    if (len <= 0 || len > b.remaining() || len > 64) {
      throw new IllegalArgumentException("host key blob has no valid type name");
    }
    byte[] name = new byte[len];
    b.get(name);
    return new String(name, StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return type + " key " + fingerprint() + " for " + knownHostsName;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostKeyInfo h && h.knownHostsName.equals(knownHostsName) && java.util.Arrays.equals(h.key, key);
  }

  @Override
  public int hashCode() {
    return knownHostsName.hashCode() * 31 + java.util.Arrays.hashCode(key);
  }
}
