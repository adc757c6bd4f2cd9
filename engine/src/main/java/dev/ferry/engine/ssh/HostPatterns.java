package dev.ferry.engine.ssh;

import java.util.List;

/**
 * OpenSSH host patterns, shared by ssh_config Host lines and known_hosts entries: comma-separated
 * globs with {@code *} and {@code ?}, case-insensitive, where a matching {@code !pattern} vetoes.
 */
final class HostPatterns {
  private HostPatterns() {}

  static boolean matches(List<String> patterns, String host) {
    boolean matched = false;
    for (String p : patterns) {
      for (String single : p.split(",")) {
        boolean negated = single.startsWith("!");
        String glob = negated ? single.substring(1) : single;
        if (glob(glob, 0, host, 0)) {
          if (negated) {
            return false;
          }
          matched = true;
        }
      }
    }
    return matched;
  }

  private static boolean glob(String p, int pi, String t, int ti) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        for (int k = ti; k <= t.length(); k++) {
          if (glob(p, pi + 1, t, k)) {
            return true;
          }
        }
        return false;
      }
      if (ti >= t.length() || (c != '?' && Character.toLowerCase(c) != Character.toLowerCase(t.charAt(ti)))) {
        return false;
      }
      pi++;
      ti++;
    }
    return ti == t.length();
  }
}
