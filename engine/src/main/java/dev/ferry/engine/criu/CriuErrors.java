package dev.ferry.engine.criu;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the output of a failed checkpoint or restore into a {@link CriuFailure} a person without
 * scripting skills can act on. It reads the runtime's error output (runc or Podman) and, when the
 * runtime names one, CRIU's own log, and looks for the first line that proves a known failure.
 * Lines that appear in healthy runs, such as this sandbox's {@code rlimit: Can't setup
 * RLIMIT_NOFILE}, are never taken for the cause. Anything unrecognised is reported by its first
 * real error line, with the surrounding log attached.
 */
public final class CriuErrors {
  private static final Logger LOG = LoggerFactory.getLogger(CriuErrors.class);

  // About twenty lines: enough to see what CRIU was doing before the error and the echo after it.
  static final int EXCERPT_LINES_BEFORE = 15;
  static final int EXCERPT_LINES_AFTER = 4;
  // Some verbose CRIU lines (smaps entries, mount options) run to hundreds of characters.
  static final int EXCERPT_LINE_MAX_CHARS = 400;

  private static final Pattern RUNC_LOG_FILE = Pattern.compile("log file: ([^\\s\"\\\\]+)");
  private static final Pattern CRIU_TIMESTAMP = Pattern.compile("^\\(\\s*\\d+\\.\\d+\\)\\s*");
  private static final Pattern SEVERE = Pattern.compile("\\b(?:Error|Warn|BUG)\\b|level=(?:error|fatal|warning)");
  private static final Pattern ERROR = Pattern.compile("\\bError\\b|\\bBUG at\\b|level=(?:error|fatal)");
  private static final Pattern CRIU_PREFIX = Pattern.compile("^(?:\\d+:\\s*)?(?:Error|Warn)\\s*\\([^)]*\\):\\s*");
  private static final Pattern RUNC_MESSAGE = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private CriuErrors() {}

  /** Explains a failure from whatever output is at hand (runtime stderr, a CRIU log, or both joined). */
  public static CriuFailure explain(String output) {
    return explain(output, "");
  }

  /**
   * Explains a failure from the runtime's error output and CRIU's log (either may be empty). CRIU's
   * log is searched first: the runtime usually only says that CRIU failed.
   */
  public static CriuFailure explain(String runtimeOutput, String criuLog) {
    List<List<String>> sources = List.of(lines(criuLog), lines(runtimeOutput));
    for (List<String> lines : sources) {
      for (int i = 0; i < lines.size(); i++) {
        if (!isEvidence(lines.get(i))) {
          continue;
        }
        for (FailureRule rule : FailureRules.ALL) {
          Matcher m = rule.evidence().matcher(lines.get(i));
          if (m.find()) {
            LOG.debug("CRIU failure recognised as {} from: {}", rule.kind(), lines.get(i));
            return new CriuFailure(rule.summaryFor(m), rule.advice(), excerpt(lines, i), rule.kind());
          }
        }
      }
    }
    return unrecognised(sources);
  }

  /** The CRIU log file runc names in its error ("log file: /work/dump.log"), if any. */
  public static Optional<String> logFileNamedIn(String runtimeOutput) {
    Matcher m = RUNC_LOG_FILE.matcher(runtimeOutput == null ? "" : runtimeOutput);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static CriuFailure unrecognised(List<List<String>> sources) {
    for (boolean acceptWrapUp : new boolean[] {false, true}) {
      for (List<String> lines : sources) {
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          if (isEvidence(line) && ERROR.matcher(line).find()
              && (acceptWrapUp || !FailureRules.WRAP_UP.matcher(line).find())) {
            return new CriuFailure("CRIU stopped with an error Ferry does not recognise: " + message(line),
                "The lines below surround CRIU's first error; they usually name the process, file or"
                    + " connection it could not handle. Include them when asking for help.",
                excerpt(lines, i), CriuFailure.Kind.UNKNOWN);
          }
        }
      }
    }
    List<String> lines = sources.get(0).isEmpty() ? sources.get(1) : sources.get(0);
    return new CriuFailure("CRIU failed without saying why.",
        "Run the migration again with CRIU's verbose log kept, and include its last lines when asking"
            + " for help.",
        excerpt(lines, lines.size() - 1), CriuFailure.Kind.UNKNOWN);
  }

  /** A line that may prove a failure: not CRIU's routine chatter, and not known noise. */
  private static boolean isEvidence(String line) {
    Matcher stamp = CRIU_TIMESTAMP.matcher(line);
    if (stamp.find() && !SEVERE.matcher(line).find()) {
      return false;
    }
    return !FailureRules.NOISE.matcher(line).find();
  }

  /** The words of an error line without CRIU's timestamp, pid and source position, or runc's framing. */
  static String message(String line) {
    Matcher runc = RUNC_MESSAGE.matcher(line);
    if (runc.find()) {
      String text = runc.group(1).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
      return text.lines().findFirst().orElse(text).strip();
    }
    String rest = CRIU_TIMESTAMP.matcher(line).replaceFirst("");
    return CRIU_PREFIX.matcher(rest.strip()).replaceFirst("").strip();
  }

  static String excerpt(List<String> lines, int at) {
    if (lines.isEmpty()) {
      return "";
    }
    int from = Math.max(0, at - EXCERPT_LINES_BEFORE);
    int to = Math.min(lines.size(), at + EXCERPT_LINES_AFTER + 1);
    StringBuilder out = new StringBuilder();
    for (String line : lines.subList(from, to)) {
      out.append(line.length() > EXCERPT_LINE_MAX_CHARS ? line.substring(0, EXCERPT_LINE_MAX_CHARS) + "..." : line)
          .append('\n');
    }
    return out.toString();
  }

  private static List<String> lines(String text) {
    return text == null || text.isBlank() ? List.of() : text.lines().toList();
  }
}
