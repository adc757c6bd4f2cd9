package dev.ferry.engine.container;

import java.util.regex.Pattern;

/**
 * A validated container name. runc accepts only letters, digits and {@code _ + - .}, so anything
 * else is refused here, before it gets near a host, with a message that says what is allowed.
 * (Every remote argument is quoted anyway; this is the second line of defence and a clearer error.)
 */
public record ContainerName(String value) {
  // runc's own rule (libcontainer validateID), plus a length bound so paths stay sane.
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_+.-]{1,128}");

  public ContainerName {
    requireValid(value, "container name");
  }

  /**
   * Checks a name against runc's rule for container IDs, which Ferry also uses for names that become
   * folder names next to containers (checkpoint names). {@code what} names the kind in the message.
   */
  public static String requireValid(String value, String what) {
    if (value == null || !VALID.matcher(value).matches() || value.equals(".") || value.equals("..") || value.startsWith("-")) {
      throw new IllegalArgumentException("'" + printable(value) + "' is not a valid " + what + ": use 1-128 letters,"
          + " digits and _ + - . (not starting with -), for example web-1.");
    }
    return value;
  }

  public static ContainerName of(String value) {
    return new ContainerName(value);
  }

  private static String printable(String s) {
    if (s == null) {
      return "null";
    }
    String shown = s.replaceAll("\\p{Cntrl}", "?");
    return shown.length() > 60 ? shown.substring(0, 60) + "..." : shown;
  }

  @Override
  public String toString() {
    return value;
  }
}
