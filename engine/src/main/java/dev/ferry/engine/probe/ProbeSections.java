package dev.ferry.engine.probe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The probe script's output split into its sections (see host-probe.sh for the format). A section
 * whose end line never came was cut short and reports exit status {@link #UNFINISHED}; a section
 * that is missing altogether means the script skipped it because the tool is absent.
 */
final class ProbeSections {
  static final String MARKER = "@@ferry-probe ";
  static final int UNFINISHED = -1;
  /** The exit status of coreutils' timeout when it had to stop the command. */
  static final int TIMED_OUT = 124;

  record Section(String name, String body, int exitStatus) {
    boolean ok() {
      return exitStatus == 0;
    }
  }

  private final Map<String, Section> sections;

  private ProbeSections(Map<String, Section> sections) {
    this.sections = sections;
  }

  static ProbeSections split(String output) {
    Map<String, Section> found = new LinkedHashMap<>();
    String name = null;
    StringBuilder body = new StringBuilder();
    for (String line : output.split("\r?\n")) {
      if (line.startsWith(MARKER + "begin ")) {
        if (name != null) {
          found.put(name, new Section(name, body.toString(), UNFINISHED));
        }
        name = line.substring((MARKER + "begin ").length()).strip();
        body.setLength(0);
      } else if (name != null && line.startsWith(MARKER + "end " + name + " ")) {
        String status = line.substring((MARKER + "end " + name + " ").length()).strip();
        found.put(name, new Section(name, body.toString(), parseStatus(status)));
        name = null;
      } else if (name != null) {
        body.append(line).append('\n');
      }
    }
    if (name != null) {
      found.put(name, new Section(name, body.toString(), UNFINISHED));
    }
    return new ProbeSections(found);
  }

  private static int parseStatus(String status) {
    try {
      return Integer.parseInt(status);
    } catch (NumberFormatException e) {
      return UNFINISHED;
    }
  }

  boolean isEmpty() {
    return sections.isEmpty();
  }

  Optional<Section> get(String name) {
    return Optional.ofNullable(sections.get(name));
  }

  /** The section's text, or "" when it is missing. */
  String body(String name) {
    return get(name).map(Section::body).orElse("");
  }

  /** A section of {@code key=value} lines (and /etc/os-release's quoted values) as a map. */
  Map<String, String> keyValues(String name) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : body(name).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
      }
    }
    return values;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'")) && value.endsWith(value.substring(0, 1))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
