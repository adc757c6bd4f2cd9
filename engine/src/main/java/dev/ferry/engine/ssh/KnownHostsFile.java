package dev.ferry.engine.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An OpenSSH known_hosts file: looks up what is remembered for a host (plain and hashed
 * {@code |1|salt|hash} entries, wildcard patterns, {@code @revoked} markers), and appends new
 * entries in the same format, so OpenSSH's own tools read what Ferry writes and vice versa.
 */
public final class KnownHostsFile {
  /**
   * What known_hosts says about one key for one host: remembered; another key of the same type
   * remembered (CHANGED); only keys of other types remembered (OTHER_TYPE: the host is known, but not
   * with this kind of key, which an attacker who lacks the real key would also present); marked
   * {@code @revoked}; or not known at all.
   */
  public enum Match { KNOWN, CHANGED, OTHER_TYPE, REVOKED, UNKNOWN }

  private record Entry(String hosts, String type, byte[] key, boolean revoked) {}

  private final Path path;

  public KnownHostsFile(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  public Match check(HostKeyInfo key) throws IOException {
    boolean sameTypeOtherKey = false;
    boolean otherType = false;
    boolean known = false;
    for (Entry e : entries()) {
      if (!hostMatches(e.hosts(), key.knownHostsName())) {
        continue;
      }
      boolean sameKey = Arrays.equals(e.key(), key.key());
      if (e.revoked() && sameKey) {
        return Match.REVOKED;
      }
      if (e.revoked()) {
        continue;
      }
      if (sameKey) {
        known = true;
      } else if (e.type().equals(key.type())) {
        sameTypeOtherKey = true;
      } else {
        otherType = true;
      }
    }
    if (known) {
      return Match.KNOWN;
    }
    if (sameTypeOtherKey) {
      return Match.CHANGED;
    }
    return otherType ? Match.OTHER_TYPE : Match.UNKNOWN;
  }

  /** The key types remembered for a host, so the client can ask the server for one it knows. */
  public List<String> knownTypes(String knownHostsName) throws IOException {
    List<String> types = new ArrayList<>();
    for (Entry e : entries()) {
      if (!e.revoked() && hostMatches(e.hosts(), knownHostsName) && !types.contains(e.type())) {
        types.add(e.type());
      }
    }
    return types;
  }

  /** Appends {@code host type base64} as a new line, creating the file (and its folder) if needed. */
  public void add(HostKeyInfo key) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    String prefix = "";
    if (Files.exists(path) && Files.size(path) > 0) {
      byte[] all = Files.readAllBytes(path);
      prefix = all[all.length - 1] == '\n' ? "" : "\n";
    }
    String line = prefix + key.knownHostsName() + " " + key.type() + " " + key.base64() + "\n";
    Files.writeString(path, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private List<Entry> entries() throws IOException {
    List<Entry> out = new ArrayList<>();
    if (!Files.isRegularFile(path)) {
      return out;
    }
    for (String raw : Files.readAllLines(path, StandardCharsets.UTF_8)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      boolean revoked = false;
      int i = 0;
      if (f[0].startsWith("@")) {
        if (f[0].equals("@revoked")) {
          revoked = true;
        } else {
          continue; // @cert-authority lines are for certificates, which Ferry does not use
        }
        i = 1;
      }
      if (f.length < i + 3) {
        continue;
      }
      try {
        out.add(new Entry(f[i], f[i + 1], Base64.getDecoder().decode(f[i + 2]), revoked));
      } catch (IllegalArgumentException badBase64) {
        // A damaged line is skipped, as OpenSSH does.
      }
    }
    return out;
  }

  private static boolean hostMatches(String hostsField, String name) {
    if (hostsField.startsWith("|1|")) {
      return hashedMatches(hostsField, name);
    }
    return HostPatterns.matches(List.of(hostsField), name);
  }

  // OpenSSH's HashKnownHosts format: |1|base64(salt)|base64(HMAC-SHA1(salt, host)).
  private static boolean hashedMatches(String field, String name) {
    String[] parts = field.split("\\|");
    if (parts.length != 4) {
      return false;
    }
    try {
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(salt, "HmacSHA1"));
      return Arrays.equals(mac.doFinal(name.getBytes(StandardCharsets.UTF_8)), expected);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
