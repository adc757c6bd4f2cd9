package dev.ferry.app.connect;

import java.util.regex.Pattern;

/**
 * The connect dialog's rules for what a person types, each answering with the reason shown under the
 * field, or an empty string when the value is fine. Pure functions, so every rule is tested alone.
 */
public final class ConnectValidation {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern LABEL_CHARS = Pattern.compile("[A-Za-z0-9-]+");
  private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*\\$?");
  /** RFC 1035: a label is at most 63 octets, a whole name at most 253 characters. */
  private static final int MAX_LABEL = 63;
  private static final int MAX_NAME = 253;
  /** Linux's useradd limit. */
  private static final int MAX_USER = 32;

  private ConnectValidation() {}

  public static String address(String raw) {
    String a = raw == null ? "" : raw.strip();
    if (a.isEmpty()) {
      return "Enter a host name or an IP address.";
    }
    if (a.chars().anyMatch(Character::isWhitespace)) {
      return "A host name has no spaces.";
    }
    if (a.contains(":")) {
      String v6 = a.startsWith("[") && a.endsWith("]") ? a.substring(1, a.length() - 1) : a;
      return IPV6.matcher(v6).matches() && v6.contains("::") || v6.split(":", -1).length == 8 && IPV6.matcher(v6).matches()
          ? "" : "'" + a + "' is not an IPv6 address; put the port in the Port field, not after a colon.";
    }
    if (IPV4.matcher(a).matches()) {
      for (String part : a.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return "'" + a + "' is not an IPv4 address: each of its four numbers is 0 to 255.";
        }
      }
      return "";
    }
    if (a.length() > MAX_NAME) {
      return "A host name is at most " + MAX_NAME + " characters.";
    }
    if (a.startsWith(".") || a.endsWith(".") && a.length() == 1 || a.contains("..")) {
      return "A host name has no empty part between dots.";
    }
    for (String label : a.split("\\.")) {
      if (!LABEL_CHARS.matcher(label).matches()) {
        String bad = label.chars().filter(c -> !Character.isLetterOrDigit(c) && c != '-').limit(1)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return "A host name has only letters, digits, '-' and '.' (not '" + bad + "').";
      }
      if (label.startsWith("-") || label.endsWith("-")) {
        return "A part of a host name cannot start or end with '-'.";
      }
      if (label.length() > MAX_LABEL) {
        return "Each part of a host name between dots is at most " + MAX_LABEL + " characters.";
      }
    }
    return "";
  }

  public static String user(String raw) {
    String u = raw == null ? "" : raw.strip();
    if (u.isEmpty()) {
      return "Enter the user to log in as.";
    }
    if (u.length() > MAX_USER) {
      return "A user name is at most " + MAX_USER + " characters.";
    }
    return USER.matcher(u).matches() ? ""
        : "A user name starts with a letter or '_' and has only letters, digits, '_', '.' and '-'.";
  }

  public static String port(String raw) {
    String p = raw == null ? "" : raw.strip();
    if (p.isEmpty()) {
      return "Enter a port (SSH's usual one is 22).";
    }
    if (!p.chars().allMatch(Character::isDigit)) {
      return "The port is a number, 1 to 65535.";
    }
    if (p.length() > 5 || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
      return "The port must be between 1 and 65535.";
    }
    return "";
  }

  /** What is wrong with the key file, from what {@link KeyFileCheck} found; empty for fine or none given. */
  public static String keyFile(String path, KeyFileCheck.Status status) {
    if (path == null || path.isBlank()) {
      return "";
    }
    if (path.strip().endsWith(".pub")) {
      return "That is the public key; choose the private key (the same name without .pub).";
    }
    return switch (status) {
      case OK -> "";
      case MISSING -> "There is no file at " + path.strip() + ".";
      case FOLDER -> path.strip() + " is a folder, not a key file.";
      case UNREADABLE -> path.strip() + " cannot be read by this user; check its permissions.";
    };
  }
}
