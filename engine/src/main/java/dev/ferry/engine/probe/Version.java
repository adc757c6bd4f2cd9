package dev.ferry.engine.probe;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dotted release number (major.minor.patch) as tools print it, for comparing against the
 * minimums Ferry knows about. Only the leading numbers count: "1.1.5+ds1" is 1.1.5 and
 * "6.18.44-fc-v769" is 6.18.44, because distribution suffixes say nothing about features.
 */
public record Version(int major, int minor, int patch) implements Comparable<Version> {
  private static final Pattern DOTTED = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  public static Version of(int major, int minor) {
    return new Version(major, minor, 0);
  }

  /** The first major.minor[.patch] found in {@code text}, if any. */
  public static Optional<Version> find(String text) {
    Matcher m = DOTTED.matcher(text == null ? "" : text);
    if (!m.find()) {
      return Optional.empty();
    }
    int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    return Optional.of(new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch));
  }

  public boolean isAtLeast(Version other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(Version o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
