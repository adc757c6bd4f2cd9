package dev.ferry.engine.ssh;

import java.util.List;

/** Strings that would run something, split, glob or turn into an option if a shell saw them raw. */
public final class HostileStrings {
  private HostileStrings() {}

  public static List<String> all(String marker) {
    return List.of(
        "$(touch " + marker + ")",
        "`touch " + marker + "`",
        "a; touch " + marker,
        "a && touch " + marker,
        "a | touch " + marker,
        "x'; touch " + marker + "; echo '",
        "x\"; touch " + marker + "; echo \"",
        "line1\ntouch " + marker,
        "with space",
        "*",
        "/etc/*",
        "--help",
        "-rf",
        "${IFS}touch${IFS}" + marker,
        "> " + marker,
        "ünïcødé-容器-🚢",
        "'",
        "\\",
        "");
  }
}
